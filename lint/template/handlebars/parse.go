package handlebars

import (
	"strings"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/template"
)

// Mustache and Handlebars share one AST (ast.go). The Handlebars parser
// follows handlebars.js's lexer (handlebars.l, see lex.go: tokens need no
// spaces between them, so {{a..b}} calls a with the params .. and b) and
// grammar (handlebars.yy, see expr.go); the Mustache parser
// (mustache.go) follows the Mustache spec.
//

// parser parses a Mustache or Handlebars template into a program.
type parser struct {
	text        string
	i           int
	hbs         bool
	c           *template.Collector
	otag        string // Mustache delimiters
	ctag        string
	stack       []*blockNode // open blocks
	root        *programNode
	cur         *programNode
	depth       int               // sub-expression nesting
	partialName bool              // the next call is a partial's: its name may be a sub-expression
	memo        map[string][2]int // needle -> {searched from, found at or -1}
}

// maxDepth bounds sub-expression nesting.
const maxDepth = 200

// indexFrom returns the absolute offset of the first needle at or after i,
// or -1. Results are remembered so that repeated searches after
// unterminated constructs stay linear.
func (p *parser) indexFrom(i int, needle string) int {
	if m, ok := p.memo[needle]; ok && m[0] <= i && (m[1] == -1 || m[1] >= i) {
		return m[1]
	}
	at := strings.Index(p.text[i:], needle)
	if at >= 0 {
		at += i
	}
	if p.memo == nil {
		p.memo = map[string][2]int{}
	}
	p.memo[needle] = [2]int{i, at}
	return at
}

func parse(text string, hbs bool, c *template.Collector) *programNode {
	p := &parser{text: text, hbs: hbs, c: c, otag: "{{", ctag: "}}"}
	p.root = &programNode{}
	p.cur = p.root
	if hbs {
		p.parseHandlebars()
	} else {
		p.parseMustacheSpec()
	}
	for k := len(p.stack) - 1; k >= 0; k-- {
		b := p.stack[k]
		if b.chained {
			continue
		}
		p.c.Errorf(b.open, "unclosed block %q opened here", blockLabel(b))
	}
	return p.root
}

func blockLabel(b *blockNode) string {
	prefix := string(b.kind)
	switch b.kind {
	case 'P':
		prefix = "#>"
	case 'D':
		prefix = "#*"
	}
	return prefix + exprString(b.call.name)
}

func (p *parser) add(n node) { p.cur.body = template.Append(p.cur.body, n) }

func (p *parser) addText(s string) {
	if s != "" {
		p.add(&textNode{orig: s, val: s})
	}
}

// openBlock pushes a block and makes its program current.
func (p *parser) openBlock(b *blockNode) {
	p.add(b)
	p.stack = append(p.stack, b)
	body := &programNode{}
	if b.kind == '^' {
		b.inverse = body
	} else {
		b.program = body
	}
	p.cur = body
}

// elseBlock switches the innermost block to its inverse part; chain, when
// not nil, opens {{else name ...}} inside it.
func (p *parser) elseBlock(off int, strip stripFlags, chain *blockNode) {
	if len(p.stack) == 0 {
		p.c.Errorf(off, `"{{else}}" outside a block`)
		return
	}
	b := p.stack[len(p.stack)-1]
	if b.kind == 'P' || b.kind == 'D' {
		p.c.Errorf(off, "%q is not allowed in the block %q", "{{else}}", blockLabel(b))
		return
	}
	if chain != nil && b.kind == '^' {
		p.c.Errorf(off, "%q cannot continue the inverted section %q; use {{else}}", "{{else "+exprString(chain.call.name)+"}}", blockLabel(b))
		return
	}
	if (b.kind == '^' && b.program != nil) || (b.kind != '^' && b.inverse != nil) {
		p.c.Errorf(off, "second %q in block %q", "{{else}}", blockLabel(b))
		return
	}
	b.inverseStrip = strip
	body := &programNode{chained: chain != nil}
	if b.kind == '^' {
		b.program = body
	} else {
		b.inverse = body
	}
	p.cur = body
	if chain != nil {
		chain.chained = true
		p.openBlock(chain)
	}
}

// closeBlock closes the innermost block (and the chain it ends) against
// the name written in {{/name}}.
func (p *parser) closeBlock(off int, closer expr, strip stripFlags) {
	name := exprString(closer)
	if len(p.stack) == 0 {
		p.c.Errorf(off, "closing tag %q has no open block", "{{/"+name+"}}")
		return
	}
	k := len(p.stack) - 1
	for k > 0 && p.stack[k].chained {
		p.stack[k].closeStrip = strip
		k--
	}
	b := p.stack[k]
	b.closeStrip = strip
	if canonical(b.call.name) != canonical(closer) {
		p.c.Errorf(off, "closing tag %q does not match the open block %q", "{{/"+name+"}}", blockLabel(b))
	}
	p.stack = p.stack[:k]
	p.cur = p.programAt(k)
}

// programAt returns the program that encloses stack[k].
func (p *parser) programAt(k int) *programNode {
	if k == 0 {
		return p.root
	}
	b := p.stack[k-1]
	if b.kind == '^' {
		if b.program != nil {
			return b.program
		}
		return b.inverse
	}
	if b.inverse != nil {
		return b.inverse
	}
	return b.program
}

func (p *parser) parseHandlebars() {
	t := p.text
	if k := strings.IndexByte(t, 0); k >= 0 {
		// handlebars.js's lexer matches text and tags without NUL.
		p.c.Errorf(k, "NUL character in a handlebars template")
	}
	for p.i < len(t) {
		k := strings.Index(t[p.i:], "{{")
		if k < 0 {
			p.addText(t[p.i:])
			p.i = len(t)
			return
		}
		at := p.i + k
		// Escapes: \{{ is literal up to the next {{; \\{{ is a backslash
		// followed by a mustache.
		if at > p.i && t[at-1] == '\\' {
			if at-1 > p.i && t[at-2] == '\\' {
				p.addText(t[p.i : at-1])
				p.i = at
			} else {
				p.addText(t[p.i : at-1])
				end := len(t)
				if n := strings.Index(t[at+2:], "{{"); n >= 0 {
					end = at + 2 + n
					if t[end-1] == '\\' {
						end--
						if end-1 >= at+2 && t[end-1] == '\\' {
							end--
						}
					}
				}
				p.addText(t[at:end])
				p.i = end
				continue
			}
		} else {
			p.addText(t[p.i:at])
			p.i = at
		}
		p.tag()
	}
}

// tag parses one {{...}} at p.i.
func (p *parser) tag() {
	t := p.text
	open := p.i
	if strings.HasPrefix(t[open:], "{{{{") {
		p.rawBlock()
		return
	}
	j := open + 2
	var strip stripFlags
	if j < len(t) && t[j] == '~' {
		strip.open = true
		j++
	}
	// Comments.
	if strings.HasPrefix(t[j:], "!--") {
		end := strings.Index(t[j+3:], "--")
		for end >= 0 {
			e := j + 3 + end + 2
			if strings.HasPrefix(t[e:], "}}") || strings.HasPrefix(t[e:], "~}}") {
				strip.close = t[e] == '~'
				p.i = e + 2
				if strip.close {
					p.i++
				}
				p.c.Comment(open, p.i, t[j+3:j+3+end])
				p.add(&commentNode{strip: strip})
				return
			}
			n := strings.Index(t[j+3+end+1:], "--")
			if n < 0 {
				break
			}
			end += 1 + n
		}
		p.c.Errorf(open, `unclosed comment "{{!--"`)
		p.i = len(t)
		return
	}
	if j < len(t) && t[j] == '!' {
		end := strings.Index(t[j:], "}}")
		if end < 0 {
			p.c.Errorf(open, `unclosed comment "{{!"`)
			p.i = len(t)
			return
		}
		e := j + end
		strip.close = e > j && t[e-1] == '~'
		p.i = e + 2
		p.c.Comment(open, p.i, strings.TrimSuffix(t[j+1:e], "~"))
		p.add(&commentNode{strip: strip})
		return
	}
	// {{else}}, {{^}}, {{else name ...}}: "{{~?\s*else\s*~?}}" and
	// "{{~?^\s*~?}}" are inverses; "{{~?\s*else\b" opens an else chain.
	k := skipSpace(t, j)
	if strings.HasPrefix(t[k:], "else") && (k+4 >= len(t) || !isWordByte(t[k+4])) {
		e := skipSpace(t, k+4)
		if s, n := closeAt(t, e, false); n > 0 {
			p.i = e + n
			p.elseBlock(open, stripFlags{open: strip.open, close: s}, nil)
			return
		}
		p.i = k + 4
		call, params, cs, ok := p.callUntilClose(open, false, true)
		if !ok {
			return
		}
		b := &blockNode{kind: '#', call: call, params: params, open: open, openStrip: stripFlags{open: strip.open, close: cs}}
		p.elseBlock(open, stripFlags{open: strip.open, close: cs}, b)
		return
	}
	if j < len(t) && t[j] == '^' {
		e := skipSpace(t, j+1)
		if s, n := closeAt(t, e, false); n > 0 {
			p.i = e + n
			p.elseBlock(open, stripFlags{open: strip.open, close: s}, nil)
			return
		}
	}
	kind := byte(0)
	triple := false
	switch {
	case strings.HasPrefix(t[j:], "#>"):
		kind, j = 'P', j+2
	case strings.HasPrefix(t[j:], "#*"):
		kind, j = 'D', j+2
	case j < len(t) && (t[j] == '#' || t[j] == '^' || t[j] == '/' || t[j] == '>' || t[j] == '&' || t[j] == '*'):
		kind, j = t[j], j+1
	case j < len(t) && t[j] == '{':
		triple, j = true, j+1
	}
	p.i = j
	if kind == '/' {
		p.closeTag(open, strip)
		return
	}
	p.partialName = kind == '>' || kind == 'P'
	call, params, cs, ok := p.callUntilClose(open, triple, kind == '#' || kind == '^' || kind == 'D')
	if !ok {
		if call != nil && (kind == '#' || kind == '^') {
			p.openBlock(&blockNode{kind: kind, call: call, open: open, openStrip: strip})
		}
		return
	}
	strip.close = cs
	switch kind {
	case '#', '^', 'P', 'D':
		if kind == 'P' && len(call.params) > 1 {
			p.c.Errorf(open, "partial %q takes at most one context argument, not %d", exprString(call.name), len(call.params))
		}
		p.openBlock(&blockNode{kind: kind, call: call, params: params, open: open, openStrip: strip})
	case '>':
		if len(call.params) > 1 {
			p.c.Errorf(open, "partial %q takes at most one context argument, not %d", exprString(call.name), len(call.params))
		}
		p.add(&partialNode{call: call, strip: strip})
	case '*':
		p.add(&rawNode{call: call})
	default:
		p.add(&mustacheNode{call: call, escaped: !triple && kind != '&', strip: strip})
	}
}

// closeTag parses {{/name}} after the slash.
func (p *parser) closeTag(open int, strip stripFlags) {
	name, ok := p.helperName()
	t := p.peekTok()
	if !ok || t.kind != tokClose {
		p.unclosed(open, t.off)
		return
	}
	strip.close = t.strip
	p.i = t.end
	p.closeBlock(open, name, strip)
}

// canonical is the name handlebars.js compares between a block's open and
// close tags.
func canonical(e expr) string {
	switch x := e.(type) {
	case *pathExpr:
		return x.canon
	case *literal:
		if s, ok := x.val.(string); ok {
			return s
		}
		return x.orig
	}
	return exprString(e)
}

// unclosed reports a tag that does not end where expected and resumes at
// the next "{{" or after the next "}}".
func (p *parser) unclosed(open, at int) bool {
	t := p.text
	at = min(at, len(t))
	nextOpen := p.indexFrom(open+2, "{{")
	nextClose := p.indexFrom(at, "}}")
	switch {
	case nextClose >= 0 && (nextOpen < 0 || nextClose < nextOpen):
		p.c.Errorf(at, "unexpected %q in %q", template.Excerpt(t[at:]), template.Excerpt(t[open:]))
		p.i = nextClose + 2
		return true
	case nextOpen >= 0:
		p.c.Errorf(open, `unclosed "{{": no "}}" before the next "{{"`)
		p.i = nextOpen
	default:
		p.c.Errorf(open, `unclosed "{{"`)
		p.i = len(t)
	}
	return false
}

// callUntilClose parses "name params hash [as |x y|]" then the close
// delimiter.
func (p *parser) callUntilClose(open int, triple, allowParams bool) (*callExpr, []string, bool, bool) {
	start := p.peekTok()
	call, ok := p.call()
	// fail reports the tag. A block tag that does not parse still opens its
	// block, so that its {{else}} and close tag do not cascade into errors.
	fail := func(at int) (*callExpr, []string, bool, bool) {
		closed := p.unclosed(open, at)
		if !closed || !allowParams {
			return nil, nil, false, false
		}
		if call == nil {
			if start.kind != tokID {
				return nil, nil, false, false
			}
			name := &pathExpr{orig: start.val, canon: start.val, off: start.off, parts: []string{start.val}, offs: []int{start.off}}
			call = &callExpr{name: name, off: start.off}
		}
		return call, nil, false, false
	}
	if !ok {
		call = nil
		return fail(skipSpace(p.text, p.i))
	}
	var params []string
	if t := p.peekTok(); allowParams && t.kind == tokOpenParams {
		p.i = t.end
		for {
			t := p.peekTok()
			if t.kind == tokCloseParams && len(params) > 0 {
				p.i = t.end
				break
			}
			if t.kind != tokID {
				return fail(t.off)
			}
			params = append(params, t.val)
			p.i = t.end
		}
	}
	want := tokClose
	if triple {
		want = tokCloseUnescape
	}
	t := p.peekTok()
	if t.kind != want {
		return fail(t.off)
	}
	p.i = t.end
	return call, params, t.strip, true
}

// closeAt matches "}}" (or "}}}" when triple), optionally preceded by "~".
func closeAt(t string, j int, triple bool) (strip bool, n int) {
	if j < len(t) && t[j] == '~' {
		strip, n = true, 1
	}
	want := "}}"
	if triple {
		want = "}}}"
	}
	if strings.HasPrefix(t[j+n:], want) {
		return strip, n + len(want)
	}
	return false, 0
}

func skipSpaces(t string, j int) int {
	for j < len(t) && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r' || t[j] == '\f' || t[j] == '\v') {
		j++
	}
	return j
}

// isWordByte reports whether c is a JavaScript regular-expression word
// character ([A-Za-z0-9_]).
func isWordByte(c byte) bool {
	return c == '_' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// scanID returns the end of the Handlebars ID starting at j.
func scanID(t string, j int) int {
	for j < len(t) {
		r, n := utf8.DecodeRuneInString(t[j:])
		if !isIDRune(r) {
			break
		}
		j += n
	}
	return j
}

// rawBlock parses {{{{name args}}}}content{{{{/name}}}}.
func (p *parser) rawBlock() {
	t := p.text
	open := p.i
	p.i += 4
	call, ok := p.call()
	end := p.peekTok()
	if !ok || end.kind != tokCloseRaw {
		p.unclosed(open, end.off)
		return
	}
	start := end.end
	name := exprString(call.name)
	depth := 1
	k := start
	for {
		n := strings.Index(t[k:], "{{{{")
		if n < 0 {
			p.c.Errorf(open, "unclosed raw block %q opened here", "{{{{"+name+"}}}}")
			p.i = len(t)
			return
		}
		k += n
		if strings.HasPrefix(t[k+4:], "/") {
			e := scanID(t, k+5)
			if strings.HasPrefix(t[e:], "}}}}") {
				depth--
				if depth == 0 {
					if t[k+5:e] != name {
						p.c.Errorf(k, "closing tag %q does not match the raw block %q", t[k:e+4], "{{{{"+name+"}}}}")
					}
					p.add(&rawNode{call: call, content: t[start:k]})
					p.i = e + 4
					return
				}
			}
		} else {
			depth++
		}
		k += 4
	}
}
