package output

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint"
)

// maxAnnotation is the length, in characters, that an annotation's message
// stays under.
const maxAnnotation = 4096

// GitHub writes the findings as GitHub Actions workflow commands, which the
// runner turns into annotations:
//
//	::error file=PATH,line=L,col=C,title=RULE::MESSAGE
//
// Errors come first, then warnings, then notices, each in sorted order
// with the findings the base already had (marked as in Text) after the new
// ones, so the limit leaves those out first; a fixable finding's message
// says so. At most limit annotations of
// each severity are written (GitHub shows no more
// per step; limit <= 0 means no limit), followed by a `::notice::` line
// that counts those left out. Properties and messages are escaped as the
// runner expects, so no untrusted text can end a command or start another,
// and a message is cut to fewer than 4,096 characters.
func GitHub(w io.Writer, r *lint.Report, limit int) error {
	r = r.Bounded()
	findings := sortedFindings(r.Findings)
	sort.SliceStable(findings, func(i, j int) bool { return !findings[i].Preexisting && findings[j].Preexisting })
	var b strings.Builder
	for _, sev := range []lint.Severity{lint.Error, lint.Warning, lint.Notice} {
		n := 0
		for _, f := range findings {
			if f.Severity != sev {
				continue
			}
			n++
			if limit > 0 && n > limit {
				continue
			}
			b.WriteString(annotation(f))
			b.WriteByte('\n')
		}
		if limit > 0 && n > limit {
			more := n - limit
			verb := "are"
			if more == 1 {
				verb = "is"
			}
			noun := plural(more, "more "+sev.String(), "more "+sev.String()+"s")
			fmt.Fprintf(&b, "::notice::%s %s listed in the report and the pull request comment\n", noun, verb)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// annotationFixMark ends the message of a fixable finding's annotation,
// which has no legend to explain the text output's "[*]".
const annotationFixMark = " (fixable: promptlint fix)"

// annotation formats one finding as a workflow command.
func annotation(f lint.Finding) string {
	var props []string
	if f.Path != "" {
		props = append(props, "file="+EscapeProperty(f.Path))
		if f.Pos.Line > 0 {
			props = append(props, "line="+strconv.Itoa(f.Pos.Line))
			if f.Pos.Col > 0 {
				props = append(props, "col="+strconv.Itoa(f.Pos.Col))
			}
		}
	}
	if f.Rule != "" {
		props = append(props, "title="+EscapeProperty(f.Rule))
	}
	cmd := "::" + f.Severity.String()
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	msg := markPreexisting(f).Message
	if f.Fix != nil {
		msg += annotationFixMark
	}
	return cmd + "::" + escapeDataLimit(msg, maxAnnotation-1)
}

// EscapeData escapes the message of a workflow command as the Actions
// runner unescapes it: `%` as %25, CR as %0D and LF as %0A.
func EscapeData(s string) string {
	return dataEscaper.Replace(s)
}

// EscapeProperty escapes a property value of a workflow command: as
// EscapeData, and also `:` as %3A and `,` as %2C.
func EscapeProperty(s string) string {
	return propertyEscaper.Replace(s)
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeDataLimit escapes s as data and cuts it, at a character boundary
// and before an escape rather than inside one, so that the result has at
// most max characters, the last an ellipsis when it was cut.
func escapeDataLimit(s string, max int) string {
	e := EscapeData(s)
	if utf8.RuneCountInString(e) <= max {
		return e
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		part := EscapeData(string(r))
		k := utf8.RuneCountInString(part)
		if n+k > max-1 {
			break
		}
		b.WriteString(part)
		n += k
	}
	return b.String() + "…"
}
