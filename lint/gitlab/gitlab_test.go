package gitlab_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/promptlint/promptlint/lint/gitlab"
	"github.com/promptlint/promptlint/lint/gitlab/gitlabtest"
	"github.com/promptlint/promptlint/lint/retry"
	"github.com/promptlint/promptlint/lint/sticky"
)

const (
	project = "42"
	iid     = gitlabtest.IID
	base    = "1a2b3c4d5e6f708192a3b4c5d6e7f80912345678"
	head    = "9b1f2c3d4e5f60718293a4b5c6d7e8f901234567"
)

var fixedNow = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

type sleeper struct{ waits []time.Duration }

func (s *sleeper) sleep(_ context.Context, d time.Duration) error {
	s.waits = append(s.waits, d)
	return nil
}

func newClient(t *testing.T, s *gitlabtest.Server, opts ...retry.Option) (*gitlab.Client, *sleeper) {
	t.Helper()
	sl := &sleeper{}
	opts = append([]retry.Option{retry.WithHTTPClient(s.Client()), retry.WithSleep(sl.sleep), retry.WithClock(func() time.Time { return fixedNow })}, opts...)
	c, err := gitlab.New(gitlabtest.Token, s.APIURL(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, sl
}

func TestMergeRequest(t *testing.T) {
	s := gitlabtest.NewServer(t)
	s.AddDiff(gitlabtest.Diff{OldPath: "a.yaml", NewPath: "a.yaml"})
	c, _ := newClient(t, s)
	ctx := context.Background()
	mr, err := c.MergeRequest(ctx, project, iid)
	if err != nil {
		t.Fatal(err)
	}
	want := &gitlab.MergeRequest{
		IID: 7, ProjectID: 42, SourceProjectID: 42, TargetProjectID: 42,
		Title: "Tighten the support reply prompt", Description: "## What changed\n\nShorter greeting.",
		State: "opened", Author: "alice", SourceBranch: "support-reply-tone", TargetBranch: "main",
		SHA: head, BaseSHA: base, HeadSHA: head, StartSHA: base, ChangesCount: "1",
		WebURL: "https://gitlab.example.com/promptlab/prompts/-/merge_requests/7",
	}
	if !reflect.DeepEqual(mr, want) {
		t.Errorf("merge request\n got %+v\nwant %+v", mr, want)
	}
	if mr.Fork() || mr.Overflow() {
		t.Errorf("fork %v, overflow %v", mr.Fork(), mr.Overflow())
	}

	// The namespaced path works as the ID, encoded whole.
	if _, err := c.MergeRequest(ctx, gitlabtest.ProjectPath, iid); err != nil {
		t.Errorf("by path: %v", err)
	}
	if log := c.RequestLog(); log[len(log)-1] != "GET /api/v4/projects/promptlab%2Fprompts/merge_requests/7" {
		t.Errorf("request %q", log[len(log)-1])
	}

	s.SetFork(99)
	s.SetChangesCount("1000+")
	s.SetDescription(nil)
	s.WithoutDiffRefs()
	mr, err = c.MergeRequest(ctx, project, iid)
	if err != nil {
		t.Fatal(err)
	}
	if !mr.Fork() || !mr.Overflow() || mr.Description != "" || mr.BaseSHA != "" || mr.HeadSHA != "" {
		t.Errorf("fork MR over the limits: %+v", mr)
	}
}

func TestDiffsPaginate(t *testing.T) {
	for _, linkOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("linkOnly=%v", linkOnly), func(t *testing.T) {
			s := gitlabtest.NewServer(t)
			if linkOnly {
				s.LinkOnly()
			}
			for i := range 250 {
				p := fmt.Sprintf("prompts/p%03d.yaml", i)
				s.AddDiff(gitlabtest.Diff{OldPath: p, NewPath: p})
			}
			s.AddDiff(gitlabtest.Diff{OldPath: "new.yaml", NewPath: "new.yaml", NewFile: true},
				gitlabtest.Diff{OldPath: "old.yaml", NewPath: "moved.yaml", RenamedFile: true},
				gitlabtest.Diff{OldPath: "gone.yaml", NewPath: "gone.yaml", DeletedFile: true})
			c, _ := newClient(t, s)
			diffs, truncated, err := c.Diffs(context.Background(), project, iid)
			if err != nil || truncated {
				t.Fatalf("truncated %v, err %v", truncated, err)
			}
			if len(diffs) != 253 || diffs[0].NewPath != "prompts/p000.yaml" || diffs[249].NewPath != "prompts/p249.yaml" {
				t.Fatalf("%d diffs, first %+v", len(diffs), diffs[0])
			}
			if got, want := diffs[250:], []gitlab.Diff{
				{OldPath: "new.yaml", NewPath: "new.yaml", AMode: "0", BMode: "100644", NewFile: true},
				{OldPath: "old.yaml", NewPath: "moved.yaml", AMode: "100644", BMode: "100644", RenamedFile: true},
				{OldPath: "gone.yaml", NewPath: "gone.yaml", AMode: "100644", BMode: "0", DeletedFile: true},
			}; !reflect.DeepEqual(got, want) {
				t.Errorf("diffs\n got %+v\nwant %+v", got, want)
			}
			want := []string{
				"GET /api/v4/projects/42/merge_requests/7/diffs?page=1&per_page=100",
				"GET /api/v4/projects/42/merge_requests/7/diffs?page=2&per_page=100",
				"GET /api/v4/projects/42/merge_requests/7/diffs?page=3&per_page=100",
			}
			if got := s.Requests(); !reflect.DeepEqual(got, want) {
				t.Errorf("requests\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestDiffsOnAGitLabWithoutTheDiffsAPI(t *testing.T) {
	s := gitlabtest.NewServer(t)
	s.WithoutDiffsAPI()
	s.AddDiff(gitlabtest.Diff{OldPath: "a.yaml", NewPath: "b.yaml", RenamedFile: true})
	c, _ := newClient(t, s)
	diffs, truncated, err := c.Diffs(context.Background(), project, iid)
	if err != nil || truncated || len(diffs) != 1 || diffs[0].OldPath != "a.yaml" || diffs[0].NewPath != "b.yaml" || !diffs[0].RenamedFile {
		t.Fatalf("%+v, %v, %v", diffs, truncated, err)
	}
	if s.Count("GET", "/projects/42/merge_requests/7/changes") != 1 {
		t.Errorf("requests %q", s.Requests())
	}
	s.SetChangesCount("1000+")
	if _, truncated, err = c.Diffs(context.Background(), project, iid); err != nil || !truncated {
		t.Errorf("overflow: truncated %v, err %v", truncated, err)
	}
}

// pager answers every page with one item and the given next-page headers.
func pager(t *testing.T, headers func(r *http.Request) map[string]string) (string, *int) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		for k, v := range headers(r) {
			w.Header().Set(k, v)
		}
		w.Write([]byte(`[{"old_path":"a","new_path":"a"}]`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

func TestPaginationCannotLoop(t *testing.T) {
	for name, headers := range map[string]func(*http.Request) map[string]string{
		"X-Next-Page back to 1": func(*http.Request) map[string]string { return map[string]string{"X-Page": "1", "X-Next-Page": "1"} },
		"Link to the same page": func(r *http.Request) map[string]string {
			return map[string]string{"Link": "<http://" + r.Host + r.URL.Path + "?page=1&per_page=100>; rel=\"next\""}
		},
		"Link to another host": func(r *http.Request) map[string]string {
			return map[string]string{"Link": "<http://elsewhere.example" + r.URL.Path + "?page=2>; rel=\"next\""}
		},
	} {
		t.Run(name, func(t *testing.T) {
			u, n := pager(t, headers)
			c, err := gitlab.New("tok", u+"/api/v4")
			if err != nil {
				t.Fatal(err)
			}
			diffs, _, err := c.Diffs(context.Background(), project, iid)
			if err != nil || len(diffs) != 1 || *n != 1 {
				t.Errorf("%d diffs in %d requests, err %v; want 1 in 1", len(diffs), *n, err)
			}
		})
	}
	// A server that always has a next page is read up to the cap.
	u, n := pager(t, func(r *http.Request) map[string]string {
		p, _ := strconv.Atoi(r.URL.Query().Get("page"))
		return map[string]string{"X-Page": strconv.Itoa(p), "X-Next-Page": strconv.Itoa(p + 1)}
	})
	c, _ := gitlab.New("tok", u+"/api/v4")
	diffs, truncated, err := c.Diffs(context.Background(), project, iid)
	if err != nil || !truncated || len(diffs) != gitlab.MaxDiffPages || *n != gitlab.MaxDiffPages {
		t.Errorf("%d diffs in %d requests, truncated %v, err %v", len(diffs), *n, truncated, err)
	}
}

func TestApprovalsAndReviewers(t *testing.T) {
	s := gitlabtest.NewServer(t)
	s.AddApproval("bob")
	s.AddApproval("carol")
	s.AddReviewer("dave", "requested_changes")
	c, _ := newClient(t, s)
	ctx := context.Background()
	got, err := c.Approvals(ctx, project, iid)
	if err != nil || !reflect.DeepEqual(got, []string{"bob", "carol"}) {
		t.Errorf("approvals %q, %v", got, err)
	}
	rv, err := c.Reviewers(ctx, project, iid)
	if err != nil || !reflect.DeepEqual(rv, []gitlab.Reviewer{{User: "dave", State: "requested_changes"}}) {
		t.Errorf("reviewers %+v, %v", rv, err)
	}
	s.WithoutReviewersAPI()
	if _, err := c.Reviewers(ctx, project, iid); !gitlab.IsNotFound(err) {
		t.Errorf("err = %v, want a 404", err)
	}
}

func TestCommits(t *testing.T) {
	s := gitlabtest.NewServer(t)
	var want []gitlab.Commit
	for i := range 130 {
		c := gitlabtest.Commit{SHA: fmt.Sprintf("%040x", i+1), Message: fmt.Sprintf("change %d\n", i), Author: "Alice"}
		s.AddCommit(c)
		want = append(want, gitlab.Commit{SHA: c.SHA, Message: c.Message, Author: "Alice"})
	}
	s.AddCommit(gitlabtest.Commit{SHA: "ffff", Message: "fix", Author: "Alice", Paths: []string{"a.yaml", "b.yaml"}})
	want = append(want, gitlab.Commit{SHA: "ffff", Message: "fix", Author: "Alice"})
	c, _ := newClient(t, s)
	ctx := context.Background()
	got, truncated, err := c.Commits(ctx, project, iid)
	if err != nil || truncated || !reflect.DeepEqual(got, want) {
		t.Errorf("%d commits (oldest %+v), truncated %v, err %v", len(got), got[:1], truncated, err)
	}
	paths, err := c.CommitPaths(ctx, project, "ffff")
	if err != nil || !reflect.DeepEqual(paths, []string{"a.yaml", "b.yaml"}) {
		t.Errorf("paths %q, %v", paths, err)
	}
	if _, err := c.CommitPaths(ctx, project, "0000"); !gitlab.IsNotFound(err) {
		t.Errorf("unknown commit: %v", err)
	}
}

func TestTokens(t *testing.T) {
	s := gitlabtest.NewServer(t)
	ctx := context.Background()
	for _, tc := range []struct {
		token  string
		public bool
		status int
	}{
		{gitlabtest.Token, false, 0},
		{gitlabtest.ReadToken, false, 0},
		{"", false, http.StatusNotFound}, // a private project hides from the anonymous
		{"", true, 0},
		{"glpat-wrong", true, http.StatusUnauthorized},
	} {
		s.SetPublic(tc.public)
		c, err := gitlab.New(tc.token, s.APIURL(), retry.WithHTTPClient(s.Client()))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.MergeRequest(ctx, project, iid)
		if gitlab.StatusCode(err) != tc.status {
			t.Errorf("token %q, public %v: err %v, want status %d", tc.token, tc.public, err, tc.status)
		}
		if tc.status == http.StatusUnauthorized && !gitlab.IsForbidden(err) {
			t.Errorf("a 401 is not forbidden: %v", err)
		}
	}
}

func TestNewRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "gitlab.com/api/v4", "ftp://gitlab.com/api/v4", "https://gitlab.com/api/v4?x=1", "://"} {
		if _, err := gitlab.New("", u); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
}

func TestRedirectElsewhereKeepsTheToken(t *testing.T) {
	var leaked string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("PRIVATE-TOKEN")
		w.Write([]byte(`{}`))
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	defer srv.Close()
	c, _ := gitlab.New("secret", srv.URL+"/api/v4")
	if _, err := c.MergeRequest(context.Background(), project, iid); err == nil || !strings.Contains(err.Error(), "promptlint sends its token only to") {
		t.Errorf("err = %v", err)
	}
	if leaked != "" {
		t.Errorf("the token went to another host: %q", leaked)
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
		{"502 then success", 502, nil, 1, []time.Duration{time.Second}},
		{"500 three times", 500, nil, 3, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}},
		{"503 Retry-After", 503, map[string]string{"Retry-After": "7"}, 1, []time.Duration{7 * time.Second}},
		{"429 Retry-After", 429, map[string]string{"Retry-After": "2"}, 1, []time.Duration{2 * time.Second}},
		{"429 until RateLimit-Reset", 429, map[string]string{"RateLimit-Remaining": "0", "RateLimit-Reset": reset}, 1, []time.Duration{6 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := gitlabtest.NewServer(t)
			s.AddDiff(gitlabtest.Diff{OldPath: "a.yaml", NewPath: "a.yaml"})
			s.FailNext("GET", "/projects/42/merge_requests/7/diffs", tc.status, tc.headers, tc.times)
			c, sl := newClient(t, s)
			diffs, _, err := c.Diffs(context.Background(), project, iid)
			if err != nil || len(diffs) != 1 {
				t.Fatalf("%+v, %v", diffs, err)
			}
			if !reflect.DeepEqual(sl.waits, tc.wantWaits) {
				t.Errorf("waits %v, want %v", sl.waits, tc.wantWaits)
			}
			if c.Requests() != tc.times+1 {
				t.Errorf("%d requests, want %d", c.Requests(), tc.times+1)
			}
		})
	}
	// Past the budget the 5xx surfaces, with GitLab's message.
	s := gitlabtest.NewServer(t)
	s.FailNext("", "/", 502, nil, 100)
	c, _ := newClient(t, s, retry.WithMaxWait(3*time.Second))
	_, err := c.MergeRequest(context.Background(), project, iid)
	if gitlab.StatusCode(err) != 502 || !strings.Contains(err.Error(), "502 Bad Gateway") {
		t.Errorf("err = %v", err)
	}
}

func TestErrorMessages(t *testing.T) {
	for body, want := range map[string]string{
		`{"message":"404 Project Not Found"}`:                                      "GET /api/v4/projects/42/merge_requests/7: 404 404 Project Not Found",
		`{"message":{"note":["is too long (maximum is 1000000 characters)"]}}`:     `GET /api/v4/projects/42/merge_requests/7: 404 {"note":["is too long (maximum is 1000000 characters)"]}`,
		`{"error":"insufficient_scope","error_description":"needs the api scope"}`: "GET /api/v4/projects/42/merge_requests/7: 404 insufficient_scope: needs the api scope",
		`<html>oops</html>`: "GET /api/v4/projects/42/merge_requests/7: 404 Not Found",
		`{"message":"` + strings.Repeat("x\\n", 400) + `"}`: "GET /api/v4/projects/42/merge_requests/7: 404 " + strings.TrimSpace(strings.Repeat("x ", 150)) + "…",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(404)
			io.WriteString(w, body)
		}))
		c, _ := gitlab.New("", srv.URL+"/api/v4")
		_, err := c.MergeRequest(context.Background(), project, iid)
		srv.Close()
		if err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("body %.40q: err %v\nwant suffix %q", body, err, want)
		}
	}
}

func TestFindNote(t *testing.T) {
	s := gitlabtest.NewServer(t)
	s.AddSystemNote(sticky.Marker + "\nsystem notes are never it")
	s.AddNote("bob", "> "+sticky.Marker+"\nquoted")
	s.AddNote("bob", "<!-- promptlint:ab-tested -->\nnot the marker")
	for range 230 {
		s.AddNote("bob", "chatter")
	}
	first := s.AddNote(gitlabtest.Bot, sticky.Marker+"\nfirst")
	s.AddNote(gitlabtest.Bot, sticky.Marker+"\nsecond")
	c, _ := newClient(t, s)
	n, err := c.Notes(project, iid, "https://gitlab.example.com/promptlab/prompts/-/merge_requests/7").Find(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n == nil || n.ID != first.ID || n.User != gitlabtest.Bot || n.URL != fmt.Sprintf("https://gitlab.example.com/promptlab/prompts/-/merge_requests/7#note_%d", first.ID) {
		t.Errorf("found %+v, want note %d", n, first.ID)
	}
	if got := s.Count("GET", "/projects/42/merge_requests/7/notes"); got != 3 {
		t.Errorf("%d pages read, want 3", got)
	}
	for _, r := range s.Requests() {
		if !strings.Contains(r, "order_by=created_at") || !strings.Contains(r, "sort=asc") {
			t.Errorf("request %q does not ask for the oldest first", r)
		}
	}

	s = gitlabtest.NewServer(t)
	s.AddNote("bob", "hello")
	c, _ = newClient(t, s)
	if n, err := c.Notes(project, iid, "").Find(context.Background()); n != nil || err != nil {
		t.Errorf("found %+v, %v; want none", n, err)
	}
}

func TestPutNote(t *testing.T) {
	s := gitlabtest.NewServer(t)
	c, _ := newClient(t, s)
	ctx := context.Background()
	notes := c.Notes(project, iid, "https://gitlab.example.com/promptlab/prompts/-/merge_requests/7")
	body := sticky.Marker + "\r\n✅ promptlint: no findings\r\n\r\n"
	url, action, err := notes.Put(ctx, nil, body)
	if err != nil || action != "created" || !strings.HasSuffix(url, "#note_301") {
		t.Fatalf("%q %q %v", url, action, err)
	}
	stored := s.Notes()
	if len(stored) != 1 || stored[0].Body != sticky.Marker+"\n✅ promptlint: no findings" || stored[0].Author != gitlabtest.Bot {
		t.Fatalf("notes %+v", stored)
	}
	// The same report again: GitLab stored it trimmed, and that is the same.
	existing, _ := notes.Find(ctx)
	if _, action, err = notes.Put(ctx, existing, body); err != nil || action != "unchanged" {
		t.Errorf("unchanged: %q %v", action, err)
	}
	if n := s.Count("PUT", ""); n != 0 {
		t.Errorf("%d edits of an unchanged note", n)
	}
	if _, action, err = notes.Put(ctx, existing, sticky.Marker+"\n❌ 1 error\n"); err != nil || action != "updated" {
		t.Errorf("updated: %q %v", action, err)
	}
	if got := s.Notes(); len(got) != 1 || got[0].Body != sticky.Marker+"\n❌ 1 error" {
		t.Errorf("notes %+v", got)
	}
	if _, _, err := notes.Put(ctx, nil, sticky.Marker+"\n"+strings.Repeat("x", gitlab.MaxNoteLength)); err == nil {
		t.Error("a note over GitLab's limit was sent")
	}
	if _, _, err := notes.Put(ctx, nil, "no marker"); err == nil {
		t.Error("a note without the marker was sent")
	}
}

func TestNoteQuickActionsAreInert(t *testing.T) {
	s := gitlabtest.NewServer(t)
	c, _ := newClient(t, s)
	notes := c.Notes(project, iid, "")
	body := sticky.Marker + "\n/approve\n/merge\n| /close |\n```diff\n/unapprove\n```\n  /label ~x\n"
	if _, _, err := notes.Put(context.Background(), nil, body); err != nil {
		t.Fatal(err)
	}
	if q := s.QuickActions(); len(q) != 0 {
		t.Errorf("GitLab ran quick actions from the note: %q", q)
	}
	got := s.Notes()[0].Body
	for _, want := range []string{"\u200b/approve", "\u200b/merge", "| /close |", "\u200b/unapprove", "  /label ~x"} {
		if !strings.Contains(got, want) {
			t.Errorf("stored note lacks %q:\n%s", want, got)
		}
	}
	if gitlab.Inert(got) != got {
		t.Errorf("Inert is not idempotent on %q", got)
	}
}

func TestPutNoteForbidden(t *testing.T) {
	s := gitlabtest.NewServer(t)
	ctx := context.Background()
	// A read-only token reads, and cannot post.
	c, err := gitlab.New(gitlabtest.ReadToken, s.APIURL(), retry.WithHTTPClient(s.Client()))
	if err != nil {
		t.Fatal(err)
	}
	notes := c.Notes(project, iid, "")
	if _, _, err := notes.Put(ctx, nil, sticky.Marker+"\nreport"); !gitlab.IsForbidden(err) {
		t.Errorf("err = %v, want a 403", err)
	}
	// A person's note that starts with the marker is found, but the
	// token may not edit it.
	s.AddNote("bob", sticky.Marker+"\npasted by hand")
	c, _ = newClient(t, s)
	notes = c.Notes(project, iid, "")
	existing, err := notes.Find(ctx)
	if err != nil || existing == nil {
		t.Fatalf("%+v %v", existing, err)
	}
	if _, _, err := notes.Put(ctx, existing, sticky.Marker+"\nreport"); gitlab.StatusCode(err) != http.StatusForbidden {
		t.Errorf("err = %v, want a 403", err)
	}
}

func TestCreateNoteAfterServerErrorLooksFirst(t *testing.T) {
	s := gitlabtest.NewServer(t)
	s.FailNext("POST", "/projects/42/merge_requests/7/notes", http.StatusBadGateway, nil, 1)
	c, sl := newClient(t, s)
	if _, action, err := c.Notes(project, iid, "").Put(context.Background(), nil, sticky.Marker+"\nreport"); err != nil || action != "created" {
		t.Fatalf("%q %v", action, err)
	}
	if len(s.Notes()) != 1 || s.Count("POST", "") != 2 || s.Count("GET", "") != 1 || len(sl.waits) != 0 {
		t.Errorf("notes %+v; requests %q; waits %v", s.Notes(), s.Requests(), sl.waits)
	}
}

func TestInert(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb\r\n\r\n":           "a\nb",
		"/merge":                   "\u200b/merge",
		"x\n/approve now\n/":       "x\n\u200b/approve now\n\u200b/",
		" /close\n|/close|\n\t/x ": " /close\n|/close|\n\t/x",
		"":                         "",
	} {
		if got := gitlab.Inert(in); got != want {
			t.Errorf("Inert(%q) = %q, want %q", in, got, want)
		}
	}
}

// treeServer is a fake with files at head.
func treeServer(t *testing.T) *gitlabtest.Server {
	s := gitlabtest.NewServer(t)
	s.SetFile(head, ".promptlint.yaml", "files: ['prompts/**']\n")
	s.SetFile(head, "prompts/support.yaml", "version: 1.0.0\ntemplate: Hi {name}\n")
	s.SetFile(head, "prompts/deep/nested/x.prompt.md", "---\nversion: 1.0.0\n---\nHello\n")
	s.SetFile(head, "prompts/with space & #hash?.yaml", "version: 1.0.0\n")
	s.SetFile(head, "prompts/ünïcödé.prompt.yml", "name: x\n")
	s.SetFile(head, "README.md", "# prompts\n")
	return s
}

func TestTreeIsAnFS(t *testing.T) {
	s := treeServer(t)
	c, _ := newClient(t, s)
	tree := c.Tree(context.Background(), project, head)
	if err := fstest.TestFS(tree, ".promptlint.yaml", "prompts/support.yaml", "prompts/deep/nested/x.prompt.md", "prompts/with space & #hash?.yaml", "prompts/ünïcödé.prompt.yml", "README.md"); err != nil {
		t.Fatal(err)
	}
	data, err := fs.ReadFile(tree, "prompts/with space & #hash?.yaml")
	if err != nil || string(data) != "version: 1.0.0\n" {
		t.Errorf("%q, %v", data, err)
	}
	if _, err := fs.Stat(tree, "prompts/missing.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := fs.Stat(tree, "nodir/missing.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
}

func TestTreeLinksAndSubmodules(t *testing.T) {
	s := treeServer(t)
	s.SetSymlink(head, "prompts/link.yaml", "../.promptlint.yaml")
	s.SetSubmodule(head, "vendor/lib")
	c, _ := newClient(t, s)
	tree := c.Tree(context.Background(), project, head)
	fi, err := fs.Lstat(tree, "prompts/link.yaml")
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("Lstat link: %v, %v", fi, err)
	}
	if target, err := fs.ReadLink(tree, "prompts/link.yaml"); err != nil || target != "../.promptlint.yaml" {
		t.Errorf("ReadLink = %q, %v", target, err)
	}
	if _, err := fs.Stat(tree, "prompts/link.yaml"); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Stat followed the link: %v", err)
	}
	if _, err := fs.ReadFile(tree, "prompts/link.yaml"); err == nil {
		t.Error("ReadFile followed the link")
	}
	fi, err = fs.Lstat(tree, "vendor/lib")
	if err != nil || fi.Mode().IsRegular() || fi.IsDir() {
		t.Errorf("submodule: %v, %v", fi, err)
	}
}

func TestTreeReadsEachFileOnce(t *testing.T) {
	s := treeServer(t)
	s.SetFile(head, "prompts/huge.yaml", strings.Repeat("x", 3<<20))
	c, _ := newClient(t, s)
	tree := c.Tree(context.Background(), project, head)
	tree.SetMode("prompts/support.yaml", "100644")
	tree.SetMode("prompts/gone.yaml", "0")
	tree.SetMode("prompts/huge.yaml", "100644")

	// A file whose mode is known: Lstat reads it raw, Open costs nothing.
	fi, err := fs.Lstat(tree, "prompts/support.yaml")
	if err != nil || fi.Size() != 35 || !fi.Mode().IsRegular() {
		t.Fatalf("%v %v", fi, err)
	}
	data, err := fs.ReadFile(tree, "prompts/support.yaml")
	if err != nil || string(data) != "version: 1.0.0\ntemplate: Hi {name}\n" {
		t.Fatalf("%q %v", data, err)
	}
	if got := s.Requests(); len(got) != 1 || got[0] != "GET /api/v4/projects/42/repository/files/prompts%2Fsupport%2Eyaml/raw?ref="+head {
		t.Errorf("requests %q", got)
	}
	if _, err := fs.Lstat(tree, "prompts/gone.yaml"); !errors.Is(err, fs.ErrNotExist) || len(s.Requests()) != 1 {
		t.Errorf("a file known to be absent: %v after %d requests", err, len(s.Requests()))
	}

	// Over the prefetch size: the size comes from X-Gitlab-Size, the
	// content only when opened.
	tree.SetPrefetch(1 << 20)
	fi, err = fs.Lstat(tree, "prompts/huge.yaml")
	if err != nil || fi.Size() != 3<<20 {
		t.Fatalf("%v %v", fi, err)
	}
	data, err = fs.ReadFile(tree, "prompts/huge.yaml")
	if err != nil || len(data) != 3<<20 {
		t.Errorf("%d bytes, %v", len(data), err)
	}

	// A file whose mode is not known: its folder is listed once.
	s.ClearRequests()
	for _, p := range []string{"prompts/with space & #hash?.yaml", "prompts/ünïcödé.prompt.yml", "prompts/nope.yaml"} {
		fs.Lstat(tree, p)
	}
	if n := s.Count("GET", "/projects/42/repository/tree"); n != 1 {
		t.Errorf("the folder was listed %d times: %q", n, s.Requests())
	}
}
