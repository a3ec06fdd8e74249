package checks

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint"
)

// TestFindingPositionsInScalars runs the rules that read prose, uses and
// template syntax over the same prompt written in every YAML scalar style,
// and requires each finding to sit where the file writes what it is about.
func TestFindingPositionsInScalars(t *testing.T) {
	const key = "sk-proj-4fJk2aB9xQz9LmN0pQr7StUv"
	// Each style writes: "[DEV] Hello {name}. Use key <key>, then
	// {broken" with line breaks, escapes and indentation of its own.
	files := map[string]string{
		"double.yaml":  "version: 1.0.0\ntemplate: \"Intro line.\\n\\t\\\"q\\\" and\n  more text; [DEV] Hello {name}.\n\n  Use key " + key + ",\\\n  \\ then {broken\"\n",
		"single.yaml":  "version: 1.0.0\ntemplate: 'Intro line. It''s\n    more text; [DEV] Hello {name}.\n\n    Use key " + key + ", then {broken'\n",
		"folded.yaml":  "version: 1.0.0\ntemplate: >\n  Intro line.\n  more text; [DEV] Hello {name}.\n\n  Use key " + key + ",\n  then {broken\n",
		"literal.yaml": "version: 1.0.0\ntemplate: |-\n    Intro line.\n    more text; [DEV] Hello {name}.\n      Use key " + key + ",\n    then {broken\n",
		"plain.yaml":   "version: 1.0.0\ntemplate: Intro line.\n  more text; [DEV] Hello {name}.\n\n  Use key " + key + ",\n  then {broken\n",
		"crlf.yaml":    "version: 1.0.0\r\ntemplate: >\r\n  Intro line.\r\n  more text; [DEV] Hello {name}.\r\n  Use key " + key + ",\r\n  then {broken\r\n",
	}
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys["prompts/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	cfg := lint.DefaultConfig()
	rules := []*lint.Rule{DevMarkerInProduction, SecretInTemplate, TemplateSyntax, VariableUndefined}
	rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: fsys, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: rules})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // rule -> what the file must read at the finding
		"dev-marker-in-production": "[DEV]",
		"secret-in-template":       key,
		"template-syntax":          "{broken",
	}
	seen := map[string]int{}
	for _, f := range rep.Findings {
		prefix, ok := want[f.Rule]
		if !ok {
			continue
		}
		seen[f.Path+" "+f.Rule]++
		src := strings.ReplaceAll(files[strings.TrimPrefix(f.Path, "prompts/")], "\r\n", "\n")
		if got := atPos(src, f.Pos); !strings.HasPrefix(got, prefix) {
			t.Errorf("%s:%d:%d: %s finding %q, but the file there reads %q; want %q", f.Path, f.Pos.Line, f.Pos.Col, f.Rule, f.Message, got, prefix)
		}
	}
	for name := range files {
		for rule := range want {
			if seen["prompts/"+name+" "+rule] == 0 {
				t.Errorf("prompts/%s: no %s finding", name, rule)
			}
		}
	}
}

// atPos is the rest of the line of src from position p.
func atPos(src string, p lint.Pos) string {
	lines := strings.Split(src, "\n")
	if p.Line < 1 || p.Line > len(lines) {
		return ""
	}
	l := lines[p.Line-1]
	for col := 1; col < p.Col && l != ""; col++ {
		_, n := utf8.DecodeRuneInString(l)
		l = l[n:]
	}
	return l
}
