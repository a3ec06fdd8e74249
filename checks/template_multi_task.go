package checks

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/promptlint/promptlint/lint"
)

// TemplateMultiTask reports a template whose single instruction asks for
// several distinct tasks.
var TemplateMultiTask = &lint.Rule{
	ID:       "template-multi-task",
	Severity: lint.Notice,
	Doc: `One instruction of the template asks for several distinct tasks.

A prompt that classifies, analyzes and drafts a reply at once is hard to
evaluate (which task regressed?), hard to version (a change to one task
bumps all of them) and usually does each task worse than a focused prompt.
Split it into one prompt per task and chain them in code.

The check is a heuristic: it reports a sentence in which three or more
different task verbs (classify, analyze, summarize, translate, extract,
generate, write, suggest, rate, review, rewrite, explain, list, identify,
answer, ...) each start a clause, joined by commas, "and" or "then".
A sentence may wrap across the lines of a paragraph (a literal block in
YAML is read like a folded one); a blank line, a heading, a list item, a
quote or a table row ends it. Verbs in code blocks, inline code and
template expressions are ignored, and separate sentences or list items do
not add up. Turn the rule off (rules: {template-multi-task: off}) if your
prompts are multi-step by design.

Bad:

    -- prompts/triage.yaml --
    version: 1.0.0
    template: "Classify this email (urgent/normal/low), analyze its sentiment, and suggest a response: {email}"

Good:

    -- prompts/triage.yaml --
    version: 1.0.0
    template: "Classify this email as urgent, normal or low priority.\n\nEmail: {email}"`,
	Run: runTemplateMultiTask,
}

// taskVerbs are imperative verbs that each name a task of their own,
// mapped to a canonical spelling.
var taskVerbs = map[string]string{
	"classify": "classify", "categorize": "categorize", "categorise": "categorize",
	"analyze": "analyze", "analyse": "analyze", "summarize": "summarize", "summarise": "summarize",
	"translate": "translate", "extract": "extract", "generate": "generate", "write": "write",
	"draft": "write", "compose": "write", "suggest": "suggest", "recommend": "suggest",
	"rate": "rate", "score": "rate", "review": "review", "rewrite": "rewrite",
	"explain": "explain", "list": "list", "identify": "identify", "answer": "answer",
	"detect": "detect", "evaluate": "evaluate", "compare": "compare", "predict": "predict",
	"tag": "tag", "label": "tag", "outline": "outline", "critique": "review",
}

// connectives join clauses: a task verb may follow them. A list, not a
// map: every word of a template is looked up, and three comparisons cost
// less than a hash.
var connectives = []string{"and", "then", "also"}

// clauseFillers may stand between a clause boundary and its verb.
var clauseFillers = map[string]bool{"please": true,
	"finally": true, "first": true, "next": true, "lastly": true, "afterwards": true, "additionally": true}

func runTemplateMultiTask(pass *lint.Pass) {
	p := pass.Prompt
	for i := range p.Messages {
		m := &p.Messages[i]
		if off, verbs := multiTask(m.Text); len(verbs) > 0 {
			pass.Reportf(m.Positions([]int{off})[0], "one instruction asks for %d tasks (%s); consider one prompt per task", len(verbs), quoteList(verbs))
			return
		}
	}
}

// multiTask finds the first sentence of text in which at least three
// distinct task verbs start clauses. It returns the byte offset of the
// first verb and the verbs, or nil.
func multiTask(text string) (int, []string) {
	var maskBuf [512]byte
	masked := maskNonProse(text, maskBuf[:0])
	var (
		verbs     []string
		first     = -1
		clause    = true // at the start of a clause
		sentence  = func() { verbs, first, clause = nil, -1, true }
		wordStart = -1
	)
	var buf [maxListedWord]byte
	endWord := func(end int) bool {
		ws := wordStart
		w := lowerWord(masked[ws:end], &buf)
		wordStart = -1
		if slices.Contains(connectives, w) {
			clause = true
			return false
		}
		if !clause || clauseFillers[w] {
			return false
		}
		clause = false
		v, ok := taskVerbs[w]
		if !ok {
			return false
		}
		for _, x := range verbs {
			if x == v {
				return false
			}
		}
		if first < 0 {
			first = ws
		}
		verbs = append(verbs, v)
		return len(verbs) >= 3
	}
	heading := lineKindOf(masked) == headingLine
	for i, r := range masked {
		if unicode.IsLetter(r) || r == '\'' && wordStart >= 0 {
			if wordStart < 0 {
				wordStart = i
			}
			continue
		}
		if wordStart >= 0 && endWord(i) {
			return first, verbs
		}
		switch r {
		case '\n':
			// A sentence wraps across lines of a paragraph; a blank line,
			// a heading, and a line that is a list item, a quote or a
			// table row end it. A wrapped line that starts with a capital
			// starts a clause.
			next := lineKindOf(masked[i+1:])
			switch {
			case heading || next != textLine:
				sentence()
			case startsUpper(masked[i+1:]):
				clause = true
			}
			heading = next == headingLine
		case '.', '!', '?':
			// A period inside a word ("e.g.", "3.5") does not end a sentence.
			next, _ := utf8.DecodeRuneInString(masked[min(i+1, len(masked)):])
			if i+1 >= len(masked) || unicode.IsSpace(next) {
				sentence()
			}
		case ',', ';', ':', '(', ')':
			clause = true
		}
	}
	if wordStart >= 0 && endWord(len(masked)) {
		return first, verbs
	}
	return 0, nil
}

// maxListedWord is the length of the longest word of taskVerbs,
// connectives and clauseFillers ("additionally"); TestMaxListedWord
// keeps it so.
const maxListedWord = 12

// lowerWord returns strings.ToLower(w) where that can be one of the
// words listed, and "" (listed nowhere) where it cannot: an ASCII word
// longer than maxListedWord. An ASCII word is lowered in buf, and the
// string returned shares buf's bytes, so it is only good until the next
// call: a map look-up with it copies nothing. (A word of other letters
// takes strings.ToLower, which can shorten it: "İ" lowers to "i".)
func lowerWord(w string, buf *[maxListedWord]byte) string {
	if len(w) > maxListedWord {
		for i := 0; i < len(w); i++ {
			if w[i] >= utf8.RuneSelf {
				return strings.ToLower(w)
			}
		}
		return ""
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(w)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return unsafe.String(&buf[0], len(w))
}

// The kinds of lines that matter to where a sentence ends.
const (
	textLine    = iota // prose, possibly the wrapped rest of a sentence
	blankLine          // empty or white space only (a masked code block too)
	headingLine        // "# Title"
	blockLine          // a list item, quote or table row
)

// lineKindOf classifies the line that starts s, looking only at its first
// characters.
func lineKindOf(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	if i == len(s) || s[i] == '\n' {
		return blankLine
	}
	switch s[i] {
	case '#':
		return headingLine
	case '>', '|':
		return blockLine
	}
	if linePrefix(s[i:]) > 0 {
		return blockLine
	}
	return textLine
}

// startsUpper reports whether the line that starts s starts, after white
// space, with an upper-case letter.
func startsUpper(s string) bool {
	s = strings.TrimLeft(s, " \t")
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
