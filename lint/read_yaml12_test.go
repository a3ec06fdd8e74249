package lint

import (
	"fmt"
	"math/rand"
	"strconv"
	"testing"

	"gopkg.in/yaml.v3"
)

// yaml12Words are scalars of every kind YAML 1.2 resolves, and strings
// that look like them.
var yaml12Words = []string{
	"", "~", "null", "Null", "NULL", "nul", "nulls", "true", "True", "TRUE", "tRue", "false", "False", "no", "yes", "on",
	"0", "1", "01", "017", "0o17", "0x1", "0x1F", "+1", "-1", "1.0", "1e3", ".5", "1.", "1_000", "1.0.0", "2024-01-01",
	".inf", "-.Inf", "+.INF", ".nan", ".NaN", "inf", "name", "template", "a b", "~x", "-", "+", ".", "$ref", "_x", "é",
}

// yaml12Nodes are the words as scalars in every style, plain and tagged.
func yaml12Nodes() []*yaml.Node {
	var out []*yaml.Node
	for _, w := range yaml12Words {
		for _, style := range []yaml.Style{0, yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle, yaml.LiteralStyle, yaml.FoldedStyle, yaml.TaggedStyle} {
			n := &yaml.Node{Kind: yaml.ScalarNode, Value: w, Style: style}
			if style == yaml.TaggedStyle {
				n.Tag = "!!str"
			}
			out = append(out, n)
		}
	}
	return out
}

// TestIsString12 holds isString12 to scalarValue12: a scalar it calls a
// string resolves to its own value as a string.
func TestIsString12(t *testing.T) {
	told := 0
	for _, n := range yaml12Nodes() {
		if !isString12(n) {
			continue
		}
		told++
		if v, ok := scalarValue12(n).(string); !ok || v != n.Value {
			t.Errorf("isString12(%q, style %d), but scalarValue12 is %#v", n.Value, n.Style, scalarValue12(n))
		}
	}
	if told < len(yaml12Words) {
		t.Errorf("isString12 told %d scalars, want more", told)
	}
}

// duplicateOfByMap is duplicateOf as a map of every key's identity
// written as a string, from scalarValue12 alone.
func duplicateOfByMap(content []*yaml.Node) (dup, first *yaml.Node) {
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(content); i += 2 {
		k := content[i]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		id := "s" + k.Value
		switch v := scalarValue12(k).(type) {
		case string:
			id = "s" + v
		case nil:
			id = "n"
		case bool:
			id = "b" + strconv.FormatBool(v)
		case int:
			id = "f" + strconv.FormatFloat(float64(v), 'g', -1, 64)
		case float64:
			id = "f" + strconv.FormatFloat(v, 'g', -1, 64)
		}
		if f := seen[id]; f != nil {
			return k, f
		}
		seen[id] = k
	}
	return nil, nil
}

// TestDuplicateOfSameAsMap holds duplicateOf (keys compared in place in a
// small mapping, identities without strings built) to a map of the keys'
// identities, over random mappings of 1 to 20 keys drawn from words whose
// values coincide (1, 01, 0x1 and 1.0; null, ~ and ""; true and True).
func TestDuplicateOfSameAsMap(t *testing.T) {
	nodes := yaml12Nodes()
	rng := rand.New(rand.NewSource(9))
	dups := 0
	for trial := 0; trial < 20000; trial++ {
		var content []*yaml.Node
		for n := 1 + rng.Intn(20); n > 0; n-- {
			k := nodes[rng.Intn(len(nodes))]
			if rng.Intn(10) == 0 {
				k = &yaml.Node{Kind: yaml.SequenceNode}
			}
			content = append(content, k, &yaml.Node{Kind: yaml.ScalarNode, Value: fmt.Sprint(trial)})
		}
		d, f := duplicateOf(content)
		wd, wf := duplicateOfByMap(content)
		if d != wd || f != wf {
			t.Fatalf("keys %v: duplicate %v of %v, want %v of %v", content, d, f, wd, wf)
		}
		if d != nil {
			dups++
		}
	}
	if dups < 1000 {
		t.Errorf("%d mappings with a duplicate, want more", dups)
	}
}
