package diff

import (
	"strconv"
	"strings"
)

// formatHunks writes the "@@" hunks of a unified diff of lines a and b with
// the given changes. Changes separated by at most 2·context equal lines
// share a hunk, as in GNU diff and difflib.
func formatHunks(a, b []string, changes []change, context int) string {
	context = max(context, 0)
	var sb strings.Builder
	for len(changes) > 0 {
		n := 1
		for n < len(changes) {
			prev := changes[n-1]
			if changes[n].a-(prev.a+prev.del) > 2*context {
				break
			}
			n++
		}
		writeHunk(&sb, a, b, changes[:n], context)
		changes = changes[n:]
	}
	return sb.String()
}

func writeHunk(sb *strings.Builder, a, b []string, hunk []change, context int) {
	first, last := hunk[0], hunk[len(hunk)-1]
	// The lines around a hunk are equal, so as many precede (and follow)
	// it in a as in b.
	before := min(context, first.a)
	after := min(context, len(a)-(last.a+last.del))
	a0, b0 := first.a-before, first.b-before
	a1, b1 := last.a+last.del+after, last.b+last.ins+after
	sb.WriteString("@@ -")
	sb.WriteString(hunkRange(a0, a1-a0))
	sb.WriteString(" +")
	sb.WriteString(hunkRange(b0, b1-b0))
	sb.WriteString(" @@\n")
	i := a0
	for _, c := range hunk {
		writeLines(sb, ' ', a[i:c.a])
		writeLines(sb, '-', a[c.a:c.a+c.del])
		writeLines(sb, '+', b[c.b:c.b+c.ins])
		i = c.a + c.del
	}
	writeLines(sb, ' ', a[i:a1])
}

// hunkRange formats one side of a hunk header: the 1-based first line and
// the line count, the count omitted when 1; an empty range names the line
// before it.
func hunkRange(start, length int) string {
	switch length {
	case 0:
		return strconv.Itoa(start) + ",0"
	case 1:
		return strconv.Itoa(start + 1)
	}
	return strconv.Itoa(start+1) + "," + strconv.Itoa(length)
}

// noNewline ends a last line that has no newline: a line break, then the
// marker line of GNU diff -u.
const noNewline = "\n\\ No newline at end of file\n"

func writeLines(sb *strings.Builder, prefix byte, lines []string) {
	for _, l := range lines {
		sb.WriteByte(prefix)
		sb.WriteString(l)
		if !strings.HasSuffix(l, "\n") {
			sb.WriteString(noNewline)
		}
	}
}
