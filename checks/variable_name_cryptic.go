package checks

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint"
)

// VariableNameCryptic reports variable names that say nothing about what
// they hold.
var VariableNameCryptic = &lint.Rule{
	ID:       "variable-name-cryptic",
	Severity: lint.Warning,
	Doc: `A variable name is too short or too generic to say what it holds.

Variable names are the prompt's interface: a caller filling {x} or {data}
has to read the whole template to know what to pass, and a reviewer cannot
tell whether {input2} got the right value. Names shorter than
naming.min_length (default 3), names on naming.deny (x, foo, tmp, data,
input, text, ...) and a deny-listed or short name followed by digits (var1,
input2, x1) are reported. Rename the variable after its content; list a
name that is fine in your domain under naming.allow.

Bad:

    -- prompts/review.yaml --
    version: 1.0.0
    template: "Review {x} for {y} focusing on {data}"

Good:

    -- prompts/review.yaml --
    version: 1.0.0
    template: "Review {document_content} for {legal_jurisdiction} focusing on {review_focus_areas}"`,
	Run: runVariableNameCryptic,
}

func runVariableNameCryptic(pass *lint.Pass) {
	n := pass.Config.Naming
	var buf [fewNames]namedAt
	for _, v := range variableNamesOf(pass, pass.Prompt, buf[:0]) {
		if why := cryptic(v.name, n); why != notCryptic {
			if !pass.Listed() {
				pass.Reportf(v.pos, "") // only counted
				continue
			}
			pass.Reportf(v.pos, "variable name %q is %s; name it after what it holds", v.name, why.text(n))
		}
	}
}

// crypticWhy is why a variable name is cryptic, told in words only for
// the findings listed.
type crypticWhy int

const (
	notCryptic crypticWhy = iota
	denied
	short
	numbered
)

// text says why in words, under the naming config n.
func (w crypticWhy) text(n lint.Naming) string {
	switch w {
	case denied:
		return "on the deny list (naming.deny)"
	case short:
		return "shorter than " + strconv.Itoa(n.MinLength) + " characters"
	}
	return "a generic name followed by a number"
}

// cryptic says why a variable name is cryptic under the naming config,
// notCryptic when it is not.
func cryptic(name string, n lint.Naming) crypticWhy {
	lower := strings.ToLower(name)
	for _, a := range n.Allow {
		if strings.EqualFold(a, name) {
			return notCryptic
		}
	}
	onDenyList := func(s string) bool {
		for _, d := range n.Deny {
			if strings.EqualFold(d, s) {
				return true
			}
		}
		return false
	}
	switch {
	case onDenyList(lower):
		return denied
	case utf8.RuneCountInString(name) < n.MinLength:
		return short
	}
	stem := strings.TrimRight(lower, "0123456789")
	if stem != lower {
		stem = strings.TrimRight(stem, "_-")
		if stem != "" && (onDenyList(stem) || utf8.RuneCountInString(stem) < n.MinLength) {
			return numbered
		}
	}
	return notCryptic
}
