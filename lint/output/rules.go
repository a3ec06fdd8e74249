package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// Rules writes the rule list for `promptlint rules`: format "text" writes
// aligned `id  severity  summary` lines, "markdown" the table of RulesTable,
// and "json" an array of {id, severity, summary, doc, change, doc_url}.
func Rules(w io.Writer, rules []*lint.Rule, format string) error {
	switch format {
	case "text", "":
		width, sevWidth := 0, 0
		for _, r := range rules {
			width = max(width, len(r.ID))
			sevWidth = max(sevWidth, len(r.Severity.String()))
		}
		var lines []string
		for _, r := range rules {
			line := fmt.Sprintf("%-*s  %-*s  %s", width, r.ID, sevWidth, r.Severity, r.Summary())
			lines = append(lines, strings.TrimRight(line, " "))
		}
		return writeLines(w, lines)
	case "markdown":
		_, err := io.WriteString(w, RulesTable(rules))
		return err
	case "json":
		out := []jsonRule{}
		for _, r := range rules {
			out = append(out, jsonRule{ID: r.ID, Severity: r.Severity.String(), Summary: r.Summary(), Doc: r.Doc, Change: r.Change, DocURL: r.URL()})
		}
		return encode(w, out)
	}
	return fmt.Errorf("unknown rules format %q (want text, markdown or json)", format)
}

type jsonRule struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Doc      string `json:"doc"`
	Change   bool   `json:"change"`
	DocURL   string `json:"doc_url"`
}

// RulesTable returns the Markdown table of rules that the README embeds
// between its `<!-- rules:start -->` and `<!-- rules:end -->` markers:
//
//	| Rule | Severity | Summary |
//	| --- | --- | --- |
//	| `variable-undefined` | error | ... |
//
// Each line ends with a newline.
func RulesTable(rules []*lint.Rule) string {
	var b strings.Builder
	b.WriteString("| Rule | Severity | Summary |\n| --- | --- | --- |\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", codeSpan(r.ID), r.Severity, mdText(r.Summary()))
	}
	return b.String()
}

// RuleDocs writes the whole doc of each rule, for `promptlint rules ID`:
// a heading line with the id and severity, the doc, and the link to the
// rule's documentation, rules separated by a blank line.
func RuleDocs(w io.Writer, rules []*lint.Rule) error {
	var lines []string
	for i, r := range rules {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, fmt.Sprintf("%s (%s)", r.ID, r.Severity), "")
		lines = append(lines, strings.Split(strings.TrimRight(r.Doc, "\n"), "\n")...)
		lines = append(lines, "", "Documentation: "+r.URL())
	}
	return writeLines(w, lines)
}

// RuleDocsMarkdown returns the README's rule reference, which the rules'
// URLs point into: for each rule a heading with its id (GitHub makes the
// id its anchor), its default severity and kind, and its whole doc. Each
// line ends with a newline.
func RuleDocsMarkdown(rules []*lint.Rule) string {
	var b strings.Builder
	for i, r := range rules {
		if i > 0 {
			b.WriteString("\n")
		}
		kind := "single file (lint, check, the action)"
		if r.Change {
			kind = "change (check and the action)"
		}
		fmt.Fprintf(&b, "### %s\n\n*%s* · %s\n\n%s\n", r.ID, r.Severity, kind, strings.TrimSpace(r.Doc))
	}
	return b.String()
}
