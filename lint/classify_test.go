package lint

import (
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
		for _, name := range sortedKeys(vars) {
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

func TestSchemaBreak(t *testing.T) {
	obj := func(props map[string]any, req ...any) map[string]any {
		return map[string]any{"type": "object", "properties": props, "required": req}
	}
	str := map[string]any{"type": "string"}
	num := map[string]any{"type": "number"}
	for _, tc := range []struct {
		name     string
		old, new any
		breaks   bool
	}{
		{"property added", obj(map[string]any{"a": str}), obj(map[string]any{"a": str, "b": str}), false},
		{"property removed", obj(map[string]any{"a": str, "b": str}), obj(map[string]any{"a": str}), true},
		{"type changed", obj(map[string]any{"a": str}), obj(map[string]any{"a": num}), true},
		{"newly required", obj(map[string]any{"a": str}), obj(map[string]any{"a": str}, "a"), true},
		{"schema added", nil, obj(nil), false},
		{"schema removed", obj(nil), nil, true},
		{"picoschema field added", map[string]any{"queue": "string"}, map[string]any{"queue": "string", "reason?": "string"}, false},
		{"picoschema type changed", map[string]any{"confidence": "number"}, map[string]any{"confidence": "string, how sure"}, true},
		{"picoschema described, same type", map[string]any{"confidence": "number"}, map[string]any{"confidence": "number, from 0 to 1"}, false},
		{"picoschema field removed", map[string]any{"queue": "string", "why": "string"}, map[string]any{"queue": "string"}, true},
		{"picoschema optional became required", map[string]any{"why?": "string"}, map[string]any{"why": "string"}, true},
		{"output format changed", map[string]any{"format": "json", "schema": map[string]any{"a": "string"}}, map[string]any{"format": "text"}, true},
		{"picoschema key type changed", map[string]any{"tags(array)": "string"}, map[string]any{"tags(object)": "string"}, true},
	} {
		if got := schemaBreak(tc.old, tc.new) != ""; got != tc.breaks {
			t.Errorf("%s: breaks = %v, want %v", tc.name, got, tc.breaks)
		}
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
