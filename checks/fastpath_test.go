package checks

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint"
)

// TestMaxListedWord checks that maxListedWord is the length of the
// longest word template-multi-task looks up: lowerWord drops the longer
// ones unlowered.
func TestMaxListedWord(t *testing.T) {
	longest := 0
	for _, m := range []map[string]bool{setOf(connectives), clauseFillers, setOf(slices.Collect(maps.Keys(taskVerbs)))} {
		for w := range m {
			longest = max(longest, len(w))
		}
	}
	if longest != maxListedWord {
		t.Errorf("the longest listed word has %d bytes, maxListedWord is %d", longest, maxListedWord)
	}
}

func setOf(words []string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

// listed reports whether template-multi-task knows the word.
func listed(w string) bool {
	_, verb := taskVerbs[w]
	return verb || slices.Contains(connectives, w) || clauseFillers[w]
}

// FuzzLowerWord checks lowerWord against strings.ToLower: the same word
// wherever the lowered word can be listed, and "" only where it is not.
func FuzzLowerWord(f *testing.F) {
	for _, w := range []string{"Classify", "ANALYZE", "additionally", "Additionally", "additionallyx", "İdentify", "\u212Aeep", "Summarise", "don't", "ÉCRIS", "a", strings.Repeat("x", 40), "ſummarize"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		var buf [maxListedWord]byte
		got, want := lowerWord(w, &buf), strings.ToLower(w)
		if got == want {
			return
		}
		if got != "" || listed(want) {
			t.Errorf("lowerWord(%q) = %q, strings.ToLower gives %q", w, got, want)
		}
	})
}

// FuzzPrechecks checks the cheap tests that let secret-in-template and
// dev-marker-in-production skip a text: a text they skip has no finding.
func FuzzPrechecks(f *testing.F) {
	for _, s := range []string{
		"key sk-proj-4fJk2LmN8pQr5sTu7vWx9yZa1bCd3eFg here",
		"Authorization: Bearer abcDEF0123456789ghijKLMN",
		"ghp_0123456789abcdefghijABCDEFGHIJ0123456789",
		"AKIAIOSFODNN7EXAMPL1", "AIzaSyA0123456789abcdefghijklmnopqrstu",
		"xoxb-0123456789-abcdef", "TODO: finish", "[dev] note", "[Dev]", "FIXME", "XXX.",
		"plain prose with no marker at all.", "",
		"sk", "s", "sk-", "xsk-y", "g", "gh", "github_pat", "github_pat_", "AKI", "ASIA", "AIz", "xo", "xox", "Beare", "Bearer", "bearer",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range secretKinds {
			if k.re.MatchString(s) && !containsAny(s, k.hints) {
				t.Errorf("%s matches %q, which has none of its hints %q", k.name, s, k.hints)
			}
		}
		if len(findSecrets(s)) > 0 && !hinted(s) {
			t.Errorf("findSecrets(%q) finds a secret that hinted misses", s)
		}
		if got, want := hinted(s), slices.ContainsFunc(secretKinds, func(k secretKind) bool { return containsAny(s, k.hints) }); got != want {
			t.Errorf("hinted(%q) = %v; searching for each hint says %v", s, got, want)
		}
		if len(scanDevMarkers(s)) > 0 && !markerHinted(s) {
			t.Errorf("scanDevMarkers(%q) finds a marker without [ or a marker word", s)
		}
	})
}

// casePatterns say in regexps what caseMatchers match: the reference
// FuzzCaseMatchers holds them to.
var casePatterns = map[string]*regexp.Regexp{
	"snake_case":           regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`),
	"camelCase":            regexp.MustCompile(`^[a-z][a-z0-9]*([A-Z][a-z0-9]*)*$`),
	"PascalCase":           regexp.MustCompile(`^[A-Z][a-z0-9]*([A-Z][a-z0-9]*)*$`),
	"kebab-case":           regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`),
	"SCREAMING_SNAKE_CASE": regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`),
}

// TestCaseMatchers checks that every case has a matcher, as it has a
// pattern.
func TestCaseMatchers(t *testing.T) {
	for _, c := range caseOrder {
		if caseMatchers[c] == nil || casePatterns[c] == nil {
			t.Errorf("case %s: matcher %v, pattern %v", c, caseMatchers[c] != nil, casePatterns[c] != nil)
		}
	}
	if len(caseMatchers) != len(casePatterns) {
		t.Errorf("%d matchers for %d patterns", len(caseMatchers), len(casePatterns))
	}
}

// FuzzCaseMatchers holds caseMatchers to casePatterns.
func FuzzCaseMatchers(f *testing.F) {
	for _, s := range []string{"customer_name", "customerName", "CustomerName", "customer-name", "CUSTOMER_NAME", "a", "A", "a__b", "a_", "_a", "a1_2b", "aB", "ABC", "a-b-", "é", "a_b-c", "x9", "9x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for c, re := range casePatterns {
			if got, want := caseMatchers[c](s), re.MatchString(s); got != want {
				t.Errorf("%s: matcher(%q) = %v, pattern says %v", c, s, got, want)
			}
		}
		if orderPrefix.MatchString(s) && (s == "" || s[0] < '0' || s[0] > '9') {
			t.Errorf("orderPrefix matches %q, which does not start with a digit", s)
		}
	})
}

// TestVariableNames holds appendVariableNames, which tells a few names
// apart without a map, to telling them apart with one, over prompts of a
// few names and of more than fewNames, declared, used, repeated, the
// wildcards and the roots of GitHub Actions expressions, appended after
// a name already in the buffer.
func TestVariableNames(t *testing.T) {
	byMap := func(p *lint.Prompt) []namedAt {
		seen := map[string]bool{}
		var out []namedAt
		for _, v := range p.Variables {
			if seen[v.Name] || v.Name == "(*)" || v.Name == "*" {
				continue
			}
			seen[v.Name] = true
			pos := v.Pos
			if !pos.IsValid() {
				pos = promptPos(p)
			}
			out = append(out, namedAt{v.Name, pos})
		}
		for _, u := range p.Uses {
			if !seen[u.Name] && !u.Actions {
				seen[u.Name] = true
				out = append(out, namedAt{u.Name, u.Pos})
			}
		}
		return out
	}
	names := []string{"a", "b", "c", "*", "(*)", "github", "d", "e", "f", "g", "h", "i", "j", "k"}
	seed := uint32(7)
	next := func(n int) int { // a fixed pseudo-random sequence
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	for round := range 2000 {
		p := &lint.Prompt{Name: "p", NamePos: lint.Pos{Line: 1, Col: 1}}
		spread := 1 + next(len(names)) // how many names the prompt draws from
		for i := range next(3 * fewNames) {
			p.Variables = append(p.Variables, lint.Variable{Name: names[next(spread)], Pos: lint.Pos{Line: next(2) * (i + 2), Col: 1}})
		}
		for i := range next(3 * fewNames) {
			p.Uses = append(p.Uses, lint.Use{Name: names[next(spread)], Pos: lint.Pos{Line: 100 + i, Col: 3}, Actions: next(4) == 0})
		}
		prefix := []namedAt{{"a", lint.Pos{Line: 1, Col: 1}}} // a name of the prompts too
		if got, want := appendVariableNames(prefix, p), append(prefix, byMap(p)...); !slices.Equal(got, want) {
			t.Fatalf("round %d: appendVariableNames = %v, with a map %v", round, got, want)
		}
	}
}
