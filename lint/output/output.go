// Package output writes promptlint's results: a run's report as text, JSON,
// SARIF 2.1.0, GitHub workflow commands or the Markdown of the sticky pull
// request comment, and the parsed model of prompts (inspect) and the rule
// list (rules).
//
// Prompt text, file paths and finding messages are untrusted: a pull request
// author controls them. Every writer keeps them inert in its format: no line
// written to stdout starts with a workflow command (see SafeLine), workflow
// command properties and data are escaped, and the Markdown comment escapes
// HTML, neutralizes mentions and fences code so that it cannot be closed
// from inside.
package output

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint"
)

// zwsp is U+200B ZERO WIDTH SPACE. The runner of GitHub Actions trims only
// white space before it looks for a workflow command, and U+200B is not
// white space, so a line that starts with it is never a command.
const zwsp = "\u200b"

// SafeLine returns s as one line that is safe to print to stdout when it
// may run inside GitHub Actions: control characters (line breaks included,
// tab excepted), Unicode line and paragraph separators and bidirectional
// formatting characters are written as Go escapes (`\n`, `\x1b`,
// `\u202e`), invalid UTF-8 becomes U+FFFD, and a line that would start,
// after white space, with a workflow command (`::` or the legacy `##[`)
// is prefixed with a zero-width space, so the runner reads it as text.
func SafeLine(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\t':
			b.WriteRune(r)
		case unsafeRune(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	t := strings.TrimLeftFunc(out, unicode.IsSpace)
	if strings.HasPrefix(t, "::") || strings.HasPrefix(t, "##[") {
		out = zwsp + out
	}
	return out
}

// unsafeRune reports whether r must not reach a terminal or a log raw:
// control characters, line and paragraph separators, and the
// bidirectional formatting characters that reorder displayed text.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r == '\u2028' || r == '\u2029':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e', r == '\u200f', r == '\u061c':
		return true
	}
	return false
}

// writeLines writes each line followed by a newline, through SafeLine.
func writeLines(w io.Writer, lines []string) error {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(SafeLine(l))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// sortedFindings returns a sorted copy of fs, leaving fs as it is.
func sortedFindings(fs []lint.Finding) []lint.Finding {
	out := append([]lint.Finding(nil), fs...)
	lint.SortFindings(out)
	return out
}

// round3 rounds a ratio to three decimals, as the JSON report shows it
// (see lint.RoundSimilarity: a changed text never shows 1).
func round3(x float64) float64 { return lint.RoundSimilarity(x) }

// percent formats a ratio as a percentage with one decimal: "85.3%"; a
// ratio below 1 never shows "100.0%", nor one above 0 "0.0%".
func percent(x float64) string {
	return strconv.FormatFloat(lint.RoundSimilarity(x)*100, 'f', 1, 64) + "%"
}

// lineCount returns the number of lines of s (a final line without a
// newline counts; "" has none).
func lineCount(s string) int {
	if s == "" {
		return 0
	}
	n := strings.Count(s, "\n")
	if !strings.HasSuffix(s, "\n") {
		n++
	}
	return n
}

// plural returns "1 error" or "2 errors".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// stats are the diff statistics of one changed prompt, from its Change, or
// derived from its texts for an added or removed prompt, which has none.
type stats struct {
	oldVersion, newVersion string
	bump, required         lint.Bump
	similarity             float64
	approximate            bool
	added, removed         int
	varsAdded              []string
	varsRemoved            []string
	defaultsChanged        []string
	tokensOld, tokensNew   int
	hasTokens              bool
}

// statsOf returns the diff statistics of a prompt report.
func statsOf(p *lint.PromptReport) stats {
	var s stats
	if p.Base != nil {
		s.oldVersion = p.Base.Version
	}
	if p.Prompt != nil {
		s.newVersion = p.Prompt.Version
	}
	if c := p.Change; c != nil {
		s.oldVersion, s.newVersion = c.OldVersion, c.NewVersion
		s.bump, s.required = c.Bump, c.Required
		s.similarity, s.approximate = c.Similarity, c.Approximate
		s.added, s.removed = c.AddedLines, c.RemovedLines
		s.varsAdded, s.varsRemoved, s.defaultsChanged = c.VarsAdded, c.VarsRemoved, c.DefaultsChanged
		s.tokensOld, s.tokensNew, s.hasTokens = c.TokensOld, c.TokensNew, true
		return s
	}
	switch {
	case p.Base == nil && p.Prompt != nil: // added: every line is new
		s.added = lineCount(p.Prompt.Text())
		s.varsAdded = inputNames(p.Prompt)
	case p.Prompt == nil && p.Base != nil: // removed
		s.removed = lineCount(p.Base.Text())
		s.varsRemoved = inputNames(p.Base)
	case p.Prompt != nil && p.Base != nil && p.Prompt.Text() == p.Base.Text():
		s.similarity = 1
	}
	return s
}

// inputNames returns the names of a prompt's inputs.
func inputNames(p *lint.Prompt) []string {
	var names []string
	for _, v := range p.Inputs() {
		names = append(names, v.Name)
	}
	return names
}

// nonNil returns s, or an empty slice when s is nil, so JSON shows [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
