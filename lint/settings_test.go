package lint

import (
	"context"
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

// changeOf checks one file changed from base to head (no rules) and
// returns its change.
func changeOf(t *testing.T, path, base, head string) *Change {
	t.Helper()
	rep, err := Run(context.Background(), Input{Base: fstest.MapFS{path: {Data: []byte(base)}}, Head: fstest.MapFS{path: {Data: []byte(head)}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Prompts) != 1 || rep.Prompts[0].Change == nil {
		t.Fatalf("%d prompts reported, want one change", len(rep.Prompts))
	}
	return rep.Prompts[0].Change
}

// promptyV1 is a Prompty v1 file in the shape of the Prompty samples:
// model.configuration says where the model is deployed, model.parameters
// how it is called.
const promptyV1 = `---
name: Contoso Chat Prompt
description: A retail assistant for Contoso Outdoors products retailer.
version: 1.0.0
model:
  api: chat
  configuration:
    type: azure_openai
    azure_deployment: gpt-35-turbo
    azure_endpoint: ${env:AZURE_OPENAI_ENDPOINT}
    api_version: 2024-02-01
  parameters:
    max_tokens: 128
    temperature: 0.2
inputs:
  customer_question:
    type: string
---
system:
You are an AI agent for the Contoso Outdoors products retailer.

user:
{{customer_question}}
`

// vscodePrompt is a VS Code prompt file as awesome-copilot had them before
// mode: was renamed agent:.
const vscodePrompt = `---
mode: 'agent'
description: 'Review and refactor code in your project'
tools: ['codebase', 'editFiles', 'fetch']
---
## Role

You're a senior expert software engineer. Review ${input:file_path} and refactor it.
`

// TestSettingsThatAreNotThePrompt checks that deployment configuration and
// keys a format's tools ignore need no bump, while the model, its
// parameters and the response format do.
func TestSettingsThatAreNotThePrompt(t *testing.T) {
	for _, tc := range []struct {
		name, path, base, head string
		want                   Bump
		reason                 string // a substring of some reason
	}{
		{"prompty endpoint, API version, key and type", "chat.prompty", promptyV1,
			strings.NewReplacer("type: azure_openai", "type: openai", "${env:AZURE_OPENAI_ENDPOINT}", "https://contoso.openai.azure.com/",
				"api_version: 2024-02-01", "api_version: 2024-10-21\n    api_key: ${env:AZURE_OPENAI_API_KEY}").Replace(promptyV1), BumpNone, "only metadata"},
		{"prompty deployment", "chat.prompty", promptyV1, strings.Replace(promptyV1, "azure_deployment: gpt-35-turbo", "azure_deployment: gpt-4o", 1),
			BumpMinor, `model changed from "gpt-35-turbo" to "gpt-4o"`},
		{"prompty parameters", "chat.prompty", promptyV1, strings.Replace(promptyV1, "temperature: 0.2", "temperature: 0.7", 1),
			BumpMinor, "model parameters changed (temperature 0.2 → 0.7)"},
		{"prompty response format to JSON", "chat.prompty", promptyV1,
			strings.Replace(promptyV1, "temperature: 0.2", "temperature: 0.2\n    response_format:\n      type: json_object", 1),
			BumpMajor, "response format changed from text to JSON"},
		{"prompty v2 provider and connection", "chat.prompty",
			"---\nname: basic\nversion: 1.0.0\nmodel:\n  id: gpt-4\n  provider: azure\n  connection:\n    kind: key\n    endpoint: ${env:AZURE_OPENAI_ENDPOINT}\n  options:\n    temperature: 0.7\n---\nsystem:\nAnswer briefly.\n",
			"---\nname: basic\nversion: 1.0.0\nmodel:\n  id: gpt-4\n  provider: openai\n  connection:\n    kind: key\n    endpoint: ${env:OPENAI_ENDPOINT:https://api.openai.com/v1}\n    apiKey: ${env:OPENAI_API_KEY}\n  options:\n    temperature: 0.7\n---\nsystem:\nAnswer briefly.\n",
			BumpNone, "only metadata"},
		{"prompty v1 to v2 names of the same parameters", "chat.prompty",
			"---\nname: basic\nversion: 1.0.0\nmodel:\n  api: chat\n  parameters:\n    max_tokens: 1000\n---\nsystem:\nAnswer briefly.\n",
			"---\nname: basic\nversion: 1.0.0\nmodel:\n  apiType: chat\n  options:\n    maxOutputTokens: 1000\n---\nsystem:\nAnswer briefly.\n",
			BumpNone, "only metadata"},
		{"vs code mode renamed agent", "review.prompt.md", vscodePrompt, strings.Replace(vscodePrompt, "mode: 'agent'", "agent: 'agent'", 1), BumpNone, "only metadata"},
		{"vs code tool ids moved to namespaces", "review.prompt.md", vscodePrompt,
			strings.Replace(vscodePrompt, "['codebase', 'editFiles', 'fetch']", "['search/codebase', 'edit/editFiles', 'web/fetch']", 1), BumpNone, "only metadata"},
		{"vs code tool added", "review.prompt.md", vscodePrompt,
			strings.Replace(vscodePrompt, "['codebase', 'editFiles', 'fetch']", "['search/codebase', 'edit/editFiles', 'web/fetch', 'runTests']", 1), BumpMinor, "tools changed (+runTests)"},
		{"vs code agent changed", "review.prompt.md", vscodePrompt, strings.Replace(vscodePrompt, "mode: 'agent'", "agent: 'ask'", 1), BumpMinor, `agent changed from "agent" to "ask"`},
		{"vs code keys VS Code ignores", "review.prompt.md", vscodePrompt,
			strings.Replace(vscodePrompt, "---\n## Role", "tested_with: 'GitHub Copilot Chat (GPT-4o)'\n---\n## Role", 1), BumpNone, "only metadata"},
		{"github models keys its tools ignore", "ask.prompt.yml",
			"name: Ask\nversion: 1.0.0\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: Answer {{question}}\n",
			"name: Ask\nversion: 1.0.0\nmodel: openai/gpt-4o-mini\nteam: support\ntemperature: 0.2\nmessages:\n  - role: user\n    content: Answer {{question}}\n",
			BumpNone, "only metadata"},
		{"github models model parameters", "ask.prompt.yml",
			"name: Ask\nversion: 1.0.0\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: Answer {{question}}\n",
			"name: Ask\nversion: 1.0.0\nmodel: openai/gpt-4o\nmodelParameters:\n  temperature: 0.2\nmessages:\n  - role: user\n    content: Answer {{question}}\n",
			BumpMinor, "model parameters changed (temperature set to 0.2)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := changeOf(t, tc.path, tc.base, tc.head)
			var texts []string
			for _, r := range c.Reasons {
				texts = append(texts, r.Text)
			}
			joined := strings.Join(texts, "; ")
			if c.Required != tc.want || !strings.Contains(joined, tc.reason) {
				t.Errorf("required %s, reasons %q; want %s and %q", c.Required, joined, tc.want, tc.reason)
			}
		})
	}
}

// TestValueText checks that values decoded from YAML reach messages as
// JSON, never in Go's formatting.
func TestValueText(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{nil, "null"},
		{"gpt-4o", `"gpt-4o"`},
		{0.2, "0.2"},
		{true, "true"},
		{map[string]any{"type": "json_object"}, `{"type":"json_object"}`},
		{[]any{"END", nil}, `["END",null]`},
		{map[any]any{1: "a"}, `{"1":"a"}`},
		{map[any]any{nil: 1, true: 2}, `{"null":1,"true":2}`},
		{math.NaN(), `"NaN"`},
		{[]any{math.Inf(-1)}, `["-Inf"]`},
		{strings.Repeat("x", 100), `"` + strings.Repeat("x", 60) + `…"`},
	} {
		if got := valueText(tc.v); got != tc.want {
			t.Errorf("valueText(%#v) = %s, want %s", tc.v, got, tc.want)
		}
	}
}

// TestInputTypeChanges checks that the declared type of an input is part
// of the interface: Dotprompt and Prompty check inputs against it, so a
// change to another type breaks callers, a wider type or a type newly
// declared is minor, and the same type spelled another way is no change.
func TestInputTypeChanges(t *testing.T) {
	dotprompt := func(count, label string) string {
		return "---\nversion: 1.0.0\ndescription: Lists items.\ninput:\n  schema:\n    item_count: " + count +
			"\n    label?: " + label + "\n---\nList {{item_count}} items labelled {{label}}.\n"
	}
	prompty := func(kind string) string {
		return "---\nname: lister\nversion: 1.0.0\ninputs:\n  item_count:\n    type: " + kind + "\n    sample: 3\n---\nuser:\nList {{item_count}} items.\n"
	}
	for _, tc := range []struct {
		name, path, base, head string
		want                   Bump
		reason                 string
	}{
		{"string to integer", "prompts/list.prompt", dotprompt("string", "string"), dotprompt("integer", "string"), BumpMajor, `type of variable "item_count" changed from "string" to "integer"`},
		{"integer to number", "prompts/list.prompt", dotprompt("integer", "string"), dotprompt("number", "string"), BumpMinor, `variable "item_count" accepts more: its type "integer" became "number"`},
		{"to any", "prompts/list.prompt", dotprompt("integer", "string"), dotprompt("any", "string"), BumpMinor, `its type "integer" became any type`},
		{"described only", "prompts/list.prompt", dotprompt("integer", "string"), dotprompt("integer, how many", "string, shown under each"), BumpNone, ""},
		{"optional input retyped", "prompts/list.prompt", dotprompt("integer", "string"), dotprompt("integer", "boolean"), BumpMajor, `type of variable "label" changed`},
		{"prompty float is number", "flows/list.prompty", prompty("number"), prompty("float"), BumpNone, ""},
		{"prompty typed", "flows/list.prompty", strings.Replace(prompty("x"), "    type: x\n", "", 1), prompty("integer"), BumpMinor, `variable "item_count" is now declared "integer"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := changeOf(t, tc.path, tc.base, tc.head)
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
