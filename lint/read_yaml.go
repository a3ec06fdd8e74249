package lint

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template"
)

// reader reads one file into prompts; it carries what every format's
// reader shares: the file, the config, and the budget that bounds alias
// expansion.
type reader struct {
	path string
	data []byte
	cfg  *Config
	src  *source

	// stem names the file's prompts that do not name themselves (see
	// stem); syntax is the configured syntax of our YAML and text formats.
	stem   string
	syntax template.Syntax

	// budget is how many YAML nodes may still be visited while turning
	// nodes into values; aliases make that number unbounded otherwise
	// (billion laughs).
	budget int
	// textBudget is how many bytes of prompt text, and of text that
	// aliases copy into other values, the file may still yield: aliases
	// can repeat one long string any number of times, and every copy is
	// scanned, diffed, encoded and counted (quadratic blowup).
	textBudget int64

	// aliased counts the aliases being followed while turning nodes into
	// values: the scalars copied under one are charged to textBudget.
	aliased int

	// mappings are the values of the mappings turned into values so
	// far, by node: the test rows, converted with the rest of the file
	// into Meta, are not converted (and kept) a second time. The mapping
	// a conversion starts at is not kept: a row is never one (the rows
	// lie inside the mapping whose Meta holds them, and a prompts: list
	// has a mapping per entry, thousands of them).
	mappings map[*yaml.Node]map[string]any

	// file is the header of the file around a prompts: list (its keys
	// other than prompts in Meta), read once: what every entry inherits;
	// fileMeta is its Meta as a list, quicker to go through than the map.
	file     *Prompt
	fileMeta []metaValue
	// fileSettings is set when the file sets a syntax or model
	// parameters, which its entries read again (the entry's win).
	fileSettings bool

	// slots are where newPrompt makes the prompts of a prompts: list,
	// one allocation for them all; the slabs are where addScalarMessage
	// makes their messages, the maps of verbatim texts and the uses,
	// sized for one of each per prompt (carve).
	slots       []promptSlot
	messageSlab []Message
	segSlab     []seg
	useSlab     []Use

	// doc is the whole file parsed as YAML when telling its format did
	// that already; nil otherwise.
	doc *yaml.Node
}

// aliasAllowance is how many nodes alias expansion may add to a file on
// top of a small multiple of its own node count.
const aliasAllowance = 100_000

func newReader(path string, data []byte, cfg *Config) *reader {
	syntax, ok := template.ParseSyntax(cfg.Syntax)
	if !ok {
		syntax = template.Python
	}
	return &reader{path: path, data: data, cfg: cfg, src: newSource(data), stem: stem(path), syntax: syntax,
		budget: aliasAllowance, textBudget: int64(len(data)) + max(cfg.MaxFileSize, 0)}
}

// spendText charges the text of a scalar that becomes prompt text (a
// template or a message's content) to the file's text budget: the text of
// a file's prompts may not exceed the file's size plus max_file_size, which
// only aliases repeating a long string can reach.
func (r *reader) spendText(n *yaml.Node) error {
	if n = resolve(n); n == nil {
		return nil
	}
	r.textBudget -= int64(len(n.Value))
	if r.textBudget < 0 {
		return r.errorf(nodePos(n), "YAML aliases repeat text past %d bytes of prompt text, the file's size plus max_file_size (an alias bomb?)", int64(len(r.data))+max(r.cfg.MaxFileSize, 0))
	}
	return nil
}

// errorf returns a ParseError at pos.
func (r *reader) errorf(pos Pos, format string, args ...any) *ParseError {
	if !pos.IsValid() {
		pos = Pos{Line: 1, Col: 1}
	}
	return &ParseError{Path: r.path, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// parseYAML parses text, a YAML document whose first line is line
// firstLine of the file, and shifts every node's line accordingly. It
// returns the document's top node, nil for an empty document. A mapping
// with a key twice is an error at the second key.
func (r *reader) parseYAML(text string, firstLine int) (*yaml.Node, error) {
	doc, err := unmarshalYAML(text)
	if err != nil {
		msg := err.Error()
		pos := Pos{Line: firstLine, Col: 1}
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil {
				pos.Line = firstLine + n - 1
			}
			msg = msg[len(m[0]):]
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		return nil, r.errorf(pos, "invalid YAML: %s", msg)
	}
	return r.parsed(doc, firstLine)
}

// parsed finishes parseYAML on a document parsed from text whose first
// line is line firstLine of the file.
func (r *reader) parsed(doc *yaml.Node, firstLine int) (*yaml.Node, error) {
	count := 0
	shiftLines(doc, firstLine-1, &count)
	r.budget += 4 * count
	if dup, first := duplicateKey(doc); dup != nil {
		return nil, r.errorf(nodePos(dup), "key %q is defined twice (first at line %d); YAML readers disagree on which one counts, so remove one", dup.Value, first.Line)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// shiftLines adds delta to the line of every node of the tree (aliases are
// not followed: their targets are in the tree too) and counts the nodes.
func shiftLines(n *yaml.Node, delta int, count *int) {
	*count++
	n.Line += delta
	for _, c := range n.Content {
		shiftLines(c, delta, count)
	}
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// nodePos is the file position of a node.
func nodePos(n *yaml.Node) Pos {
	if n == nil || n.Line < 1 {
		return Pos{}
	}
	return Pos{Line: n.Line, Col: max(n.Column, 1)}
}

// mapGet returns the key and value nodes of key in mapping m, the value
// resolved; nil when m is not a mapping or lacks the key.
func mapGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return m.Content[i], resolve(m.Content[i+1])
		}
	}
	return nil, nil
}

// mapGetAny is mapGet of the first key of keys that m has.
func mapGetAny(m *yaml.Node, keys ...string) (key string, k, v *yaml.Node) {
	for _, key := range keys {
		if k, v := mapGet(m, key); k != nil {
			return key, k, v
		}
	}
	return "", nil, nil
}

// isNull reports whether n is absent or a YAML null.
func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || n.Kind == 0 || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// scalar returns the text of a scalar node as written (a null gives "").
func scalar(n *yaml.Node) (string, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	if n.ShortTag() == "!!null" {
		return "", true
	}
	return n.Value, true
}

// kindName names a node's kind for messages: "a mapping", "a list", ...
func kindName(n *yaml.Node) string {
	n = resolve(n)
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "a number"
		}
		return "a string"
	}
	return "an empty document"
}

// value turns a node into a Go value: map[string]any, []any, string,
// bool, int, float64 or nil, resolving plain scalars as YAML 1.2 does
// (scalarValue12). Timestamps and other tagged scalars stay the strings
// they were written as. Alias expansion is bounded by r.budget.
func (r *reader) value(n *yaml.Node) (any, error) {
	return r.valueDepth(n, 0)
}

func (r *reader) valueDepth(n *yaml.Node, depth int) (any, error) {
	r.budget--
	if r.budget < 0 {
		return nil, r.errorf(nodePos(n), "YAML aliases expand to too many values (an alias bomb?)")
	}
	if depth > 1000 {
		return nil, r.errorf(nodePos(n), "YAML is nested too deeply")
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		r.aliased++
		defer func() { r.aliased-- }()
		return r.valueDepth(n.Alias, depth+1)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return r.valueDepth(n.Content[0], depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := r.valueDepth(c, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		var merges []*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, vn := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
				merges = append(merges, vn)
				continue
			}
			v, err := r.valueDepth(vn, depth+1)
			if err != nil {
				return nil, err
			}
			out[r.keyString(k)] = v
		}
		for _, mn := range merges {
			mv, err := r.valueDepth(mn, depth+1)
			if err != nil {
				return nil, err
			}
			var maps []any
			switch mv := mv.(type) {
			case map[string]any:
				maps = []any{mv}
			case []any:
				maps = mv
			}
			for _, m := range maps {
				if m, ok := m.(map[string]any); ok {
					for k, v := range m {
						if _, set := out[k]; !set {
							out[k] = v
						}
					}
				}
			}
		}
		if depth > 0 {
			if r.mappings == nil {
				r.mappings = map[*yaml.Node]map[string]any{}
			}
			r.mappings[n] = out
		}
		return out, nil
	case yaml.ScalarNode:
		if r.aliased > 0 {
			// A copy an alias makes: metadata is compared, encoded and
			// scanned like prompt text, so it shares the text budget.
			if r.textBudget -= int64(len(n.Value)); r.textBudget < 0 {
				return nil, r.errorf(nodePos(n), "YAML aliases repeat text past %d bytes, the file's size plus max_file_size (an alias bomb?)", int64(len(r.data))+max(r.cfg.MaxFileSize, 0))
			}
		}
		return scalarValue12(n), nil
	}
	return nil, nil
}

// keyString is a mapping key as a string.
func (r *reader) keyString(k *yaml.Node) string {
	k = resolve(k)
	if k != nil && k.Kind == yaml.ScalarNode {
		return k.Value
	}
	// A key that is a list or a mapping (`? [a, b]`) reads as its JSON
	// text, never Go's formatting.
	v, err := r.value(k)
	if err != nil {
		return ""
	}
	return canonicalJSON(v)
}

// mapValue is value for a node that should be a mapping; anything else
// gives nil.
func (r *reader) mapValue(n *yaml.Node) (map[string]any, error) {
	if n = resolve(n); n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	v, err := r.value(n)
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	return m, nil
}

// inheritedMeta returns the metadata a prompts: entry inherits from the
// file mapping: its keys other than prompts, converted to values (the
// file's header is read once for all its entries: converting the whole
// file for each entry made a long list quadratic, and spent the alias
// budget on a file without aliases).
func (r *reader) inheritedMeta(file *yaml.Node) (map[string]any, error) {
	rest := *file
	rest.Content = nil
	for i := 0; i+1 < len(file.Content); i += 2 {
		if k := file.Content[i]; k.Kind == yaml.ScalarNode && k.Value == "prompts" {
			continue
		}
		rest.Content = append(rest.Content, file.Content[i], file.Content[i+1])
	}
	m, err := r.mapValue(&rest)
	if err != nil {
		return nil, err
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// scalarList returns the strings of a list of scalars, or of one scalar.
func scalarList(n *yaml.Node) []string {
	n = resolve(n)
	if n == nil {
		return nil
	}
	if s, ok := scalar(n); ok {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	var out []string
	if n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			if s, ok := scalar(c); ok && s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
