package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxAttempts bounds the requests sent for one call, whatever the wait
// budget says (a server answering "Retry-After: 0" forever).
const maxAttempts = 8

// peekLimit is how much of a 403 body the transport reads to tell a
// secondary rate limit from a permission error.
const peekLimit = 64 << 10

// transport is an http.RoundTripper that retries what GitHub says is
// transient: 5xx, 429, and the 403s of the primary and secondary rate
// limits. It waits as the response says (Retry-After in seconds or as an
// HTTP date, or until x-ratelimit-reset) or backs off exponentially from
// one second, and never waits more than maxWait in total for one request:
// when the next wait would pass that, it hands the last response up, and
// go-github turns it into an error. It sits below go-github, so go-github
// only sees the final answer.
type transport struct {
	base    http.RoundTripper
	sleep   func(context.Context, time.Duration) error
	logf    func(format string, args ...any)
	now     func() time.Time
	maxWait time.Duration

	mu  sync.Mutex
	log []string
}

// RoundTrip sends req, retrying as described on transport.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	getBody, err := replayable(req)
	if err != nil {
		return nil, err
	}
	ctx := req.Context()
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		r := req.Clone(ctx)
		if getBody != nil {
			if r.Body, err = getBody(); err != nil {
				return nil, fmt.Errorf("replaying the body of %s %s: %w", req.Method, req.URL.Path, err)
			}
		}
		t.record(r)
		resp, err := t.base.RoundTrip(r)
		if err != nil && ctx.Err() != nil {
			return nil, err
		}
		wait, why, retry := t.decide(req.Method, resp, err, attempt)
		if !retry {
			return resp, err
		}
		if attempt >= maxAttempts || waited+wait > t.maxWait {
			t.logf("github: %s %s: %s; giving up after %d attempts and %s of waiting", req.Method, req.URL.Path, why, attempt, waited)
			return resp, err
		}
		if resp != nil {
			// Drain a little so the connection can be reused.
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, peekLimit))
			resp.Body.Close()
		}
		t.logf("github: %s %s: %s; retrying in %s", req.Method, req.URL.Path, why, wait)
		if err := t.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("waiting to retry %s %s: %w", req.Method, req.URL.Path, err)
		}
		waited += wait
	}
}

// replayable returns a function giving a fresh copy of req's body for each
// attempt, or nil when req has no body. It takes ownership of req.Body, as
// RoundTrip must close it.
func replayable(req *http.Request) (func() (io.ReadCloser, error), error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	if req.GetBody != nil {
		req.Body.Close()
		return req.GetBody, nil
	}
	data, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("reading the body of %s %s: %w", req.Method, req.URL.Path, err)
	}
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }, nil
}

func (t *transport) record(r *http.Request) {
	line := r.Method + " " + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		line += "?" + r.URL.RawQuery
	}
	t.mu.Lock()
	t.log = append(t.log, line)
	t.mu.Unlock()
}

// requests returns a copy of the request log.
func (t *transport) requests() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.log...)
}

// decide says whether the outcome of attempt is worth another try, how long
// to wait first, and why, for the log.
func (t *transport) decide(method string, resp *http.Response, err error, attempt int) (time.Duration, string, bool) {
	backoff := time.Second << (attempt - 1)
	if err != nil {
		// The request may have reached GitHub: only repeat what is safe
		// to repeat. A POST that failed in flight might have created a
		// comment.
		if method == http.MethodPost {
			return 0, "", false
		}
		return backoff, err.Error(), true
	}
	code := resp.StatusCode
	switch {
	case code == http.StatusTooManyRequests:
		if d, ok := t.headerWait(resp); ok {
			return d, "429 rate limited", true
		}
		return backoff, "429 rate limited", true
	case code == http.StatusForbidden:
		if d, ok := t.headerWait(resp); ok {
			return d, "403 rate limited", true
		}
		if secondaryLimit(resp) {
			// GitHub's advice when a secondary limit gives no header:
			// wait at least a minute.
			return max(time.Minute, backoff), "403 secondary rate limit", true
		}
		return 0, "", false
	case code >= 500 && method == http.MethodPost:
		// GitHub may have created the comment before failing; the caller
		// (PutComment) looks before it posts again.
		return 0, "", false
	case code >= 500:
		if d, ok := retryAfter(resp, t.now()); ok {
			return d, resp.Status, true
		}
		return backoff, resp.Status, true
	}
	return 0, "", false
}

// headerWait is the wait that a rate-limited response asks for:
// Retry-After if present, else until x-ratelimit-reset (plus a second for
// clock skew) when x-ratelimit-remaining is 0.
func (t *transport) headerWait(resp *http.Response) (time.Duration, bool) {
	now := t.now()
	if d, ok := retryAfter(resp, now); ok {
		return d, true
	}
	if resp.Header.Get("X-Ratelimit-Remaining") != "0" {
		return 0, false
	}
	reset, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get("X-Ratelimit-Reset")), 10, 64)
	if err != nil {
		return 0, false
	}
	return max(time.Unix(reset, 0).Sub(now), 0) + time.Second, true
}

// retryAfter parses the Retry-After header, either delay-seconds or an
// HTTP date.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// secondaryLimit reports whether a 403 without rate-limit headers is a
// secondary rate limit, by its message. It leaves resp.Body readable.
func secondaryLimit(resp *http.Response) bool {
	if resp.Body == nil {
		return false
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, peekLimit))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	if err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	return bytes.Contains(bytes.ToLower(head), []byte("secondary rate limit"))
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
