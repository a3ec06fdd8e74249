package handlebars

import (
	"strconv"
	"strings"
)

// The expressions inside a tag, with the grammar of handlebars.yy over the
// lexer's tokens: a call (a helper name or path, params and hash pairs),
// params, paths and sub-expressions.

func (p *parser) peekTok() token { return p.lex(p.i) }

// isParamStart reports whether a token can begin a param.
func isParamStart(kind int) bool {
	switch kind {
	case tokID, tokData, tokString, tokNumber, tokBool, tokUndefined, tokNull, tokOpenSexpr:
		return true
	}
	return false
}

// call parses helperName param* hash?.
func (p *parser) call() (*callExpr, bool) {
	c := &callExpr{off: p.peekTok().off}
	allowSub := p.partialName
	p.partialName = false
	name, ok := p.param()
	if !ok {
		return nil, false
	}
	if _, sub := name.(*subExpr); sub && !allowSub {
		return nil, false // only a partial's name may be a sub-expression
	}
	c.name = name
	for {
		t := p.peekTok()
		if t.kind == tokID {
			if e := p.lex(t.end); e.kind == tokEquals {
				p.i = e.end
				v, ok := p.param()
				if !ok {
					return nil, false
				}
				c.hash = append(c.hash, hashPair{key: t.val, val: v})
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
func (p *parser) param() (expr, bool) {
	t := p.peekTok()
	if t.kind != tokOpenSexpr {
		return p.helperName()
	}
	if p.depth >= maxDepth {
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
	if e.kind != tokCloseSexpr {
		return nil, false
	}
	p.i = e.end
	return &subExpr{call: call}, true
}

// helperName parses a path, a data name (@x) or a literal.
func (p *parser) helperName() (expr, bool) {
	t := p.peekTok()
	lit := func(v any) (expr, bool) {
		p.i = t.end
		return &literal{val: v, orig: p.text[t.off:t.end]}, true
	}
	switch t.kind {
	case tokString:
		return lit(t.val)
	case tokNumber:
		f, _ := strconv.ParseFloat(t.val, 64)
		return lit(f)
	case tokBool:
		return lit(t.val == "true")
	case tokNull:
		return lit(nil)
	case tokUndefined:
		return lit(undefined)
	case tokData:
		p.i = t.end
		return p.pathSegments(t.off, true)
	case tokID:
		return p.pathSegments(t.off, false)
	}
	return nil, false
}

// pathSegments parses ID (SEP ID)* and resolves "..", "." and "this" as
// handlebars.js's preparePath does.
func (p *parser) pathSegments(start int, data bool) (expr, bool) {
	ph := &pathExpr{off: start, data: data}
	var canon strings.Builder
	if data {
		canon.WriteByte('@')
	}
	for {
		t := p.peekTok()
		if t.kind != tokID {
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
		if s.kind != tokSep {
			break
		}
		p.i = s.end
		canon.WriteString(s.val)
	}
	ph.orig = p.text[start:p.i]
	ph.canon = canon.String()
	return ph, true
}
