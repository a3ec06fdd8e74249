package template

import (
	"slices"
	"strings"
	"testing"
)

// useAt is an expected use: name and 1-based column on line 1 (or line
// and column when line > 0).
type useAt struct {
	name string
	col  int
}

func usesOf(r Result) []useAt {
	var out []useAt
	for _, u := range r.Uses {
		out = append(out, useAt{u.Name, u.Pos.Col})
	}
	return out
}

func errsOf(r Result) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Msg)
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
		r := Scan(Python, c.tmpl)
		if got := usesOf(r); !slices.Equal(got, c.uses) {
			t.Errorf("Scan(%q) uses = %v, want %v (engine: %s)", c.tmpl, got, c.uses, c.engine)
		}
		got := errsOf(r)
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
	r := Scan(Python, text)
	if len(r.Uses) != 1 || r.Uses[0].Pos != (Pos{Offset: 15, Line: 2, Col: 6}) {
		t.Errorf("uses = %+v, want greeting at 2:6 offset 15", r.Uses)
	}
	want := []Pos{{Offset: 25, Line: 2, Col: 16}, {Offset: 28, Line: 3, Col: 2}}
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
		got, err := Render(Python, c.tmpl, decodeData(t, c.data))
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
		_, err := Render(Python, c.tmpl, data)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Render(%q) error = %v, want %q", c.tmpl, err, c.msg)
		}
	}
}
