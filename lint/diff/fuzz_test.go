package diff

import (
	"os"
	"testing"
)

// FuzzSimilarity checks that the ratio lies in [0, 1], is symmetric, is 1
// exactly when the normalized texts are equal, and (the inputs being small)
// equals the exact LCS ratio; and that the unified diff applies.
func FuzzSimilarity(f *testing.F) {
	f.Add("", "")
	f.Add("a\r\nb", "a\nb")
	f.Add("é🙂\u0301", "e🙂")
	if _, err := os.Stat(corpusDir); err == nil {
		for _, p := range historyPairs(f) {
			f.Add(p[0], p[1])
		}
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
