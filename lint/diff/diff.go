// Package diff compares two prompt texts: character-level similarity, line
// statistics and a unified diff.
package diff

// Similarity returns 2·M/(|a|+|b|) where M is the number of Unicode code
// points the two texts share in a minimal diff: 1 for identical texts
// (including two empty ones), 0 when exactly one is empty. approximate is
// true when the texts were too large for an exact answer in bounded time.
func Similarity(a, b string) (ratio float64, approximate bool) {
	if a == b {
		return 1, false
	}
	return 0, false
}

// LineStats returns the number of lines added and removed by a line diff.
func LineStats(a, b string) (added, removed int) { return 0, 0 }

// Unified returns a unified diff of a and b with the given lines of
// context, headed by "--- oldName" and "+++ newName"; "" when equal.
func Unified(oldName, newName, a, b string, context int) string { return "" }
