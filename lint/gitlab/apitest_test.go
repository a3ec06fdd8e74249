package gitlab_test

// The tests of apitest, what the fakes of host APIs share, live here with
// the tests of a package whose fake uses it: one test binary for both.

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/promptlint/promptlint/lint/apitest"
)

func TestLogAndFaults(t *testing.T) {
	l := &apitest.Log{Root: "/api/v4"}
	for _, u := range []string{"/api/v4/projects/42/notes?page=2", "/api/v4/projects/42%2Fx", "/other"} {
		l.Record(httptest.NewRequest("GET", u, nil))
	}
	l.Record(httptest.NewRequest("POST", "/api/v4/projects/42/notes", nil))
	if got := l.Count("GET", "/projects/42"); got != 2 {
		t.Errorf("Count = %d", got)
	}
	if got := l.Count("", "/projects/42/notes"); got != 2 {
		t.Errorf("Count any method = %d", got)
	}
	if got := l.Requests(); !reflect.DeepEqual(got[1], "GET /api/v4/projects/42%2Fx") {
		t.Errorf("the path is not kept as sent: %q", got)
	}
	l.Clear()
	if len(l.Requests()) != 0 {
		t.Error("Clear left requests")
	}

	var f apitest.Faults
	f.Add("POST", "/projects", 502, map[string]string{"Retry-After": "1"}, 2)
	if _, ok := f.Take("GET", "/projects/42"); ok {
		t.Error("a GET took a POST's fault")
	}
	for i := range 2 {
		ft, ok := f.Take("POST", "/projects/42/notes")
		if !ok || ft.Status != 502 {
			t.Fatalf("take %d: %+v %v", i, ft, ok)
		}
		w := httptest.NewRecorder()
		ft.Apply(w)
		if w.Header().Get("Retry-After") != "1" {
			t.Errorf("headers %v", w.Header())
		}
	}
	if _, ok := f.Take("POST", "/projects/42/notes"); ok {
		t.Error("a fault outlived its count")
	}
}

func TestJSONHelpers(t *testing.T) {
	orig := map[string]any{"a": map[string]any{"b": []any{map[string]any{"c": "d"}}}, "n": 3.0}
	cp := apitest.Clone(orig)
	cp["a"].(map[string]any)["b"].([]any)[0].(map[string]any)["c"] = "changed"
	if apitest.Str(apitest.Dig(orig, "a", "b")) != "" || orig["a"].(map[string]any)["b"].([]any)[0].(map[string]any)["c"] != "d" {
		t.Error("Clone shares nested values")
	}
	if apitest.Num(apitest.Dig(orig, "n")) != 3 || apitest.Dig(orig, "a", "x", "y") != nil {
		t.Error("Dig")
	}
	if got := apitest.Unescape("a%2Fb%2Ec"); got != "a/b.c" {
		t.Errorf("Unescape = %q", got)
	}
	if got := apitest.Unescape("bad%zz"); got != "bad%zz" {
		t.Errorf("Unescape of bad escaping = %q", got)
	}
	// git hash-object of "hello\n"
	if got := apitest.BlobSHA([]byte("hello\n")); got != "ce013625030ba8dba906f756967f9e9ca394464a" {
		t.Errorf("BlobSHA = %s", got)
	}
	w := httptest.NewRecorder()
	apitest.WriteJSON(w, http.StatusCreated, map[string]int{"id": 1})
	if w.Code != 201 || w.Body.String() != `{"id":1}` {
		t.Errorf("WriteJSON: %d %s", w.Code, w.Body)
	}
	if dir, err := apitest.FindFixtures("testdata/fixtures/gitlab"); err != nil || dir == "" {
		t.Errorf("FindFixtures: %q %v", dir, err)
	}
	if _, err := apitest.FindFixtures("testdata/no-such-fixtures"); err == nil {
		t.Error("FindFixtures found a missing folder")
	}
}
