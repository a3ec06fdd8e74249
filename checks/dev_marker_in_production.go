package checks

import (
	"sort"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// DevMarkerInProduction reports development markers left in a production
// prompt.
var DevMarkerInProduction = &lint.Rule{
	ID:       "dev-marker-in-production",
	Severity: lint.Error,
	Doc: `A production prompt still carries a development marker: [DEV], TODO, FIXME or XXX.

Markers like these are notes for the author; in a production prompt the
model reads them as part of the instruction, and they mean the prompt was
not finished. Finish the work and remove the marker, or move the prompt to
a non-production environment (its "environment:" key or an environments
path glob). TODO, FIXME and XXX count as whole upper-case words only
("XXX-XXX-XXXX" as a phone number format does not); [DEV] in any case.
Prompts whose environment is "production", or that have none, are checked.

Bad:

    template: "[DEV] Answer {question}. TODO: add the refund policy."

Good:

    template: "Answer {question} following the refund policy in {policy_text}."`,
	Run: runDevMarkerInProduction,
}

var devMarkers = []string{"TODO", "FIXME", "XXX"}

func runDevMarkerInProduction(pass *lint.Pass) {
	p := pass.Prompt
	if pass.Config.RuleEnvironment(p) != lint.Production {
		return
	}
	for i := range p.Messages {
		m := &p.Messages[i]
		for _, f := range findDevMarkers(m.Text) {
			pass.Reportf(textPos(m, f.off), "%q marker in a production prompt; finish the work and remove it", f.marker)
		}
	}
}

type devMarker struct {
	marker string
	off    int
}

// findDevMarkers finds [DEV] (any case) and TODO, FIXME, XXX as whole
// words not joined to other text by "-", in order.
func findDevMarkers(text string) []devMarker {
	var out []devMarker
	lower := strings.ToLower(text)
	for i := 0; ; {
		j := strings.Index(lower[i:], "[dev]")
		if j < 0 {
			break
		}
		out = append(out, devMarker{text[i+j : i+j+5], i + j})
		i += j + 5
	}
	for _, mk := range devMarkers {
		for i := 0; ; {
			j := strings.Index(text[i:], mk)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(mk)
			i = end
			if start > 0 && markerJoined(text[start-1]) || end < len(text) && markerJoined(text[end]) {
				continue
			}
			out = append(out, devMarker{mk, start})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].off < out[j].off })
	return out
}

// markerJoined reports whether a byte next to a marker makes it part of a
// longer token: a letter, digit, "_" or "-".
func markerJoined(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b >= 0x80
}
