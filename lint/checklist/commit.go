package checklist

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

var (
	// skipSubjectRE matches subjects git or GitHub wrote: merges and
	// reverts, and autosquash commits that repeat another commit's subject.
	skipSubjectRE = regexp.MustCompile(`^(?:Merge (?:branch|remote-tracking branch|pull request|tag|commit|[0-9a-f]{7,40}\b)|Revert "|(?:fixup|squash|amend)! )`)
	// prefixRE matches a conventional-commit or area prefix: "fix:",
	// "feat(prompts)!:", "prompts:".
	prefixRE = regexp.MustCompile(`^[A-Za-z][\w./-]{0,30}(?:\([^)]*\))?!?:(?:\s+|$)`)
	// versionRE matches version tokens: v2, 3, 2.1.0, v1.2.
	versionRE = regexp.MustCompile(`\bv?\d+(?:\.\d+)*\b`)
)

// genericWords are words that say nothing about what a prompt change did;
// a subject made only of them (and version numbers) is generic.
var genericWords = map[string]bool{
	"prompt": true, "prompts": true, "update": true, "updates": true, "updated": true, "updating": true,
	"fix": true, "fixes": true, "fixed": true, "fixing": true, "change": true, "changes": true, "changed": true,
	"tweak": true, "tweaks": true, "tweaked": true, "edit": true, "edits": true, "edited": true,
	"modify": true, "modified": true, "adjust": true, "adjusted": true, "improve": true, "improved": true,
	"improvement": true, "improvements": true, "refine": true, "refined": true, "cleanup": true, "clean": true,
	"wip": true, "misc": true, "minor": true, "small": true, "stuff": true, "things": true, "version": true,
	"new": true, "more": true, "again": true, "some": true, "few": true, "another": true, "latest": true,
	"final": true, "the": true, "a": true, "an": true, "and": true, "to": true, "of": true, "in": true,
	"for": true, "on": true, "up": true, "it": true, "this": true, "my": true, "v": true,
}

// GenericMessage reports whether a commit message is too generic to tell a
// reviewer what changed, with a one-line reason. It judges the subject (the
// first line, trimmed) after removing a conventional-commit or area prefix
// ("fix:", "feat(prompts):", "prompts:"), so "fix: typo" is generic while
// "fix(prompts): escape braces in the support prompt" is not.
//
// A subject is generic when it has fewer than minWords words (tokens with a
// letter), when, ignoring case, punctuation and version numbers, it equals
// an entry of deny ("update prompt v2" is "update prompt"), or when it is
// made only of words that name no change ("prompt v3", "Update the prompts
// again"). An empty message is generic. Merge commits, reverts and
// fixup!/squash!/amend! commits are never generic: git wrote or will
// replace their subjects.
func GenericMessage(msg string, minWords int, deny []string) (generic bool, reason string) {
	subject, _, _ := strings.Cut(strings.ReplaceAll(msg, "\r\n", "\n"), "\n")
	subject = strings.TrimSpace(subject)
	if subject == "" {
		return true, "the commit message is empty"
	}
	if skipSubjectRE.MatchString(subject) {
		return false, ""
	}
	rest := strings.TrimSpace(prefixRE.ReplaceAllString(subject, ""))

	words := 0
	for _, f := range strings.Fields(rest) {
		if strings.IndexFunc(f, unicode.IsLetter) >= 0 {
			words++
		}
	}
	if words < minWords {
		return true, fmt.Sprintf("subject %q has %d %s, want at least %d", subject, words, plural(words, "word", "words"), minWords)
	}

	norm, normSubject := normalizeSubject(rest), normalizeSubject(subject)
	for i, nd := range normalizedDeny(deny) {
		if nd != "" && (nd == norm || nd == normSubject) {
			return true, fmt.Sprintf("subject %q is on the deny list (%q)", subject, deny[i])
		}
	}
	for _, w := range strings.Fields(norm) {
		if !genericWords[w] {
			return false, ""
		}
	}
	return true, fmt.Sprintf("subject %q does not say what changed", subject)
}

// normalizeSubject lower-cases s, drops version numbers and keeps its
// words separated by single spaces.
// denyCache holds the last deny list normalized: a run checks every commit
// against the same list, and normalizing is a regexp pass per entry.
var denyCache struct {
	sync.Mutex
	key  string
	norm []string
}

// normalizedDeny returns normalizeSubject of each entry of deny.
func normalizedDeny(deny []string) []string {
	key := strings.Join(deny, "\x00")
	denyCache.Lock()
	defer denyCache.Unlock()
	if denyCache.norm == nil || denyCache.key != key {
		norm := make([]string, len(deny))
		for i, d := range deny {
			norm[i] = normalizeSubject(d)
		}
		denyCache.key, denyCache.norm = key, norm
	}
	return denyCache.norm
}

func normalizeSubject(s string) string {
	s = versionRE.ReplaceAllString(strings.ToLower(s), " ")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
