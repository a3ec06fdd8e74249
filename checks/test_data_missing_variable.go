package checks

import (
	"slices"
	"sort"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// TestDataMissingVariable reports test rows that lack a required input.
var TestDataMissingVariable = &lint.Rule{
	ID:       "test-data-missing-variable",
	Severity: lint.Error,
	Doc: `A test data row lacks a variable the template needs and has no default for.

Test rows (GitHub Models testData, examples, Prompty sample) are what
"gh models eval", reviewers and promptlint's rendered comparison run the
prompt on. A row without a required input renders the placeholder empty or
fails, so the evaluation tests a prompt nobody will run. Give every row a
value for every required variable, or give the variable a default. For
formats that declare no variables, every variable the template uses is
required, except one the template uses only optionally: tested with
{% if name %}, {% if name is defined %}, {{#if name}}, {{#unless name}}
or a section {{#name}}/{{^name}}, given a fallback with
name | default(...), or read only inside such a test, which the engine
renders without it. GitHub's tools read only a row's top-level keys: a GitHub Models
row that nests its values under vars:, inputs: or variables: (as promptfoo
writes them) is reported as such. In the other formats, this rule counts
values nested that way as the row's values.

Bad:

    -- translate.prompt.yml --
    name: Translator
    messages:
      - role: user
        content: "Translate {{text}} into {{language}}"
    testData:
      - text: "Good morning"

Good:

    -- translate.prompt.yml --
    name: Translator
    messages:
      - role: user
        content: "Translate {{text}} into {{language}}"
    testData:
      - text: "Good morning"
        language: French`,
	Run: runTestDataMissingVariable,
}

func runTestDataMissingVariable(pass *lint.Pass) {
	p := pass.Prompt
	if len(p.TestData) == 0 {
		return
	}
	var required []string
	for _, v := range p.Inputs() {
		if v.Required && !v.HasDefault && v.Name != "(*)" && v.Name != "*" {
			required = append(required, v.Name)
		}
	}
	sort.Strings(required)
	for i, row := range p.TestData {
		pos := row.Pos
		if !pos.IsValid() {
			pos = promptPos(p)
		}
		key, inner := nestedValues(row.Values, required)
		var missing []string
		for _, name := range required {
			if _, ok := row.Values[name]; ok {
				continue
			}
			if _, ok := inner[name]; ok && p.Format != lint.FormatGitHubModels {
				continue
			}
			missing = append(missing, name)
		}
		switch {
		case len(missing) == 0:
		case key != "" && p.Format == lint.FormatGitHubModels:
			pass.Reportf(pos, "test data row %d puts its values under %q, but GitHub's tools read only a row's top-level keys: %s would stay unfilled; move the values to the top level of the row",
				i+1, key+":", placeholders(missing))
		case len(missing) == 1:
			pass.Reportf(pos, "test data row %d has no value for variable %q", i+1, missing[0])
		default:
			pass.Reportf(pos, "test data row %d has no value for variables %s", i+1, quoteList(missing))
		}
	}
}

// nestKeys are the keys some tools nest a test row's values under
// (promptfoo's vars:, inputs:, variables:).
var nestKeys = []string{"vars", "inputs", "variables"}

// nestedValues returns the key and the mapping a row nests its values
// under, "" and nil when it does not. A key that is itself one of the
// required variables is a value, not a nesting.
func nestedValues(row map[string]any, required []string) (string, map[string]any) {
	for _, k := range nestKeys {
		if slices.Contains(required, k) {
			continue
		}
		if m, ok := row[k].(map[string]any); ok {
			return k, m
		}
	}
	return "", nil
}

// placeholders writes GitHub Models placeholders for names: {{a}}, {{b}}
// and {{c}}.
func placeholders(names []string) string {
	ph := make([]string, len(names))
	for i, n := range names {
		ph[i] = "{{" + n + "}}"
	}
	if len(ph) == 1 {
		return ph[0]
	}
	return strings.Join(ph[:len(ph)-1], ", ") + " and " + ph[len(ph)-1]
}
