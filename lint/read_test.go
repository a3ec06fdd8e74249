package lint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/template"
)

// readFixture reads a file under testdata/read.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "read", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// parseN parses data that must hold exactly n prompts.
func parseN(t *testing.T, path string, data []byte, n int) []*Prompt {
	t.Helper()
	ps, err := Parse(path, data, DefaultConfig())
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	if len(ps) != n {
		t.Fatalf("Parse(%s): got %d prompts, want %d", path, len(ps), n)
	}
	return ps
}

// posOf is the file position of the nth (1-based) occurrence of needle in
// data, plus skip code points.
func posOf(t *testing.T, data []byte, needle string, nth, skip int) Pos {
	t.Helper()
	off := -1
	for i := 0; i < nth; i++ {
		j := strings.Index(string(data[off+1:]), needle)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", needle, nth)
		}
		off += 1 + j
	}
	p := bytePos(data, off)
	p.Col += skip
	return p
}

// textAt is the rest of the line at a file position.
func textAt(data []byte, p Pos) string {
	lines := strings.Split(string(data), "\n")
	if p.Line < 1 || p.Line > len(lines) {
		return ""
	}
	l := lines[p.Line-1]
	for col := 1; col < p.Col && l != ""; col++ {
		_, size := utf8.DecodeRuneInString(l)
		l = l[size:]
	}
	return l
}

// scans reports whether the scanner of s is implemented yet; tests of
// variable uses in that syntax skip until it is.
func scans(s template.Syntax, sample string) bool {
	return len(scanTemplate(s, sample).Uses) > 0
}

// checkUsesPointAtNames asserts that every use's position is where its
// name is written in the file.
func checkUsesPointAtNames(t *testing.T, data []byte, p *Prompt) {
	t.Helper()
	for _, u := range p.Uses {
		if got := textAt(data, u.Pos); !strings.HasPrefix(got, u.Name) {
			t.Errorf("%s: use %q at %d:%d, but the file there reads %q", p.Path, u.Name, u.Pos.Line, u.Pos.Col, got)
		}
	}
}

// exportedMessages copies messages without their position maps, to
// compare them with literals.
func exportedMessages(ms []Message) []Message {
	out := make([]Message, len(ms))
	for i, m := range ms {
		out[i] = Message{Role: m.Role, Text: m.Text, Pos: m.Pos, Lines: m.Lines}
	}
	return out
}

func useNames(p *Prompt) []string {
	var out []string
	for _, u := range p.Uses {
		out = append(out, u.Name)
	}
	return out
}

func TestParsePromptlintFile(t *testing.T) {
	data := readFixture(t, "prompts/support_reply.yaml")
	p := parseN(t, "prompts/support_reply.yaml", data, 1)[0]
	if p.Format != FormatPromptlint || p.Syntax != template.Python {
		t.Errorf("format %s syntax %s, want promptlint python", p.Format, p.Syntax)
	}
	if p.Name != "support_reply" || p.NamePos != (Pos{Line: 2, Col: 7}) {
		t.Errorf("name %q at %v", p.Name, p.NamePos)
	}
	if p.Version != "1.2.1" || !p.VersionSet || p.VersionPos != (Pos{Line: 3, Col: 10}) {
		t.Errorf("version %q set=%v at %v", p.Version, p.VersionSet, p.VersionPos)
	}
	if p.Description != "Drafts a reply to a customer support ticket." || p.Environment != "production" {
		t.Errorf("description %q environment %q", p.Description, p.Environment)
	}
	if !reflect.DeepEqual(p.Labels, []string{"support", "email"}) || !reflect.DeepEqual(p.Disabled, []string{"variable-name-cryptic"}) {
		t.Errorf("labels %q disabled %q", p.Labels, p.Disabled)
	}
	if !reflect.DeepEqual(p.Model, map[string]any{"model": "gpt-4o-mini", "temperature": 0.3}) {
		t.Errorf("model %v", p.Model)
	}
	wantVars := []Variable{
		{Name: "customer_name", Required: true, Pos: Pos{Line: 13, Col: 3}},
		{Name: "issue_summary", Required: true, Pos: Pos{Line: 14, Col: 3}},
		{Name: "tone", Default: "friendly", HasDefault: true, Pos: Pos{Line: 15, Col: 3}},
	}
	if !p.Declares || !reflect.DeepEqual(p.Variables, wantVars) {
		t.Errorf("declares %v variables\n got %+v\nwant %+v", p.Declares, p.Variables, wantVars)
	}
	if len(p.Messages) != 1 || p.Messages[0].Role != "" || !strings.HasPrefix(p.Messages[0].Text, "You are a support agent.") {
		t.Fatalf("messages %+v", p.Messages)
	}
	if m := p.Messages[0]; m.Pos != (Pos{Line: 17, Col: 3}) {
		t.Errorf("message at %v, want 17:3", m.Pos)
	}
	// Uses in a literal block scalar, one of them more indented.
	wantUses := []Use{
		{Name: "tone", Expr: "tone", Pos: posOf(t, data, "{tone}", 1, 1)},
		{Name: "customer_name", Expr: "customer_name", Pos: posOf(t, data, "{customer_name}", 1, 1)},
		{Name: "issue_summary", Expr: "issue_summary", Pos: posOf(t, data, "{issue_summary}", 1, 1)},
	}
	if !reflect.DeepEqual(p.Uses, wantUses) {
		t.Errorf("uses\n got %+v\nwant %+v", p.Uses, wantUses)
	}
	if wantUses[2].Pos != (Pos{Line: 20, Col: 13}) {
		t.Errorf("fixture moved: issue_summary at %v", wantUses[2].Pos)
	}
	if len(p.TestData) != 2 || p.TestData[0].Pos != (Pos{Line: 22, Col: 5}) || p.TestData[1].Values["customer_name"] != "Bob" {
		t.Errorf("test data %+v", p.TestData)
	}
	wantLog := []ChangelogEntry{
		{Version: "1.2.1", Date: "2026-11-20", Changes: "Ask for one concrete next step.", Pos: Pos{Line: 27, Col: 5}},
		{Version: "1.2.0", Date: "2026-10-02", Changes: "Added the tone variable.\nShorter.", Pos: Pos{Line: 30, Col: 5}},
	}
	if !reflect.DeepEqual(p.Changelog, wantLog) {
		t.Errorf("changelog\n got %+v\nwant %+v", p.Changelog, wantLog)
	}
	if p.Meta["rollback"] != "Revert to 1.2.0." || p.Meta["version"] != "1.2.1" || len(p.Meta) != 13 {
		t.Errorf("meta %v (%d keys)", p.Meta, len(p.Meta))
	}
	if p.ContentSize != len(data) {
		t.Errorf("content size %d, want %d", p.ContentSize, len(data))
	}
}

func TestParsePromptlintList(t *testing.T) {
	data := readFixture(t, "prompts/multi.yaml")
	ps := parseN(t, "prompts/multi.yaml", data, 2)
	greet, bye := ps[0], ps[1]
	if greet.Name != "greet" || greet.Syntax != template.Mustache || greet.Version != "2.0.0" || greet.VersionPos != (Pos{Line: 1, Col: 10}) {
		t.Errorf("greet: name %q syntax %s version %q at %v", greet.Name, greet.Syntax, greet.Version, greet.VersionPos)
	}
	if greet.Environment != "staging" || len(greet.Changelog) != 1 || greet.Pos != (Pos{Line: 7, Col: 5}) {
		t.Errorf("greet: environment %q changelog %v pos %v", greet.Environment, greet.Changelog, greet.Pos)
	}
	wantVars := []Variable{
		{Name: "user_name", Required: true, Pos: Pos{Line: 9, Col: 15}},
		{Name: "greeting", Default: "Hello", HasDefault: true, Pos: Pos{Line: 11, Col: 15}},
	}
	if !reflect.DeepEqual(greet.Variables, wantVars) {
		t.Errorf("greet variables\n got %+v\nwant %+v", greet.Variables, wantVars)
	}
	if _, ok := greet.Meta["prompts"]; ok || greet.Meta["name"] != "greet" {
		t.Errorf("greet meta %v", greet.Meta)
	}
	// A double-quoted scalar.
	if !reflect.DeepEqual(useNames(greet), []string{"greeting", "user_name"}) {
		t.Fatalf("greet uses %v", useNames(greet))
	}
	if got, want := greet.Uses[1].Pos, posOf(t, data, "{{user_name}}", 1, 2); got != want {
		t.Errorf("greet user_name at %v, want %v", got, want)
	}

	if bye.Name != "farewell" || bye.Syntax != template.Python || bye.Version != "2.1.0" || bye.Declares {
		t.Errorf("farewell: name %q syntax %s version %q declares %v", bye.Name, bye.Syntax, bye.Version, bye.Declares)
	}
	if len(bye.Messages) != 2 || bye.Messages[0].Role != "system" || bye.Messages[1].Text != "Please be brief, {user_name}.\n" {
		t.Fatalf("farewell messages %+v", bye.Messages)
	}
	// A single-quoted scalar with a doubled quote, and a folded one.
	want := []Pos{
		posOf(t, data, "{user_name}", 2, 1),
		posOf(t, data, "{time_of_day}", 1, 1),
		posOf(t, data, "{user_name}", 3, 1),
	}
	if len(bye.Uses) != 3 {
		t.Fatalf("farewell uses %+v", bye.Uses)
	}
	for i, u := range bye.Uses {
		if u.Pos != want[i] {
			t.Errorf("farewell use %q at %v, want %v", u.Name, u.Pos, want[i])
		}
	}
	if bye.Uses[2].Message != 1 {
		t.Errorf("farewell use %q in message %d, want 1", bye.Uses[2].Name, bye.Uses[2].Message)
	}
	checkUsesPointAtNames(t, data, greet)
	checkUsesPointAtNames(t, data, bye)
}

// TestParseScalarPositions checks use positions in every style of YAML
// scalar: the position must be where the name is written in the file.
func TestParseScalarPositions(t *testing.T) {
	tests := []struct {
		name, path, src string
		uses            []string
	}{
		{"literal", "prompts/a.yaml", "template: |\n  Hello {name}\n  Bye {other}\n", []string{"name", "other"}},
		{"literal strip", "prompts/a.yaml", "template: |-\n    Hello {name}\n\n      Bye {other}\n", []string{"name", "other"}},
		{"literal keep", "prompts/a.yaml", "template: |+\n  Hello {name}\n\n", []string{"name"}},
		{"literal indent indicator", "prompts/a.yaml", "template: |2\n     lead {name}\n   next {other}\n", []string{"name", "other"}},
		{"literal indent indicator in list", "prompts/a.yaml", "prompts:\n  - template: |1\n       lead {name}\n      next {other}\n", []string{"name", "other"}},
		{"literal in list", "prompts/a.yaml", "prompts:\n  - template: |\n      é {name} ü {other}\n", []string{"name", "other"}},
		{"plain", "prompts/a.yaml", "template: Hello {name}, {other}\n", []string{"name", "other"}},
		{"plain multi-line", "prompts/a.yaml", "template: Hello {name}\n  and {other}\n\n  then {third}\n", []string{"name", "other", "third"}},
		{"double-quoted", "prompts/a.yaml", "template: \"Hi {name}\"\n", []string{"name"}},
		{"double-quoted escapes", "prompts/a.yaml", "template: \"Tab\\t{name}\\n\\u00e9 \\\"{other}\\\"\"\n", []string{"name", "other"}},
		{"double-quoted multi-line", "prompts/a.yaml", "template: \"Hi {name},\n  see {other}\\\n  \\ and {third}\"\n", []string{"name", "other", "third"}},
		{"single-quoted", "prompts/a.yaml", "template: 'It''s {name}'\n", []string{"name"}},
		{"folded", "prompts/a.yaml", "template: >-\n  Hello {name}\n  and {other}\n\n    kept {third}\n", []string{"name", "other", "third"}},
		{"json", "prompts/a.json", "{\n  \"version\": \"1.0.0\",\n  \"template\": \"Hi {name}\\n\\tsee {other} \\ud83d\\ude00 {third}\"\n}\n", []string{"name", "other", "third"}},
		{"json tabs", "prompts/a.json", "{\n\t\"template\": \"Hi {name}\"\n}\n", []string{"name"}},
		{"alias", "prompts/a.yaml", "base: &b \"Hi {name}\"\ntemplate: *b\n", []string{"name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parseN(t, tt.path, []byte(tt.src), 1)[0]
			if tt.uses != nil && !reflect.DeepEqual(useNames(p), tt.uses) {
				t.Fatalf("uses %v, want %v", useNames(p), tt.uses)
			}
			if len(p.Uses) == 0 {
				t.Fatalf("no uses found in %q", p.Messages[0].Text)
			}
			checkUsesPointAtNames(t, []byte(tt.src), p)
			// Message.Lines and FilePos agree with the use positions on
			// the first line of each text line's start.
			m := &p.Messages[0]
			for i, l := range strings.Split(m.Text, "\n") {
				if l == "" || strings.HasPrefix(l, " ") {
					continue
				}
				fp := m.FilePos(i+1, 1)
				if got := textAt([]byte(tt.src), fp); !strings.HasPrefix(got, firstWord(l)) && !strings.Contains(tt.src, `\`) && !strings.Contains(tt.src, "''") {
					t.Errorf("line %d %q maps to %v, where the file reads %q", i+1, l, fp, got)
				}
			}
		})
	}
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " {"); i > 0 {
		return s[:i]
	}
	return s
}

func TestParseGitHubModels(t *testing.T) {
	src := `name: Summarize article
description: Summarizes a news article.
version: 1.1.0
environment: staging
model: openai/gpt-4o-mini
modelParameters:
  temperature: 0.3
messages:
  - role: system
    content: You write short summaries for {{audience}}.
  - role: user
    content: |
      Summarize in three bullet points:

      {{ article }}
testData:
  - article: The council approved the bike lanes.
    audience: commuters
evaluators:
  - name: short
    string:
      contains: "-"
responseFormat: text
`
	p := parseN(t, "prompts/summarize.prompt.yml", []byte(src), 1)[0]
	if p.Format != FormatGitHubModels || p.Syntax != template.GitHubModels || p.Declares {
		t.Errorf("format %s syntax %s declares %v", p.Format, p.Syntax, p.Declares)
	}
	if p.Name != "Summarize article" || p.Version != "1.1.0" || p.VersionPos != (Pos{Line: 3, Col: 10}) || p.Environment != "staging" {
		t.Errorf("name %q version %q at %v environment %q", p.Name, p.Version, p.VersionPos, p.Environment)
	}
	if !reflect.DeepEqual(p.Model, map[string]any{"model": "openai/gpt-4o-mini", "temperature": 0.3}) {
		t.Errorf("model %v", p.Model)
	}
	if len(p.Messages) != 2 || p.Messages[0].Role != "system" || p.Messages[1].Role != "user" || p.Messages[1].Pos != (Pos{Line: 13, Col: 7}) {
		t.Fatalf("messages %+v", p.Messages)
	}
	if len(p.TestData) != 1 || p.TestData[0].Values["audience"] != "commuters" || p.TestData[0].Pos != (Pos{Line: 17, Col: 5}) {
		t.Errorf("test data %+v", p.TestData)
	}
	if _, ok := p.Meta["evaluators"]; !ok || p.Meta["responseFormat"] != "text" {
		t.Errorf("meta %v", p.Meta)
	}
	if !scans(template.GitHubModels, "{{x}}") {
		t.Fatal("the GitHub Models scanner finds no {{x}}")
	}
	if !reflect.DeepEqual(useNames(p), []string{"audience", "article"}) || p.Uses[0].Spaced || !p.Uses[1].Spaced {
		t.Fatalf("uses %+v", p.Uses)
	}
	if p.Uses[0].Pos != posOf(t, []byte(src), "audience}}", 1, 0) || p.Uses[1].Pos != (Pos{Line: 15, Col: 10}) {
		t.Errorf("use positions %v %v", p.Uses[0].Pos, p.Uses[1].Pos)
	}
}

func TestParseDotprompt(t *testing.T) {
	data := readFixture(t, "classify.prompt")
	p := parseN(t, "prompts/classify.prompt", data, 1)[0]
	if p.Format != FormatDotprompt || p.Syntax != template.Handlebars || !p.Declares || p.Partial {
		t.Errorf("format %s syntax %s declares %v partial %v", p.Format, p.Syntax, p.Declares, p.Partial)
	}
	if p.Name != "classify_ticket" || p.Version != "0.1.0" || p.VersionPos != (Pos{Line: 5, Col: 10}) || p.Description != "Sorts a ticket." {
		t.Errorf("name %q version %q at %v description %q", p.Name, p.Version, p.VersionPos, p.Description)
	}
	if !reflect.DeepEqual(p.Model, map[string]any{"model": "googleai/gemini-2.0-flash", "temperature": 0.2}) {
		t.Errorf("model %v", p.Model)
	}
	wantVars := []Variable{
		{Name: "ticket_body", Required: true, Type: "string", Description: "the ticket as written", Pos: Pos{Line: 12, Col: 5}},
		{Name: "queues", Required: true, Type: "array", Description: "the queues to pick from", Pos: Pos{Line: 13, Col: 5}},
		{Name: "priority", Type: "integer", Default: 3, HasDefault: true, Pos: Pos{Line: 14, Col: 5}},
	}
	if !reflect.DeepEqual(p.Variables, wantVars) {
		t.Errorf("variables\n got %+v\nwant %+v", p.Variables, wantVars)
	}
	if len(p.Messages) != 1 || p.Messages[0].Pos != (Pos{Line: 19, Col: 1}) || !strings.HasPrefix(p.Messages[0].Text, "{{role \"system\"}}\n") {
		t.Fatalf("messages %+v", p.Messages)
	}
	if !reflect.DeepEqual(p.Partials, []string{"footer"}) {
		t.Errorf("partials %v", p.Partials)
	}
	if !reflect.DeepEqual(useNames(p), []string{"queues", "ticket_body", "priority"}) {
		t.Fatalf("uses %+v", p.Uses)
	}
	if p.Uses[1].Pos != (Pos{Line: 25, Col: 11}) {
		t.Errorf("ticket_body at %v, want 25:11", p.Uses[1].Pos)
	}
	checkUsesPointAtNames(t, data, p)
}

func TestParseDotpromptSchemas(t *testing.T) {
	tests := []struct {
		name, path, src string
		declares        bool
		vars            []Variable
		partial         bool
		promptName      string
	}{
		{
			name: "json schema", path: "a.prompt",
			src:      "---\ninput:\n  schema:\n    type: object\n    properties:\n      text:\n        type: string\n        description: the text\n      lang: string\n    required: [text]\n---\n{{text}}\n",
			declares: true,
			vars: []Variable{
				{Name: "text", Required: true, Type: "string", Description: "the text", Pos: Pos{Line: 6, Col: 7}},
				{Name: "lang", Type: "string", Pos: Pos{Line: 9, Col: 7}},
			},
			promptName: "a",
		},
		{
			name: "defaults only", path: "dir/b.prompt",
			src:        "---\ninput:\n  default:\n    lang: en\n---\n{{lang}}\n",
			declares:   true,
			vars:       []Variable{{Name: "lang", Default: "en", HasDefault: true, Pos: Pos{Line: 4, Col: 5}}},
			promptName: "b",
		},
		{
			name: "partial without front matter", path: "partials/_footer.prompt",
			src:     "Thanks, {{name}}.\n",
			partial: true, promptName: "footer",
		},
		{
			name: "wildcard and optional", path: "c.prompt",
			src:        "---\ninput:\n  schema:\n    tags?(array): string\n    (*): string\n---\nx\n",
			declares:   true,
			vars:       []Variable{{Name: "tags", Type: "array", Pos: Pos{Line: 4, Col: 5}}},
			promptName: "c",
		},
		{
			name: "variant name", path: "d.gemini.prompt",
			src:        "---\nmodel: x\n---\nhi\n",
			promptName: "d.gemini",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parseN(t, tt.path, []byte(tt.src), 1)[0]
			if p.Declares != tt.declares || p.Partial != tt.partial || p.Name != tt.promptName {
				t.Errorf("declares %v partial %v name %q", p.Declares, p.Partial, p.Name)
			}
			if !reflect.DeepEqual(p.Variables, tt.vars) {
				t.Errorf("variables\n got %+v\nwant %+v", p.Variables, tt.vars)
			}
		})
	}
}

func TestParsePrompty(t *testing.T) {
	data := readFixture(t, "greeting.prompty")
	p := parseN(t, "prompts/greeting.prompty", data, 1)[0]
	if p.Format != FormatPrompty || p.Syntax != template.Mustache || !p.Declares {
		t.Errorf("format %s syntax %s declares %v", p.Format, p.Syntax, p.Declares)
	}
	if p.Version != "1.0.0" || p.VersionPos != (Pos{Line: 5, Col: 12}) || p.Environment != "staging" || !reflect.DeepEqual(p.Labels, []string{"staging"}) {
		t.Errorf("version %q at %v environment %q labels %v", p.Version, p.VersionPos, p.Environment, p.Labels)
	}
	if !reflect.DeepEqual(p.Model, map[string]any{"id": "gpt-4", "temperature": 0.7}) {
		t.Errorf("model %v", p.Model)
	}
	wantVars := []Variable{
		{Name: "first_name", Type: "string", Default: "Jane", HasDefault: true, Pos: Pos{Line: 12, Col: 11}},
		{Name: "question", Type: "string", Required: true, Pos: Pos{Line: 15, Col: 11}},
	}
	if !reflect.DeepEqual(p.Variables, wantVars) {
		t.Errorf("variables\n got %+v\nwant %+v", p.Variables, wantVars)
	}
	want := []Message{
		{Role: "system", Text: "You help {{first_name}}.\n\n", Pos: Pos{Line: 23, Col: 1}},
		{Role: "user", Text: "{{question}}\n", Pos: Pos{Line: 26, Col: 1}},
	}
	if got := exportedMessages(p.Messages); !reflect.DeepEqual(got, want) {
		t.Fatalf("messages\n got %+v\nwant %+v", got, want)
	}
	if len(p.Uses) != 2 || p.Uses[0].Pos != (Pos{Line: 23, Col: 12}) || p.Uses[1].Pos != (Pos{Line: 26, Col: 3}) || p.Uses[1].Message != 1 {
		t.Errorf("uses %+v", p.Uses)
	}
}

func TestParsePromptyForms(t *testing.T) {
	tests := []struct {
		name, src string
		syntax    template.Syntax
		declares  bool
		vars      []Variable
		roles     []string
		rows      int
		version   string
	}{
		{
			name:   "v1 mapping inputs and sample",
			src:    "---\nname: x\nversion: 1.0.0\ninputs:\n  first:\n    type: string\n    required: true\n    default: Jane\n  last: Doe\nsample:\n  first: Ada\ntemplate: jinja2\n---\nsystem:\nHi {{first}} {{last}}\n",
			syntax: template.Jinja, declares: true, version: "1.0.0",
			vars: []Variable{
				{Name: "first", Type: "string", Required: true, Default: "Jane", HasDefault: true, Pos: Pos{Line: 5, Col: 3}},
				{Name: "last", Default: "Doe", HasDefault: true, Pos: Pos{Line: 9, Col: 3}},
			},
			roles: []string{"system"}, rows: 1,
		},
		{
			name:   "v2 input schema",
			src:    "---\ninputSchema:\n  properties:\n    - name: q\n      kind: string\n---\nuser:\n{{q}}\n",
			syntax: template.Jinja, declares: true,
			vars:  []Variable{{Name: "q", Type: "string", Required: true, Pos: Pos{Line: 4, Col: 13}}},
			roles: []string{"user"},
		},
		{
			name:   "file reference inputs, leading text, role attributes",
			src:    "---\ninputs: ${file:schema.json}\ntemplate:\n  format: mustache\n---\nBe brief.\nUSER:\n{{q}}\nassistant[name=\"bot\"] :\nok\n",
			syntax: template.Mustache,
			roles:  []string{"system", "user", "assistant"},
		},
		{
			name:   "body only",
			src:    "Answer {{q}} concisely.\nexample:\nuser: not a role line\n",
			syntax: template.Jinja,
			roles:  []string{""},
		},
		{
			name:   "empty front matter",
			src:    "---\n---\nsystem:\nHello.\n",
			syntax: template.Jinja,
			roles:  []string{"system"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parseN(t, "p.prompty", []byte(tt.src), 1)[0]
			if p.Syntax != tt.syntax || p.Declares != tt.declares || p.Version != tt.version || len(p.TestData) != tt.rows {
				t.Errorf("syntax %s declares %v version %q rows %d", p.Syntax, p.Declares, p.Version, len(p.TestData))
			}
			if !reflect.DeepEqual(p.Variables, tt.vars) {
				t.Errorf("variables\n got %+v\nwant %+v", p.Variables, tt.vars)
			}
			var roles []string
			for _, m := range p.Messages {
				roles = append(roles, m.Role)
			}
			if !reflect.DeepEqual(roles, tt.roles) {
				t.Errorf("roles %q, want %q", roles, tt.roles)
			}
			checkUsesPointAtNames(t, []byte(tt.src), p)
		})
	}
}

func TestParseVSCode(t *testing.T) {
	src := "---\nagent: 'agent'\ndescription: 'Create an ADR'\nversion: 1.0.0\nmodel: 'gpt-4.1'\ntools: ['search']\n---\n# ADR\n\nTitle: ${input:title:the title}, for ${selection}.\n"
	p := parseN(t, ".github/prompts/create-adr.prompt.md", []byte(src), 1)[0]
	if p.Format != FormatVSCode || p.Syntax != template.VSCode || p.Declares || p.Name != "create-adr" {
		t.Errorf("format %s syntax %s declares %v name %q", p.Format, p.Syntax, p.Declares, p.Name)
	}
	if p.Version != "1.0.0" || p.Description != "Create an ADR" || p.Model["model"] != "gpt-4.1" || p.Meta["agent"] != "agent" {
		t.Errorf("version %q description %q model %v meta %v", p.Version, p.Description, p.Model, p.Meta)
	}
	if len(p.Messages) != 1 || p.Messages[0].Pos != (Pos{Line: 8, Col: 1}) || !strings.HasPrefix(p.Messages[0].Text, "# ADR\n") {
		t.Fatalf("messages %+v", p.Messages)
	}
	if !scans(template.VSCode, "${input:x}") {
		t.Fatal("the VS Code scanner finds no ${input:x}")
	}
	if !reflect.DeepEqual(useNames(p), []string{"title"}) || p.Uses[0].Pos != (Pos{Line: 10, Col: 16}) {
		t.Errorf("uses %+v", p.Uses)
	}
}

func TestParseMarkdown(t *testing.T) {
	tests := []struct {
		name, path, src string
		syntax          template.Syntax
		declares        bool
		version         string
		bodyLine        int
		body            string
		uses            []string
	}{
		{
			name: "front matter", path: "prompts/a.md",
			src:    "---\nversion: 1.0.0\nsyntax: jinja\nvariables:\n  topic: null\n---\nWrite about {{ topic }}.\n",
			syntax: template.Jinja, declares: true, version: "1.0.0", bodyLine: 7, body: "Write about {{ topic }}.\n",
			uses: []string{"topic"},
		},
		{
			name: "variables without syntax", path: "prompts/a.txt",
			src:    "---\nvariables: {city: null}\n---\nTell me about {city}.\n",
			syntax: template.Python, declares: true, bodyLine: 4, body: "Tell me about {city}.\n", uses: []string{"city"},
		},
		{
			name: "syntax without variables", path: "prompts/a.md",
			src:    "---\nsyntax: mustache\n---\nHi {{name}}\n",
			syntax: template.Mustache, bodyLine: 4, body: "Hi {{name}}\n", uses: []string{"name"},
		},
		{
			name: "template extension", path: "prompts/system.j2",
			src:    "You know {{ domain }}.\n",
			syntax: template.Jinja, bodyLine: 1, body: "You know {{ domain }}.\n", uses: []string{"domain"},
		},
		{
			// Neither variables nor a syntax: literal text, whose braces,
			// JSON and code are not placeholders.
			name: "front matter without variables", path: "prompts/b.md",
			src:    "---\nversion: 2.0.0\n---\nHi {name}\n```json\n{\"a\": [1, {\"b\": 2}]}\n```\n",
			syntax: template.Literal, version: "2.0.0", bodyLine: 4, body: "Hi {name}\n```json\n{\"a\": [1, {\"b\": 2}]}\n```\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parseN(t, tt.path, []byte(tt.src), 1)[0]
			if p.Format != FormatMarkdown || p.Syntax != tt.syntax || p.Declares != tt.declares || p.Version != tt.version {
				t.Errorf("format %s syntax %s declares %v version %q", p.Format, p.Syntax, p.Declares, p.Version)
			}
			if len(p.Messages) != 1 || p.Messages[0].Text != tt.body || p.Messages[0].Pos != (Pos{Line: tt.bodyLine, Col: 1}) {
				t.Fatalf("messages %+v", p.Messages)
			}
			if got := useNames(p); !reflect.DeepEqual(got, tt.uses) || len(p.TemplateErrors) > 0 {
				t.Errorf("uses %q, errors %+v; want uses %q and no errors", got, p.TemplateErrors, tt.uses)
			}
			checkUsesPointAtNames(t, []byte(tt.src), p)
		})
	}
}

// TestMarkdownDocumentation checks that Markdown and text without front
// matter, and project documents, are not prompts: they yield no prompts
// and no error, wherever they lie.
func TestMarkdownDocumentation(t *testing.T) {
	for _, tt := range []struct{ path, src string }{
		{"prompts/a.txt", "Tell me about {city}.\n"},
		{"prompts/README.md", "# Prompts\n\nEach file holds {one} prompt.\n"},
		{"prompts/guide.md", "# Writing prompts\n\nUse `{name}` placeholders.\n"},
		{"prompts/a.txt", "---\nFirst {topic}\n---\nSecond {topic}\n"},
		{"prompts/a.txt", "---\nA rule, then text {x}\n"},
		{"prompts/README.md", "---\nversion: 1.0.0\n---\nHi\n"},
		{"prompts/CHANGELOG.md", "---\ntitle: changes\n---\n## 1.0.0\n"},
		{"prompts/LICENSE.txt", "MIT {year}\n"},
		{"prompts/CONTRIBUTING.md", "---\nversion: 1.0.0\n---\n"},
	} {
		ps, err := Parse(tt.path, []byte(tt.src), DefaultConfig())
		if err != nil || len(ps) != 0 {
			t.Errorf("Parse(%s, %q) = %d prompts, %v; want documentation: no prompts, no error", tt.path, tt.src, len(ps), err)
		}
		if f := ParseFile(tt.path, []byte(tt.src), DefaultConfig()); !f.NotPrompt || f.Err != nil {
			t.Errorf("ParseFile(%s): NotPrompt %v, Err %v; want a file that is not a prompt", tt.path, f.NotPrompt, f.Err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	bomb := "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	for i := 'b'; i <= 'j'; i++ {
		prev := string(i - 1)
		bomb += string(i) + ": &" + string(i) + " [" + strings.Repeat("*"+prev+",", 9) + "*" + prev + "]\n"
	}
	bomb += "template: hi\n"
	tests := []struct {
		name, path, src string
		pos             Pos
		msg             string
	}{
		{"empty", "prompts/a.yaml", "", Pos{1, 1}, "file is empty"},
		{"blank", "prompts/a.txt", " \n\n", Pos{1, 1}, "file is empty"},
		{"binary", "prompts/a.yaml", "template: a\x00b\n", Pos{1, 12}, "binary file"},
		{"not utf-8", "prompts/a.txt", "ok\nbad \xff here\n", Pos{2, 5}, "not valid UTF-8"},
		{"bad yaml", "prompts/a.yaml", "template: hi\nvariables:\n  a: b\n c: d\n", Pos{3, 1}, "invalid YAML: did not find expected key"},
		{"bad json", "prompts/a.json", "{\n  \"template\": \"hi\",\n}\n", Pos{3, 1}, "invalid JSON"},
		{"top-level list", "prompts/a.yaml", "- template: hi\n", Pos{1, 1}, "top level is a list"},
		{"top-level scalar", "x.prompt.yml", "just text\n", Pos{1, 1}, "top level is a string"},
		{"prompts entry not a mapping", "prompts/a.yaml", "prompts:\n  - template: a\n  - just a string\n", Pos{3, 5}, "prompts entry 2 is a string"},
		{"prompts not a list", "prompts/a.yaml", "prompts: {a: 1}\n", Pos{1, 10}, "prompts is a mapping"},
		{"template not a string", "prompts/a.yaml", "template:\n  - a\n", Pos{2, 3}, "template is a list"},
		{"no template", "prompts/a.yaml", "prompts:\n  - name: a\n    template: x\n  - name: b\n", Pos{4, 5}, "no template or messages"},
		{"content not a string", "a.prompt.yml", "messages:\n  - role: user\n    content: {a: 1}\n", Pos{3, 14}, "content of message 1 is a mapping"},
		{"unknown syntax", "prompts/a.yaml", "syntax: erb\ntemplate: hi\n", Pos{1, 9}, `unknown template syntax "erb"`},
		{"unclosed front matter", "a.prompty", "---\nname: x\nsystem:\nhi\n", Pos{1, 1}, "front matter opened here is never closed"},
		{"unclosed dotprompt front matter", "a.prompt", "# license\n\n---\nmodel: x\n", Pos{3, 1}, "never closed"},
		{"bad front matter yaml", "a.prompt", "---\nmodel: x\ninput:\n  schema\n    name: string\n---\nhi\n", Pos{5, 1}, "invalid YAML"},
		{"front matter list", "a.prompt.md", "---\n- a\n---\nhi\n", Pos{2, 1}, "front matter is a list"},
		{"bad markdown front matter", "prompts/a.md", "---\nversion: 1.0.0\nvariables: [a\n---\nhi\n", Pos{2, 1}, "invalid YAML"},
		{"alias bomb", "prompts/a.yaml", bomb, Pos{}, "alias"},
		{"deep nesting", "prompts/a.yaml", "template: hi\nx: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n", Pos{}, ""},
		{"not a prompt", "config/settings.yaml", "jobs:\n  a: b\n", Pos{1, 1}, "not a prompt file"},
		{"unknown extension", "a.py", "print(1)\n", Pos{1, 1}, "not a prompt file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := Parse(tt.path, []byte(tt.src), DefaultConfig())
			if err == nil {
				t.Fatalf("got %d prompts, want an error", len(ps))
			}
			pe, ok := err.(*ParseError)
			if !ok {
				t.Fatalf("error %T %v, want *ParseError", err, err)
			}
			if pe.Path != tt.path || tt.pos.IsValid() && pe.Pos != tt.pos || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("got %s at %v, want %q at %v", pe.Msg, pe.Pos, tt.msg, tt.pos)
			}
			if pe.Msg != strings.TrimSpace(pe.Msg) || strings.Contains(pe.Msg, "\n") || pe.Msg == "" {
				t.Errorf("message %q is not one line", pe.Msg)
			}
		})
	}
}

func TestParseTemplateErrorPositions(t *testing.T) {
	src := "template: |\n  Hello {name\n"
	p := parseN(t, "prompts/a.yaml", []byte(src), 1)[0]
	if len(p.TemplateErrors) == 0 {
		t.Fatalf("no template errors for %q", p.Messages[0].Text)
	}
	if e := p.TemplateErrors[0]; e.Pos.Line != 2 || e.Pos.Col < 3 {
		t.Errorf("template error %q at %v, want on line 2 inside the block", e.Msg, e.Pos)
	}
}

func TestParseEnvironmentFromLabel(t *testing.T) {
	p := parseN(t, "prompts/a.yaml", []byte("labels: [beta, staging]\ntemplate: hi\n"), 1)[0]
	if p.Environment != "staging" {
		t.Errorf("environment %q, want staging from the label", p.Environment)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		path, src string
		want      Format
		ok        bool
	}{
		{"prompts/a.yaml", "template: hi\n", FormatPromptlint, true},
		{"a.json", `{"template": "hi"}`, FormatPromptlint, true},
		{"prompts/a.yml", "prompts:\n  - template: hi\n", FormatPromptlint, true},
		{"prompts/a.yaml", "messages:\n  - role: user\n    content: hi\nvariables: {a: null}\n", FormatPromptlint, true},
		{"examples/x.yml", "model: gpt\nmessages:\n  - role: user\n    content: hi\n", FormatGitHubModels, true},
		{"a.prompt.yml", "anything: 1\n", FormatGitHubModels, true},
		{"a.prompt.yaml", "", FormatGitHubModels, true},
		{"a.prompt", "---\nmodel: x\n---\nhi {{a}}\n", FormatDotprompt, true},
		{"a.prompt", "Hello {{name}}\n", FormatDotprompt, true},
		{"a.prompt", "template: hi {x}\n", FormatPromptlint, true},
		{"a.prompt", "model: m\nmessages:\n  - {role: user, content: hi}\n", FormatGitHubModels, true},
		{"a.prompty", "", FormatPrompty, true},
		{"a.prompt.md", "", FormatVSCode, true},
		{"notes/b.md", "---\nagent: agent\ntools: [a]\n---\nhi\n", FormatVSCode, true},
		{"prompts/b.md", "hi\n", "", false},
		{"prompts/b.md", "---\nversion: 1.0.0\n---\nhi\n", FormatMarkdown, true},
		{"prompts/README.md", "---\nversion: 1.0.0\n---\nhi\n", "", false},
		{"docs/Readme.zh-CN.md", "---\nagent: agent\n---\nhi\n", "", false},
		{"x/b.txt", "---\nversion: 1.0.0\n---\nhi\n", FormatMarkdown, true},
		{"x/system.j2", "hi\n", FormatMarkdown, true},
		{"history/a.prompt.md/01-abc.md", "hi\n", FormatVSCode, true},
		{"history/a.prompty/01-abc.prompty", "hi\n", FormatPrompty, true},
		{"README.md", "# Hi\n", "", false},
		{"LICENSE", "MIT\n", "", false},
		{"promptfooconfig.yaml", "prompts:\n  - label: a\n    messages: []\nproviders: [echo]\n", "", false},
		{".github/workflows/ci.yml", "on: push\njobs: {}\n", "", false},
		{"schema.json", `{"$schema": "x", "type": "object"}`, "", false},
		{"spec/a.yaml", "- name: case\n  template: hi\n", "", false},
		{"a.toml", "a = 1\n", "", false},
	}
	for _, tt := range tests {
		got, ok := DetectFormat(tt.path, []byte(tt.src))
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("DetectFormat(%q, %q) = %q, %v; want %q, %v", tt.path, tt.src, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTextUnclosedFrontMatter(t *testing.T) {
	cfg := DefaultConfig()
	_, err := Parse("prompts/a.md", []byte("---\nversion: 1.0.0\ndescription: x\n\nAnswer {question}\n"), cfg)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Pos.Line != 1 || !strings.Contains(pe.Msg, "never closed") {
		t.Errorf("unclosed front matter: %v, want a parse error at line 1", err)
	}
	// A text that merely starts with a rule line has no front matter: it
	// is documentation, not a prompt, and not an error.
	ps, err := Parse("prompts/b.md", []byte("---\nJust a text that starts with a rule.\n"), cfg)
	if err != nil || len(ps) != 0 {
		t.Errorf("rule line: %v, %+v", err, ps)
	}
}

// TestPromptyWholeBody checks that a Prompty body is one template, as
// Prompty renders it before splitting roles: a {% set %}, a macro or a
// block in one role section reaches the next, for scanning and rendering.
func TestPromptyWholeBody(t *testing.T) {
	src := "---\nname: greet\ninputs:\n  user_name: {type: string}\n  topic: {type: string}\n---\n" +
		"system:\n{% set greeting = 'Hello' %}{% macro shout(s) %}{{ s | upper }}!{% endmacro %}\n" +
		"You help {{ user_name }}.{% if topic %}\n\n" +
		"user:\n{{ greeting }} {{ shout(topic) }}{% endif %}\n"
	p := parseN(t, "greet.prompty", []byte(src), 1)[0]
	if len(p.Messages) != 2 || p.Messages[0].Role != "system" || p.Messages[1].Role != "user" {
		t.Fatalf("messages %+v", exportedMessages(p.Messages))
	}
	if len(p.TemplateErrors) != 0 {
		t.Errorf("an if block across role lines is one template: errors %+v", p.TemplateErrors)
	}
	var got []string
	for _, u := range p.Uses {
		got = append(got, fmt.Sprintf("%s@%d", u.Name, u.Message))
	}
	if want := []string{"user_name@0", "topic@0", "topic@1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("uses %q, want %q (greeting and shout are defined in the system section)", got, want)
	}
	checkUsesPointAtNames(t, []byte(src), p)
	out, err := p.Render(map[string]any{"user_name": "Ada", "topic": "tea"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "You help Ada.\nHello TEA!"; out != want {
		t.Errorf("Render = %q, want %q", out, want)
	}
	out, err = p.Render(map[string]any{"user_name": "Ada", "topic": ""})
	if err != nil || out != "You help Ada." {
		t.Errorf("Render without a topic = %q, %v; want the user message left out with its role line", out, err)
	}
}

// TestVSCodeVersionComment checks where a VS Code prompt file keeps its
// version: a "# version:" comment line of the front matter, unless a
// version: key says otherwise.
func TestVSCodeVersionComment(t *testing.T) {
	tests := []struct {
		src     string
		version string
		set     bool
		pos     Pos
	}{
		{"---\n# version: 1.2.0\ndescription: d\n---\nhi\n", "1.2.0", true, Pos{2, 12}},
		{"---\ndescription: d\n#version:2.0.0-rc1  \n---\nhi\n", "2.0.0-rc1", true, Pos{3, 10}},
		{"---\n# version: 1.0.0\nversion: 3.0.0\n---\nhi\n", "3.0.0", true, Pos{3, 10}},
		{"---\n# version:\n---\nhi\n", "", true, Pos{2, 1}},
		{"---\n# the version: is below\ndescription: d\n---\nhi\n", "", false, Pos{}},
		{"hi # version: 1.0.0\n", "", false, Pos{}},
	}
	for _, tt := range tests {
		p := parseN(t, "a.prompt.md", []byte(tt.src), 1)[0]
		if p.Version != tt.version || p.VersionSet != tt.set || p.VersionPos != tt.pos {
			t.Errorf("%q: version %q set %v at %v; want %q %v at %v", tt.src, p.Version, p.VersionSet, p.VersionPos, tt.version, tt.set, tt.pos)
		}
	}
}

// TestComplexKeysReadAsJSON checks that a mapping key that is a list or a
// mapping (YAML's `? [a, b]`) is named by its JSON text wherever it
// appears, in a prompt file and in front matter, never in Go's formatting
// (map[c:<nil>]).
func TestComplexKeysReadAsJSON(t *testing.T) {
	for path, data := range map[string]string{
		"prompts/a.yaml":  "version: 1.0.0\ntemplate: Hi {name}\nvariables:\n  name: null\n  ? [a, b]\n  : 1\n  ? {c: null}\n  : 2\n",
		"flows/a.prompty": "---\ninputs:\n  name: {type: string}\n  ? [a, b]\n  : 1\n  ? {c: null}\n  : 2\n---\nuser:\nHi {{name}}\n",
	} {
		p := parseN(t, path, []byte(data), 1)[0]
		var names []string
		for _, v := range p.Variables {
			names = append(names, v.Name)
		}
		sort.Strings(names)
		if got, want := strings.Join(names, " "), `["a","b"] name {"c":null}`; got != want {
			t.Errorf("%s: variables %s, want %s", path, got, want)
		}
	}
}
