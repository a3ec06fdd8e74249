package diff

import (
	"reflect"
	"testing"
)

// TestDiffLinesShortcuts: the diffs of no line or one line on a side,
// which diffLines makes without comparing lines, are those of Myers'
// algorithm over the lines' ids.
func TestDiffLinesShortcuts(t *testing.T) {
	t.Parallel()
	sides := [][]string{nil, {"a\n"}, {"b\n"}, {"a"}, {"a\n", "b\n"}, {"b\n", "a\n", "c"}}
	for _, a := range sides {
		for _, b := range sides {
			if len(a) > 1 && len(b) > 1 {
				continue
			}
			got, approx := diffLines(a, b)
			ids := map[string]int32{}
			x, y := make([]int32, len(a)), make([]int32, len(b))
			for i, l := range a {
				x[i] = lineID(ids, l)
			}
			for i, l := range b {
				y[i] = lineID(ids, l)
			}
			var d lineDiffer
			if len(x) > 0 && len(y) > 0 {
				d.myers(x, y, 0, 0)
			} else {
				d.add(0, 0, len(x), len(y))
			}
			if approx || !reflect.DeepEqual(got, d.changes) {
				t.Errorf("diffLines(%q, %q) = %+v (approximate %v), want %+v", a, b, got, approx, d.changes)
			}
		}
	}
}
