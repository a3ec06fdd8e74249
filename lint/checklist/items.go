package checklist

import (
	"fmt"
	"strings"
	"unicode"
)

// itemKeywords are the words that tie a checkbox without a hidden id to a
// checklist item. A keyword matches at the start of a word and may run on
// ("metric" matches "metrics", "review" matches "reviewed").
var itemKeywords = map[string][]string{
	"semver":           {"semver", "semantic version", "version"},
	"ab-tested":        {"a/b test", "ab test", "split test", "experiment"},
	"metrics-improved": {"metric"},
	"error-handling":   {"error handling", "edge case"},
	"monitoring":       {"monitor", "alert"},
	"rollback-plan":    {"rollback", "roll back"},
	"team-reviewed":    {"review", "approved"},
	"docs-updated":     {"documentation", "docs", "changelog", "change log"},
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
	for item, kws := range itemKeywords {
		for _, kw := range kws {
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
