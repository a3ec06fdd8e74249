package lint

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/template"
)

// promptOf builds a prompt with one message and the given declared
// variables (name -> default; a nil default means required).
func promptOf(version, text string, vars map[string]any) *Prompt {
	p := &Prompt{Path: "prompts/p.yaml", Name: "p", Format: FormatPromptlint, Syntax: template.Python,
		Version: version, VersionSet: true, Messages: []Message{{Text: text}}, Meta: map[string]any{}}
	if vars != nil {
		p.Declares = true
		for _, name := range slices.Sorted(maps.Keys(vars)) {
			v := Variable{Name: name, Required: vars[name] == nil}
			if vars[name] != nil {
				v.Default, v.HasDefault = vars[name], true
			}
			p.Variables = append(p.Variables, v)
		}
	}
	return p
}

func TestClassify(t *testing.T) {
	cfg := DefaultConfig()
	for _, tc := range []struct {
		name       string
		base, head *Prompt
		want       Bump
		reason     string // a substring of some reason
		whitespace bool
	}{
		{"wording", promptOf("1.0.0", "Answer {question}.", map[string]any{"question": nil}),
			promptOf("1.0.1", "Answer this question: {question}.", map[string]any{"question": nil}), BumpPatch, "wording", false},
		{"whitespace only", promptOf("1.0.0", "Answer {question}.\n", map[string]any{"question": nil}),
			promptOf("1.0.0", "Answer  {question}.\r\n\n", map[string]any{"question": nil}), BumpNone, "only white space", true},
		{"variable removed", promptOf("1.0.0", "Hi {name} {tone}", map[string]any{"name": nil, "tone": "kind"}),
			promptOf("2.0.0", "Hi {name}", map[string]any{"name": nil}), BumpMajor, `variable "tone" removed`, false},
		{"required variable added", promptOf("1.0.0", "Hi {name}", map[string]any{"name": nil}),
			promptOf("2.0.0", "Hi {name} {tone}", map[string]any{"name": nil, "tone": nil}), BumpMajor, `required variable "tone" added`, false},
		{"variable with default added", promptOf("1.0.0", "Hi {name}", map[string]any{"name": nil}),
			promptOf("1.1.0", "Hi {name} {tone}", map[string]any{"name": nil, "tone": "kind"}), BumpMinor, `"tone" added with a default`, false},
		{"default changed", promptOf("1.0.0", "Hi {name} {tone}", map[string]any{"name": nil, "tone": "kind"}),
			promptOf("1.1.0", "Hi {name} {tone}", map[string]any{"name": nil, "tone": "firm"}), BumpMinor, `default of variable "tone" changed`, false},
		{"default removed", promptOf("1.0.0", "Hi {name} {tone}", map[string]any{"name": nil, "tone": "kind"}),
			promptOf("2.0.0", "Hi {name} {tone}", map[string]any{"name": nil, "tone": nil}), BumpMajor, `default of variable "tone" removed`, false},
		{"breaking while major is 0", promptOf("0.3.0", "Hi {name} {tone}", map[string]any{"name": nil, "tone": nil}),
			promptOf("0.4.0", "Hi {name}", map[string]any{"name": nil}), BumpMinor, `variable "tone" removed`, false},
		{"metadata only", func() *Prompt {
			p := promptOf("1.0.0", "Hi {name}", map[string]any{"name": nil})
			p.Meta["description"] = "a"
			return p
		}(),
			func() *Prompt {
				p := promptOf("1.0.0", "Hi {name}", map[string]any{"name": nil})
				p.Meta["description"] = "b"
				return p
			}(), BumpNone, "", false},
		{"model changed", promptOf("1.0.0", "Hi {name}", map[string]any{"name": nil}),
			func() *Prompt {
				p := promptOf("1.1.0", "Hi {name}", map[string]any{"name": nil})
				p.Model = map[string]any{"temperature": 0.2}
				return p
			}(), BumpMinor, "model parameters changed", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Change{}
			classify(c, tc.base, tc.head, cfg)
			if c.Required != tc.want {
				t.Errorf("Required = %v, want %v (reasons %+v)", c.Required, tc.want, c.Reasons)
			}
			if c.WhitespaceOnly != tc.whitespace {
				t.Errorf("WhitespaceOnly = %v, want %v", c.WhitespaceOnly, tc.whitespace)
			}
			found := tc.reason == ""
			for _, r := range c.Reasons {
				found = found || strings.Contains(r.Text, tc.reason)
			}
			if !found {
				t.Errorf("no reason mentions %q: %+v", tc.reason, c.Reasons)
			}
		})
	}
}

func TestClassifyRolesAndMessages(t *testing.T) {
	cfg := DefaultConfig()
	base := &Prompt{Path: "a.prompt.yml", Format: FormatGitHubModels, Syntax: template.GitHubModels, Meta: map[string]any{},
		Messages: []Message{{Role: "system", Text: "Be brief."}, {Role: "user", Text: "{{input}}"}}}
	head := &Prompt{Path: "a.prompt.yml", Format: FormatGitHubModels, Syntax: template.GitHubModels, Meta: map[string]any{},
		Messages: []Message{{Role: "developer", Text: "Be brief."}, {Role: "user", Text: "{{input}}"}, {Role: "assistant", Text: "OK"}}}
	c := &Change{}
	classify(c, base, head, cfg)
	if c.Required != BumpMajor {
		t.Errorf("role change: Required = %v, want major (%+v)", c.Required, c.Reasons)
	}
	var texts []string
	for _, r := range c.Reasons {
		texts = append(texts, r.Text)
	}
	joined := strings.Join(texts, "; ")
	for _, want := range []string{`role of message 1 changed from "system" to "developer"`, "1 message(s) added"} {
		if !strings.Contains(joined, want) {
			t.Errorf("reasons %q lack %q", joined, want)
		}
	}
}

// TestOutputChanges compares outputs by meaning: a change is breaking when
// the new schema lets the model return what callers of the old one did not
// expect (a field removed or no longer always returned, a type or a value
// added, a constraint relaxed), compatible otherwise; equivalent schemas
// are no change, and a schema promptlint cannot resolve is "cannot
// compare".
func TestOutputChanges(t *testing.T) {
	obj := func(props map[string]any, req ...any) map[string]any {
		return map[string]any{"type": "object", "properties": props, "required": req}
	}
	str := map[string]any{"type": "string"}
	num := map[string]any{"type": "number"}
	dotprompt := func(schema any) map[string]any { return map[string]any{"output": map[string]any{"schema": schema}} }
	ghModels := func(schema any) map[string]any {
		return map[string]any{"responseFormat": "json_schema", "jsonSchema": schema}
	}
	for _, tc := range []struct {
		name     string
		old, new map[string]any
		want     Bump
		reason   string // a substring of some reason, "" for no output reason
	}{
		{"property added", ghModels(obj(map[string]any{"a": str}, "a")), ghModels(obj(map[string]any{"a": str, "b": str}, "a")), BumpMinor, `field "b" added`},
		{"property removed", ghModels(obj(map[string]any{"a": str, "b": str})), ghModels(obj(map[string]any{"a": str})), BumpMajor, `field "b" removed`},
		{"type changed", ghModels(obj(map[string]any{"a": str})), ghModels(obj(map[string]any{"a": num})), BumpMajor, `field "a" may now be number (was string)`},
		{"now always returned", ghModels(obj(map[string]any{"a": str})), ghModels(obj(map[string]any{"a": str}, "a")), BumpMinor, `field "a" is now always returned`},
		{"no longer always returned", ghModels(obj(map[string]any{"a": str}, "a")), ghModels(obj(map[string]any{"a": str})), BumpMajor, `field "a" is no longer always returned`},
		{"schema added to JSON", map[string]any{"responseFormat": "json_object"}, ghModels(obj(nil)), BumpMinor, "output schema added"},
		{"schema added to free text", map[string]any{}, ghModels(obj(map[string]any{"a": str})), BumpMajor, "returned free text"},
		{"schema removed", ghModels(obj(map[string]any{"a": str})), map[string]any{"responseFormat": "json_object"}, BumpMajor, "output schema removed"},
		{"text to JSON", map[string]any{"responseFormat": "text"}, map[string]any{"responseFormat": "json_object"}, BumpMajor, "response format changed from text to JSON"},
		{"JSON to text", map[string]any{"responseFormat": "json_object"}, map[string]any{}, BumpMajor, "response format changed from JSON to text"},
		{"wrapped in OpenAI's schema object, as a JSON string", ghModels(obj(map[string]any{"a": str}, "a")),
			ghModels(`{"name": "person", "strict": true, "schema": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}}`), BumpNone, ""},
		{"Picoschema equals its JSON Schema", dotprompt(map[string]any{"queue": "string", "reason?": "string"}),
			dotprompt(map[string]any{"type": "object", "additionalProperties": false, "required": []any{"queue"},
				"properties": map[string]any{"queue": str, "reason": map[string]any{"type": []any{"string", "null"}}}}), BumpNone, ""},
		{"picoschema field added", dotprompt(map[string]any{"queue": "string"}), dotprompt(map[string]any{"queue": "string", "reason?": "string"}), BumpMinor, `field "reason" added`},
		{"picoschema type changed", dotprompt(map[string]any{"confidence": "number"}), dotprompt(map[string]any{"confidence": "string, how sure"}), BumpMajor, `field "confidence" may now be string`},
		{"picoschema described, same type", dotprompt(map[string]any{"confidence": "number"}), dotprompt(map[string]any{"confidence": "number, from 0 to 1"}), BumpPatch, "descriptions changed"},
		{"picoschema field removed", dotprompt(map[string]any{"queue": "string", "why": "string"}), dotprompt(map[string]any{"queue": "string"}), BumpMajor, `field "why" removed`},
		{"picoschema optional became required", dotprompt(map[string]any{"why?": "string"}), dotprompt(map[string]any{"why": "string"}), BumpMinor, `field "why" is now always returned`},
		{"picoschema required became optional", dotprompt(map[string]any{"why": "string"}), dotprompt(map[string]any{"why?": "string"}), BumpMajor, `field "why" may now be null`},
		{"picoschema enum widened", dotprompt(map[string]any{"queue(enum)": []any{"billing", "bug"}}), dotprompt(map[string]any{"queue(enum)": []any{"billing", "bug", "other"}}), BumpMajor, `field "queue" may now be "other"`},
		{"output format changed", map[string]any{"output": map[string]any{"format": "json", "schema": map[string]any{"a": "string"}}}, map[string]any{"output": map[string]any{"format": "text"}}, BumpMajor, "from JSON to text"},
		{"picoschema key type changed", dotprompt(map[string]any{"tags(array)": "string"}), dotprompt(map[string]any{"tags(object)": map[string]any{"name": "string"}}), BumpMajor, `field "tags" may now be object (was array)`},
		{"named schema unchanged", dotprompt("Invoice"), dotprompt("Invoice"), BumpNone, ""},
		{"named schema replaced", dotprompt("Invoice"), dotprompt(map[string]any{"total": "number"}), BumpMinor, `cannot be compared: the output is a schema promptlint cannot resolve ("Invoice" → an inline schema)`},
		{"nested field removed", ghModels(obj(map[string]any{"address": obj(map[string]any{"city": str, "zip": str}, "city", "zip")}, "address")),
			ghModels(obj(map[string]any{"address": obj(map[string]any{"city": str}, "city")}, "address")), BumpMajor, `field "address.zip" removed`},
		{"bound relaxed", ghModels(obj(map[string]any{"age": map[string]any{"type": "integer", "maximum": 150}}, "age")),
			ghModels(obj(map[string]any{"age": map[string]any{"type": "integer", "maximum": 200}}, "age")), BumpMajor, `field "age" maximum changed from 150 to 200`},
		// Generated schemas (Pydantic's Optional[...], a described $ref)
		// write nullable and referenced fields with combinators.
		{"anyOf nullable equals a type list", ghModels(obj(map[string]any{"note": map[string]any{"type": []any{"string", "null"}}}, "note")),
			ghModels(obj(map[string]any{"note": map[string]any{"anyOf": []any{str, map[string]any{"type": "null"}}, "default": nil}}, "note")), BumpNone, ""},
		{"anyOf nullable equals Picoschema optional", dotprompt(map[string]any{"queue": "string", "note?": "string"}),
			dotprompt(map[string]any{"type": "object", "required": []any{"queue"}, "properties": map[string]any{"queue": str,
				"note": map[string]any{"anyOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "null"}}, "title": "Note"}}}), BumpNone, ""},
		{"anyOf nullable object field removed", ghModels(obj(map[string]any{"owner": map[string]any{"anyOf": []any{obj(map[string]any{"name": str, "email": str}, "name", "email"), map[string]any{"type": "null"}}}}, "owner")),
			ghModels(obj(map[string]any{"owner": map[string]any{"anyOf": []any{obj(map[string]any{"name": str}, "name"), map[string]any{"type": "null"}}}}, "owner")), BumpMajor, `field "owner.email" removed`},
		{"anyOf null dropped", ghModels(obj(map[string]any{"note": map[string]any{"anyOf": []any{str, map[string]any{"type": "null"}}}}, "note")),
			ghModels(obj(map[string]any{"note": str}, "note")), BumpMinor, `field "note" allows fewer types`},
		{"oneOf of types widened", ghModels(obj(map[string]any{"id": map[string]any{"oneOf": []any{str, map[string]any{"type": "integer"}}}}, "id")),
			ghModels(obj(map[string]any{"id": map[string]any{"oneOf": []any{str, map[string]any{"type": "integer"}, map[string]any{"type": "boolean"}}}}, "id")), BumpMajor, `field "id" may now be boolean`},
		{"anyOf nullable enum widened", ghModels(obj(map[string]any{"level": map[string]any{"anyOf": []any{map[string]any{"enum": []any{"low", "high"}}, map[string]any{"type": "null"}}}}, "level")),
			ghModels(obj(map[string]any{"level": map[string]any{"anyOf": []any{map[string]any{"enum": []any{"low", "high", "mid"}}, map[string]any{"type": "null"}}}}, "level")), BumpMajor, `field "level" may now be "mid"`},
		{"allOf of a described $ref equals the $ref", ghModels(map[string]any{"type": "object", "required": []any{"owner"}, "$defs": map[string]any{"Person": obj(map[string]any{"name": str}, "name")},
			"properties": map[string]any{"owner": map[string]any{"$ref": "#/$defs/Person"}}}),
			ghModels(map[string]any{"type": "object", "required": []any{"owner"}, "$defs": map[string]any{"Person": obj(map[string]any{"name": str}, "name")},
				"properties": map[string]any{"owner": map[string]any{"allOf": []any{map[string]any{"$ref": "#/$defs/Person"}}}}}), BumpNone, ""},
		{"anyOf of two objects cannot be compared", ghModels(obj(map[string]any{"pet": map[string]any{"anyOf": []any{obj(map[string]any{"bark": str}), obj(map[string]any{"meow": str})}}}, "pet")),
			ghModels(obj(map[string]any{"pet": map[string]any{"anyOf": []any{obj(map[string]any{"bark": str}), obj(map[string]any{"purr": str})}}}, "pet")), BumpMinor, "combinators promptlint does not compare"},
		{"prompty outputs", map[string]any{"outputs": []any{map[string]any{"name": "temperature", "kind": "integer", "required": true}}},
			map[string]any{"outputs": []any{map[string]any{"name": "temperature", "kind": "float", "required": true}}}, BumpMajor, `field "temperature" may now be number (was integer)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := promptOf("1.0.0", "Answer.", nil)
			head := promptOf("1.0.0", "Answer.", nil)
			base.Meta, head.Meta = tc.old, tc.new
			c := &Change{}
			classify(c, base, head, DefaultConfig())
			var texts []string
			for _, r := range c.Reasons {
				texts = append(texts, r.Text)
			}
			joined := strings.Join(texts, "; ")
			if c.Required != tc.want || tc.reason != "" && !strings.Contains(joined, tc.reason) {
				t.Errorf("required %s, reasons %q; want %s and %q", c.Required, joined, tc.want, tc.reason)
			}
			for _, bad := range []string{"<nil>", "map[", "[]interface", "%!"} {
				if strings.Contains(joined, bad) {
					t.Errorf("Go value formatting %q in %q", bad, joined)
				}
			}
		})
	}
}

func TestMessageAlignment(t *testing.T) {
	msgs := func(spec ...string) *Prompt {
		p := &Prompt{Path: "a.prompt.yml", Format: FormatGitHubModels, Syntax: template.GitHubModels, Meta: map[string]any{}}
		for _, s := range spec {
			role, text, _ := strings.Cut(s, ":")
			p.Messages = append(p.Messages, Message{Role: role, Text: text})
		}
		return p
	}
	for _, tc := range []struct {
		name       string
		base, head *Prompt
		want       Bump
		reason     string
	}{
		{"leading system message removed", msgs("system:Be brief.", "user:{{q}}"), msgs("user:{{q}}"), BumpMinor, "1 message(s) removed"},
		{"system message inserted", msgs("user:{{q}}"), msgs("system:Be brief.", "user:{{q}}"), BumpMinor, "1 message(s) added"},
		{"role replaced in place", msgs("system:Be brief.", "user:{{q}}"), msgs("developer:Be brief.", "user:{{q}}"), BumpMajor, `role of message 1 changed from "system" to "developer"`},
		{"one out, another in", msgs("system:Be brief.", "user:{{q}}"), msgs("user:{{q}}", "assistant:Sure."), BumpMinor, "1 message(s) added"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Change{}
			classify(c, tc.base, tc.head, DefaultConfig())
			var texts []string
			for _, r := range c.Reasons {
				texts = append(texts, r.Text)
			}
			if c.Required != tc.want || !strings.Contains(strings.Join(texts, "; "), tc.reason) {
				t.Errorf("Required %v, reasons %q; want %v and %q", c.Required, texts, tc.want, tc.reason)
			}
		})
	}
}

// TestSchemaReferences checks local references: a recursive schema (a
// tree whose children are trees) is read once per level and compared, and
// references that fan out (each definition using the next twice, fourteen
// deep) are read within maxSchemaNodes, not 2^14 times each, and a change
// at the bottom is still seen.
func TestSchemaReferences(t *testing.T) {
	node := func(extra string) string {
		return `{"$defs":{"Node":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}` + extra +
			`,"children":{"type":"array","items":{"$ref":"#/$defs/Node"}},"left":{"$ref":"#/$defs/Node"},"right":{"$ref":"#/$defs/Node"}}}},"$ref":"#/$defs/Node"}`
	}
	chain := func(leaf string) string {
		var b strings.Builder
		b.WriteString(`{"$defs":{`)
		for i := range 14 {
			fmt.Fprintf(&b, `"D%d":{"type":"object","properties":{"a":{"$ref":"#/$defs/D%d"},"b":{"$ref":"#/$defs/D%d"}}},`, i, i+1, i+1)
		}
		b.WriteString(`"D14":` + leaf + `},"$ref":"#/$defs/D0"}`)
		return b.String()
	}
	for _, tc := range []struct {
		name     string
		old, new string
		want     Bump
		reason   string
	}{
		{"recursive, unchanged", node(""), node(""), BumpNone, ""},
		{"recursive, field added", node(""), node(`,"label":{"type":"string"}`), BumpMinor, `field "label" added`},
		{"recursive, field removed", node(`,"label":{"type":"string"}`), node(""), BumpMajor, `field "label" removed`},
		{"fan-out, unchanged", chain(`{"type":"string"}`), chain(`{"type":"string"}`), BumpNone, ""},
		{"fan-out, the bottom changed", chain(`{"type":"string"}`), chain(`{"type":"integer"}`), BumpMajor, `field "a.a.a.a.a.a.a.a.a.a.a.a.a.a" may now be integer`},
		{"fan-out, the bottom changed past the bound", chain(`{"type":"string","description":"x"}`), chain(`{"type":"string","description":"y"}`), BumpMinor, "past the 10000 schemas promptlint expands"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gh := func(schema string) map[string]any {
				return map[string]any{"responseFormat": "json_schema", "jsonSchema": schema}
			}
			base, head := promptOf("1.0.0", "Answer.", nil), promptOf("1.0.0", "Answer.", nil)
			base.Meta, head.Meta = gh(tc.old), gh(tc.new)
			c := &Change{}
			classify(c, base, head, DefaultConfig())
			var texts []string
			for _, r := range c.Reasons {
				texts = append(texts, r.Text)
			}
			if joined := strings.Join(texts, "; "); c.Required != tc.want || tc.reason != "" && !strings.Contains(joined, tc.reason) {
				t.Errorf("required %s (%s), want %s with %q", c.Required, joined, tc.want, tc.reason)
			}
		})
	}
}

// TestUnifiedDiffNoNewlineMarker checks the "\ No newline at end of file"
// marker of a prompt's diff: a prompt's text (a quoted YAML scalar, the
// messages joined) rarely ends with a newline, and when neither side does
// the diff reads as if both did; the marker stays when exactly one side
// lacks the newline, and the rest of the diff is GNU diff -u's.
func TestUnifiedDiffNoNewlineMarker(t *testing.T) {
	cfg := DefaultConfig()
	gm := func(content string) *Prompt {
		return parseN(t, "prompts/summarize.prompt.yml", []byte("name: Summarize\nversion: 1.0.0\nmessages:\n"+
			"  - role: system\n    content: You write short, neutral summaries.\n"+
			"  - role: user\n    content: "+content+"\n"), 1)[0]
	}
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"both quoted", `"Summarize {{article}}."`, `"Summarize {{article}} in two sentences."`,
			"--- a/prompts/summarize.prompt.yml\n+++ b/prompts/summarize.prompt.yml\n@@ -1,2 +1,2 @@\n You write short, neutral summaries.\n-Summarize {{article}}.\n+Summarize {{article}} in two sentences.\n"},
		{"both plain", `Summarize {{article}}.`, `Summarize {{article}} briefly.`,
			"--- a/prompts/summarize.prompt.yml\n+++ b/prompts/summarize.prompt.yml\n@@ -1,2 +1,2 @@\n You write short, neutral summaries.\n-Summarize {{article}}.\n+Summarize {{article}} briefly.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, head := gm(tc.old), gm(tc.new)
			c := &Change{}
			stats(c, base, head, cfg)
			if c.UnifiedDiff != tc.want {
				t.Errorf("diff:\n%s\nwant:\n%s", c.UnifiedDiff, tc.want)
			}
		})
	}
	// One message, and exactly one side ends with a newline: the marker
	// says so, once.
	one := func(text string) *Prompt { return promptOf("1.0.0", text, nil) }
	c := &Change{}
	stats(c, one("Answer {question}."), one("Answer {question} briefly.\n"), cfg)
	if want := "--- a/prompts/p.yaml\n+++ b/prompts/p.yaml\n@@ -1 +1 @@\n-Answer {question}.\n\\ No newline at end of file\n+Answer {question} briefly.\n"; c.UnifiedDiff != want {
		t.Errorf("one side without newline:\n%s\nwant:\n%s", c.UnifiedDiff, want)
	}
	c = &Change{}
	stats(c, one("Answer {question}."), one("Answer {question} briefly."), cfg)
	if want := "--- a/prompts/p.yaml\n+++ b/prompts/p.yaml\n@@ -1 +1 @@\n-Answer {question}.\n+Answer {question} briefly.\n"; c.UnifiedDiff != want {
		t.Errorf("single line, neither side with newline:\n%s\nwant:\n%s", c.UnifiedDiff, want)
	}
	// An added single-line prompt shows no marker either.
	added := oneSided(nil, one("Answer {question}."), cfg)
	if strings.Contains(added.UnifiedDiff, "No newline") || !strings.Contains(added.UnifiedDiff, "+Answer {question}.\n") {
		t.Errorf("added prompt diff:\n%s", added.UnifiedDiff)
	}
}

// TestRenderedRowsBounded: a prompt's test rows are rendered up to 100, and
// for a large template only as many as the render budget allows, at
// least one; Total keeps the count of rows.
func TestRenderedRowsBounded(t *testing.T) {
	rows := func(n int) []TestRow {
		out := make([]TestRow, n)
		for i := range out {
			out[i] = TestRow{Values: map[string]any{"question": fmt.Sprint("q", i)}}
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		text     string
		rows     int
		rendered int
	}{
		{"small template, few rows", "Answer {question}.", 7, 7},
		{"small template, many rows", "Answer {question}.", 250, maxRenderedRows},
		{"large template", strings.Repeat("Answer briefly.\n", 1<<15) + "{question}", 250, 7}, // 8 MiB over 1 MiB of base and head text
		{"huge template", strings.Repeat("Answer briefly.\n", 1<<20) + "{question}", 3, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := promptOf("1.0.0", tc.text, map[string]any{"question": nil})
			head := promptOf("1.0.1", tc.text+" Be kind.", map[string]any{"question": nil})
			head.TestData = rows(tc.rows)
			rc := renderCompare(base, head)
			if rc.Total != tc.rows || len(rc.Rows) != tc.rendered {
				t.Errorf("rendered %d of %d rows, want %d of %d", len(rc.Rows), rc.Total, tc.rendered, tc.rows)
			}
		})
	}
}

// TestClassifyOptionalVariables checks the bump for variables a Jinja or
// Handlebars template uses only optionally (under {% if %}, {{#if}}, with
// | default): optional inputs, so adding, removing or renaming one needs
// minor, and using one unguarded makes it required (major).
func TestClassifyOptionalVariables(t *testing.T) {
	cfg := DefaultConfig()
	prompty := func(body string) *Prompt {
		return parseN(t, "prompts/support.prompty", []byte("---\nname: support\nversion: 1.0.0\nmodel:\n  id: gpt-4o-mini\n---\nsystem:\n"+body+"\n\nuser:\n{{question}}\n"), 1)[0]
	}
	for _, tc := range []struct {
		name, old, new string
		want           Bump
		reason         string
	}{
		{"optional added", "You answer support questions.", "You answer support questions.{% if tone %} Use a {{ tone }} tone.{% endif %}",
			BumpMinor, `optional variable "tone" added`},
		{"optional removed", "Sign as {{ signature | default('the team') }}.", "Sign as the team.",
			BumpMinor, `optional variable "signature" removed`},
		{"optional renamed", "{% if tone %}Use a {{ tone }} tone.{% endif %}", "{% if style %}Use a {{ style }} style.{% endif %}",
			BumpMinor, `variable "tone" renamed to "style"`},
		{"became required", "{% if tone %}Use a {{ tone }} tone.{% endif %}", "Use a {{ tone }} tone.",
			BumpMajor, `variable "tone" became required`},
		{"required added", "You answer support questions.", "You answer support questions in a {{ tone }} tone.",
			BumpMajor, `required variable "tone" added`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Change{}
			classify(c, prompty(tc.old), prompty(tc.new), cfg)
			found := false
			for _, r := range c.Reasons {
				found = found || strings.Contains(r.Text, tc.reason)
			}
			if c.Required != tc.want || !found {
				t.Errorf("required %v, reasons %v; want %v with %q", c.Required, c.Reasons, tc.want, tc.reason)
			}
		})
	}
}

// TestClassifyVariableReasonsQuote: the reasons of variables added and
// removed quote the name as %q does, whatever it holds.
func TestClassifyVariableReasonsQuote(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	names := []string{"tone", `a"b`, `back\slash`, "café", "tab\there", "bell\a", "\xff"}
	base, head := map[string]any{"kept": nil}, map[string]any{"kept": nil}
	for i, n := range names {
		if i%2 == 0 {
			base[n] = nil
		} else {
			head[n] = "default"
		}
	}
	c := &Change{}
	classify(c, promptOf("1.0.0", "Hi", base), promptOf("2.0.0", "Hi", head), cfg)
	var got []string
	for _, r := range c.Reasons {
		got = append(got, r.Text)
	}
	for i, n := range names {
		want := fmt.Sprintf("variable %q removed", n)
		if i%2 == 1 {
			want = fmt.Sprintf("variable %q added with a default", n)
		}
		if !slices.Contains(got, want) {
			t.Errorf("no reason %q among %q", want, got)
		}
	}
}
