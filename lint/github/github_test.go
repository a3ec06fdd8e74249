package github_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/promptlint/promptlint/lint/github"
	"github.com/promptlint/promptlint/lint/github/githubtest"
)

// TestMain runs the tests with the collector set as the binary sets it
// under its memory limit (main's gcPercent), unless GOGC is set: they run
// the API client and its fake in this process, and spend a sixth less CPU.
func TestMain(m *testing.M) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	os.Exit(m.Run())
}

const (
	owner = "Codertocat"
	repo  = "Hello-World"
	pr    = 2
)

// sleeper records the waits the client asks for, and returns at once.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeper) total() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var t time.Duration
	for _, d := range s.waits {
		t += d
	}
	return t
}

// fixedNow is the clock of the retry tests.
var fixedNow = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

func newClient(t *testing.T, s *githubtest.Server, opts ...github.Option) (*github.Client, *sleeper) {
	t.Helper()
	sl := &sleeper{}
	opts = append([]github.Option{
		github.WithSleep(sl.sleep),
		github.WithClock(func() time.Time { return fixedNow }),
		github.WithLogf(t.Logf),
	}, opts...)
	c, err := github.New("t0ken", s.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, sl
}

func countPrefix(lines []string, prefix string) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}

func TestPullFilesPaginates(t *testing.T) {
	s := githubtest.NewServer(t)
	var want []github.File
	for i := range 250 {
		f := githubtest.File{Name: fmt.Sprintf("prompts/p%03d.prompt.yaml", i), Status: "modified", Additions: i, Deletions: 1}
		if i%50 == 7 {
			f.Status, f.PreviousName = "renamed", fmt.Sprintf("old/p%03d.prompt.yaml", i)
		}
		s.AddPRFile(f)
		want = append(want, github.File{Name: f.Name, PreviousName: f.PreviousName, Status: f.Status,
			SHA: githubtest.BlobSHA([]byte(f.Name)), Additions: f.Additions, Deletions: 1})
	}
	c, _ := newClient(t, s)
	files, truncated, err := c.PullFiles(context.Background(), owner, repo, pr)
	if err != nil {
		t.Fatal(err)
	}
	if truncated {
		t.Error("truncated = true for 250 files")
	}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("got %d files, want %d; first diff at %v", len(files), len(want), firstDiff(files, want))
	}
	wantLog := []string{
		"GET /repos/Codertocat/Hello-World/pulls/2/files?page=1&per_page=100",
		"GET /repos/Codertocat/Hello-World/pulls/2/files?page=2&per_page=100",
		"GET /repos/Codertocat/Hello-World/pulls/2/files?page=3&per_page=100",
	}
	if got := c.RequestLog(); !reflect.DeepEqual(got, wantLog) {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantLog, "\n"))
	}
	if c.Requests() != 3 || s.Count("GET", "/repos/Codertocat/Hello-World/pulls/2/files") != 3 {
		t.Errorf("client counted %d requests, server %d; want 3", c.Requests(), s.Count("GET", ""))
	}
}

func firstDiff(a, b []github.File) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("%d: %+v != %+v", i, a[i], b[i])
		}
	}
	return "length"
}

func TestPullFilesCap(t *testing.T) {
	for _, tc := range []struct {
		n             int
		wantTruncated bool // PullFiles
		wantCounted   bool // PullFilesCounted with changed_files = n
		wantRequests  int
	}{
		{n: 2999, wantTruncated: false, wantCounted: false, wantRequests: 30},
		{n: 3000, wantTruncated: true, wantCounted: false, wantRequests: 30},
		{n: 3001, wantTruncated: true, wantCounted: true, wantRequests: 30},
		{n: 3456, wantTruncated: true, wantCounted: true, wantRequests: 30},
	} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			s := githubtest.NewServer(t)
			for i := range tc.n {
				s.AddPRFile(githubtest.File{Name: fmt.Sprintf("f%04d.txt", i), Status: "added"})
			}
			c, _ := newClient(t, s)
			files, truncated, err := c.PullFiles(context.Background(), owner, repo, pr)
			if err != nil {
				t.Fatal(err)
			}
			if want := min(tc.n, github.MaxPullFiles); len(files) != want {
				t.Errorf("got %d files, want %d", len(files), want)
			}
			if truncated != tc.wantTruncated {
				t.Errorf("PullFiles truncated = %v, want %v", truncated, tc.wantTruncated)
			}
			if c.Requests() != tc.wantRequests {
				t.Errorf("sent %d requests, want %d", c.Requests(), tc.wantRequests)
			}
			_, truncated, err = c.PullFilesCounted(context.Background(), owner, repo, pr, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if truncated != tc.wantCounted {
				t.Errorf("PullFilesCounted truncated = %v, want %v", truncated, tc.wantCounted)
			}
		})
	}
}

func TestMergeBase(t *testing.T) {
	s := githubtest.NewServer(t)
	s.SetMergeBase("aaaa1111")
	c, _ := newClient(t, s)
	got, err := c.MergeBase(context.Background(), owner, repo, "f95f852", "ec26c3e")
	if err != nil {
		t.Fatal(err)
	}
	if got != "aaaa1111" {
		t.Errorf("merge base = %q, want %q", got, "aaaa1111")
	}
	if log := c.RequestLog(); len(log) != 1 || !strings.HasPrefix(log[0], "GET /repos/Codertocat/Hello-World/compare/f95f852...ec26c3e") {
		t.Errorf("requests = %q", log)
	}
	if _, err := c.MergeBase(context.Background(), "someone", "else", "a", "b"); !github.IsNotFound(err) {
		t.Errorf("another repository: err = %v, want a 404", err)
	}
}

func TestContent(t *testing.T) {
	const ref = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
	big := strings.Repeat("0123456789abcdef\n", (1<<20)/17+10) // just over 1 MB
	s := githubtest.NewServer(t)
	files := map[string]string{
		"prompts/greet.prompt.yaml":    "name: greet\nmessages:\n  - role: user\n    content: Hello {{name}}\n",
		"prompts/empty.txt":            "",
		"prompts/a b#1?.md":            "odd name\n",
		"prompts/résumé/日本語.prompt.md": "unicode ✓\n",
		"prompts/100%.md":              "percent\n",
		"prompts/big.prompt.md":        big,
		"prompts/binary.bin":           "\x00\xff\xfe\n",
	}
	for p, content := range files {
		s.SetFile(ref, p, content)
	}
	s.SetSymlink(ref, "prompts/link.md", "greet.prompt.yaml")
	s.SetSymlink(ref, "prompts/dangling.md", "../nowhere.md")
	s.SetSubmodule(ref, "vendor/lib", "https://github.com/octocat/lib.git")
	c, _ := newClient(t, s)
	ctx := context.Background()

	for p, want := range files {
		data, found, err := c.Content(ctx, owner, repo, p, ref)
		if err != nil || !found {
			t.Errorf("Content(%q) = found %v, err %v", p, found, err)
			continue
		}
		if string(data) != want {
			t.Errorf("Content(%q) = %d bytes, want %d", p, len(data), len(want))
		}
	}
	for _, p := range []string{"./prompts/greet.prompt.yaml", "/prompts//greet.prompt.yaml", "prompts/x/../greet.prompt.yaml"} {
		data, found, err := c.Content(ctx, owner, repo, p, ref)
		if err != nil || !found || string(data) != files["prompts/greet.prompt.yaml"] {
			t.Errorf("Content(%q) = %q, %v, %v", p, data, found, err)
		}
	}
	log := c.RequestLog()
	for _, want := range []string{
		"GET /repos/Codertocat/Hello-World/contents/prompts/a%20b%231%3F.md?ref=" + ref,
		"GET /repos/Codertocat/Hello-World/contents/prompts/r%C3%A9sum%C3%A9/%E6%97%A5%E6%9C%AC%E8%AA%9E.prompt.md?ref=" + ref,
		"GET /repos/Codertocat/Hello-World/contents/prompts/100%25.md?ref=" + ref,
		"GET /repos/Codertocat/Hello-World/git/blobs/" + githubtest.BlobSHA([]byte(big)),
	} {
		if countPrefix(log, want) != 1 {
			t.Errorf("no request %q in\n%s", want, strings.Join(log, "\n"))
		}
	}
	if n := countPrefix(log, "GET /repos/Codertocat/Hello-World/git/blobs/"); n != 1 {
		t.Errorf("%d blob requests, want 1 (only the file over 1 MB)", n)
	}

	for _, tc := range []struct {
		path, ref string
	}{
		{"prompts/missing.md", ref},
		{"prompts/greet.prompt.yaml", "0000000000000000000000000000000000000000"},
	} {
		data, found, err := c.Content(ctx, owner, repo, tc.path, tc.ref)
		if err != nil || found || data != nil {
			t.Errorf("Content(%q at %s) = %q, %v, %v; want not found, no error", tc.path, tc.ref, data, found, err)
		}
	}

	for _, tc := range []struct {
		path, wantType, wantTarget string
	}{
		{"prompts/link.md", "symlink", "prompts/greet.prompt.yaml"},
		{"prompts/dangling.md", "symlink", "../nowhere.md"},
		{"vendor/lib", "submodule", ""},
		{"prompts", "dir", ""},
	} {
		_, found, err := c.Content(ctx, owner, repo, tc.path, ref)
		var nf *github.ErrNotFile
		if !errors.As(err, &nf) {
			t.Errorf("Content(%q) = found %v, err %v; want *ErrNotFile", tc.path, found, err)
			continue
		}
		if nf.Path != tc.path || nf.Type != tc.wantType || nf.Target != tc.wantTarget {
			t.Errorf("Content(%q): %+v, want type %q target %q", tc.path, *nf, tc.wantType, tc.wantTarget)
		}
	}
}

func TestContentServerError(t *testing.T) {
	s := githubtest.NewServer(t)
	s.SetFile("main", "a.md", "a")
	s.FailNext("GET", "/repos/Codertocat/Hello-World/contents/", http.StatusUnauthorized, nil, 1)
	c, _ := newClient(t, s)
	_, found, err := c.Content(context.Background(), owner, repo, "a.md", "main")
	if err == nil || found || github.StatusCode(err) != http.StatusUnauthorized {
		t.Errorf("found %v, err %v; want a 401 error", found, err)
	}
	if err != nil && !strings.Contains(err.Error(), "a.md") {
		t.Errorf("error %q does not name the path", err)
	}
}

func TestIsSticky(t *testing.T) {
	for _, tc := range []struct {
		body string
		want bool
	}{
		{"<!-- promptlint -->", true},
		{"<!-- promptlint -->\n## promptlint\n", true},
		{"<!-- promptlint -->\r\nbody", true},
		{"<!-- promptlint:ab-tested -->\nbody", false},
		{"> <!-- promptlint -->\nquoted", false},
		{"see below\n<!-- promptlint -->\n", false},
		{"<!-- promptlint --> trailing", false},
		{" <!-- promptlint -->", false},
		{"<!-- PROMPTLINT -->", false},
		{"<!-- promptlint -->\r\r\nx", false},
		{"<!-- other-bot -->\n<!-- promptlint -->", false},
		{"", false},
	} {
		if got := github.IsSticky(tc.body); got != tc.want {
			t.Errorf("IsSticky(%q) = %v, want %v", tc.body, got, tc.want)
		}
	}
}

var nearMisses = []string{
	"<!-- promptlint:ab-tested -->\nwe A/B tested this prompt",
	"> <!-- promptlint -->\n> quoting the bot",
	"LGTM\n<!-- promptlint -->",
	"<!-- promptlint --> but on the same line",
	"<!-- other-bot -->\nreport",
	"```\n<!-- promptlint -->\n```",
}

func TestFindCommentOnPageThree(t *testing.T) {
	s := githubtest.NewServer(t)
	for i := range 230 {
		s.AddComment("octocat", nearMisses[i%len(nearMisses)])
	}
	want := s.AddComment(githubtest.Bot, github.Marker+"\n## promptlint\nold report\n")
	s.AddComment(githubtest.Bot, github.Marker+"\na later duplicate\n")
	c, _ := newClient(t, s)
	got, err := c.FindComment(context.Background(), owner, repo, pr)
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || got.ID != want.ID || got.Body != want.Body || got.URL != want.HTMLURL || got.User != githubtest.Bot {
		t.Fatalf("FindComment = %+v, want %+v", got, want)
	}
	if n := s.Count("GET", "/repos/Codertocat/Hello-World/issues/2/comments"); n != 3 {
		t.Errorf("read %d pages, want 3", n)
	}
}

func TestFindCommentNone(t *testing.T) {
	s := githubtest.NewServer(t)
	for i := range 150 {
		s.AddComment("octocat", nearMisses[i%len(nearMisses)])
	}
	c, _ := newClient(t, s)
	got, err := c.FindComment(context.Background(), owner, repo, pr)
	if err != nil || got != nil {
		t.Fatalf("FindComment = %+v, %v; want nil, nil", got, err)
	}
	if n := s.Count("GET", "/repos/Codertocat/Hello-World/issues/2/comments"); n != 2 {
		t.Errorf("read %d pages, want 2 (all of them)", n)
	}
}

func TestUpsertComment(t *testing.T) {
	s := githubtest.NewServer(t)
	for _, body := range nearMisses {
		s.AddComment("octocat", body)
	}
	s.AddComment("promptlint-fan", "<!-- promptlint:ab-tested -->\n")
	before := s.Comments()
	c, _ := newClient(t, s)
	ctx := context.Background()

	steps := []struct {
		body, wantAction string
		wantPatch        int
		wantPost         int
	}{
		{github.Marker + "\nfirst report\n", "created", 0, 1},
		{github.Marker + "\nsecond report\n", "updated", 1, 1},
		{github.Marker + "\nsecond report\n", "unchanged", 1, 1},
	}
	var url string
	for i, step := range steps {
		u, action, err := c.UpsertComment(ctx, owner, repo, pr, step.body)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if action != step.wantAction {
			t.Errorf("step %d: action %q, want %q", i, action, step.wantAction)
		}
		if url == "" {
			url = u
		}
		if u == "" || u != url {
			t.Errorf("step %d: url %q, want the same non-empty url as step 0 (%q)", i, u, url)
		}
		if n := s.Count("PATCH", ""); n != step.wantPatch {
			t.Errorf("step %d: %d PATCH requests in total, want %d", i, n, step.wantPatch)
		}
		if n := s.Count("POST", ""); n != step.wantPost {
			t.Errorf("step %d: %d POST requests in total, want %d", i, n, step.wantPost)
		}
		after := s.Comments()
		if len(after) != len(before)+1 {
			t.Fatalf("step %d: %d comments, want %d", i, len(after), len(before)+1)
		}
		if !reflect.DeepEqual(after[:len(before)], before) {
			t.Errorf("step %d: other comments changed", i)
		}
		if last := after[len(after)-1]; last.Body != step.body || last.HTMLURL != url {
			t.Errorf("step %d: sticky comment %+v", i, last)
		}
	}
}

func TestUpsertCommentNeedsMarker(t *testing.T) {
	s := githubtest.NewServer(t)
	c, _ := newClient(t, s)
	for _, body := range []string{"", "report", "\n" + github.Marker, "<!-- promptlint:x -->\n"} {
		if _, _, err := c.UpsertComment(context.Background(), owner, repo, pr, body); err == nil {
			t.Errorf("UpsertComment(%q) succeeded", body)
		}
	}
	long := github.Marker + "\n" + strings.Repeat("é", github.MaxCommentLength)
	if _, _, err := c.UpsertComment(context.Background(), owner, repo, pr, long); err == nil {
		t.Error("a body over 65536 characters was sent")
	}
	if c.Requests() != 0 {
		t.Errorf("sent %d requests for invalid bodies", c.Requests())
	}
}

func TestCommentForbidden(t *testing.T) {
	s := githubtest.NewServer(t)
	s.FailNext("POST", "/repos/Codertocat/Hello-World/issues/2/comments", http.StatusForbidden, nil, 1)
	c, sl := newClient(t, s)
	_, _, err := c.UpsertComment(context.Background(), owner, repo, pr, github.Marker+"\nreport")
	if !github.IsForbidden(err) || github.IsNotFound(err) || github.StatusCode(err) != http.StatusForbidden {
		t.Fatalf("err = %v; want a 403 that IsForbidden", err)
	}
	if n := s.Count("POST", ""); n != 1 {
		t.Errorf("%d POSTs, want 1 (a permission 403 is not retried)", n)
	}
	if len(sl.waits) != 0 {
		t.Errorf("waited %v", sl.waits)
	}
	if len(s.Comments()) != 0 {
		t.Error("a comment was created")
	}
}

func TestEditOthersCommentForbidden(t *testing.T) {
	// A person's comment that starts with the marker is found, but the
	// token may not edit it: the 403 surfaces.
	s := githubtest.NewServer(t)
	s.AddComment("octocat", github.Marker+"\npasted by hand")
	c, _ := newClient(t, s)
	_, _, err := c.UpsertComment(context.Background(), owner, repo, pr, github.Marker+"\nreport")
	if !github.IsForbidden(err) {
		t.Fatalf("err = %v; want a 403", err)
	}
}

func TestRetries(t *testing.T) {
	reset := fmt.Sprint(fixedNow.Add(5 * time.Second).Unix())
	for _, tc := range []struct {
		name      string
		status    int
		headers   map[string]string
		times     int
		wantWaits []time.Duration
	}{
		{"500 then success", 500, nil, 1, []time.Duration{time.Second}},
		{"502 three times", 502, nil, 3, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}},
		{"503 with Retry-After", 503, map[string]string{"Retry-After": "7"}, 1, []time.Duration{7 * time.Second}},
		{"429 Retry-After 2", 429, map[string]string{"Retry-After": "2"}, 1, []time.Duration{2 * time.Second}},
		{"429 without headers", 429, nil, 2, []time.Duration{time.Second, 2 * time.Second}},
		{"403 secondary Retry-After", 403, map[string]string{"Retry-After": "3"}, 1, []time.Duration{3 * time.Second}},
		{"403 Retry-After date", 403, map[string]string{"Retry-After": fixedNow.Add(9 * time.Second).Format(http.TimeFormat)}, 1, []time.Duration{9 * time.Second}},
		{"403 remaining 0 until reset", 403, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}, 1, []time.Duration{6 * time.Second}},
		{"429 remaining 0 until reset", 429, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}, 1, []time.Duration{6 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := githubtest.NewServer(t)
			s.AddPRFile(githubtest.File{Name: "a.prompt.md", Status: "added"})
			s.FailNext("GET", "/repos/Codertocat/Hello-World/pulls/2/files", tc.status, tc.headers, tc.times)
			c, sl := newClient(t, s)
			files, _, err := c.PullFiles(context.Background(), owner, repo, pr)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 1 || files[0].Name != "a.prompt.md" {
				t.Errorf("files = %+v", files)
			}
			if !reflect.DeepEqual(sl.waits, tc.wantWaits) {
				t.Errorf("waits = %v, want %v", sl.waits, tc.wantWaits)
			}
			if want := tc.times + 1; c.Requests() != want || len(s.Requests()) != want {
				t.Errorf("client sent %d requests, server saw %d; want %d", c.Requests(), len(s.Requests()), want)
			}
		})
	}
}

func TestRetryReplaysBody(t *testing.T) {
	s := githubtest.NewServer(t)
	// A 429 means GitHub did not act on the request, so the POST is
	// repeated, and its body must be sent again in full.
	s.FailNext("POST", "/repos/Codertocat/Hello-World/issues/2/comments", http.StatusTooManyRequests, map[string]string{"Retry-After": "1"}, 2)
	c, sl := newClient(t, s)
	body := github.Marker + "\nreport with a body long enough to matter\n"
	_, action, err := c.UpsertComment(context.Background(), owner, repo, pr, body)
	if err != nil {
		t.Fatal(err)
	}
	if action != "created" || len(sl.waits) != 2 {
		t.Errorf("action %q after %d waits", action, len(sl.waits))
	}
	if got := s.Comments(); len(got) != 1 || got[0].Body != body {
		t.Errorf("comments = %+v", got)
	}
	if n := s.Count("POST", ""); n != 3 {
		t.Errorf("%d POSTs, want 3", n)
	}
}

func TestCreateAfterServerErrorLooksBeforePostingAgain(t *testing.T) {
	s := githubtest.NewServer(t)
	s.FailNext("POST", "/repos/Codertocat/Hello-World/issues/2/comments", http.StatusBadGateway, nil, 1)
	c, sl := newClient(t, s)
	body := github.Marker + "\nreport\n"
	if _, action, err := c.UpsertComment(context.Background(), owner, repo, pr, body); err != nil || action != "created" {
		t.Fatalf("action %q, err %v", action, err)
	}
	if got := s.Comments(); len(got) != 1 {
		t.Errorf("comments = %+v, want one", got)
	}
	if n, lists := s.Count("POST", ""), s.Count("GET", "/repos/Codertocat/Hello-World/issues/2/comments"); n != 2 || lists != 2 {
		t.Errorf("%d POSTs and %d listings, want 2 and 2 (list, post, list again, post)", n, lists)
	}
	if len(sl.waits) != 0 {
		t.Errorf("waited %v before posting again", sl.waits)
	}
}

// processedThenFailed forwards the first POST to the server, which creates
// the comment, and then answers 500 as if the response had been lost.
type processedThenFailed struct{ done bool }

func (p *processedThenFailed) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || req.Method != http.MethodPost || p.done {
		return resp, err
	}
	p.done = true
	resp.Body.Close()
	return &http.Response{StatusCode: 500, Status: "500 Internal Server Error", Header: http.Header{},
		Body: io.NopCloser(strings.NewReader(`{"message":"Server Error"}`)), Request: req}, nil
}

func TestCreateThatSucceededBehindAServerErrorIsNotDuplicated(t *testing.T) {
	s := githubtest.NewServer(t)
	c, _ := newClient(t, s, github.WithHTTPClient(&http.Client{Transport: &processedThenFailed{}}))
	body := github.Marker + "\nreport\n"
	if _, _, err := c.UpsertComment(context.Background(), owner, repo, pr, body); err != nil {
		t.Fatal(err)
	}
	if got := s.Comments(); len(got) != 1 || got[0].Body != body {
		t.Errorf("comments = %+v, want exactly one sticky comment", got)
	}
}

func TestRetryGivesUp(t *testing.T) {
	for _, tc := range []struct {
		name       string
		maxWait    time.Duration
		status     int
		headers    map[string]string
		wantWaits  []time.Duration
		wantStatus int
	}{
		{
			name: "backoff past the budget", maxWait: 10 * time.Second, status: 500,
			wantWaits:  []time.Duration{time.Second, 2 * time.Second, 4 * time.Second},
			wantStatus: 500,
		},
		{
			name: "default budget", status: 503,
			wantWaits:  []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second},
			wantStatus: 503,
		},
		{
			name: "Retry-After past the budget", status: 429, headers: map[string]string{"Retry-After": "61"},
			wantStatus: 429,
		},
		{
			name: "reset an hour away", status: 403,
			headers:    map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": fmt.Sprint(fixedNow.Add(time.Hour).Unix())},
			wantStatus: 403,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := githubtest.NewServer(t)
			s.FailNext("", "/repos/", tc.status, tc.headers, 100)
			var opts []github.Option
			if tc.maxWait > 0 {
				opts = append(opts, github.WithMaxWait(tc.maxWait))
			}
			c, sl := newClient(t, s, opts...)
			_, err := c.MergeBase(context.Background(), owner, repo, "a", "b")
			if err == nil {
				t.Fatal("no error")
			}
			if github.StatusCode(err) != tc.wantStatus {
				t.Errorf("status %d, want %d (err %v)", github.StatusCode(err), tc.wantStatus, err)
			}
			if github.IsForbidden(err) {
				t.Errorf("a rate limit counts as forbidden: %v", err)
			}
			if !reflect.DeepEqual(sl.waits, tc.wantWaits) {
				t.Errorf("waits = %v, want %v", sl.waits, tc.wantWaits)
			}
			max := tc.maxWait
			if max == 0 {
				max = github.DefaultMaxWait
			}
			if sl.total() > max {
				t.Errorf("waited %v in total, over %v", sl.total(), max)
			}
			if c.Requests() != len(tc.wantWaits)+1 {
				t.Errorf("%d requests, want %d", c.Requests(), len(tc.wantWaits)+1)
			}
		})
	}
}

func TestRetryStopsOnCancel(t *testing.T) {
	s := githubtest.NewServer(t)
	s.FailNext("", "/repos/", 500, nil, 100)
	ctx, cancel := context.WithCancel(context.Background())
	c, err := github.New("", s.URL, github.WithSleep(func(context.Context, time.Duration) error {
		cancel()
		return context.Canceled
	}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.MergeBase(ctx, owner, repo, "a", "b"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if c.Requests() != 1 {
		t.Errorf("%d requests, want 1", c.Requests())
	}
}

func TestEnterpriseURL(t *testing.T) {
	s := githubtest.NewServer(t)
	s.SetMergeBase("cafe")
	for _, apiURL := range []string{s.EnterpriseURL(), s.EnterpriseURL() + "/"} {
		c, err := github.New("t0ken", apiURL)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.MergeBase(context.Background(), owner, repo, "a", "b")
		if err != nil || got != "cafe" {
			t.Errorf("%s: merge base %q, %v", apiURL, got, err)
		}
		if log := c.RequestLog(); len(log) != 1 || !strings.HasPrefix(log[0], "GET /api/v3/repos/Codertocat/Hello-World/compare/a...b") {
			t.Errorf("%s: requests %q", apiURL, log)
		}
	}
}

func TestNewRejectsBadURL(t *testing.T) {
	for _, u := range []string{"ftp://example.com", "not a url", "/api/v3", "http://"} {
		if _, err := github.New("", u); err == nil {
			t.Errorf("New(%q) succeeded", u)
		}
	}
}

func TestToken(t *testing.T) {
	s := githubtest.NewServer(t)
	s.RequireToken("t0ken")
	c, _ := newClient(t, s)
	if _, err := c.MergeBase(context.Background(), owner, repo, "a", "b"); err != nil {
		t.Errorf("with the token: %v", err)
	}
	bad, err := github.New("wrong", s.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.MergeBase(context.Background(), owner, repo, "a", "b"); github.StatusCode(err) != http.StatusUnauthorized {
		t.Errorf("with a wrong token: %v, want 401", err)
	}
}

func TestReviewsAndCommits(t *testing.T) {
	s := githubtest.NewServer(t)
	var wantReviews []github.Review
	for i := range 120 {
		r := githubtest.Review{User: fmt.Sprintf("user%d", i), State: "APPROVED", SubmittedAt: fixedNow.Add(time.Duration(i) * time.Minute), CommitID: "ec26c3e"}
		if i == 119 {
			r.State, r.SubmittedAt = "PENDING", time.Time{}
		}
		s.AddReview(r)
		wantReviews = append(wantReviews, github.Review{ID: int64(80 + i), User: r.User, State: r.State, SubmittedAt: r.SubmittedAt, CommitID: r.CommitID})
	}
	var wantCommits []github.Commit
	for i := range 260 {
		gc := githubtest.Commit{SHA: fmt.Sprintf("%040d", i), Message: fmt.Sprintf("change %d\n\nbody", i), Author: "octocat"}
		if i == 1 {
			gc.Author = ""
		}
		s.AddCommit(gc)
		if i < github.MaxPullCommits {
			author := gc.Author
			if author == "" {
				author = "Monalisa Octocat" // the git author name, from the fixture
			}
			wantCommits = append(wantCommits, github.Commit{SHA: gc.SHA, Message: gc.Message, Author: author})
		}
	}
	c, _ := newClient(t, s)
	ctx := context.Background()
	reviews, err := c.Reviews(ctx, owner, repo, pr)
	if err != nil {
		t.Fatal(err)
	}
	for i := range reviews {
		reviews[i].SubmittedAt = reviews[i].SubmittedAt.UTC()
	}
	if !reflect.DeepEqual(reviews, wantReviews) {
		t.Errorf("reviews: got %d, want %d; first %+v", len(reviews), len(wantReviews), reviews[0])
	}
	commits, err := c.Commits(ctx, owner, repo, pr)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(commits, wantCommits) {
		t.Errorf("commits: got %d, want %d", len(commits), len(wantCommits))
	}
	if n := s.Count("GET", "/repos/Codertocat/Hello-World/pulls/2/commits"); n != 3 {
		t.Errorf("%d commit pages, want 3", n)
	}
}

func TestPullRequest(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddPRFile(githubtest.File{Name: "a.md", Status: "added"}, githubtest.File{Name: "b.md", Status: "removed"})
	s.EditPullRequest(func(pr map[string]any) { pr["body"] = nil })
	c, _ := newClient(t, s)
	got, err := c.PullRequest(context.Background(), owner, repo, pr)
	if err != nil {
		t.Fatal(err)
	}
	want := &github.PullRequest{
		Number: 2, Title: "Update the README with new information.", State: "open", User: "Codertocat",
		BaseRef: "master", BaseSHA: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", BaseRepo: "Codertocat/Hello-World",
		HeadRef: "changes", HeadSHA: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", HeadRepo: "Codertocat/Hello-World",
		ChangedFiles: 2,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PullRequest =\n%+v\nwant\n%+v", got, want)
	}
	if got.Fork() {
		t.Error("same-repository PR counts as a fork")
	}
	if _, err := c.PullRequest(context.Background(), owner, repo, 3); !github.IsNotFound(err) {
		t.Errorf("PR #3: %v, want 404", err)
	}
}

// fixtureServer serves GitHub's own example responses, byte for byte.
func fixtureServer(t *testing.T, routes map[string]string) *github.Client {
	t.Helper()
	dir, err := githubtest.FixturesDir()
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for pattern, file := range routes {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		status := http.StatusOK
		if strings.HasPrefix(pattern, "POST ") {
			status = http.StatusCreated
		}
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(status)
			w.Write(data)
		})
	}
	srv := newLocalServer(t, mux)
	c, err := github.New("t0ken", srv)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDecodeFixtures(t *testing.T) {
	base := "/repos/octocat/Hello-World/"
	c := fixtureServer(t, map[string]string{
		"GET " + base + "pulls/1347/files":      "rest-pulls-list-files.json",
		"GET " + base + "pulls/1347/commits":    "rest-pulls-list-commits.json",
		"GET " + base + "issues/1347/comments":  "rest-issues-list-comments.json",
		"POST " + base + "issues/1347/comments": "rest-issues-create-comment.json",
		"GET " + base + "pulls/1347/comments":   "rest-pulls-list-review-comments.json",
		"POST " + base + "pulls/1347/reviews":   "rest-pulls-create-review.json",
		"PATCH " + base + "pulls/comments/10":   "rest-pulls-update-review-comment.json",
	})
	ctx := context.Background()
	files, truncated, err := c.PullFiles(ctx, "octocat", "Hello-World", 1347)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := []github.File{{Name: "file1.txt", Status: "added", SHA: "bbcd538c8e72b8c175046e27cc8f907076331401", Additions: 103, Deletions: 21,
		Patch: "@@ -132,7 +132,7 @@ module Test @@ -1000,7 +1000,7 @@ module Test"}}
	if truncated || !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("files = %+v, %v; want %+v", files, truncated, wantFiles)
	}
	rcs, truncated, err := c.ReviewComments(ctx, "octocat", "Hello-World", 1347)
	wantRC := []github.ReviewComment{{ID: 10, ReviewID: 42, User: "octocat", Body: "Great stuff!", Path: "file1.txt", Line: 2, StartLine: 1, Side: "RIGHT"}}
	if err != nil || truncated || !reflect.DeepEqual(rcs, wantRC) {
		t.Errorf("review comments = %+v, %v, %v; want %+v", rcs, truncated, err, wantRC)
	}
	if id, url, err := c.CreateReview(ctx, "octocat", "Hello-World", 1347, "ecdd80b", "body", []github.DraftComment{{Path: "file1.txt", Line: 2, Body: "x"}}); err != nil || id != 80 || url != "https://github.com/octocat/Hello-World/pull/12#pullrequestreview-80" {
		t.Errorf("create review = %d, %q, %v", id, url, err)
	}
	if err := c.EditReviewComment(ctx, "octocat", "Hello-World", 10, "y"); err != nil {
		t.Errorf("edit review comment: %v", err)
	}
	commits, err := c.Commits(ctx, "octocat", "Hello-World", 1347)
	if err != nil {
		t.Fatal(err)
	}
	wantCommits := []github.Commit{{SHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e", Message: "Fix all the bugs", Author: "octocat"}}
	if !reflect.DeepEqual(commits, wantCommits) {
		t.Errorf("commits = %+v, want %+v", commits, wantCommits)
	}
	// The list example's one comment ("Me too") is not promptlint's, so
	// the upsert creates one; the create example gives its URL.
	url, action, err := c.UpsertComment(ctx, "octocat", "Hello-World", 1347, github.Marker+"\nreport")
	if err != nil {
		t.Fatal(err)
	}
	if action != "created" || url != "https://github.com/octocat/Hello-World/issues/1347#issuecomment-1" {
		t.Errorf("upsert = %q, %q", url, action)
	}
}

func TestDecodeWebhookPullRequest(t *testing.T) {
	base := "/repos/Codertocat/Hello-World/"
	// The webhook's pull_request object has the REST shape of GET pulls/{n}.
	dir, err := githubtest.FixturesDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"webhook-pull_request-opened.json", "webhook-pull_request-opened-null-body.json", "webhook-pull_request-synchronize.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var event struct {
			PullRequest json.RawMessage `json:"pull_request"`
		}
		if err := json.Unmarshal(data, &event); err != nil || event.PullRequest == nil {
			t.Fatalf("%s: no pull_request (%v)", name, err)
		}
		mux := http.NewServeMux()
		mux.HandleFunc("GET "+base+"pulls/2", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Write(event.PullRequest)
		})
		c, err := github.New("", newLocalServer(t, mux))
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.PullRequest(context.Background(), "Codertocat", "Hello-World", 2)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Number != 2 || got.HeadSHA != "ec26c3e57ca3a959ca5aad62de7213c562f8c821" || got.BaseSHA != "f95f852bd8fca8fcc58a9a2d6c842781e32a215e" || got.Fork() {
			t.Errorf("%s: %+v", name, got)
		}
		if wantEmpty := strings.Contains(name, "null-body"); (got.Body == "") != wantEmpty {
			t.Errorf("%s: body %q", name, got.Body)
		}
	}
}

func newLocalServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestNetworkErrors(t *testing.T) {
	// A GET that cannot connect is retried with backoff; the error says
	// what failed.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	sl := &sleeper{}
	c, err := github.New("", dead.URL, github.WithSleep(sl.sleep), github.WithMaxWait(3*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.MergeBase(context.Background(), owner, repo, "a", "b"); err == nil || github.StatusCode(err) != 0 {
		t.Errorf("err = %v, want a network error", err)
	}
	if want := []time.Duration{time.Second, 2 * time.Second}; !reflect.DeepEqual(sl.waits, want) {
		t.Errorf("waits = %v, want %v", sl.waits, want)
	}

	// A POST that breaks in flight is not repeated: it may have created
	// the comment.
	var posts atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/o/r/issues/1/comments", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("[]"))
	})
	mux.HandleFunc("POST /repos/o/r/issues/1/comments", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	sl = &sleeper{}
	c, err = github.New("", newLocalServer(t, mux), github.WithSleep(sl.sleep))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.UpsertComment(context.Background(), "o", "r", 1, github.Marker); err == nil {
		t.Error("no error")
	}
	if posts.Load() != 1 || len(sl.waits) != 0 {
		t.Errorf("%d POSTs and waits %v; want 1 POST, no wait", posts.Load(), sl.waits)
	}
}

func TestRetryLogs(t *testing.T) {
	s := githubtest.NewServer(t)
	s.FailNext("GET", "/repos/", 429, map[string]string{"Retry-After": "2"}, 1)
	var lines []string
	c, err := github.New("", s.URL, github.WithHTTPClient(s.Client()),
		github.WithSleep(func(context.Context, time.Duration) error { return nil }),
		github.WithLogf(func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.MergeBase(context.Background(), owner, repo, "a", "b"); err != nil {
		t.Fatal(err)
	}
	want := []string{"github: GET /repos/Codertocat/Hello-World/compare/a...b: 429 rate limited; retrying in 2s"}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("log = %q, want %q", lines, want)
	}
}

func TestContentLimitedRefusesLargeFilesBeforeDownloading(t *testing.T) {
	const ref = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
	s := githubtest.NewServer(t)
	s.SetFile(ref, "prompts/huge.prompt.md", strings.Repeat("x", 3<<20))
	s.SetFile(ref, "prompts/small.prompt.md", "small\n")
	c, _ := newClient(t, s)
	ctx := context.Background()
	_, _, err := c.ContentLimited(ctx, owner, repo, "prompts/huge.prompt.md", ref, 1<<20)
	var tl *github.ErrTooLarge
	if !errors.As(err, &tl) || tl.Size != 3<<20 || tl.Limit != 1<<20 {
		t.Fatalf("err = %v, want ErrTooLarge with size and limit", err)
	}
	if n := s.Count("GET", "/repos/"+owner+"/"+repo+"/git/blobs"); n != 0 {
		t.Errorf("the blob was downloaded (%d requests)", n)
	}
	if data, found, err := c.ContentLimited(ctx, owner, repo, "prompts/small.prompt.md", ref, 1<<20); err != nil || !found || string(data) != "small\n" {
		t.Errorf("small file: %q, %v, %v", data, found, err)
	}
}

func TestCompareListsTheCommits(t *testing.T) {
	s := githubtest.NewServer(t)
	s.SetMergeBase("1111111111111111111111111111111111111111")
	s.AddCommit(githubtest.Commit{SHA: strings.Repeat("a", 40), Message: "Tighten the support prompt's tone", Author: "octocat"},
		githubtest.Commit{SHA: strings.Repeat("b", 40), Message: "fix"})
	c, _ := newClient(t, s)
	cmp, err := c.Compare(context.Background(), owner, repo, "base", "head")
	if err != nil {
		t.Fatal(err)
	}
	if cmp.MergeBase != "1111111111111111111111111111111111111111" || !cmp.Complete || len(cmp.Commits) != 2 ||
		cmp.Commits[0].Message != "Tighten the support prompt's tone" || cmp.Commits[1].SHA != strings.Repeat("b", 40) {
		t.Errorf("Compare = %+v", cmp)
	}
	s.CompareWithoutCommits()
	if cmp, err = c.Compare(context.Background(), owner, repo, "base", "head"); err != nil || cmp.Complete {
		t.Errorf("a comparison listing none of its 2 commits is complete: %+v, %v", cmp, err)
	}
}

func TestPullFilesCountedTrustsTheListingBelowTheCap(t *testing.T) {
	s := githubtest.NewServer(t)
	for i := 0; i < 3; i++ {
		s.AddPRFile(githubtest.File{Name: fmt.Sprintf("prompts/p%d.yaml", i), Status: "modified"})
	}
	c, _ := newClient(t, s)
	// A payload's changed_files may be stale or from a fixture; below the
	// 3,000 cap the listing is complete whatever the count says.
	files, truncated, err := c.PullFilesCounted(context.Background(), owner, repo, pr, 7)
	if err != nil || truncated || len(files) != 3 {
		t.Errorf("files %d, truncated %v, err %v; want 3, false", len(files), truncated, err)
	}
}
