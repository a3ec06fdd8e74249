package lint

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// yamlCommentSeeds are YAML texts with comments in every place the lexer
// must tell from text: quotes, apostrophes in plain scalars, block
// scalars, flow collections, multi-line quoted scalars.
var yamlCommentSeeds = []string{
	"a: 1 # one\n# two\nb: \"x # not\" # three\n",
	"t: |\n  # text, not a comment\n  more\n# four\nu: >-\n    # text\n  # less indented: a comment after the block\n",
	"k: it's # five\nl: rock 'n' roll # six\nm: 'it''s # not' # seven\n",
	"q: \"line one\n  # still text\n  end\" # eight\n",
	"- a # nine\n- [b, \"c # not\", {d: e}] # ten\n- !!str f # eleven\n- &anchor g # twelve\n",
	"list:\n  - |\n    # text\n  - x # thirteen\n",
	"key: value#not a comment\nother: a #real\n",
	"e: \"esc \\\" # not\" # fourteen\n",
}

// FuzzYAMLComments: every comment the lexer finds in a YAML text that
// parses is a comment: writing something else after its # leaves a text
// that parses to the same value. A lexer that took text for a comment
// would change a value or break the document. (Cutting the comment off
// would not do: a comment ends a plain scalar that the next line would
// otherwise continue.)
func FuzzYAMLComments(f *testing.F) {
	for _, s := range yamlCommentSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4096 || strings.ContainsAny(text, "\r\t\x00") {
			return
		}
		var want any
		if yaml.Unmarshal([]byte(text), &want) != nil {
			return
		}
		lines := strings.Split(text, "\n")
		for _, c := range yamlComments(text, 1) {
			cut := append([]string(nil), lines...)
			line := cut[c.pos.Line-1]
			col := len(string([]rune(line)[:c.pos.Col-1]))
			if line[col] != '#' {
				t.Fatalf("comment at %d:%d does not start with #: %q", c.pos.Line, c.pos.Col, line)
			}
			other := "zz"
			if strings.TrimSpace(c.text) == other {
				other = "yy"
			}
			cut[c.pos.Line-1] = line[:col] + "# " + other
			var got any
			if err := yaml.Unmarshal([]byte(strings.Join(cut, "\n")), &got); err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("%d:%d %q is no comment: without it the text reads %v (%v), not %v", c.pos.Line, c.pos.Col, c.text, got, err, want)
			}
		}
	})
}

// TestYAMLComments: the lexer finds the comments of the seeds and nothing
// in their text.
func TestYAMLComments(t *testing.T) {
	var got []string
	for _, s := range yamlCommentSeeds {
		for _, c := range yamlComments(s, 1) {
			got = append(got, strings.TrimSpace(c.text))
		}
	}
	want := []string{"one", "two", "three", "four", "less indented: a comment after the block", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "real", "fourteen"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("comments:\n%q\nwant:\n%q", got, want)
	}
}

// BenchmarkDirectivesHostile reads a 1 MB prompt file made of comment
// lines, every one a directive, over a deeply nested mapping: the work
// must stay linear in the file's size.
func BenchmarkDirectivesHostile(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("name: hostile\nversion: 1.0.0\ntemplate: \"Hi {customer_name}.\"\n")
	for i := 0; sb.Len() < 1<<20; i++ {
		indent := strings.Repeat(" ", i%200)
		sb.WriteString(indent + "# promptlint:ignore variable-name-cryptic -- reason\n")
		sb.WriteString(indent + "k" + strconv.Itoa(i) + ":\n")
	}
	data := []byte(sb.String())
	cfg := DefaultConfig()
	cfg.MaxFileSize = 4 << 20
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse("prompts/hostile.yaml", data, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDirectivesLongLine reads a 1 MB Dotprompt file of one line: a
// megabyte of text, then more directives than are read: each costs a few
// bytes, not a walk along the line.
func BenchmarkDirectivesLongLine(b *testing.B) {
	d := "{{! promptlint:ignore template-syntax -- reason }}"
	n := maxDirectives + 100
	data := []byte("---\nversion: 1.0.0\ndescription: d\n---\n" + strings.Repeat("a", 1<<20-n*len(d)-64) + strings.Repeat(d, n) + "\n")
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse("prompts/hostile.prompt", data, DefaultConfig()); err != nil {
			b.Fatal(err)
		}
	}
}
