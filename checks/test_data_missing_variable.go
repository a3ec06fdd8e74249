package checks

import (
	"sort"

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
required.

Bad:

    messages:
      - role: user
        content: "Translate {{text}} into {{language}}"
    testData:
      - text: "Good morning"

Good:

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
		for _, name := range required {
			if _, ok := row.Values[name]; !ok {
				pass.Reportf(pos, "test data row %d has no value for variable %q", i+1, name)
			}
		}
	}
}
