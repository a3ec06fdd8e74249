package checks

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/promptlint/promptlint/lint"
)

// SecretInTemplate reports API keys and tokens written into a prompt.
var SecretInTemplate = &lint.Rule{
	ID:       "secret-in-template",
	Severity: lint.Error,
	Doc: `An API key or access token is written in the prompt.

Prompt files are committed, reviewed in PR comments, logged by tracing
tools and sent to a model provider with every call: a key in a prompt has
leaked. Revoke the key now, remove it from the file, and pass it at run
time from a secret store or an environment variable
(Prompty: "${env:OPENAI_API_KEY}"). Detected: OpenAI (sk-, sk-proj-),
Anthropic (sk-ant-), GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_),
AWS access key ids (AKIA, ASIA), Google API keys (AIza), Slack tokens
(xoxb-, xoxp-, ...), and "Bearer" followed by a random-looking token. The
template text, test data rows and every other string value of the file are
scanned. Placeholders that do not look random ("sk-xxxxxxxx...", AWS's
documented "...EXAMPLE" key) are not reported, and the message shows only
the first characters of the secret.

Bad:

    -- prompts/summarize.yaml --
    version: 1.0.0
    template: "Call the API with key sk-proj-4fJk2LmN8pQr5sTu7vWx9yZa1bCd3eFg and summarize {text}"

Good (the key comes from OPENAI_API_KEY, outside the prompt):

    -- prompts/summarize.yaml --
    version: 1.0.0
    template: "Summarize {text}"`,
	Run: runSecretInTemplate,
}

// secretKind is one kind of secret and the pattern that finds it. The
// pattern's first group, when it has one, is the secret itself. A text
// that contains none of the hints cannot match, and is not searched.
type secretKind struct {
	name  string
	hints []string
	re    *regexp.Regexp
}

var secretKinds = []secretKind{
	{"an Anthropic API key", []string{"sk-ant-"}, regexp.MustCompile(`\bsk-ant-[A-Za-z0-9_-]{20,}`)},
	{"an OpenAI API key", []string{"sk-"}, regexp.MustCompile(`\bsk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}`)},
	{"a GitHub token", []string{"gh", "github_pat_"}, regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})`)},
	{"an AWS access key id", []string{"AKIA", "ASIA"}, regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`)},
	{"a Google API key", []string{"AIza"}, regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}`)},
	{"a Slack token", []string{"xox"}, regexp.MustCompile(`\bxox[baprs]-[A-Za-z0-9-]{10,}`)},
	{"a bearer token", []string{"Bearer"}, regexp.MustCompile(`\bBearer\s+([A-Za-z0-9._~+/=-]{20,})`)},
}

// secret is one secret found in a text.
type secret struct {
	kind  string
	value string
	off   int // byte offset of value in the text
}

// findSecrets returns the secrets in text, in order, at most one per
// position.
func findSecrets(text string) []secret {
	var out []secret
	taken := map[int]bool{}
	for _, k := range secretKinds {
		if !containsAny(text, k.hints) {
			continue
		}
		for _, m := range k.re.FindAllStringSubmatchIndex(text, -1) {
			start, end := m[0], m[1]
			if len(m) >= 4 && m[2] >= 0 {
				start, end = m[2], m[3]
			}
			v := text[start:end]
			if taken[start] || !looksRandom(v) || strings.Contains(v, "EXAMPLE") {
				continue
			}
			taken[start] = true
			out = append(out, secret{kind: k.name, value: v, off: start})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].off < out[j].off })
	return out
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// looksRandom tells a real key from a placeholder: it has a digit and a
// letter, and its characters have a Shannon entropy of at least 3 bits.
func looksRandom(s string) bool {
	if !strings.ContainsAny(s, "0123456789") || !strings.ContainsFunc(s, func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}) {
		return false
	}
	return entropy(s) >= 3.0
}

// entropy is the Shannon entropy of s's characters, in bits per character.
func entropy(s string) float64 {
	var ascii [utf8.RuneSelf]int
	counts := map[rune]int{}
	n := 0
	for _, r := range s {
		if r < utf8.RuneSelf {
			ascii[r]++
		} else {
			counts[r]++
		}
		n++
	}
	h := 0.0
	add := func(c int) {
		if c > 0 {
			p := float64(c) / float64(n)
			h -= p * math.Log2(p)
		}
	}
	for _, c := range ascii {
		add(c)
	}
	for _, c := range counts {
		add(c)
	}
	return h
}

// redact shows the first characters of a secret and its length, never the
// secret itself.
func redact(s string) string {
	shown := 4
	if utf8.RuneCountInString(s) < 12 {
		shown = 2
	}
	r := []rune(s)
	return fmt.Sprintf("%q, %d characters", string(r[:shown])+"…", len(r))
}

func runSecretInTemplate(pass *lint.Pass) {
	p := pass.Prompt
	if !anyHinted(p) {
		// No string of the prompt has what a secret starts with: the
		// common case, told without the walks below and their keys.
		return
	}
	reported := map[string]bool{}
	report := func(pos lint.Pos, s secret, where string) {
		if reported[s.value] {
			return
		}
		reported[s.value] = true
		pass.Reportf(pos, "%s (%s) in %s; remove it and revoke the key", s.kind, redact(s.value), where)
	}
	for i := range p.Messages {
		m := &p.Messages[i]
		found := findSecrets(m.Text)
		if len(found) == 0 {
			continue
		}
		offs := make([]int, len(found))
		for k, s := range found {
			offs[k] = s.off
		}
		for k, pos := range m.Positions(offs) {
			report(pos, found[k], "the prompt text")
		}
	}
	// YAML aliases can repeat one long string thousands of times in test
	// data and metadata; the copies share their bytes, so each is scanned
	// once, found by where its bytes are, without hashing them.
	var scanned stringSet
	first := scanned.first
	for i, row := range p.TestData {
		pos := row.Pos
		if !pos.IsValid() {
			pos = promptPos(p)
		}
		walkStrings(row.Values, "", func(key, v string) {
			if !first(v) {
				return
			}
			for _, s := range findSecrets(v) {
				report(pos, s, fmt.Sprintf("test data row %d (%q)", i+1, key))
			}
		})
	}
	texts := map[string]bool{}
	for _, m := range p.Messages {
		texts[m.Text] = true
	}
	walkStrings(p.Meta, "", func(key, v string) {
		if !first(v) || texts[v] || texts[strings.TrimRight(v, "\n")+"\n"] {
			return
		}
		for _, s := range findSecrets(v) {
			report(promptPos(p), s, fmt.Sprintf("the value of %q", key))
		}
	})
	if p.Description != "" {
		for _, s := range findSecrets(p.Description) {
			report(promptPos(p), s, "the description")
		}
	}
}

// hinted reports whether s contains a hint of any secret kind: findSecrets
// finds nothing in a string that does not. It reads s once, trying the
// hints that start with a byte where it finds one, rather than searching
// s for each hint (a dozen searches of every string of every prompt).
func hinted(s string) bool {
	for i := 0; i < len(s); i++ {
		for _, h := range hintsFrom[s[i]] {
			if strings.HasPrefix(s[i:], h) {
				return true
			}
		}
	}
	return false
}

// hintsFrom are the secret kinds' hints by their first byte.
var hintsFrom = func() (from [256][]string) {
	for _, k := range secretKinds {
		for _, h := range k.hints {
			from[h[0]] = append(from[h[0]], h)
		}
	}
	return from
}()

// anyHinted reports whether a string that runSecretInTemplate scans (the
// messages' text, the test data's and the metadata's strings, the
// description) contains a hint of a secret kind. It visits the values in
// no order and builds nothing for short strings; a long one is scanned
// once however many times aliases repeat it, as the scan below does.
func anyHinted(p *lint.Prompt) bool {
	for _, m := range p.Messages {
		if hinted(m.Text) {
			return true
		}
	}
	var seen stringSet
	for _, row := range p.TestData {
		if anyHintedValue(row.Values, &seen) {
			return true
		}
	}
	return anyHintedValue(p.Meta, &seen) || hinted(p.Description)
}

// longString is the length from which anyHintedValue scans a string once
// only.
const longString = 1024

// anyHintedValue reports whether a string leaf of v (what walkStrings
// visits) contains a hint of a secret kind; seen holds the long strings
// already scanned.
func anyHintedValue(v any, seen *stringSet) bool {
	switch v := v.(type) {
	case string:
		if len(v) >= longString && !seen.first(v) {
			return false
		}
		return hinted(v)
	case map[string]any:
		for _, x := range v {
			if anyHintedValue(x, seen) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if anyHintedValue(x, seen) {
				return true
			}
		}
	}
	return false
}

// stringID is a string's identity: where its bytes are, and how many.
type stringID struct {
	data *byte
	n    int
}

// stringSet holds strings by identity (stringID), not by content: the
// copies YAML aliases make of one string share its bytes, so each is
// scanned once, without hashing what it holds.
type stringSet map[stringID]bool

// first reports whether v is new to the set, and adds it.
func (s *stringSet) first(v string) bool {
	id := stringID{unsafe.StringData(v), len(v)}
	if (*s)[id] {
		return false
	}
	if *s == nil {
		*s = stringSet{}
	}
	(*s)[id] = true
	return true
}

// walkStrings calls f with every string leaf of v (maps, lists, strings)
// and its dotted key, map keys in sorted order.
func walkStrings(v any, key string, f func(key, s string)) {
	switch v := v.(type) {
	case string:
		f(key, v)
	case map[string]any:
		keys := slices.Sorted(maps.Keys(v))
		for _, k := range keys {
			walkStrings(v[k], joinKey(key, k), f)
		}
	case []any:
		for i, x := range v {
			walkStrings(x, fmt.Sprintf("%s[%d]", key, i), f)
		}
	}
}

func joinKey(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}
