package lint

import (
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template"
)

// readPrompty reads a Prompty file, v1 or v2: optional front matter and a
// body split into messages at role lines. Inputs come from `inputs` in
// list form (v2: `- name: x`), in mapping form (`x: {type, default}` or
// v1's `x: value`, which is the default), or from v2's
// `inputSchema.properties`; an `inputs` that is a file reference declares
// nothing we can see. The template syntax is Jinja2 unless `template`
// (or template.format, or template.format.kind) says mustache.
func (r *reader) readPrompty() ([]*Prompt, error) {
	fm, root, err := r.frontMatterRoot(false)
	if err != nil {
		return nil, err
	}
	p := r.newPrompt(FormatPrompty, template.Jinja)
	if root != nil {
		if err := r.header(p, root, false); err != nil {
			return nil, err
		}
		if _, md := mapGet(root, "metadata"); md != nil && md.Kind == yaml.MappingNode {
			if k, v := mapGet(md, "version"); k != nil && !p.VersionSet {
				r.setVersion(p, k, v)
			}
			if _, v := mapGet(md, "tags"); v != nil && p.Labels == nil {
				p.Labels = r.labels(v)
			}
		}
		r.environmentFromLabels(p)
		if err := r.model(p, root); err != nil {
			return nil, err
		}
		if err := r.promptyTemplate(p, root); err != nil {
			return nil, err
		}
		if err := r.promptyInputs(p, root); err != nil {
			return nil, err
		}
		if _, v := mapGet(root, "sample"); v != nil {
			if err := r.testRows(p, v); err != nil {
				return nil, err
			}
		}
	}
	r.promptyMessages(p, fm.body, fm.bodyLine)
	return []*Prompt{p}, nil
}

// promptyTemplate reads the template engine: `template: mustache`,
// `template: {format: mustache}` or `template: {format: {kind: mustache}}`.
func (r *reader) promptyTemplate(p *Prompt, root *yaml.Node) error {
	_, t := mapGet(root, "template")
	if t == nil {
		return nil
	}
	if t.Kind == yaml.MappingNode {
		_, t = mapGet(t, "format")
		if t != nil && t.Kind == yaml.MappingNode {
			_, t = mapGet(t, "kind")
		}
	}
	s, ok := scalar(t)
	if !ok || s == "" {
		return nil
	}
	syn, ok := template.ParseSyntax(s)
	if !ok {
		return r.errorf(nodePos(t), "unknown template format %q (want jinja2 or mustache)", s)
	}
	p.Syntax = syn
	return nil
}

// promptyInputs reads the declared inputs.
func (r *reader) promptyInputs(p *Prompt, root *yaml.Node) error {
	_, in := mapGet(root, "inputs")
	if in == nil {
		if _, schema := mapGet(root, "inputSchema"); schema != nil {
			_, in = mapGet(schema, "properties")
		}
	}
	if in == nil || in.Kind == yaml.ScalarNode {
		return nil // absent, or a ${file:...} reference
	}
	p.Declares = true
	switch in.Kind {
	case yaml.SequenceNode:
		return r.variables(p, in)
	case yaml.MappingNode:
		for i := 0; i+1 < len(in.Content); i += 2 {
			k, v := in.Content[i], resolve(in.Content[i+1])
			vr := Variable{Name: r.keyString(k), Pos: nodePos(k), Required: true}
			if v.Kind == yaml.MappingNode {
				if err := r.varSpec(&vr, v); err != nil {
					return err
				}
			} else if !isNull(v) {
				d, err := r.value(v)
				if err != nil {
					return err
				}
				vr.Default, vr.HasDefault, vr.Required = d, true, false
			}
			p.Variables = append(p.Variables, vr)
		}
	}
	return nil
}

// promptyRoleRE matches a Prompty role line, as Prompty's own parser does:
// an optional #, a role, optional [attributes], a colon, nothing else.
var promptyRoleRE = regexp.MustCompile(`(?i)^\s*#?\s*(system|user|assistant|developer|function|tool)\s*(\[[^\]]*\])?\s*:\s*$`)

// promptyRole returns the submatches of promptyRoleRE in line, nil when
// it is no role line. Most lines do not end with a colon, which every role
// line does, and are not handed to the regexp.
func promptyRole(line string) []string {
	t := strings.TrimRight(line, "\t\n\v\f\r ")
	if t == "" || t[len(t)-1] != ':' {
		return nil
	}
	return promptyRoleRE.FindStringSubmatch(line)
}

// promptyMessages splits a Prompty body into messages at role lines. Text
// before the first role line is a system message when it is not blank; a
// body without role lines is one message without a role.
//
// Prompty renders the whole body as one template and splits the output
// into roles afterwards, so the body is scanned as one template too: a
// {% set %} or a macro in one role section is defined in the next, and a
// block may span role lines. Each use and error goes to the message whose
// section holds it.
func (r *reader) promptyMessages(p *Prompt, body string, bodyLine int) {
	p.wholeBody = body
	type section struct {
		role       string
		start, end int // byte range in body
		line       int // file line of the section's first line
	}
	var secs []section
	cur := section{role: "", start: 0, line: bodyLine}
	off := 0
	for i, l := range strings.SplitAfter(body, "\n") {
		m := promptyRole(strings.TrimSuffix(l, "\n"))
		if m == nil {
			off += len(l)
			continue
		}
		cur.end = off
		secs = append(secs, cur)
		off += len(l)
		cur = section{role: strings.ToLower(m[1]), start: off, line: bodyLine + i + 1}
	}
	cur.end = len(body)
	secs = append(secs, cur)
	if len(secs) == 1 {
		addMessage(p, "", body, verbatim(Pos{Line: bodyLine, Col: 1}))
		return
	}
	// msgAt[k] is the message of section k (-1 for a blank preamble).
	msgAt := make([]int, len(secs))
	for k, s := range secs {
		msgAt[k] = -1
		text := body[s.start:s.end]
		if k == 0 {
			if strings.TrimSpace(text) == "" {
				continue
			}
			s.role = "system"
		}
		msgAt[k] = len(p.Messages)
		appendMessage(p, s.role, text, verbatim(Pos{Line: s.line, Col: 1}))
	}
	whole := verbatim(Pos{Line: bodyLine, Col: 1})
	messageOf := func(off int) int {
		k := sort.Search(len(secs), func(k int) bool { return secs[k].start > off }) - 1
		for ; k >= 0; k-- {
			if msgAt[k] >= 0 {
				return msgAt[k]
			}
		}
		return max(msgAt[len(msgAt)-1], 0)
	}
	recordScan(p, scanTemplate(p.Syntax, body), whole, messageOf)
}

// promptyRoleTexts splits rendered Prompty output at its role lines and
// returns each message's text, trimmed: the text before the first role
// line when it is not blank, then each section.
func promptyRoleTexts(out string) []string {
	var texts []string
	var cur strings.Builder
	sawRole := false
	flush := func() {
		if t := strings.TrimSpace(cur.String()); t != "" || sawRole {
			texts = append(texts, t)
		}
		cur.Reset()
	}
	for _, l := range strings.SplitAfter(out, "\n") {
		if promptyRole(strings.TrimSuffix(l, "\n")) != nil {
			if sawRole || strings.TrimSpace(cur.String()) != "" {
				flush()
			} else {
				cur.Reset()
			}
			sawRole = true
			continue
		}
		cur.WriteString(l)
	}
	flush()
	return texts
}
