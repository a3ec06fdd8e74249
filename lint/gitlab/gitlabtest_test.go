package gitlab_test

// The tests of the fake GitLab API, gitlabtest, live here with the tests
// that use it: one test binary for both.

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/gitlab/gitlabtest"
)

func get(t *testing.T, s *gitlabtest.Server, method, path string, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, s.APIURL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("PRIVATE-TOKEN", gitlabtest.Token)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestPaginationHeaders(t *testing.T) {
	s := gitlabtest.NewServer(t)
	for range 45 {
		s.AddDiff(gitlabtest.Diff{OldPath: "a", NewPath: "a"})
	}
	resp := get(t, s, "GET", "/projects/42/merge_requests/7/diffs?page=2", "")
	h := resp.Header
	if h.Get("X-Page") != "2" || h.Get("X-Per-Page") != "20" || h.Get("X-Next-Page") != "3" || h.Get("X-Prev-Page") != "1" ||
		h.Get("X-Total") != "45" || h.Get("X-Total-Pages") != "3" || !strings.Contains(h.Get("Link"), `rel="next"`) {
		t.Errorf("headers %v", h)
	}
	resp = get(t, s, "GET", "/projects/42/merge_requests/7/diffs?page=3&per_page=20", "")
	if resp.Header.Get("X-Next-Page") != "" || strings.Contains(resp.Header.Get("Link"), `rel="next"`) {
		t.Errorf("the last page has a next: %v", resp.Header)
	}
	var items []any
	json.NewDecoder(resp.Body).Decode(&items)
	if len(items) != 5 {
		t.Errorf("%d items on the last page", len(items))
	}
}

func TestFilePathsMustBeEncodedWhole(t *testing.T) {
	s := gitlabtest.NewServer(t)
	s.SetFile("main", "prompts/a.yaml", "x: 1\n")
	if resp := get(t, s, "GET", "/projects/42/repository/files/prompts/a.yaml/raw?ref=main", ""); resp.StatusCode != 404 {
		t.Errorf("an unencoded path: %d", resp.StatusCode)
	}
	resp := get(t, s, "GET", "/projects/42/repository/files/prompts%2Fa%2Eyaml/raw?ref=main", "")
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(data) != "x: 1\n" || resp.Header.Get("X-Gitlab-Size") != "5" {
		t.Errorf("%d %q %v", resp.StatusCode, data, resp.Header)
	}
}

func TestNotesAreStoredAsGitLabStoresThem(t *testing.T) {
	s := gitlabtest.NewServer(t)
	resp := get(t, s, "POST", "/projects/42/merge_requests/7/notes", `{"body":"hello\r\n/approve\n\u0060\u0060\u0060\n/merge\n\u0060\u0060\u0060\n\n"}`)
	if resp.StatusCode != 201 {
		t.Fatalf("%d", resp.StatusCode)
	}
	notes := s.Notes()
	if len(notes) != 1 || notes[0].Body != "hello\n```\n/merge\n```" {
		t.Errorf("notes %+v", notes)
	}
	if q := s.QuickActions(); len(q) != 1 || q[0] != "/approve" {
		t.Errorf("quick actions %q", q)
	}
}
