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

// hbFrame is one enclosing block during the scan for uses.
type hbFrame struct {
	ctx    bool     // the block changes the context
	params []string // block params
}

type hbScope struct {
	hbs    bool
	c      *template.Collector
	frames []hbFrame
	level  int            // context-changing frames open
	params map[string]int // block params in scope, with their count
}

func scanMustache(text string, hbs bool) template.Result {
	var c template.Collector
	prog := parseMustache(text, hbs, &c)
	s := &hbScope{hbs: hbs, c: &c}
	s.program(prog)
	return c.Finish(text)
}

func (s *hbScope) program(p *hbProgram) {
	if p == nil {
		return
	}
	for _, n := range p.body {
		switch x := n.(type) {
		case *hbMustache:
			s.call(x.call, true)
		case *hbPartial:
			s.partial(x.call)
		case *hbRaw:
			// {{{{name}}}} with no helper of that name reads the value
			// name (blockHelperMissing), like {{#name}}.
			s.call(x.call, true)
		case *hbBlock:
			s.block(x)
		}
	}
}

func (s *hbScope) partial(c *hbCall) {
	switch n := c.name.(type) {
	case *hbPath:
		s.c.Partial(n.orig)
	case *hbLit:
		if str, ok := n.val.(string); ok {
			s.c.Partial(str)
		} else {
			s.c.Partial(n.orig)
		}
	case *hbSub:
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
func (s *hbScope) call(c *hbCall, bare bool) {
	if c == nil {
		return
	}
	name := c.simpleName()
	isCall := s.hbs && (len(c.params) > 0 || len(c.hash) > 0 || !bare || hbHelpers[name])
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

func (s *hbScope) expr(e hbExpr) {
	switch x := e.(type) {
	case *hbPath:
		s.path(x)
	case *hbSub:
		s.call(x.call, false)
	}
}

// path reports a path that resolves in the caller's data.
func (s *hbScope) path(p *hbPath) {
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

func (s *hbScope) block(b *hbBlock) {
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
		case !hbHelpers[name] && !hasArgs:
			ctx = true // blockHelperMissing
		}
	}
	// The program (the part that runs when the value is truthy: a
	// section's body, an inverted section's {{else}}) may change the
	// context; the inverse keeps it.
	program, inverse := b.program, b.inverse
	if b.kind == '^' {
		// handlebars.js gives an inverted section's block params to its body.
		s.push(hbFrame{params: b.params})
		s.program(inverse)
		s.pop()
		s.push(hbFrame{ctx: ctx && s.hbs})
		s.program(program)
		s.pop()
		return
	}
	s.push(hbFrame{ctx: ctx, params: b.params})
	s.program(program)
	s.pop()
	s.program(inverse)
}

func (s *hbScope) push(f hbFrame) {
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

func (s *hbScope) pop() {
	f := s.frames[len(s.frames)-1]
	s.frames = s.frames[:len(s.frames)-1]
	if f.ctx {
		s.level--
	}
	for _, p := range f.params {
		s.params[p]--
	}
}
