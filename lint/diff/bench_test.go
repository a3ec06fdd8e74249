package diff

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

var pairsDir = flag.String("pairs-dir", "", "TestWritePairs writes the benchmark pairs to this directory")

// corpusLines returns the lines of every prompt file in the corpus, in a
// fixed order.
func corpusLines(tb testing.TB) []string {
	tb.Helper()
	var files []string
	err := filepath.WalkDir(corpusDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".yml", ".yaml", ".prompty", ".prompt", ".md", ".txt", ".json":
			if !strings.HasSuffix(path, "SOURCES.md") {
				files = append(files, path)
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(files)
	var lines []string
	for _, f := range files {
		lines = append(lines, splitLines(Normalize(readFile(tb, f)))...)
	}
	return lines
}

// benchPairs builds n deterministic pairs of realistic prompts of 1–8 KB:
// a run of corpus lines, and a copy with word substitutions and inserted
// and removed lines and sentences.
func benchPairs(tb testing.TB, n int) [][2]string {
	tb.Helper()
	lines := corpusLines(tb)
	var words []string
	for _, l := range lines {
		words = append(words, strings.Fields(l)...)
	}
	var short []string // lines to insert
	for _, l := range lines {
		if len(l) <= 100 {
			short = append(short, l)
		}
	}
	pairs := make([][2]string, n)
	for i := range pairs {
		rng := rand.New(rand.NewSource(int64(i)))
		// Up to 7 KB of corpus lines, so that the edited copy stays within
		// about 8 KB.
		size := 1024 + rng.Intn(6*1024)
		var a []string
		total := 0
		for k := rng.Intn(len(lines)); total < size; k = (k + 1) % len(lines) {
			if total+len(lines[k]) <= 7*1024 {
				a = append(a, lines[k])
				total += len(lines[k])
			}
		}
		b := append([]string(nil), a...)
		for range 1 + rng.Intn(10) {
			j := rng.Intn(len(b))
			switch rng.Intn(5) {
			case 0, 1: // substitute a word
				f := strings.Fields(b[j])
				if len(f) > 0 {
					w := f[rng.Intn(len(f))]
					b[j] = strings.Replace(b[j], w, words[rng.Intn(len(words))], 1)
				}
			case 2: // insert a line
				b = append(b[:j], append([]string{short[rng.Intn(len(short))]}, b[j:]...)...)
			case 3: // remove a line
				if len(b) > 1 {
					b = append(b[:j], b[j+1:]...)
				}
			case 4: // insert a sentence into a line
				sentence := strings.Join(words[rng.Intn(len(words)-8):][:3+rng.Intn(5)], " ") + ". "
				at := rng.Intn(len(b[j]) + 1)
				for at < len(b[j]) && b[j][at]&0xC0 == 0x80 { // keep UTF-8 whole
					at++
				}
				b[j] = b[j][:at] + sentence + b[j][at:]
			}
		}
		pairs[i] = [2]string{strings.Join(a, ""), strings.Join(b, "")}
	}
	return pairs
}

// hugePair returns two unrelated texts of about size bytes made of random
// words, so that they share few lines.
func hugePair(size int) (string, string) {
	vocab := strings.Fields("the a you are assistant helpful answer user question " +
		"please respond concise detailed format json output example context " +
		"instructions must should never always include summary customer order")
	gen := func(seed int64) string {
		rng := rand.New(rand.NewSource(seed))
		var sb strings.Builder
		for sb.Len() < size {
			for k := range 5 + rng.Intn(10) {
				if k > 0 {
					sb.WriteByte(' ')
				}
				sb.WriteString(vocab[rng.Intn(len(vocab))])
			}
			sb.WriteByte('\n')
		}
		return sb.String()
	}
	return gen(1), gen(2)
}

// TestWritePairs writes the pairs of BenchmarkCompare and our results for
// them to -pairs-dir, for testdata/difflib_bench.py:
//
//	go test ./lint/diff -run TestWritePairs -pairs-dir DIR
func TestWritePairs(t *testing.T) {
	t.Parallel()
	if *pairsDir == "" {
		t.Skip("no -pairs-dir")
	}
	if err := os.MkdirAll(*pairsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var results strings.Builder
	pairs := benchPairs(t, 1000)
	start := time.Now()
	for i, p := range pairs {
		s := Compare(p[0], p[1], 3)
		fmt.Fprintf(&results, "%d\t%.17g\t%v\t%d\t%d\n", i, s.Similarity, s.Approximate, s.Added, s.Removed)
	}
	t.Logf("Compare over %d pairs: %v", len(pairs), time.Since(start))
	for i, p := range pairs {
		for k, text := range p {
			name := filepath.Join(*pairsDir, fmt.Sprintf("%04d.%c", i, "ab"[k]))
			if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(*pairsDir, "ours.tsv"), []byte(results.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkCompare(b *testing.B) {
	pairs := benchPairs(b, 1000)
	bytes := 0
	for _, p := range pairs {
		bytes += len(p[0]) + len(p[1])
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pairs {
			Compare(p[0], p[1], 3)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pairs)), "ns/pair")
}

func BenchmarkSimilarity(b *testing.B) {
	pairs := benchPairs(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pairs {
			Similarity(p[0], p[1])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pairs)), "ns/pair")
}

// BenchmarkSimilarityHuge compares two 1 MB texts with few common lines.
func BenchmarkSimilarityHuge(b *testing.B) {
	x, y := hugePair(1 << 20)
	b.SetBytes(int64(len(x) + len(y)))
	b.ResetTimer()
	for b.Loop() {
		Similarity(x, y)
	}
}

// BenchmarkCompareHuge is BenchmarkSimilarityHuge with the line diff and
// the unified diff as well.
func BenchmarkCompareHuge(b *testing.B) {
	x, y := hugePair(1 << 20)
	b.SetBytes(int64(len(x) + len(y)))
	b.ResetTimer()
	for b.Loop() {
		Compare(x, y, 3)
	}
}

// BenchmarkSimilarityHugeLine compares two unrelated 1 MiB texts of one
// line each: no line is common, so only the character LCS aligns them.
func BenchmarkSimilarityHugeLine(b *testing.B) {
	x, y := hugePair(1 << 20)
	x, y = strings.ReplaceAll(x, "\n", " "), strings.ReplaceAll(y, "\n", " ")
	b.SetBytes(int64(len(x) + len(y)))
	b.ResetTimer()
	for b.Loop() {
		Similarity(x, y)
	}
}
