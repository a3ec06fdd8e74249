package checks

import (
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint"
)

// VariableUndefined reports placeholders that a declaring prompt does not
// declare.
var VariableUndefined = &lint.Rule{
	ID:       "variable-undefined",
	Severity: lint.Error,
	Doc: `The template uses a variable that the prompt does not declare.

When a prompt declares its inputs (our "variables", Dotprompt's input
schema, Prompty's inputs, front matter "variables"), callers supply exactly
those; a placeholder outside the list renders empty or raises at run time,
usually because of a typo or a rename done halfway. Declare the variable
(with a default when it is optional) or fix the placeholder. Prompts that
declare nothing (GitHub Models, VS Code prompt files) take every
placeholder as a required input and are not checked. The finding points at
the first use of each undeclared name.

Bad:

    -- prompts/greet.yaml --
    version: 1.0.0
    variables:
      customer_name: null
    template: "Hello {customer_nme}, how can I help?"

Good:

    -- prompts/greet.yaml --
    version: 1.0.0
    variables:
      customer_name: null
    template: "Hello {customer_name}, how can I help?"`,
	Run: runVariableUndefined,
}

func runVariableUndefined(pass *lint.Pass) {
	p := pass.Prompt
	if !p.Declares || p.OpenInputs {
		return
	}
	seen := map[string]bool{}
	declared := map[string]bool{}
	for _, v := range p.Variables {
		declared[v.Name] = true
	}
	budget := suggestBudget
	for _, u := range p.Uses {
		if seen[u.Name] || declared[u.Name] {
			continue
		}
		seen[u.Name] = true
		if near := nearestName(u.Name, p.Variables, &budget); near != "" {
			pass.Reportf(u.Pos, "variable %q is used but not declared (did you mean %q?)", u.Name, near)
			continue
		}
		pass.Reportf(u.Pos, "variable %q is used but not declared", u.Name)
	}
}

// suggestBudget bounds the work of "did you mean" suggestions in one
// prompt, in cells of the edit-distance table: a file that declares
// thousands of names and uses thousands of others gets suggestions until
// the budget is spent, not a quadratic number of comparisons.
const suggestBudget = 2_000_000

// nearestName returns the declared name closest to name when it is a likely
// typo (edit distance at most 2, and less than half the name), else "".
// Each comparison is charged to budget; an empty budget suggests nothing.
func nearestName(name string, vars []lint.Variable, budget *int) string {
	best, bestD := "", 3
	for _, v := range vars {
		if diff := len(name) - len(v.Name); diff > 2*utf8.UTFMax || -diff > 2*utf8.UTFMax {
			continue // more than two characters apart in length
		}
		if *budget -= len(name) * len(v.Name); *budget < 0 {
			return ""
		}
		d := editDistance(name, v.Name)
		if d < bestD && 2*d < len([]rune(name)) {
			best, bestD = v.Name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b in code points.
var editDistance = lint.EditDistance
