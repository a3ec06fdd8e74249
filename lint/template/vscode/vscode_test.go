package vscode

import (
	"slices"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/template"
	"github.com/promptlint/promptlint/lint/template/templatetest"
)

// useAt is an expected use: name and 1-based column on line 1.
type useAt struct {
	name string
	col  int
}

func usesOf(r template.Result) []useAt {
	var out []useAt
	for _, u := range r.Uses {
		out = append(out, useAt{u.Name, u.Pos.Col})
	}
	return out
}

func TestScanVSCode(t *testing.T) {
	cases := []struct {
		tmpl  string
		uses  []useAt
		errs  int
		notes string
	}{
		{"Review ${input:file}", []useAt{{"file", 16}}, 0, "input"},
		{"${input:topic:What topic?}", []useAt{{"topic", 9}}, 0, "placeholder text"},
		{"${input: spaced :x}", []useAt{{"spaced", 10}}, 0, "trimmed"},
		{"${selection} ${file} ${workspaceFolder}", nil, 0, "builtins"},
		{"${input:a} and ${input:b:B}", []useAt{{"a", 9}, {"b", 24}}, 0, "two"},
		{"${input:open", nil, 1, "unclosed"},
		{"${input:}", nil, 1, "empty name"},
		{"${input:a\n}", nil, 1, "newline before }"},
	}
	for _, c := range cases {
		r := Scan(c.tmpl)
		if got := usesOf(r); !slices.Equal(got, c.uses) {
			t.Errorf("Scan(%q) = %v, want %v (%s)", c.tmpl, got, c.uses, c.notes)
		}
		if len(r.Errors) != c.errs {
			t.Errorf("Scan(%q) errors = %v, want %d", c.tmpl, r.Errors, c.errs)
		}
	}
	got, _ := Render("${input:a:x} ${input:b} ${file}", map[string]any{"a": "A"})
	if want := "A ${input:b} ${file}"; got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
}

// TestScanCorpus scans every corpus file: no panic and positions in
// bounds.
func TestScanCorpus(t *testing.T) { templatetest.ScanCorpus(t, Language) }

func FuzzScan(f *testing.F)   { templatetest.FuzzScan(f, Language) }
func FuzzRender(f *testing.F) { templatetest.FuzzRender(f, Language) }

func BenchmarkScan(b *testing.B) {
	templatetest.BenchmarkScan(b, Language, strings.Repeat("Review ${input:file:Which file?} against ${input:standard} in ${workspaceFolder} and ${selection}.\n", 20))
}
