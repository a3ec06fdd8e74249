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

// globals are the default Environment globals.
var globals = map[string]bool{"range": true, "lipsum": true, "dict": true, "cycler": true, "joiner": true, "namespace": true}

// Symbol analysis (jinja2.idtracking): the loads of each frame.
const (
	loadResolve = iota + 1
	loadParam
	loadUndefined
	loadAlias
)

type symbols struct {
	parent *symbols
	refs   map[string]int
	loads  map[int]int
	stores map[string]bool
}

func newSymbols(parent *symbols) *symbols {
	return &symbols{parent: parent, refs: map[string]int{}, loads: map[int]int{}, stores: map[string]bool{}}
}

func (s *symbols) copy() *symbols {
	c := newSymbols(s.parent)
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

type analyzer struct {
	c      *template.Collector
	nextID int
	names  []string   // ref id -> name (ids count from 1)
	all    []*symbols // every frame's symbols
	occ    []occurrence
	frames []func() // inner frames, analyzed after their parent
}

// occurrence is a name occurrence that may read the caller's data.
type occurrence struct {
	name  string
	off   int
	frame *symbols
	store bool
}

func (a *analyzer) findRef(s *symbols, name string) (*symbols, int) {
	for ; s != nil; s = s.parent {
		if id, ok := s.refs[name]; ok {
			return s, id
		}
	}
	return nil, 0
}

func (a *analyzer) define(s *symbols, name string, load int) {
	a.nextID++
	a.names = template.Append(a.names, name) // a.names[a.nextID]
	s.refs[name] = a.nextID
	s.loads[a.nextID] = load
}

func (a *analyzer) load(s *symbols, name string) {
	if o, _ := a.findRef(s, name); o == nil {
		a.define(s, name, loadResolve)
	}
}

func (a *analyzer) store(s *symbols, name string) {
	s.stores[name] = true
	if _, ok := s.refs[name]; ok {
		return
	}
	if s.parent != nil {
		if o, _ := a.findRef(s.parent, name); o != nil {
			a.define(s, name, loadAlias)
			return
		}
	}
	a.define(s, name, loadUndefined)
}

func (a *analyzer) param(s *symbols, name string) {
	s.stores[name] = true
	a.define(s, name, loadParam)
}

func (a *analyzer) branchUpdate(s *symbols, branches []*symbols) {
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
				s.loads[id] = loadAlias
				continue
			}
		}
		s.loads[id] = loadResolve
	}
}

// frameVisitor visits the nodes of one frame (FrameSymbolVisitor).
type frameVisitor struct {
	a      *analyzer
	frame  *symbols // the frame's symbols, for occurrences
	sym    *symbols // current symbols (a copy inside if branches)
	branch int      // nesting of if branches
}

func Scan(text string) template.Result {
	var c template.Collector
	body, tags := parseCounted(text, &c)
	if len(c.Result.Errors) == 0 {
		compileChecks(body, &c)
	}
	// The top frame's tables are sized for a name per tag: a template of
	// 100,000 placeholders would otherwise grow them a slot at a time.
	a := &analyzer{c: &c, names: make([]string, 1, tags+1)}
	root := &symbols{refs: make(map[string]int, tags), loads: make(map[int]int, tags), stores: map[string]bool{}}
	a.all = append(a.all, root)
	if usesName(body, "self") {
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
	undeclared := make(map[string]bool, len(a.names)) // sized once: a template may hold 100,000 names
	for _, f := range a.all {
		for id, load := range f.loads {
			if load == loadResolve && !globals[a.names[id]] {
				undeclared[a.names[id]] = true
			}
		}
	}
	reported := make(map[string]bool, len(undeclared))
	optional := optionalUses(body)
	for _, o := range a.occ {
		if o.store || !undeclared[o.name] {
			continue
		}
		if s, id := a.findRef(o.frame, o.name); s != nil && s.loads[id] == loadResolve {
			if optional[o.off] {
				c.OptionalUse(o.name, o.name, o.off)
			} else {
				c.Use(o.name, o.name, o.off)
			}
			reported[o.name] = true
		}
	}
	// A name resolved only because a branch assigned it: report where it is
	// assigned (and read). Most templates have none.
	for i := 0; i < len(a.occ) && len(reported) < len(undeclared); i++ {
		if o := a.occ[i]; undeclared[o.name] && !reported[o.name] {
			c.Use(o.name, o.name, o.off)
		}
	}
	return c.Finish(text)
}

// frame analyzes the nodes of one frame with symbols s.
func (a *analyzer) frame(s *symbols, nodes []node) {
	v := &frameVisitor{a: a, frame: s, sym: s}
	for _, n := range nodes {
		v.stmt(n)
	}
}

// newFrame creates the symbols of a frame and remembers them.
func (a *analyzer) newFrame(parent *symbols) *symbols {
	s := newSymbols(parent)
	a.all = append(a.all, s)
	return s
}

func (a *analyzer) later(f func()) { a.frames = append(a.frames, f) }

func (v *frameVisitor) stmts(nodes []node) {
	for _, n := range nodes {
		v.stmt(n)
	}
}

func (v *frameVisitor) name(n *nameNode) {
	if n.store {
		v.a.store(v.sym, n.name)
		if v.branch > 0 {
			v.a.occ = template.Append(v.a.occ, occurrence{name: n.name, off: n.off, frame: v.frame, store: true})
		}
		return
	}
	v.a.load(v.sym, n.name)
	v.a.occ = template.Append(v.a.occ, occurrence{name: n.name, off: n.off, frame: v.frame})
}

func (v *frameVisitor) stmt(n node) {
	a := v.a
	switch x := n.(type) {
	case *printNode:
		v.expr(x.x)
	case *ifNode:
		v.ifStmt(x)
	case *forNode:
		v.expr(x.iter)
		parent := v.frame // the frame's final symbols, as at compile time
		a.later(func() {
			body := a.newFrame(parent)
			if usesName(x.body, "loop") {
				a.param(body, "loop")
			}
			fv := &frameVisitor{a: a, frame: body, sym: body}
			fv.expr(x.target)
			fv.stmts(x.body)
			if x.filter != nil {
				test := a.newFrame(parent)
				tv := &frameVisitor{a: a, frame: test, sym: test}
				tv.expr(x.target)
				tv.expr(x.filter)
			}
			if len(x.else_) > 0 {
				a.frame(a.newFrame(parent), x.else_)
			}
		})
	case *setNode:
		v.expr(x.value)
		v.expr(x.target)
	case *setBlockNode:
		v.expr(x.target)
		parent := v.frame // the frame's final symbols, as at compile time
		a.later(func() {
			s := a.newFrame(parent)
			fv := &frameVisitor{a: a, frame: s, sym: s}
			fv.stmts(x.body)
			if x.filter != nil {
				fv.expr(x.filter)
			}
		})
	case *macroNode:
		v.name(&nameNode{name: x.name, off: x.off, store: true})
		v.macro(x.args, x.defaults, x.body)
	case *callBlockNode:
		v.expr(x.call)
		v.macro(x.args, x.defaults, x.body)
	case *filterBlockNode:
		v.expr(x.filter)
		parent := v.frame // the frame's final symbols, as at compile time
		a.later(func() { a.frame(a.newFrame(parent), x.body) })
	case *withNode:
		for _, e := range x.values {
			v.expr(e)
		}
		parent := v.frame // the frame's final symbols, as at compile time
		a.later(func() {
			s := a.newFrame(parent)
			fv := &frameVisitor{a: a, frame: s, sym: s}
			for _, t := range x.targets {
				fv.expr(t)
			}
			fv.stmts(x.body)
		})
	case *blockNode:
		a.later(func() {
			s := a.newFrame(nil)
			for _, special := range []string{"self", "super"} {
				if usesName(x.body, special) {
					a.param(s, special)
				}
			}
			a.frame(s, x.body)
		})
	case *includeNode:
		v.expr(x.template)
	case *importNode:
		v.expr(x.template)
		for _, nm := range x.names {
			v.name(nm)
		}
	case *scopeNode:
		// {% autoescape %} is a Scope around the eval-context modifier:
		// its expression is read inside the new frame.
		parent := v.frame // the frame's final symbols, as at compile time
		a.later(func() {
			s := a.newFrame(parent)
			fv := &frameVisitor{a: a, frame: s, sym: s}
			fv.expr(x.x)
			fv.stmts(x.body)
		})
	case *exprStmtNode:
		v.expr(x.x)
	}
}

func (v *frameVisitor) macro(args []*nameNode, defaults []node, body []node) {
	a := v.a
	parent := v.frame // the frame's final symbols, as at compile time
	a.later(func() {
		s := a.newFrame(parent)
		for _, special := range []string{"caller", "kwargs", "varargs"} {
			if usesName(body, special) {
				a.param(s, special)
			}
		}
		fv := &frameVisitor{a: a, frame: s, sym: s}
		for _, arg := range args {
			a.param(s, arg.name)
		}
		for _, d := range defaults {
			fv.expr(d)
		}
		fv.stmts(body)
	})
}

func (v *frameVisitor) ifStmt(x *ifNode) {
	v.expr(x.test)
	orig := v.sym
	inner := func(f func()) *symbols {
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
	v.a.branchUpdate(orig, []*symbols{body, elifs, els})
}

func (v *frameVisitor) expr(n node) {
	switch x := n.(type) {
	case *nameNode:
		v.name(x)
	case *listNode:
		for _, e := range x.items {
			v.expr(e)
		}
	case *dictNode:
		for i := range x.keys {
			v.expr(x.keys[i])
			v.expr(x.vals[i])
		}
	case *getattrNode:
		v.expr(x.x)
	case *getitemNode:
		v.expr(x.x)
		v.expr(x.arg)
	case *sliceNode:
		v.expr(x.start)
		v.expr(x.stop)
		v.expr(x.step)
	case *callNode:
		v.expr(x.fn)
		v.call(x)
	case *filterNode:
		v.expr(x.x)
		v.call(&x.call)
	case *testNode:
		v.expr(x.x)
		v.call(&x.call)
	case *binNode:
		v.expr(x.l)
		v.expr(x.r)
	case *unaryNode:
		v.expr(x.x)
	case *compareNode:
		v.expr(x.x)
		for _, r := range x.rs {
			v.expr(r)
		}
	case *condNode:
		v.expr(x.test)
		v.expr(x.a)
		v.expr(x.b)
	case *nsRefNode:
		v.name(x.name)
	}
}

func (v *frameVisitor) call(c *callNode) {
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

// usesName reports whether nodes read name before anything assigns it,
// as jinja2.compiler.find_undeclared does: its visitor walks the nodes in
// field order, skips {% block %} bodies, and the first Name node called
// name decides: a load means undeclared, a store or a parameter means
// declared. Namespace attribute targets (ns.attr) are not Name nodes.
func usesName(nodes []node, name string) bool {
	decided, found := false, false
	var walk func(n node)
	walks := func(ns ...node) {
		for _, n := range ns {
			walk(n)
		}
	}
	walk = func(n node) {
		if decided || n == nil {
			return
		}
		switch x := n.(type) {
		case *nameNode:
			if x.name == name {
				decided, found = true, !x.store
			}
		case []node:
			walks(x...)
		case []*nameNode:
			for _, e := range x {
				walk(e)
			}
		case *printNode:
			walk(x.x)
		case *ifNode:
			walks(x.test, x.body)
			for _, e := range x.elifs {
				walk(e)
			}
			walk(x.else_)
		case *forNode:
			walks(x.target, x.iter, x.body, x.else_, x.filter)
		case *setNode:
			walks(x.target, x.value)
		case *setBlockNode:
			walks(x.target, x.filter, x.body)
		case *macroNode:
			walks(x.args, x.defaults, x.body)
		case *callBlockNode:
			walks(x.call, x.args, x.defaults, x.body)
		case *filterBlockNode:
			walks(x.body, x.filter)
		case *withNode:
			walks(x.targets, x.values, x.body)
		case *includeNode:
			walk(x.template)
		case *importNode:
			walk(x.template)
		case *scopeNode:
			walks(x.x, x.body)
		case *exprStmtNode:
			walk(x.x)
		case *listNode:
			walks(x.items...)
		case *dictNode:
			for i := range x.keys {
				walks(x.keys[i], x.vals[i])
			}
		case *getattrNode:
			walk(x.x)
		case *getitemNode:
			walks(x.x, x.arg)
		case *sliceNode:
			walks(x.start, x.stop, x.step)
		case *callNode:
			walks(x.fn, x.args, x.kwvals, x.dyn)
		case *filterNode:
			walks(x.x, &x.call)
		case *testNode:
			walks(x.x, &x.call)
		case *binNode:
			walks(x.l, x.r)
		case *unaryNode:
			walk(x.x)
		case *compareNode:
			walks(x.x, x.rs)
		case *condNode:
			walks(x.test, x.a, x.b)
		}
	}
	walks(nodes)
	return found
}

// compileChecks reports the errors Jinja's compiler raises on a template
// that parses (TemplateAssertionError): a block name defined twice, an
// {% extends %} below the top level, an assignment to "loop" inside a
// {% for %} (loopStores), and an explicit "caller" parameter without a default in a
// macro or call block whose body calls caller.
func compileChecks(body []node, c *template.Collector) {
	blocks := map[string]bool{}
	var walk func(n node, top bool)
	walks := func(top bool, ns ...node) {
		for _, n := range ns {
			walk(n, top)
		}
	}
	callerArg := func(args []*nameNode, defaults []node, body []node) {
		for i, a := range args {
			if a.name == "caller" && i < len(args)-len(defaults) && usesName(body, "caller") {
				c.Errorf(a.off, `the special "caller" parameter must be omitted or given a default`)
			}
		}
	}
	walk = func(n node, top bool) {
		switch x := n.(type) {
		case []node:
			walks(top, x...)
		case *ifNode:
			walks(top, x.body)
			for _, e := range x.elifs {
				walk(e, top)
			}
			walks(top, x.else_)
		case *forNode:
			walks(false, x.body, x.else_)
		case *setBlockNode:
			walks(false, x.body)
		case *macroNode:
			callerArg(x.args, x.defaults, x.body)
			walks(false, x.body)
		case *callBlockNode:
			callerArg(x.args, x.defaults, x.body)
			walks(false, x.body)
		case *filterBlockNode:
			walks(false, x.body)
		case *withNode:
			walks(false, x.body)
		case *scopeNode:
			walks(false, x.body)
		case *blockNode:
			if blocks[x.name] {
				c.Errorf(x.off, "block %q defined twice", x.name)
			}
			blocks[x.name] = true
			walks(false, x.body)
		case *exprStmtNode:
			if x.extends && !top {
				c.Errorf(x.off, `"{%% extends %%}" must be at the top level of the template, not inside a block or loop`)
			}
		}
	}
	walks(true, body)
	loopStores(body, c, map[int]bool{})
}

// loopStores reports every {% for %} that assigns the name "loop"
// anywhere inside it (its target, or a set, for or set-block target in its
// body), in one bottom-up pass. It returns the offset of the first such
// assignment in n, or -1; reported keeps each assignment to one error.
func loopStores(n node, c *template.Collector, reported map[int]bool) int {
	first := -1
	note := func(off int) {
		if first < 0 && off >= 0 {
			first = off
		}
	}
	all := func(ns ...node) {
		for _, x := range ns {
			note(loopStores(x, c, reported))
		}
	}
	switch x := n.(type) {
	case *nameNode:
		if x.store && x.name == "loop" {
			return x.off
		}
	case []node:
		all(x...)
	case *listNode:
		all(x.items...)
	case *ifNode:
		all(x.body)
		for _, e := range x.elifs {
			note(loopStores(e, c, reported))
		}
		all(x.else_)
	case *forNode:
		all(x.target, x.body, x.else_)
		if first >= 0 && !reported[first] {
			reported[first] = true // once, in the innermost loop
			c.Errorf(first, `cannot assign to the special variable "loop" inside a for loop`)
		}
	case *setNode:
		all(x.target)
	case *setBlockNode:
		all(x.target, x.body)
	case *macroNode:
		all(x.body)
	case *callBlockNode:
		all(x.body)
	case *filterBlockNode:
		all(x.body)
	case *withNode:
		all(x.body) // with targets are parameters, not stores
	case *scopeNode:
		all(x.body)
	case *blockNode:
		all(x.body)
	}
	return first
}
