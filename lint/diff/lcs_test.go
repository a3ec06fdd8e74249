package diff

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// corpusDir holds real prompt files and their histories (see SOURCES.md),
// copied from the shared corpus so that the tests run on any clone.
const corpusDir = "../../testdata/corpus"

// dpLCS is the textbook O(n·m) dynamic program, the reference for the
// faster algorithms (over code points, and over lines in the line tests).
// It keeps one row of the table: before cell j of row i is written, row[j]
// holds the cell above it, and left and diag the cells to its left and
// above-left.
func dpLCS[T comparable](x, y []T) int {
	row := make([]int32, len(y)+1)
	r := row[1:]
	for _, xi := range x {
		var left, diag int32
		for j, yj := range y[:len(r)] {
			up := r[j]
			v := max(up, left)
			if xi == yj {
				v = diag + 1
			}
			diag, left = up, v
			r[j] = v
		}
	}
	return int(row[len(y)])
}

// goDiffMatches returns the code points in the Equal segments of go-diff's
// diff of a and b with no time limit and no line mode.
func goDiffMatches(a, b string) int {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	m := 0
	for _, d := range dmp.DiffMain(a, b, false) {
		if d.Type == diffmatchpatch.DiffEqual {
			m += utf8.RuneCountInString(d.Text)
		}
	}
	return m
}

// checkExact asserts that Similarity, the bit-parallel LCS and go-diff's
// minimal diff all agree with the dynamic program on one pair.
func checkExact(t *testing.T, name, a, b string) {
	t.Helper()
	checkExactRefs(t, nil, name, a, b)
}

// references remembers the reference answers of checkExact for pairs of
// normalized texts, so that variants of a pair that normalize to the same
// texts (its CRLF copy) or to the same texts swapped (its reverse: the LCS
// is symmetric) are checked against the dynamic program and go-diff
// without computing them again. Not for concurrent use.
type references struct {
	lcs    map[[2]string]int // by the two texts, in either order
	goDiff map[[2]string]int // by the two texts, in order
}

func newReferences() *references {
	return &references{lcs: map[[2]string]int{}, goDiff: map[[2]string]int{}}
}

// checkExactRefs is checkExact with the reference answers taken from refs
// when it has them (nil: none).
func checkExactRefs(t *testing.T, refs *references, name, a, b string) {
	t.Helper()
	na, nb := Normalize(a), Normalize(b)
	ra, rb := []rune(na), []rune(nb)
	want, known := 0, false
	if refs != nil {
		if want, known = refs.lcs[[2]string{na, nb}]; !known {
			want, known = refs.lcs[[2]string{nb, na}]
		}
	}
	if !known {
		want = dpLCS(ra, rb)
		if refs != nil {
			refs.lcs[[2]string{na, nb}] = want
		}
	}
	if got, ok := lcsExact(ra, rb, -1, 0); !ok || got != want {
		t.Fatalf("%s: lcsExact = %d, %v; want %d\na=%q\nb=%q", name, got, ok, want, na, nb)
	}
	matches, known := 0, false
	if refs != nil {
		matches, known = refs.goDiff[[2]string{na, nb}]
	}
	if !known {
		matches = goDiffMatches(na, nb)
		if refs != nil {
			refs.goDiff[[2]string{na, nb}] = matches
		}
	}
	if got := matches; got != want {
		t.Fatalf("%s: go-diff matches %d code points; want LCS %d\na=%q\nb=%q", name, got, want, na, nb)
	}
	wantRatio := 1.0
	if len(ra)+len(rb) > 0 {
		wantRatio = 2 * float64(want) / float64(len(ra)+len(rb))
	}
	got, approx := Similarity(a, b)
	if got != wantRatio || approx {
		t.Fatalf("%s: Similarity = %v, %v; want %v, false\na=%q\nb=%q", name, got, approx, wantRatio, na, nb)
	}
	if c := Compare(a, b, 3); c.Similarity != wantRatio || c.Approximate {
		t.Fatalf("%s: Compare similarity = %v, %v; want %v, false", name, c.Similarity, c.Approximate, wantRatio)
	}
}

var alphabets = map[string][]rune{
	"2":       []rune("ab"),
	"4":       []rune("acgt"),
	"26":      []rune("abcdefghijklmnopqrstuvwxyz"),
	"unicode": []rune("aé\u0301\u0308🙂👍🏽\u200dé日本\n\r "),
}

// randomPair returns a random text and, half the time, an edited copy of
// it (so that pairs range from unrelated to nearly equal).
func randomPair(rng *rand.Rand, alphabet []rune) (string, string) {
	gen := func(n int) []rune {
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rng.Intn(len(alphabet))]
		}
		return r
	}
	a := gen(rng.Intn(301))
	if rng.Intn(2) == 0 {
		return string(a), string(gen(rng.Intn(301)))
	}
	b := append([]rune(nil), a...)
	for range rng.Intn(20) {
		i := rng.Intn(len(b) + 1)
		switch rng.Intn(3) {
		case 0: // insert
			b = append(b[:i], append(gen(1+rng.Intn(5)), b[i:]...)...)
		case 1: // delete
			if i < len(b) {
				b = append(b[:i], b[min(len(b), i+1+rng.Intn(5)):]...)
			}
		default: // substitute
			if i < len(b) {
				b[i] = alphabet[rng.Intn(len(alphabet))]
			}
		}
	}
	return string(a), string(b)
}

func TestSimilarityMatchesLCSRandom(t *testing.T) {
	t.Parallel()
	names := make([]string, 0, len(alphabets))
	for name := range alphabets {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(int64(len(name)) * 7919))
			for i := range 600 {
				a, b := randomPair(rng, alphabets[name])
				checkExact(t, fmt.Sprintf("alphabet %s, case %d", name, i), a, b)
			}
		})
	}
}

// historyPairs returns every consecutive pair of revisions under the
// corpus's history directories.
func historyPairs(tb testing.TB) [][2]string {
	tb.Helper()
	var pairs [][2]string
	for _, repo := range []string{"github__gh-models", "microsoft__prompty", "github__awesome-copilot"} {
		root := filepath.Join(corpusDir, repo, "history")
		byDir := map[string][]string{}
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], path)
			}
			return nil
		})
		if os.IsNotExist(err) {
			tb.Fatalf("corpus not found at %s", corpusDir)
		}
		if err != nil {
			tb.Fatal(err)
		}
		dirs := make([]string, 0, len(byDir))
		for dir := range byDir {
			dirs = append(dirs, dir)
		}
		sort.Strings(dirs)
		for _, dir := range dirs {
			files := byDir[dir]
			sort.Strings(files)
			for i := 1; i < len(files); i++ {
				pairs = append(pairs, [2]string{readFile(tb, files[i-1]), readFile(tb, files[i])})
			}
		}
	}
	if len(pairs) == 0 {
		tb.Fatal("no history pairs in the corpus")
	}
	return pairs
}

func readFile(tb testing.TB, path string) string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

func TestSimilarityMatchesLCSCorpus(t *testing.T) {
	t.Parallel()
	pairs := historyPairs(t)
	for i, p := range pairs {
		name := fmt.Sprintf("pair %d", i)
		refs := newReferences()
		checkExactRefs(t, refs, name, p[0], p[1])
		// Also the reversed pair, and the old text with CRLF line endings.
		checkExactRefs(t, refs, name+" reversed", p[1], p[0])
		checkExactRefs(t, refs, name+" crlf", strings.ReplaceAll(p[0], "\n", "\r\n"), p[1])
	}
}

func TestLCSExactLarge(t *testing.T) {
	t.Parallel()
	// 10,000 code points on a 4-letter alphabet: the largest size that
	// must be exact, checked against the dynamic program.
	rng := rand.New(rand.NewSource(1))
	gen := func(n int) []rune {
		r := make([]rune, n)
		for i := range r {
			r[i] = rune("acgt"[rng.Intn(4)])
		}
		return r
	}
	x, y := gen(10_000), gen(10_000)
	want := dpLCS(x, y)
	got, ok := lcsExact(x, y, exactSteps, 0)
	if !ok || got != want {
		t.Fatalf("lcsExact = %d, %v; want %d, true", got, ok, want)
	}
	r, approx := Similarity(string(x), string(y))
	if approx || r != 2*float64(want)/20_000 {
		t.Fatalf("Similarity = %v, %v; want %v, false", r, approx, 2*float64(want)/20_000)
	}
}

func TestLCSBlocksIsLowerBound(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(2))
	for range 200 {
		a, b := randomPair(rng, alphabets["4"])
		x, y := []rune(a), []rune(b)
		exact := dpLCS(x, y)
		for _, k := range []int{1, 2, 3, 7} {
			got := lcsBlocks(x, y, k)
			if got > exact || (k == 1 && got != exact) {
				t.Fatalf("lcsBlocks(k=%d) = %d; exact LCS %d\na=%q\nb=%q", k, got, exact, a, b)
			}
		}
	}
}

// TestLCSBanded checks the band lcsExact derives from a known common
// subsequence on texts long enough for the band to leave words out: with
// the tightest bound (the LCS itself), looser ones and none, on edited
// copies (edits, moved blocks) and unrelated texts.
func TestLCSBanded(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(5))
	names := []string{"2", "4", "26", "unicode"}
	for i := range 80 {
		alphabet := alphabets[names[i%len(names)]]
		gen := func(n int) []rune {
			r := make([]rune, n)
			for k := range r {
				r[k] = alphabet[rng.Intn(len(alphabet))]
			}
			return r
		}
		x := gen(300 + rng.Intn(2500))
		var y []rune
		switch i % 4 {
		case 0: // unrelated
			y = gen(300 + rng.Intn(2500))
		case 3: // a block moved
			y = append([]rune(nil), x...)
			a := rng.Intn(len(y))
			b := a + rng.Intn(len(y)-a)
			blk := append([]rune(nil), y[a:b]...)
			y = append(y[:a], y[b:]...)
			at := rng.Intn(len(y) + 1)
			y = append(y[:at], append(blk, y[at:]...)...)
		default: // scattered edits
			y = append([]rune(nil), x...)
			for range 1 + rng.Intn(40) {
				at := rng.Intn(len(y) + 1)
				switch rng.Intn(3) {
				case 0:
					y = append(y[:at], append(gen(1+rng.Intn(30)), y[at:]...)...)
				case 1:
					y = append(y[:at], y[min(len(y), at+1+rng.Intn(30)):]...)
				default:
					if at < len(y) {
						y[at] = alphabet[rng.Intn(len(alphabet))]
					}
				}
			}
		}
		want := dpLCS(x, y)
		for _, lower := range []int{want, want - rng.Intn(50), want / 2, 0} {
			lower = max(lower, 0)
			if got, ok := lcsExact(x, y, -1, lower); !ok || got != want {
				t.Fatalf("case %d: lcsExact(lower %d) = %d, %v; want %d", i, lower, got, ok, want)
			}
			if got, _ := lcsExact(y, x, -1, lower); got != want {
				t.Fatalf("case %d: lcsExact(reversed, lower %d) = %d; want %d", i, lower, got, want)
			}
		}
	}
}
