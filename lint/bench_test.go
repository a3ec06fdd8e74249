package lint_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

// TestMain runs the tests with the collector set as the binary sets it
// under its memory limit (main's gcPercent), unless GOGC is set: they run
// the engine in this process, and spend a tenth less CPU.
func TestMain(m *testing.M) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	os.Exit(m.Run())
}

var benchTreeDir = flag.String("bench-tree-dir", "", "TestWriteBenchTree writes the 10,000-file benchmark tree into this directory")

// words feed the generated prompt text; a small linear congruential
// generator picks from them so that every run builds the same tree.
var words = strings.Fields(`the customer support reply should be short friendly and accurate
answer each question about the product using only the facts given below keep names numbers and
code unchanged explain the steps clearly avoid jargon mention the order status when it is known
summarize the ticket in one sentence then propose a concrete next step for the agent`)

type rng uint64

func (r *rng) next(n int) int {
	*r = *r*6364136223846793005 + 1442695040888963407
	return int(uint64(*r)>>33) % n
}

// sentence returns n deterministic words ending with a period.
func (r *rng) sentence(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[r.next(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// prose returns about size bytes of sentences, one per line.
func (r *rng) prose(size int) string {
	var b strings.Builder
	for b.Len() < size {
		b.WriteString(r.sentence(8 + r.next(8)))
		b.WriteByte('\n')
	}
	return b.String()
}

// benchFile returns the path and content of the i-th generated prompt:
// six formats in turn, each about body bytes of template text plus its
// metadata (about 500 bytes in all for body 300).
func benchFile(i int, r *rng, body int, version string) (string, string) {
	return benchPrompt(i, r.prose(body), version)
}

// benchPrompt returns the path and content of the i-th generated prompt
// with the given template text (lines of prose).
func benchPrompt(i int, text, version string) (string, string) {
	indented := "    " + strings.ReplaceAll(strings.TrimSuffix(text, "\n"), "\n", "\n    ")
	switch i % 6 {
	case 0:
		return fmt.Sprintf("prompts/team%02d/reply_%05d.yaml", i%50, i), fmt.Sprintf(`name: reply_%05d
version: %s
description: Replies to a support ticket about an order.
template: |
  Hello {customer_name},
%s
  Order: {order_id}. Tone: {tone}.
variables:
  customer_name: null
  order_id: null
  tone: friendly
`, i, version, "  "+strings.ReplaceAll(strings.TrimSuffix(text, "\n"), "\n", "\n  "))
	case 1:
		return fmt.Sprintf("models/summarize_%05d.prompt.yml", i), fmt.Sprintf(`name: Summarize %05d
description: Summarizes an article for the digest.
version: %s
model: openai/gpt-4o-mini
modelParameters:
  temperature: 0.3
messages:
  - role: system
    content: You write short, neutral summaries.
  - role: user
    content: |
%s
      {{article}}
testData:
  - article: The council approved a new bike lane.
`, i, version, "  "+strings.ReplaceAll(indented, "\n", "\n  "))
	case 2:
		return fmt.Sprintf("dotprompt/story_%05d.prompt", i), fmt.Sprintf(`---
version: %s
description: Writes a short story.
input:
  schema:
    topic: string
    style?: string
---
Write about {{topic}}{{#if style}} in a {{style}} style{{/if}}.
%s`, version, text)
	case 3:
		return fmt.Sprintf("prompty/chat_%05d.prompty", i), fmt.Sprintf(`---
name: chat_%05d
description: Answers with context.
version: %s
inputs:
  question:
    type: string
  context:
    type: string
---
system:
%s
Context: {{ context }}

user:
{{ question }}
`, i, version, text)
	case 4:
		return fmt.Sprintf(".github/prompts/review_%05d.prompt.md", i), fmt.Sprintf(`---
description: Reviews a file.
version: %s
---
Review ${input:file_path:path to review} for bugs.
%s`, version, text)
	default:
		return fmt.Sprintf("prompts/text/answer_%05d.md", i), fmt.Sprintf(`---
version: %s
description: Answers a question.
variables:
  question: null
---
Answer {question} for the customer.
%s`, version, text)
	}
}

var (
	treeOnce sync.Once
	tree10k  fstest.MapFS
)

// benchTree is the 10,000-file tree, built once.
func benchTree() fstest.MapFS {
	treeOnce.Do(func() {
		tree10k = fstest.MapFS{}
		r := rng(1)
		for i := 0; i < 10000; i++ {
			p, data := benchFile(i, &r, 300, "1.0.0")
			tree10k[p] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
		}
	})
	return tree10k
}

func benchConfig(b testing.TB) (*lint.Config, []*lint.Rule) {
	cfg := lint.DefaultConfig()
	rules, err := cfg.Apply(checks.All)
	if err != nil {
		b.Fatal(err)
	}
	return cfg, rules
}

// BenchmarkLint10k lints 10,000 prompt files of about 500 bytes in six
// formats with every rule on.
func BenchmarkLint10k(b *testing.B) {
	fsys := benchTree()
	cfg, _ := benchConfig(b)
	b.ResetTimer()
	for b.Loop() {
		rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: fsys, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Files != len(fsys) {
			b.Fatalf("linted %d files, want %d", rep.Files, len(fsys))
		}
	}
}

// BenchmarkParse10k reads and parses the 10,000 files (no rules).
func BenchmarkParse10k(b *testing.B) {
	fsys := benchTree()
	cfg, _ := benchConfig(b)
	names, err := lint.Discover(fsys, nil, cfg)
	if err != nil {
		b.Fatal(err)
	}
	if len(names) != len(fsys) {
		b.Fatalf("discovered %d files, want %d", len(names), len(fsys))
	}
	b.ResetTimer()
	for b.Loop() {
		files, err := lint.ReadFiles(fsys, names, cfg)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			if f.Err != nil {
				b.Fatalf("%s: %v", f.Path, f.Err)
			}
		}
	}
}

// checkPairs returns the trees of BenchmarkCheck1000Pairs: 1,000 prompts
// of 1 to 8 KB of template text in six formats, each with one line of
// text out of five to fifteen rewritten, and bumped to 1.1.0.
func checkPairs() (base, head fstest.MapFS) {
	base, head = fstest.MapFS{}, fstest.MapFS{}
	r := rng(7)
	for i := 0; i < 1000; i++ {
		text := r.prose(1000 + (i%8)*1000)
		lines := strings.SplitAfter(text, "\n")
		for k := r.next(5); k < len(lines)-1; k += 5 + r.next(10) {
			lines[k] = r.sentence(10) + "\n"
		}
		p, old := benchPrompt(i, text, "1.0.0")
		_, cur := benchPrompt(i, strings.Join(lines, ""), "1.1.0")
		base[p] = &fstest.MapFile{Data: []byte(old), Mode: 0o644}
		head[p] = &fstest.MapFile{Data: []byte(cur), Mode: 0o644}
	}
	return base, head
}

// BenchmarkCheck1000Pairs checks 1,000 changed prompts of 1 to 8 KB:
// pairing, classification, diff summary (similarity, line diff, tokens,
// rendered test data) and every rule. Python's difflib on the same
// texts: see TestWriteCheckPairs.
func BenchmarkCheck1000Pairs(b *testing.B) {
	base, head := checkPairs()
	cfg, rules := benchConfig(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		checkPairsReport(b, base, head, cfg, rules)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*1000), "ns/pair")
	if end := processCPU(); cpu >= 0 && end >= 0 {
		b.ReportMetric(float64((end-cpu).Nanoseconds())/float64(b.N*1000), "cpu-ns/pair")
	}
}

// checkPairsReport checks the pairs and that each is reported modified,
// with its text changed and no parse error.
func checkPairsReport(tb testing.TB, base, head fstest.MapFS, cfg *lint.Config, rules []*lint.Rule) *lint.Report {
	rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
	if err != nil {
		tb.Fatal(err)
	}
	if len(rep.Prompts) != 1000 {
		tb.Fatalf("check reported %d prompts, want 1000", len(rep.Prompts))
	}
	for _, r := range rep.Prompts {
		if r.Status != lint.Modified || r.Change.Similarity == 1 || r.Change.AddedLines == 0 {
			tb.Fatalf("%s: %s, similarity %v, %d lines added; want a modified text", r.Subject().Path, r.Status, r.Change.Similarity, r.Change.AddedLines)
		}
	}
	for _, f := range rep.Findings {
		if f.Rule == lint.ParseErrorRule {
			tb.Fatalf("generated file does not parse: %s", f)
		}
	}
	return rep
}

// TestCheckPairs checks that BenchmarkCheck1000Pairs measures what it
// claims: 1,000 modified prompts whose files parse.
func TestCheckPairs(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("short")
	}
	base, head := checkPairs()
	cfg, rules := benchConfig(t)
	checkPairsReport(t, base, head, cfg, rules)
}

var checkPairsDir = flag.String("check-pairs-dir", "", "TestWriteCheckPairs writes the template texts of BenchmarkCheck1000Pairs to this directory")

// TestWriteCheckPairs writes the old and new template texts of the 1,000
// pairs of BenchmarkCheck1000Pairs, and check's results for them, in the
// layout of lint/diff/testdata/difflib_bench.py, which times Python's
// difflib on them; and the two trees, in base/ and head/, to time the
// binary on them:
//
//	go test ./lint -run TestWriteCheckPairs -check-pairs-dir /tmp/pairs
//	python3 lint/diff/testdata/difflib_bench.py /tmp/pairs
//	go build -o /tmp/promptlint . && cd /tmp/pairs &&
//	  /usr/bin/time -v /tmp/promptlint check --base-dir base --head-dir head --fail-on none >/dev/null
func TestWriteCheckPairs(t *testing.T) {
	t.Parallel()
	if *checkPairsDir == "" {
		t.Skip("no -check-pairs-dir")
	}
	base, head := checkPairs()
	for _, tree := range []struct {
		dir  string
		fsys fstest.MapFS
	}{{"base", base}, {"head", head}} {
		writeTree(t, filepath.Join(*checkPairsDir, tree.dir), tree.fsys)
	}
	cfg, rules := benchConfig(t)
	rep := checkPairsReport(t, base, head, cfg, rules)
	var results strings.Builder
	for i, r := range rep.Prompts {
		c := r.Change
		fmt.Fprintf(&results, "%d\t%.17g\t%v\t%d\t%d\n", i, c.Similarity, c.Approximate, c.AddedLines, c.RemovedLines)
		for k, text := range []string{r.Base.Text(), r.Prompt.Text()} {
			name := filepath.Join(*checkPairsDir, fmt.Sprintf("%04d.%c", i, "ab"[k]))
			if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(*checkPairsDir, "ours.tsv"), []byte(results.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWriteBenchTree writes the benchmark tree to -bench-tree-dir, to time
// the real binary on it:
//
//	go test ./lint -run TestWriteBenchTree -bench-tree-dir /tmp/tree10k
//	go build -o /tmp/promptlint . && cd /tmp/tree10k && time /tmp/promptlint lint
func TestWriteBenchTree(t *testing.T) {
	t.Parallel()
	if *benchTreeDir == "" {
		t.Skip("no -bench-tree-dir")
	}
	writeTree(t, *benchTreeDir, benchTree())
}

// writeTree writes the files of fsys under dir.
func writeTree(t testing.TB, dir string, fsys fstest.MapFS) {
	for p, f := range fsys {
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBenchTree checks that the generated tree is what the benchmarks
// claim: 10,000 prompt files of about 500 bytes, every one selected by the
// default globs and read without a parse error, six formats.
func TestBenchTree(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("short")
	}
	fsys := benchTree()
	cfg, _ := benchConfig(t)
	rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: fsys, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 10000 || len(rep.Prompts) != 10000 {
		t.Fatalf("%d files, %d prompts; want 10000 of each", rep.Files, len(rep.Prompts))
	}
	size := 0
	for _, f := range fsys {
		size += len(f.Data)
	}
	if avg := size / len(fsys); avg < 350 || avg > 800 {
		t.Errorf("average file size %d bytes, want about 500", avg)
	}
	formats := map[lint.Format]int{}
	for _, p := range rep.Prompts {
		formats[p.Prompt.Format]++
	}
	if len(formats) != 6 {
		t.Errorf("formats %v, want six", formats)
	}
	for _, f := range rep.Findings {
		if f.Rule == lint.ParseErrorRule || f.Severity == lint.Error {
			t.Fatalf("generated file has an error: %s", f)
		}
	}
}

// BenchmarkLintDir10k lints the 10,000 files written to a directory, read
// through lint.DirFS as the binary reads them: the walk, the reads and
// the rules.
func BenchmarkLintDir10k(b *testing.B) {
	fsys, cfg := benchDir(b)
	cpu := processCPU()
	for b.Loop() {
		rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: fsys, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Files != 10000 {
			b.Fatalf("linted %d files, want 10000", rep.Files)
		}
	}
	if end := processCPU(); cpu >= 0 && end >= 0 {
		b.ReportMetric(float64((end-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkDiscoverDir10k walks the directory of the 10,000 files with
// the default globs: the part of a lint that runs before any file is
// read.
func BenchmarkDiscoverDir10k(b *testing.B) {
	fsys, cfg := benchDir(b)
	for b.Loop() {
		names, err := lint.Discover(fsys, nil, cfg)
		if err != nil {
			b.Fatal(err)
		}
		if len(names) != 10000 {
			b.Fatalf("discovered %d files, want 10000", len(names))
		}
	}
}

// benchDir writes the 10,000 files to a temporary directory and returns
// it as the binary reads it, with the default config, the timer reset.
func benchDir(b *testing.B) (*lint.Dir, *lint.Config) {
	dir := b.TempDir()
	writeTree(b, dir, benchTree())
	cfg, _ := benchConfig(b)
	b.ReportAllocs()
	b.ResetTimer()
	return lint.DirFS(dir), cfg
}
