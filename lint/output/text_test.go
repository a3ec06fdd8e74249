package output

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint"
)

// ansiEscape matches the colour escapes TextTerminal writes.
var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestSnippet(t *testing.T) {
	long := strings.Repeat("a", 500) + "X" + strings.Repeat("b", 500)
	tests := []struct {
		line      string
		col       int
		want      string
		caretOver string // the text the caret must stand under
	}{
		{"hello {name}", 8, "hello {name}", "n"},
		{"\tx {y}", 5, "    x {y}", "y"},
		{"漢字{x}", 4, "漢字{x}", "x"},
		{"a\x1b[31mb {x}", 10, `a\x1b[31mb {x}`, "x"},
		{"bad \xff byte {x}", 13, "bad \ufffd byte {x}", "x"},
		{"\u202eevil {x}", 8, `\u202eevil {x}`, "x"},
		{"short", 40, "short", ""}, // past the end: the caret follows the text
		{long, 501, "…" + strings.Repeat("a", 66) + "X" + strings.Repeat("b", 32) + "…", "X"},
		{long, 1, "a" + strings.Repeat("a", 32) + "…", "a"},
	}
	for _, tt := range tests {
		got, caret := snippet(newIndexedLine(tt.line), tt.col)
		if got != tt.want {
			t.Errorf("snippet(%q, %d) = %q, want %q", tt.line, tt.col, got, tt.want)
			continue
		}
		// The caret's column, counted in display cells of got.
		cells := 0
		under := ""
		for _, r := range got {
			if cells == caret {
				under = string(r)
				break
			}
			cells += runeWidth(r)
		}
		if under != tt.caretOver {
			t.Errorf("snippet(%q, %d): caret at %d stands under %q, want %q", tt.line, tt.col, caret, under, tt.caretOver)
		}
		if n := utf8.RuneCountInString(got); n > snippetWidth+20 {
			t.Errorf("snippet of %d code points, over the window", n)
		}
	}
}

// TestTextTerminalPlain: without colour and source, the terminal writer
// writes what Text writes.
func TestTextTerminalPlain(t *testing.T) {
	for _, r := range []*lint.Report{sampleReport(), lintReport(), hostileReport()} {
		var a, b bytes.Buffer
		if err := Text(&a, r); err != nil {
			t.Fatal(err)
		}
		if err := TextTerminal(&b, r, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("TextTerminal without options:\n%s\nText:\n%s", b.String(), a.String())
		}
	}
	// Colour, the source and hostile text: only our escapes reach the
	// terminal.
	r := hostileReport()
	var buf bytes.Buffer
	src := []byte("::error::x\x1b]0;title\x07\r\n\u202e{x}\n")
	if err := TextTerminal(&buf, r, TextOptions{Color: true, Source: func(string) []byte { return src }}); err != nil {
		t.Fatal(err)
	}
	out := ansiEscape.ReplaceAllString(buf.String(), "")
	if strings.ContainsAny(out, "\x1b\x07\r\u202e") {
		t.Errorf("a raw control character reached the terminal: %q", out)
	}
}

// BenchmarkTextTerminal measures the terminal output of 50,000 findings on
// one 1 MB line (a file of unclosed openers): each finding's snippet is
// found through the line's index, not by scanning the line again.
func BenchmarkTextTerminal(b *testing.B) {
	line := strings.Repeat("{ ", 1<<19)
	data := []byte("template: \"" + line + "\"\n")
	r := &lint.Report{}
	for i := 0; i < 50000; i++ {
		r.Findings = append(r.Findings, lint.Finding{Rule: "template-syntax", Severity: lint.Error, Path: "p.yaml",
			Pos: lint.Pos{Line: 1, Col: 12 + 20*i}, Message: fmt.Sprintf("unclosed %d", i)})
	}
	opts := TextOptions{Color: true, Source: func(string) []byte { return data }}
	for i := 0; i < b.N; i++ {
		var buf bytes.Buffer
		if err := TextTerminal(&buf, r, opts); err != nil {
			b.Fatal(err)
		}
	}
}
