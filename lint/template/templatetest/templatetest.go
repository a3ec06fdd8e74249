// Package templatetest checks the template languages under lint/template
// by the same rules: a scan's invariants (positions in bounds and
// consistent, names not empty), agreement with the real engines' recorded
// answers, fuzzing from shared seeds and the corpus, and bounded renders.
package templatetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template"
)

// CorpusDir holds real prompt files (see testdata/corpus/SOURCES.md at the
// top of the module), relative to a language package's directory.
const CorpusDir = "../../../testdata/corpus"

// CorpusSeeds returns the text of every prompt-like file in the corpus.
// It fails tb when there is none: the corpus is part of the repository.
func CorpusSeeds(tb testing.TB) []string {
	tb.Helper()
	var out []string
	_ = filepath.WalkDir(CorpusDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		switch filepath.Ext(path) {
		case ".prompt", ".yml", ".yaml", ".prompty", ".md", ".txt", ".j2", ".jinja", ".hbs":
			if b, err := os.ReadFile(path); err == nil && len(b) < 64<<10 {
				out = append(out, string(b))
			}
		}
		return nil
	})
	if len(out) == 0 {
		tb.Fatalf("no prompt files under %s", CorpusDir)
	}
	return out
}

// Check asserts the invariants of any scan of text in syntax s.
func Check(t *testing.T, s template.Syntax, text string, r template.Result) {
	t.Helper()
	lines := strings.Count(text, "\n") + 1
	check := func(what string, p template.Pos) {
		if p.Offset < 0 || p.Offset > len(text) || p.Line < 1 || p.Line > lines || p.Col < 1 || p.Col > utf8.RuneCountInString(text)+1 {
			t.Fatalf("%s: %s position %+v out of bounds for %q", s, what, p, text)
		}
		if want := template.PosAt(text, p.Offset); want != p {
			t.Fatalf("%s: %s position %+v, recomputed %+v", s, what, p, want)
		}
	}
	for _, u := range r.Uses {
		if u.Name == "" {
			t.Fatalf("%s: empty use name in %q", s, text)
		}
		check("use "+u.Name, u.Pos)
	}
	for _, e := range r.Errors {
		if e.Msg == "" {
			t.Fatalf("%s: empty error message", s)
		}
		check("error", e.Pos)
	}
}

// ScanCorpus scans every corpus file with lang and checks each Result.
func ScanCorpus(t *testing.T, lang *template.Language) {
	for _, text := range CorpusSeeds(t) {
		Check(t, lang.Syntax, text, lang.Scan(text))
	}
}

// Bounded requires that rendering text with data in lang fails with an
// error rather than allocate or loop without bound, and returns no more
// than template.MaxRenderOutput bytes.
func Bounded(t *testing.T, lang *template.Language, text string, data map[string]any) {
	t.Helper()
	out, err := lang.Render(text, data)
	if err == nil {
		t.Fatalf("rendered %d bytes without an error", len(out))
	}
	if len(out) > template.MaxRenderOutput {
		t.Errorf("returned %d bytes", len(out))
	}
}

// Messages returns the messages of r's syntax errors, in order.
func Messages(r template.Result) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Msg)
	}
	return out
}

// Data decodes a YAML (or JSON) mapping as prompt readers do.
func Data(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("decoding %q: %v", s, err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m
}
