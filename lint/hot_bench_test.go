package lint_test

// Benchmarks of the paths a 1 MiB pull request file takes when it holds
// thousands of prompts, hundreds of thousands of findings of one rule, or
// a comment on every line: each runs at 64 KiB, 256 KiB and 1 MiB, so the
// time per operation shows linear growth (ns/KiB stays flat).

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

// hotSizes are the sizes of the generated files.
var hotSizes = []int{64 << 10, 256 << 10, 1 << 20}

// manyPrompts is a promptlint file of about size bytes holding one prompt
// per line, each with a development marker and a variable of its own.
func manyPrompts(size int) string {
	var b strings.Builder
	b.WriteString("version: 1.0.0\nenvironment: production\nprompts:\n")
	for i := 0; b.Len() < size-80; i++ {
		fmt.Fprintf(&b, "  - {name: p%d, description: d, template: \"TODO: answer {q%d}\"}\n", i, i)
	}
	return b.String()
}

// runHot reports the time per KiB of input and the process's CPU time per
// operation, which a loaded machine inflates far less than ns/op.
func runHot(b *testing.B, size int, op func()) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		op()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(size>>10), "ns/KiB")
	if end := processCPU(); cpu >= 0 && end >= 0 {
		b.ReportMetric(float64((end-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkCheckManyPrompts checks a file of thousands of added prompts
// against a base of one: pairing (rename candidates), the per-prompt
// diff statistics, the rules and the checklist of every prompt.
func BenchmarkCheckManyPrompts(b *testing.B) {
	for _, size := range hotSizes {
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			cfg, _ := benchConfig(b)
			head := fstest.MapFS{"prompts/many.yaml": {Data: []byte(manyPrompts(size))}}
			base := fstest.MapFS{"prompts/many.yaml": {Data: []byte("version: 1.0.0\nname: one\ndescription: d\ntemplate: a longer text that no added prompt resembles {x}\n")}}
			runHot(b, size, func() {
				rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
				if err != nil || len(rep.Prompts) < size/100 {
					b.Fatalf("check: %v, %d prompts", err, len(rep.Prompts))
				}
			})
		})
	}
}

// BenchmarkFindingsPastCap lints a Dotprompt file of unclosed "{{": one
// template-syntax error per placeholder, all but MaxFindingsPerRule of
// them only counted.
func BenchmarkFindingsPastCap(b *testing.B) {
	for _, size := range hotSizes {
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			cfg, _ := benchConfig(b)
			data := "---\nversion: 1.0.0\n---\n" + strings.Repeat("{{a ", size/4-8)
			head := fstest.MapFS{"prompts/open.prompt": {Data: []byte(data)}}
			runHot(b, size, func() {
				rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: head, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: []*lint.Rule{checks.TemplateSyntax}})
				if err != nil || len(rep.Cut) != 1 {
					b.Fatalf("lint: %v, cuts %v", err, rep.Cut)
				}
			})
		})
	}
}

// BenchmarkParseCommented parses a promptlint file with a comment that
// mentions a development marker on every other line: its comments are
// lexed once, line by line.
func BenchmarkParseCommented(b *testing.B) {
	for _, size := range hotSizes {
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			cfg, _ := benchConfig(b)
			var sb strings.Builder
			sb.WriteString("version: 1.0.0\nprompts:\n")
			for i := 0; sb.Len() < size-80; i++ {
				fmt.Fprintf(&sb, "  # TODO: reword prompt %d\n  - {name: p%d, template: \"answer {q}\"}\n", i, i)
			}
			data := []byte(sb.String())
			runHot(b, size, func() {
				if _, err := lint.Parse("prompts/commented.yaml", data, cfg); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// largePair is a Prompty file of about size bytes declaring an input per
// line, each of the given type, and using the first.
func largePair(size int, typ string) []byte {
	var b strings.Builder
	b.WriteString("---\nname: large\ndescription: d\nversion: 1.0.0\ninputs:\n")
	for i := 0; b.Len() < size-80; i++ {
		fmt.Fprintf(&b, "  input_%06d: {type: %s}\n", i, typ)
	}
	b.WriteString("---\nsystem:\n{{input_000000}}\n")
	return []byte(b.String())
}

// BenchmarkCheckLargePair checks one large Prompty file whose inputs all
// changed type: its two sides are read at the same time, and classified
// while their texts are compared.
func BenchmarkCheckLargePair(b *testing.B) {
	for _, size := range hotSizes {
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			cfg, _ := benchConfig(b)
			base := fstest.MapFS{"prompts/large.prompty": {Data: largePair(size, "string")}}
			head := fstest.MapFS{"prompts/large.prompty": {Data: largePair(size, "integer")}}
			runHot(b, size, func() {
				rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
				if err != nil || len(rep.Prompts) != 1 || rep.Prompts[0].Change.Required != lint.BumpMajor {
					b.Fatalf("check: %v, %+v", err, rep.Prompts)
				}
			})
		})
	}
}
