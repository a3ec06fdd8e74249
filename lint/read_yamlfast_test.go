package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"

	"gopkg.in/yaml.v3"
)

// fastYAMLShapes are documents of the shape fastYAML reads: each must be
// read by it, to the tree yaml.v3 builds.
var fastYAMLShapes = []string{
	"name: reply_00001\nversion: 1.0.0\ndescription: Replies to a support ticket about an order.\ntemplate: |\n  Hello {customer_name},\n  The customer support reply should be short.\n  Order: {order_id}. Tone: {tone}.\nvariables:\n  customer_name: null\n  order_id: null\n  tone: friendly\n",
	"name: Summarize 00001\ndescription: Summarizes an article for the digest.\nversion: 1.0.0\nmodel: openai/gpt-4o-mini\nmodelParameters:\n  temperature: 0.3\nmessages:\n  - role: system\n    content: You write short, neutral summaries.\n  - role: user\n    content: |\n      Summarize this.\n        Indented more.\n      {{article}}\ntestData:\n  - article: The council approved a new bike lane.\n",
	"version: 1.0.0\ndescription: Writes a short story.\ninput:\n  schema:\n    topic: string\n    style?: string\n",
	"name: chat_00003\ndescription: Answers with context.\nversion: 1.0.0\ninputs:\n  question:\n    type: string\n  context:\n    type: string\n",
	"description: Reviews a file.\nversion: 1.0.0\n",
	"mode: agent\ntools:\n- codebase\n- fetch\ndescription: x\n",
	"a:\nb: 2\nc:\n  - 1\n  - two\n  - 'three''s'\n  - \"four\"\nd: |-\n  strip\n\n  kept\n\ne: true\nf: ~\ng: 0x1F\nh: 2024-01-02\ni: .inf\n",
	"template: |\n  no final newline",
	"template: |-\n  no final newline",
	"\n\nkey: value  \n\n\n",
	"list:\n- a: 1\n  b: 2\n-   c: 3\n    d:\n    - x\n    e: y\n",
	"url: https://example.com/a?b=c\nq: what?\nk: a:b\nlang: C# and F#\n",
	"key: café ☕ naïve\nnext: 1\n",
	"1: one\ntrue: yes\nnull: x\n",
	"a:\n  b:\n    c:\n      d: deep\n  e: back\n",
	"key:   \nother: 1\n",
	"a: |\n  text\n\n\nb: 1\n",
	"a: |\n  text\n\n\n",
	"a: -1\n",
	"v: 1.0.0\nw: 1..2\nx: .5.\ny: 2024.01.02\nz: 10.2.3-rc.1\nt: 0.3\nu: 1e3\ns: 1_000\nr: 0o17\nq: 2001-12-14\n",
	"a: True\nb: FALSE\nc: Null\nd: ~\ne: yes\nf: no\ng: on\nh: off\ni: nULL\nj: tRUE\nk: .NaN\nl: -.inf\nm: +1\n",
	// One-line flow mappings of plain words and double-quoted values.
	"inputs:\n  a: {type: integer}\n  b: {type: string, default: x}\n",
	"prompts:\n  - {name: same, description: d, template: \"TODO: answer {q0}\"}\n  - {name: p1, template: \"\"}\n",
	"a: {b: 1.0.0, c: true, d: null, e: 12, f: two words, g: a-b/c.d}\n",
	"a: { b: c ,d: e }\n",
	"list:\n- {a: 1}\n-   {b: \"x, y: {z}\"}\n",
	"x: {k: v}   \ny: 1\n",
	"x: {$ref: a, _b: c}\n",
}

// fastYAMLOthers are documents fastYAML may decline; what it reads of
// them, it reads as yaml.v3 does.
var fastYAMLOthers = []string{
	"émoji: no\n",
	"C#: yes\n",
	"x: [flow]\n",
	"# comment\nx: 1\n",
	"x: 1 # comment\n",
	"x: &a 1\ny: *a\n",
	"x: >\n  folded\n",
	"x: \"esc\\n\"\n",
	"x: |\n\n  leading blank\n",
	"x:\n  - |\n    literal entry\n",
	"x: plain\n  continued\n",
	"---\nx: 1\n",
	"x: 1\n...\n",
	"x:\ty\n",
	"- a\n- b\n",
	"a: 1\n b: 2\n",
	"a: |\n   x\n  y\n",
	"a:\n  - b\n  c: d\n",
	"a: b: c\n",
	"a:\n  -\n  - b\n",
	"a: |\n  text\n   \n  more\n",
	"? a\n: b\n",
	"a: 'x' 'y'\n",
	"a: \"x\" # c\n",
	"<<: x\n",
	"a: {}\n", "a: {b}\n", "a: {b: }\n", "a: {b: c,}\n", "a: {b: c\n", "a: {b: {c: d}}\n",
	"a: {b: [c]}\n", "a: {b:c}\n", "a: {b: c:d}\n", "a: {b: c # d}\n", "a: {b: 'c'}\n",
	"a: {b: \"c\\\"d\"}\n", "a: {b: \"c\" d}\n", "a: {b: c  d}\n", "a: {b?: c}\n", "a: {b: c?}\n",
	"a: {b: -1}\n", "a: {b: ~}\n", "a: {b: café}\n", "a: {\"b\": c}\n", "a: {b: c, b: d}\n",
	"a: {b: c} d\n", "a: {b: c}}\n", "a: {b: c, d: e\n", "a: {b: c}\n b: d\n", "- {a: b}\n",
}

func TestFastYAMLShapes(t *testing.T) {
	t.Parallel()
	for _, text := range fastYAMLShapes {
		got, ok := fastYAML(text)
		if !ok {
			t.Errorf("fastYAML declines %q", text)
			continue
		}
		checkSameTree(t, text, got)
	}
	for _, text := range fastYAMLOthers {
		if got, ok := fastYAML(text); ok {
			checkSameTree(t, text, got)
		}
	}
}

// checkSameTree checks that doc is the tree yaml.v3 makes of text.
func checkSameTree(t *testing.T, text string, doc *yaml.Node) {
	t.Helper()
	want, err := unmarshalYAMLv3([]byte(text))
	if err != nil {
		t.Errorf("fastYAML reads %q, which yaml.v3 rejects: %v", text, err)
		return
	}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("fastYAML(%q):\n%s\nyaml.v3:\n%s", text, dumpNode(doc, ""), dumpNode(want, ""))
	}
}

func dumpNode(n *yaml.Node, indent string) string {
	if n == nil {
		return indent + "nil\n"
	}
	s := fmt.Sprintf("%skind=%d style=%d tag=%q value=%q anchor=%q line=%d col=%d head=%q line=%q foot=%q alias=%v\n",
		indent, n.Kind, n.Style, n.Tag, n.Value, n.Anchor, n.Line, n.Column, n.HeadComment, n.LineComment, n.FootComment, n.Alias != nil)
	for _, c := range n.Content {
		s += dumpNode(c, indent+"  ")
	}
	return s
}

// TestFastYAMLCorpus holds fastYAML to yaml.v3 on every YAML text of the
// corpus (whole files, and the front matter of the others), and checks
// that it reads a share of them.
func TestFastYAMLCorpus(t *testing.T) {
	t.Parallel()
	texts, read := 0, 0
	for _, name := range corpusFiles(t) {
		data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		data = normalizeNewlines(data)
		for _, text := range []string{string(data), frontMatterText(data)} {
			if text == "" {
				continue
			}
			texts++
			if doc, ok := fastYAML(text); ok {
				read++
				checkSameTree(t, text, doc)
			}
		}
	}
	t.Logf("fastYAML read %d of %d corpus texts", read, texts)
	if read < 20 {
		t.Errorf("fastYAML read %d of %d corpus texts; want at least 20", read, texts)
	}
}

// frontMatterText is the front matter of data, "" when it has none.
func frontMatterText(data []byte) string {
	fm, _ := splitFrontMatter(data, true)
	if !fm.present || fm.unclosed {
		return ""
	}
	return fm.yaml
}

// FuzzFastYAML checks that whatever fastYAML reads, it reads as yaml.v3
// does.
func FuzzFastYAML(f *testing.F) {
	for _, s := range append(fastYAMLShapes, fastYAMLOthers...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if doc, ok := fastYAML(text); ok {
			checkSameTree(t, text, doc)
		}
	})
}

// BenchmarkFastYAML compares the two readers on a typical prompt file.
func BenchmarkFastYAML(b *testing.B) {
	text := fastYAMLShapes[1]
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := fastYAML(text); !ok {
				b.Fatal("declined")
			}
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := unmarshalYAMLv3([]byte(text)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// FuzzDottedDigits checks what plainTag and scalarValue12 take digits
// with two dots or more for: no number of YAML 1.2's core schema, and a
// string to yaml.v3's resolve.
func FuzzDottedDigits(f *testing.F) {
	for _, s := range []string{"1.0.0", "1..2", "..", "1.2", "0.3", "10.2.3", "1.0.0.0", "2024.01.02", "1.2e3.4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !dottedDigits(s) {
			return
		}
		for _, re := range []*regexp.Regexp{core12Int, core12Oct, core12Hex, core12Float} {
			if re.MatchString(s) {
				t.Errorf("%q matches %s", s, re)
			}
		}
		if tag := (&yaml.Node{Kind: yaml.ScalarNode, Value: s}).ShortTag(); tag != "!!str" {
			t.Errorf("yaml.v3 resolves %q to %s", s, tag)
		}
	})
}
