package jinja

import (
	"strconv"
	"strings"

	"github.com/promptlint/promptlint/lint/template"
)

// The parser builds the AST of a template from the lexer's items with the
// grammar of jinja2.parser, reporting syntax errors to the Collector.

// maxDepth bounds expression nesting, so that hostile input cannot
// exhaust the stack.
const maxDepth = 200

type parser struct {
	depth   int  // expression nesting
	blocks  int  // block nesting
	tooDeep bool // blocks nested past maxDepth: parsing stopped there
	text    string
	c       *template.Collector
	items   []lexItem
	pos     int
	// current tag
	toks []token
	ti   int
	item lexItem
}

type syntaxError struct{}

func parse(text string, c *template.Collector) []node {
	body, _ := parseCounted(text, c)
	return body
}

// parseCounted is parse that also returns how many tags ({{ }} and
// {% %}) the template has: a size hint for the tables of its names.
func parseCounted(text string, c *template.Collector) (body []node, tags int) {
	p := &parser{text: text, c: c, items: lex(text, c)}
	for _, it := range p.items {
		if it.kind != 't' {
			tags++
		}
	}
	body, _ = p.body(nil, 0, "")
	return body, tags
}

// body parses statements until one of the end tags; it returns the tag
// name that ended it ("" at the end of the template).
func (p *parser) body(ends []string, open int, what string) ([]node, string) {
	p.blocks++
	defer func() { p.blocks-- }()
	if p.blocks > maxDepth+1 { // the template's own body is level 1
		// Jinja2 itself fails with a RecursionError between 200 and 300
		// levels; stopping here also keeps the analysis from going
		// quadratic on hostile input.
		p.c.Errorf(open, "blocks nested more than %d levels deep", maxDepth)
		p.pos, p.tooDeep = len(p.items), true
		return nil, ""
	}
	var out []node
	for p.pos < len(p.items) {
		it := p.items[p.pos]
		p.pos++
		switch it.kind {
		case 't':
			out = append(out, &outputNode{text: it.text})
		case 'v':
			p.start(it)
			if x, ok := p.tagExpr(func() node { return p.tuple(true, nil) }); ok {
				out = append(out, &printNode{x: x})
			}
		case 'b':
			p.start(it)
			if len(p.toks) == 0 || p.toks[0].kind != 'n' {
				p.c.Errorf(it.off, "tag %q has no name", template.Excerpt(p.text[it.off:]))
				continue
			}
			name := p.toks[0].val
			for _, e := range ends {
				if e == name {
					p.ti = 1
					return out, name
				}
			}
			p.ti = 1
			if n := p.stmt(name, it); n != nil {
				out = append(out, n)
			}
		}
	}
	if len(ends) > 0 && !p.tooDeep {
		want := ends[0]
		for _, e := range ends {
			if strings.HasPrefix(e, "end") {
				want = e
			}
		}
		p.c.Errorf(open, "unclosed block %q opened here: expected %q", what, "{% "+want+" %}")
	}
	return out, ""
}

func (p *parser) start(it lexItem) {
	p.item, p.toks, p.ti, p.depth = it, it.toks, 0, 0
}

// tagExpr runs f over the current tag and requires it to consume every
// token; errors are reported and false is returned.
func (p *parser) tagExpr(f func() node) (x node, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(syntaxError); !is {
				panic(r)
			}
			ok = false
		}
	}()
	x = f()
	p.endOfTag()
	return x, true
}

func (p *parser) endOfTag() {
	if p.ti < len(p.toks) {
		p.fail(p.toks[p.ti].off, "unexpected %q in %q", p.toks[p.ti].val, template.Excerpt(p.text[p.item.off:]))
	}
}

func (p *parser) fail(off int, format string, args ...any) {
	p.c.Errorf(off, format, args...)
	panic(syntaxError{})
}

func (p *parser) peek() token {
	if p.ti < len(p.toks) {
		return p.toks[p.ti]
	}
	return token{off: p.item.end - 2}
}

func (p *parser) peekAt(k int) token {
	if p.ti+k < len(p.toks) {
		return p.toks[p.ti+k]
	}
	return token{}
}

func (p *parser) is(kind byte, val string) bool {
	t := p.peek()
	return t.kind == kind && (val == "" || t.val == val)
}

func (p *parser) accept(kind byte, val string) bool {
	if p.is(kind, val) {
		p.ti++
		return true
	}
	return false
}

func (p *parser) expect(kind byte, val string) token {
	t := p.peek()
	if !p.is(kind, val) {
		want := val
		if want == "" {
			want = map[byte]string{'n': "a name", 's': "a string"}[kind]
		}
		got := t.val
		if got == "" {
			got = "end of tag"
		}
		p.fail(t.off, "expected %s, found %q in %q", quoteIf(want, val != ""), got, template.Excerpt(p.text[p.item.off:]))
	}
	p.ti++
	return t
}

func quoteIf(s string, q bool) string {
	if q {
		return strconv.Quote(s)
	}
	return s
}

// stmt parses one {% name ... %} statement (p.ti is after the name).
func (p *parser) stmt(name string, it lexItem) (n node) {
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(syntaxError); !is {
				panic(r)
			}
			n = nil
			if end, ok := blockEnds[name]; ok {
				for {
					_, got := p.body([]string{end, "else", "elif"}, it.off, name)
					if got != "else" && got != "elif" {
						break
					}
				}
			}
		}
	}()
	switch name {
	case "if":
		return p.ifStmt(it)
	case "for":
		f := &forNode{}
		f.target = p.assignTarget([]string{"in"}, false)
		p.expect('n', "in")
		f.iter = p.tuple(false, []string{"recursive"})
		if p.accept('n', "if") {
			f.filter = p.expr(true)
		}
		f.recursive = p.accept('n', "recursive")
		p.endOfTag()
		var end string
		f.body, end = p.body([]string{"endfor", "else"}, it.off, "for")
		if end == "else" {
			p.endTagArgs()
			f.else_, _ = p.body([]string{"endfor"}, it.off, "for")
		}
		p.endTagArgs()
		return f
	case "set":
		target := p.assignTarget(nil, true)
		if p.accept('o', "=") {
			v := p.tuple(true, nil)
			p.endOfTag()
			return &setNode{target: target, value: v}
		}
		sb := &setBlockNode{target: target}
		if p.accept('o', "|") {
			sb.filter = p.filterChain(nil)
		}
		p.endOfTag()
		sb.body, _ = p.body([]string{"endset"}, it.off, "set")
		p.endTagArgs()
		return sb
	case "macro":
		nt := p.expect('n', "")
		m := &macroNode{name: nt.val, off: nt.off}
		m.args, m.defaults = p.signature()
		p.endOfTag()
		m.body, _ = p.body([]string{"endmacro"}, it.off, "macro")
		p.endTagArgs()
		return m
	case "call":
		cb := &callBlockNode{}
		if p.is('o', "(") {
			cb.args, cb.defaults = p.signature()
		}
		cb.call = p.expr(true)
		if _, ok := cb.call.(*callNode); !ok {
			p.fail(it.off, "expected a call in %q", template.Excerpt(p.text[it.off:]))
		}
		p.endOfTag()
		cb.body, _ = p.body([]string{"endcall"}, it.off, "call")
		p.endTagArgs()
		return cb
	case "filter":
		fb := &filterBlockNode{filter: p.filterChain(nil)}
		p.endOfTag()
		fb.body, _ = p.body([]string{"endfilter"}, it.off, "filter")
		p.endTagArgs()
		return fb
	case "with":
		w := &withNode{}
		for !p.is(0, "") {
			if len(w.targets) > 0 {
				p.expect('o', ",")
			}
			w.targets = append(w.targets, p.assignTarget(nil, false))
			p.expect('o', "=")
			w.values = append(w.values, p.expr(true))
		}
		w.body, _ = p.body([]string{"endwith"}, it.off, "with")
		p.endTagArgs()
		return w
	case "block":
		nt := p.expect('n', "")
		b := &blockNode{name: nt.val, off: nt.off}
		p.accept('n', "scoped")
		p.accept('n', "required")
		p.endOfTag()
		b.body, _ = p.body([]string{"endblock"}, it.off, "block")
		p.accept('n', b.name)
		p.endTagArgs()
		return b
	case "extends":
		x := p.expr(true)
		p.endOfTag()
		return &exprStmtNode{x: x, extends: true, off: it.off}
	case "include":
		x := p.expr(true)
		if p.accept('n', "ignore") {
			p.expect('n', "missing")
		}
		p.contextMod()
		p.endOfTag()
		return &includeNode{template: x}
	case "import":
		x := p.expr(true)
		p.expect('n', "as")
		nt := p.expect('n', "")
		p.contextMod()
		p.endOfTag()
		return &importNode{template: x, names: []*nameNode{{name: nt.val, off: nt.off, store: true}}}
	case "from":
		im := &importNode{template: p.expr(true)}
		p.expect('n', "import")
		for {
			if p.is('n', "with") || p.is('n', "without") {
				p.contextMod()
				break
			}
			nt := p.expect('n', "")
			if p.accept('n', "as") {
				nt = p.expect('n', "")
			}
			im.names = append(im.names, &nameNode{name: nt.val, off: nt.off, store: true})
			if !p.accept('o', ",") {
				p.contextMod()
				break
			}
		}
		p.endOfTag()
		return im
	case "autoescape":
		s := &scopeNode{x: p.expr(true)}
		p.endOfTag()
		s.body, _ = p.body([]string{"endautoescape"}, it.off, "autoescape")
		p.endTagArgs()
		return s
	case "do":
		x := p.tuple(true, nil)
		p.endOfTag()
		return &exprStmtNode{x: x}
	case "break", "continue":
		p.endOfTag()
		return &loopCtlNode{brk: name == "break"}
	}
	switch name {
	case "endif", "endfor", "endset", "endmacro", "endcall", "endfilter", "endwith", "endblock", "endautoescape", "endraw", "else", "elif":
		p.c.Errorf(it.off, "unexpected %q: no open block expects it", "{% "+name+" %}")
	default:
		p.c.Errorf(p.toks[0].off, "unknown tag %q", name)
	}
	return nil
}

// endTagArgs reports trailing tokens on an end tag without abandoning the
// block whose body was already parsed.
func (p *parser) endTagArgs() {
	if p.ti < len(p.toks) {
		p.c.Errorf(p.toks[p.ti].off, "unexpected %q in %q", p.toks[p.ti].val, template.Excerpt(p.text[p.item.off:]))
	}
}

// blockEnds maps block tags to their end tag, to skip a block whose
// header does not parse.
var blockEnds = map[string]string{"for": "endfor", "if": "endif", "macro": "endmacro", "call": "endcall", "filter": "endfilter", "with": "endwith", "block": "endblock", "autoescape": "endautoescape"}

func (p *parser) contextMod() {
	if p.accept('n', "with") || p.accept('n', "without") {
		p.expect('n', "context")
	}
}

func (p *parser) ifStmt(it lexItem) node {
	n := &ifNode{test: p.tuple(false, nil)}
	p.endOfTag()
	cur := n
	for {
		body, end := p.body([]string{"elif", "else", "endif"}, it.off, "if")
		switch end {
		case "elif":
			cur.body = body
			e := &ifNode{}
			func() {
				defer func() {
					if r := recover(); r != nil {
						if _, is := r.(syntaxError); !is {
							panic(r)
						}
					}
				}()
				e.test = p.tuple(false, nil)
				p.endOfTag()
			}()
			n.elifs = append(n.elifs, e)
			cur = e
			continue
		case "else":
			cur.body = body
			p.endTagArgs()
			n.else_, _ = p.body([]string{"endif"}, it.off, "if")
		default:
			cur.body = body
		}
		p.endTagArgs()
		return n
	}
}

// signature parses "(a, b=default, ...)".
func (p *parser) signature() ([]*nameNode, []node) {
	var args []*nameNode
	var defs []node
	p.expect('o', "(")
	for !p.accept('o', ")") {
		if len(args) > 0 {
			p.expect('o', ",")
			if p.accept('o', ")") {
				break
			}
		}
		nt := p.expect('n', "")
		args = append(args, &nameNode{name: nt.val, off: nt.off, store: true})
		if p.accept('o', "=") {
			defs = append(defs, p.expr(true))
		} else if len(defs) > 0 {
			p.fail(nt.off, "non-default argument %q follows a default argument", nt.val)
		}
	}
	return args, defs
}

// assignTarget parses a name, a tuple of names, or (withNS) ns.attr.
func (p *parser) assignTarget(extraEnd []string, withNS bool) node {
	if withNS && p.peekAt(1).val == "." && p.peek().kind == 'n' {
		nt := p.expect('n', "")
		p.ti++
		at := p.expect('n', "")
		return &nsRefNode{name: &nameNode{name: nt.val, off: nt.off}, attr: at.val}
	}
	var items []node
	tuple := false
	for {
		if len(items) > 0 {
			if !p.accept('o', ",") {
				break
			}
			tuple = true
		}
		if p.endsTuple(extraEnd) {
			break
		}
		if p.accept('o', "(") {
			items = append(items, p.assignTarget(nil, false))
			p.expect('o', ")")
			continue
		}
		nt := p.expect('n', "")
		if isConstName(nt.val) {
			p.fail(nt.off, "cannot assign to %q", nt.val)
		}
		items = append(items, &nameNode{name: nt.val, off: nt.off, store: true})
	}
	if len(items) == 0 {
		t := p.peek()
		p.fail(t.off, "expected a name to assign to in %q", template.Excerpt(p.text[p.item.off:]))
	}
	if !tuple {
		return items[0]
	}
	return &listNode{items: items, tuple: true}
}

func isConstName(s string) bool {
	switch s {
	case "true", "false", "none", "True", "False", "None":
		return true
	}
	return false
}

func (p *parser) endsTuple(extra []string) bool {
	t := p.peek()
	if t.kind == 0 {
		return true
	}
	if t.kind == 'o' && (t.val == ")" || t.val == "]" || t.val == "}" || t.val == "=" || t.val == "%") {
		return true
	}
	if t.kind == 'n' {
		for _, e := range extra {
			if t.val == e {
				return true
			}
		}
	}
	return false
}

// tuple parses an expression or a bare tuple "a, b".
func (p *parser) tuple(cond bool, extraEnd []string) node {
	var items []node
	tuple := false
	for {
		if len(items) > 0 {
			if !p.accept('o', ",") {
				break
			}
			tuple = true
		}
		if p.endsTuple(extraEnd) {
			break
		}
		items = append(items, p.expr(cond))
	}
	if !tuple {
		if len(items) == 0 {
			t := p.peek()
			p.fail(t.off, "expected an expression in %q", template.Excerpt(p.text[p.item.off:]))
		}
		return items[0]
	}
	return &listNode{items: items, tuple: true}
}

func (p *parser) expr(cond bool) node {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		p.fail(p.peek().off, "expression nested too deeply in %q", template.Excerpt(p.text[p.item.off:]))
	}
	if !cond {
		return p.or()
	}
	x := p.or()
	for p.accept('n', "if") {
		test := p.or()
		var b node
		if p.accept('n', "else") {
			b = p.expr(true)
		}
		x = &condNode{test: test, a: x, b: b}
	}
	return x
}

func (p *parser) or() node {
	x := p.and()
	for p.accept('n', "or") {
		x = &binNode{op: "or", l: x, r: p.and()}
	}
	return x
}

func (p *parser) and() node {
	x := p.not()
	for p.accept('n', "and") {
		x = &binNode{op: "and", l: x, r: p.not()}
	}
	return x
}

func (p *parser) not() node {
	if p.accept('n', "not") {
		return &unaryNode{op: "not", x: p.not()}
	}
	return p.compare()
}

func (p *parser) compare() node {
	x := p.math1()
	cmp := &compareNode{x: x}
	for {
		t := p.peek()
		switch {
		case t.kind == 'o' && (t.val == "==" || t.val == "!=" || t.val == ">" || t.val == ">=" || t.val == "<" || t.val == "<="):
			p.ti++
			cmp.ops = append(cmp.ops, t.val)
		case t.kind == 'n' && t.val == "in":
			p.ti++
			cmp.ops = append(cmp.ops, "in")
		case t.kind == 'n' && t.val == "not" && p.peekAt(1).kind == 'n' && p.peekAt(1).val == "in":
			p.ti += 2
			cmp.ops = append(cmp.ops, "notin")
		default:
			if len(cmp.ops) == 0 {
				return x
			}
			return cmp
		}
		cmp.rs = append(cmp.rs, p.math1())
	}
}

func (p *parser) math1() node {
	x := p.concat()
	for p.is('o', "+") || p.is('o', "-") {
		op := p.peek().val
		p.ti++
		x = &binNode{op: op, l: x, r: p.concat()}
	}
	return x
}

func (p *parser) concat() node {
	x := p.math2()
	for p.accept('o', "~") {
		x = &binNode{op: "~", l: x, r: p.math2()}
	}
	return x
}

func (p *parser) math2() node {
	x := p.pow()
	for p.is('o', "*") || p.is('o', "/") || p.is('o', "//") || p.is('o', "%") {
		op := p.peek().val
		p.ti++
		x = &binNode{op: op, l: x, r: p.pow()}
	}
	return x
}

func (p *parser) pow() node {
	x := p.unary(true)
	for p.accept('o', "**") {
		x = &binNode{op: "**", l: x, r: p.unary(true)}
	}
	return x
}

func (p *parser) unary(withFilter bool) node {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		p.fail(p.peek().off, "expression nested too deeply in %q", template.Excerpt(p.text[p.item.off:]))
	}
	var x node
	switch {
	case p.accept('o', "-"):
		x = &unaryNode{op: "-", x: p.unary(false)}
	case p.accept('o', "+"):
		x = &unaryNode{op: "+", x: p.unary(false)}
	default:
		x = p.postfix(p.primary())
	}
	if withFilter {
		x = p.filterExpr(x)
	}
	return x
}

func (p *parser) primary() node {
	t := p.peek()
	switch t.kind {
	case 'n':
		p.ti++
		switch t.val {
		case "true", "True":
			return &constNode{val: true}
		case "false", "False":
			return &constNode{val: false}
		case "none", "None":
			return &constNode{val: nil}
		}
		return &nameNode{name: t.val, off: t.off}
	case 's':
		var b strings.Builder
		for p.is('s', "") {
			b.WriteString(unquote(p.peek().val))
			p.ti++
		}
		return &constNode{val: b.String()}
	case 'i':
		p.ti++
		n, err := strconv.ParseInt(strings.ReplaceAll(t.val, "_", ""), 10, 64)
		if err != nil {
			f, _ := strconv.ParseFloat(strings.ReplaceAll(t.val, "_", ""), 64)
			return &constNode{val: f}
		}
		return &constNode{val: int(n)}
	case 'f':
		p.ti++
		f, _ := strconv.ParseFloat(strings.ReplaceAll(t.val, "_", ""), 64)
		return &constNode{val: f}
	case 'o':
		switch t.val {
		case "(":
			p.ti++
			if p.accept('o', ")") {
				return &listNode{tuple: true}
			}
			x := p.tuple(true, nil)
			p.expect('o', ")")
			return x
		case "[":
			p.ti++
			l := &listNode{}
			for !p.accept('o', "]") {
				if len(l.items) > 0 {
					p.expect('o', ",")
					if p.accept('o', "]") {
						break
					}
				}
				l.items = append(l.items, p.expr(true))
			}
			return l
		case "{":
			p.ti++
			d := &dictNode{}
			for !p.accept('o', "}") {
				if len(d.keys) > 0 {
					p.expect('o', ",")
					if p.accept('o', "}") {
						break
					}
				}
				d.keys = append(d.keys, p.expr(true))
				p.expect('o', ":")
				d.vals = append(d.vals, p.expr(true))
			}
			return d
		}
	}
	got := t.val
	if got == "" {
		got = "end of tag"
	}
	p.fail(t.off, "unexpected %q in %q", got, template.Excerpt(p.text[p.item.off:]))
	return nil
}

func unquote(s string) string {
	body := s[1 : len(s)-1]
	if !strings.Contains(body, "\\") {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '\'', '"':
			b.WriteByte(body[i])
		default:
			b.WriteByte('\\')
			b.WriteByte(body[i])
		}
	}
	return b.String()
}

func (p *parser) postfix(x node) node {
	for {
		switch {
		case p.is('o', "."):
			p.ti++
			t := p.peek()
			if t.kind != 'n' && t.kind != 'i' {
				p.fail(t.off, "expected an attribute name after \".\" in %q", template.Excerpt(p.text[p.item.off:]))
			}
			p.ti++
			if t.kind == 'i' {
				n, _ := strconv.Atoi(t.val)
				x = &getitemNode{x: x, arg: &constNode{val: n}}
			} else {
				x = &getattrNode{x: x, attr: t.val}
			}
		case p.is('o', "["):
			p.ti++
			var args []node
			for !p.accept('o', "]") {
				if len(args) > 0 {
					p.expect('o', ",")
				}
				args = append(args, p.subscript())
			}
			var arg node = &listNode{items: args, tuple: true}
			if len(args) == 1 {
				arg = args[0]
			}
			x = &getitemNode{x: x, arg: arg}
		case p.is('o', "("):
			c := p.callArgs()
			c.fn = x
			x = c
		default:
			return x
		}
	}
}

func (p *parser) subscript() node {
	var parts [3]node
	k := 0
	if !p.is('o', ":") {
		parts[0] = p.expr(true)
		if !p.is('o', ":") {
			return parts[0]
		}
	}
	for k < 2 && p.accept('o', ":") {
		k++
		if !p.is('o', ":") && !p.is('o', "]") && !p.is('o', ",") {
			parts[k] = p.expr(true)
		}
	}
	return &sliceNode{start: parts[0], stop: parts[1], step: parts[2]}
}

func (p *parser) callArgs() *callNode {
	p.expect('o', "(")
	c := &callNode{}
	first := true
	// Jinja's order: positional args, then keyword args, then *args, then
	// **kwargs; keyword args may also follow *args.
	dynArgs, dynKwargs := false, false
	ensure := func(ok bool, t token) {
		if !ok {
			p.fail(t.off, "invalid argument order in call in %q: positional, keyword, *args, **kwargs", template.Excerpt(p.text[p.item.off:]))
		}
	}
	for !p.accept('o', ")") {
		if !first {
			p.expect('o', ",")
			if p.accept('o', ")") {
				break
			}
		}
		first = false
		t := p.peek()
		switch {
		case p.accept('o', "*"):
			ensure(!dynArgs && !dynKwargs, t)
			dynArgs = true
			c.dyn = append(c.dyn, p.expr(true))
		case p.accept('o', "**"):
			ensure(!dynKwargs, t)
			dynKwargs = true
			c.dyn = append(c.dyn, p.expr(true))
		case t.kind == 'n' && p.peekAt(1).kind == 'o' && p.peekAt(1).val == "=":
			ensure(!dynKwargs, t)
			c.kwnames = append(c.kwnames, t.val)
			p.ti += 2
			c.kwvals = append(c.kwvals, p.expr(true))
		default:
			ensure(!dynArgs && !dynKwargs && len(c.kwnames) == 0, t)
			c.args = append(c.args, p.expr(true))
		}
	}
	return c
}

func (p *parser) filterExpr(x node) node {
	for {
		switch {
		case p.is('o', "|"):
			p.ti++
			x = p.filterChain(x)
		case p.is('n', "is"):
			p.ti++
			t := &testNode{x: x, neg: p.accept('n', "not")}
			nt := p.expect('n', "")
			t.name = nt.val
			for p.accept('o', ".") {
				t.name += "." + p.expect('n', "").val
			}
			nx := p.peek()
			switch {
			case p.is('o', "("):
				t.call = *p.callArgs()
			case (nx.kind == 'n' && nx.val != "else" && nx.val != "or" && nx.val != "and") || nx.kind == 's' || nx.kind == 'i' || nx.kind == 'f' || (nx.kind == 'o' && (nx.val == "[" || nx.val == "{")):
				if nx.kind == 'n' && nx.val == "is" {
					p.fail(nx.off, "unexpected \"is\" in %q", template.Excerpt(p.text[p.item.off:]))
				}
				arg := p.postfix(p.primary())
				t.call = callNode{args: []node{arg}}
			}
			x = t
		case p.is('o', "("):
			c := p.callArgs()
			c.fn = x
			x = c
		default:
			return x
		}
	}
}

// filterChain parses "name(args) | name ..." after the first "|".
func (p *parser) filterChain(x node) node {
	for {
		nt := p.expect('n', "")
		f := &filterNode{x: x, name: nt.val, off: nt.off}
		for p.accept('o', ".") {
			f.name += "." + p.expect('n', "").val
		}
		if p.is('o', "(") {
			f.call = *p.callArgs()
		}
		x = f
		if !p.accept('o', "|") {
			return x
		}
	}
}
