package lint

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template"
)

// frontMatter is a file split into its YAML front matter and its body.
type frontMatter struct {
	present  bool   // the file opens front matter with a --- line
	unclosed bool   // ... and never closes it
	openLine int    // line of the opening ---
	yaml     string // the front matter, between the --- lines
	yamlLine int    // line of the front matter's first line
	body     string // everything after the closing ---, or the whole file
	bodyLine int    // line of the body's first line
}

// splitFrontMatter splits data at its front matter: a first line "---", the
// YAML, a line "---". With comments, lines starting with # and blank lines
// may come before the opening line (Dotprompt files often start with a
// license header); they then belong to neither part.
func splitFrontMatter(data []byte, comments bool) (frontMatter, bool) {
	text := string(data)
	fm := frontMatter{body: text, bodyLine: 1}
	line, off := 1, 0
	for off < len(text) {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		l := strings.TrimRight(text[off:off+end], " \t")
		if l == "---" {
			fm.present, fm.openLine = true, line
			off += min(end+1, len(text)-off)
			line++
			break
		}
		if !comments || (l != "" && !strings.HasPrefix(l, "#")) {
			return fm, true
		}
		off += min(end+1, len(text)-off)
		line++
	}
	if !fm.present {
		return fm, true
	}
	fm.yamlLine = line
	start := off
	for off < len(text) {
		end := strings.IndexByte(text[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end, next = len(text)-off, len(text)
		}
		if l := strings.TrimRight(text[off:off+end], " \t"); l == "---" {
			fm.yaml = text[start:off]
			fm.body = text[next:]
			fm.bodyLine = line + 1
			return fm, true
		}
		off = next
		line++
	}
	fm.unclosed = true
	fm.yaml, fm.body = "", text
	return fm, true
}

// frontMatterRoot splits data and parses its front matter; strict formats
// (all but plain text) report an unclosed or non-mapping front matter.
func (r *reader) frontMatterRoot(comments bool) (frontMatter, *yaml.Node, error) {
	fm, _ := splitFrontMatter(r.data, comments)
	if fm.unclosed {
		return fm, nil, r.errorf(Pos{Line: fm.openLine, Col: 1}, "front matter opened here is never closed (want a closing --- line)")
	}
	if !fm.present {
		return fm, nil, nil
	}
	root, err := r.parseYAML(fm.yaml, fm.yamlLine)
	if err != nil {
		return fm, nil, err
	}
	if root != nil && root.Kind != yaml.MappingNode {
		return fm, nil, r.errorf(nodePos(root), "front matter is %s, want a mapping of keys", kindName(root))
	}
	return fm, root, nil
}

// newPrompt starts a prompt of the file, named after it.
func (r *reader) newPrompt(f Format, syntax template.Syntax) *Prompt {
	var s *promptSlot
	if len(r.slots) < cap(r.slots) {
		r.slots = r.slots[:len(r.slots)+1]
		s = &r.slots[len(r.slots)-1]
	} else {
		s = new(promptSlot)
	}
	s.p = Prompt{Path: r.path, Pos: Pos{Line: 1, Col: 1}, Name: r.stem, Format: f, Syntax: syntax, iface: &s.iface}
	return &s.p
}

// promptSlot holds a prompt the readers make and its Interface's answer.
type promptSlot struct {
	p     Prompt
	iface interfaceOnce
}

// header reads the keys every format shares from mapping m: name, version,
// description, environment, labels (or tags), changelog (or history),
// promptlint.disable, and every key into Meta. With inherited, m is the
// file around a `prompts:` entry: its name is not the entry's.
func (r *reader) header(p *Prompt, m *yaml.Node, inherited bool) error {
	if m == nil {
		return nil
	}
	if k, v := mapGet(m, "name"); k != nil && !inherited {
		if s, ok := scalar(v); ok && s != "" {
			p.Name, p.NamePos = s, nodePos(v)
		}
	}
	if k, v := mapGet(m, "version"); k != nil {
		r.setVersion(p, k, v)
	}
	if _, v := mapGet(m, "description"); v != nil {
		if s, ok := scalar(v); ok {
			p.Description = s
		}
	}
	if _, v := mapGet(m, "environment"); v != nil {
		if s, ok := scalar(v); ok {
			p.Environment = s
		}
	}
	if _, _, v := mapGetAny(m, "labels", "tags"); v != nil {
		p.Labels = r.labels(v)
	}
	if _, _, v := mapGetAny(m, "changelog", "history"); v != nil {
		if err := r.changelog(p, v); err != nil {
			return err
		}
	}
	if _, v := mapGet(m, "promptlint"); v != nil {
		if v.Kind != yaml.MappingNode {
			return r.errorf(nodePos(v), "promptlint is %s, want a mapping such as {disable: [rule-id]}", kindName(v))
		}
		if _, d := mapGet(v, "disable"); d != nil {
			p.Disabled = scalarList(d)
		}
	}
	var meta map[string]any
	var err error
	if inherited {
		meta, err = r.inheritedMeta(m)
	} else {
		meta, err = r.mapValue(m)
	}
	if err != nil {
		return err
	}
	if p.Meta == nil {
		p.Meta = meta
	} else {
		for k, v := range meta {
			p.Meta[k] = v
		}
	}
	return nil
}

// setVersion records a version key and its value as written.
func (r *reader) setVersion(p *Prompt, k, v *yaml.Node) {
	p.VersionSet = true
	p.Version = ""
	p.VersionPos = nodePos(v)
	if !p.VersionPos.IsValid() || isNull(v) {
		p.VersionPos = nodePos(k)
	}
	if s, ok := scalar(v); ok {
		p.Version = s
	}
	switch v.Kind {
	case yaml.SequenceNode:
		p.VersionKind = "a list"
	case yaml.MappingNode:
		p.VersionKind = "a mapping"
	}
}

// labels reads labels: a list, one string, or a mapping (key=value).
func (r *reader) labels(v *yaml.Node) []string {
	if v.Kind == yaml.MappingNode {
		var out []string
		for i := 0; i+1 < len(v.Content); i += 2 {
			val, _ := scalar(v.Content[i+1])
			out = append(out, v.Content[i].Value+"="+val)
		}
		return out
	}
	return scalarList(v)
}

// environmentFromLabels sets an undeclared environment from a label that
// names a configured environment.
func (r *reader) environmentFromLabels(p *Prompt) {
	if p.Environment != "" {
		return
	}
	for _, l := range p.Labels {
		if _, ok := r.cfg.Environments[l]; ok {
			p.Environment = l
			return
		}
	}
}

// changelog reads a list of {version, date, changes} entries, or a mapping
// from version to changes.
func (r *reader) changelog(p *Prompt, v *yaml.Node) error {
	p.Changelog = nil
	switch v.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			p.Changelog = append(p.Changelog, ChangelogEntry{Version: v.Content[i].Value, Changes: changesText(v.Content[i+1]), Pos: nodePos(v.Content[i])})
		}
	case yaml.SequenceNode:
		for _, e := range v.Content {
			e = resolve(e)
			entry := ChangelogEntry{Pos: nodePos(e)}
			switch e.Kind {
			case yaml.MappingNode:
				if _, vv := mapGet(e, "version"); vv != nil {
					entry.Version, _ = scalar(vv)
				}
				if _, vv := mapGet(e, "date"); vv != nil {
					entry.Date, _ = scalar(vv)
				}
				if _, _, vv := mapGetAny(e, "changes", "change", "description", "notes", "summary"); vv != nil {
					entry.Changes = changesText(vv)
				}
			case yaml.ScalarNode:
				entry.Changes = e.Value
			default:
				return r.errorf(nodePos(e), "changelog entry is %s, want a mapping with version, date and changes", kindName(e))
			}
			p.Changelog = append(p.Changelog, entry)
		}
	case yaml.ScalarNode:
		if !isNull(v) {
			return r.errorf(nodePos(v), "changelog is %s, want a list of entries with version, date and changes", kindName(v))
		}
	}
	return nil
}

// changesText is a changelog entry's changes: a string, or a list of
// strings joined by newlines.
func changesText(n *yaml.Node) string {
	if s, ok := scalar(n); ok {
		return s
	}
	return strings.Join(scalarList(n), "\n")
}

// model fills p.Model from a `model` key (a name or a mapping) and
// parameter mappings under the given keys; nested `options` and
// `parameters` of a model mapping are flattened into it.
func (r *reader) model(p *Prompt, m *yaml.Node, paramKeys ...string) error {
	set := func(k string, v any) {
		if p.Model == nil {
			p.Model = map[string]any{}
		}
		p.Model[k] = v
	}
	if _, v := mapGet(m, "model"); v != nil {
		switch v.Kind {
		case yaml.ScalarNode:
			if s, _ := scalar(v); s != "" {
				set("model", s)
			}
		case yaml.MappingNode:
			mv, err := r.mapValue(v)
			if err != nil {
				return err
			}
			for k, val := range mv {
				if sub, ok := val.(map[string]any); ok && (k == "options" || k == "parameters") {
					for sk, sv := range sub {
						set(sk, sv)
					}
					continue
				}
				set(k, val)
			}
		}
	}
	for _, key := range paramKeys {
		_, v := mapGet(m, key)
		mv, err := r.mapValue(v)
		if err != nil {
			return err
		}
		for k, val := range mv {
			set(k, val)
		}
	}
	return nil
}

// testRows reads rows of test inputs: a list of mappings, or one mapping.
func (r *reader) testRows(p *Prompt, v *yaml.Node) error {
	v = resolve(v)
	if v == nil || isNull(v) {
		return nil
	}
	rows := v.Content
	if v.Kind == yaml.MappingNode {
		rows = []*yaml.Node{v}
	} else if v.Kind != yaml.SequenceNode {
		return nil // a file reference (Prompty's sample: file.json) holds no rows here
	}
	p.TestData = slices.Grow(p.TestData, len(rows))
	for _, row := range rows {
		row = resolve(row)
		if row.Kind != yaml.MappingNode {
			return r.errorf(nodePos(row), "test data row is %s, want a mapping of variable values", kindName(row))
		}
		vals, ok := r.mappings[row] // converted into Meta already
		if !ok {
			var err error
			if vals, err = r.mapValue(row); err != nil {
				return err
			}
		}
		p.TestData = append(p.TestData, TestRow{Pos: nodePos(row), Values: vals})
	}
	return nil
}

// variables reads declared variables: a mapping from name to default
// (null: required) or to a spec {default, required, type, description},
// or a list of names or of specs with a `name`.
func (r *reader) variables(p *Prompt, v *yaml.Node) error {
	p.Declares = true
	switch v.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			k, val := v.Content[i], resolve(v.Content[i+1])
			vr := Variable{Name: r.keyString(k), Pos: nodePos(k), Required: true}
			if isSpec(val) {
				if err := r.varSpec(&vr, val); err != nil {
					return err
				}
			} else if !isNull(val) {
				d, err := r.value(val)
				if err != nil {
					return err
				}
				vr.Default, vr.HasDefault, vr.Required = d, true, false
			}
			p.Variables = append(p.Variables, vr)
		}
	case yaml.SequenceNode:
		for _, e := range v.Content {
			e = resolve(e)
			vr := Variable{Pos: nodePos(e), Required: true}
			switch e.Kind {
			case yaml.ScalarNode:
				vr.Name = e.Value
			case yaml.MappingNode:
				k, nv := mapGet(e, "name")
				if k == nil {
					return r.errorf(nodePos(e), "variable has no name")
				}
				vr.Name, _ = scalar(nv)
				vr.Pos = nodePos(nv)
				if err := r.varSpec(&vr, e); err != nil {
					return err
				}
			default:
				return r.errorf(nodePos(e), "variable is %s, want a name or a mapping with name and default", kindName(e))
			}
			p.Variables = append(p.Variables, vr)
		}
	case yaml.ScalarNode:
		if !isNull(v) {
			return r.errorf(nodePos(v), "variables is %s, want a mapping of names to defaults", kindName(v))
		}
	}
	return nil
}

var specKeys = map[string]bool{"default": true, "required": true, "type": true, "kind": true, "description": true, "optional": true, "sample": true, "example": true, "enum": true, "enumValues": true, "nullable": true}

// isSpec reports whether a variable's value is a spec mapping rather than
// a default that happens to be a mapping.
func isSpec(n *yaml.Node) bool {
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !specKeys[n.Content[i].Value] {
			return false
		}
	}
	return true
}

// varSpec reads default, required, optional, type (or kind) and
// description; required defaults to "no default".
func (r *reader) varSpec(vr *Variable, m *yaml.Node) error {
	if k, d := mapGet(m, "default"); k != nil {
		val, err := r.value(d)
		if err != nil {
			return err
		}
		vr.Default, vr.HasDefault = val, true
	}
	vr.Required = !vr.HasDefault
	if _, req := mapGet(m, "required"); req != nil {
		if s, _ := scalar(req); s == "true" || s == "false" {
			vr.Required = s == "true"
		}
	}
	if _, opt := mapGet(m, "optional"); opt != nil {
		if s, _ := scalar(opt); s == "true" {
			vr.Required = false
		}
	}
	if _, _, t := mapGetAny(m, "type", "kind"); t != nil {
		vr.Type, _ = scalar(t)
	}
	if _, d := mapGet(m, "description"); d != nil {
		vr.Description, _ = scalar(d)
	}
	return nil
}

// syntaxKey reads a `syntax:` key, if any.
func (r *reader) syntaxKey(m *yaml.Node) (template.Syntax, bool, error) {
	_, v := mapGet(m, "syntax")
	if v == nil {
		return "", false, nil
	}
	s, _ := scalar(v)
	syn, ok := template.ParseSyntax(s)
	if !ok {
		return "", false, r.errorf(nodePos(v), "unknown template syntax %q (want python, mustache, handlebars or jinja2)", s)
	}
	return syn, true, nil
}

// readMarkdown reads text or Markdown with YAML front matter. A first line
// "---" opens front matter only when a closing "---" follows and what lies
// between is a YAML mapping (or looks like one, so that its YAML errors are
// reported); a Markdown or text file without front matter documents
// prompts and yields none, as does one whose "---" lines separate text
// (promptfoo's .txt files). Template files (.j2, .hbs, .mustache) are
// templates with or without front matter.
//
// A Markdown or text prompt whose front matter declares neither
// `variables` nor a `syntax` is literal text: braces, JSON and code in it
// are not placeholders.
func (r *reader) readMarkdown() ([]*Prompt, error) {
	p := r.newPrompt(FormatMarkdown, r.syntax)
	templateFile := true
	switch strings.ToLower(r.path[strings.LastIndexByte(r.path, '.')+1:]) {
	case "j2", "jinja", "jinja2":
		p.Syntax = template.Jinja
	case "hbs", "handlebars":
		p.Syntax = template.Handlebars
	case "mustache":
		p.Syntax = template.Mustache
	default:
		templateFile = false
	}
	fm, _ := splitFrontMatter(r.data, false)
	if fm.unclosed && looksLikeMapping(firstParagraph(string(r.data), fm.openLine)) {
		// A leading --- followed by key: value lines is front matter whose
		// closing line is missing, not a prompt that starts with a rule.
		return nil, r.errorf(Pos{Line: fm.openLine, Col: 1}, "front matter opened here is never closed (want a closing --- line)")
	}
	var root *yaml.Node
	if fm.present && !fm.unclosed {
		n, err := r.parseYAML(fm.yaml, fm.yamlLine)
		switch {
		case err != nil && looksLikeMapping(fm.yaml):
			return nil, err
		case err != nil || n != nil && n.Kind != yaml.MappingNode:
			fm = frontMatter{body: string(r.data), bodyLine: 1}
		default:
			root = n
		}
	} else {
		fm = frontMatter{body: string(r.data), bodyLine: 1}
	}
	if root == nil && !templateFile {
		return nil, nil // documentation, not a prompt
	}
	if root != nil {
		if err := r.header(p, root, false); err != nil {
			return nil, err
		}
		syn, ok, err := r.syntaxKey(root)
		if err != nil {
			return nil, err
		}
		if ok {
			p.Syntax = syn
		}
		_, vars := mapGet(root, "variables")
		if vars != nil {
			if err := r.variables(p, vars); err != nil {
				return nil, err
			}
		}
		if !ok && vars == nil && !templateFile {
			p.Syntax = template.Literal
		}
		if err := r.model(p, root, "parameters", "modelParameters"); err != nil {
			return nil, err
		}
		if _, _, v := mapGetAny(root, "testData", "examples", "sample"); v != nil {
			if err := r.testRows(p, v); err != nil {
				return nil, err
			}
		}
		r.environmentFromLabels(p)
	}
	addMessage(p, "", fm.body, verbatim(Pos{Line: fm.bodyLine, Col: 1}))
	return []*Prompt{p}, nil
}

// unclosedFrontMatter reports whether data opens front matter that looks
// like a mapping of keys but never closes it: a reader reports that
// rather than taking the file for documentation.
func unclosedFrontMatter(data []byte) bool {
	fm, _ := splitFrontMatter(data, false)
	return fm.unclosed && looksLikeMapping(firstParagraph(string(data), fm.openLine))
}

// firstParagraph returns the lines after line open (1-based) up to the
// first blank line.
func firstParagraph(text string, open int) string {
	lines := strings.Split(text, "\n")
	var out []string
	for _, l := range lines[min(open, len(lines)):] {
		if strings.TrimSpace(l) == "" {
			break
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// looksLikeMapping reports whether the first meaningful line of a YAML
// text is a "key:" line.
func looksLikeMapping(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		i := strings.IndexByte(l, ':')
		if i <= 0 {
			return false
		}
		key := strings.Trim(l[:i], `"'`)
		return key != "" && !strings.ContainsAny(key, " \t{}[]")
	}
	return false
}

// readVSCode reads a VS Code .prompt.md file: optional front matter
// (name, description, mode or agent, tools, model) and a Markdown body
// with ${input:name} variables. VS Code warns on front-matter keys it does
// not know, so the version is a comment line of the front matter,
// "# version: 1.2.0"; a version: key, when present, wins.
func (r *reader) readVSCode() ([]*Prompt, error) {
	fm, root, err := r.frontMatterRoot(false)
	if err != nil {
		return nil, err
	}
	p := r.newPrompt(FormatVSCode, template.VSCode)
	if root != nil {
		if err := r.header(p, root, false); err != nil {
			return nil, err
		}
		if err := r.model(p, root); err != nil {
			return nil, err
		}
		r.environmentFromLabels(p)
	}
	if fm.present && !p.VersionSet {
		r.versionComment(p, fm)
	}
	addMessage(p, "", fm.body, verbatim(Pos{Line: fm.bodyLine, Col: 1}))
	return []*Prompt{p}, nil
}

// versionCommentRE matches a front-matter comment line that carries a
// version: "# version: 1.2.0".
var versionCommentRE = regexp.MustCompile(`^#\s*version\s*:\s*(\S*)\s*$`)

// versionComment reads the first "# version: X" comment line of the front
// matter into the prompt's version.
func (r *reader) versionComment(p *Prompt, fm frontMatter) {
	for i, line := range strings.Split(fm.yaml, "\n") {
		m := versionCommentRE.FindStringSubmatchIndex(strings.TrimRight(line, " \t"))
		if m == nil {
			continue
		}
		p.VersionSet = true
		p.Version = line[m[2]:m[3]]
		p.VersionPos = Pos{Line: fm.yamlLine + i, Col: 1 + utf8.RuneCountInString(line[:m[2]])}
		if p.Version == "" {
			p.VersionPos.Col = 1
		}
		return
	}
}
