package diff

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// goldenCase is one pair of texts with unified diffs from GNU diff -u in
// testdata/unified (regenerate with testdata/gen_unified.py).
type goldenCase struct {
	name, old, new string
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	olds, err := filepath.Glob("testdata/unified/*.old")
	if err != nil || len(olds) == 0 {
		t.Fatalf("no synthetic cases in testdata/unified: %v", err)
	}
	var cases []goldenCase
	for _, path := range olds {
		name := strings.TrimSuffix(filepath.Base(path), ".old")
		cases = append(cases, goldenCase{
			name: name,
			old:  readFile(t, path),
			new:  readFile(t, strings.TrimSuffix(path, ".old")+".new"),
		})
	}
	for i, p := range historyPairs(t) {
		cases = append(cases, goldenCase{name: fmt.Sprintf("corpus-%02d", i), old: p[0], new: p[1]})
	}
	return cases
}

// tieBreaks are the cases where GNU diff picks another minimal diff than
// ours (equal lines that can be matched in more than one way). There the
// test checks that both diffs change as many lines and that ours applies.
var tieBreaks = map[string]bool{"corpus-00": true}

func TestUnifiedGolden(t *testing.T) {
	t.Parallel()
	for _, c := range goldenCases(t) {
		for _, n := range []int{0, 1, 3} {
			want := readFile(t, fmt.Sprintf("testdata/unified/%s.u%d.diff", c.name, n))
			got := Unified("a/"+c.name, "b/"+c.name, c.old, c.new, n)
			if tieBreaks[c.name] {
				checkApplies(t, c.name, c.old, c.new, got)
				ga, gr := countDiffLines(got)
				wa, wr := countDiffLines(want)
				if ga+gr != wa+wr {
					t.Errorf("%s -U%d: %d changed lines; GNU diff has %d", c.name, n, ga+gr, wa+wr)
				}
				want = got
			}
			if got != want {
				t.Errorf("%s -U%d:\ngot:\n%s\nwant:\n%s", c.name, n, got, want)
			}
			// Compare and LineStats agree with Unified.
			s := Compare(c.old, c.new, n)
			if u := s.Unified("a/"+c.name, "b/"+c.name); u != got {
				t.Errorf("%s -U%d: Compare's diff differs from Unified:\n%s", c.name, n, u)
			}
			added, removed := LineStats(c.old, c.new)
			wantAdded, wantRemoved := countDiffLines(want)
			if added != wantAdded || removed != wantRemoved || s.Added != added || s.Removed != removed {
				t.Errorf("%s: LineStats = +%d -%d, Compare +%d -%d; the diff has +%d -%d",
					c.name, added, removed, s.Added, s.Removed, wantAdded, wantRemoved)
			}
		}
	}
}

// countDiffLines counts the "+" and "-" lines of the hunks of a unified
// diff (the file header before the first "@@" aside).
func countDiffLines(u string) (added, removed int) {
	if i := strings.Index(u, "@@"); i >= 0 {
		u = u[i:]
	}
	for _, l := range strings.Split(u, "\n") {
		switch {
		case strings.HasPrefix(l, "+"):
			added++
		case strings.HasPrefix(l, "-"):
			removed++
		}
	}
	return added, removed
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// apply applies a unified diff to old and returns the new text, or an error
// when the diff does not fit old or its hunk headers do not fit its lines.
func apply(old, u string) (string, error) {
	if u == "" {
		return old, nil
	}
	src := splitLines(old)
	lines := strings.SplitAfter(u, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") {
		return "", fmt.Errorf("no file header")
	}
	var out []string
	i := 0 // next line of src
	k := 2
	for k < len(lines) && lines[k] != "" {
		m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(lines[k], "\n"))
		if m == nil {
			return "", fmt.Errorf("line %d: %q is not a hunk header", k+1, lines[k])
		}
		num := func(s string, def int) int {
			if s == "" {
				return def
			}
			n, _ := strconv.Atoi(s)
			return n
		}
		oldStart, oldLen := num(m[1], 0), num(m[2], 1)
		newStart, newLen := num(m[3], 0), num(m[4], 1)
		if oldLen > 0 {
			oldStart--
		}
		if newLen > 0 {
			newStart--
		}
		if oldStart < i || oldStart > len(src) {
			return "", fmt.Errorf("hunk %q starts at line %d, before line %d", lines[k], oldStart, i)
		}
		out = append(out, src[i:oldStart]...)
		i = oldStart
		if len(out) != newStart {
			return "", fmt.Errorf("hunk %q: new text starts at line %d, want %d", lines[k], len(out), newStart)
		}
		k++
		seenOld, seenNew := 0, 0
		for k < len(lines) && lines[k] != "" && !strings.HasPrefix(lines[k], "@@") {
			l := lines[k]
			body := l[1:]
			if k+1 < len(lines) && lines[k+1] == "\\ No newline at end of file\n" {
				body = strings.TrimSuffix(body, "\n")
				k++
			}
			switch l[0] {
			case ' ', '-':
				if i >= len(src) || src[i] != body {
					return "", fmt.Errorf("line %q does not match old line %d", l, i+1)
				}
				i++
				seenOld++
				if l[0] == ' ' {
					out = append(out, body)
					seenNew++
				}
			case '+':
				out = append(out, body)
				seenNew++
			default:
				return "", fmt.Errorf("unexpected line %q", l)
			}
			k++
		}
		if seenOld != oldLen || seenNew != newLen {
			return "", fmt.Errorf("hunk counts -%d +%d, header says -%d +%d", seenOld, seenNew, oldLen, newLen)
		}
	}
	return strings.Join(append(out, src[i:]...), ""), nil
}

func checkApplies(t *testing.T, name, old, new, u string) {
	t.Helper()
	got, err := apply(Normalize(old), u)
	if err != nil {
		t.Fatalf("%s: diff does not apply: %v\n%s", name, err, u)
	}
	if got != Normalize(new) {
		t.Fatalf("%s: diff applied gives %q; want %q\n%s", name, got, Normalize(new), u)
	}
}

func TestLineDiffRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(3))
	pool := []string{"a\n", "b\n", "c\n", "\n", "a", "b", "x y\r\n"}
	gen := func() string {
		var sb strings.Builder
		for range rng.Intn(40) {
			sb.WriteString(pool[rng.Intn(len(pool))])
		}
		return sb.String()
	}
	for i := range 2000 {
		a, b := gen(), gen()
		name := fmt.Sprintf("case %d", i)
		context := rng.Intn(5) - 1
		u := Unified("old", "new", a, b, context)
		checkApplies(t, name, a, b, u)
		la, lb := splitLines(Normalize(a)), splitLines(Normalize(b))
		lcs := dpLCS(la, lb)
		added, removed := LineStats(a, b)
		if added != len(lb)-lcs || removed != len(la)-lcs {
			t.Fatalf("%s: LineStats = +%d -%d; a minimal diff has +%d -%d\na=%q\nb=%q",
				name, added, removed, len(lb)-lcs, len(la)-lcs, a, b)
		}
		if ua, ur := countDiffLines(u); ua != added || ur != removed {
			t.Fatalf("%s: Unified has +%d -%d, LineStats +%d -%d", name, ua, ur, added, removed)
		}
		s := Compare(a, b, context)
		if s.Unified("old", "new") != u || s.Added != added || s.Removed != removed || s.Approximate {
			t.Fatalf("%s: Compare = %+v; want the diff of Unified and LineStats", name, s)
		}
	}
}
