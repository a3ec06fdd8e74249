package output

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint"
)

// Text writes one line per finding, `path:line:col: severity: message
// [rule-id]`, in sorted order, and nothing else; the message of a finding
// the base already had ends with "(pre-existing: the base has it too)",
// and one that `fix` (or --fix) can fix starts with "[*] ", as ruff marks
// them. Each line goes through SafeLine.
func Text(w io.Writer, r *lint.Report) error {
	r = r.Bounded()
	var lines []string
	for _, f := range sortedFindings(r.Findings) {
		lines = append(lines, textMessage(f).String())
	}
	return writeLines(w, lines)
}

// FixMark is what Text writes before the message of a fixable finding.
const FixMark = "[*] "

// textMessage is f with the message the text output shows: marked when
// the base has it too, and when it is fixable.
func textMessage(f lint.Finding) lint.Finding {
	f = markPreexisting(f)
	if f.Fix != nil {
		f.Message = FixMark + f.Message
	}
	return f
}

// PreexistingMark is what every format that has no field of its own for
// it appends to the message of a finding the base already had.
const PreexistingMark = " (pre-existing: the base has it too)"

// markPreexisting is f with PreexistingMark after its message when the
// base already had it.
func markPreexisting(f lint.Finding) lint.Finding {
	if f.Preexisting {
		f.Message += PreexistingMark
	}
	return f
}

// TextOptions are the options of TextTerminal.
type TextOptions struct {
	// Color colours the severity, the location and the caret with ANSI
	// escapes.
	Color bool
	// Source returns the content of a file of the report, nil when it is
	// not at hand; each finding then shows its source line with a caret
	// under its column, as actionlint does.
	Source func(path string) []byte
}

// ANSI escapes of the terminal output.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// snippetWidth bounds the part of a source line shown, in columns: a
// prompt can be one line of megabytes.
const snippetWidth = 100

// TextTerminal writes the findings for a person at a terminal: the line of
// Text, optionally coloured, followed by the source line and a caret
// under the finding's column. Without colour and source it writes exactly
// what Text writes.
func TextTerminal(w io.Writer, r *lint.Report, opts TextOptions) error {
	r = r.Bounded()
	paint := func(code, s string) string {
		if !opts.Color || s == "" {
			return s
		}
		return code + s + ansiReset
	}
	sources := &sourceCache{source: opts.Source, files: map[string][]int{}, data: map[string][]byte{}, lines: map[lineKey]*indexedLine{}}
	var b strings.Builder
	for _, f := range sortedFindings(r.Findings) {
		line, col := max(f.Pos.Line, 1), max(f.Pos.Col, 1)
		mark := ""
		if f.Fix != nil {
			mark = paint(ansiGreen, FixMark)
		}
		f := textMessage(f)
		if !opts.Color {
			b.WriteString(SafeLine(f.String()))
		} else {
			f.Message = strings.TrimPrefix(f.Message, FixMark)
			// Each part is made safe on its own; the whole is then what
			// SafeLine makes of the plain line, with colours around parts.
			loc := SafeLine(f.Path) + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col) + ":"
			if strings.HasPrefix(loc, zwsp) {
				loc = zwsp + paint(ansiBold, strings.TrimPrefix(loc, zwsp))
			} else {
				loc = paint(ansiBold, loc)
			}
			b.WriteString(loc + " " + paint(severityColor(f.Severity), f.Severity.String()+":") + " " + mark +
				SafeLine(f.Message) + " " + paint(ansiDim, "["+SafeLine(f.Rule)+"]"))
		}
		b.WriteByte('\n')
		if opts.Source == nil {
			continue
		}
		src, ok := sources.line(f.Path, line)
		if !ok {
			continue
		}
		text, caret := snippet(src, col)
		gutter := strconv.Itoa(line)
		pad := strings.Repeat(" ", len(gutter))
		b.WriteString(paint(ansiDim, " "+gutter+" |") + " " + text + "\n")
		b.WriteString(paint(ansiDim, " "+pad+" |") + " " + strings.Repeat(" ", caret) + paint(ansiGreen, "^") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func severityColor(s lint.Severity) string {
	switch s {
	case lint.Error:
		return ansiRed
	case lint.Warning:
		return ansiYellow
	}
	return ansiCyan
}

// sourceCache indexes the files of the findings once, so that showing
// the source of many findings costs no more than reading each file once.
type sourceCache struct {
	source func(string) []byte
	data   map[string][]byte
	files  map[string][]int // path -> byte offset of the start of each line
	lines  map[lineKey]*indexedLine
}

type lineKey struct {
	path string
	n    int
}

// line returns line n (1-based) of the file at path, indexed by code
// point, without its line ending.
func (c *sourceCache) line(path string, n int) (*indexedLine, bool) {
	k := lineKey{path, n}
	if l, ok := c.lines[k]; ok {
		return l, l != nil
	}
	starts, ok := c.files[path]
	if !ok {
		data := c.source(path)
		if data != nil {
			starts = []int{0}
			for i, ch := range data {
				if ch == '\n' {
					starts = append(starts, i+1)
				}
			}
		}
		c.files[path], c.data[path] = starts, data
	}
	if n < 1 || n > len(starts) {
		c.lines[k] = nil
		return nil, false
	}
	data := c.data[path]
	end := len(data)
	if n < len(starts) {
		end = starts[n] - 1
	}
	l := newIndexedLine(strings.TrimSuffix(string(data[starts[n-1]:end]), "\r"))
	c.lines[k] = l
	return l, true
}

// indexedLine is a line of text with the byte offset of every 64th code
// point, to find a column in a long line without scanning it each time.
type indexedLine struct {
	text  string
	marks []int
}

const markEvery = 64

func newIndexedLine(text string) *indexedLine {
	l := &indexedLine{text: text}
	i := 0
	for off := range text {
		if i%markEvery == 0 {
			l.marks = append(l.marks, off)
		}
		i++
	}
	return l
}

// offset returns the byte offset of code point n (0-based), or the
// line's length when it is shorter.
func (l *indexedLine) offset(n int) int {
	m := n / markEvery
	if m >= len(l.marks) {
		return len(l.text)
	}
	off := l.marks[m]
	for i := m * markEvery; i < n && off < len(l.text); i++ {
		_, size := utf8.DecodeRuneInString(l.text[off:])
		off += size
	}
	return off
}

// snippet returns the part of a source line to show around column col (in
// code points, 1-based) and the number of display columns before the
// caret. Tabs become spaces and unsafe characters their escapes (as
// SafeLine writes them); a long line is cut to a window around the
// column, with "…" where it was cut.
func snippet(l *indexedLine, col int) (string, int) {
	before, after := snippetWidth*2/3, snippetWidth/3
	at := col - 1
	start := max(at-before, 0)
	from, to := l.offset(start), l.offset(at+after)
	var b strings.Builder
	caret := 0
	if start > 0 {
		b.WriteString("…")
		caret = 1
	}
	i := start
	for _, r := range l.text[from:to] {
		text, width := string(r), runeWidth(r)
		switch {
		case r == '\t':
			text, width = "    ", 4
		case r == utf8.RuneError:
			text, width = "\ufffd", 1
		case unsafeRune(r):
			q := strconv.QuoteRuneToASCII(r)
			text = q[1 : len(q)-1]
			width = len(text)
		}
		if i < at {
			caret += width
		}
		b.WriteString(text)
		i++
	}
	if to < len(l.text) {
		b.WriteString("…")
	}
	return strings.TrimRight(b.String(), " "), caret
}

// runeWidth is the number of terminal columns r takes: 2 for East Asian
// wide and fullwidth characters and most emoji, 0 for combining marks,
// else 1.
func runeWidth(r rune) int {
	switch {
	case r >= 0x300 && r <= 0x36f, r >= 0x200b && r <= 0x200f, r == 0xfe0f:
		return 0
	case r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0xa4cf, r >= 0xac00 && r <= 0xd7a3,
		r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f, r >= 0xff00 && r <= 0xff60,
		r >= 0xffe0 && r <= 0xffe6, r >= 0x1f300 && r <= 0x1faff, r >= 0x20000 && r <= 0x3fffd:
		return 2
	}
	return 1
}
