package checklist

import "strings"

// PRTemplate is the pull request template `promptlint init` writes to
// .github/pull_request_template.md. Its sections are the ones the checklist
// reads, holding only HTML-comment placeholders, and each checkbox (one
// per item of Items) carries its item's hidden id, so ParseBody of the
// untouched template attests nothing and finds every section empty.
var PRTemplate = prTemplate()

func prTemplate() string {
	var b strings.Builder
	b.WriteString(prSections)
	for _, it := range Items {
		b.WriteString("- [ ] <!-- promptlint:" + it.ID + " --> " + it.Box + "\n")
	}
	return b.String()
}

// prSections are the PR template's sections, up to the checklist's boxes.
const prSections = `## What changed

<!-- Which prompts changed, from which version to which, and why.
     e.g. support_agent 2.0.0 → 2.1.0: asks for one concrete next step. -->

## Testing results

<!-- How the change was tested: A/B sample sizes and outcome, business
     metrics before and after. Evidence in the prompt file's evaluation
     block is checked by promptlint. -->

## Rollout plan

<!-- How it reaches users: staging first? a percentage rollout? what
     decides the next step? -->

## Rollback plan

<!-- How to go back, how fast, and which signal triggers it. -->

## Production checklist

<!-- Tick what is done. promptlint verifies what it can from the prompt
     files and this pull request; a ticked box attests the rest. Keep the
     hidden comments: they tie each box to its item. -->

`
