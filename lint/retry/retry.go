// Package retry is the http.RoundTripper below promptlint's REST clients
// (GitHub, GitLab): it retries what a host says is transient (5xx, 429,
// rate-limit 403s, a connection that failed) within a bounded wait, so
// one slow minute of an API does not fail a check, and it logs every
// request it sends.
package retry

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxAttempts bounds the requests sent for one call, whatever the wait
// budget says (a server answering "Retry-After: 0" forever).
const MaxAttempts = 8

// PeekLimit is how much of a response body the transport reads, at most,
// to look into a 403 or to drain a response it retries.
const PeekLimit = 64 << 10

// Transport retries a request while the answer is transient: 5xx, 429,
// and the 403s of a rate limit. It waits as the response says
// (Retry-After in seconds or as an HTTP date, or until the rate limit's
// reset) or backs off exponentially from one second, and never waits more
// than MaxWait in total for one request: when the next wait would pass
// that, it hands the last response up as it is. A POST is repeated only
// after a 429 or a rate-limit 403, which say the host did not act on it:
// after a 5xx or a broken connection it may have (created a comment), and
// the caller decides.
type Transport struct {
	Base    http.RoundTripper
	Sleep   func(context.Context, time.Duration) error // nil: a real wait that ends with the context
	Logf    func(format string, args ...any)           // each retry and giving up; nil: none
	Now     func() time.Time                           // nil: time.Now
	MaxWait time.Duration
	// Name starts each log line: "github", "gitlab".
	Name string
	// RateLimitPrefix names the host's rate-limit headers: with
	// "X-RateLimit-" (GitHub) a response whose X-RateLimit-Remaining is 0
	// asks to wait until X-RateLimit-Reset (Unix seconds); GitLab says
	// "RateLimit-".
	RateLimitPrefix string
	// SecondaryLimit reports whether a 403 without a wait in its headers
	// is nonetheless a rate limit (GitHub's secondary limits say so only
	// in the body, which PeekBody reads); it is then retried after at
	// least a minute. nil: such a 403 is final.
	SecondaryLimit func(*http.Response) bool

	mu  sync.Mutex
	log []string
}

// RoundTrip sends req, retrying as described on Transport.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
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
		resp, err := t.Base.RoundTrip(r)
		if err != nil && ctx.Err() != nil {
			return nil, err
		}
		wait, why, retry := t.decide(req.Method, resp, err, attempt)
		if !retry {
			return resp, err
		}
		if attempt >= MaxAttempts || waited+wait > t.MaxWait {
			t.logf("%s: %s %s: %s; giving up after %d attempts and %s of waiting", t.Name, req.Method, req.URL.Path, why, attempt, waited)
			return resp, err
		}
		if resp != nil {
			// Drain a little so the connection can be reused.
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, PeekLimit))
			resp.Body.Close()
		}
		t.logf("%s: %s %s: %s; retrying in %s", t.Name, req.Method, req.URL.Path, why, wait)
		if err := t.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("waiting to retry %s %s: %w", req.Method, req.URL.Path, err)
		}
		waited += wait
	}
}

func (t *Transport) logf(format string, args ...any) {
	if t.Logf != nil {
		t.Logf(format, args...)
	}
}

func (t *Transport) sleep(ctx context.Context, d time.Duration) error {
	if t.Sleep != nil {
		return t.Sleep(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func (t *Transport) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
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

func (t *Transport) record(r *http.Request) {
	line := r.Method + " " + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		line += "?" + r.URL.RawQuery
	}
	t.mu.Lock()
	t.log = append(t.log, line)
	t.mu.Unlock()
}

// Requests returns "METHOD /path?query" for every request sent, in order,
// retries included.
func (t *Transport) Requests() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.log...)
}

// decide says whether the outcome of attempt is worth another try, how long
// to wait first, and why, for the log.
func (t *Transport) decide(method string, resp *http.Response, err error, attempt int) (time.Duration, string, bool) {
	backoff := time.Second << (attempt - 1)
	var cve *tls.CertificateVerificationError
	if errors.As(err, &cve) {
		// An untrusted certificate stays untrusted.
		return 0, "", false
	}
	if err != nil {
		// The request may have reached the host: only repeat what is
		// safe to repeat. A POST that failed in flight might have
		// created a comment.
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
		if t.SecondaryLimit != nil && t.SecondaryLimit(resp) {
			// GitHub's advice when a secondary limit gives no header:
			// wait at least a minute.
			return max(time.Minute, backoff), "403 secondary rate limit", true
		}
		return 0, "", false
	case code >= 500 && method == http.MethodPost:
		// The host may have created the comment before failing; the
		// caller looks before it posts again.
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
// Retry-After if present, else until the reset (plus a second for clock
// skew) when the remaining count is 0.
func (t *Transport) headerWait(resp *http.Response) (time.Duration, bool) {
	now := t.now()
	if d, ok := retryAfter(resp, now); ok {
		return d, true
	}
	if t.RateLimitPrefix == "" || resp.Header.Get(t.RateLimitPrefix+"Remaining") != "0" {
		return 0, false
	}
	reset, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get(t.RateLimitPrefix+"Reset")), 10, 64)
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

// PeekBody returns up to PeekLimit bytes of resp's body and leaves the
// body readable from its start.
func PeekBody(resp *http.Response) []byte {
	if resp.Body == nil {
		return nil
	}
	head, _ := io.ReadAll(io.LimitReader(resp.Body, PeekLimit))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	return head
}

// DefaultMaxWait is how long, in total, a client waits between retries of
// one request unless WithMaxWait says otherwise.
const DefaultMaxWait = 60 * time.Second

// Options configure an API client built on a Transport.
type Options struct {
	HTTPClient *http.Client // its transport, timeout, jar and redirect policy; nil: a default
	Sleep      func(context.Context, time.Duration) error
	Logf       func(format string, args ...any)
	Now        func() time.Time
	MaxWait    time.Duration
}

// Option sets one of the Options.
type Option func(*Options)

// WithHTTPClient makes the client send its requests through hc's
// transport (and use its timeout, jar and redirect policy).
func WithHTTPClient(hc *http.Client) Option {
	return func(o *Options) { o.HTTPClient = hc }
}

// WithSleep replaces the wait between retries; tests pass a function that
// records the duration and returns at once.
func WithSleep(sleep func(context.Context, time.Duration) error) Option {
	return func(o *Options) { o.Sleep = sleep }
}

// WithLogf receives warnings: each retry, and giving up.
func WithLogf(logf func(format string, args ...any)) Option {
	return func(o *Options) { o.Logf = logf }
}

// WithMaxWait bounds the total wait between retries of one request. A
// response asking for a longer wait is returned as it is instead.
func WithMaxWait(d time.Duration) Option {
	return func(o *Options) { o.MaxWait = d }
}

// WithClock replaces the clock used to turn a rate limit's reset and a
// Retry-After date into a wait.
func WithClock(now func() time.Time) Option {
	return func(o *Options) { o.Now = now }
}

// NewClient returns an http.Client whose transport is t, configured by
// opts: t keeps its Name, RateLimitPrefix and SecondaryLimit, and sends
// through the transport of opts' HTTPClient, else through a clone of
// http.DefaultTransport that waits at most a minute for a response's
// headers.
func NewClient(t *Transport, opts ...Option) *http.Client {
	o := Options{MaxWait: DefaultMaxWait}
	for _, opt := range opts {
		opt(&o)
	}
	var hc http.Client
	if o.HTTPClient != nil {
		hc = *o.HTTPClient
	}
	t.Base = hc.Transport
	if t.Base == nil {
		dt := http.DefaultTransport.(*http.Transport).Clone()
		dt.ResponseHeaderTimeout = time.Minute
		t.Base = dt
	}
	t.Sleep, t.Logf, t.Now, t.MaxWait = o.Sleep, o.Logf, o.Now, o.MaxWait
	hc.Transport = t
	return &hc
}
