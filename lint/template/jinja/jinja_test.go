package jinja

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/template"
	"github.com/promptlint/promptlint/lint/template/templatetest"
)

// TestScanJinjaMatchesEngine checks that the distinct names Scan reports
// equal jinja2.meta.find_undeclared_variables(Environment(extensions=
// [do, loopcontrols]).parse(tmpl)) with Jinja2 3.1.6, recorded in want.
// A nil want means Jinja2 raised TemplateSyntaxError: Scan must report an
// Error.
func TestScanJinjaMatchesEngine(t *testing.T) {
	cases := []struct {
		tmpl   string
		want   []string // engine: sorted find_undeclared_variables
		engErr bool     // engine: parse raised TemplateSyntaxError
	}{
		{"{% if c %}{% set x = 1 %}{% endif %}", []string{"c", "x"}, false},
		{"{% if c %}{% set x = 1 %}{% else %}{% set x = 2 %}{% endif %}", []string{"c", "x"}, false},
		{"{% if c %}{% set x = 1 %}{% elif d %}{% set x = 3 %}{% else %}{% set x = 2 %}{% endif %}", []string{"c", "d", "x"}, false},
		{"{% for a in xs %}{{ y }}{% endfor %}{% set y = 1 %}", []string{"xs"}, false},
		{"{{ x }}{% set x = 1 %}", []string{"x"}, false},
		{"{% set x = 1 %}{{ x }}", []string{}, false},
		{"{% set x = 1 %}{% block b %}{{ x }}{% endblock %}", []string{"x"}, false},
		{"{% for a in xs %}{% else %}{{ a }}{{ loop }}{% endfor %}", []string{"a", "loop", "xs"}, false},
		{"{% for a in xs %}{{ loop.index }}{% endfor %}", []string{"xs"}, false},
		{"{% for a in xs if a.b and z %}{{a}}{% endfor %}", []string{"xs", "z"}, false},
		{"{% macro m(p, q=x) %}{{ p }}{{ z }}{{ caller() }}{{ varargs }}{% endmacro %}", []string{"x", "z"}, false},
		{"{% call(u) m(a) %}{{ u }}{{ w }}{% endcall %}", []string{"a", "m", "w"}, false},
		{"{% with a = b %}{{ a }}{{ c }}{% endwith %}", []string{"b", "c"}, false},
		{"{% set v %}{{ k }}{% endset %}{{ v }}", []string{"k"}, false},
		{"{% set ns = namespace(a=1) %}{% set ns.a = 2 %}", []string{}, false},
		{"{% set x = x + 1 %}", []string{"x"}, false},
		{"{{ range(3) }}{{ lipsum() }}{{ dict(a=1) }}{{ cycler }}{{ joiner }}{{ namespace }}{{ self }}{{ super() }}", []string{"super"}, false},
		{"{% filter upper %}{% set q = 1 %}{{ q }}{% endfilter %}{{ q }}", []string{"q"}, false},
		{"{% include tpl %}{% import 'x' as y %}{{ y }}{% from 'z' import a, b as c %}{{a}}{{c}}", []string{"tpl"}, false},
		{"{% extends base %}", []string{"base"}, false},
		{"{% block b %}{{ self }}{{ super() }}{% endblock %}", []string{}, false},
		{"{{ x is divisibleby 3 }}{{ y | default(z) }}{{ a if b else c }}{{ d[e] }}{{ f.g() }}", []string{"a", "b", "c", "d", "e", "f", "x", "y", "z"}, false},
		{"{% for k, v in d.items() %}{{ k }}{% endfor %}{{ k }}", []string{"d", "k"}, false},
		{"{% autoescape true %}{% set q = 1 %}{% endautoescape %}{{ q }}", []string{"q"}, false},
		{"{% if a %}{{ b }}{% set b = 1 %}{% endif %}", []string{"a", "b"}, false},
		{"{% for i in x %}{% set t = 1 %}{{ t }}{% endfor %}{{ t }}", []string{"t", "x"}, false},
		{"{% macro m() %}{{ m }}{% endmacro %}{{ m() }}", []string{}, false},
		{"{{ loop }}", []string{"loop"}, false},
		{"{% for a in loop %}{% endfor %}", []string{"loop"}, false},
		{"{% set a, b = c %}{{ a }}", []string{"c"}, false},
		{"{% for a in xs %}{% for b in a %}{{ b }}{{ a }}{{ q }}{% endfor %}{% endfor %}", []string{"q", "xs"}, false},
		{"{% raw %}{{ x }}{% endraw %}", []string{}, false},
		{"{{ caller }}{{ varargs }}{{ kwargs }}", []string{"caller", "kwargs", "varargs"}, false},
		{"{% set y = 1 %}{% macro m() %}{{ y }}{% endmacro %}", []string{}, false},
		{"{% for x in y recursive %}{{ loop(x.children) }}{% endfor %}", []string{"y"}, false},
		{"{% with %}{% set a = 1 %}{% endwith %}{{ a }}", []string{"a"}, false},
		{"{% if a %}{% for i in b %}{% set c = 1 %}{% endfor %}{% endif %}", []string{"a", "b"}, false},
		{"{% set x %}{% set y = 2 %}{{ y }}{% endset %}{{ y }}", []string{"y"}, false},
		{"{{ x }", nil, true},
		{"{% if x %}", nil, true},
		{"{% endif %}", nil, true},
		{"{% foo %}", nil, true},
		{"{# unclosed", nil, true},
		{"{{ 'a' ~ b ~ \"c\" }}{{ [d, e] }}{{ {'k': f} }}{{ (g, h) }}{{ i[1:j] }}{{ -k }}{{ not l }}{{ m in n }}{{ o not in p }}{{ q ** r // s % t }}", []string{"b", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"}, false},
		{"{{ x|join(', ') }}{{ y|map(attribute='n')|list }}{{ z is not none }}{{ w is sameas false }}", []string{"w", "x", "y", "z"}, false},
		{"{{ a.b.c }}{{ a['k'].d }}{{ a.0 }}{{ f(*args, **kw) }}{{ g(h=i) }}", []string{"a", "args", "f", "g", "i", "kw"}, false},
		{"{%- if x -%} {{- y -}} {%- endif -%}", []string{"x", "y"}, false},
		{"{% for user in users %}{{ loop.index }}. {{ user.name | title }}{% if not loop.last %}, {% endif %}{% endfor %}", []string{"users"}, false},
		{"{% set items = [] %}{% for x in src %}{% set _ = items.append(x) %}{% endfor %}{{ items }}", []string{"src"}, false},
		{"{% macro greet(name, greeting='Hi') -%}{{ greeting }} {{ name }}{%- endmacro %}{{ greet(user) }}", []string{"user"}, false},
		{"{{ 1 if a }}{{ b if c else d if e else f }}", []string{"a", "b", "c", "d", "e", "f"}, false},
		{"{{ x.y(z) | default }}{{ 1.5e3 }}{{ 1_000 }}", []string{"x", "z"}, false},
		{"{% do xs.append(y) %}{% for a in b %}{% break %}{% continue %}{% endfor %}", []string{"b", "xs", "y"}, false},
		{"{% for a in b %}{{ a }}{% endfor %}{% endif %}", nil, true},
		{"{% if a %}{% for x in y %}{% endif %}", nil, true},
		{"{{ {'a': {'b': c}} }}", []string{"c"}, false},
		{"{% include 'a.j2' ignore missing with context %}{% import 'm' as m with context %}{{ m.f(x) }}", []string{"x"}, false},
		{"{% set a = b | default(c) %}{{ a }}", []string{"b", "c"}, false},
		{"{% block content %}{% for x in xs %}{{ x }}{{ y }}{% endfor %}{% endblock %}", []string{"xs", "y"}, false},
		{"{% if a is defined and a|length > 0 %}{{ a[0] }}{% elif b %}{% else %}{{ c }}{% endif %}", []string{"a", "b", "c"}, false},
		{"{{ x | replace('a', y) | trim }}", []string{"x", "y"}, false},
		{"{{ a }}{{ b", nil, true},
		{"{% for %}{{ a }}{% endfor %}", nil, true},
		{"{% set %}", nil, true},
		{"{{ a.}}", nil, true},
		{"{{ 'unterminated }}", nil, true},
		{"{{ a $ b }}", nil, true},
		{"hello {{ user.name }}, {% if admin %}admin{% endif %} {# note #} {% raw %}{{ not }}{% endraw %}", []string{"admin", "user"}, false},
		{"{% for a, (b, c) in d %}{{ a }}{{ b }}{{ c }}{{ e }}{% endfor %}", []string{"d", "e"}, false},
		{"{% with a = 1, b = a %}{{ b }}{% endwith %}", []string{"a"}, false},
		{"{% filter replace('x', y) %}{{ z }}{% endfilter %}", []string{"y", "z"}, false},
		{"{% macro m() %}{{ varargs }}{{ kwargs }}{{ caller }}{% endmacro %}", []string{}, false},
		{"{% set x = 1 %}{% if c %}{% set x = 2 %}{% endif %}{{ x }}", []string{"c"}, false},
		{"{% for i in range(3) %}{% if loop.first %}{{ i }}{% endif %}{% endfor %}", []string{}, false},
		{"{% if a %}{% set x = 1 %}{% endif %}{% for i in y %}{{ x }}{% endfor %}", []string{"a", "x", "y"}, false},
		{"{{ self.block() }}{% block block %}{% endblock %}", []string{}, false},
		{"{{ x[y][z] }}{{ q[:] }}{{ r[::2] }}", []string{"q", "r", "x", "y", "z"}, false},
		{"{{ a is divisibleby(b) }}{{ c is in d }}", []string{"a", "b", "c", "d"}, false},
		{"{{ a|default('x', true) }}{{ 'x' is string }}", []string{"a"}, false},
		{"{{ ns.x }}{% set ns = namespace() %}", []string{"ns"}, false},
		{"{% set ns = namespace(found=false) %}{% for i in xs %}{% set ns.found = true %}{% endfor %}{{ ns.found }}", []string{"xs"}, false},
		// Found by differential testing against Jinja2 3.1.6 (default
		// Environment; see testdata/engine.json).
		{"{{ f(a=1, b) }}", nil, true},
		{"{{ f(*a, b) }}", nil, true},
		{"{{ f(**a, b=1) }}", nil, true},
		{"{{ f(*a, b=1) }}", []string{"a", "f"}, false},
		{"{{ a is string if }}", []string{"a", "if"}, false},
		{"{{ user is not none if x }}", nil, true},
		{"{% if c %}{% macro m() %}{% endmacro %}{% endif %}{{ m() }}", []string{"c", "m"}, false},
		{"{% if c %}{% import 'x' as m %}{% endif %}{{ m }}", []string{"c", "m"}, false},
		{"{% for self in xs %}{% endfor %}{{ self }}", []string{"self", "xs"}, false},
		{"{% with self = caller in self %}{% endwith %}", []string{"caller", "self"}, false},
		{"{% autoescape a %}{% endautoescape %}{% set a = 1 %}", []string{}, false},
		{"{% macro m() %}{% if a %}{% else %}{% set s %}{{ f(x) }}{% endset %}{% endif %}{% macro x() %}{% endmacro %}{% endmacro %}", []string{"a", "f", "s"}, false},
		{"{% block a %}{% endblock %}{% block a %}{% endblock %}", nil, true},
		{"{% for x in y %}{% extends 'b' %}{% endfor %}", nil, true},
		{"{% if c %}{% extends 'b' %}{% endif %}{{ y }}", []string{"c", "y"}, false},
		{"{% for loop in xs %}{% endfor %}", nil, true},
		{"{% for x in xs %}{% set loop = 1 %}{% endfor %}", nil, true},
		{"{% for x in xs %}{% with loop = 1 %}{% endwith %}{% endfor %}", []string{"xs"}, false},
		{"{% macro m(caller) %}{{ caller() }}{% endmacro %}", nil, true},
		{"{% macro m(caller=none) %}{{ caller() }}{% endmacro %}", []string{}, false},
		{"{#", []string{}, false},
		{"{#\n", []string{}, false},
		{"{# a", nil, true},
		{".{%raw%}", []string{}, false},
		{"{% raw %}x", nil, true},
	}
	for _, c := range cases {
		r := Scan(c.tmpl)
		if c.engErr {
			if len(r.Errors) == 0 {
				t.Errorf("Scan(%q): no error, jinja2 rejects it", c.tmpl)
			}
			continue
		}
		if len(r.Errors) > 0 {
			t.Errorf("Scan(%q): unexpected errors %v", c.tmpl, r.Errors)
		}
		got := r.Names()
		sort.Strings(got)
		if !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("Scan(%q) names = %q, jinja2 says %q", c.tmpl, got, c.want)
		}
	}
}

func TestScanJinjaPositions(t *testing.T) {
	text := "Hi {{ user.name }}\r\n{% for it in items %}{{ it }} {{ extra|default(fallback) }}{% endfor %}\n{# x #}{{ é }}{{ last }}"
	r := Scan(text)
	want := []struct {
		name      string
		line, col int
	}{
		{"user", 1, 7}, {"items", 2, 14}, {"extra", 2, 34}, {"fallback", 2, 48}, {"é", 3, 11}, {"last", 3, 18},
	}
	if len(r.Uses) != len(want) {
		t.Fatalf("uses = %+v, want %d", r.Uses, len(want))
	}
	for i, w := range want {
		u := r.Uses[i]
		if u.Name != w.name || u.Pos.Line != w.line || u.Pos.Col != w.col {
			t.Errorf("use %d = %s at %d:%d, want %s at %d:%d", i, u.Name, u.Pos.Line, u.Pos.Col, w.name, w.line, w.col)
		}
		if !strings.HasPrefix(text[u.Pos.Offset:], u.Name) {
			t.Errorf("use %s: offset %d does not point at the name", u.Name, u.Pos.Offset)
		}
	}
}

func TestScanJinjaErrors(t *testing.T) {
	cases := []struct {
		tmpl      string
		line, col int
		msg       string
	}{
		{"text\n{% if x %}\nno end", 2, 1, `unclosed block "if" opened here: expected "{% endif %}"`},
		{"{% for a in b %}{% else %}", 1, 1, `unclosed block "for" opened here: expected "{% endfor %}"`},
		{"ok {{ name", 1, 4, `unclosed "{{": expected "}}"`},
		{"{% endif %}", 1, 1, `unexpected "{% endif %}": no open block expects it`},
		{"{% frobnicate %}", 1, 4, `unknown tag "frobnicate"`},
		{"{# open", 1, 1, `unclosed comment "{#"`},
		{"{{ a $ b }}", 1, 6, `unexpected character '$'`},
		{"{{ 'open }}", 1, 4, `unterminated string`},
		{"{% raw %}x", 1, 1, `unclosed "{% raw %}" block`},
		{"{{ a. }}", 1, 7, `expected an attribute name`},
	}
	for _, c := range cases {
		r := Scan(c.tmpl)
		if len(r.Errors) == 0 {
			t.Errorf("Scan(%q): no error, want %q", c.tmpl, c.msg)
			continue
		}
		e := r.Errors[0]
		if !strings.Contains(e.Msg, c.msg) || e.Pos.Line != c.line || e.Pos.Col != c.col {
			t.Errorf("Scan(%q) error = %d:%d %q, want %d:%d containing %q", c.tmpl, e.Pos.Line, e.Pos.Col, e.Msg, c.line, c.col, c.msg)
		}
	}
}

// TestRenderJinja compares with jinja2 3.1.6 Template.render output
// (dicts here are written in sorted key order, since Render iterates maps
// sorted).
func TestRenderJinja(t *testing.T) {
	cases := []struct {
		tmpl, data, want string
	}{
		{"Hello {{ name }}!", "{\"name\": \"Ada\"}", "Hello Ada!"},
		{"{{ missing }}|", "{}", "|"},
		{"{{ user.name }} {{ user['age'] }} {{ tags[1] }} {{ tags[-1] }}", "{\"user\": {\"name\": \"Bo\", \"age\": 7}, \"tags\": [\"a\", \"b\", \"c\"]}", "Bo 7 b c"},
		{"{% for t in tags %}{{ loop.index }}:{{ t }}{% if not loop.last %}, {% endif %}{% endfor %}", "{\"tags\": [\"x\", \"y\", \"z\"]}", "1:x, 2:y, 3:z"},
		{"{% for t in tags %}{{ t }}{% else %}none{% endfor %}", "{\"tags\": []}", "none"},
		{"{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", "{\"d\": {\"a\": 1, \"b\": 2}}", "a=1;b=2;"},
		{"{% if n > 2 %}big{% elif n == 2 %}two{% else %}small{% endif %}", "{\"n\": 2}", "two"},
		{"{% set greeting = 'Hi ' ~ name %}{{ greeting }}", "{\"name\": \"Cy\"}", "Hi Cy"},
		{"{% set block %}inner {{ x }}{% endset %}[{{ block | trim }}]", "{\"x\": 1}", "[inner 1]"},
		{"{{ x | default('d') }} {{ y | default('d') }} {{ '' | default('e', true) }}", "{\"y\": \"set\"}", "d set e"},
		{"{{ s | upper }} {{ s | lower }} {{ s | title }} {{ s | capitalize }}", "{\"s\": \"hello wORLD\"}", "HELLO WORLD hello world Hello World Hello world"},
		{"{{ '  pad  ' | trim }}|{{ xs | join(', ') }}|{{ xs | length }}|{{ xs | first }}|{{ xs | last }}", "{\"xs\": [\"a\", \"b\", \"c\"]}", "pad|a, b, c|3|a|c"},
		{"{{ s | replace('a', 'o') }}", "{\"s\": \"banana\"}", "bonono"},
		{"{{ 1 + 2 * 3 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ 7 / 2 }} {{ 2 ** 10 }}", "{}", "7 3 1 3.5 1024"},
		{"{{ n is even }} {{ n is divisibleby 3 }} {{ x is defined }} {{ y is none }}", "{\"n\": 6, \"y\": null}", "True True False True"},
		{"{{ 'yes' if flag else 'no' }}", "{\"flag\": true}", "yes"},
		{"{{ a and b }} {{ a or b }} {{ not a }}", "{\"a\": 0, \"b\": \"z\"}", "0 z True"},
		{"{{ 'b' in xs }} {{ 'q' not in xs }}", "{\"xs\": [\"a\", \"b\"]}", "True True"},
		{"{%- if x -%}  X  {%- endif -%}  !", "{\"x\": true}", "X!"},
		{"{% raw %}{{ keep }}{% endraw %}", "{}", "{{ keep }}"},
		{"{# comment #}text", "{}", "text"},
		{"{% macro tag(n, cls='c') %}<{{ n }} class={{ cls }}>{% endmacro %}{{ tag('p') }}{{ tag('a', cls='x') }}", "{}", "<p class=c><a class=x>"},
		{"{% with a = 5 %}{{ a }}{% endwith %}{{ a }}", "{}", "5"},
		{"{% filter upper %}shout {{ w }}{% endfilter %}", "{\"w\": \"it\"}", "SHOUT IT"},
		{"{{ xs[1:] }} {{ s[::-1] }}", "{\"xs\": [1, 2, 3], \"s\": \"abc\"}", "[2, 3] cba"},
		{"{{ none }} {{ true }} {{ 1.5 }} {{ [1, 'a'] }} {{ {'k': 1} }}", "{}", "None True 1.5 [1, 'a'] {'k': 1}"},
		{"{% for i in range(3) %}{{ i }}{% endfor %}", "{}", "012"},
		{"{{ d | tojson }}", "{\"d\": {\"b\": [1, 2], \"a\": \"<x>\"}}", "{\"a\": \"\\u003cx\\u003e\", \"b\": [1, 2]}"},
		{"{% set ns = namespace(n=0) %}{% for i in xs %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}", "{\"xs\": [1, 2, 3]}", "6"},
		{"{% for x in xs if x > 1 %}{{ x }}{% endfor %}", "{\"xs\": [1, 2, 3]}", "23"},
		{"{% block body %}B{{ v }}{% endblock %}", "{\"v\": 1}", "B1"},
		{"{{ s.upper() }} {{ s.split(',') }}", "{\"s\": \"a,b\"}", "A,B ['a', 'b']"},
		{"{% for x in xs %}{% if x == 2 %}{% break %}{% endif %}{{ x }}{% endfor %}", "{\"xs\": [1, 2, 3]}", "1"}}
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

func TestRenderJinjaErrors(t *testing.T) {
	cases := []struct{ tmpl, msg string }{
		{"{{ x | frobnicate }}", `unsupported filter "frobnicate"`},
		{"{{ x is frobbed }}", `unsupported test "frobbed"`},
		{"{{ missing.attr }}", `"missing" is undefined`},
		{"{% include 'other.j2' %}", `unsupported tag "include"`},
		{"{% if x %}", "template syntax"},
		{"{{ lipsum() }}", `unsupported function "lipsum"`},
	}
	for _, c := range cases {
		_, err := Render(c.tmpl, map[string]any{"x": 1})
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Render(%q) error = %v, want %q", c.tmpl, err, c.msg)
		}
	}
}

// TestJinjaDeepNesting: Jinja2 3.1 compiles 200 nested blocks and fails
// with a RecursionError at 300; the scanner reports an error past 200
// levels and stays linear on hostile input (8,000 levels).
func TestJinjaDeepNesting(t *testing.T) {
	nest := func(n int) string {
		return strings.Repeat("{% for a in xs %}", n) + "{{ a }}" + strings.Repeat("{% endfor %}", n)
	}
	if r := Scan(nest(200)); len(r.Errors) != 0 || fmt.Sprint(r.Names()) != "[xs]" {
		t.Errorf("200 levels: %+v, want xs and no error", r)
	}
	for _, n := range []int{300, 8000} {
		r := Scan(nest(n))
		if len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Msg, "nested more than 200 levels") {
			t.Errorf("%d levels: errors %+v, want one nesting error", n, r.Errors)
		}
	}
}

// engineByDesign lists the recorded cases where Scan differs from Jinja2
// on purpose, with the reason.
var engineByDesign = map[string]string{
	"{% do x %}": "the do extension is accepted: promptlint cannot know the extensions the application loads",
	"{% for x in y %}{% break %}{% endfor %}":    "the loopcontrols extension is accepted",
	"{% for x in y %}{% continue %}{% endfor %}": "the loopcontrols extension is accepted",
	"{{ x | myfilter }}":                         "an application's own filters are accepted (Jinja fails only at compile time, for the default Environment)",
	"{{ x is mytest }}":                          "an application's own tests are accepted",
}

// TestScanMatchesEngine runs Scan over templates answered by Jinja2's
// find_undeclared_variables (see ../testdata/engines).
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
		templatetest.Bounded(t, Language, strings.Repeat("{{ a }}", 100000), map[string]any{"a": big})
	})
	t.Run("nested ranges", func(t *testing.T) {
		templatetest.Bounded(t, Language, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", nil)
	})
	t.Run("string repetition", func(t *testing.T) {
		templatetest.Bounded(t, Language, `{{ "ab" * 9223372036854775807 }}`, nil)
	})
}

// TestComments: Scan reports the comments Jinja drops, with their text and
// where they start and end, and nothing in a raw block.
func TestComments(t *testing.T) {
	got := Scan("a {# one #}\n{#- two -#} {% raw %}{# not #}{% endraw %}").Comments
	want := []template.Comment{
		{Text: " one ", Pos: template.Pos{Offset: 2, Line: 1, Col: 3}, End: template.Pos{Offset: 11, Line: 1, Col: 12}},
		{Text: " two -", Pos: template.Pos{Offset: 12, Line: 2, Col: 1}, End: template.Pos{Offset: 23, Line: 2, Col: 12}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
}

// TestActionsExpressions: a quoted GitHub Actions expression is a marked
// use.
func TestActionsExpressions(t *testing.T) {
	var got []string
	for _, u := range Scan("Payload ${{ toJSON(github.event) }}; env {{ env }}.").Uses {
		got = append(got, fmt.Sprintf("%s/%v", u.Name, u.Actions))
	}
	if s, want := fmt.Sprint(got), "[toJSON/true github/false env/false]"; s != want {
		t.Errorf("uses %s, want %s", s, want)
	}
}

func FuzzScan(f *testing.F)   { templatetest.FuzzScan(f, Language) }
func FuzzRender(f *testing.F) { templatetest.FuzzRender(f, Language) }

func BenchmarkScan(b *testing.B) {
	templatetest.BenchmarkScan(b, Language, strings.Repeat(`{% set greeting = "Hello " ~ user.name %}{{ greeting }}
{% for doc in docs if doc.score > threshold %}{{ loop.index }}. {{ doc.title | title }} — {{ doc.body | truncate(200) }}
{% else %}No documents for {{ query | default("your question") }}.{% endfor %}
{# comment #}{% if lang is defined %}Answer in {{ lang }}.{% endif %}
`, 8))
}

// BenchmarkScanManyNames scans a 512 KiB template of 50,000 distinct
// names: the analyzer's tables grow with the names.
func BenchmarkScanManyNames(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 512<<10; i++ {
		fmt.Fprintf(&sb, "{{v%d}} ", i)
	}
	templatetest.BenchmarkScan(b, Language, sb.String())
}

// TestOptionalMatchesEngine checks Use.Optional against Jinja2 3.1: a
// variable is optional exactly when leaving it out never makes the
// template read it (testdata/engines/optional_jinja.py).
func TestOptionalMatchesEngine(t *testing.T) {
	templatetest.MatchOptional(t, Language, "optional.json")
}

// TestUndefinedPrintsByName: an undefined value holds a pointer to its
// name; printed in a list or a dict it shows the name, the same on every
// run, never an address.
func TestUndefinedPrintsByName(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"{{ [missing] }}", "{{ {'a': d.nope} }}", "{% macro m(a) %}{{ [a] }}{% endmacro %}{{ m() }}"} {
		first, err := Compile(src)(map[string]any{"d": map[string]any{}})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		again, _ := Compile(src)(map[string]any{"d": map[string]any{}})
		if strings.Contains(first, "0x") || first != again || !strings.ContainsAny(first, "{") {
			t.Errorf("%s renders %q, then %q: want the name, the same each time", src, first, again)
		}
	}
}
