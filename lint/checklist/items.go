package checklist

import (
	"fmt"
	"strings"
	"unicode"
)

// Item is one production checklist item: everything about it that is not
// evidence in a prompt file. Adding an item is adding it here (with, when
// a prompt file can prove it, its evidence in lint's evaluateItem) and
// its rule in checks.
type Item struct {
	ID string
	// Box is the text of its box in the PR template.
	Box string
	// Keywords tie a ticked box without the item's hidden id to the
	// item: a keyword matches at the start of a word and may run on
	// ("metric" matches "metrics", "review" matches "reviewed").
	Keywords []string
	// How says how a change satisfies the item, for the finding of its
	// rule when it is required and missing. It calls the change request
	// "PR", and "PR" is in no other word of it: HowIn names the request
	// as the host does.
	How string
}

// HowIn is How with the change request called noun ("MR" on GitLab).
func (it Item) HowIn(noun string) string {
	return strings.ReplaceAll(it.How, "PR", noun)
}

// Items are the production checklist's items, in display order.
var Items = []Item{
	{ID: "semver", Box: "Version bumped following semantic versioning",
		Keywords: []string{"semver", "semantic version", "version"},
		How:      "give the prompt a valid version, bumped as the version policy requires (a ticked box does not stand in for it)"},
	{ID: "ab-tested", Box: "A/B tested with a statistically significant sample",
		Keywords: []string{"a/b test", "ab test", "split test", "experiment"},
		How:      "add evaluation.ab_test results to the prompt file, or tick the \"A/B tested\" box in the PR description"},
	{ID: "metrics-improved", Box: "Business metrics improved over the current version",
		Keywords: []string{"metric"},
		How:      "add evaluation.metrics (baseline, candidate, goal) to the prompt file, or tick the \"Business metrics improved\" box in the PR description"},
	{ID: "error-handling", Box: "Error handling covers edge cases and malformed input",
		Keywords: []string{"error handling", "edge case"},
		How:      "tick the \"Error handling\" box in the PR description once edge cases are handled"},
	{ID: "monitoring", Box: "Monitoring and alert thresholds configured",
		Keywords: []string{"monitor", "alert"},
		How:      "add a monitoring.alerts block to the prompt file, or tick the \"Monitoring and alerting\" box in the PR description"},
	{ID: "rollback-plan", Box: "Rollback plan written above and tested",
		Keywords: []string{"rollback", "roll back"},
		How:      "add a \"Rollback plan\" section to the PR description or a rollback: key to the prompt file"},
	{ID: "team-reviewed", Box: "Reviewed and approved by the team",
		Keywords: []string{"review", "approved"},
		How:      "get an approving review on the PR (locally: tick the \"Team reviewed\" box)"},
	{ID: "docs-updated", Box: "Documentation and changelog updated with rationale and results",
		Keywords: []string{"documentation", "docs", "changelog", "change log"},
		How:      "add a changelog entry for the new version, or tick the \"Documentation updated\" box in the PR description"},
}

// ItemByID returns the item with the given id.
func ItemByID(id string) (Item, bool) {
	for _, it := range Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// negations are words that keep a box from attesting anything by its text:
// a ticked "No A/B test needed" is not an A/B test.
var negations = map[string]bool{
	"no": true, "not": true, "n/a": true, "none": true, "without": true, "never": true,
	"skip": true, "skipped": true, "dont": true, "didnt": true, "wont": true,
	"isnt": true, "wasnt": true, "cannot": true, "cant": true, "nothing": true,
}

// ItemChecked reports whether the PR body attests the checklist item id
// (semver, ab-tested, metrics-improved, error-handling, monitoring,
// rollback-plan, team-reviewed or docs-updated), and how, in a few words
// for the PR comment.
//
// A box carrying the hidden comment <!-- promptlint:ID --> decides: when
// any box carries the id, only those boxes count, and the item is attested
// only if every one of them is ticked (a second, unticked copy is a doubt).
// Without such a box the item is matched by text: a box without an id
// belongs to the item whose keyword appears first in its text ("Business
// metrics improved over current version" is metrics-improved, not semver),
// so one box never attests two items; a box whose text holds a negation
// ("no", "not", "n/a", "skipped", ...) attests nothing. Again every box
// that matches must be ticked.
func ItemChecked(b Body, id string) (checked bool, how string) {
	id = strings.ToLower(strings.TrimSpace(id))
	if id == "" {
		return false, "no checkbox"
	}
	var byID, byText []Task
	for _, t := range b.Items {
		switch {
		case t.ID == id:
			byID = append(byID, t)
		case t.ID == "" && textItem(t.Text) == id:
			byText = append(byText, t)
		}
	}
	if len(byID) > 0 {
		return allTicked(byID, "")
	}
	if len(byText) > 0 {
		return allTicked(byText, ", matched by text")
	}
	return false, "no checkbox"
}

// allTicked reports whether every task is ticked and says which line
// decided.
func allTicked(ts []Task, suffix string) (bool, string) {
	for _, t := range ts {
		if !t.Checked {
			return false, fmt.Sprintf("not ticked on line %d", t.Line)
		}
	}
	return true, fmt.Sprintf("ticked on line %d%s", ts[0].Line, suffix)
}

// textItem returns the checklist item a box's text is about, or "" when
// it names none, is ambiguous, or is negated.
func textItem(text string) string {
	norm := " " + normalizeText(text) + " "
	for _, w := range strings.Fields(norm) {
		if negations[w] {
			return ""
		}
	}
	best, bestAt, ambiguous := "", -1, false
	for _, it := range Items {
		item := it.ID
		for _, kw := range it.Keywords {
			at := strings.Index(norm, " "+kw)
			if at < 0 {
				continue
			}
			switch {
			case bestAt < 0 || at < bestAt:
				best, bestAt, ambiguous = item, at, false
			case at == bestAt && item != best:
				ambiguous = true
			}
		}
	}
	if ambiguous {
		return ""
	}
	return best
}

// normalizeText lower-cases text for keyword matching: apostrophes go,
// letters, digits and '/' stay, everything else becomes one space.
func normalizeText(s string) string {
	s = strings.NewReplacer("'", "", "\u2019", "").Replace(strings.ToLower(s))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/'
	}), " ")
}
