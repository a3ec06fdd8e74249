package handlebars

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/template"
	"github.com/promptlint/promptlint/lint/template/templatetest"
)

// TestScanHandlebars states, per case, which names handlebars.js (4.x,
// with Dotprompt's helpers registered) reads from the caller's data.
func TestScanHandlebars(t *testing.T) {
	cases := []struct {
		tmpl   string
		names  []string
		errs   []string
		engine string
	}{
		{"Hello {{name}}!", []string{"name"}, nil, "context lookup name"},
		{"{{{html}}} {{& raw}}", []string{"html", "raw"}, nil, "unescaped lookups"},
		{"{{user.name}} {{user/id}}", []string{"user", "user"}, nil, "path roots"},
		{"{{~ spaced ~}}", []string{"spaced"}, nil, "whitespace control"},
		{"{{#if ok}}{{yes}}{{else}}{{no}}{{/if}}", []string{"ok", "yes", "no"}, nil, "#if keeps the context"},
		{"{{#unless ok}}{{a}}{{/unless}}", []string{"ok", "a"}, nil, "#unless keeps the context"},
		{"{{#if a}}x{{else if b}}{{c}}{{else}}{{d}}{{/if}}", []string{"a", "b", "c", "d"}, nil, "else-if chain"},
		{"{{#each items}}{{this}} {{@index}} {{@key}} {{@first}} {{@last}} {{.}} {{name}} {{this.x}}{{/each}}", []string{"items"}, nil, "item context inside #each"},
		{"{{#each items}}{{../title}}{{@root.site}}{{/each}}", []string{"items", "title", "site"}, nil, "../ and @root reach the top"},
		{"{{#each items as |item i|}}{{item.name}}{{i}}{{/each}}", []string{"items"}, nil, "block params are locals"},
		{"{{#each xs}}{{else}}{{empty_msg}}{{/each}}", []string{"xs", "empty_msg"}, nil, "else of #each keeps the outer context"},
		{"{{#each outer}}{{#each inner}}{{../../top}}{{../mid}}{{/each}}{{/each}}", []string{"outer", "top"}, nil, "two context levels"},
		{"{{#with author}}{{name}}{{../book}}{{/with}}", []string{"author", "book"}, nil, "#with changes the context"},
		{"{{#group}}{{inner}}{{/group}}", []string{"group"}, nil, "unknown block name: blockHelperMissing, new context"},
		{"{{#ifEquals a b}}{{c}}{{/ifEquals}}", []string{"a", "b", "c"}, nil, "Dotprompt ifEquals keeps the context"},
		{"{{^missing}}{{fallback}}{{/missing}}", []string{"missing", "fallback"}, nil, "inverted section keeps the context"},
		{"{{!-- {{not_a_var}} }} --}}{{! plain {{y}}{{x}}", []string{"x"}, nil, "comments; the short comment ends at the first }}"},
		{`\{{literal}} {{real}}`, []string{"real"}, nil, "escaped mustache"},
		{`\\{{real}}`, []string{"real"}, nil, "escaped backslash, then a mustache"},
		{"{{{{raw}}}} {{x}} {{{{/raw}}}}", []string{"raw"}, nil, "raw block content is literal; its name is a value (blockHelperMissing)"},
		{`{{role "system"}}{{history}}{{section "s"}}`, nil, nil, "Dotprompt helpers, no data"},
		{"{{json data indent=2}} {{media url=img contentType=ct}}", []string{"data", "img", "ct"}, nil, "helper params and hash values"},
		{"{{foo bar baz=qux}}", []string{"bar", "qux"}, nil, "unknown helper with params: foo is a helper"},
		{`{{helper (inner x) "s" 1 true null}}`, []string{"x"}, nil, "sub-expression and literals"},
		{"{{lookup obj key}}", []string{"obj", "key"}, nil, "lookup helper"},
		{"{{> card person title=t}}", []string{"person", "t"}, nil, "partial context and hash"},
		{"{{@root.cfg.x}} {{@index}}", []string{"cfg"}, nil, "@root at the top"},
		{"{{this.top}} {{this}}", []string{"top"}, nil, "this.x at the top"},
		{"{{foo.[bar baz]}}", []string{"foo"}, nil, "literal segment"},
		{"{{#each xs}}", []string{"xs"}, []string{`unclosed block "#each" opened here`}, "Parse error: each doesn't match"},
		{"{{#if a}}{{/each}}", []string{"a"}, []string{`closing tag "{{/each}}" does not match the open block "#if"`}, "if doesn't match each"},
		{"{{/if}}", nil, []string{`closing tag "{{/if}}" has no open block`}, "parse error"},
		{"{{name", nil, []string{`unclosed "{{"`}, "parse error: expecting CLOSE"},
		{"{{#if detailed\ntext {{name}}", []string{"name"}, []string{`unclosed "{{": no "}}" before the next "{{"`}, "parse error"},
		{"{{else}}", nil, []string{`"{{else}}" outside a block`}, "parse error"},
		{"{{!-- open", nil, []string{`unclosed comment "{{!--"`}, "lexer error"},
		{"{{{{raw}}}} x", nil, []string{`unclosed raw block "{{{{raw}}}}"`}, "parse error"},
		// Found by differential testing against handlebars.js 4.7.10 (see
		// testdata/engine.json): its lexer needs no spaces between tokens.
		{"{{[x]}}", []string{"x"}, nil, "literal segment; the use points inside the brackets"},
		{"{{x}}}", nil, []string{`unexpected "}}}"`}, "CLOSE_UNESCAPED after OPEN: parse error"},
		{"{{x}}}}", nil, []string{`unexpected "}}}}"`}, "CLOSE_RAW_BLOCK: parse error"},
		{"{{{x~}}}", nil, []string{`unexpected "~}}}"`}, "~}} then }: parse error"},
		{"{{{x}~}}", []string{"x"}, nil, "}~}} closes a triple-stash"},
		{"{{item.0}}", nil, []string{`unexpected "0}}"`}, "0 lexes as a NUMBER after the separator: parse error"},
		{"{{x.true}}", nil, []string{`unexpected "true}}"`}, "BOOLEAN after the separator: parse error"},
		{"{{a..b}}", []string{"b"}, nil, "helper a with params .. and b"},
		{"{{this.}}", nil, nil, "helper this with param ."},
		{"{{ this. item }}", []string{"item"}, nil, "helper this with params . and item"},
		{"{{[a]b}}", []string{"b"}, nil, "helper [a] with param b"},
		{"{{x (y)z}}", []string{"z"}, nil, "sub-expression then a param, no space needed"},
		{"{{x(y)}}", nil, []string{`unexpected "x(y)}}"`}, "an ID must be followed by a separator: parse error"},
		{`{{foo "a""b" c}}`, []string{"c"}, nil, "two strings, no space needed"},
		{"{{log ./}}", nil, []string{`unexpected "}}"`}, "a path cannot end with a separator"},
		{"{{x/..}}", []string{"x"}, []string{`invalid path "x/.."`}, "Invalid path: x/.."},
		{"{{x as |y|}}", nil, []string{`unexpected "as |y|}}"`}, "block params outside a block: parse error"},
		{"{{> p a b}}", []string{"a", "b"}, []string{`partial "p" takes at most one context argument, not 2`}, "Unsupported number of partial arguments: 2"},
		{"{{> (dyn) x}}", []string{"x"}, nil, "dynamic partial name, context x"},
		{"{{#> layout}}{{else}}{{/layout}}", nil, []string{`"{{else}}" is not allowed in the block "#>layout"`}, "partial blocks have no inverse: parse error"},
		{`{{#*inline "p"}}{{else}}{{/inline}}`, nil, []string{`"{{else}}" is not allowed in the block "#*inline"`}, "Unexpected inverse block on decorator"},
		{"{{^x as |y|}}{{y}}{{/x}}", []string{"x"}, nil, "block params on an inverted section"},
		{"{{^foo bar}}{{baz}}{{/foo}}", []string{"bar", "baz"}, nil, "inverted helper call: foo is a helper, bar a param"},
		{"{{^json items}}{{else x}}{{/json}}", []string{"items"}, []string{`"{{else x}}" cannot continue the inverted section "^json"`}, "no else chain in an inverted section: parse error"},
		{"{{^x}}a{{else}}{{name}}{{/x}}", []string{"x"}, nil, "the else of an inverted section runs in x's context"},
		{"{{elsewhere}}", []string{"elsewhere"}, nil, `"else\b" does not match: a plain lookup`},
		{"{{#foo.bar}}{{/foo/bar}}", []string{"foo"}, []string{`closing tag "{{/foo/bar}}" does not match`}, "foo.bar doesn't match foo/bar"},
		{"{{#[a b]}}{{/[a b]}}", []string{"a b"}, nil, "literal block name"},
		{"{{#each xs as  | a |}}{{a}}{{/each}}", []string{"xs"}, nil, "spaces inside block params"},
		{"a\x00b", nil, []string{"NUL character"}, "Lexical error: unrecognized text"},
	}
	for _, c := range cases {
		r := Scan(c.tmpl)
		var names []string
		for _, u := range r.Uses {
			names = append(names, u.Name)
			if !strings.HasPrefix(c.tmpl[u.Pos.Offset:], u.Name) {
				t.Errorf("Scan(%q): use %q at offset %d does not point at the name", c.tmpl, u.Name, u.Pos.Offset)
			}
		}
		if !slices.Equal(names, c.names) {
			t.Errorf("Scan(%q) names = %q, want %q (engine: %s)", c.tmpl, names, c.names, c.engine)
		}
		got := templatetest.Messages(r)
		if len(got) != len(c.errs) {
			t.Errorf("Scan(%q) errors = %q, want %q", c.tmpl, got, c.errs)
			continue
		}
		for i := range got {
			if !strings.Contains(got[i], c.errs[i]) {
				t.Errorf("Scan(%q) error %d = %q, want %q", c.tmpl, i, got[i], c.errs[i])
			}
		}
	}
}

func TestScanHandlebarsPartials(t *testing.T) {
	r := Scan(`{{> header}} {{> "quoted-name" x}} {{#> layout}}body{{/layout}} {{> header}}`)
	if want := []string{"header", "quoted-name", "layout"}; !slices.Equal(r.Partials, want) {
		t.Errorf("partials = %q, want %q", r.Partials, want)
	}
	if len(r.Errors) > 0 {
		t.Errorf("errors: %v", r.Errors)
	}
}

func TestScanHandlebarsErrorPositions(t *testing.T) {
	text := "intro\r\n  {{#each items}}\n  {{#if x}}\n{{/each}}"
	r := Scan(text)
	want := []struct {
		line, col int
		msg       string
	}{
		{2, 3, `unclosed block "#each"`},
		{4, 1, `does not match the open block "#if"`},
	}
	if len(r.Errors) != len(want) {
		t.Fatalf("errors = %v", r.Errors)
	}
	for i, w := range want {
		e := r.Errors[i]
		if e.Pos.Line != w.line || e.Pos.Col != w.col || !strings.Contains(e.Msg, w.msg) {
			t.Errorf("error %d = %d:%d %q, want %d:%d %q", i, e.Pos.Line, e.Pos.Col, e.Msg, w.line, w.col, w.msg)
		}
	}
}

// TestScanMustache states what a Mustache-spec engine (mustache.js,
// chevron) looks up.
func TestScanMustache(t *testing.T) {
	cases := []struct {
		tmpl   string
		names  []string
		errs   []string
		engine string
	}{
		{"Hi {{name}}", []string{"name"}, nil, "lookup"},
		{"{{ name }}", []string{"name"}, nil, "tag content is trimmed"},
		{"{{{html}}} {{&amp}}", []string{"html", "amp"}, nil, "unescaped"},
		{"{{a.b.c}}", []string{"a"}, nil, "dotted name"},
		{"{{#list}}{{item}}{{.}}{{/list}}", []string{"list"}, nil, "section: item context"},
		{"{{^list}}{{none}}{{/list}}", []string{"list", "none"}, nil, "inverted keeps the context"},
		{"{{#each items}}x{{/each items}}", nil, []string{"mustache has no helpers", "mustache has no helpers"}, "key \"each items\""},
		{"{{#each}}{{x}}{{/each}}", []string{"each"}, nil, "a section named each"},
		{"{{! comment {{x}}", []string{}, nil, "comment ends at the first }}"},
		{"{{> partial}}", nil, nil, "partial"},
		{"{{=<% %>=}}<% name %> {{literal}}", []string{"name"}, nil, "set delimiters"},
		{"{{=| |=}}|#s||x||/s|", []string{"s"}, nil, "custom delimiters with a section"},
		{"{{name arg}}", nil, []string{`looks up the single key "name arg"`}, "no helpers"},
		{"{{else}}", []string{"else"}, nil, "a variable named else"},
		{"{{#a}}", []string{"a"}, []string{`unclosed block "#a"`}, "unclosed section"},
		{"{{#a}}{{/b}}", []string{"a"}, []string{`closing tag "{{/b}}" does not match`}, "mismatch"},
		{"{{name", nil, []string{`unclosed tag`}, "unclosed"},
		{"{{}}", nil, []string{`empty tag`}, "empty"},
		{"{{../x}} {{this}}", []string{"this"}, nil, "no ../ in Mustache: the dotted name \"../x\" starts with an empty key and finds nothing; this is a plain key"},
		{`\{{x}}`, []string{"x"}, nil, "no escapes in Mustache"},
	}
	for _, c := range cases {
		r := ScanMustache(c.tmpl)
		var names []string
		for _, u := range r.Uses {
			names = append(names, u.Name)
		}
		if !slices.Equal(names, c.names) && !(len(names) == 0 && len(c.names) == 0) {
			t.Errorf("Scan(%q) names = %q, want %q (engine: %s)", c.tmpl, names, c.names, c.engine)
		}
		got := templatetest.Messages(r)
		if len(got) != len(c.errs) {
			t.Errorf("Scan(%q) errors = %q, want %q", c.tmpl, got, c.errs)
			continue
		}
		for i := range got {
			if !strings.Contains(got[i], c.errs[i]) {
				t.Errorf("Scan(%q) error %d = %q, want %q", c.tmpl, i, got[i], c.errs[i])
			}
		}
	}
}

func TestRenderMustache(t *testing.T) {
	cases := []struct {
		lang             *template.Language
		tmpl, data, want string
	}{
		{Mustache, "Hi {{name}} {{{name}}} {{&name}}", `{name: "<b>&"}`, "Hi &lt;b&gt;&amp; <b>& <b>&"},
		{Language, "Hi {{name}}", `{name: "<b>"}`, "Hi <b>"},
		{Mustache, "{{#xs}}[{{n}}]{{/xs}}", `{xs: [{n: 1}, {n: 2}]}`, "[1][2]"},
		{Mustache, "{{#flag}}on{{/flag}}{{^flag}}off{{/flag}}", `{flag: false}`, "off"},
		{Mustache, "{{#obj}}{{a}}-{{top}}{{/obj}}", `{obj: {a: 1}, top: T}`, "1-T"},
		{Mustache, "{{#xs}}{{.}},{{/xs}}", `{xs: [a, b]}`, "a,b,"},
		{Mustache, "list:\n{{#xs}}\n- {{.}}\n{{/xs}}\nend", `{xs: [a, b]}`, "list:\n- a\n- b\nend"},
		{Mustache, "{{missing}}|{{a.b.c}}", `{a: {b: {c: deep}}}`, "|deep"},
		{Mustache, "{{=<% %>=}}<% x %>", `{x: 1}`, "1"},
		{Language, "{{#each xs}}{{@index}}:{{this}}{{#unless @last}},{{/unless}}{{/each}}", `{xs: [a, b, c]}`, "0:a,1:b,2:c"},
		{Language, "{{#each m}}{{@key}}={{this}};{{/each}}", `{m: {b: 2, a: 1}}`, "a=1;b=2;"},
		{Language, "{{#each xs as |x i|}}{{i}}{{x.n}}{{../t}}{{/each}}", `{xs: [{n: A}], t: "!"}`, "0A!"},
		{Language, "{{#with u}}{{name}}/{{@root.site}}{{/with}}", `{u: {name: N}, site: S}`, "N/S"},
		{Language, "{{#if a}}A{{else if b}}B{{else}}C{{/if}}", `{b: 1}`, "B"},
		{Language, "{{#if zero}}Z{{else}}no{{/if}}{{#if zero includeZero=true}}Z{{/if}}", `{zero: 0}`, "noZ"},
		{Language, "{{#each xs}}x{{else}}empty{{/each}}", `{xs: []}`, "empty"},
		{Language, "{{json o}}", `{o: {k: [1, "two"]}}`, `{"k":[1,"two"]}`},
		{Language, `{{role "system"}}Be brief.{{role "user"}}{{q}}`, `{q: why}`, "<<<dotprompt:role:system>>>Be brief.<<<dotprompt:role:user>>>why"},
		{Language, "{{lookup m k}}", `{m: {x: found}, k: x}`, "found"},
		{Language, "a  {{~x~}}  b", `{x: "-"}`, "a-b"},
		{Language, `\{{x}} {{x}}`, `{x: 1}`, "{{x}} 1"},
		{Language, "{{{{raw}}}}{{x}}{{{{/raw}}}}", `{x: 1, raw: true}`, "{{x}}"},
		{Language, "{{{{raw}}}}{{x}}{{{{/raw}}}}", `{x: 1}`, ""},
		{Language, "{{{{raw}}}}{{x}}{{{{/raw}}}}", `{raw: [1, 2]}`, "{{x}}{{x}}"},
		{Language, "{{!-- c --}}{{xs.length}}", `{xs: [1, 2]}`, "2"},
		{Language, "{{n}} {{f}} {{b}} {{xs}}", `{n: 3, f: 1.5, b: true, xs: [1, 2]}`, "3 1.5 true 1,2"},
	}
	for _, c := range cases {
		got, err := c.lang.Render(c.tmpl, templatetest.Data(t, c.data))
		if err != nil {
			t.Errorf("Render(%s, %q): %v", c.lang.Syntax, c.tmpl, err)
			continue
		}
		if got != c.want {
			t.Errorf("Render(%s, %q) = %q, want %q", c.lang.Syntax, c.tmpl, got, c.want)
		}
	}
}

func TestRenderMustacheErrors(t *testing.T) {
	cases := []struct {
		lang      *template.Language
		tmpl, msg string
	}{
		{Language, "{{frob x}}", `unsupported helper "frob"`},
		{Language, "{{#frob x}}y{{/frob}}", `unsupported block helper "#frob"`},
		{Language, "{{> header}}", `unsupported partial "header"`},
		{Language, "{{#if}}x{{/if}}", `needs exactly one argument`},
		{Language, "{{#if a}}", "template syntax"},
		{Mustache, "{{> header}}", `unsupported partial "header"`},
	}
	for _, c := range cases {
		_, err := c.lang.Render(c.tmpl, map[string]any{"a": 1})
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Render(%s, %q) error = %v, want %q", c.lang.Syntax, c.tmpl, err, c.msg)
		}
	}
}

func TestNamesDedupes(t *testing.T) {
	r := Scan("{{b}} {{a}} {{b}}")
	if got := r.Names(); strings.Join(got, ",") != "b,a" {
		t.Errorf("Names = %q, want b,a", got)
	}
}

// engineByDesign lists the recorded cases where Scan differs from
// handlebars.js on purpose: none.
var engineByDesign = map[string]string{}

// TestScanMatchesEngine runs Scan over templates answered by
// handlebars.js's parser (see ../testdata/engines).
func TestScanMatchesEngine(t *testing.T) {
	templatetest.MatchEngine(t, Language, engineByDesign)
}

// TestScanCorpus scans every corpus file as Handlebars and as Mustache: no
// panic and positions in bounds; the Dotprompt examples that are meant to
// be valid scan without errors.
func TestScanCorpus(t *testing.T) {
	templatetest.ScanCorpus(t, Language)
	templatetest.ScanCorpus(t, Mustache)
	valid, _ := filepath.Glob(filepath.Join(templatetest.CorpusDir, "google__dotprompt/examples/valid-*.prompt"))
	for _, f := range valid {
		b, _ := os.ReadFile(f)
		r := Scan(string(b))
		if filepath.Base(f) == "valid-greeting.prompt" {
			// {{#if age >= 18}} is a Handlebars parse error (">" and "="
			// cannot appear in an expression): exactly that one error.
			if len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Msg, `unexpected ">= 18}}"`) {
				t.Errorf("%s: errors %v, want the one for \">= 18\"", filepath.Base(f), r.Errors)
			}
			continue
		}
		if len(r.Errors) > 0 {
			t.Errorf("%s: %v", filepath.Base(f), r.Errors)
		}
	}
	for _, name := range []string{"error-unclosed-block.prompt", "error-unmatched-closing-block.prompt"} {
		b, err := os.ReadFile(filepath.Join(templatetest.CorpusDir, "google__dotprompt/examples", name))
		if err != nil {
			continue
		}
		if r := Scan(string(b)); len(r.Errors) == 0 {
			t.Errorf("%s: no error found", name)
		}
	}
}

// TestRenderIsBounded: test data cannot make a render allocate or loop
// without bound; each case fails with an error instead.
func TestRenderIsBounded(t *testing.T) {
	big := strings.Repeat("x", 400<<10)
	t.Run("handlebars: a big value used many times", func(t *testing.T) {
		templatetest.Bounded(t, Language, strings.Repeat("{{a}}", 100000), map[string]any{"a": big})
	})
	t.Run("handlebars: nested each", func(t *testing.T) {
		templatetest.Bounded(t, Language, "{{#each xs}}{{#each ../xs}}{{#each ../../xs}}.{{/each}}{{/each}}{{/each}}", map[string]any{"xs": make([]any, 1000)})
	})
	t.Run("mustache: nested sections", func(t *testing.T) {
		templatetest.Bounded(t, Mustache, "{{#xs}}{{#xs}}{{#xs}}.{{/xs}}{{/xs}}{{/xs}}", map[string]any{"xs": make([]any, 1000)})
	})
}

// TestComments: Scan reports the comments each dialect drops, with their
// text and where they start and end, and not an escaped tag.
func TestComments(t *testing.T) {
	tests := []struct {
		lang *template.Language
		text string
		want []template.Comment
	}{
		{Language, "{{!-- a -- b --}} {{! c }} \\{{! d}} {{~! e ~}}", []template.Comment{
			{Text: " a -- b ", Pos: template.Pos{Offset: 0, Line: 1, Col: 1}, End: template.Pos{Offset: 17, Line: 1, Col: 18}},
			{Text: " c ", Pos: template.Pos{Offset: 18, Line: 1, Col: 19}, End: template.Pos{Offset: 26, Line: 1, Col: 27}},
			{Text: " e ", Pos: template.Pos{Offset: 36, Line: 1, Col: 37}, End: template.Pos{Offset: 46, Line: 1, Col: 47}},
		}},
		{Mustache, "x {{! m }} y", []template.Comment{
			{Text: " m ", Pos: template.Pos{Offset: 2, Line: 1, Col: 3}, End: template.Pos{Offset: 10, Line: 1, Col: 11}},
		}},
	}
	for _, tt := range tests {
		got := tt.lang.Scan(tt.text).Comments
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %q:\n got %+v\nwant %+v", tt.lang.Syntax, tt.text, got, tt.want)
		}
	}
}

// TestActionsExpressions: a quoted GitHub Actions expression is a marked
// use in the engines that do substitute it; "${{price}}" stays a dollar
// sign and a placeholder.
func TestActionsExpressions(t *testing.T) {
	tests := []struct {
		lang *template.Language
		text string
		want string // the uses as name/actions
	}{
		{Language, "Costs ${{price}}; token ${{ secrets.NPM_TOKEN }}.", "[price/false secrets/true]"},
		{Mustache, "Key ${{ github.event.number }} for {{user}}.", "[github/true user/false]"},
	}
	for _, tt := range tests {
		var got []string
		for _, u := range tt.lang.Scan(tt.text).Uses {
			got = append(got, fmt.Sprintf("%s/%v", u.Name, u.Actions))
		}
		if s := fmt.Sprint(got); s != tt.want {
			t.Errorf("%s %q: uses %s, want %s", tt.lang.Syntax, tt.text, s, tt.want)
		}
	}
}

func FuzzScan(f *testing.F)         { templatetest.FuzzScan(f, Language) }
func FuzzScanMustache(f *testing.F) { templatetest.FuzzScan(f, Mustache) }
func FuzzRender(f *testing.F)       { templatetest.FuzzRender(f, Language, Mustache) }

func BenchmarkScan(b *testing.B) {
	templatetest.BenchmarkScan(b, Language, strings.Repeat(`{{role "system"}}You are {{persona}}.
{{#if context}}Context:
{{#each context as |doc i|}}  {{i}}. {{doc.title}} — {{doc.body}} ({{../company}})
{{/each}}{{else}}No context.{{/if}}
{{role "user"}}{{question}} {{json meta indent=2}} {{!-- note --}}
`, 8))
}

func BenchmarkScanMustache(b *testing.B) {
	templatetest.BenchmarkScan(b, Mustache, strings.Repeat(`You are {{persona}}.
{{#context}}
- {{title}}: {{body}}
{{/context}}
{{^context}}No context.{{/context}}
Question: {{question}} {{{raw_html}}} {{! comment }}
`, 10))
}

// TestOptionalMatchesEngine checks Use.Optional against handlebars.js 4:
// a variable is optional exactly when leaving it out renders as passing
// false does (testdata/engines/optional_hbs.js). Mustache sections are
// checked against the same engine, which renders them by the spec.
func TestOptionalMatchesEngine(t *testing.T) {
	templatetest.MatchOptional(t, Language, "optional.json")
	templatetest.MatchOptional(t, Mustache, "optional_mustache.json")
}
