package retry_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/promptlint/promptlint/lint/retry"
)

var fixedNow = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// script answers each request with the next status and headers, then 200.
type script struct {
	steps []step
	n     atomic.Int32
	posts []string
}

type step struct {
	status  int
	headers map[string]string
	body    string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(s.n.Add(1)) - 1
	if r.Method == http.MethodPost {
		b, _ := io.ReadAll(r.Body)
		s.posts = append(s.posts, string(b))
	}
	if i >= len(s.steps) {
		w.Write([]byte(`{"ok":true}`))
		return
	}
	st := s.steps[i]
	for k, v := range st.headers {
		w.Header().Set(k, v)
	}
	w.WriteHeader(st.status)
	w.Write([]byte(st.body))
}

type sleeper struct{ waits []time.Duration }

func (s *sleeper) sleep(_ context.Context, d time.Duration) error {
	s.waits = append(s.waits, d)
	return nil
}

func newTransport(sl *sleeper, prefix string) *retry.Transport {
	return &retry.Transport{Base: http.DefaultTransport, Sleep: sl.sleep, Now: func() time.Time { return fixedNow },
		MaxWait: time.Minute, Name: "host", RateLimitPrefix: prefix}
}

func TestRetryWaits(t *testing.T) {
	reset := fmt.Sprint(fixedNow.Add(5 * time.Second).Unix())
	for _, tc := range []struct {
		name      string
		method    string
		prefix    string
		steps     []step
		wantWaits []time.Duration
		wantCode  int
	}{
		{name: "500 then success", steps: []step{{status: 500}}, wantWaits: []time.Duration{time.Second}, wantCode: 200},
		{name: "backoff doubles", steps: []step{{status: 502}, {status: 503}, {status: 504}}, wantWaits: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, wantCode: 200},
		{name: "503 Retry-After", steps: []step{{status: 503, headers: map[string]string{"Retry-After": "7"}}}, wantWaits: []time.Duration{7 * time.Second}, wantCode: 200},
		{name: "429 HTTP date", steps: []step{{status: 429, headers: map[string]string{"Retry-After": fixedNow.Add(9 * time.Second).Format(http.TimeFormat)}}}, wantWaits: []time.Duration{9 * time.Second}, wantCode: 200},
		{name: "GitLab 429 until RateLimit-Reset", prefix: "RateLimit-", steps: []step{{status: 429, headers: map[string]string{"RateLimit-Remaining": "0", "RateLimit-Reset": reset}}}, wantWaits: []time.Duration{6 * time.Second}, wantCode: 200},
		{name: "GitHub headers mean nothing to a GitLab transport", prefix: "RateLimit-", steps: []step{{status: 403, headers: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}}}, wantCode: 403},
		{name: "a plain 403 is final", steps: []step{{status: 403, body: "secondary rate limit"}}, wantCode: 403},
		{name: "404 is final", steps: []step{{status: 404}}, wantCode: 404},
		{name: "POST 5xx is not repeated", method: "POST", steps: []step{{status: 500}}, wantCode: 500},
		{name: "POST 429 is repeated", method: "POST", steps: []step{{status: 429, headers: map[string]string{"Retry-After": "1"}}}, wantWaits: []time.Duration{time.Second}, wantCode: 200},
		{name: "budget spent", steps: []step{{status: 429, headers: map[string]string{"Retry-After": "61"}}}, wantCode: 429},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &script{steps: tc.steps}
			srv := httptest.NewServer(sc)
			defer srv.Close()
			sl := &sleeper{}
			tr := newTransport(sl, tc.prefix)
			method := tc.method
			if method == "" {
				method = "GET"
			}
			req, _ := http.NewRequest(method, srv.URL+"/x?y=1", strings.NewReader("payload"))
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.wantCode {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.wantCode)
			}
			if !reflect.DeepEqual(sl.waits, tc.wantWaits) {
				t.Errorf("waits %v, want %v", sl.waits, tc.wantWaits)
			}
			if got, want := len(tr.Requests()), len(tc.wantWaits)+1; got != want {
				t.Errorf("%d requests, want %d", got, want)
			}
			for _, p := range sc.posts {
				if p != "payload" {
					t.Errorf("a repeated POST sent %q", p)
				}
			}
		})
	}
}

func TestSecondaryLimitHook(t *testing.T) {
	sc := &script{steps: []step{{status: 403, body: `{"message":"You have exceeded a secondary rate limit"}`}}}
	srv := httptest.NewServer(sc)
	defer srv.Close()
	sl := &sleeper{}
	tr := newTransport(sl, "X-RateLimit-")
	tr.MaxWait = 2 * time.Minute
	tr.SecondaryLimit = func(resp *http.Response) bool {
		return strings.Contains(string(retry.PeekBody(resp)), "secondary rate limit")
	}
	req, _ := http.NewRequest("GET", srv.URL, nil)
	resp, err := tr.RoundTrip(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v, %v", resp, err)
	}
	if want := []time.Duration{time.Minute}; !reflect.DeepEqual(sl.waits, want) {
		t.Errorf("waits %v, want %v", sl.waits, want)
	}
}

func TestPeekBodyLeavesTheBodyWhole(t *testing.T) {
	body := strings.Repeat("a", retry.PeekLimit+10)
	resp := &http.Response{Body: io.NopCloser(strings.NewReader(body))}
	if head := retry.PeekBody(resp); len(head) != retry.PeekLimit {
		t.Errorf("peeked %d bytes", len(head))
	}
	if rest, _ := io.ReadAll(resp.Body); string(rest) != body {
		t.Errorf("body after peeking is %d bytes, want %d", len(rest), len(body))
	}
}

func TestMaxAttempts(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(503)
	}))
	defer srv.Close()
	tr := newTransport(&sleeper{}, "")
	var logged []string
	tr.Logf = func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
	req, _ := http.NewRequest("GET", srv.URL+"/p", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil || resp.StatusCode != 503 {
		t.Fatalf("%v, %v", resp, err)
	}
	if n.Load() != retry.MaxAttempts {
		t.Errorf("%d requests, want %d", n.Load(), retry.MaxAttempts)
	}
	if last := logged[len(logged)-1]; !strings.HasPrefix(last, "host: GET /p: 503 Service Unavailable; giving up after 8 attempts") {
		t.Errorf("last log line %q", last)
	}
}

func TestCancelStopsTheWait(t *testing.T) {
	answered := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		select {
		case answered <- struct{}{}:
		default:
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	tr := &retry.Transport{Base: http.DefaultTransport, MaxWait: time.Hour}
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	// Cancelled once the first answer is out, with the real wait (up to
	// an hour) ahead or begun: without a sleep in the test.
	go func() { <-answered; cancel() }()
	if _, err := tr.RoundTrip(req); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestAnUntrustedCertificateIsNotRetried(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	sl := &sleeper{}
	tr := newTransport(sl, "")
	req, _ := http.NewRequest("GET", srv.URL, nil)
	_, err := tr.RoundTrip(req)
	var cve *tls.CertificateVerificationError
	if !errors.As(err, &cve) {
		t.Fatalf("err = %v, want a certificate error", err)
	}
	if len(tr.Requests()) != 1 || len(sl.waits) != 0 {
		t.Errorf("%d requests, waits %v; want one, none", len(tr.Requests()), sl.waits)
	}
}
