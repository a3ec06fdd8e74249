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
	if p.data {
		if len(p.parts) > 1 && p.parts[0] == "root" && p.depth == 0 {
			s.c.Use(p.parts[1], p.orig, p.offs[1])
		}
		return
	}
	if len(p.parts) == 0 {
		return
	}
	if !p.this && p.depth == 0 && s.params[p.parts[0]] > 0 {
		return
	}
	if !s.hbs && p.depth > 0 {
		return
	}
	if s.level-p.depth == 0 {
		s.c.Use(p.parts[0], p.orig, p.offs[0])
	}
}

func (s *scope) block(b *blockNode) {
	name := b.call.simpleName()
	ctx := false
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
	// The program (the part that runs when the value is truthy: a
	// section's body, an inverted section's {{else}}) may change the
	// context; the inverse keeps it.
	program, inverse := b.program, b.inverse
	if b.kind == '^' {
		// handlebars.js gives an inverted section's block params to its body.
		s.push(scopeFrame{params: b.params})
		s.program(inverse)
		s.pop()
		s.push(scopeFrame{ctx: ctx && s.hbs})
		s.program(program)
		s.pop()
		return
	}
	s.push(scopeFrame{ctx: ctx, params: b.params})
	s.program(program)
	s.pop()
	s.program(inverse)
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
