// Package diff compares two prompt texts: character-level similarity, line
// statistics and a unified diff.
//
// Every function takes raw text and normalizes it first (see Normalize): CRLF
// and lone CR become LF, so a change of line endings alone is no change at
// all, and each invalid UTF-8 byte becomes U+FFFD. Lengths and matches are
// counted in Unicode code points.
//
// Small and medium inputs get exact answers: the similarity uses the length
// of a longest common subsequence (the matched characters of a minimal diff,
// as github.com/sergi/go-diff computes one with its Myers bisection and no
// time limit), and the line diff is a minimal one. Inputs too large for that
// in bounded time get a deterministic approximation, which is reported.
package diff

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Stats is everything Compare learns about a pair of texts.
type Stats struct {
	// Similarity is 2·M/(|a|+|b|) as returned by Similarity.
	Similarity float64
	// Approximate is true when Similarity is a lower-bound estimate or the
	// line diff is not guaranteed minimal, because the texts were too large
	// for an exact answer in bounded time.
	Approximate bool
	// Added and Removed count the lines inserted and deleted by the line diff.
	Added, Removed int
	// Hunks is the body of the unified diff: its "@@" hunks without the
	// "---"/"+++" file header; "" when the texts are equal.
	Hunks string
	// WhitespaceOnly is the result of WhitespaceOnly for the pair.
	WhitespaceOnly bool
}

// Unified returns the unified diff held by s, headed by "--- oldName" and
// "+++ newName"; "" when the texts are equal.
func (s Stats) Unified(oldName, newName string) string {
	if s.Hunks == "" {
		return ""
	}
	return "--- " + oldName + "\n+++ " + newName + "\n" + s.Hunks
}

// Compare computes the similarity, the line statistics and the unified diff
// hunks (with the given lines of context) of a and b in one pass, diffing
// the lines once.
func Compare(a, b string, context int) Stats {
	whitespaceOnly := WhitespaceOnly(a, b)
	a, b = Normalize(a), Normalize(b)
	if a == b {
		return Stats{Similarity: 1, WhitespaceOnly: whitespaceOnly}
	}
	la, lb := splitLines(a), splitLines(b)
	changes, lineApprox := diffLines(la, lb)
	s := Stats{
		Approximate:    lineApprox,
		Hunks:          formatHunks(la, lb, changes, context),
		WhitespaceOnly: whitespaceOnly,
	}
	s.Added, s.Removed = countLines(changes)
	var approx bool
	s.Similarity, approx = similarity(a, b, la, lb, changes)
	s.Approximate = s.Approximate || approx
	return s
}

// Similarity returns 2·M/(|a|+|b|) where M is the number of Unicode code
// points the two texts share in a minimal diff (the length of a longest
// common subsequence): 1 for identical texts (including two empty ones), 0
// when exactly one is empty. Line endings are normalized first. approximate
// is true when the texts were too large for an exact answer in bounded time;
// the ratio is then a lower bound, computed from a line-anchored alignment.
func Similarity(a, b string) (ratio float64, approximate bool) {
	a, b = Normalize(a), Normalize(b)
	if a == b {
		return 1, false
	}
	return similarity(a, b, nil, nil, nil)
}

// SimilarityFrom is Similarity for a caller that wants only ratios of at
// least least: it returns 0 for a pair of texts whose characters, counted,
// rule least out (a common subsequence holds each character at most as
// often as the text that has fewer of it), without diffing them. Rename
// detection compares thousands of pairs of which most fall short.
func SimilarityFrom(a, b string, least float64) (ratio float64, approximate bool) {
	a, b = Normalize(a), Normalize(b)
	if a == b {
		return 1, false
	}
	if m, ok := asciiShared(a, b); ok && 2*float64(m)/float64(len(a)+len(b)) < least {
		return 0, false
	}
	return similarity(a, b, nil, nil, nil)
}

// asciiShared returns how many characters a and b have in common, each
// counted as often as the text with fewer of it has it: a bound on their
// longest common subsequence. ok is false when either text is not ASCII,
// whose characters are not its bytes.
func asciiShared(a, b string) (shared int, ok bool) {
	var count [utf8.RuneSelf]int32
	for i := 0; i < len(a); i++ {
		if a[i] >= utf8.RuneSelf {
			return 0, false
		}
		count[a[i]]++
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= utf8.RuneSelf {
			return 0, false
		}
		if count[c] > 0 {
			count[c]--
			shared++
		}
	}
	return shared, true
}

// LineStats returns the number of lines added and removed by a line diff of
// a and b after line-ending normalization. A last line without a trailing
// newline differs from the same line with one, as in Unified.
func LineStats(a, b string) (added, removed int) {
	a, b = Normalize(a), Normalize(b)
	if a == b {
		return 0, 0
	}
	changes, _ := diffLines(splitLines(a), splitLines(b))
	return countLines(changes)
}

// Unified returns a unified diff of a and b with the given lines of
// context, headed by "--- oldName" and "+++ newName"; "" when equal after
// line-ending normalization. Hunk headers and grouping follow GNU diff -u
// (and Python's difflib.unified_diff), including the "\ No newline at end of
// file" marker after a last line without a newline. A negative context is 0.
func Unified(oldName, newName, a, b string, context int) string {
	return Patch(oldName, newName, Normalize(a), Normalize(b), context)
}

// Patch is Unified for a patch that git apply and patch(1) apply: the
// lines are compared and written as they are, a CR before the LF
// included, so that a diff of CRLF files has CRLF lines and a change of
// line endings shows; "" when a and b are the same bytes.
func Patch(oldName, newName, a, b string, context int) string {
	if a == b {
		return ""
	}
	if a == "" || b == "" {
		return wholePatch(oldName, newName, a, b)
	}
	la, lb := splitLines(a), splitLines(b)
	changes, _ := diffLines(la, lb)
	return Stats{Hunks: formatHunks(la, lb, changes, context)}.Unified(oldName, newName)
}

// wholePatch is Patch with one side empty: one hunk that adds (or removes)
// every line of the other, written into one buffer sized at once. An added
// or removed prompt's diff is one; a pull request of thousands of them
// writes thousands.
func wholePatch(oldName, newName, a, b string) string {
	sign, text := byte('+'), b
	if b == "" {
		sign, text = '-', a
	}
	lines := strings.Count(text, "\n")
	if !strings.HasSuffix(text, "\n") {
		lines++
	}
	// The empty side's range is "0,0"; the other's "1,lines", or "1".
	count := ""
	if lines != 1 {
		count = "," + strconv.Itoa(lines)
	}
	var sb strings.Builder
	sb.Grow(len("--- \n+++ \n@@ -0,0 +1 @@\n") + len(oldName) + len(newName) + len(count) + lines + len(text) + len(noNewline))
	for _, s := range []string{"--- ", oldName, "\n+++ ", newName, "\n@@ -"} {
		sb.WriteString(s)
	}
	if sign == '-' {
		sb.WriteString("1" + count + " +0,0 @@\n")
	} else {
		sb.WriteString("0,0 +1" + count + " @@\n")
	}
	for text != "" {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line = text[:i+1]
		}
		text = text[len(line):]
		sb.WriteByte(sign)
		sb.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			sb.WriteString(noNewline)
		}
	}
	return sb.String()
}

// WhitespaceOnly reports whether a and b differ, but only in white space
// and line endings: they are not identical, and equal once every Unicode
// white-space character is removed from both (the sense of GNU diff -w).
func WhitespaceOnly(a, b string) bool {
	return a != b && equalWithoutSpace(a, b)
}

// Normalize returns s as the other functions read it: CRLF and lone CR
// line endings replaced by LF, and each byte of invalid UTF-8 replaced by
// U+FFFD.
func Normalize(s string) string {
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// equalWithoutSpace reports whether a and b are the same bytes once their
// white-space runes are removed (invalid UTF-8 bytes are kept), comparing
// as it goes, so texts that differ early cost little.
func equalWithoutSpace(a, b string) bool {
	var ra, rb string // the rest of the current run of kept bytes of each
	for {
		if ra == "" {
			ra, a = nextKept(a)
		}
		if rb == "" {
			rb, b = nextKept(b)
		}
		if ra == "" || rb == "" {
			return ra == "" && rb == ""
		}
		n := min(len(ra), len(rb))
		if ra[:n] != rb[:n] {
			return false
		}
		ra, rb = ra[n:], rb[n:]
	}
}

// nextKept returns the first run of runes of s that are not white space,
// after any white space, and the rest of s after it.
func nextKept(s string) (run, rest string) {
	i := 0
	for i < len(s) {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	j := i
	for j < len(s) {
		r, n := rune(s[j]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[j:])
		}
		if unicode.IsSpace(r) {
			break
		}
		j += n
	}
	return s[i:j], s[j:]
}
