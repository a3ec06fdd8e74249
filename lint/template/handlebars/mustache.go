package handlebars

import (
	"strings"

	"github.com/promptlint/promptlint/lint/template"
)

// The Mustache parser follows the Mustache spec: sections, inverted
// sections, comments, partials, set-delimiter tags, no helpers.

func (p *parser) parseMustacheSpec() {
	t := p.text
	for p.i < len(t) {
		k := strings.Index(t[p.i:], p.otag)
		if k < 0 {
			p.addText(t[p.i:])
			return
		}
		open := p.i + k
		p.addText(t[p.i:open])
		j := open + len(p.otag)
		var kind byte
		if j < len(t) && strings.IndexByte("#^/!>&={", t[j]) >= 0 {
			kind = t[j]
			j++
		}
		ctag := p.ctag
		switch {
		case kind == '{' && p.otag == "{{":
			ctag = "}" + p.ctag
		case kind == '{':
			kind = 0
			j--
		case kind == '=':
			ctag = "=" + p.ctag
		}
		e := strings.Index(t[j:], ctag)
		if e < 0 {
			p.c.Errorf(open, "unclosed tag %q", template.Excerpt(t[open:]))
			p.addText(t[open:])
			return
		}
		inner := t[j : j+e]
		p.i = j + e + len(ctag)
		if kind == '!' {
			p.c.Comment(open, p.i, inner)
			p.add(&commentNode{})
			continue
		}
		if kind == '=' {
			f := strings.Fields(inner)
			if len(f) != 2 || strings.ContainsRune(f[0], '=') || strings.ContainsRune(f[1], '=') {
				p.c.Errorf(open, "invalid set-delimiter tag %q", template.Excerpt(t[open:p.i]))
				continue
			}
			p.otag, p.ctag = f[0], f[1]
			p.add(&commentNode{})
			continue
		}
		name := strings.TrimSpace(inner)
		nameOff := j + strings.Index(inner, name)
		if name == "" {
			p.c.Errorf(open, "empty tag %q", t[open:p.i])
			continue
		}
		if strings.ContainsAny(name, " \t\r\n") {
			p.c.Errorf(nameOff, "mustache has no helpers: tag %q looks up the single key %q", t[open:p.i], name)
			continue
		}
		ph := mustachePath(name, nameOff)
		call := &callExpr{name: ph, off: nameOff}
		switch kind {
		case '#', '^':
			p.openBlock(&blockNode{kind: kind, call: call, open: open})
		case '/':
			p.closeBlock(open, mustachePath(name, nameOff), stripFlags{})
		case '>':
			p.add(&partialNode{call: &callExpr{name: &literal{val: name, orig: name}, off: nameOff}})
		default:
			p.add(&mustacheNode{call: call, escaped: kind == 0})
		}
	}
}

// mustachePath splits a Mustache key ("a.b", ".") into a path.
func mustachePath(name string, off int) *pathExpr {
	ph := &pathExpr{orig: name, canon: name, off: off}
	if name == "." {
		ph.this = true
		return ph
	}
	o := off
	for _, part := range strings.Split(name, ".") {
		ph.parts = append(ph.parts, part)
		ph.offs = append(ph.offs, o)
		o += len(part) + 1
	}
	return ph
}
