package lint

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/promptlint/promptlint/lint/tokens"
)

// ConfigSchemaURL is where the JSON Schema of .promptlint.yaml is
// published: the copy kept in the repository (a test keeps it equal to
// `promptlint config schema`). `promptlint init` points editors at it
// with a yaml-language-server comment.
const ConfigSchemaURL = "https://raw.githubusercontent.com/promptlint/promptlint/main/lint/config.schema.json"

// configDocs describes each setting of the config, by its path in the
// schema ("*" for any key of a mapping, "[]" for the items of a list).
// ConfigSchema requires one for every field of Config.
var configDocs = map[string]string{
	"":                          "promptlint configuration (.promptlint.yaml). Globs are relative to this file's directory.",
	"files":                     "Globs (doublestar syntax, relative to this file's directory) that select prompt files.",
	"files[]":                   "A glob that selects prompt files.",
	"exclude":                   "Globs of files never read.",
	"exclude[]":                 "A glob of files never read.",
	"syntax":                    "Template syntax of promptlint YAML and plain-text prompts that do not say: python, mustache, handlebars, jinja2 or text.",
	"max_file_size":             "The largest prompt file read, in bytes; larger files are a parse-error.",
	"rules":                     "Severity per rule id: error, warning, notice or off.",
	"rules.*":                   "The rule's severity: error, warning, notice or off.",
	"ignore":                    "Findings dropped, by path glob and rule ids.",
	"ignore[]":                  "Drop the findings of some rules (all when rules is empty) in files matching path.",
	"ignore[].path":             "A glob of the files whose findings are dropped.",
	"ignore[].rules":            "The rules whose findings are dropped; all when empty.",
	"ignore[].rules[]":          "A rule id.",
	"naming":                    "The naming rules.",
	"naming.variables":          "The case of variable names.",
	"naming.prompts":            "The case of prompt names.",
	"naming.min_length":         "Variable names shorter than this are cryptic.",
	"naming.deny":               "Variable names that are cryptic whatever their length.",
	"naming.deny[]":             "A cryptic variable name.",
	"naming.allow":              "Variable names exempt from variable-name-cryptic.",
	"naming.allow[]":            "A variable name exempt from variable-name-cryptic.",
	"tokens":                    "Token counting.",
	"tokens.encoding":           "The tokenizer: cl100k_base or o200k_base.",
	"tokens.budget":             "template-too-long above this many tokens per prompt.",
	"versions":                  "The version bump each kind of change requires.",
	"versions.breaking":         "For a variable removed or renamed, a required variable added, a role changed, an output schema broken.",
	"versions.feature":          "For a variable with a default added, a default changed, messages added or removed, the model changed.",
	"versions.wording":          "For a change of the template's wording.",
	"versions.require_vscode":   "Require a version in VS Code prompt files (a \"# version: 1.0.0\" comment line in the front matter).",
	"versions.initial":          "The version a fix gives a prompt that has none: 1.0.0, or 0.1.0 for prompts still taking shape.",
	"diff":                      "The diff summary.",
	"diff.review_threshold":     "Similarity below this asks for review instead of deploy.",
	"diff.rename_threshold":     "A removed and an added prompt this similar are a rename.",
	"diff.max_diff_lines":       "Unified diff lines kept per prompt in the pull request comment.",
	"commits":                   "commit-message-generic.",
	"commits.min_words":         "Commit messages with fewer words are generic.",
	"commits.deny":              "Commit messages that are generic whatever their length.",
	"commits.deny[]":            "A generic commit message.",
	"checklist":                 "The production checklist.",
	"checklist.min_sample_size": "The smallest A/B sample per arm.",
	"checklist.confidence":      "The confidence of the A/B significance test.",
	"checklist.min_approvals":   "Approving reviews for team-reviewed.",
	"checklist.tolerance":       "Relative slack for metrics whose goal is maintain.",
	"only_new":                  "Fail check and the action only on findings the base does not already have; pre-existing ones are still reported.",
	"default_environment":       "The environment of a prompt that declares none and matches no environment's paths; empty makes its checklist advisory.",
	"environments":              "Environments by name, tried in order for their path globs.",
	"environments.*":            "An environment: its prompts by path glob, the checklist items they require, and rule severities for them.",
	"environments.*.paths":      "Globs of the prompts in this environment.",
	"environments.*.paths[]":    "A glob of prompts in this environment.",
	"environments.*.requires":   "The checklist items required before merge.",
	"environments.*.requires[]": "A checklist item.",
	"environments.*.rules":      "Rule severities for the prompts of this environment only.",
	"environments.*.rules.*":    "The rule's severity in this environment: error, warning, notice or off.",
}

// ConfigSchema returns a JSON Schema (draft-07) of .promptlint.yaml, for
// editors (yaml-language-server) and SchemaStore: every key with its
// description and type, the enums of severities, cases, bumps, encodings
// and checklist items, and the ids of rules as the keys of `rules`.
func ConfigSchema(rules []*Rule) ([]byte, error) {
	var ids []any
	for _, r := range rules {
		ids = append(ids, r.ID)
	}
	g := schemaGen{ruleIDs: ids}
	root := g.schema(reflect.TypeOf(Config{}), "")
	root["$schema"] = "http://json-schema.org/draft-07/schema#"
	root["$id"] = ConfigSchemaURL
	root["title"] = "promptlint configuration"
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if g.missing != nil {
		return nil, &fieldError{path: strings.Join(g.missing, ", "), msg: "no description in configDocs"}
	}
	return buf.Bytes(), nil
}

type schemaGen struct {
	ruleIDs []any
	missing []string
}

func strings2any(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// schema returns the schema of a value of type t at path; a YAML null is
// allowed everywhere (it keeps the default).
func (g *schemaGen) schema(t reflect.Type, path string) map[string]any {
	s := map[string]any{}
	if d, ok := configDocs[path]; ok {
		s["description"] = d
	} else {
		g.missing = append(g.missing, path)
	}
	nullable := func(typ string) { s["type"] = []any{typ, "null"} }
	switch t.Kind() {
	case reflect.Struct:
		nullable("object")
		props := map[string]any{}
		fields, names := yamlFields(t)
		for _, name := range names {
			props[name] = g.schema(fields[name], join(path, name))
		}
		s["properties"] = props
		s["additionalProperties"] = false
	case reflect.Map:
		nullable("object")
		s["additionalProperties"] = g.schema(t.Elem(), join(path, "*"))
		if path == "rules" || strings.HasSuffix(path, ".rules") {
			s["propertyNames"] = map[string]any{"enum": g.ruleIDs}
		}
	case reflect.Slice:
		nullable("array")
		s["items"] = g.schema(t.Elem(), path+"[]")
	case reflect.Int, reflect.Int64:
		nullable("integer")
	case reflect.Float64:
		nullable("number")
	case reflect.Bool:
		nullable("boolean")
	default:
		nullable("string")
	}
	severities := []any{"error", "warning", "notice", "off"}
	switch {
	case path == "rules.*" || strings.HasSuffix(path, ".rules.*"):
		s["enum"] = append(severities, nil)
	case path == "ignore[].rules[]":
		s["enum"] = g.ruleIDs
	case path == "environments.*.requires[]":
		s["enum"] = strings2any(ChecklistItems)
	case path == "naming.variables" || path == "naming.prompts":
		s["enum"] = append(strings2any(slices.Sorted(maps.Keys(caseNames))), nil)
	case path == "versions.initial":
		s["pattern"] = `^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`
	case strings.HasPrefix(path, "versions.") && t.Kind() == reflect.String:
		s["enum"] = []any{"major", "minor", "patch", "none", nil}
	case path == "tokens.encoding":
		s["enum"] = append(strings2any(tokens.Encodings), nil)
	case path == "diff.review_threshold" || path == "diff.rename_threshold":
		s["minimum"], s["maximum"] = 0, 1
	case path == "checklist.confidence":
		s["exclusiveMinimum"], s["exclusiveMaximum"] = 0, 1
	case path == "tokens.budget" || path == "max_file_size":
		s["minimum"] = 1
	case path == "syntax":
		s["examples"] = []any{"python", "mustache", "handlebars", "jinja2", "text"}
	}
	if def, ok := schemaDefault(path); ok {
		s["default"] = def
	}
	return s
}

// schemaDefault returns the default of a scalar setting, from
// DefaultConfig.
func schemaDefault(path string) (any, bool) {
	v := reflect.ValueOf(*DefaultConfig())
	for _, part := range strings.Split(path, ".") {
		if part == "" || v.Kind() != reflect.Struct {
			return nil, false
		}
		found := false
		for i := 0; i < v.NumField(); i++ {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
			if name == part {
				v, found = v.Field(i), true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Int, reflect.Int64:
		return v.Int(), true
	case reflect.Float64:
		return v.Float(), true
	case reflect.Bool:
		return v.Bool(), true
	}
	return nil, false
}
