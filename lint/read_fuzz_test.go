package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzParse fuzzes Parse on files named name, seeded with the corpus
// files of format f and the given extra seeds. Parse must not fail
// internally, and every position it sets must be real.
func fuzzParse(f *testing.F, name string, format Format, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	files, err := corpusFilesQuiet()
	if err != nil {
		f.Fatalf("the corpus seeds are missing: %v", err)
	}
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(rel)))
		if err != nil {
			f.Fatal(err)
		}
		if got, ok := DetectFormat(rel, data); ok && got == format {
			f.Add(data)
		}
	}
	cfg := DefaultConfig() // Parse only reads it; built once, not per input
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := Parse(name, data, cfg)
		if err != nil {
			pe, ok := err.(*ParseError)
			if !ok {
				t.Fatalf("error %T, want *ParseError", err)
			}
			if strings.HasPrefix(pe.Msg, "internal error") {
				t.Fatalf("reader panicked: %s", pe.Msg)
			}
			if pe.Pos != (Pos{}) && (pe.Pos.Line < 1 || pe.Pos.Col < 1) {
				t.Fatalf("error at %v", pe.Pos)
			}
			return
		}
		for _, p := range ps {
			checkPositions(t, p)
		}
	})
}

// corpusFilesQuiet lists the corpus files, or fails when it is absent.
func corpusFilesQuiet() ([]string, error) {
	var out []string
	err := filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(corpusDir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out, err
}

func FuzzParsePromptlint(f *testing.F) {
	fuzzParse(f, "prompts/fuzz.yaml", FormatPromptlint,
		string(readFixture(f, "prompts/support_reply.yaml")),
		string(readFixture(f, "prompts/multi.yaml")),
		"template: \"a\\tb {x}\\\n  c\"\n",
		"template: >\n  a {x}\n\n   b {y}\n",
		"a: &a [x]\nb: *a\ntemplate: *a\n",
		"variables:\n  - name: a\n    default: {b: 1}\ntemplate: '{a}'''\n")
}

func FuzzParseJSON(f *testing.F) {
	fuzzParse(f, "prompts/fuzz.json", FormatPromptlint,
		`{"template": "Hi {name}\n\u00e9 \ud83d\ude00 {x}", "variables": {"name": null}}`,
		`{"prompts": [{"template": "a"}, {"messages": [{"role": "user", "content": "\\{b}"}]}]}`)
}

func FuzzParseGitHubModels(f *testing.F) {
	fuzzParse(f, "fuzz.prompt.yml", FormatGitHubModels,
		"messages:\n  - role: user\n    content: |\n      {{a}} {{ b }}\ntestData:\n  - a: 1\n")
}

func FuzzParseDotprompt(f *testing.F) {
	fuzzParse(f, "fuzz.prompt", FormatDotprompt,
		string(readFixture(f, "classify.prompt")),
		"# c\n---\ninput:\n  schema:\n    a?(array, d): string\n    (*): any\n  default: {a: [1]}\n---\n{{#each a}}{{this}}{{/each}}\n")
}

func FuzzParsePrompty(f *testing.F) {
	fuzzParse(f, "fuzz.prompty", FormatPrompty,
		string(readFixture(f, "greeting.prompty")),
		"---\ninputs:\n  a: 1\n  b: {default: 2}\ntemplate: mustache\n---\n# system:\n{{a}}\nuser[x=1]:\n{{b}}\n")
}

func FuzzParseVSCode(f *testing.F) {
	fuzzParse(f, "fuzz.prompt.md", FormatVSCode,
		"---\nagent: agent\n---\nUse ${input:name:placeholder} and ${selection}.\n")
}

func FuzzParseMarkdown(f *testing.F) {
	fuzzParse(f, "prompts/fuzz.md", FormatMarkdown,
		"---\nversion: 1.0.0\nvariables: {a: null}\n---\n{a}\n",
		"---\nnot yaml: [\n---\ntext\n")
}

// benchFiles generates files of about 500 bytes in every format.
func benchFiles() map[string][]byte {
	words := strings.Repeat("Answer briefly and cite the source. ", 6)
	return map[string][]byte{
		"prompts/a.yaml": []byte(fmt.Sprintf("name: a\nversion: 1.0.0\ndescription: d\nvariables:\n  user_name: null\n  tone: kind\ntemplate: |\n  Hello {user_name}, be {tone}.\n  %s\nchangelog:\n  - {version: 1.0.0, date: 2026-01-01, changes: first}\n", words)),
		"prompts/b.json": []byte(fmt.Sprintf(`{"name": "b", "version": "1.0.0", "variables": {"q": null}, "template": "Question: {q}\n%s"}`, words)),
		"b.prompt.yml":   []byte(fmt.Sprintf("name: b\nversion: 1.0.0\nmodel: openai/gpt-4o\nmessages:\n  - role: system\n    content: %s\n  - role: user\n    content: |\n      {{question}}\ntestData:\n  - question: why\n", words)),
		"c.prompt":       []byte(fmt.Sprintf("---\nname: c\nversion: 1.0.0\nmodel: googleai/gemini\ninput:\n  schema:\n    topic: string, the topic\n    items?(array): string\n---\n{{role \"system\"}}\n%s\n{{#each items}}- {{this}}\n{{/each}}\nTopic: {{topic}}\n", words)),
		"d.prompty":      []byte(fmt.Sprintf("---\nname: d\nmetadata:\n  version: 1.0.0\nmodel:\n  id: gpt-4\ninputs:\n  - name: question\n    kind: string\n---\nsystem:\n%s\n\nuser:\n{{question}}\n", words)),
		"e.prompt.md":    []byte(fmt.Sprintf("---\nagent: agent\ndescription: e\n---\n# Task\n\n%s\nUse ${input:topic}.\n", words)),
		"prompts/f.md":   []byte(fmt.Sprintf("---\nversion: 1.0.0\nvariables:\n  topic: null\n---\n%s\nWrite about {topic}.\n", words)),
	}
}

func BenchmarkParse(b *testing.B) {
	files := benchFiles()
	cfg := DefaultConfig()
	size := 0
	for _, data := range files {
		size += len(data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for path, data := range files {
			if _, err := Parse(path, data, cfg); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseManyMessages parses GitHub Models files of short messages,
// each a scalar whose positions are placed in the file: time per byte
// stays flat from 64 KiB to 1 MiB (each scalar's pass starts at its own
// line, not at the top of the file).
func BenchmarkParseManyMessages(b *testing.B) {
	cfg := DefaultConfig()
	for _, size := range []int{64 << 10, 256 << 10, 1 << 20} {
		var f strings.Builder
		f.WriteString("name: many\nmessages:\n")
		for i := 0; f.Len() < size; i++ {
			fmt.Fprintf(&f, "  - role: user\n    content: \"message %d {{var_%d}}\"\n", i, i)
		}
		data := []byte(f.String())
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse("p.prompt.yml", data, cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
