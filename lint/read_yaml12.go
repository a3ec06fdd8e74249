package lint

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The prompt tools read YAML 1.2 (Dotprompt with the JavaScript `yaml`
// package, Prompty with js-yaml or a Python reader), while gopkg.in/yaml.v3
// follows libyaml, which differs in two ways that matter here:
//
//   - inside a flow collection, libyaml ends a plain scalar at "?" and
//     takes it for an explicit-key indicator, so `{topic: string, style?:
//     string}` (Dotprompt's own README example) is a syntax error;
//   - libyaml keeps YAML 1.1 scalars: 017 is octal, 1_000 a number.
//
// unmarshalYAML fixes the first with a pre-pass that keeps positions: every
// "?" that YAML 1.2 reads as an ordinary character (one that is not
// followed by white space, or that follows a character of the scalar) is
// replaced by a private-use character the text does not contain, one code
// point wide, so lines and columns stay put; the parsed nodes get their "?"
// back. value fixes the second by resolving plain scalars with the YAML 1.2
// core schema.

// unmarshalYAML parses one YAML document into its node tree: fastYAML
// reads the common plain shape, yaml.v3 the rest.
func unmarshalYAML(text string) (*yaml.Node, error) {
	if doc, ok := fastYAML(text); ok {
		return doc, nil
	}
	return unmarshalYAMLv3([]byte(text))
}

// unmarshalYAMLv3 is unmarshalYAML by yaml.v3 alone.
func unmarshalYAMLv3(text []byte) (*yaml.Node, error) {
	text, mark := protectQuestionMarks(text)
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, err
	}
	if mark != "" {
		restoreQuestionMarks(&doc, mark)
	}
	return &doc, nil
}

// protectQuestionMarks replaces the question marks of text that are not
// YAML indicators by a character that text does not contain, returned as
// mark ("" when nothing was replaced).
func protectQuestionMarks(text []byte) ([]byte, string) {
	if bytes.IndexByte(text, '?') < 0 {
		return text, ""
	}
	var replace []int
	for i, c := range text {
		if c != '?' {
			continue
		}
		nextBreak := i+1 == len(text) || isYAMLBlank(text[i+1])
		if nextBreak && startsNode(text, i) {
			continue // an explicit key indicator: "? key"
		}
		replace = append(replace, i)
	}
	if len(replace) == 0 {
		return text, ""
	}
	mark := ""
	for r := rune(0xE000); r <= 0xF8FF; r++ {
		if !bytes.ContainsRune(text, r) {
			mark = string(r)
			break
		}
	}
	if mark == "" {
		return text, "" // every private-use character is taken: leave the text as it is
	}
	out := make([]byte, 0, len(text)+len(replace)*(len(mark)-1))
	last := 0
	for _, i := range replace {
		out = append(out, text[last:i]...)
		out = append(out, mark...)
		last = i + 1
	}
	return append(out, text[last:]...), mark
}

// startsNode reports whether offset i of text is where a node may start:
// only blanks lie between it and the start of its line, a flow collection's
// "[", "{" or ",", a block sequence's "-", or another indicator.
func startsNode(text []byte, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch c := text[j]; c {
		case ' ', '\t':
			continue
		case '\n', '\r', '[', '{', ',', '-', '?', ':':
			return true
		default:
			return false
		}
	}
	return true
}

func isYAMLBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// restoreQuestionMarks puts the question marks back into every node. A
// plain scalar that held one resolves to a string either way.
func restoreQuestionMarks(n *yaml.Node, mark string) {
	n.Value = strings.ReplaceAll(n.Value, mark, "?")
	n.Anchor = strings.ReplaceAll(n.Anchor, mark, "?")
	n.Tag = strings.ReplaceAll(n.Tag, mark, "?")
	for _, c := range n.Content {
		restoreQuestionMarks(c, mark)
	}
}

// duplicateKey returns the first key of the tree that its mapping already
// has (and that earlier key); aliases are not followed, since their
// targets are in the tree too.
func duplicateKey(n *yaml.Node) (dup, first *yaml.Node) {
	if n.Kind == yaml.MappingNode && len(n.Content) > 2 {
		if dup, first := duplicateOf(n.Content); dup != nil {
			return dup, first
		}
	}
	for _, c := range n.Content {
		if d, f := duplicateKey(c); d != nil {
			return d, f
		}
	}
	return nil, nil
}

// duplicateOf returns the first key of a mapping's content that an
// earlier key is the same as, and that key. A mapping of a few keys (most
// are) compares each key with those before it; a larger one uses a map.
func duplicateOf(content []*yaml.Node) (dup, first *yaml.Node) {
	const few = 8
	if len(content) <= 2*few {
		var ids [few]keyID
		var keys [few]*yaml.Node
		seen := 0
		for i := 0; i+1 < len(content); i += 2 {
			k := content[i]
			id, ok := keyIdentity(k)
			if !ok {
				continue
			}
			for j := range seen {
				if ids[j] == id {
					return k, keys[j]
				}
			}
			ids[seen], keys[seen] = id, k
			seen++
		}
		return nil, nil
	}
	seen := make(map[keyID]*yaml.Node, len(content)/2)
	for i := 0; i+1 < len(content); i += 2 {
		k := content[i]
		id, ok := keyIdentity(k)
		if !ok {
			continue
		}
		if f := seen[id]; f != nil {
			return k, f
		}
		seen[id] = k
	}
	return nil, nil
}

// keyID is a key's identity: its kind of value ('s' string, 'n' null, 'b'
// boolean, 'f' number) and the value written canonically.
type keyID struct {
	kind  byte
	value string
}

// keyIdentity says which keys are the same key, as a YAML 1.2 reader
// compares them: by their value once resolved (1 and 0x1 are the same
// number, "1" is a string). ok is false for keys that are not scalars.
func keyIdentity(k *yaml.Node) (id keyID, ok bool) {
	if k.Kind != yaml.ScalarNode {
		return keyID{}, false
	}
	if isString12(k) {
		return keyID{'s', k.Value}, true
	}
	switch v := scalarValue12(k).(type) {
	case string:
		return keyID{'s', v}, true
	case nil:
		return keyID{'n', ""}, true
	case bool:
		return keyID{'b', strconv.FormatBool(v)}, true
	case int:
		return keyID{'f', strconv.FormatFloat(float64(v), 'g', -1, 64)}, true
	case float64:
		return keyID{'f', strconv.FormatFloat(v, 'g', -1, 64)}, true
	}
	return keyID{'s', k.Value}, true
}

// isString12 reports, for the scalars it can tell at a glance (quoted,
// block, or plain words that start with no character a number, an
// infinity or a null starts with), that scalarValue12 resolves n to its
// Value, a string; false means it may not.
func isString12(n *yaml.Node) bool {
	if n.Style&yaml.TaggedStyle != 0 {
		return false
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return true
	}
	switch s := n.Value; s {
	case "", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE":
		return false
	default:
		return strings.IndexByte("~.+-0123456789", s[0]) < 0
	}
}

// The YAML 1.2 core schema's plain scalars that are not strings.
var (
	core12Int   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	core12Oct   = regexp.MustCompile(`^0o[0-7]+$`)
	core12Hex   = regexp.MustCompile(`^0x[0-9a-fA-F]+$`)
	core12Float = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
)

// scalarValue12 resolves a scalar node as a YAML 1.2 core-schema reader
// does: a quoted or block scalar is a string; an explicitly tagged one is
// what its tag says; a plain one is null, a boolean, an integer, a float,
// or else a string (so 1_000, 0b11, yes and 2001-12-14 stay strings, and
// 017 is seventeen).
func scalarValue12(n *yaml.Node) any {
	if n.Style&yaml.TaggedStyle != 0 {
		switch n.ShortTag() {
		case "!!null", "!!bool", "!!int", "!!float":
			var v any
			if err := n.Decode(&v); err == nil {
				return v
			}
		}
		return n.Value
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Value
	}
	s := n.Value
	switch s {
	case "", "~", "null", "Null", "NULL":
		return nil
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1)
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1)
	case ".nan", ".NaN", ".NAN":
		return math.NaN()
	}
	if c := s[0]; !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.') || dottedDigits(s) {
		return s // no number starts so (most values are words), or has two dots (versions)
	}
	switch {
	case core12Int.MatchString(s):
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			return int(v)
		}
		v, _ := strconv.ParseFloat(s, 64)
		return v
	case core12Oct.MatchString(s):
		if v, err := strconv.ParseInt(s[2:], 8, 64); err == nil {
			return int(v)
		}
	case core12Hex.MatchString(s):
		if v, err := strconv.ParseInt(s[2:], 16, 64); err == nil {
			return int(v)
		}
	case core12Float.MatchString(s):
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return v
		}
	}
	return s
}
