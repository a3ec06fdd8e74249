package github_test

// The tests of the fake GitHub API, githubtest, live here with the tests
// that use it: one test binary for both.

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/apitest"
	"github.com/promptlint/promptlint/lint/github/githubtest"
)

// get makes a GET request to the fake and returns the response and its
// body.
func get(t *testing.T, s *githubtest.Server, path string) (*http.Response, []byte) {
	t.Helper()
	return request(t, s, "GET", path, "")
}

// request makes a request to the fake and returns the response and its
// body.
func request(t *testing.T, s *githubtest.Server, method, path, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, data
}

func TestCommentsKeepFixtureShape(t *testing.T) {
	s := githubtest.NewServer(t)
	for range 35 {
		s.AddComment("octocat", "hi")
	}
	resp, data := get(t, s, "/repos/Codertocat/Hello-World/issues/2/comments?page=2")
	var list []map[string]any
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 5 {
		t.Fatalf("page 2 of 35 at 30 per page has %d comments, want 5", len(list))
	}
	// Every key of GitHub's example is there.
	for key := range firstFixture(t, "rest-issues-list-comments.json") {
		if _, ok := list[0][key]; !ok {
			t.Errorf("comment lacks %q", key)
		}
	}
	if list[0]["id"].(float64) != 1031 || list[0]["body"] != "hi" {
		t.Errorf("first comment of page 2: id %v body %v", list[0]["id"], list[0]["body"])
	}
	link := resp.Header.Get("Link")
	if !strings.Contains(link, `comments?page=1>; rel="prev"`) || strings.Contains(link, `rel="next"`) {
		t.Errorf("Link = %q", link)
	}
}

func TestContentsShape(t *testing.T) {
	s := githubtest.NewServer(t)
	content := strings.Repeat("x", 100)
	s.SetFile("main", "dir/a.md", content)
	_, data := get(t, s, "/api/v3/repos/Codertocat/Hello-World/contents/dir/a.md?ref=main")
	var obj struct {
		Type, Encoding, Content, SHA, Path string
		Size                               int
	}
	if err := json.Unmarshal(data, &obj); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(obj.Content, "\n"), "\n")
	if obj.Type != "file" || obj.Encoding != "base64" || obj.Size != 100 || obj.Path != "dir/a.md" || obj.SHA != githubtest.BlobSHA([]byte(content)) || len(lines) != 3 || len(lines[0]) != 60 {
		t.Errorf("content object %+v", obj)
	}
	resp, data := get(t, s, "/repos/Codertocat/Hello-World/contents/dir?ref=main")
	if resp.StatusCode != 200 || !strings.HasPrefix(string(data), "[") {
		t.Errorf("directory: %d %s", resp.StatusCode, data)
	}
	for _, p := range []string{"/repos/Codertocat/Hello-World/contents/nope.md?ref=main", "/repos/x/y/pulls/2", "/repos/Codertocat/Hello-World/pulls/3/files", "/nothing"} {
		if resp, _ := get(t, s, p); resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestCommentValidation(t *testing.T) {
	s := githubtest.NewServer(t)
	for _, tc := range []struct {
		body string
		want int
	}{
		{`{"body":"ok"}`, 201},
		{`{"body":""}`, 422},
		{`{}`, 422},
		{`{"body":"` + strings.Repeat("é", githubtest.MaxCommentLength+1) + `"}`, 422},
		{`not json`, 400},
	} {
		resp, err := s.Client().Post(s.URL+"/repos/Codertocat/Hello-World/issues/2/comments", "application/json", strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("POST %.20q: %d, want %d", tc.body, resp.StatusCode, tc.want)
		}
	}
	if got := s.Comments(); len(got) != 1 || got[0].User != githubtest.Bot || got[0].Body != "ok" {
		t.Errorf("comments %+v", got)
	}
}

func TestFailNext(t *testing.T) {
	s := githubtest.NewServer(t)
	s.FailNext("GET", "/repos/Codertocat/Hello-World/pulls/2", 500, map[string]string{"Retry-After": "1"}, 2)
	var codes []int
	for range 3 {
		resp, _ := get(t, s, "/api/v3/repos/Codertocat/Hello-World/pulls/2")
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode == 500 && resp.Header.Get("Retry-After") != "1" {
			t.Error("fault without its header")
		}
	}
	if codes[0] != 500 || codes[1] != 500 || codes[2] != 200 {
		t.Errorf("codes %v, want 500 500 200", codes)
	}
	if n := s.Count("GET", "/repos/Codertocat/Hello-World/pulls/2"); n != 3 {
		t.Errorf("Count = %d, want 3", n)
	}
}

// readFixture decodes GitHub's example payload name, which the fake
// copies the shape of, into v.
func readFixture(t *testing.T, name string, v any) {
	t.Helper()
	dir, err := githubtest.FixturesDir()
	if err != nil {
		t.Fatal(err)
	}
	if err := apitest.ReadFixture(dir, name, v); err != nil {
		t.Fatal(err)
	}
}

// firstFixture is the first object of the list in the example payload
// name.
func firstFixture(t *testing.T, name string) map[string]any {
	t.Helper()
	var list []map[string]any
	readFixture(t, name, &list)
	if len(list) == 0 {
		t.Fatalf("fixture %s is an empty list", name)
	}
	return list[0]
}
