package checks

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
Verbs in code blocks, inline code and template expressions are ignored,
and separate sentences or list items do not add up. Turn the rule off
(rules: {template-multi-task: off}) if your prompts are multi-step by
design.

Bad:

    template: "Classify this email (urgent/normal/low), analyze its sentiment, and suggest a response: {email}"

Good:

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

// connectives join clauses: a task verb may follow them.
var connectives = map[string]bool{"and": true, "then": true, "also": true}

// clauseFillers may stand between a clause boundary and its verb.
var clauseFillers = map[string]bool{"please": true,
	"finally": true, "first": true, "next": true, "lastly": true, "afterwards": true, "additionally": true}

func runTemplateMultiTask(pass *lint.Pass) {
	p := pass.Prompt
	for i := range p.Messages {
		m := &p.Messages[i]
		if off, verbs := multiTask(m.Text); len(verbs) > 0 {
			pass.Reportf(textPos(m, off), "one instruction asks for %d tasks (%s); consider one prompt per task", len(verbs), quoteList(verbs))
			return
		}
	}
}

// multiTask finds the first sentence of text in which at least three
// distinct task verbs start clauses. It returns the byte offset of the
// first verb and the verbs, or nil.
func multiTask(text string) (int, []string) {
	masked := maskNonProse(text)
	var (
		verbs     []string
		first     = -1
		clause    = true // at the start of a clause
		sentence  = func() { verbs, first, clause = nil, -1, true }
		wordStart = -1
	)
	endWord := func(end int) bool {
		ws := wordStart
		w := strings.ToLower(masked[ws:end])
		wordStart = -1
		if connectives[w] {
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
		case '.', '!', '?', '\n':
			// A period inside a word ("e.g.", "3.5") does not end a sentence.
			next, _ := utf8.DecodeRuneInString(masked[min(i+1, len(masked)):])
			if r == '\n' || i+1 >= len(masked) || unicode.IsSpace(next) {
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

// maskNonProse blanks out code fences, inline code and template
// expressions of text, keeping byte offsets: each masked byte becomes a
// space (newlines are kept).
func maskNonProse(text string) string {
	b := []byte(text)
	blank := func(from, to int) {
		for i := from; i < to && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	// Fenced code blocks.
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], "```")
		if j < 0 {
			break
		}
		start := i + j
		k := strings.Index(text[start+3:], "```")
		end := len(text)
		if k >= 0 {
			end = start + 3 + k + 3
		}
		blank(start, end)
		i = end
	}
	// Inline code and template expressions, on what is left.
	pairs := []struct{ open, close string }{{"{{", "}}"}, {"{%", "%}"}, {"{#", "#}"}, {"${", "}"}, {"{", "}"}, {"`", "`"}}
	for _, pr := range pairs {
		s := string(b)
		for i := 0; i < len(s); {
			j := strings.Index(s[i:], pr.open)
			if j < 0 {
				break
			}
			start := i + j
			k := strings.Index(s[start+len(pr.open):], pr.close)
			if k < 0 {
				break
			}
			end := start + len(pr.open) + k + len(pr.close)
			if nl := strings.IndexByte(s[start:end], '\n'); nl >= 0 && pr.open == "`" {
				i = start + 1
				continue
			}
			blank(start, end)
			i = end
		}
	}
	return string(b)
}
