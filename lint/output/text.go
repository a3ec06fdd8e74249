package output

import (
	"io"

	"github.com/promptlint/promptlint/lint"
)

// Text writes one line per finding, `path:line:col: severity: message
// [rule-id]`, in sorted order, and nothing else. Each line goes through
// SafeLine.
func Text(w io.Writer, r *lint.Report) error {
	var lines []string
	for _, f := range sortedFindings(r.Findings) {
		lines = append(lines, f.String())
	}
	return writeLines(w, lines)
}
