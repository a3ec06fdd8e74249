package checks

import (
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// PrereleaseInProduction reports production prompts with a prerelease
// version.
var PrereleaseInProduction = &lint.Rule{
	ID:       "prerelease-in-production",
	Severity: lint.Error,
	Doc: `A production prompt carries a prerelease version such as 2.2.0-rc1 or 2.2.0-dev.

A prerelease version says the prompt is not ready: it is still being
tested, and Semantic Versioning orders it below its release, so version
pins never select it deliberately. Merging one into production ships an
unfinished prompt. Release it (2.2.0-rc1 → 2.2.0) once it has passed its
checks, or keep it in a non-production environment ("environment:
staging", or an environments path glob). Checked on new and changed
prompts whose environment is "production", or that have none.

Bad:

    -- base/prompts/support.yaml --
    environment: production
    version: 2.1.0
    template: "Answer {question}."
    -- head/prompts/support.yaml --
    environment: production
    version: 2.2.0-rc1
    template: "Answer {question} in a {tone} tone."
    variables:
      question: null
      tone: friendly

Good:

    -- base/prompts/support.yaml --
    environment: production
    version: 2.1.0
    template: "Answer {question}."
    -- head/prompts/support.yaml --
    environment: production
    version: 2.2.0
    template: "Answer {question} in a {tone} tone."
    variables:
      question: null
      tone: friendly`,
	Change:   true,
	Requires: versionPolicy,
	Run:      runPrereleaseInProduction,
}

func runPrereleaseInProduction(pass *lint.Pass) {
	p := pass.Prompt
	if p == nil {
		return
	}
	v, err := lint.ParseVersion(strings.TrimSpace(p.Version))
	if err != nil || v.Prerelease() == "" {
		return
	}
	if pass.Config.RuleEnvironment(p) != lint.Production {
		return
	}
	release := strings.SplitN(v.String(), "-", 2)[0]
	pass.Reportf(versionPos(p), "production prompt has the prerelease version %s; release it as %s or move it out of production", v.Original(), release)
}
