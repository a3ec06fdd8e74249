package lint

import (
	"reflect"
	"strings"
	"testing"
)

// wantParseError parses src and requires a parse error at pos whose
// message contains msg.
func wantParseError(t *testing.T, path, src string, pos Pos, msg string) {
	t.Helper()
	ps, err := Parse(path, []byte(src), DefaultConfig())
	if err == nil {
		t.Errorf("%s: parsed %d prompts, want an error %q at %v", path, len(ps), msg, pos)
		return
	}
	pe, ok := err.(*ParseError)
	if !ok {
		t.Fatalf("%s: error %T, want *ParseError", path, err)
	}
	if pe.Pos != pos || !strings.Contains(pe.Msg, msg) {
		t.Errorf("%s: got %q at %v, want %q at %v", path, pe.Msg, pe.Pos, msg, pos)
	}
}

// TestDuplicateKeys checks that every YAML reader, front matter included,
// rejects a mapping with a key twice, at the second key.
func TestDuplicateKeys(t *testing.T) {
	tests := []struct {
		name, path, src string
		pos             Pos
		key             string
	}{
		{"promptlint version", "prompts/a.yaml", "version: 1.0.0\ntemplate: hi\nversion: 2.0.0\n", Pos{3, 1}, "version"},
		{"promptlint nested", "prompts/a.yaml", "template: hi {a}\nvariables:\n  a: 1\n  b: 2\n  a: 3\n", Pos{5, 3}, "a"},
		{"promptlint list entry", "prompts/a.yaml", "prompts:\n  - template: a\n    name: x\n    name: y\n", Pos{4, 5}, "name"},
		{"quoted and plain", "prompts/a.yaml", "template: hi\n\"template\": ho\n", Pos{2, 1}, "template"},
		{"json", "prompts/a.json", "{\"template\": \"a\",\n \"version\": \"1.0.0\",\n \"version\": \"2.0.0\"}\n", Pos{3, 2}, "version"},
		{"github models", "a.prompt.yml", "name: a\nmessages:\n  - role: user\n    content: hi\n    role: system\n", Pos{5, 5}, "role"},
		{"github models test data", "a.prompt.yml", "messages: [{role: user, content: '{{a}}'}]\ntestData:\n  - {a: 1, a: 2}\n", Pos{3, 12}, "a"},
		{"dotprompt version", "a.prompt", "---\nversion: 1.0.0\nmodel: x\nversion: 1.0.1\n---\nhi\n", Pos{4, 1}, "version"},
		{"dotprompt two inputs", "a.prompt", "---\ninput:\n  schema:\n    a: string\ninput:\n  default: {a: x}\n---\n{{a}}\n", Pos{5, 1}, "input"},
		{"dotprompt schema field", "a.prompt", "---\ninput:\n  schema:\n    topic: string\n    topic: number\n---\n{{topic}}\n", Pos{5, 5}, "topic"},
		{"dotprompt flow schema", "a.prompt", "---\ninput:\n  schema: {a: string, a: number}\n---\n{{a}}\n", Pos{3, 23}, "a"},
		{"prompty", "a.prompty", "---\nname: a\nmodel:\n  api: chat\n  api: completion\n---\nuser:\nhi\n", Pos{5, 3}, "api"},
		{"vscode", "a.prompt.md", "---\ndescription: a\nagent: agent\ndescription: b\n---\nhi\n", Pos{4, 1}, "description"},
		{"markdown", "prompts/a.md", "---\nversion: 1.0.0\nvariables: {q: null}\nversion: 1.0.1\n---\n{q}\n", Pos{4, 1}, "version"},
		{"same number", "prompts/a.yaml", "template: hi\nx:\n  1: a\n  0x1: b\n", Pos{4, 3}, "0x1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantParseError(t, tt.path, tt.src, tt.pos, "key \""+tt.key+"\" is defined twice")
		})
	}
	// Keys that only look alike are different keys.
	for _, src := range []string{
		"template: hi\nx:\n  1: a\n  \"1\": b\n",
		"template: hi\nx: {a?: 1, a: 2}\n",
		"template: hi\nx: [{a: 1}, {a: 2}]\n",
		"base: &b {a: 1}\ntemplate: hi\ny: *b\nz: *b\n",
	} {
		if _, err := Parse("prompts/a.yaml", []byte(src), DefaultConfig()); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// TestFlowQuestionMarks checks YAML 1.2's "?" inside flow collections,
// which yaml.v3 alone rejects, at the right positions.
func TestFlowQuestionMarks(t *testing.T) {
	src := "---\ninput: {schema: {topic: string, style?: string, tags?(array): string}}\n---\nWrite about {{topic}}{{#if style}} in {{style}}{{/if}}.\n"
	p := parseN(t, "a.prompt", []byte(src), 1)[0]
	var got []string
	for _, v := range p.Variables {
		got = append(got, v.Name)
		if want := strings.Index(src, v.Name+"?"); v.Name != "topic" && (v.Pos.Line != 2 || v.Pos.Col != want-3) {
			t.Errorf("variable %q at %v, want line 2 column %d", v.Name, v.Pos, want-3)
		}
	}
	if !reflect.DeepEqual(got, []string{"topic", "style", "tags"}) || p.Variables[1].Required || !p.Variables[0].Required {
		t.Errorf("variables %+v", p.Variables)
	}
	// A question mark inside a scalar keeps its place in the text, and an
	// explicit key "? key" is still a key.
	p = parseN(t, "a.prompt.yml", []byte("name: a\nmessages: [{role: user, content: 'Why? {{q}}'}]\nx: {? k : v, url: http://h/p?a=1}\n"), 1)[0]
	if p.Messages[0].Text != "Why? {{q}}" || p.Uses[0].Pos != (Pos{Line: 2, Col: 42}) {
		t.Errorf("message %q, uses %+v", p.Messages[0].Text, p.Uses)
	}
	if x, _ := p.Meta["x"].(map[string]any); x["k"] != "v" || x["url"] != "http://h/p?a=1" {
		t.Errorf("x = %v", p.Meta["x"])
	}
}

// TestPicoschemaErrors checks the Picoschema that the reference library
// rejects (or reads into a schema nobody meant), each at its line and
// column.
func TestPicoschemaErrors(t *testing.T) {
	fm := func(schema string) string { return "---\ninput:\n  schema:\n" + schema + "---\nHi {{a}}\n" }
	tests := []struct {
		name, src string
		pos       Pos
		msg       string
	}{
		{"parenthetical string", fm("    a(string): string\n"), Pos{4, 5}, `type in parentheses is "string"`},
		{"parenthetical number", fm("    a?(number, how many): string\n"), Pos{4, 5}, `type in parentheses is "number"`},
		{"value number", fm("    a: 5\n"), Pos{4, 8}, "field is a number"},
		{"value boolean", fm("    a: true\n"), Pos{4, 8}, "field is a boolean"},
		{"enum not a list", fm("    a(enum): low\n"), Pos{4, 14}, "(enum) field is a string"},
		{"enum a mapping", fm("    a(enum):\n      x: 1\n"), Pos{5, 7}, "(enum) field is a mapping"},
		{"list without enum", fm("    a: [x, y]\n"), Pos{4, 8}, "needs (enum)"},
		{"misspelled str", fm("    a: str\n"), Pos{4, 8}, `unknown Picoschema type "str"`},
		{"misspelled yes", fm("    a: yes\n"), Pos{4, 8}, `unknown Picoschema type "yes"`},
		{"misspelled with description", fm("    a: int, a count\n"), Pos{4, 8}, `unknown Picoschema type "int"`},
		{"nested", fm("    a(object):\n      b:\n        c: strng\n"), Pos{6, 12}, `unknown Picoschema type "strng"`},
		{"array items", fm("    a(array):\n      b: 7\n"), Pos{5, 10}, "field is a number"},
		{"wildcard value", fm("    a: string\n    (*): nope\n"), Pos{5, 10}, `unknown Picoschema type "nope"`},
		{"space in name", fm("    first name: string\n"), Pos{4, 5}, `field name "first name" has white space`},
		{"space before parenthesis", fm("    tags (array): string\n"), Pos{4, 5}, `field name "tags " has white space`},
		{"field twice", fm("    a: string\n    a?: number\n"), Pos{5, 5}, `field "a" is declared twice (first at line 4)`},
		{"unclosed parenthesis", fm("    a(array: string\n"), Pos{4, 5}, "unclosed or nested parenthesis"},
		{"no name", fm("    (array): string\n"), Pos{4, 5}, "has no field name"},
		{"schema a number", "---\ninput:\n  schema: 5\n---\nhi\n", Pos{3, 11}, "input.schema is a number"},
		{"schema a list", "---\ninput:\n  schema: [a, b]\n---\nhi\n", Pos{3, 11}, "input.schema is a list"},
		{"schema misspelled", "---\ninput:\n  schema: str\n---\nhi\n", Pos{3, 11}, `unknown Picoschema type "str"`},
		{"output schema", "---\noutput:\n  schema:\n    a(str): string\n---\nhi\n", Pos{4, 5}, `type in parentheses is "str"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantParseError(t, "a.prompt", tt.src, tt.pos, tt.msg)
		})
	}
}

// TestPicoschemaReading checks what valid schemas declare.
func TestPicoschemaReading(t *testing.T) {
	type want struct {
		names    []string
		required []bool
		open     bool
	}
	tests := []struct {
		name, schema string
		want         want
	}{
		{"star field", "    \"*\": string\n", want{[]string{"*"}, []bool{true}, false}},
		{"wildcard", "    a: string\n    (*): any\n", want{[]string{"a"}, []bool{true}, true}},
		{"json schema array", "    type: array\n    items: {type: string}\n", want{nil, nil, true}},
		{"json schema string", "    type: string\n", want{nil, nil, true}},
		{"json schema object", "    type: object\n    properties:\n      q: {type: string}\n      n: {type: integer}\n    required: [q]\n", want{[]string{"q", "n"}, []bool{true, false}, false}},
		{"field named type", "    type: string, what kind\n    items: integer\n", want{[]string{"type", "items"}, []bool{true, true}, false}},
		{"named schema field", "    customer: Customer, who pays\n    note?: string\n", want{[]string{"customer", "note"}, []bool{true, false}, false}},
		{"string array", "    tags: string[]\n", want{[]string{"tags"}, []bool{true}, false}},
		{"trimmed type", "    tags(array , labels): string\n    a: string , the a\n", want{[]string{"tags", "a"}, []bool{true, true}, false}},
		{"empty field", "    a:\n", want{[]string{"a"}, []bool{true}, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ninput:\n  schema:\n" + tt.schema + "---\nHi\n"
			p := parseN(t, "a.prompt", []byte(src), 1)[0]
			var got want
			for _, v := range p.Variables {
				got.names = append(got.names, v.Name)
				got.required = append(got.required, v.Required)
			}
			got.open = p.OpenInputs
			if !reflect.DeepEqual(got, tt.want) || !p.Declares {
				t.Errorf("got %+v (declares %v), want %+v", got, p.Declares, tt.want)
			}
		})
	}
	for _, schema := range []string{"Invoice", "string", "string, the text"} {
		p := parseN(t, "a.prompt", []byte("---\ninput:\n  schema: "+schema+"\n---\n{{x}}\n"), 1)[0]
		if !p.Declares || !p.OpenInputs || len(p.Variables) != 0 {
			t.Errorf("schema %q: declares %v, open %v, variables %+v; want an open input", schema, p.Declares, p.OpenInputs, p.Variables)
		}
	}
}
