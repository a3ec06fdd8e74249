package templatetest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/template"
)

// engineCase is one template with the answer of the real engine, recorded
// by ../testdata/engines (see its README): the distinct names the engine
// needs from its caller and whether it rejects the template.
type engineCase struct {
	Template string   `json:"template"`
	Names    []string `json:"names"`
	Error    bool     `json:"error"`
}

// MatchEngine runs lang's Scan over the templates in the package's
// testdata/engine.json, answered by the real engine (CPython's str.format,
// Jinja2's find_undeclared_variables, handlebars.js's parser): the same
// distinct names and the same error verdict, and every use points at its
// name. byDesign lists the recorded templates where Scan differs from the
// engine on purpose, with the reason; each must be in the data.
func MatchEngine(t *testing.T, lang *template.Language, byDesign map[string]string) {
	t.Helper()
	s := lang.Syntax
	b, err := os.ReadFile(filepath.Join("testdata", "engine.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []engineCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatalf("engine.json: %v", err)
	}
	if len(cases) < 100 {
		t.Fatalf("engine.json: %d cases, want the recorded few hundred", len(cases))
	}
	skipped := 0
	for _, c := range cases {
		r := lang.Scan(c.Template)
		CheckUsePositions(t, s, c.Template, r)
		if _, ok := byDesign[c.Template]; ok {
			skipped++
			continue
		}
		if gotErr := len(r.Errors) > 0; gotErr != c.Error {
			t.Errorf("%s %q: scan error = %v (%v), engine error = %v", s, c.Template, gotErr, r.Errors, c.Error)
			continue
		}
		if c.Error {
			continue // the engine names nothing for a template it rejects
		}
		got := r.Names()
		slices.Sort(got)
		want := slices.Clone(c.Names)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s %q: names = %q, engine = %q", s, c.Template, got, want)
		}
	}
	if skipped != len(byDesign) {
		t.Errorf("%s: %d by-design cases found in the data, %d listed", s, skipped, len(byDesign))
	}
}

// CheckUsePositions requires every use to point at its name, with Line and
// Col (in code points) matching the offset. A Handlebars [literal] with an
// escaped "]" is the one name not written verbatim.
func CheckUsePositions(t *testing.T, s template.Syntax, text string, r template.Result) {
	t.Helper()
	for _, u := range r.Uses {
		off := u.Pos.Offset
		if off < 0 || off > len(text) {
			t.Errorf("%s %q: use %q at offset %d out of range", s, text, u.Name, off)
			continue
		}
		if !strings.HasPrefix(text[off:], u.Name) && !(s == template.Handlebars && strings.Contains(u.Name, "]")) {
			t.Errorf("%s %q: use %q at offset %d does not point at the name", s, text, u.Name, off)
		}
		line := 1 + strings.Count(text[:off], "\n")
		col := 1 + utf8.RuneCountInString(text[strings.LastIndex(text[:off], "\n")+1:off])
		if u.Pos.Line != line || u.Pos.Col != col {
			t.Errorf("%s %q: use %q at %d:%d, want %d:%d", s, text, u.Name, u.Pos.Line, u.Pos.Col, line, col)
		}
	}
}

// optionalCase is one template with the real engine's answer on which of
// its variables a caller may leave out (../testdata/engines/optional_*).
type optionalCase struct {
	Template string   `json:"template"`
	Optional []string `json:"optional"`
	Required []string `json:"required"`
}

// MatchOptional runs lang's Scan over the templates in testdata/file and
// requires that a name all of whose uses are Optional is exactly one the
// engine lets a caller leave out, and every other name one it reads.
func MatchOptional(t *testing.T, lang *template.Language, file string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	var cases []optionalCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(cases) < 5 {
		t.Fatalf("%s: %d cases, want the recorded ones", file, len(cases))
	}
	for _, c := range cases {
		r := lang.Scan(c.Template)
		if len(r.Errors) > 0 {
			t.Errorf("%s %q: %v", lang.Syntax, c.Template, r.Errors)
			continue
		}
		required := map[string]bool{}
		for _, u := range r.Uses {
			required[u.Name] = required[u.Name] || !u.Optional
		}
		var opt, req []string
		for _, n := range r.Names() {
			if required[n] {
				req = append(req, n)
			} else {
				opt = append(opt, n)
			}
		}
		slices.Sort(opt)
		slices.Sort(req)
		if !slices.Equal(opt, c.Optional) || !slices.Equal(req, c.Required) {
			t.Errorf("%s %q: optional %q required %q, engine: optional %q required %q", lang.Syntax, c.Template, opt, req, c.Optional, c.Required)
		}
	}
}
