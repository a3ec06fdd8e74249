package lint_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

// TestSuggestions: a fix becomes whole lines replaced: an insertion
// before a line suggests the new line and that line; a CRLF file's lines
// are broken with CRLF, and the last has no CR; a fix on a line the change did not touch, or one that
// overlaps another, is not suggested.
func TestSuggestions(t *testing.T) {
	head := fstest.MapFS{
		"a.prompt.yml": {Data: []byte("name: a\r\ndescription: A.\r\nmessages:\r\n  - role: user\r\n    content: \"Hi {{ who }} and {{ what }}\"\r\n")},
	}
	cfg := lint.DefaultConfig()
	rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: head, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
	if err != nil {
		t.Fatal(err)
	}
	all := func(string, int) bool { return true }
	got := lint.Suggestions(rep, all, 10)
	if len(got) != 2 {
		t.Fatalf("%d suggestions, want 2 (the version, one of the two spacing fixes on line 5): %+v", len(got), got)
	}
	if s := got[0]; s.Finding.Rule != "version-missing" || s.StartLine != 2 || s.EndLine != 2 || s.Text != "version: 1.0.0\r\ndescription: A." {
		t.Errorf("version suggestion: %+v", s)
	}
	if s := got[1]; s.Finding.Rule != "variable-spacing" || s.StartLine != 5 || s.EndLine != 5 || s.Text != "    content: \"Hi {{who}} and {{ what }}\"" {
		t.Errorf("spacing suggestion: %+v", s)
	}
	if got := lint.Suggestions(rep, func(_ string, line int) bool { return line == 5 }, 10); len(got) != 1 || got[0].StartLine != 5 {
		t.Errorf("only line 5 touched: %+v", got)
	}
	if got := lint.Suggestions(rep, all, 1); len(got) != 1 {
		t.Errorf("max 1: %d suggestions", len(got))
	}
}
