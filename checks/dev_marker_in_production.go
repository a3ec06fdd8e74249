package checks

import (
	"strings"
	"unicode/utf8"

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
path glob). Only annotations count. In the prompt text: [DEV] (any case),
[TODO], [FIXME] or [XXX] anywhere in the prose; TODO, FIXME or XXX in
upper case followed by a colon ("TODO:", "FIXME(ana):"), or alone on the
rest of their line, at the start of a line, list item, quote, heading or
sentence, or after a " # " written into the prose ("Answer briefly. #
FIXME: add the policy"); and those words starting a comment, colon or not:
a template comment ({# TODO #}, {{! TODO }}, {{!-- TODO --}}), which never
reaches the model but marks the prompt unfinished, or <!-- TODO -->,
/* TODO */, // TODO. In the YAML of the file or its front matter (not
prompt text: the model never reads it), a comment whose first word is
TODO, FIXME or XXX, colon or not ("temperature: 0.2  # FIXME: tune"), or
that holds an annotation as above. Code fences and inline code are quotes,
not annotations: a "# TODO" comment in a fenced code sample does not
count. A prompt that talks about TODO comments, names TODO.md, or uses
XXX-XXX-XXXX as a format is not reported. Prompts whose environment is
"production", or that have none, are checked.

Bad:

    -- prompts/refunds.yaml --
    version: 1.0.0
    template: |
      [DEV] Answer {question}.
      TODO: add the refund policy.

Good:

    -- prompts/refunds.yaml --
    version: 1.0.0
    template: "Answer {question} following the refund policy in {policy_text}."`,
	Run: runDevMarkerInProduction,
}

func runDevMarkerInProduction(pass *lint.Pass) {
	p := pass.Prompt
	if pass.Config.RuleEnvironment(p) != lint.Production {
		return
	}
	for i := range p.Messages {
		m := &p.Messages[i]
		found := findDevMarkers(m.Text)
		if len(found) == 0 {
			continue // the common case, without working out positions
		}
		offs := make([]int, len(found))
		for k, f := range found {
			offs[k] = f.off
		}
		for k, pos := range m.Positions(offs) {
			pass.Reportf(pos, "%q marker in a production prompt; finish the work and remove it", found[k].marker)
		}
	}
	for _, c := range p.FileComments {
		for _, f := range commentMarkers(c.Text) {
			pos := c.Pos
			pos.Col += 1 + utf8.RuneCountInString(c.Text[:f.off])
			pass.Reportf(pos, "%q marker in a comment of a production prompt file; finish the work and remove it", f.marker)
		}
	}
}

// commentMarkers finds the markers of a YAML comment's text (after its
// #): a marker word that starts it, colon or not ("# TODO tune this"), and
// the annotations findDevMarkers finds in the rest.
func commentMarkers(text string) []devMarker {
	lead := len(text) - len(strings.TrimLeft(text, " \t"))
	if w, ok := annotation(text[lead:], true); ok {
		return []devMarker{{w, lead}}
	}
	return findDevMarkers(text)
}

type devMarker struct {
	marker string
	off    int
}

// markerWords are the annotation words, upper case only.
var markerWords = []string{"TODO", "FIXME", "XXX"}

// Where an annotation can start in a line of prose.
const (
	inText        = iota // after other text: a marker word here is prose
	atLineStart          // only indentation and list, quote or heading marks before it on its line
	atSentence           // after the end of a sentence (". ", "! ", "? ")
	atCommentOpen        // after a comment opener: <!--, {#, {{!, {{!--, /*, //
)

// findDevMarkers finds the annotation-shaped development markers of text,
// in order, in one forward pass: [DEV] in any case and [TODO], [FIXME],
// [XXX] anywhere in prose; TODO, FIXME and XXX followed by a colon
// (optionally with an owner, "TODO(ana):") at the start of a line, list
// item, quote, heading or sentence; and those words starting a comment,
// colon or not. Code fences and inline code are quoted, not annotations,
// and are skipped, as is prose that merely names the words ("remove the
// TODO comments", "see TODO.md").
func findDevMarkers(text string) []devMarker {
	if !markerHinted(text) {
		return nil
	}
	return scanDevMarkers(text)
}

// markerHinted reports whether text can hold a marker: every marker is
// bracketed or one of markerWords.
func markerHinted(text string) bool {
	return strings.IndexByte(text, '[') >= 0 || containsAny(text, markerWords)
}

// scanDevMarkers is findDevMarkers without the look for hints first.
func scanDevMarkers(text string) []devMarker {
	s := maskCode(text)
	var out []devMarker
	ctx, stop := atLineStart, false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			ctx, stop = atLineStart, false
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			if stop {
				ctx, stop = atSentence, false
			}
			i++
			continue
		case c == '*' || c == '_':
			i++ // emphasis: **TODO:** is still at the start
			continue
		}
		stop = false
		if n := bracketMarker(s[i:]); n > 0 {
			out = append(out, devMarker{text[i : i+n], i})
			ctx = inText
			i += n
			continue
		}
		if ctx == atLineStart {
			if n := linePrefix(s[i:]); n > 0 {
				i += n
				continue
			}
		}
		if n := commentOpener(s[i:]); n > 0 {
			ctx = atCommentOpen
			i += n
			continue
		}
		if c == '#' && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t') {
			// "Answer briefly. # FIXME: add the policy": a shell-style
			// comment written into the prose, which the model reads. (At
			// the start of a line # is a Markdown heading: linePrefix.)
			ctx = atLineStart
			i++
			continue
		}
		if !wordByte(c) {
			ctx, stop = inText, c == '.' || c == '!' || c == '?'
			i++
			continue
		}
		if ctx != inText {
			if w, ok := annotation(s[i:], ctx == atCommentOpen); ok {
				out = append(out, devMarker{w, i})
			}
		}
		ctx = inText
		for i < len(s) && wordByte(s[i]) {
			i++
		}
	}
	return out
}

// bracketMarker returns the length of a bracketed marker at the start of
// s: [DEV] in any case, [TODO], [FIXME] or [XXX]; 0 when there is none.
func bracketMarker(s string) int {
	if len(s) < 5 || s[0] != '[' {
		return 0
	}
	if strings.EqualFold(s[:5], "[dev]") {
		return 5
	}
	for _, w := range markerWords {
		if strings.HasPrefix(s[1:], w+"]") {
			return len(w) + 2
		}
	}
	return 0
}

// linePrefix returns the length of a Markdown line prefix at the start of
// s, with the spaces after it: a list bullet ("- ", "* ", "+ ", "1. ",
// "2) "), a quote ("> ") or a heading ("## "); 0 when there is none.
func linePrefix(s string) int {
	n := 0
	switch {
	case s[0] == '-' || s[0] == '+' || s[0] == '>':
		n = 1
	case s[0] == '#':
		for n < len(s) && s[n] == '#' {
			n++
		}
	case s[0] >= '0' && s[0] <= '9':
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == len(s) || s[n] != '.' && s[n] != ')' {
			return 0
		}
		n++
	}
	if n == 0 || n < len(s) && s[n] != ' ' && s[n] != '\t' && s[0] != '>' {
		return 0
	}
	return n
}

// commentOpeners start a comment in the syntaxes prompts are written in:
// HTML and Markdown, Jinja2, Handlebars and Mustache, C-like code.
var commentOpeners = []string{"<!--", "{{!--", "{{!", "{#-", "{#", "/*", "//"}

// commentOpener returns the length of a comment opener at the start of s,
// 0 when there is none.
func commentOpener(s string) int {
	if s == "" || s[0] != '<' && s[0] != '{' && s[0] != '/' {
		return 0 // what every opener starts with
	}
	for _, o := range commentOpeners {
		if strings.HasPrefix(s, o) {
			return len(o)
		}
	}
	return 0
}

// annotation reports whether s starts with an annotation word: TODO, FIXME
// or XXX as a whole word, optionally with an owner in parentheses, and a
// colon after it, or nothing else on its line (in a comment, the word
// alone is enough). It returns the word.
func annotation(s string, comment bool) (string, bool) {
	for _, w := range markerWords {
		if !strings.HasPrefix(s, w) {
			continue
		}
		rest := s[len(w):]
		if rest != "" && wordByte(rest[0]) {
			return "", false
		}
		if comment && (rest == "" || markerJoined(rest[0]) == false) {
			return w, true
		}
		if rest != "" && rest[0] == '(' {
			end := strings.IndexAny(rest[:min(len(rest), 64)], ")\n")
			if end < 0 || rest[end] != ')' {
				return "", false
			}
			rest = rest[end+1:]
		}
		rest = strings.TrimLeft(rest, "*_")
		if strings.HasPrefix(rest, ":") {
			return w, true
		}
		// A marker alone on its line ("FIXME", "TODO.") is a note too.
		rest = strings.TrimLeft(rest, ".!")
		rest = strings.TrimLeft(rest, " \t\r")
		return w, rest == "" || rest[0] == '\n'
	}
	return "", false
}

// wordByte reports whether b is part of a word: a letter, a digit, "_" or
// any byte of a non-ASCII character.
func wordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b >= 0x80
}

// markerJoined reports whether a byte next to a marker makes it part of a
// longer token: a letter, digit, "_", "-" or ".".
func markerJoined(b byte) bool {
	return wordByte(b) || b == '-' || b == '.'
}
