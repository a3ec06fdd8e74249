package checks

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint"
)

// caseOrder is the order in which styleOf tries the cases.
var caseOrder = []string{"snake_case", "camelCase", "PascalCase", "kebab-case", "SCREAMING_SNAKE_CASE"}

// inCase reports whether name is written in the named case. An unknown
// case accepts every name.
func inCase(name, c string) bool {
	m, ok := caseMatchers[c]
	return !ok || m(name)
}

// caseMatchers match names written in each case the config can ask for;
// a single lower-case word ("name") is both snake_case and camelCase.
// They are loops, not regexps, because rules ask of every prompt and
// variable name; FuzzCaseMatchers holds them to the patterns in
// casePatterns.
var caseMatchers = map[string]func(string) bool{
	"snake_case":           func(s string) bool { return separated(s, 'a', 'z', '_') },
	"camelCase":            func(s string) bool { return humped(s, 'a', 'z') },
	"PascalCase":           func(s string) bool { return humped(s, 'A', 'Z') },
	"kebab-case":           func(s string) bool { return separated(s, 'a', 'z', '-') },
	"SCREAMING_SNAKE_CASE": func(s string) bool { return separated(s, 'A', 'Z', '_') },
}

// separated reports whether s is words of letters lo to hi and digits,
// the first starting with a letter, joined by single seps.
func separated(s string, lo, hi, sep byte) bool {
	if s == "" || s[0] < lo || s[0] > hi || s[len(s)-1] == sep {
		return false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case lo <= c && c <= hi, '0' <= c && c <= '9':
		case c == sep && s[i-1] != sep:
		default:
			return false
		}
	}
	return true
}

// humped reports whether s is ASCII letters and digits starting with a
// letter from lo to hi.
func humped(s string, lo, hi byte) bool {
	if s == "" || s[0] < lo || s[0] > hi {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// styleOf names the case a name is written in, "" when none fits. Single
// lower-case words are "" too: they fit several cases and say nothing.
func styleOf(name string) string {
	if !multiWord(name) {
		return ""
	}
	for _, c := range caseOrder {
		if inCase(name, c) {
			return c
		}
	}
	return ""
}

// splitWords splits a name into its lower-cased words at "_", "-", ".",
// spaces, and case humps: "userID" → user, id; "HTTPServer" → http, server.
func splitWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == '.' || unicode.IsSpace(r):
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0:
			prevLower := unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if prevLower || (unicode.IsUpper(rs[i-1]) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// multiWord reports whether splitWords finds two words or more in name,
// without building them: styleOf asks it of every name of a run.
func multiWord(name string) bool {
	words, cur := 0, 0 // the words ended, the runes of the current one
	prev := utf8.RuneError
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		i += size
		switch {
		case r == '_' || r == '-' || r == '.' || unicode.IsSpace(r):
			if cur > 0 {
				words, cur = words+1, 0
			}
			prev = r
			continue
		case unicode.IsUpper(r) && cur > 0:
			next, _ := utf8.DecodeRuneInString(name[i:])
			prevLower := unicode.IsLower(prev) || unicode.IsDigit(prev)
			if prevLower || unicode.IsUpper(prev) && i < len(name) && unicode.IsLower(next) {
				words, cur = words+1, 0
			}
		}
		if words >= 2 {
			return true
		}
		cur++
		prev = r
	}
	if cur > 0 {
		words++
	}
	return words >= 2
}

// toCase rewrites name in the named case: toCase("userName", "snake_case")
// is "user_name".
func toCase(name, c string) string {
	words := splitWords(name)
	if len(words) == 0 {
		return name
	}
	title := func(w string) string {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		return string(r)
	}
	switch c {
	case "camelCase", "PascalCase":
		var b strings.Builder
		for i, w := range words {
			if i == 0 && c == "camelCase" {
				b.WriteString(w)
			} else {
				b.WriteString(title(w))
			}
		}
		return b.String()
	case "kebab-case":
		return strings.Join(words, "-")
	case "SCREAMING_SNAKE_CASE":
		return strings.ToUpper(strings.Join(words, "_"))
	}
	return strings.Join(words, "_")
}

// namedAt is a variable name and where a finding about it goes.
type namedAt struct {
	name string
	pos  lint.Pos
}

// appendVariableNames appends to out a prompt's distinct variable names:
// the declared ones at their declaration, then the undeclared used ones
// at their first use. The root of a GitHub Actions expression
// (${{ github.sha }}) is GitHub's name, not the author's: it is left
// out. A prompt has a few names, told apart by looking through those
// listed; a map tells them apart only past fewNames. A rule passes a
// buffer of its own, which holds a prompt's few names without an
// allocation.
func appendVariableNames(out []namedAt, p *lint.Prompt) []namedAt {
	base := len(out)
	var seen map[string]bool // the names listed, once there are more than fewNames
	for i := 0; i < len(p.Variables)+len(p.Uses); i++ {
		var name string
		var pos lint.Pos
		if i < len(p.Variables) {
			v := p.Variables[i]
			if v.Name == "(*)" || v.Name == "*" {
				continue
			}
			name, pos = v.Name, v.Pos
			if !pos.IsValid() {
				pos = promptPos(p)
			}
		} else {
			u := p.Uses[i-len(p.Variables)]
			if u.Actions {
				continue
			}
			name, pos = u.Name, u.Pos
		}
		if seen != nil {
			if seen[name] {
				continue
			}
			seen[name] = true
		} else {
			if slices.ContainsFunc(out[base:], func(v namedAt) bool { return v.name == name }) {
				continue
			}
			if len(out)-base == fewNames {
				seen = make(map[string]bool, len(p.Variables)+len(p.Uses)-i+fewNames)
				for _, v := range out[base:] {
					seen[v.name] = true
				}
				seen[name] = true
			}
		}
		out = append(out, namedAt{name, pos})
	}
	return out
}

// fewNames is how many names appendVariableNames tells apart without a
// map.
const fewNames = 8

// variableNamesOf is appendVariableNames for a rule: a prompt's few names
// go into buf, on the rule's stack; the names of a prompt of more are
// listed once per run for every rule that asks (Pass.Memo), since telling
// tens of thousands apart takes a map.
func variableNamesOf(pass *lint.Pass, p *lint.Prompt, buf []namedAt) []namedAt {
	if len(p.Variables)+len(p.Uses) <= fewNames {
		return appendVariableNames(buf, p)
	}
	return pass.Memo(namesKey{p}, func() any { return appendVariableNames(nil, p) }).([]namedAt)
}

// namesKey memoizes a prompt's variable names (variableNamesOf).
type namesKey struct{ p *lint.Prompt }
