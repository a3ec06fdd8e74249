package handlebars

import "github.com/promptlint/promptlint/lint/template"

// Free variables, as the engine resolves them:
//
//   - {{x}}, {{{x}}}, {{& x}}, {{x.y}}, {{x/y}}: a use of x at the top
//     level of the template.
//   - Handlebars block helpers #each and #with, and a block whose name is
//     not a helper ({{#x}}, Handlebars' blockHelperMissing) change the
//     context: a bare name inside them is looked up in the item, not in the
//     caller's data, and is not reported. Their {{else}} part keeps the
//     outer context. #if, #unless and other block helpers keep the context.
//     Plain Mustache sections are treated the same way: Mustache would fall
//     back to the outer context when the item lacks the name, but the name
//     is nearly always the item's field, and reporting it would call every
//     item field an undeclared variable.
//   - Inside a context change, ../x (as many ../ as changes), @root.x and
//     this.x at the top level reach the caller's data and are reported.
//     this, ., @index, @key, @first, @last and block params (as |item i|)
//     are not variables.
//   - Handlebars: {{name}} is a helper call, not a variable, when name is a
//     Handlebars builtin (if, unless, each, with, lookup, log) or a Dotprompt
//     helper (role, history, section, media, json, ifEquals,
//     unlessEquals); {{name arg k=v}} is always a call of helper name, whose
//     params and hash values are uses; so are a sub-expression's.
//   - Mustache has no helpers: {{name arg}} looks up the single key
//     "name arg", which no caller provides; it is reported as an Error.
//   - Partials ({{> name}}, {{#> name}}) are recorded in Result.Partials;
//     their context and hash arguments are uses.
//
// Optional uses (template.Use.Optional). A name the caller does not pass
// is undefined, which both engines render as falsy and empty, without
// error, even as the root of a path. A use is optional when it is the
// test of {{#if x}} or {{#unless x}} (one path param), of a section
// {{#x}} or an inverted section {{^x}} (Mustache, or Handlebars with no
// helper of that name), or when it runs only where such a test
// established x: the body of {{#if x}} and of a section, the {{else}} of
// {{#unless x}} and of {{^x}}. A helper call's arguments ({{#each x}},
// {{#with x}}, {{#ifEquals x "a"}}, a sub-expression) are not tests.

// scopeFrame is one enclosing block during the scan for uses.
type scopeFrame struct {
	ctx    bool     // the block changes the context
	params []string // block params
}

type scope struct {
	hbs    bool
	c      *template.Collector
	frames []scopeFrame
	level  int            // context-changing frames open
	params map[string]int // block params in scope, with their count

	test    *pathExpr      // the path being scanned as a block's test
	guarded map[string]int // caller variables a test established, with count
}

func scan(text string, hbs bool) template.Result {
	var c template.Collector
	prog := parse(text, hbs, &c)
	s := &scope{hbs: hbs, c: &c}
	s.program(prog)
	return c.Finish(text)
}

func (s *scope) program(p *programNode) {
	if p == nil {
		return
	}
	for _, n := range p.body {
		switch x := n.(type) {
		case *mustacheNode:
			s.call(x.call, true)
		case *partialNode:
			s.partial(x.call)
		case *rawNode:
			// {{{{name}}}} with no helper of that name reads the value
			// name (blockHelperMissing), like {{#name}}.
			s.call(x.call, true)
		case *blockNode:
			s.block(x)
		}
	}
}

func (s *scope) partial(c *callExpr) {
	switch n := c.name.(type) {
	case *pathExpr:
		s.c.Partial(n.orig)
	case *literal:
		if str, ok := n.val.(string); ok {
			s.c.Partial(str)
		} else {
			s.c.Partial(n.orig)
		}
	case *subExpr:
		s.call(n.call, false)
	}
	for _, e := range c.params {
		s.expr(e)
	}
	for _, h := range c.hash {
		s.expr(h.val)
	}
}

// call reports the uses of a mustache or sub-expression. bare says a
// call without params may be a plain variable.
func (s *scope) call(c *callExpr, bare bool) {
	if c == nil {
		return
	}
	name := c.simpleName()
	isCall := s.hbs && (len(c.params) > 0 || len(c.hash) > 0 || !bare || builtinHelpers[name])
	if !isCall || name == "" {
		s.expr(c.name)
	}
	for _, e := range c.params {
		s.expr(e)
	}
	for _, h := range c.hash {
		s.expr(h.val)
	}
}

func (s *scope) expr(e expr) {
	switch x := e.(type) {
	case *pathExpr:
		s.path(x)
	case *subExpr:
		s.call(x.call, false)
	}
}

// path reports a path that resolves in the caller's data.
func (s *scope) path(p *pathExpr) {
	k := s.root(p)
	if k < 0 {
		return
	}
	if p == s.test || s.guarded[p.parts[k]] > 0 {
		s.c.OptionalUse(p.parts[k], p.orig, p.offs[k])
		return
	}
	s.c.Use(p.parts[k], p.orig, p.offs[k])
}

// root returns the index in p.parts of the caller's variable p reads, or
// -1 when p does not resolve in the caller's data.
func (s *scope) root(p *pathExpr) int {
	switch {
	case p.data:
		if len(p.parts) > 1 && p.parts[0] == "root" && p.depth == 0 {
			return 1
		}
		return -1
	case len(p.parts) == 0,
		!p.this && p.depth == 0 && s.params[p.parts[0]] > 0,
		!s.hbs && p.depth > 0,
		s.level-p.depth != 0:
		return -1
	}
	return 0
}

// guard returns the path a block tests for truth, nil when it tests none,
// and whether the tested value is truthy in the block's program (else in
// its inverse).
func (s *scope) guard(b *blockNode) (*pathExpr, bool) {
	name := b.call.simpleName()
	switch {
	case b.kind != '#' && b.kind != '^':
		return nil, false
	case !s.hbs:
		p, _ := b.call.name.(*pathExpr)
		return p, true
	case b.kind == '#' && (name == "if" || name == "unless") && len(b.call.params) == 1:
		p, _ := b.call.params[0].(*pathExpr)
		return p, name == "if"
	case !builtinHelpers[name] && len(b.call.params) == 0 && len(b.call.hash) == 0:
		p, _ := b.call.name.(*pathExpr)
		return p, true
	}
	return nil, false
}

// guarding runs f with the caller variable name established; "" is none.
func (s *scope) guarding(name string, f func()) {
	if name == "" {
		f()
		return
	}
	if s.guarded == nil {
		s.guarded = map[string]int{}
	}
	s.guarded[name]++
	f()
	s.guarded[name]--
}

func (s *scope) block(b *blockNode) {
	name := b.call.simpleName()
	ctx := false
	test, inProgram := s.guard(b)
	tested := ""
	if test != nil {
		if k := s.root(test); k >= 0 {
			tested = test.parts[k]
		}
	}
	s.test = test
	switch {
	case b.kind == 'P':
		s.partial(b.call)
	case b.kind == 'D':
		s.call(b.call, false)
	case b.kind == '^' && !s.hbs:
		s.expr(b.call.name)
	case !s.hbs:
		s.expr(b.call.name)
		ctx = true
	default:
		s.call(b.call, true)
		hasArgs := len(b.call.params) > 0 || len(b.call.hash) > 0
		switch {
		case name == "each" || name == "with":
			ctx = true
		case !builtinHelpers[name] && !hasArgs:
			ctx = true // blockHelperMissing
		}
	}
	s.test = nil
	truthy, falsy := tested, ""
	if !inProgram {
		truthy, falsy = "", tested
	}
	// The program (the part that runs when the value is truthy: a
	// section's body, an inverted section's {{else}}) may change the
	// context; the inverse keeps it.
	program, inverse := b.program, b.inverse
	if b.kind == '^' {
		// handlebars.js gives an inverted section's block params to its body.
		s.push(scopeFrame{params: b.params})
		s.guarding(falsy, func() { s.program(inverse) })
		s.pop()
		s.push(scopeFrame{ctx: ctx && s.hbs})
		s.guarding(truthy, func() { s.program(program) })
		s.pop()
		return
	}
	s.push(scopeFrame{ctx: ctx, params: b.params})
	s.guarding(truthy, func() { s.program(program) })
	s.pop()
	s.guarding(falsy, func() { s.program(inverse) })
}

func (s *scope) push(f scopeFrame) {
	s.frames = append(s.frames, f)
	if f.ctx {
		s.level++
	}
	if s.params == nil {
		s.params = map[string]int{}
	}
	for _, p := range f.params {
		s.params[p]++
	}
}

func (s *scope) pop() {
	f := s.frames[len(s.frames)-1]
	s.frames = s.frames[:len(s.frames)-1]
	if f.ctx {
		s.level--
	}
	for _, p := range f.params {
		s.params[p]--
	}
}
