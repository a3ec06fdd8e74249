package checks

import "github.com/promptlint/promptlint/lint"

// VariableNameStyle reports variable names not written in the configured
// case.
var VariableNameStyle = &lint.Rule{
	ID:       "variable-name-style",
	Severity: lint.Warning,
	Doc: `A variable name is not written in the configured case (default snake_case).

Callers build the inputs of many prompts from the same code; when one
prompt wants {customerName} and the next {customer_name}, values go missing
without an error. Every variable name must be in naming.variables
(snake_case, camelCase, PascalCase, kebab-case or SCREAMING_SNAKE_CASE), so
a repository that mixes styles gets a finding for every name outside the
configured one. When the whole repository consistently uses another case,
the message says so: set naming.variables to that case instead of renaming
everything. Single lower-case words ("question") fit snake_case and
camelCase alike.

Bad:

    -- prompts/reply.yaml --
    version: 1.0.0
    template: "Reply to {customerName} about {order-id}"

Good:

    -- prompts/reply.yaml --
    version: 1.0.0
    template: "Reply to {customer_name} about {order_id}"`,
	Run: runVariableNameStyle,
}

func runVariableNameStyle(pass *lint.Pass) {
	want := pass.Config.Naming.Variables
	var buf [fewNames]namedAt
	for _, v := range variableNamesOf(pass, pass.Prompt, buf[:0]) {
		if inCase(v.name, want) {
			continue
		}
		if !pass.Listed() {
			pass.Reportf(v.pos, "") // only counted
			continue
		}
		msg := ""
		if repo := repoStyle(pass); repo != "" && repo != want && inCase(v.name, repo) {
			msg = "; the repository's prompts all use " + repo + ", so consider naming.variables: " + repo
		}
		pass.Reportf(v.pos, "variable %q is not %s (want %q)%s", v.name, want, toCase(v.name, want), msg)
	}
}

const repoStyleKey memoKey = "variable-name-style"

// repoStyle returns the one case every multi-word variable name of the
// run's prompts is written in, "" when they mix cases or there are fewer
// than three such names. It is computed once per run (Pass.Memo).
func repoStyle(pass *lint.Pass) string {
	return pass.Memo(repoStyleKey, func() any { return styleOfAll(pass, pass.All()) }).(string)
}

func styleOfAll(pass *lint.Pass, all []*lint.Prompt) string {
	style, count := "", 0
	for _, p := range all {
		for _, v := range variableNamesOf(pass, p, nil) {
			s := styleOf(v.name)
			if s == "" {
				continue
			}
			if style != "" && s != style {
				return ""
			}
			style = s
			count++
		}
	}
	if count < 3 {
		return ""
	}
	return style
}
