package diff

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzSimilarity checks that the ratio lies in [0, 1], is symmetric, is 1
// exactly when the normalized texts are equal, and (the inputs being small)
// equals the exact LCS ratio; and that the unified diff applies.
func FuzzSimilarity(f *testing.F) {
	f.Add("", "")
	f.Add("a\r\nb", "a\nb")
	f.Add("é🙂\u0301", "e🙂")
	for _, p := range historyPairs(f) {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 4000 || len(b) > 4000 {
			return
		}
		r, approx := Similarity(a, b)
		if r < 0 || r > 1 || approx {
			t.Fatalf("Similarity(%q, %q) = %v, %v; want a ratio in [0, 1], exact", a, b, r, approx)
		}
		if r2, _ := Similarity(b, a); r2 != r {
			t.Fatalf("Similarity(%q, %q) = %v but reversed %v", a, b, r, r2)
		}
		if equal := Normalize(a) == Normalize(b); (r == 1) != equal {
			t.Fatalf("Similarity(%q, %q) = %v; normalized texts equal: %v", a, b, r, equal)
		}
		if len(a) < 300 && len(b) < 300 {
			checkExact(t, "fuzz", a, b)
		}
		checkApplies(t, "fuzz", a, b, Unified("a", "b", a, b, 2))
	})
}

// stripSpaceRef removes the white-space runes of s, keeping invalid UTF-8
// bytes: WhitespaceOnly(a, b) is a != b and the two equal after it.
func stripSpaceRef(s string) string {
	var sb strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if !unicode.IsSpace(r) {
			sb.WriteString(s[:n])
		}
		s = s[n:]
	}
	return sb.String()
}

// FuzzWhitespaceOnly compares WhitespaceOnly with its definition.
func FuzzWhitespaceOnly(f *testing.F) {
	f.Add("a b", "a  b")
	f.Add("a\u00a0b", "a b")
	f.Add("\xe6 \x97\xa5", "日") // the same bytes once the space is gone
	f.Add("x\u2028y", "x\ny ")
	f.Add("ab c", "a bd")
	f.Fuzz(func(t *testing.T, a, b string) {
		want := a != b && stripSpaceRef(a) == stripSpaceRef(b)
		if got := WhitespaceOnly(a, b); got != want {
			t.Fatalf("WhitespaceOnly(%q, %q) = %v, want %v", a, b, got, want)
		}
	})
}
