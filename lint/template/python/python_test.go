package python

import (
	"slices"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/template"
	"github.com/promptlint/promptlint/lint/template/templatetest"
)

// useAt is an expected use: name and 1-based column on line 1 (or line
// and column when line > 0).
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

// TestScanPython states, per case, what CPython's str.format does with the
// template (checked with python3 3.11: string.Formatter().parse and
// str.format_map with a recording mapping).
func TestScanPython(t *testing.T) {
	cases := []struct {
		tmpl   string
		uses   []useAt
		errs   []string // substrings, in order
		engine string
	}{
		{"Hello {name}!", []useAt{{"name", 8}}, nil, "looks up 'name'"},
		{"{{name}}", nil, nil, "literal {name}"},
		{"{{{name}}}", []useAt{{"name", 4}}, nil, "literal braces around 'name'"},
		{"{name!r}", []useAt{{"name", 2}}, nil, "conversion r"},
		{"{name!s:>10}", []useAt{{"name", 2}}, nil, "conversion s, spec >10"},
		{"{name:>10}", []useAt{{"name", 2}}, nil, "spec >10"},
		{"{user.name}", []useAt{{"user", 2}}, nil, "looks up 'user' then getattr"},
		{"{user[0]}", []useAt{{"user", 2}}, nil, "looks up 'user' then [0]"},
		{"{cfg[key]}", []useAt{{"cfg", 2}}, nil, "looks up 'cfg' then ['key']"},
		{"{a[}]}", []useAt{{"a", 2}}, nil, "field name 'a[}]': key '}'"},
		{"{x:{width}}", []useAt{{"x", 2}, {"width", 5}}, nil, "nested spec field"},
		{"{x:{w}.{p}f}", []useAt{{"x", 2}, {"w", 5}, {"p", 9}}, nil, "two nested spec fields"},
		{"{a:{b:{c}}}", []useAt{{"a", 2}, {"b", 5}}, []string{"nests fields too deeply"}, "looks up a and b, then Max string recursion exceeded"},
		{"{}", nil, []string{`positional field "{}"`}, "Format string contains positional fields"},
		{"{0}", nil, []string{`positional field "{0}"`}, "positional"},
		{"{0.attr}", nil, []string{`positional field "{0.attr}"`}, "positional"},
		{"{.x}", nil, []string{`positional field "{.x}"`}, "empty first part: positional"},
		{"a } b", nil, []string{`single "}"`}, "Single '}' encountered"},
		{"a {", nil, []string{`single "{" at the end`}, "Single '{' encountered"},
		{"{name", nil, []string{`unclosed field "{"`}, "expected '}' before end of string"},
		{"{a[}", nil, []string{`unclosed field "{"`}, "expected '}' before end of string"},
		{"{a{b}", []useAt{{"b", 4}}, []string{`python found "{" inside the field name`}, "unexpected '{' in field name"},
		{"{a:", nil, []string{`unmatched "{" in the format spec`}, "unmatched '{' in format spec"},
		{"{a!}", nil, []string{`unmatched "{" in the format spec`}, "unmatched '{' in format spec"},
		{"{a!rx}", nil, []string{`expected ":" or "}" after the conversion "!r"`}, "expected ':' after conversion specifier"},
		{"{name!z}", []useAt{{"name", 2}}, []string{`unknown conversion "!z"`}, "Unknown conversion specifier z"},
		{"{ name }", nil, []string{`field name " name " is not a plain name`}, "KeyError ' name '"},
		{`{"key": "v"}`, nil, []string{`field name "\"key\"" is not a plain name`}, `KeyError '"key"'`},
		{"{a.}", []useAt{{"a", 2}}, []string{`empty attribute in field "a."`}, "Empty attribute in format string"},
		{"{a[0]b}", []useAt{{"a", 2}}, []string{`only "." or "[" may follow "]"`}, "Only '.' or '[' may follow ']'"},
		{"{my-var}", []useAt{{"my-var", 2}}, nil, "looks up 'my-var'"},
		{"{é} {名前}", []useAt{{"é", 2}, {"名前", 6}}, nil, "unicode keys"},
		{"{a\u0301} {b}", []useAt{{"a\u0301", 2}, {"b", 7}}, nil, "decomposed 'á': a letter and its combining mark"},
		{"{.r}", nil, []string{`positional field "{.r}"`}, "str.format numbers an empty first part: Format string contains positional fields"},
		{"{x!s:d}", []useAt{{"x", 2}}, nil, "parses; the spec only fails at run time for a str"},
		{"{-1}", []useAt{{"-1", 2}}, nil, "'-1' is not all digits: key lookup"},
		{"}} {{ {a} }}", []useAt{{"a", 8}}, nil, "escapes on both sides"},
	}
	for _, c := range cases {
		r := Scan(c.tmpl)
		if got := usesOf(r); !slices.Equal(got, c.uses) {
			t.Errorf("Scan(%q) uses = %v, want %v (engine: %s)", c.tmpl, got, c.uses, c.engine)
		}
		got := templatetest.Messages(r)
		if len(got) != len(c.errs) {
			t.Errorf("Scan(%q) errors = %q, want %q (engine: %s)", c.tmpl, got, c.errs, c.engine)
			continue
		}
		for i := range got {
			if !strings.Contains(got[i], c.errs[i]) {
				t.Errorf("Scan(%q) error %d = %q, want it to contain %q", c.tmpl, i, got[i], c.errs[i])
			}
		}
	}
}

func TestScanPythonErrorPositions(t *testing.T) {
	text := "line one\r\nsay {greeting} }\n\t{}"
	r := Scan(text)
	if len(r.Uses) != 1 || r.Uses[0].Pos != (template.Pos{Offset: 15, Line: 2, Col: 6}) {
		t.Errorf("uses = %+v, want greeting at 2:6 offset 15", r.Uses)
	}
	want := []template.Pos{{Offset: 25, Line: 2, Col: 16}, {Offset: 28, Line: 3, Col: 2}}
	if len(r.Errors) != 2 {
		t.Fatalf("errors = %+v, want 2", r.Errors)
	}
	for i, w := range want {
		if r.Errors[i].Pos != w {
			t.Errorf("error %d at %+v, want %+v", i, r.Errors[i].Pos, w)
		}
	}
}

// TestRenderPython compares with CPython 3.11's template.format(**data).
func TestRenderPython(t *testing.T) {
	cases := []struct{ tmpl, data, want string }{
		{"Hello {name}!", "{\"name\": \"Ada\"}", "Hello Ada!"},
		{"{{literal}} {x}", "{\"x\": 1}", "{literal} 1"},
		{"{n:>5}|{n:<5}|{n:^5}|{n:05}", "{\"n\": 42}", "   42|42   | 42  |00042"},
		{"{f:.2f} {f:10.3f} {f:e} {f:%} {f:g}", "{\"f\": 3.14159}", "3.14      3.142 3.141590e+00 314.159000% 3.14159"},
		{"{s:>8} {s:*<8} {s:.2}", "{\"s\": \"abc\"}", "     abc abc***** ab"},
		{"{n:,} {n:_} {n:x} {n:#b} {n:+d}", "{\"n\": 1234567}", "1,234,567 1_234_567 12d687 0b100101101011010000111 +1234567"},
		{"{v!r} {v!s}", "{\"v\": \"it's\"}", "\"it's\" it's"},
		{"{xs} {d}", "{\"xs\": [1, \"a\", null, true], \"d\": {\"a\": 1.5}}", "[1, 'a', None, True] {'a': 1.5}"},
		{"{xs[0]} {d[k]}", "{\"xs\": [\"first\"], \"d\": {\"k\": \"v\"}}", "first v"},
		{"{x:{w}}|", "{\"x\": \"ab\", \"w\": 5}", "ab   |"},
		{"{b} {none} {f}", "{\"b\": true, \"none\": null, \"f\": 2.0}", "True None 2.0"},
		{"{big}", "{\"big\": 1e+20}", "1e+20"},
		{"{small}", "{\"small\": 0.0001}", "0.0001"},
		{"{f:.3}", "{\"f\": 1234.5678}", "1.23e+03"},
		{"{n:.1f}", "{\"n\": 7}", "7.0"},
	}
	for _, c := range cases {
		got, err := Render(c.tmpl, templatetest.Data(t, c.data))
		if err != nil {
			t.Errorf("Render(%q): %v", c.tmpl, err)
			continue
		}
		if got != c.want {
			t.Errorf("Render(%q) = %q, want %q", c.tmpl, got, c.want)
		}
	}
}

func TestRenderPythonErrors(t *testing.T) {
	cases := []struct{ tmpl, msg string }{
		{"{missing}", `missing value for "missing"`},
		{"{s:d}", `unknown format code "d" for a string`},
		{"{n:q}", `unknown format code "q" for an int`},
		{"{u.name}", `reads attribute "name"`},
		{"{}", "positional field"},
		{"{xs[5]}", `index "5" out of range`},
		{"{n!z}", "unknown conversion"},
	}
	data := map[string]any{"s": "x", "n": 3, "u": map[string]any{"name": "a"}, "xs": []any{1}}
	for _, c := range cases {
		_, err := Render(c.tmpl, data)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Render(%q) error = %v, want %q", c.tmpl, err, c.msg)
		}
	}
}

func TestPositionsInvalidUTF8AndCRLF(t *testing.T) {
	// \xff is one column; \r counts as a column before \n ends the line.
	text := "a\xff\xfe{x}\r\n\xffé{y}"
	r := Scan(text)
	want := []template.Pos{{Offset: 4, Line: 1, Col: 5}, {Offset: 12, Line: 2, Col: 4}}
	if len(r.Uses) != 2 || r.Uses[0].Pos != want[0] || r.Uses[1].Pos != want[1] {
		t.Errorf("uses = %+v, want positions %+v", r.Uses, want)
	}
	if p := template.PosAt(text, 1000); p.Offset != len(text) || p.Line != 2 {
		t.Errorf("PosAt past the end = %+v", p)
	}
}

// engineByDesign lists the recorded cases where Scan differs from CPython
// on purpose, with the reason.
var engineByDesign = map[string]string{
	"{ name }":     "a key that is not a plain name is reported as an error: it is nearly always JSON or prose that needed {{ }}, and no caller supplies it",
	`{"key": "v"}`: "JSON object in a format string: not a plain-name key",
	"{a b}":        "key with a space: not a plain name",
	"{¹}":          "superscript digit key: not a plain name",
	"{na\tme}":     "key with a tab: not a plain name",
}

// TestScanMatchesEngine runs Scan over templates answered by CPython's
// str.format (see ../testdata/engines).
func TestScanMatchesEngine(t *testing.T) {
	templatetest.MatchEngine(t, Language, engineByDesign)
}

// TestScanCorpus scans every corpus file: no panic and positions in
// bounds.
func TestScanCorpus(t *testing.T) { templatetest.ScanCorpus(t, Language) }

// TestRenderIsBounded: test data cannot make a render allocate or loop
// without bound; each case fails with an error instead.
func TestRenderIsBounded(t *testing.T) {
	big := strings.Repeat("x", 400<<10)
	t.Run("a big value used many times", func(t *testing.T) {
		templatetest.Bounded(t, Language, strings.Repeat("{a}", 100000), map[string]any{"a": big})
	})
	t.Run("a huge width", func(t *testing.T) {
		templatetest.Bounded(t, Language, strings.Repeat("{a:>999999999}", 100), map[string]any{"a": "x"})
	})
}

func FuzzScan(f *testing.F)   { templatetest.FuzzScan(f, Language) }
func FuzzRender(f *testing.F) { templatetest.FuzzRender(f, Language) }

func BenchmarkScan(b *testing.B) {
	templatetest.BenchmarkScan(b, Language, strings.Repeat("You are {persona}, a support agent for {company}. The customer {customer[name]} wrote on {date:%Y}:\n{message!r}\nAnswer in {language} within {limit:>4} words; cite {sources[0]} and {sources[1]}. {{Braces}} stay.\n", 8))
}

// TestComments: Python format strings have no comments.
func TestComments(t *testing.T) {
	if got := Scan("{# not #}").Comments; got != nil {
		t.Errorf("comments %+v, want none", got)
	}
}
