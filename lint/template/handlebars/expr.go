package handlebars

import (
	"strconv"
	"strings"
)

// The expressions inside a tag, with the grammar of handlebars.yy over the
// lexer's tokens: a call (a helper name or path, params and hash pairs),
// params, paths and sub-expressions.

func (p *hbParser) peekTok() hbTok { return p.lex(p.i) }

// isParamStart reports whether a token can begin a param.
func isParamStart(kind int) bool {
	switch kind {
	case hbtID, hbtData, hbtString, hbtNumber, hbtBool, hbtUndefined, hbtNull, hbtOpenSexpr:
		return true
	}
	return false
}

// call parses helperName param* hash?.
func (p *hbParser) call() (*hbCall, bool) {
	c := &hbCall{off: p.peekTok().off}
	allowSub := p.partialName
	p.partialName = false
	name, ok := p.param()
	if !ok {
		return nil, false
	}
	if _, sub := name.(*hbSub); sub && !allowSub {
		return nil, false // only a partial's name may be a sub-expression
	}
	c.name = name
	for {
		t := p.peekTok()
		if t.kind == hbtID {
			if e := p.lex(t.end); e.kind == hbtEquals {
				p.i = e.end
				v, ok := p.param()
				if !ok {
					return nil, false
				}
				c.hash = append(c.hash, hbPair{key: t.val, val: v})
				continue
			}
		}
		if !isParamStart(t.kind) {
			return c, true
		}
		if len(c.hash) > 0 {
			return nil, false // a param after the hash
		}
		v, ok := p.param()
		if !ok {
			return nil, false
		}
		c.params = append(c.params, v)
	}
}

// param parses a helperName or a sub-expression.
func (p *hbParser) param() (hbExpr, bool) {
	t := p.peekTok()
	if t.kind != hbtOpenSexpr {
		return p.helperName()
	}
	if p.depth >= hbMaxDepth {
		return nil, false
	}
	p.depth++
	defer func() { p.depth-- }()
	p.i = t.end
	call, ok := p.call()
	if !ok {
		return nil, false
	}
	e := p.peekTok()
	if e.kind != hbtCloseSexpr {
		return nil, false
	}
	p.i = e.end
	return &hbSub{call: call}, true
}

// helperName parses a path, a data name (@x) or a literal.
func (p *hbParser) helperName() (hbExpr, bool) {
	t := p.peekTok()
	lit := func(v any) (hbExpr, bool) {
		p.i = t.end
		return &hbLit{val: v, orig: p.text[t.off:t.end]}, true
	}
	switch t.kind {
	case hbtString:
		return lit(t.val)
	case hbtNumber:
		f, _ := strconv.ParseFloat(t.val, 64)
		return lit(f)
	case hbtBool:
		return lit(t.val == "true")
	case hbtNull:
		return lit(nil)
	case hbtUndefined:
		return lit(hbUndefined)
	case hbtData:
		p.i = t.end
		return p.pathSegments(t.off, true)
	case hbtID:
		return p.pathSegments(t.off, false)
	}
	return nil, false
}

// pathSegments parses ID (SEP ID)* and resolves "..", "." and "this" as
// handlebars.js's preparePath does.
func (p *hbParser) pathSegments(start int, data bool) (hbExpr, bool) {
	ph := &hbPath{off: start, data: data}
	var canon strings.Builder
	if data {
		canon.WriteByte('@')
	}
	for {
		t := p.peekTok()
		if t.kind != hbtID {
			return nil, false
		}
		p.i = t.end
		canon.WriteString(t.val)
		if !t.lit && (t.val == ".." || t.val == "." || t.val == "this") {
			if len(ph.parts) > 0 {
				// Reported here; the tag goes on parsing, so that its
				// close does not count as a second problem.
				p.c.Errorf(t.off, "invalid path %q: %q may only start a path", p.text[start:t.end], t.val)
			} else if t.val == ".." {
				ph.depth++
			} else {
				ph.this = true
			}
		} else {
			off := t.off
			if t.lit {
				off++
			}
			ph.parts = append(ph.parts, t.val)
			ph.offs = append(ph.offs, off)
		}
		s := p.peekTok()
		if s.kind != hbtSep {
			break
		}
		p.i = s.end
		canon.WriteString(s.val)
	}
	ph.orig = p.text[start:p.i]
	ph.canon = canon.String()
	return ph, true
}
