package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template"
)

// readPromptlint reads our YAML or JSON format: one prompt (top-level
// `template` or `messages`) or a `prompts:` list of them. Entries of a
// list inherit the file's version, environment, labels, syntax, model,
// changelog and promptlint.disable, and see the file's other keys in Meta.
func (r *reader) readPromptlint() ([]*Prompt, error) {
	root, err := r.parseDocument()
	if err != nil {
		return nil, err
	}
	_, entries := mapGet(root, "prompts")
	if entries == nil {
		p, err := r.promptlintPrompt(root, nil, "")
		if err != nil {
			return nil, err
		}
		return []*Prompt{p}, nil
	}
	if k, _, _ := mapGetAny(root, "template", "messages"); k != "" {
		kn, _ := mapGet(root, k)
		return nil, r.errorf(nodePos(kn), "both a top-level %s and a prompts list; put each prompt in the list", k)
	}
	if entries.Kind != yaml.SequenceNode {
		return nil, r.errorf(nodePos(entries), "prompts is %s, want a list of prompts", kindName(entries))
	}
	out := make([]*Prompt, 0, len(entries.Content))
	r.slots = make([]promptSlot, 0, len(entries.Content))
	r.messageSlab = make([]Message, 0, len(entries.Content))
	r.segSlab = make([]seg, 0, len(entries.Content))
	r.useSlab = make([]Use, 0, len(entries.Content))
	names := entryNames(r.stem, len(entries.Content))
	for i, e := range entries.Content {
		e = resolve(e)
		if e.Kind != yaml.MappingNode {
			return nil, r.errorf(nodePos(e), "prompts entry %d is %s, want a mapping with a template", i+1, kindName(e))
		}
		p, err := r.promptlintPrompt(e, root, names[i])
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// entryNames are the names of the n entries of a prompts: list that do
// not name themselves: the file's stem, "#" and the 1-based index
// ("support#3"), cut from one string.
func entryNames(stem string, n int) []string {
	var b strings.Builder
	b.Grow(n * (len(stem) + 1 + len(strconv.Itoa(n))))
	ends := make([]int, n)
	var digits [20]byte
	for i := range ends {
		b.WriteString(stem)
		b.WriteByte('#')
		b.Write(strconv.AppendInt(digits[:0], int64(i+1), 10))
		ends[i] = b.Len()
	}
	all := b.String()
	names := make([]string, n)
	start := 0
	for i, end := range ends {
		names[i] = all[start:end]
		start = end
	}
	return names
}

// parseDocument parses the whole file as YAML (JSON for .json files) and
// returns its top-level mapping.
func (r *reader) parseDocument() (*yaml.Node, error) {
	if strings.EqualFold(path.Ext(r.path), ".json") {
		if err := r.checkJSON(); err != nil {
			return nil, err
		}
	}
	var root *yaml.Node
	var err error
	switch {
	case strings.EqualFold(path.Ext(r.path), ".json"):
		root, err = r.parseYAML(string(yamlSafeJSON(r.data)), 1)
	case r.doc != nil:
		// Telling the format parsed the file already.
		root, err = r.parsed(r.doc, 1)
	default:
		root, err = r.parseYAML(string(r.data), 1)
	}
	if err != nil {
		return nil, err
	}
	if root == nil {
		return nil, r.errorf(Pos{Line: 1, Col: 1}, "file holds no YAML document")
	}
	if root.Kind != yaml.MappingNode {
		return nil, r.errorf(nodePos(root), "top level is %s, want a mapping of keys", kindName(root))
	}
	return root, nil
}

// checkJSON reports JSON syntax errors at their position.
func (r *reader) checkJSON() error {
	var v any
	err := json.Unmarshal(r.data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return r.errorf(r.src.pos(int(se.Offset)-1), "invalid JSON: %s", se.Error())
	}
	if err != nil {
		return r.errorf(Pos{Line: 1, Col: 1}, "invalid JSON: %s", err.Error())
	}
	return nil
}

// promptlintPrompt reads one prompt from mapping m; file is the mapping
// around a `prompts:` entry (nil for a one-prompt file) and name the
// entry's name unless it names itself.
func (r *reader) promptlintPrompt(m, file *yaml.Node, name string) (*Prompt, error) {
	p := r.newPrompt(FormatPromptlint, r.syntax)
	if file != nil {
		p.Pos = nodePos(m)
		p.Name = name
		if err := r.inherit(p, file); err != nil {
			return nil, err
		}
	}
	if err := r.header(p, m, false); err != nil {
		return nil, err
	}
	if file != nil {
		r.inheritMeta(p)
	}
	r.environmentFromLabels(p)
	for _, mm := range []*yaml.Node{file, m} {
		if mm == nil || mm == file && !r.fileSettings {
			continue
		}
		syn, ok, err := r.syntaxKey(mm)
		if err != nil {
			return nil, err
		}
		if ok {
			p.Syntax = syn
		}
		if err := r.model(p, mm, "parameters", "modelParameters"); err != nil {
			return nil, err
		}
	}
	if _, v := mapGet(m, "variables"); v != nil {
		if err := r.variables(p, v); err != nil {
			return nil, err
		}
	}
	if _, _, v := mapGetAny(m, "testData", "examples", "sample"); v != nil {
		if err := r.testRows(p, v); err != nil {
			return nil, err
		}
	}
	tk, tv := mapGet(m, "template")
	mk, mv := mapGet(m, "messages")
	switch {
	case tk != nil && mk != nil:
		return nil, r.errorf(nodePos(mk), "both template and messages; use one")
	case tk != nil:
		if tv.Kind != yaml.ScalarNode {
			return nil, r.errorf(nodePos(tv), "template is %s, want a string", kindName(tv))
		}
		if err := r.spendText(tv); err != nil {
			return nil, err
		}
		r.addScalarMessage(p, "", tv)
	case mk != nil:
		if err := r.messages(p, mv); err != nil {
			return nil, err
		}
	default:
		return nil, r.errorf(nodePos(m), "prompt has no template or messages")
	}
	return p, nil
}

// inherit gives p, an entry of a prompts: list, the header of the file
// around the list, read at the first entry for them all.
func (r *reader) inherit(p *Prompt, file *yaml.Node) error {
	if r.file == nil {
		f := &Prompt{}
		if err := r.header(f, file, true); err != nil {
			return err
		}
		r.file = f
		key, _, _ := mapGetAny(file, "syntax", "model", "parameters", "modelParameters")
		r.fileSettings = key != ""
		for k, v := range f.Meta {
			r.fileMeta = append(r.fileMeta, metaValue{k, v})
		}
	}
	f := r.file
	p.Version, p.VersionSet, p.VersionKind, p.VersionPos = f.Version, f.VersionSet, f.VersionKind, f.VersionPos
	p.Description, p.Environment = f.Description, f.Environment
	p.Labels, p.Changelog, p.Disabled = slices.Clone(f.Labels), slices.Clone(f.Changelog), slices.Clone(f.Disabled)
	return nil
}

// inheritMeta adds the file's keys to the Meta of p, an entry of a
// prompts: list, where the entry has none of its own. Meta is the
// entry's map of values, which mappings keeps too; but a test row that is
// the entry (an alias of it) would be converted again when the entry
// that holds it is, so the file's keys never reach a row.
func (r *reader) inheritMeta(p *Prompt) {
	for _, m := range r.fileMeta {
		if _, ok := p.Meta[m.key]; !ok {
			p.Meta[m.key] = m.value
		}
	}
}

// metaValue is one key of a Meta map and its value.
type metaValue struct {
	key   string
	value any
}

// messages reads a list of {role, content} messages.
func (r *reader) messages(p *Prompt, v *yaml.Node) error {
	if v.Kind != yaml.SequenceNode {
		if isNull(v) {
			return nil
		}
		return r.errorf(nodePos(v), "messages is %s, want a list of {role, content}", kindName(v))
	}
	for i, e := range v.Content {
		e = resolve(e)
		if e.Kind != yaml.MappingNode {
			return r.errorf(nodePos(e), "message %d is %s, want a mapping with role and content", i+1, kindName(e))
		}
		role := ""
		if _, rv := mapGet(e, "role"); rv != nil {
			role, _ = scalar(rv)
		}
		_, cv := mapGet(e, "content")
		if cv != nil && cv.Kind != yaml.ScalarNode {
			return r.errorf(nodePos(cv), "content of message %d is %s, want a string", i+1, kindName(cv))
		}
		if cv == nil {
			cv = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: e.Line, Column: e.Column}
		}
		if err := r.spendText(cv); err != nil {
			return err
		}
		r.addScalarMessage(p, role, cv)
	}
	return nil
}

// readGitHubModels reads a GitHub Models .prompt.yml file: name,
// description, model, modelParameters, messages, testData, and our
// top-level version. Its {{name}} placeholders are implicit inputs.
func (r *reader) readGitHubModels() ([]*Prompt, error) {
	root, err := r.parseDocument()
	if err != nil {
		return nil, err
	}
	p := r.newPrompt(FormatGitHubModels, template.GitHubModels)
	if err := r.header(p, root, false); err != nil {
		return nil, err
	}
	r.environmentFromLabels(p)
	if err := r.model(p, root, "modelParameters"); err != nil {
		return nil, err
	}
	if _, v := mapGet(root, "testData"); v != nil {
		if err := r.testRows(p, v); err != nil {
			return nil, err
		}
	}
	_, mv := mapGet(root, "messages")
	if mv == nil {
		return nil, r.errorf(Pos{Line: 1, Col: 1}, "no messages: a GitHub Models prompt needs a messages list")
	}
	if err := r.messages(p, mv); err != nil {
		return nil, err
	}
	return []*Prompt{p}, nil
}

// yamlSafeJSON rewrites the JSON escapes YAML rejects: a UTF-16 surrogate
// pair \uD83D\uDE00 becomes \U0001F600, and a lone surrogate \uFFFD.
// Positions on the rest of such a line shift; the text does not.
func yamlSafeJSON(data []byte) []byte {
	if !bytes.Contains(data, []byte(`\u`)) {
		return data
	}
	var out []byte
	last := 0
	for i := 0; i+1 < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		if data[i+1] != 'u' || i+6 > len(data) {
			i++
			continue
		}
		hi, err := strconv.ParseUint(string(data[i+2:i+6]), 16, 32)
		if err != nil || hi < 0xD800 || hi > 0xDFFF {
			i += 5
			continue
		}
		repl, n := []byte(`\uFFFD`), 6
		if hi < 0xDC00 && i+12 <= len(data) && data[i+6] == '\\' && data[i+7] == 'u' {
			if lo, err := strconv.ParseUint(string(data[i+8:i+12]), 16, 32); err == nil && lo >= 0xDC00 && lo <= 0xDFFF {
				r := utf16.DecodeRune(rune(hi), rune(lo))
				repl, n = []byte(fmt.Sprintf(`\U%08X`, r)), 12
			}
		}
		out = append(out, data[last:i]...)
		out = append(out, repl...)
		last = i + n
		i += n - 1
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}
