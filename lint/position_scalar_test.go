package lint

import (
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template"
)

// allPiecesMap is exactMap as it was before its shortcuts: every scalar
// read by its pieces, and every line after the scalar's start made a
// piece (the cut of plainPieces and blockPieces undone).
func allPiecesMap(r *reader, n *yaml.Node) (textMap, bool) {
	start := r.src.offset(nodePos(n))
	if start >= len(r.data) {
		return textMap{}, false
	}
	return r.piecesMap(n, start, math.MaxInt)
}

// scalarMapSources are YAML files whose scalars the exactMap tests map:
// the corpus's YAML files and front matter, and generated files of many
// scalars in every style, the tricky ones next to the plain ones.
func scalarMapSources(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range corpusFiles(t) {
		data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		text := string(normalizeNewlines(data))
		if fm, _ := splitFrontMatter([]byte(text), true); fm.present && !fm.unclosed {
			// Keep the lines before the YAML so that positions stay put.
			text = strings.Repeat("\n", fm.yamlLine-1) + fm.yaml
		}
		out[name] = text
	}
	values := []string{
		`"plain {x}"`, `"a \"quoted\" {x}"`, `"esc\\aped"`, `"tab\there"`, `"uni\u00e9 {y}"`, `""`, `"  spaced  "`,
		`"multi` + "\n    line {x}\"", `"joined\` + "\n    line\"", `"é日本😀 {x}"`, `"it's"`, `"#5: {x}"`,
		`'single {x}'`, `'it''s {x}'`, `''`, `''''`, `'back\slash'`, `'multi` + "\n    line'", `'a "b" c'`, `'x'''`,
		"plain {x}", "plain {x} # comment", "plain\n    continued {x}", "é日本 {x}", "a:b {x}",
		"|\n    literal {x}\n    two", "|-\n    literal\n\n    gap {x}", ">\n    folded {x}\n    line", ">-\n    f\n\n    g",
		"|2\n      kept {x}", "|+\n    keep\n\n",
	}
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 40; trial++ {
		var b strings.Builder
		b.WriteString("version: 1.0.0\nprompts:\n")
		for k := 0; k < 20; k++ {
			v := values[rng.Intn(len(values))]
			if rng.Intn(3) == 0 {
				v = values[rng.Intn(13)] // a quoted one, the shortcut's
			}
			b.WriteString("  - name: p" + strings.Repeat("x", rng.Intn(3)) + "\n    template: " + v + "\n")
			if rng.Intn(4) == 0 {
				b.WriteString("    description: " + values[rng.Intn(len(values))] + "\n")
			}
		}
		out["generated"+strings.Repeat("+", trial)] = b.String()
	}
	return out
}

// eachScalar calls f with every scalar of every file of
// scalarMapSources, read by fastYAML and by yaml.v3, and the reader of
// its file.
func eachScalar(t *testing.T, f func(name string, r *reader, n *yaml.Node)) {
	t.Helper()
	for name, text := range scalarMapSources(t) {
		r := newReader("prompts/a.yaml", []byte(text), DefaultConfig())
		docs := []func(string) (*yaml.Node, error){unmarshalYAML, func(s string) (*yaml.Node, error) { return unmarshalYAMLv3([]byte(s)) }}
		for _, parse := range docs {
			doc, err := parse(text)
			if err != nil {
				continue
			}
			var walk func(n *yaml.Node)
			walk = func(n *yaml.Node) {
				for _, c := range n.Content {
					walk(c)
				}
				if n.Kind == yaml.ScalarNode {
					f(name, r, n)
				}
			}
			walk(doc)
		}
	}
}

// TestExactMapSameAsAllPieces holds exactMap's shortcuts (a one-line
// quoted scalar mapped verbatim, the pieces of a plain or block scalar
// cut at the text's length) to the map of all the pieces, for every
// scalar of many files.
func TestExactMapSameAsAllPieces(t *testing.T) {
	checked := 0
	eachScalar(t, func(name string, r *reader, n *yaml.Node) {
		checked++
		got, gotOK := r.exactMap(n)
		want, wantOK := allPiecesMap(r, n)
		if gotOK != wantOK || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: scalar %q at %d:%d: exactMap %v %+v, all pieces %v %+v", name, n.Value, n.Line, n.Column, gotOK, got, wantOK, want)
		}
	})
	if checked < 5000 {
		t.Errorf("checked %d scalars, want many more", checked)
	}
}

// TestLinesSameAsAt holds textMap.lines, which walks the segments along
// with the lines, to at of each line's start, for the map of every scalar
// of many files, exact or aligned.
func TestLinesSameAsAt(t *testing.T) {
	checked := 0
	eachScalar(t, func(name string, r *reader, n *yaml.Node) {
		m := r.scalarMap(n)
		got := m.lines(n.Value)
		if len(m.segs) <= 1 {
			if got != nil {
				t.Errorf("%s: scalar %q: lines %v of a verbatim map", name, n.Value, got)
			}
			return
		}
		checked++
		want := []Pos{m.at(template.Pos{Offset: 0, Line: 1, Col: 1})}
		for i := 0; i < len(n.Value); i++ {
			if n.Value[i] == '\n' {
				want = append(want, m.at(template.Pos{Offset: i + 1, Line: len(want) + 1, Col: 1}))
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: scalar %q: lines %v, want %v", name, n.Value, got, want)
		}
	})
	if checked < 100 {
		t.Errorf("checked %d maps of several segments, want more", checked)
	}
}
