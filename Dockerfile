# promptlint's GitHub Action image: a static binary on an empty base.
# Build stage: a pinned Go toolchain (keep in step with go.mod).
FROM golang:1.26.8-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
# Copy only the sources, so test data and local build outputs never reach
# the image or invalidate its build cache.
COPY main.go ./
COPY lint ./lint
COPY checks ./checks
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /promptlint .

# Final stage: only the binary and CA certificates (for the GitHub API).
# No USER line: GitHub runs Docker actions as root and mounts the workspace.
FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /promptlint /promptlint
# Exec form, never a shell: /bin/sh (dash) drops environment names with a
# hyphen, such as INPUT_GITHUB-TOKEN.
ENTRYPOINT ["/promptlint", "action"]
