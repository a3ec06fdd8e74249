package checks

import (
	"bytes"
	"strings"
	"unsafe"
)

// Rules that read the prose of a template (development markers, task
// verbs) first blank out what is quoted rather than said: Markdown code
// fences and inline code spans, and for some rules template expressions.
// Masks keep byte offsets, so a finding in the masked text is at the same
// offset in the text, and keep line breaks. Every mask is one forward pass
// over the text.

// maskCode blanks out Markdown code: fenced blocks (``` or ~~~, up to the
// closing fence of the same character and at least the same length, or the
// end of the text) and inline code spans (a run of backticks up to the next
// run of the same length on the same line). Each masked byte becomes a
// space; line breaks are kept.
func maskCode(text string) string {
	if strings.IndexByte(text, '`') < 0 && strings.IndexByte(text, '~') < 0 {
		return text // no fence, no span
	}
	b := []byte(text)
	var fence byte // the fence character while inside a fenced block
	fenceLen := 0
	for ls := 0; ls < len(b); {
		le := strings.IndexByte(text[ls:], '\n')
		if le < 0 {
			le = len(b)
		} else {
			le += ls
		}
		c, n := fenceAt(text[ls:le])
		switch {
		case fence != 0:
			if c == fence && n >= fenceLen && strings.TrimSpace(strings.TrimLeft(text[ls:le], string(c))) == "" {
				fence = 0
			}
			blank(b, ls, le)
		case n > 0:
			fence, fenceLen = c, n
			blank(b, ls, le)
		default:
			maskSpans(b, text, ls, le)
		}
		ls = le + 1
	}
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is not written again
}

// fenceAt returns the fence character and length when line opens or closes
// a fenced code block: three or more backticks or tildes after at most
// three spaces (and for backticks, no backtick after them on the line).
func fenceAt(line string) (byte, int) {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	if i >= len(line) || line[i] != '`' && line[i] != '~' {
		return 0, 0
	}
	c := line[i]
	n := 0
	for i+n < len(line) && line[i+n] == c {
		n++
	}
	if n < 3 || c == '`' && strings.IndexByte(line[i+n:], '`') >= 0 {
		return 0, 0 // an info string with a backtick: inline code, not a fence
	}
	return c, n
}

// maskSpans blanks the inline code spans of the line text[ls:le] in b. A
// span opens with a run of backticks and closes with the next run of the
// same length; a run without one is literal. Runs are matched through a
// queue per length, so a line of runs of many lengths stays linear.
func maskSpans(b []byte, text string, ls, le int) {
	if strings.IndexByte(text[ls:le], '`') < 0 {
		return
	}
	type run struct{ start, n int }
	var runs []run
	for i := ls; i < le; {
		if text[i] != '`' {
			i++
			continue
		}
		j := i
		for j < le && text[j] == '`' {
			j++
		}
		runs = append(runs, run{i, j - i})
		i = j
	}
	byLen := map[int][]int{} // run indexes by length, in order
	for k, r := range runs {
		byLen[r.n] = append(byLen[r.n], k)
	}
	next := map[int]int{} // per length, how many of byLen's runs are behind
	used := -1            // the last run consumed as a span's end
	for k, r := range runs {
		q := byLen[r.n]
		for next[r.n] < len(q) && q[next[r.n]] <= k {
			next[r.n]++
		}
		if k <= used || next[r.n] == len(q) {
			continue
		}
		end := runs[q[next[r.n]]]
		blank(b, r.start, end.start+end.n)
		used = q[next[r.n]]
		next[r.n]++
	}
}

// blank replaces b[from:to] with spaces, keeping line breaks.
func blank(b []byte, from, to int) {
	for i := from; i < to && i < len(b); i++ {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
}

// maskNonProse blanks out code (maskCode) and template expressions:
// {{...}}, {%...%}, {#...#}, ${...} and {...}. The masked text is
// written to buf when it fits (then the string returned shares buf's
// bytes): a rule masks every message of every prompt.
func maskNonProse(text string, buf []byte) string {
	masked := maskCode(text)
	if strings.IndexByte(masked, '{') < 0 {
		return masked
	}
	b := append(buf[:0], masked...)
	// Each pair is searched from the end of its last match, where b is
	// still as the previous pairs left it.
	pairs := []struct{ open, close string }{{"{{", "}}"}, {"{%", "%}"}, {"{#", "#}"}, {"${", "}"}, {"{", "}"}}
	for _, pr := range pairs {
		for i := 0; i < len(b); {
			j := bytes.Index(b[i:], []byte(pr.open))
			if j < 0 {
				break
			}
			start := i + j
			k := bytes.Index(b[start+len(pr.open):], []byte(pr.close))
			if k < 0 {
				break
			}
			end := start + len(pr.open) + k + len(pr.close)
			blank(b, start, end)
			i = end
		}
	}
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is not written again
}
