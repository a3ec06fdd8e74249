package checks_test

// Hostile inputs: generators of prompt files up to max_file_size (1 MiB by
// default) that a pull request can use to make promptlint slow or its
// report huge, in every format, and the benchmarks and tests that run them
// through the whole pipeline (lint and check, every output format).
//
// Measure one case with, for example:
//
//	go test ./checks -run '^$' -bench 'BenchmarkHostile/^dotprompt$/^braces$' -benchtime 1x
//
// or write every 1 MiB file as a head and base tree to time the binary:
//
//	go test ./checks -run TestWriteHostileTrees -hostile-dir /tmp/hostile
//	go build -o /tmp/promptlint . && cd /tmp/hostile/dotprompt-braces &&
//	  time /tmp/promptlint check --base-dir base --head-dir head --format sarif

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/output"
)

var hostileDir = flag.String("hostile-dir", "", "TestWriteHostileTrees writes every 1 MiB hostile file into this directory")

// hostileFormat wraps a generated body (the template text) and extra
// top-level YAML (test data, metadata) into a file of one format.
type hostileFormat struct {
	name string
	path string
	// placeholder writes a use of the variable named name in the format's
	// default syntax.
	placeholder func(name string) string
	// wrap builds the file; the body is embedded as the format requires
	// (a YAML block scalar, or the text after the front matter).
	wrap func(body, extra string) string
	// declare writes the top-level YAML that declares the named
	// variables; nil for formats that declare none.
	declare func(names []string) string
}

// declareMap declares variables as a mapping under key, each with the
// given value.
func declareMap(key, value string) func([]string) string {
	return func(names []string) string {
		var b strings.Builder
		b.WriteString(key + ":\n")
		for _, n := range names {
			b.WriteString("  " + n + ":" + value + "\n")
		}
		return b.String()
	}
}

// indent prefixes every line of s with pre, for a YAML block scalar.
func indent(s, pre string) string {
	return pre + strings.ReplaceAll(s, "\n", "\n"+pre)
}

var hostileFormats = []hostileFormat{
	{
		name: "promptlint", path: "prompts/hostile.yaml",
		placeholder: func(n string) string { return "{" + n + "}" },
		wrap: func(body, extra string) string {
			return "name: hostile\nversion: 1.0.0\ndescription: d\nenvironment: production\n" + extra +
				"template: |-\n" + indent(body, "  ") + "\n"
		},
		declare: declareMap("variables", " null"),
	},
	{
		name: "github-models", path: "prompts/hostile.prompt.yml",
		placeholder: func(n string) string { return "{{" + n + "}}" },
		wrap: func(body, extra string) string {
			return "name: hostile\nversion: 1.0.0\ndescription: d\nenvironment: production\nmodel: openai/gpt-4o\n" + extra +
				"messages:\n  - role: user\n    content: |-\n" + indent(body, "      ") + "\n"
		},
	},
	{
		name: "dotprompt", path: "prompts/hostile.prompt",
		placeholder: func(n string) string { return "{{" + n + "}}" },
		wrap: func(body, extra string) string {
			return "---\nversion: 1.0.0\ndescription: d\nenvironment: production\n" + extra + "---\n" + body + "\n"
		},
		declare: func(names []string) string {
			return "input:\n" + indent(declareMap("schema", " string")(names), "  ") + "\n"
		},
	},
	{
		name: "prompty", path: "prompts/hostile.prompty",
		placeholder: func(n string) string { return "{{" + n + "}}" },
		wrap: func(body, extra string) string {
			return "---\nname: hostile\ndescription: d\nversion: 1.0.0\nenvironment: production\n" + extra + "---\nsystem:\n" + body + "\n"
		},
		declare: declareMap("inputs", " {type: string}"),
	},
	{
		name: "vscode", path: ".github/prompts/hostile.prompt.md",
		placeholder: func(n string) string { return "${input:" + n + "}" },
		wrap: func(body, extra string) string {
			return "---\ndescription: d\nversion: 1.0.0\nenvironment: production\n" + extra + "---\n" + body + "\n"
		},
	},
	{
		name: "markdown", path: "prompts/hostile.md",
		placeholder: func(n string) string { return "{{" + n + "}}" },
		wrap: func(body, extra string) string {
			return "---\nversion: 1.0.0\ndescription: d\nenvironment: production\nsyntax: mustache\n" + extra + "---\n" + body + "\n"
		},
		declare: declareMap("variables", " null"),
	},
}

// hostileKind generates about n bytes of one kind of hostile content: a
// template body, and extra top-level YAML; or, with file, the whole file
// for the formats it applies to.
type hostileKind struct {
	name string
	gen  func(f hostileFormat, n int) (body, extra string)
	// file, when set, writes the whole file, or "" when the kind does not
	// apply to the format.
	file func(f hostileFormat, n int) string
	// base, when set, writes a base version of about n bytes too (else
	// the base is hostileBase's small prompt).
	base func(f hostileFormat, n int) string
	// floods is set for the kinds made to give a rule more findings than
	// lint.MaxFindingsPerRule in a file, in some format at least.
	floods bool
}

// repeatTo repeats unit (given its index) until the result is about n bytes.
func repeatTo(n int, unit func(i int) string) string {
	var b strings.Builder
	b.Grow(n + 128) // room for the last unit too: no copy as it grows
	for i := 0; b.Len() < n; i++ {
		b.WriteString(unit(i))
	}
	return b.String()
}

// sixDigits is i (0 ≤ i < 10⁶) in six digits, zero-padded: "%06d", at a
// fraction of fmt's cost in generators that write a million bytes.
func sixDigits(i int) string {
	d := strconv.Itoa(i)
	return "000000"[min(len(d), 6):] + d
}

// randomKey is a deterministic random-looking string of n letters and
// digits, different for each i.
func randomKey(i, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	x := uint64(i)*0x9E3779B97F4A7C15 + 1
	b := make([]byte, n)
	for k := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[k] = alphabet[x%uint64(len(alphabet))]
	}
	return string(b)
}

func body(gen func(n int) string) func(hostileFormat, int) (string, string) {
	return func(_ hostileFormat, n int) (string, string) { return gen(n), "" }
}

var hostileKinds = []hostileKind{
	// One line of "{{": the template scanners' worst case, and one
	// identical template-syntax finding per opener.
	{name: "braces", floods: true, gen: body(func(n int) string { return strings.Repeat("{{", n/2) })},
	// One line of "{": Python format's unclosed fields.
	{name: "open-brace", floods: true, gen: body(func(n int) string { return strings.Repeat("{", n) })},
	// One line of "}}" and "}": stray closers.
	{name: "close-brace", floods: true, gen: body(func(n int) string { return strings.Repeat("}} }", n/4) })},
	// Development markers, all on one line.
	{name: "markers", gen: body(func(n int) string { return repeatTo(n, func(int) string { return "TODO: fix " }) })},
	// Development markers, one per line.
	{name: "marker-lines", floods: true, gen: body(func(n int) string {
		return strings.TrimSuffix(repeatTo(n, func(int) string { return "FIXME: later\n" }), "\n")
	})},
	// Distinct random-looking API keys on one line.
	{name: "secrets", floods: true, gen: body(func(n int) string {
		return repeatTo(n, func(i int) string { return "sk-proj-" + randomKey(i, 24) + " " })
	})},
	// One sentence of task verbs without an end, on one line.
	{name: "tasks", gen: body(func(n int) string {
		return repeatTo(n, func(int) string { return "classify it, analyze it, summarize it and translate it, " })
	})},
	// Inline code spans and template expressions for the prose masks.
	{name: "code-spans", floods: true, gen: body(func(n int) string {
		return repeatTo(n, func(int) string { return "`a` ${x} {% y %} ``` {# z #} " })
	})},
	// Distinct variables, each cryptic, badly cased and (where the file
	// declares variables) undefined.
	{name: "variables", floods: true, gen: func(f hostileFormat, n int) (string, string) {
		return repeatTo(n, func(i int) string { return f.placeholder("vAr"+strconv.Itoa(i)) + " " }), ""
	}},
	// Distinct Handlebars partials: each is recorded once, by name.
	{name: "partials", floods: true, gen: body(func(n int) string {
		return repeatTo(n, func(i int) string { return "{{> p" + strconv.Itoa(i) + "}} " })
	})},
	// The same spaced placeholder over and over: identical findings.
	{name: "spaced", floods: true, gen: body(func(n int) string { return strings.Repeat("{{ v }} ", n/8) })},
	// One line of words, no line break.
	{name: "long-line", gen: body(func(n int) string {
		return repeatTo(n, func(int) string { return "answer the customer briefly " })
	})},
	// Many short lines.
	{name: "short-lines", gen: body(func(n int) string { return strings.TrimSuffix(strings.Repeat("a\n", n/2), "\n") })},
	// Many test rows, none of which has the template's variables.
	{name: "test-data", floods: true, gen: func(f hostileFormat, n int) (string, string) {
		var vars []string
		for i := 0; i < 20; i++ {
			vars = append(vars, f.placeholder(fmt.Sprintf("input_%02d", i)))
		}
		key := "testData"
		if f.name == "prompty" {
			key = "sample"
		}
		return strings.Join(vars, " "), key + ":\n" + repeatTo(n, func(i int) string { return "  - other_" + strconv.Itoa(i) + ": x\n" })
	}},
	// Thousands of variables and thousands of test rows that give none
	// of them: rows times variables, and a message naming them all.
	{name: "row-variables", floods: true, gen: func(f hostileFormat, n int) (string, string) {
		key := "testData"
		if f.name == "prompty" {
			key = "sample"
		}
		return repeatTo(n/2, func(i int) string { return f.placeholder("v"+strconv.Itoa(i)) + " " }),
			key + ":\n" + repeatTo(n/2, func(int) string { return "  - a: 1\n" })
	}},
	// Many declared variables, none used, and as many used, undeclared
	// names that are each one edit away from a declared one.
	{name: "declared", floods: true, gen: func(f hostileFormat, n int) (string, string) {
		var names []string
		for i := 0; i < n/48; i++ {
			names = append(names, "input_value_"+sixDigits(i))
		}
		use := func(i int) string { return f.placeholder("input_valuE_"+sixDigits(i)) + " " }
		if f.declare == nil {
			return repeatTo(n, use), ""
		}
		return repeatTo(n/2, use), f.declare(names)
	}},
	// Many prompts in one file, all with the same name.
	{name: "prompts", floods: true, file: func(f hostileFormat, n int) string {
		if f.name != "promptlint" {
			return ""
		}
		return "version: 1.0.0\nenvironment: production\nprompts:\n" + repeatTo(n-128, func(i int) string {
			return "  - {name: same, description: d, template: \"TODO: answer {q" + strconv.Itoa(i) + "}\"}\n"
		})
	}},
	// Many prompts in one file, their templates plain and literal-block
	// scalars in turn: each scalar is mapped to the file by reading its
	// own lines, not the rest of the file (this took a minute at 1 MiB).
	{name: "block-prompts", floods: true, file: func(f hostileFormat, n int) string {
		if f.name != "promptlint" {
			return ""
		}
		return "version: 1.0.0\nprompts:\n" + repeatTo(n-128, func(i int) string {
			if i%2 == 0 {
				return "  - name: p" + strconv.Itoa(i) + "\n    template: TODO answer {q}\n"
			}
			return "  - name: p" + strconv.Itoa(i) + "\n    template: |\n      TODO answer {q}\n"
		})
	}},
	// Many prompts in one file, every one renamed and edited: rename
	// detection compares removed and added prompts within its budget,
	// and the rest are reported as removed and added.
	{name: "renamed", floods: true, file: func(f hostileFormat, n int) string {
		return renamedPrompts(f, n, "new_", " x")
	}, base: func(f hostileFormat, n int) string {
		return renamedPrompts(f, n, "old_", "")
	}},
	// Many messages.
	{name: "messages", floods: true, file: func(f hostileFormat, n int) string {
		switch f.name {
		case "github-models":
			return f.wrap("hi", "") + repeatTo(n-256, func(i int) string { return "  - {role: user, content: \"TODO: x {{v" + strconv.Itoa(i) + "}}\"}\n" })
		case "prompty":
			return f.wrap("hi", "") + repeatTo(n-256, func(i int) string { return "\nuser:\nTODO: x {{v" + strconv.Itoa(i) + "}}\n" })
		}
		return ""
	}},
	// Thousands of declared inputs whose type changed from string to
	// integer, in a base and a head of the same size: check compares
	// every input of the two.
	{name: "retyped", floods: true, file: func(f hostileFormat, n int) string {
		return typedInputs(f, n, "1.0.0", "integer")
	}, base: func(f hostileFormat, n int) string {
		return typedInputs(f, n, "0.9.0", "string")
	}},
	// Two unrelated prompts of one long line each, in the head and the
	// base: no line is common, so only the character alignment of the
	// similarity compares them.
	{name: "rewritten", gen: body(func(n int) string { return wordLine(1, n) }), base: func(f hostileFormat, n int) string {
		other := hostileKind{gen: body(func(n int) string { return wordLine(2, n) })}
		return strings.Replace(hostileFile(f, other, n), "version: 1.0.0", "version: 0.9.0", 1)
	}},
	// Deep nesting in a metadata key.
	{name: "nesting", gen: func(_ hostileFormat, n int) (string, string) {
		return "hi", "meta: " + strings.Repeat("[", n/2) + strings.Repeat("]", n/2) + "\n"
	}},
	// Aliases that repeat one large string in metadata.
	{name: "aliases", gen: func(_ hostileFormat, n int) (string, string) {
		big := strings.Repeat("TODO: sk-proj-"+randomKey(1, 24)+" ", max(n/4/40, 1))
		return "hi", "big: &big \"" + big + "\"\nrefs:\n" + repeatTo(n*3/4, func(int) string { return "  - *big\n" })
	}},
}

// wordLine is about n bytes of words on one line, a different
// deterministic sequence for each seed.
func wordLine(seed uint64, n int) string {
	words := strings.Fields("answer the customer question briefly and politely using only the " +
		"context given below never invent facts cite sources summarize in plain words")
	x := seed*0x9E3779B97F4A7C15 + 1
	return repeatTo(n, func(int) string {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return words[x%uint64(len(words))] + " "
	})
}

// renamedPrompts is a promptlint file (else "") of prompts named prefix
// and a number, each a sentence of six random words and a variable, with
// edit (at most renamedEdit) inserted before the variable: as many as fit
// in about n bytes with the longest edit, whatever this one.
func renamedPrompts(f hostileFormat, n int, prefix, edit string) string {
	const renamedEdit = len(" x")
	if f.name != "promptlint" {
		return ""
	}
	words := strings.Fields("alpha beta gamma delta kindly reply briefly politely answer question user")
	var b strings.Builder
	b.WriteString("version: 1.0.0\nprompts:\n")
	x := uint64(0x9E3779B97F4A7C15)
	for i := 0; b.Len()+i*(renamedEdit-len(edit)) < n-128; i++ {
		b.WriteString("  - {name: " + prefix + strconv.Itoa(i) + ", template: \"")
		for k := range 6 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[x%uint64(len(words))])
		}
		b.WriteString(edit + " {q}\"}\n")
	}
	return b.String()
}

// typedInputs is a file of format f of about n bytes that declares as
// many inputs of type typ as fit, for the formats whose inputs have types
// (Dotprompt, Prompty); "" for the others.
func typedInputs(f hostileFormat, n int, version, typ string) string {
	pad := strings.Repeat(" ", len("integer")-len(typ)) // the same size in both types
	var decl func(name string) string
	var head string
	switch f.name {
	case "dotprompt":
		head, decl = "input:\n  schema:\n", func(name string) string { return "    " + name + ": " + typ + pad + "\n" }
	case "prompty":
		head, decl = "inputs:\n", func(name string) string { return "  " + name + ": {type: " + typ + "}" + pad + "\n" }
	default:
		return ""
	}
	inputs := head + repeatTo(n-512, func(i int) string { return decl("input_value_" + sixDigits(i)) })
	return strings.Replace(f.wrap("hi", inputs), "version: 1.0.0", "version: "+version, 1)
}

// hostileLimit is the default max_file_size.
const hostileLimit = 1 << 20

// hostileFile generates a file of format f and kind k of at most size
// bytes (and close to it).
func hostileFile(f hostileFormat, k hostileKind, size int) string {
	if k.file != nil {
		return k.file(f, size)
	}
	target := size - 512
	for {
		b, extra := k.gen(f, target)
		data := f.wrap(b, extra)
		if len(data) <= size {
			return data
		}
		target -= (len(data)-size)*target/len(data) + 64
	}
}

// hostileBaseOf is the base version of the hostile file of format f and
// kind k of about size bytes.
func hostileBaseOf(f hostileFormat, k hostileKind, size int) string {
	if k.base != nil {
		return k.base(f, size)
	}
	return hostileBase(f)
}

// hostileBase is the base version of most hostile files: a small prompt
// of the same format, so that check compares a real change.
func hostileBase(f hostileFormat) string {
	return strings.Replace(f.wrap("Answer the question briefly.", ""), "version: 1.0.0", "version: 0.9.0", 1)
}

// hostileRun is what one run of the pipeline produced.
type hostileRun struct {
	lint, check *lint.Report
	bytes       map[string]int // output size by "lint/json", "check/sarif", ...
}

// hostilePipeline lints the file, checks it against its base, and writes
// both reports in every output format, as main does.
func hostilePipeline(tb testing.TB, f hostileFormat, baseData, data string) hostileRun {
	tb.Helper()
	cfg := lint.DefaultConfig()
	rules, err := cfg.Apply(checks.All)
	if err != nil {
		tb.Fatal(err)
	}
	head := fstest.MapFS{f.path: {Data: []byte(data), Mode: 0o644}}
	base := fstest.MapFS{f.path: {Data: []byte(baseData), Mode: 0o644}}
	run := hostileRun{bytes: map[string]int{}}
	if run.lint, err = lint.Run(context.Background(), lint.Input{Lint: true, Head: head, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All}); err != nil {
		tb.Fatal(err)
	}
	if run.check, err = lint.Run(context.Background(), lint.Input{Base: base, Head: head, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All}); err != nil {
		tb.Fatal(err)
	}
	writeAll(tb, run.bytes, "lint", run.lint, rules)
	writeAll(tb, run.bytes, "check", run.check, rules)
	return run
}

// writeAll writes rep in every output format, as main does, and records
// the size of each under mode+"/"+format in bytes.
func writeAll(tb testing.TB, bytes map[string]int, mode string, rep *lint.Report, rules []*lint.Rule) {
	tb.Helper()
	writers := map[string]func(io.Writer) error{
		"text":     func(w io.Writer) error { return output.Text(w, rep) },
		"json":     func(w io.Writer) error { return output.JSON(w, rep) },
		"markdown": func(w io.Writer) error { return output.Markdown(w, rep, output.MarkdownOptions{}) },
		"sarif":    func(w io.Writer) error { return output.SARIF(w, rep, rules, "bench") },
		"github":   func(w io.Writer) error { return output.GitHub(w, rep, 0) },
	}
	for name, write := range writers {
		var c countWriter
		if err := write(&c); err != nil {
			tb.Fatalf("%s %s: %v", mode, name, err)
		}
		bytes[mode+"/"+name] = int(c)
	}
}

// countWriter counts the bytes written to it.
type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// BenchmarkHostile runs every hostile kind in every format through the
// whole pipeline at 64 KiB, 256 KiB and 1 MiB: the time per operation
// grows linearly with the size. cpu-ns/op is the process's CPU time per
// operation (all threads, the garbage collector's included), which a
// loaded machine inflates far less than ns/op.
func BenchmarkHostile(b *testing.B) {
	for _, f := range hostileFormats {
		for _, k := range hostileKinds {
			for _, size := range []int{64 << 10, 256 << 10, 1 << 20} {
				if hostileFile(f, k, 1<<10) == "" {
					continue // the kind does not apply to the format
				}
				b.Run(fmt.Sprintf("%s/%s/%dKiB", f.name, k.name, size>>10), func(b *testing.B) {
					data, baseData := hostileFile(f, k, size), hostileBaseOf(f, k, size)
					b.SetBytes(int64(len(data)))
					cpu := cpuTime()
					for b.Loop() {
						hostilePipeline(b, f, baseData, data)
					}
					if cpu > 0 {
						b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
					}
				})
			}
		}
	}
}

// TestHostileFiles checks the generators: every file is within the
// default max_file_size, close to it, and of its format.
func TestHostileFiles(t *testing.T) {
	t.Parallel()
	for _, f := range hostileFormats {
		for _, k := range hostileKinds {
			data := hostileFile(f, k, hostileLimit)
			if data == "" {
				continue
			}
			if len(data) > hostileLimit || len(data) < hostileLimit*3/4 {
				t.Errorf("%s/%s: %d bytes, want at most and about %d", f.name, k.name, len(data), hostileLimit)
			}
			got, ok := lint.DetectFormat(f.path, []byte(data))
			if !ok || string(got) != f.name {
				t.Errorf("%s/%s: detected format %q, want %q", f.name, k.name, got, f.name)
			}
		}
	}
}

// TestHostileBounded runs every hostile kind in every format through the
// whole pipeline at 16 KiB (hundreds to thousands of findings of a rule
// for the kinds that flood one) and checks that the report is bounded: at
// most lint.MaxFindingsPerRule findings of a rule in a file plus one
// summary finding, and each output at most what it is for no finding
// (SARIF's rule metadata), plus four times the input, plus 1 KiB for each
// finding the rules that reported can list, plus 4 KiB for each changed
// prompt a written report lists (its diff summary and checklist items:
// at most lint.MaxPromptsPerFile a file). Every kind that floods a rule
// does so past the cap in some format.
func TestHostileBounded(t *testing.T) {
	t.Parallel()
	const size = 16 << 10
	cfg := lint.DefaultConfig()
	rules, err := cfg.Apply(checks.All)
	if err != nil {
		t.Fatal(err)
	}
	empty := map[string]int{}
	writeAll(t, empty, "lint", &lint.Report{}, rules)
	writeAll(t, empty, "check", &lint.Report{Check: true}, rules)
	for _, k := range hostileKinds {
		cutKind := false
		for _, f := range hostileFormats {
			data := hostileFile(f, k, size)
			if data == "" {
				continue
			}
			run := hostilePipeline(t, f, hostileBaseOf(f, k, size), data)
			reported := map[string]int{} // rule and file pairs with a finding, by mode
			listed := map[string]int{}   // changed prompts a written report lists, by mode
			for mode, rep := range map[string]*lint.Report{"lint": run.lint, "check": run.check} {
				per := map[string]int{}
				for _, fd := range rep.Findings {
					per[fd.Path+" "+fd.Rule]++
				}
				reported[mode] = len(per)
				if rep.Check {
					perFile := map[string]int{}
					for _, p := range rep.Prompts {
						if perFile[p.Subject().Path]++; perFile[p.Subject().Path] <= lint.MaxPromptsPerFile {
							listed[mode]++
						}
					}
				}
				cut := map[string]bool{}
				for _, c := range rep.Cut {
					cut[c.Path+" "+c.Rule] = true
					cutKind = true
					if c.Found <= c.Reported || c.Reported != lint.MaxFindingsPerRule {
						t.Errorf("%s/%s %s: cut %+v", f.name, k.name, mode, c)
					}
				}
				for key, n := range per {
					if n > lint.MaxFindingsPerRule+1 || (n == lint.MaxFindingsPerRule+1) != cut[key] {
						t.Errorf("%s/%s %s: %d findings of %s (cut: %v), want at most %d, or %d with a cut", f.name, k.name, mode, n, key, cut[key], lint.MaxFindingsPerRule, lint.MaxFindingsPerRule+1)
					}
				}
			}
			for out, n := range run.bytes {
				mode, _, _ := strings.Cut(out, "/")
				limit := empty[out] + 4*len(data) + reported[mode]*(lint.MaxFindingsPerRule+1)*1024 + listed[mode]*4096
				if n > limit {
					t.Errorf("%s/%s: %s output is %d bytes for a %d-byte file, %d rules reporting and %d prompts listed, want at most %d", f.name, k.name, out, n, len(data), reported[mode], listed[mode], limit)
				}
			}
		}
		if k.floods && !cutKind {
			t.Errorf("%s: no format has more than %d findings of a rule at %d bytes; the kind floods none", k.name, lint.MaxFindingsPerRule, size)
		}
	}
}

// TestWriteHostileTrees writes each 1 MiB hostile file, and its base, to
// -hostile-dir/<format>-<kind>/{head,base}/, to time the real binary on
// them (see the top of this file).
func TestWriteHostileTrees(t *testing.T) {
	t.Parallel()
	if *hostileDir == "" {
		t.Skip("no -hostile-dir")
	}
	for _, f := range hostileFormats {
		for _, k := range hostileKinds {
			data := hostileFile(f, k, hostileLimit)
			if data == "" {
				continue
			}
			for tree, content := range map[string]string{"head": data, "base": hostileBaseOf(f, k, hostileLimit)} {
				dst := filepath.Join(*hostileDir, f.name+"-"+k.name, tree, filepath.FromSlash(f.path))
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(dst, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestHostileFixesListed: a rule makes fixes only for the findings that
// are listed; the summary finding of the rest carries none.
func TestHostileFixesListed(t *testing.T) {
	t.Parallel()
	f := hostileFormats[1] // GitHub Models
	data := f.wrap(strings.Repeat("{{ text }} ", 300), "")
	cfg := lint.DefaultConfig()
	rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: fstest.MapFS{f.path: {Data: []byte(data)}}, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
	if err != nil {
		t.Fatal(err)
	}
	fixed, plain := 0, 0
	for _, fd := range rep.Findings {
		if fd.Rule != checks.VariableSpacing.ID {
			continue
		}
		if fd.Fix != nil {
			fixed++
		} else {
			plain++
		}
	}
	if fixed != lint.MaxFindingsPerRule || plain != 1 {
		t.Errorf("%d variable-spacing findings with a fix and %d without, want %d and 1 (the summary)", fixed, plain, lint.MaxFindingsPerRule)
	}
}
