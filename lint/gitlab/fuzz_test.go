package gitlab

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzInert checks that a note body never carries a line GitLab would run
// as a quick action, that Inert is stable, and that it only adds.
func FuzzInert(f *testing.F) {
	for _, s := range []string{"", "/merge", "a\r\n/approve\r\n", "x\n/\n/ /\n", "```\n/close\n```", "\u200b/x", "a\n\n\n  \t", "\r/merge"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		out := Inert(body)
		for i, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "/") {
				t.Fatalf("line %d of %q starts with /", i+1, out)
			}
		}
		if strings.Contains(out, "\r") || out != strings.TrimRight(out, " \t\n\v\f") {
			t.Fatalf("%q keeps a CR or trailing space", out)
		}
		if again := Inert(out); again != out {
			t.Fatalf("Inert(Inert(%q)) = %q, not %q", body, again, out)
		}
		if len(out) > len(body)+len(zwsp)*(strings.Count(body, "\n")+1) {
			t.Fatalf("Inert(%q) grew to %d bytes", body, len(out))
		}
	})
}

// FuzzErrorMessage checks that any error body gives one bounded line.
func FuzzErrorMessage(f *testing.F) {
	for _, s := range []string{`{"message":"404 Not found"}`, `{"message":{"note":["is too long"]}}`, `{"error":"invalid_token","error_description":"Token was revoked."}`, `<html>`, `{"message":"a\nb"}`, `{"message":null}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		msg := errorMessage(data)
		if strings.ContainsAny(msg, "\r\n") || utf8.RuneCountInString(msg) > 301 {
			t.Fatalf("errorMessage(%q) = %q", data, msg)
		}
	})
}

// FuzzNextPage checks that the pagination headers never send the client
// back, to itself, or to another host.
func FuzzNextPage(f *testing.F) {
	f.Add("", "2", 1)
	f.Add(`<https://gitlab.example.com/api/v4/projects/42/merge_requests/7/notes?page=3&per_page=100>; rel="next"`, "", 2)
	f.Add(`<https://evil.example/api/v4/projects/42/merge_requests/7/notes?page=3>; rel="next"`, "", 2)
	f.Add(`<https://gitlab.example.com/api/v4/projects/42/merge_requests/7/notes?cursor=abc>; rel="next", <x>; rel="first"`, "", 1)
	f.Add(`<>; rel="next"`, "1", 5)
	base, _ := url.Parse("https://gitlab.example.com/api/v4/")
	const path = "projects/42/merge_requests/7/notes"
	f.Fuzz(func(t *testing.T, link, next string, page int) {
		h := http.Header{}
		h.Set("Link", link)
		if next != "" {
			h.Set("X-Next-Page", next)
		}
		n, q := nextPage(&http.Response{Header: h}, base, path, page)
		if n != 0 && (n <= page || q != nil) {
			t.Fatalf("page %d → %d, %v", page, n, q)
		}
		if q != nil && !strings.Contains(link, "gitlab.example.com") {
			t.Fatalf("followed %q off the host", link)
		}
	})
}
