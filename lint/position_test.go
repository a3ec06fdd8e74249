package lint

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// charAt is the character of data at file position p ("" past the end).
func charAt(data []byte, p Pos) string {
	s := textAt(data, p)
	if s == "" {
		return ""
	}
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

// checkEveryChar requires every character of the prompt's messages to map
// to the place in the file that writes it: the character itself, the
// backslash of its escape, or the first quote of a doubled quote. Spaces
// and line breaks that YAML made by folding lines are not checked.
func checkEveryChar(t *testing.T, src []byte, p *Prompt) {
	t.Helper()
	for mi := range p.Messages {
		m := &p.Messages[mi]
		var offs []int
		for i := range m.Text {
			offs = append(offs, i)
		}
		pos := m.Positions(offs)
		last := Pos{}
		for k, off := range offs {
			if p := pos[k]; p.Line < last.Line || p.Line == last.Line && p.Col < last.Col {
				t.Errorf("%s: offset %d maps to %v, before the previous character's %v", p2s(m.Text[off:]), off, p, last)
				return
			}
			last = pos[k]
			r, _ := utf8.DecodeRuneInString(m.Text[off:])
			got := charAt(src, pos[k])
			switch {
			case got == string(r):
			case got == `\`:
			case r == '\'' && got == "'":
			case (r == ' ' || r == '\n') && strings.Contains("\n \\\"'>|", got):
				// A folded line break maps to the end of its line (or to the
				// opening quote or block header before the first line).
			default:
				t.Errorf("%s: message %d offset %d %q maps to %v, where the file has %q", p.Path, mi, off, r, pos[k], got)
				return
			}
		}
	}
}

func p2s(s string) string { return fmt.Sprintf("%q", s[:min(len(s), 12)]) }

// TestScalarPositionsEveryStyle checks, in every YAML scalar style, that
// uses, template errors and every other character of the text are placed
// where the file writes them: escapes, doubled quotes, folded lines,
// indentation, block headers, CRLF line endings.
func TestScalarPositionsEveryStyle(t *testing.T) {
	tests := []struct{ name, path, src string }{
		{"double multi-line", "prompts/a.yaml", "template: \"Dear {name},\n  thanks for {order}.\n\n  Regards {agent}\"\n"},
		{"double escapes across lines", "prompts/a.yaml", "template: \"Tab\\there {name}\\n\\u00e9\\x41 {other}\\\n    \\ joined {third} \\\"q\\\" \\\\ {last}\"\n"},
		{"double with error", "prompts/a.yaml", "template: \"Hi {name},\n  see {other\"\n"},
		{"double trailing spaces folded", "prompts/a.yaml", "template: \"a {x}   \n   b {y}\"\n"},
		{"single multi-line", "prompts/a.yaml", "template: 'It''s {name}\n  and ''{other}''\n\n  done {third}'\n"},
		{"folded", "prompts/a.yaml", "template: >\n  Hello {name}\n  and {other}\n\n  para {third}\n    more {fourth}\n  back {fifth}\n"},
		{"folded strip indent", "prompts/a.yaml", "prompts:\n  - template: >2-\n       lead {name}\n      next {other}\n"},
		{"literal", "prompts/a.yaml", "template: |\n  Hello {name}\n    indented {other}\n\n  last {third}\n"},
		{"literal with comment header", "prompts/a.yaml", "template: |- # the prompt\n  Hello {name}\n"},
		{"plain multi-line", "prompts/a.yaml", "template: Hello {name}\n  and {other}\n\n  then {third} # not this\nversion: 1.0.0\n"},
		{"crlf double", "prompts/a.yaml", "template: \"Dear {name},\r\n  thanks {order}\"\r\n"},
		{"crlf folded", "prompts/a.yaml", "template: >\r\n  Hello {name}\r\n  and {other}\r\n"},
		{"github models folded", "a.prompt.yml", "messages:\n  - role: user\n    content: >-\n      Summarize {{text}}\n      in {{count}} words\n"},
		{"github models double", "a.prompt.yml", "messages:\n  - role: system\n    content: \"Be brief.\n\n      Use {{style}}.\"\n"},
		{"json escapes", "prompts/a.json", "{\"template\": \"Hi {name}\\n\\t\\\"{other}\\\" \\ud83d\\ude00 {third} \\u00e9{fourth}\"}\n"},
		{"unicode folded", "prompts/a.yaml", "template: >\n  héllo wörld {name}\n  ünd {other} 日本\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parseN(t, tt.path, []byte(tt.src), 1)[0]
			if len(p.Uses) == 0 {
				t.Fatalf("no uses in %q", p.Messages[0].Text)
			}
			data := normalizeNewlines([]byte(tt.src))
			checkUsesPointAtNames(t, data, p)
			checkEveryChar(t, data, p)
			for _, e := range p.TemplateErrors {
				if c := charAt(data, e.Pos); c != "{" && c != "}" {
					t.Errorf("template error %q at %v, where the file has %q", e.Msg, e.Pos, c)
				}
			}
		})
	}
}

// TestScalarPositionsRandom encodes random texts in every scalar style,
// with escapes and folded lines, and requires every character to map back
// to where it is written.
func TestScalarPositionsRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	words := []string{"{name}", "{x_y}", "plain", "it's", `say "hi"`, `back\slash`, "tab\there", "é", "日本", "a:b", "#5", "{{", "}}", "😀", " ", "", "  "}
	for trial := 0; trial < 300; trial++ {
		var ws []string
		for n := 2 + rng.Intn(10); n > 0; n-- {
			ws = append(ws, words[rng.Intn(len(words))])
		}
		text := strings.Join(ws, " ")
		for style, src := range encodeStyles(rng, text) {
			var doc struct {
				Template string `yaml:"template"`
			}
			if err := yaml.Unmarshal([]byte(src), &doc); err != nil || doc.Template != text {
				continue // folding cannot write this text this way (blanks at a break)
			}
			ps, err := Parse("prompts/a.yaml", []byte(src), DefaultConfig())
			if err != nil {
				t.Fatalf("%s %q: %v", style, src, err)
			}
			r := newReader("prompts/a.yaml", []byte(src), DefaultConfig())
			root, _ := r.parseYAML(src, 1)
			if _, v := mapGet(root, "template"); text != "" {
				if _, ok := r.exactMap(v); !ok {
					t.Errorf("%s: no exact map of %q", style, src)
				}
			}
			checkUsesPointAtNames(t, []byte(src), ps[0])
			checkEveryChar(t, []byte(src), ps[0])
			if t.Failed() {
				t.Fatalf("%s encoding:\n%s", style, src)
			}
		}
	}
}

// encodeStyles writes text as the template of a YAML file in several
// scalar styles, breaking lines at random spaces.
func encodeStyles(rng *rand.Rand, text string) map[string]string {
	fold := func(parts []string, indent string) string {
		var b strings.Builder
		for i, w := range parts {
			if i > 0 {
				if rng.Intn(3) == 0 {
					b.WriteString("\n" + indent)
				} else {
					b.WriteString(" ")
				}
			}
			b.WriteString(w)
		}
		return b.String()
	}
	words := strings.Split(text, " ")
	out := map[string]string{}

	// Double-quoted, with optional escapes.
	dq := make([]string, len(words))
	for i, w := range words {
		var b strings.Builder
		for _, r := range w {
			switch {
			case r == '"' || r == '\\':
				b.WriteString(`\` + string(r))
			case r == '\t':
				b.WriteString(`\t`)
			case r > 127 && rng.Intn(2) == 0 && r < 0x10000:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				b.WriteRune(r)
			}
		}
		dq[i] = b.String()
	}
	out["double"] = "template: \"" + fold(dq, "  ") + "\"\n"

	// Single-quoted: a tab cannot be written escaped, so it stays.
	sq := make([]string, len(words))
	for i, w := range words {
		sq[i] = strings.ReplaceAll(w, "'", "''")
	}
	out["single"] = "template: '" + fold(sq, "    ") + "'\n"

	// Block scalars.
	out["literal"] = "template: |-\n  " + strings.ReplaceAll(text, "\n", "\n  ") + "\n"
	out["folded"] = "template: >-\n  " + fold(words, "  ") + "\n"
	return out
}

// TestPartialsOnceAcrossMessages: a prompt's Partials name each partial
// its messages include once, in order of first use.
func TestPartialsOnceAcrossMessages(t *testing.T) {
	data := []byte("name: a\nversion: 1.0.0\nsyntax: handlebars\nmessages:\n" +
		"  - role: system\n    content: \"{{> head}} {{> foot}} {{> head}}\"\n" +
		"  - role: user\n    content: \"{{> foot}} {{> body}} {{> head}}\"\n")
	p := parseN(t, "prompts/a.yaml", data, 1)[0]
	if want := []string{"head", "foot", "body"}; !slices.Equal(p.Partials, want) {
		t.Errorf("partials %q, want %q", p.Partials, want)
	}
}
