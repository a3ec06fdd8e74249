package jinja

import "github.com/promptlint/promptlint/lint/template"

// Jinja2 scanning parses the template into an AST with the grammar of
// jinja2.parser and then runs the symbol analysis of jinja2.idtracking, so
// that the distinct names reported equal
// jinja2.meta.find_undeclared_variables for the default Environment:
//
//   - a name read before it is assigned in the same frame is undeclared,
//     even when {% set %} assigns it later;
//   - {% for %}, {% macro %}, {% call %}, {% filter %}, {% with %},
//     {% set %}...{% endset %} and {% autoescape %} bodies are inner frames:
//     names they assign do not leak out; {% block %} bodies are separate
//     root frames that do not see top-level assignments;
//   - a name assigned in some but not all branches of an {% if %} is
//     undeclared (Jinja resolves it from the context when the branch does
//     not run), and is reported at the assignment;
//   - loop (in a for body), caller, varargs and kwargs (in macros), self,
//     and the default globals range, lipsum, dict, cycler, joiner and
//     namespace are not variables;
//   - {% do %}, {% break %} and {% continue %} (extensions in Jinja) and
//     filters and tests Jinja does not define are accepted: the
//     application may load or register them, which a linter cannot see.
//   - The errors Jinja's compiler raises on a template that parses are
//     reported too: a block defined twice, {% extends %} below the top
//     level, an assignment to "loop" inside a for loop, and a "caller"
//     parameter without a default in a macro that calls caller.
//
// Every occurrence that reads the caller's data is a Use, so a name may be
// reported more than once; Result.Names gives the distinct set.

// jGlobals are the default Environment globals.
var jGlobals = map[string]bool{"range": true, "lipsum": true, "dict": true, "cycler": true, "joiner": true, "namespace": true}

// Symbol analysis (jinja2.idtracking): the loads of each frame.
const (
	jResolve = iota + 1
	jParam
	jUndefinedLoad
	jAlias
)

type jSymbols struct {
	parent *jSymbols
	refs   map[string]int
	loads  map[int]int
	stores map[string]bool
}

func newJSymbols(parent *jSymbols) *jSymbols {
	return &jSymbols{parent: parent, refs: map[string]int{}, loads: map[int]int{}, stores: map[string]bool{}}
}

func (s *jSymbols) copy() *jSymbols {
	c := newJSymbols(s.parent)
	for k, v := range s.refs {
		c.refs[k] = v
	}
	for k, v := range s.loads {
		c.loads[k] = v
	}
	for k := range s.stores {
		c.stores[k] = true
	}
	return c
}

type jAnalyzer struct {
	c      *template.Collector
	nextID int
	names  map[int]string // ref id -> name
	all    []*jSymbols    // every frame's symbols
	occ    []jOcc
	frames []func() // inner frames, analyzed after their parent
}

// jOcc is a name occurrence that may read the caller's data.
type jOcc struct {
	name  string
	off   int
	frame *jSymbols
	store bool
}

func (a *jAnalyzer) findRef(s *jSymbols, name string) (*jSymbols, int) {
	for ; s != nil; s = s.parent {
		if id, ok := s.refs[name]; ok {
			return s, id
		}
	}
	return nil, 0
}

func (a *jAnalyzer) define(s *jSymbols, name string, load int) {
	a.nextID++
	a.names[a.nextID] = name
	s.refs[name] = a.nextID
	s.loads[a.nextID] = load
}

func (a *jAnalyzer) load(s *jSymbols, name string) {
	if o, _ := a.findRef(s, name); o == nil {
		a.define(s, name, jResolve)
	}
}

func (a *jAnalyzer) store(s *jSymbols, name string) {
	s.stores[name] = true
	if _, ok := s.refs[name]; ok {
		return
	}
	if s.parent != nil {
		if o, _ := a.findRef(s.parent, name); o != nil {
			a.define(s, name, jAlias)
			return
		}
	}
	a.define(s, name, jUndefinedLoad)
}

func (a *jAnalyzer) param(s *jSymbols, name string) {
	s.stores[name] = true
	a.define(s, name, jParam)
}

func (a *jAnalyzer) branchUpdate(s *jSymbols, branches []*jSymbols) {
	stores := map[string]int{}
	for _, b := range branches {
		for name := range b.stores {
			if !s.stores[name] {
				stores[name]++
			}
		}
	}
	for _, b := range branches {
		for k, v := range b.refs {
			s.refs[k] = v
		}
		for k, v := range b.loads {
			s.loads[k] = v
		}
		for k := range b.stores {
			s.stores[k] = true
		}
	}
	for name, n := range stores {
		if n == len(branches) {
			continue
		}
		id := s.refs[name]
		if s.parent != nil {
			if o, _ := a.findRef(s.parent, name); o != nil {
				s.loads[id] = jAlias
				continue
			}
		}
		s.loads[id] = jResolve
	}
}

// jFrameVisitor visits the nodes of one frame (FrameSymbolVisitor).
type jFrameVisitor struct {
	a      *jAnalyzer
	frame  *jSymbols // the frame's symbols, for occurrences
	sym    *jSymbols // current symbols (a copy inside if branches)
	branch int       // nesting of if branches
}

func Scan(text string) template.Result {
	var c template.Collector
	body := parseJinja(text, &c)
	if len(c.Result.Errors) == 0 {
		jCompileChecks(body, &c)
	}
	a := &jAnalyzer{c: &c, names: map[int]string{}}
	root := a.newFrame(nil)
	if jUsesName(body, "self") {
		a.param(root, "self")
	}
	a.frame(root, body)
	for len(a.frames) > 0 {
		f := a.frames[0]
		a.frames = a.frames[1:]
		f()
	}
	// The undeclared names are the resolve loads of every frame, as
	// jinja2.meta's TrackingCodeGenerator collects them.
	undeclared := map[string]bool{}
	for _, f := range a.all {
		for id, load := range f.loads {
			if load == jResolve && !jGlobals[a.names[id]] {
				undeclared[a.names[id]] = true
			}
		}
	}
	reported := map[string]bool{}
	for _, o := range a.occ {
		if o.store || !undeclared[o.name] {
			continue
		}
		if s, id := a.findRef(o.frame, o.name); s != nil && s.loads[id] == jResolve {
			c.Use(o.name, o.name, o.off)
			reported[o.name] = true
		}
	}
	// A name resolved only because a branch assigned it: report where it is
	// assigned (and read).
	for _, o := range a.occ {
		if undeclared[o.name] && !reported[o.name] {
			c.Use(o.name, o.name, o.off)
		}
	}
	return c.Finish(text)
}

// frame analyzes the nodes of one frame with symbols s.
func (a *jAnalyzer) frame(s *jSymbols, nodes []jNode) {
	v := &jFrameVisitor{a: a, frame: s, sym: s}
	for _, n := range nodes {
		v.stmt(n)
	}
}

// newFrame creates the symbols of a frame and remembers them.
func (a *jAnalyzer) newFrame(parent *jSymbols) *jSymbols {
	s := newJSymbols(parent)
	a.all = append(a.all, s)
	return s
}

func (a *jAnalyzer) later(f func()) { a.frames = append(a.frames, f) }

func (v *jFrameVisitor) stmts(nodes []jNode) {
	for _, n := range nodes {
		v.stmt(n)
	}
}

func (v *jFrameVisitor) name(n *jName) {
	if n.store {
		v.a.store(v.sym, n.name)
		if v.branch > 0 {
			v.a.occ = append(v.a.occ, jOcc{name: n.name, off: n.off, frame: v.frame, store: true})
		}
		return
	}
	v.a.load(v.sym, n.name)
	v.a.occ = append(v.a.occ, jOcc{name: n.name, off: n.off, frame: v.frame})
}

func (v *jFrameVisitor) stmt(n jNode) {
	a := v.a
	switch x := n.(type) {
	case *jPrint:
		v.expr(x.x)
	case *jIf:
		v.ifStmt(x)
	case *jFor:
		v.expr(x.iter)
		parent := v.frame // the frame's final symbols, as at compile time
		a.later(func() {
			body := a.newFrame(parent)
			if jUsesName(x.body, "loop") {
				a.param(body, "loop")
			}
			fv := &jFrameVisitor{a: a, frame: body, sym: body}
			fv.expr(x.target)
			fv.stmts(x.body)
			if x.filter != nil {
				test := a.newFrame(parent)
				tv := &jFrameVisitor{a: a, frame: test, sym: test}
				tv.expr(x.target)
				tv.expr(x.filter)
			}
			if len(x.else_) > 0 {
				a.frame(a.newFrame(parent), x.else_)
			}
		})
	case *jSet:
		v.expr(x.value)
		v.expr(x.target)
	case *jSetBlock:
		v.expr(x.target)
		parent := v.frame // the frame's final symbols, as at compile time
		a.later(func() {
			s := a.newFrame(parent)
			fv := &jFrameVisitor{a: a, frame: s, sym: s}
			fv.stmts(x.body)
			if x.filter != nil {
				fv.expr(x.filter)
			}
		})
	case *jMacro:
		v.name(&jName{name: x.name, off: x.off, store: true})
		v.macro(x.args, x.defaults, x.body)
	case *jCallBlock:
		v.expr(x.call)
		v.macro(x.args, x.defaults, x.body)
	case *jFilterBlock:
		v.expr(x.filter)
		parent := v.frame // the frame's final symbols, as at compile time
		a.later(func() { a.frame(a.newFrame(parent), x.body) })
	case *jWith:
		for _, e := range x.values {
			v.expr(e)
		}
		parent := v.frame // the frame's final symbols, as at compile time
		a.later(func() {
			s := a.newFrame(parent)
			fv := &jFrameVisitor{a: a, frame: s, sym: s}
			for _, t := range x.targets {
				fv.expr(t)
			}
			fv.stmts(x.body)
		})
	case *jBlock:
		a.later(func() {
			s := a.newFrame(nil)
			for _, special := range []string{"self", "super"} {
				if jUsesName(x.body, special) {
					a.param(s, special)
				}
			}
			a.frame(s, x.body)
		})
	case *jInclude:
		v.expr(x.template)
	case *jImport:
		v.expr(x.template)
		for _, nm := range x.names {
			v.name(nm)
		}
	case *jScope:
		// {% autoescape %} is a Scope around the eval-context modifier:
		// its expression is read inside the new frame.
		parent := v.frame // the frame's final symbols, as at compile time
		a.later(func() {
			s := a.newFrame(parent)
			fv := &jFrameVisitor{a: a, frame: s, sym: s}
			fv.expr(x.x)
			fv.stmts(x.body)
		})
	case *jExprStmt:
		v.expr(x.x)
	}
}

func (v *jFrameVisitor) macro(args []*jName, defaults []jNode, body []jNode) {
	a := v.a
	parent := v.frame // the frame's final symbols, as at compile time
	a.later(func() {
		s := a.newFrame(parent)
		for _, special := range []string{"caller", "kwargs", "varargs"} {
			if jUsesName(body, special) {
				a.param(s, special)
			}
		}
		fv := &jFrameVisitor{a: a, frame: s, sym: s}
		for _, arg := range args {
			a.param(s, arg.name)
		}
		for _, d := range defaults {
			fv.expr(d)
		}
		fv.stmts(body)
	})
}

func (v *jFrameVisitor) ifStmt(x *jIf) {
	v.expr(x.test)
	orig := v.sym
	inner := func(f func()) *jSymbols {
		v.sym = orig.copy()
		v.branch++
		f()
		v.branch--
		rv := v.sym
		v.sym = orig
		return rv
	}
	body := inner(func() { v.stmts(x.body) })
	elifs := inner(func() {
		for _, e := range x.elifs {
			v.ifStmt(e)
		}
	})
	els := inner(func() { v.stmts(x.else_) })
	v.a.branchUpdate(orig, []*jSymbols{body, elifs, els})
}

func (v *jFrameVisitor) expr(n jNode) {
	switch x := n.(type) {
	case *jName:
		v.name(x)
	case *jList:
		for _, e := range x.items {
			v.expr(e)
		}
	case *jDict:
		for i := range x.keys {
			v.expr(x.keys[i])
			v.expr(x.vals[i])
		}
	case *jAttr:
		v.expr(x.x)
	case *jItemX:
		v.expr(x.x)
		v.expr(x.arg)
	case *jSlice:
		v.expr(x.start)
		v.expr(x.stop)
		v.expr(x.step)
	case *jCall:
		v.expr(x.fn)
		v.call(x)
	case *jFilter:
		v.expr(x.x)
		v.call(&x.call)
	case *jTest:
		v.expr(x.x)
		v.call(&x.call)
	case *jBin:
		v.expr(x.l)
		v.expr(x.r)
	case *jUnary:
		v.expr(x.x)
	case *jCompare:
		v.expr(x.x)
		for _, r := range x.rs {
			v.expr(r)
		}
	case *jCond:
		v.expr(x.test)
		v.expr(x.a)
		v.expr(x.b)
	case *jNSRef:
		v.name(x.name)
	}
}

func (v *jFrameVisitor) call(c *jCall) {
	for _, e := range c.args {
		v.expr(e)
	}
	for _, e := range c.kwvals {
		v.expr(e)
	}
	for _, e := range c.dyn {
		v.expr(e)
	}
}

// jUsesName reports whether nodes read name before anything assigns it,
// as jinja2.compiler.find_undeclared does: its visitor walks the nodes in
// field order, skips {% block %} bodies, and the first Name node called
// name decides: a load means undeclared, a store or a parameter means
// declared. Namespace attribute targets (ns.attr) are not Name nodes.
func jUsesName(nodes []jNode, name string) bool {
	decided, found := false, false
	var walk func(n jNode)
	walks := func(ns ...jNode) {
		for _, n := range ns {
			walk(n)
		}
	}
	walk = func(n jNode) {
		if decided || n == nil {
			return
		}
		switch x := n.(type) {
		case *jName:
			if x.name == name {
				decided, found = true, !x.store
			}
		case []jNode:
			walks(x...)
		case []*jName:
			for _, e := range x {
				walk(e)
			}
		case *jPrint:
			walk(x.x)
		case *jIf:
			walks(x.test, x.body)
			for _, e := range x.elifs {
				walk(e)
			}
			walk(x.else_)
		case *jFor:
			walks(x.target, x.iter, x.body, x.else_, x.filter)
		case *jSet:
			walks(x.target, x.value)
		case *jSetBlock:
			walks(x.target, x.filter, x.body)
		case *jMacro:
			walks(x.args, x.defaults, x.body)
		case *jCallBlock:
			walks(x.call, x.args, x.defaults, x.body)
		case *jFilterBlock:
			walks(x.body, x.filter)
		case *jWith:
			walks(x.targets, x.values, x.body)
		case *jInclude:
			walk(x.template)
		case *jImport:
			walk(x.template)
		case *jScope:
			walks(x.x, x.body)
		case *jExprStmt:
			walk(x.x)
		case *jList:
			walks(x.items...)
		case *jDict:
			for i := range x.keys {
				walks(x.keys[i], x.vals[i])
			}
		case *jAttr:
			walk(x.x)
		case *jItemX:
			walks(x.x, x.arg)
		case *jSlice:
			walks(x.start, x.stop, x.step)
		case *jCall:
			walks(x.fn, x.args, x.kwvals, x.dyn)
		case *jFilter:
			walks(x.x, &x.call)
		case *jTest:
			walks(x.x, &x.call)
		case *jBin:
			walks(x.l, x.r)
		case *jUnary:
			walk(x.x)
		case *jCompare:
			walks(x.x, x.rs)
		case *jCond:
			walks(x.test, x.a, x.b)
		}
	}
	walks(nodes)
	return found
}

// jCompileChecks reports the errors Jinja's compiler raises on a template
// that parses (TemplateAssertionError): a block name defined twice, an
// {% extends %} below the top level, an assignment to "loop" inside a
// {% for %} (jLoopStores), and an explicit "caller" parameter without a default in a
// macro or call block whose body calls caller.
func jCompileChecks(body []jNode, c *template.Collector) {
	blocks := map[string]bool{}
	var walk func(n jNode, top bool)
	walks := func(top bool, ns ...jNode) {
		for _, n := range ns {
			walk(n, top)
		}
	}
	callerArg := func(args []*jName, defaults []jNode, body []jNode) {
		for i, a := range args {
			if a.name == "caller" && i < len(args)-len(defaults) && jUsesName(body, "caller") {
				c.Errorf(a.off, `the special "caller" parameter must be omitted or given a default`)
			}
		}
	}
	walk = func(n jNode, top bool) {
		switch x := n.(type) {
		case []jNode:
			walks(top, x...)
		case *jIf:
			walks(top, x.body)
			for _, e := range x.elifs {
				walk(e, top)
			}
			walks(top, x.else_)
		case *jFor:
			walks(false, x.body, x.else_)
		case *jSetBlock:
			walks(false, x.body)
		case *jMacro:
			callerArg(x.args, x.defaults, x.body)
			walks(false, x.body)
		case *jCallBlock:
			callerArg(x.args, x.defaults, x.body)
			walks(false, x.body)
		case *jFilterBlock:
			walks(false, x.body)
		case *jWith:
			walks(false, x.body)
		case *jScope:
			walks(false, x.body)
		case *jBlock:
			if blocks[x.name] {
				c.Errorf(x.off, "block %q defined twice", x.name)
			}
			blocks[x.name] = true
			walks(false, x.body)
		case *jExprStmt:
			if x.extends && !top {
				c.Errorf(x.off, `"{%% extends %%}" must be at the top level of the template, not inside a block or loop`)
			}
		}
	}
	walks(true, body)
	jLoopStores(body, c, map[int]bool{})
}

// jLoopStores reports every {% for %} that assigns the name "loop"
// anywhere inside it (its target, or a set, for or set-block target in its
// body), in one bottom-up pass. It returns the offset of the first such
// assignment in n, or -1; reported keeps each assignment to one error.
func jLoopStores(n jNode, c *template.Collector, reported map[int]bool) int {
	first := -1
	note := func(off int) {
		if first < 0 && off >= 0 {
			first = off
		}
	}
	all := func(ns ...jNode) {
		for _, x := range ns {
			note(jLoopStores(x, c, reported))
		}
	}
	switch x := n.(type) {
	case *jName:
		if x.store && x.name == "loop" {
			return x.off
		}
	case []jNode:
		all(x...)
	case *jList:
		all(x.items...)
	case *jIf:
		all(x.body)
		for _, e := range x.elifs {
			note(jLoopStores(e, c, reported))
		}
		all(x.else_)
	case *jFor:
		all(x.target, x.body, x.else_)
		if first >= 0 && !reported[first] {
			reported[first] = true // once, in the innermost loop
			c.Errorf(first, `cannot assign to the special variable "loop" inside a for loop`)
		}
	case *jSet:
		all(x.target)
	case *jSetBlock:
		all(x.target, x.body)
	case *jMacro:
		all(x.body)
	case *jCallBlock:
		all(x.body)
	case *jFilterBlock:
		all(x.body)
	case *jWith:
		all(x.body) // with targets are parameters, not stores
	case *jScope:
		all(x.body)
	case *jBlock:
		all(x.body)
	}
	return first
}
