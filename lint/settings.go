package lint

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// This file classifies the settings around a prompt's text: the model and
// its parameters, the response format and output schema, and the other
// keys of the file. Only what reaches the model or the caller counts:
// deployment configuration (endpoints, API versions, keys, ${env:...}
// references) and keys a format's tools ignore are metadata.

// modelIDKeys name the model (or its deployment) in a model mapping, in
// order of preference.
var modelIDKeys = []string{"id", "model", "deployment", "azure_deployment", "deployment_name"}

// configIDKeys name the model inside Prompty's model.configuration (v1)
// or model.connection.
var configIDKeys = []string{"azure_deployment", "deployment", "model", "name"}

// deploymentKeys are model settings that say where and how to reach the
// model, not what it is asked: no bump.
var deploymentKeys = map[string]bool{
	"configuration": true, "connection": true, "provider": true, "type": true, "endpoint": true,
	"azure_endpoint": true, "api_version": true, "api_key": true, "apiKey": true, "base_url": true,
	"baseUrl": true, "organization": true, "host": true, "kind": true,
}

// responseFormatKeys set the response format: compared as output.
var responseFormatKeys = map[string]bool{"response_format": true, "responseFormat": true}

// paramAliases are parameter names that mean the same, after lower-casing
// and dropping "_" and "-" (Prompty v1's max_tokens is v2's
// maxOutputTokens).
var paramAliases = map[string]string{
	"maxoutputtokens": "maxtokens", "maxcompletiontokens": "maxtokens", "maxnewtokens": "maxtokens",
	"stopsequences": "stop", "apitype": "api",
}

// topLevelParams are model parameters some formats allow at the top of the
// file (our YAML).
var topLevelParams = []string{"temperature", "max_tokens", "top_p"}

// formatKeys are the keys a format's own tools read; the others are
// ignored by those tools, so a change there reaches neither the model nor
// the caller. Formats not listed keep every key.
var formatKeys = map[Format]map[string]bool{
	FormatGitHubModels: {"name": true, "description": true, "model": true, "modelParameters": true, "messages": true,
		"testData": true, "evaluators": true, "responseFormat": true, "jsonSchema": true},
	// VS Code reads agent (formerly mode), argument-hint, description,
	// model, name and tools (microsoft/vscode#284849).
	FormatVSCode: {"agent": true, "mode": true, "argument-hint": true, "description": true, "model": true, "name": true, "tools": true},
}

// modelSettings are the model a prompt asks for and its parameters.
type modelSettings struct {
	id     string
	params map[string]any    // normalized name → value
	names  map[string]string // normalized name → name as written
}

// modelOf reads a prompt's model settings from its model mapping (and,
// for formats that allow it, top-level parameters), leaving out
// deployment configuration and the response format.
func modelOf(p *Prompt) modelSettings {
	m := modelSettings{params: map[string]any{}, names: map[string]string{}}
	for _, k := range modelIDKeys {
		if s, ok := p.Model[k].(string); ok && m.id == "" && !envRef(s) {
			m.id = strings.TrimSpace(s)
		}
	}
	for _, key := range []string{"configuration", "connection"} {
		c, _ := p.Model[key].(map[string]any)
		for _, k := range configIDKeys {
			if s, ok := c[k].(string); ok && m.id == "" && !envRef(s) {
				m.id = strings.TrimSpace(s)
			}
		}
	}
	set := func(k string, v any) {
		if s, ok := v.(string); ok && envRef(s) {
			return
		}
		n := strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(k))
		if a, ok := paramAliases[n]; ok {
			n = a
		}
		m.params[n], m.names[n] = v, k
	}
	for k, v := range p.Model {
		if contains(modelIDKeys, k) || deploymentKeys[k] || responseFormatKeys[k] {
			continue
		}
		set(k, v)
	}
	if formatKeys[p.Format] == nil {
		for _, k := range topLevelParams {
			if v, ok := p.Meta[k]; ok {
				set(k, v)
			}
		}
	}
	return m
}

// envRef reports whether s is a ${env:NAME} reference: configuration,
// whatever it resolves to.
func envRef(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "${env:") && strings.HasSuffix(s, "}")
}

// modelChanges describes how the model settings changed: the model, and
// the parameters changed, added or removed, by name.
func modelChanges(o, n modelSettings) []string {
	var out []string
	if o.id != n.id {
		switch {
		case o.id == "":
			out = append(out, "model set to "+strconv.Quote(n.id))
		case n.id == "":
			out = append(out, "model "+strconv.Quote(o.id)+" no longer set")
		default:
			out = append(out, "model changed from "+strconv.Quote(o.id)+" to "+strconv.Quote(n.id))
		}
	}
	var changed []string
	for _, k := range slices.Sorted(maps.Keys(unionKeys(o.params, n.params))) {
		ov, had := o.params[k]
		nv, has := n.params[k]
		name := n.names[k]
		if name == "" {
			name = o.names[k]
		}
		switch {
		case !had:
			changed = append(changed, name+" set to "+valueText(nv))
		case !has:
			changed = append(changed, name+" removed")
		case canonicalJSON(ov) != canonicalJSON(nv):
			changed = append(changed, name+" "+valueText(ov)+" → "+valueText(nv))
		}
	}
	if len(changed) > 0 {
		out = append(out, "model parameters changed ("+strings.Join(changed, ", ")+")")
	}
	return out
}

// promptOutput is what a prompt returns: a response format and, for
// structured formats, a schema.
type promptOutput struct {
	format string  // "text", "json", or another format named in the file ("media")
	schema *schema // nil when the prompt declares none
}

// outputKeys declare the response format or the output schema.
var outputKeys = map[string]bool{
	"output": true, "outputs": true, "outputSchema": true, "output_schema": true, "jsonSchema": true,
	"json_schema": true, "responseFormat": true, "response_format": true,
}

// outputOf reads a prompt's response format and output schema: Dotprompt's
// output.format and output.schema (Picoschema or JSON Schema), GitHub
// Models' responseFormat and jsonSchema (a mapping or a JSON string,
// OpenAI's {name, strict, schema} wrapper included), a response_format
// model parameter, and Prompty's outputs. Without a format, a prompt with
// a schema returns JSON and one without returns text.
func outputOf(p *Prompt) promptOutput {
	var out promptOutput
	format := ""
	if o, ok := p.Meta["output"].(map[string]any); ok {
		format, _ = o["format"].(string)
		if s, ok := o["schema"]; ok && s != nil {
			out.schema = parsePicoschema(s, 0)
		}
	}
	for _, v := range []any{p.Meta["responseFormat"], p.Meta["response_format"], p.Model["response_format"], p.Model["responseFormat"]} {
		f, s := responseFormat(v)
		if f != "" && format == "" {
			format = f
		}
		if s != nil && out.schema == nil {
			out.schema = s
		}
	}
	for _, k := range []string{"jsonSchema", "json_schema", "outputSchema", "output_schema"} {
		if v, ok := p.Meta[k]; ok && v != nil && out.schema == nil {
			out.schema = jsonSchemaOf(v)
		}
	}
	if v, ok := p.Meta["outputs"]; ok && v != nil && out.schema == nil {
		out.schema = parsePromptyOutputs(v, 0)
	}
	switch f := strings.ToLower(strings.TrimSpace(format)); f {
	case "json", "json_object", "json_schema":
		out.format = "json"
	case "":
		out.format = "text"
		if out.schema != nil {
			out.format = "json"
		}
	default:
		out.format = f
	}
	return out
}

// responseFormat reads a response format: "json_object", or OpenAI's
// {type: json_schema, json_schema: {name, schema}}.
func responseFormat(v any) (format string, s *schema) {
	switch x := v.(type) {
	case string:
		return x, nil
	case map[string]any:
		format, _ = x["type"].(string)
		if js, ok := x["json_schema"]; ok && js != nil {
			s = jsonSchemaOf(js)
		}
		return format, s
	}
	return "", nil
}

// jsonSchemaOf normalizes a JSON Schema written as a mapping or as a JSON
// string, unwrapping OpenAI's {name, strict, schema} wrapper. A string
// that is not JSON cannot be compared.
func jsonSchemaOf(v any) *schema {
	if str, ok := v.(string); ok {
		var decoded any
		if err := json.Unmarshal([]byte(str), &decoded); err != nil {
			return &schema{opaque: "(not JSON) " + str}
		}
		v = decoded
	}
	m, ok := v.(map[string]any)
	if !ok {
		return &schema{opaque: canonicalJSON(v)}
	}
	if inner, ok := m["schema"].(map[string]any); ok {
		_, named := m["name"]
		_, strict := m["strict"]
		if named || strict {
			m = inner
		}
	}
	return parseJSONSchema(m, newSchemaDoc(m), 0)
}

// formatName names a response format in a message.
func formatName(f string) string {
	switch f {
	case "json":
		return "JSON"
	case "text":
		return "text"
	}
	return strconv.Quote(f)
}

// settingChanges compares the keys of two prompts that are neither text,
// variables, model, output nor metadata. Keys a format's tools ignore are
// left out; VS Code's mode: (renamed agent:) and its tool ids are compared
// by meaning.
func settingChanges(base, head *Prompt) []string {
	var out []string
	if base.Format == FormatVSCode && head.Format == FormatVSCode {
		if o, n := vscodeAgent(base), vscodeAgent(head); o != n {
			out = append(out, "agent changed from "+valueText(o)+" to "+valueText(n))
		}
		if o, n := toolSet(base.Meta["tools"]), toolSet(head.Meta["tools"]); !reflect.DeepEqual(o, n) {
			out = append(out, "tools changed ("+setDiff(o, n)+")")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(unionKeys(base.Meta, head.Meta))) {
		if metadataKeys[k] || k == "model" || outputKeys[k] || isTemplateKey(k) || contains(topLevelParams, k) ||
			k == "modelParameters" || k == "parameters" || k == "config" {
			continue
		}
		if known := formatKeys[head.Format]; known != nil && (!known[k] || head.Format == FormatVSCode) {
			continue // ignored by the format's tools, or compared above
		}
		if canonicalJSON(base.Meta[k]) != canonicalJSON(head.Meta[k]) {
			out = append(out, fmt.Sprintf("setting %q changed", k))
		}
	}
	return out
}

// vscodeAgent is a VS Code prompt's agent: its agent: key, or mode:, the
// same setting's older name.
func vscodeAgent(p *Prompt) any {
	if v, ok := p.Meta["agent"]; ok {
		return v
	}
	return p.Meta["mode"]
}

// toolSet reads VS Code tool ids as a set of tool names: a namespace move
// ("codebase" → "search/codebase") is the same tool.
func toolSet(v any) map[string]bool {
	set := map[string]bool{}
	list, _ := v.([]any)
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			s = canonicalJSON(x)
		}
		if i := strings.LastIndexByte(s, '/'); i >= 0 {
			s = s[i+1:]
		}
		set[strings.TrimSpace(s)] = true
	}
	return set
}

// setDiff says what was added to and removed from a set: "+a −b".
func setDiff(o, n map[string]bool) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(n)) {
		if !o[k] {
			parts = append(parts, "+"+k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(o)) {
		if !n[k] {
			parts = append(parts, "−"+k)
		}
	}
	return strings.Join(parts, " ")
}
