package lint

import (
	"testing"

	"github.com/promptlint/promptlint/lint/template"
)

// TestLanguages: every syntax has its language, and an unknown one scans
// as nothing and does not render.
func TestLanguages(t *testing.T) {
	for _, s := range template.Syntaxes {
		if l := language(s); l == nil || l.Syntax != s {
			t.Errorf("language(%q) = %+v", s, l)
		}
	}
	if _, err := compileTemplate("erb", "x")(nil); err == nil {
		t.Error("Render with an unknown syntax succeeded")
	}
	if r := scanTemplate("erb", "{x}"); len(r.Uses)+len(r.Errors) != 0 {
		t.Errorf("Scan with an unknown syntax = %+v", r)
	}
}
