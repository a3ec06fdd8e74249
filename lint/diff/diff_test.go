package diff

import (
	"math"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCompareTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		a, b           string
		similarity     float64
		added, removed int
		unified        string
		whitespaceOnly bool
	}{
		{name: "both empty", similarity: 1},
		{name: "identical", a: "Hello {{name}}\n", b: "Hello {{name}}\n", similarity: 1},
		{name: "old empty", b: "new\n", similarity: 0, added: 1,
			unified: "--- old\n+++ new\n@@ -0,0 +1 @@\n+new\n"},
		{name: "new empty", a: "old", similarity: 0, removed: 1,
			unified: "--- old\n+++ new\n@@ -1 +0,0 @@\n-old\n\\ No newline at end of file\n"},
		{name: "crlf only", a: "one\r\ntwo\r\n", b: "one\ntwo\n", similarity: 1, whitespaceOnly: true},
		{name: "lone cr", a: "one\rtwo\r", b: "one\ntwo\n", similarity: 1, whitespaceOnly: true},
		{name: "one char", a: "abc\n", b: "abd\n", similarity: 2 * 3.0 / 8, added: 1, removed: 1,
			unified: "--- old\n+++ new\n@@ -1 +1 @@\n-abc\n+abd\n"},
		{name: "insert at start", a: "b\nc\n", b: "a\nb\nc\n", similarity: 2 * 4.0 / 10, added: 1,
			unified: "--- old\n+++ new\n@@ -1,2 +1,3 @@\n+a\n b\n c\n"},
		{name: "insert at end", a: "a\nb\n", b: "a\nb\nc\n", similarity: 2 * 4.0 / 10, added: 1,
			unified: "--- old\n+++ new\n@@ -1,2 +1,3 @@\n a\n b\n+c\n"},
		{name: "newline at end added", a: "a\nb", b: "a\nb\n", similarity: 2 * 3.0 / 7, added: 1, removed: 1,
			unified: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n", whitespaceOnly: true},
		{name: "indentation", a: "a:\n  b\n", b: "a:\n    b\n", similarity: 2 * 7.0 / 16, added: 1, removed: 1,
			unified: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a:\n-  b\n+    b\n", whitespaceOnly: true},
		// Code points, not bytes: é (2 bytes) and 🙂 (4 bytes) count once.
		{name: "code points", a: "é🙂x", b: "é🙂y", similarity: 2 * 2.0 / 6, added: 1, removed: 1,
			unified: "--- old\n+++ new\n@@ -1 +1 @@\n-é🙂x\n\\ No newline at end of file\n+é🙂y\n\\ No newline at end of file\n"},
		{name: "unrelated", a: "abc", b: "xyz", similarity: 0, added: 1, removed: 1,
			unified: "--- old\n+++ new\n@@ -1 +1 @@\n-abc\n\\ No newline at end of file\n+xyz\n\\ No newline at end of file\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim, approx := Similarity(tt.a, tt.b)
			if math.Abs(sim-tt.similarity) > 1e-12 || approx {
				t.Errorf("Similarity = %v, %v; want %v, false", sim, approx, tt.similarity)
			}
			added, removed := LineStats(tt.a, tt.b)
			if added != tt.added || removed != tt.removed {
				t.Errorf("LineStats = +%d -%d; want +%d -%d", added, removed, tt.added, tt.removed)
			}
			if u := Unified("old", "new", tt.a, tt.b, 3); u != tt.unified {
				t.Errorf("Unified =\n%s\nwant\n%s", u, tt.unified)
			}
			if w := WhitespaceOnly(tt.a, tt.b); w != tt.whitespaceOnly {
				t.Errorf("WhitespaceOnly = %v; want %v", w, tt.whitespaceOnly)
			}
			want := Stats{
				Similarity:     sim,
				Added:          tt.added,
				Removed:        tt.removed,
				WhitespaceOnly: tt.whitespaceOnly,
			}
			if tt.unified != "" {
				want.Hunks = tt.unified[strings.Index(tt.unified, "@@"):]
			}
			if got := Compare(tt.a, tt.b, 3); got != want {
				t.Errorf("Compare = %+v; want %+v", got, want)
			}
		})
	}
}

func TestWhitespaceOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"a b", "a b", false}, // identical: no difference at all
		{"a b", "a  b", true},
		{"a b", "ab", true},
		{"a\tb\n", "a b", true},
		{"a\u00a0b", "a b", true}, // no-break space is white space
		{"a b", "a c", false},
		{"", "\n\n", true},
		{"A", "a", false},
	}
	for _, tt := range tests {
		if got := WhitespaceOnly(tt.a, tt.b); got != tt.want {
			t.Errorf("WhitespaceOnly(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestUnifiedContext(t *testing.T) {
	t.Parallel()
	var sb strings.Builder
	for i := range 10 {
		sb.WriteString(strings.Repeat("x", i+1) + "\n")
	}
	a := sb.String()
	b := strings.Replace(a, "xxxxx\n", "five\n", 1)
	tests := []struct {
		context int
		header  string
	}{
		{-1, "@@ -5 +5 @@\n"},
		{0, "@@ -5 +5 @@\n"},
		{1, "@@ -4,3 +4,3 @@\n"},
		{3, "@@ -2,7 +2,7 @@\n"},
		{100, "@@ -1,10 +1,10 @@\n"},
	}
	for _, tt := range tests {
		u := Unified("a", "b", a, b, tt.context)
		if !strings.HasPrefix(u, "--- a\n+++ b\n"+tt.header) {
			t.Errorf("context %d: got\n%s\nwant header %q", tt.context, u, tt.header)
		}
	}
}

func TestSimilarityLarge(t *testing.T) {
	t.Parallel()
	// Texts beyond the exact budget get a lower bound, flagged approximate.
	a, b := hugePair(300_000)
	sim, approx := Similarity(a, b)
	if !approx {
		t.Fatalf("Similarity of %d and %d code points is not flagged approximate", utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	}
	if sim <= 0 || sim >= 1 {
		t.Fatalf("Similarity = %v; want a ratio strictly between 0 and 1", sim)
	}
	// The same text with a line inserted in the middle and changed first
	// and last lines is still found nearly equal: the line diff anchors the
	// equal lines and only the changed hunks are compared.
	mid := len(a)/2 + strings.IndexByte(a[len(a)/2:], '\n') + 1
	c := "first\n" + a[:mid] + "an inserted line\n" + a[mid:] + "last\n"
	sim, approx = Similarity(a, c)
	want := 2 * float64(utf8.RuneCountInString(a)) / float64(utf8.RuneCountInString(a)+utf8.RuneCountInString(c))
	if !approx || sim < want-1e-9 || sim > want+1e-9 {
		t.Fatalf("Similarity with inserted lines = %v, %v; want %v, true", sim, approx, want)
	}
	s := Compare(a, c, 3)
	if s.Added != 3 || s.Removed != 0 || s.Similarity != sim {
		t.Fatalf("Compare = %v +%d -%d; want %v +3 -0", s.Similarity, s.Added, s.Removed, sim)
	}
}

// TestSimilarityBudget: two unrelated texts of one line each are
// compared exactly while ceil(n/64)·m stays within exactSteps, and past
// it get the line-anchored lower bound directly, the same answer as when
// the exact comparison was tried first and refused.
func TestSimilarityBudget(t *testing.T) {
	t.Parallel()
	line := func(seed int64, n int) string {
		x, y := hugePair(n + 1000)
		s := x
		if seed == 2 {
			s = y
		}
		return strings.ReplaceAll(s, "\n", " ")[:n]
	}
	for _, tt := range []struct {
		n      int
		approx bool
	}{{60_000, false}, {70_000, true}} {
		a, b := line(1, tt.n), line(2, tt.n)
		sim, approx := Similarity(a, b)
		if approx != tt.approx || sim <= 0 || sim >= 1 {
			t.Errorf("%d code points: Similarity = %v, %v; want a ratio in (0, 1), approximate %v", tt.n, sim, approx, tt.approx)
		}
		if !approx {
			continue
		}
		ra, rb := []rune(a), []rune(b)
		la, lb := splitLines(a), splitLines(b)
		changes, _ := diffLines(la, lb)
		if want := ratio(approxMatches(ra, rb, la, lb, changes, approxSteps), len(ra)+len(rb)); sim != want {
			t.Errorf("%d code points: Similarity = %v, want the line-anchored bound %v", tt.n, sim, want)
		}
	}
}

// TestPatch: Patch keeps each line's CR, so that the diff of a CRLF file
// applies to it, and shows a change of line endings that Unified does
// not.
func TestPatch(t *testing.T) {
	t.Parallel()
	a := "name: x\r\nversion: 1.0\r\ntemplate: hi\r\n"
	b := "name: x\r\nversion: 1.0.0\r\ntemplate: hi\r\n"
	want := "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n name: x\r\n-version: 1.0\r\n+version: 1.0.0\r\n template: hi\r\n"
	if got := Patch("a/x", "b/x", a, b, 3); got != want {
		t.Errorf("Patch = %q, want %q", got, want)
	}
	if got := Unified("a/x", "b/x", a, b, 3); strings.Contains(got, "\r") {
		t.Errorf("Unified keeps a CR: %q", got)
	}
	lf := strings.ReplaceAll(a, "\r\n", "\n")
	if Patch("a/x", "b/x", a, lf, 3) == "" || Unified("a/x", "b/x", a, lf, 3) != "" {
		t.Error("a change of line endings: want a patch, and no Unified diff")
	}
	if Patch("a/x", "b/x", a, a, 3) != "" {
		t.Error("equal texts: want no patch")
	}
}

// TestWholePatch holds Patch's one-sided shortcut to the hunks the line
// diff writes, for texts of one and many lines, with and without a last
// newline, with blank lines and CRs, both ways round.
func TestWholePatch(t *testing.T) {
	t.Parallel()
	texts := []string{"x", "x\n", "\n", "\n\n", "a\nb", "a\nb\n", "a\n\nb\n\n", "a\r\nb", "\r", "one line of a prompt {q}",
		strings.Repeat("line\n", 70), strings.Repeat("line\n", 70) + "last", "é\nü"}
	general := func(a, b string) string {
		la, lb := splitLines(a), splitLines(b)
		changes, _ := diffLines(la, lb)
		return Stats{Hunks: formatHunks(la, lb, changes, 3)}.Unified("a/old", "b/new")
	}
	for _, text := range texts {
		for _, pair := range [][2]string{{"", text}, {text, ""}} {
			got, want := Patch("a/old", "b/new", pair[0], pair[1], 3), general(pair[0], pair[1])
			if got != want {
				t.Errorf("Patch(%q, %q) = %q, want %q", pair[0], pair[1], got, want)
			}
		}
	}
}

// TestSimilarityFrom holds SimilarityFrom to Similarity: the same ratio
// wherever that reaches least, and below least wherever it does not, on
// random pairs of ASCII and other alphabets with CRs, at several
// thresholds.
func TestSimilarityFrom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(17))
	skipped := 0
	for _, name := range []string{"2", "4", "26", "unicode"} {
		for i := range 400 {
			a, b := randomPair(rng, alphabets[name])
			if i%5 == 0 {
				b = strings.ReplaceAll(b, "a", "\r\n")
			}
			want, wantApprox := Similarity(a, b)
			for _, least := range []float64{0, 0.3, 0.5, 0.7, 0.9, 1} {
				got, approx := SimilarityFrom(a, b, least)
				switch {
				case want >= least && (got != want || approx != wantApprox):
					t.Fatalf("SimilarityFrom(%q, %q, %v) = %v, %v; want %v, %v", a, b, least, got, approx, want, wantApprox)
				case want < least && got >= least:
					t.Fatalf("SimilarityFrom(%q, %q, %v) = %v, want below it (Similarity %v)", a, b, least, got, want)
				case got != want:
					skipped++
				}
			}
		}
	}
	if skipped == 0 {
		t.Error("no pair was ruled out by its characters")
	}
}
