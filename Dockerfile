# syntax=docker/dockerfile:1
# promptlint's GitHub Action image: a static binary on an empty base.
# The release workflow builds it for linux/amd64 and linux/arm64 and pushes
# it to ghcr.io/promptlint/promptlint; action.yml on main builds it from
# source (image: Dockerfile).
#
# Build stage: a pinned Go toolchain (keep in step with go.mod), run on the
# build machine's platform and cross-compiling for the target, so a
# multi-arch build needs no emulation.
FROM --platform=$BUILDPLATFORM golang:1.26.8-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
# Copy only the sources, so test data and local build outputs never reach
# the image or invalidate its build cache.
COPY main.go ./
COPY lint ./lint
COPY checks ./checks
# VERSION is the release tag; empty for a build from source ("dev").
ARG VERSION=
ARG TARGETOS
ARG TARGETARCH
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /promptlint .

# Final stage: only the binary and CA certificates (for the GitHub API).
# No USER line: GitHub runs Docker actions as root and mounts the workspace.
FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /promptlint /promptlint
# Exec form, never a shell: /bin/sh (dash) drops environment names with a
# hyphen, such as INPUT_GITHUB-TOKEN.
ENTRYPOINT ["/promptlint", "action"]
