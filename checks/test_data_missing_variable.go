package checks

import (
	"fmt"
	"sort"
	"strconv"
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
	isRequired := map[string]bool{}
	for _, v := range p.Inputs() {
		if v.Required && !v.HasDefault && v.Name != "(*)" && v.Name != "*" {
			required = append(required, v.Name)
			isRequired[v.Name] = true
		}
	}
	sort.Strings(required)
	// A row is checked by its own keys, so thousands of rows of a
	// template of thousands of variables stay linear; the missing names
	// are listed only for the findings the report lists.
	for i, row := range p.TestData {
		pos := row.Pos
		if !pos.IsValid() {
			pos = promptPos(p)
		}
		key, inner := nestedValues(row.Values, isRequired)
		given := 0
		for k := range row.Values {
			if isRequired[k] {
				given++
			}
		}
		if p.Format != lint.FormatGitHubModels {
			for k := range inner {
				if _, top := row.Values[k]; isRequired[k] && !top {
					given++
				}
			}
		}
		switch {
		case given == len(required):
			continue
		case !pass.Listed():
			pass.Reportf(pos, "test data row %d has no value for %d variables", i+1, len(required)-given)
			continue
		}
		// Look for the first maxNamed missing names only: the scan stops
		// within the row's own size plus maxNamed, not at the variables'.
		n := len(required) - given
		missing := make([]string, 0, min(n, maxNamed))
		for _, name := range required {
			if len(missing) == cap(missing) {
				break
			}
			if _, ok := row.Values[name]; ok {
				continue
			}
			if _, ok := inner[name]; ok && p.Format != lint.FormatGitHubModels {
				continue
			}
			missing = append(missing, name)
		}
		switch {
		case key != "" && p.Format == lint.FormatGitHubModels:
			pass.Reportf(pos, "test data row %d puts its values under %q, but GitHub's tools read only a row's top-level keys: %s would stay unfilled; move the values to the top level of the row",
				i+1, key+":", placeholders(missing, n))
		case n == 1:
			pass.Reportf(pos, "test data row %d has no value for variable %q", i+1, missing[0])
		default:
			pass.Reportf(pos, "test data row %d has no value for variables %s", i+1, namedList(missing, n, strconv.Quote))
		}
	}
}

// nestKeys are the keys some tools nest a test row's values under
// (promptfoo's vars:, inputs:, variables:).
var nestKeys = []string{"vars", "inputs", "variables"}

// nestedValues returns the key and the mapping a row nests its values
// under, "" and nil when it does not. A key that is itself one of the
// required variables is a value, not a nesting.
func nestedValues(row map[string]any, required map[string]bool) (string, map[string]any) {
	for _, k := range nestKeys {
		if required[k] {
			continue
		}
		if m, ok := row[k].(map[string]any); ok {
			return k, m
		}
	}
	return "", nil
}

// placeholders writes GitHub Models placeholders for the first names of
// n: {{a}}, {{b}} and {{c}}.
func placeholders(names []string, n int) string {
	return namedList(names, n, func(name string) string { return "{{" + name + "}}" })
}

// maxNamed is how many variables a finding names; it counts the rest, so
// a row of a template of thousands of variables makes a message of one
// line, not of thousands of names.
const maxNamed = 10

// namedList writes names, the first of n, with write: "a", "b" and "c",
// or "a", "b" and 3 more.
func namedList(names []string, n int, write func(string) string) string {
	out := make([]string, len(names))
	for i, name := range names {
		out[i] = write(name)
	}
	switch {
	case n > len(out):
		return strings.Join(out, ", ") + fmt.Sprintf(" and %d more", n-len(out))
	case len(out) == 1:
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}
