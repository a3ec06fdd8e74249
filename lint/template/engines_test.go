package template

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// engineCase is one template with the answer of the real engine, recorded
// by testdata/engines/gen (see its README): the distinct names the engine
// needs from its caller and whether it rejects the template.
type engineCase struct {
	Template string   `json:"template"`
	Names    []string `json:"names"`
	Error    bool     `json:"error"`
}

// engineByDesign lists the recorded cases where Scan differs from the
// engine on purpose, with the reason.
var engineByDesign = map[Syntax]map[string]string{
	Python: {
		"{ name }":     "a key that is not a plain name is reported as an error: it is nearly always JSON or prose that needed {{ }}, and no caller supplies it",
		`{"key": "v"}`: "JSON object in a format string: not a plain-name key",
		"{a b}":        "key with a space: not a plain name",
		"{¹}":          "superscript digit key: not a plain name",
		"{na\tme}":     "key with a tab: not a plain name",
	},
	Jinja: {
		"{% do x %}": "the do extension is accepted: promptlint cannot know the extensions the application loads",
		"{% for x in y %}{% break %}{% endfor %}":    "the loopcontrols extension is accepted",
		"{% for x in y %}{% continue %}{% endfor %}": "the loopcontrols extension is accepted",
		"{{ x | myfilter }}":                         "an application's own filters are accepted (Jinja fails only at compile time, for the default Environment)",
		"{{ x is mytest }}":                          "an application's own tests are accepted",
	},
}

// TestScanMatchesEngines runs Scan over templates answered by CPython's
// str.format, Jinja2's find_undeclared_variables and handlebars.js's
// parser: the same distinct names and the same error verdict, and every
// use points at its name.
func TestScanMatchesEngines(t *testing.T) {
	for _, s := range []Syntax{Python, Jinja, Handlebars} {
		b, err := os.ReadFile(filepath.Join("testdata", "engines", string(s)+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var cases []engineCase
		if err := json.Unmarshal(b, &cases); err != nil {
			t.Fatalf("%s.json: %v", s, err)
		}
		if len(cases) < 100 {
			t.Fatalf("%s.json: %d cases, want the recorded few hundred", s, len(cases))
		}
		skipped := 0
		for _, c := range cases {
			r := Scan(s, c.Template)
			checkUsePositions(t, s, c.Template, r)
			if _, ok := engineByDesign[s][c.Template]; ok {
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
		if skipped != len(engineByDesign[s]) {
			t.Errorf("%s: %d by-design cases found in the data, %d listed", s, skipped, len(engineByDesign[s]))
		}
	}
}

// checkUsePositions requires every use to point at its name, with Line and
// Col (in code points) matching the offset. A Handlebars [literal] with an
// escaped "]" is the one name not written verbatim.
func checkUsePositions(t *testing.T, s Syntax, text string, r Result) {
	t.Helper()
	for _, u := range r.Uses {
		off := u.Pos.Offset
		if off < 0 || off > len(text) {
			t.Errorf("%s %q: use %q at offset %d out of range", s, text, u.Name, off)
			continue
		}
		if !strings.HasPrefix(text[off:], u.Name) && !(s == Handlebars && strings.Contains(u.Name, "]")) {
			t.Errorf("%s %q: use %q at offset %d does not point at the name", s, text, u.Name, off)
		}
		line := 1 + strings.Count(text[:off], "\n")
		col := 1 + utf8.RuneCountInString(text[strings.LastIndex(text[:off], "\n")+1:off])
		if u.Pos.Line != line || u.Pos.Col != col {
			t.Errorf("%s %q: use %q at %d:%d, want %d:%d", s, text, u.Name, u.Pos.Line, u.Pos.Col, line, col)
		}
	}
}
