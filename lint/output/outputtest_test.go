package output_test

// The tests of outputtest, the checks of a rendered PR comment, live here
// with the tests that use it: one test binary for both.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/output/outputtest"
)

// recorder is a testing.TB that keeps the errors reported to it.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestCheckCommentFlagsEachViolation(t *testing.T) {
	clean := outputtest.Marker + "\n### ✅ promptlint\n\n<details><summary>a</summary>\n\n```diff\n+@octocat <img> #1\n```\n\n</details>\n\nsee `@x` &amp; &#8203;\n"
	for _, tc := range []struct{ name, body, want string }{
		{"clean", clean, ""},
		{"no marker", "hello\n", "want the marker"},
		{"marker twice", outputtest.Marker + "\n" + outputtest.Marker + "\n", "is the marker too"},
		{"mention", outputtest.Marker + "\nhi @octocat\n", "live mention"},
		{"issue reference", outputtest.Marker + "\nsee #12\n", "live issue reference"},
		{"raw html", outputtest.Marker + "\n<img src=x onerror=alert(1)>\n", "raw HTML"},
		{"image", outputtest.Marker + "\n![x](https://evil.example/p.png)\n", "can start an image"},
		{"unclosed fence", outputtest.Marker + "\n```\ncode\n", "never closed"},
		{"too long", outputtest.Marker + "\n" + strings.Repeat("é", 65536) + "\n", "over GitHub's 65,536"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			outputtest.CheckComment(r, tc.body)
			got := strings.Join(r.errs, "\n")
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("errors %q, want %q", got, tc.want)
			}
		})
	}
}
