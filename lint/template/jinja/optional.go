package jinja

// Optional uses. With the default Environment a name the caller does not
// pass is Undefined: it is falsy, "is defined" is false, "default"
// replaces it, and == / != compare it as unequal. Reading its attributes
// or items raises. A use is optional when the template only asks whether
// the name is there, so that a caller may leave it out:
//
//   - the name, or "not name", as a test: of {% if %} or {% elif %}, of a
//     conditional expression (a if name else b), as an operand of "and" /
//     "or" in a test, or as the left of "or" ({{ name or "neutral" }});
//   - name is defined / undefined / none, with or without "not";
//   - name == value, name != value;
//   - name | default(...), name | d(...);
//   - any use of name (name.attr, name[0], {{ name }}) where a test has
//     just established it: the body of {% if name %}, of
//     {% if name is defined %} or {% if a and name %}, the {% else %} of
//     {% if not name %}, the "a" of "a if name else b", the right of
//     "name and ...".
//
// Only a bare name is a guard: name.attr in a test reads an attribute of
// Undefined, which raises.

// optionalUses returns the offsets of the name loads in body that are
// optional.
func optionalUses(body []node) map[int]bool {
	o := &optScan{opt: map[int]bool{}, guarded: map[string]int{}}
	o.stmts(body)
	return o.opt
}

type optScan struct {
	opt     map[int]bool
	guarded map[string]int // names a test established, with nesting count
}

func (o *optScan) with(names []string, f func()) {
	for _, n := range names {
		o.guarded[n]++
	}
	f()
	for _, n := range names {
		o.guarded[n]--
	}
}

func (o *optScan) stmts(nodes []node) {
	for _, n := range nodes {
		o.stmt(n)
	}
}

func (o *optScan) stmt(n node) {
	switch x := n.(type) {
	case *printNode:
		o.expr(x.x, false)
	case *ifNode:
		o.ifStmt(x, nil)
	case *forNode:
		o.expr(x.iter, false)
		o.expr(x.filter, false)
		o.stmts(x.body)
		o.stmts(x.else_)
	case *setNode:
		o.expr(x.value, false)
	case *setBlockNode:
		o.expr(x.filter, false)
		o.stmts(x.body)
	case *macroNode:
		for _, d := range x.defaults {
			o.expr(d, false)
		}
		o.stmts(x.body)
	case *callBlockNode:
		o.expr(x.call, false)
		for _, d := range x.defaults {
			o.expr(d, false)
		}
		o.stmts(x.body)
	case *filterBlockNode:
		o.expr(x.filter, false)
		o.stmts(x.body)
	case *withNode:
		for _, e := range x.values {
			o.expr(e, false)
		}
		o.stmts(x.body)
	case *blockNode:
		o.stmts(x.body)
	case *includeNode:
		o.expr(x.template, false)
	case *importNode:
		o.expr(x.template, false)
	case *scopeNode:
		o.expr(x.x, false)
		o.stmts(x.body)
	case *exprStmtNode:
		o.expr(x.x, false)
	}
}

// ifStmt scans an {% if %} whose earlier branches (of an elif chain) were
// false, which established prior.
func (o *optScan) ifStmt(x *ifNode, prior []string) {
	o.with(prior, func() { o.expr(x.test, true) })
	o.with(append(prior[:len(prior):len(prior)], whenTrue(x.test)...), func() { o.stmts(x.body) })
	rest := append(prior[:len(prior):len(prior)], whenFalse(x.test)...)
	for _, e := range x.elifs {
		o.ifStmt(e, rest)
		rest = append(rest, whenFalse(e.test)...)
	}
	o.with(rest, func() { o.stmts(x.else_) })
}

// expr scans an expression; test says it is evaluated only for its truth.
func (o *optScan) expr(n node, test bool) {
	switch x := n.(type) {
	case *nameNode:
		if !x.store && (test || o.guarded[x.name] > 0) {
			o.opt[x.off] = true
		}
	case *unaryNode:
		o.expr(x.x, test && x.op == "not")
	case *binNode:
		if x.op != "and" && x.op != "or" {
			o.expr(x.l, false)
			o.expr(x.r, false)
			return
		}
		// The left operand is tested, and is the value of "and" when false
		// (printed, Undefined is read); the right is the value when the
		// left decides nothing.
		o.expr(x.l, test || x.op == "or")
		var g []string
		if x.op == "and" {
			g = whenTrue(x.l)
		} else {
			g = whenFalse(x.l)
		}
		o.with(g, func() { o.expr(x.r, test) })
	case *testNode:
		switch x.name {
		case "defined", "undefined", "none":
			o.expr(x.x, true)
		default:
			o.expr(x.x, false)
		}
		o.call(&x.call)
	case *filterNode:
		o.expr(x.x, x.name == "default" || x.name == "d")
		o.call(&x.call)
	case *compareNode:
		eq := len(x.ops) == 1 && (x.ops[0] == "==" || x.ops[0] == "!=")
		o.expr(x.x, eq)
		for _, r := range x.rs {
			o.expr(r, eq)
		}
	case *condNode:
		o.expr(x.test, true)
		o.with(whenTrue(x.test), func() { o.expr(x.a, test) })
		o.with(whenFalse(x.test), func() { o.expr(x.b, test) })
	case *listNode:
		for _, e := range x.items {
			o.expr(e, false)
		}
	case *dictNode:
		for i := range x.keys {
			o.expr(x.keys[i], false)
			o.expr(x.vals[i], false)
		}
	case *getattrNode:
		o.expr(x.x, false)
	case *getitemNode:
		o.expr(x.x, false)
		o.expr(x.arg, false)
	case *sliceNode:
		o.expr(x.start, false)
		o.expr(x.stop, false)
		o.expr(x.step, false)
	case *callNode:
		o.expr(x.fn, false)
		o.call(x)
	case *nsRefNode:
		o.expr(x.name, false)
	}
}

func (o *optScan) call(c *callNode) {
	for _, e := range c.args {
		o.expr(e, false)
	}
	for _, e := range c.kwvals {
		o.expr(e, false)
	}
	for _, e := range c.dyn {
		o.expr(e, false)
	}
}

// whenTrue returns the names a true test establishes as passed.
func whenTrue(n node) []string {
	switch x := n.(type) {
	case *nameNode:
		return []string{x.name}
	case *unaryNode:
		if x.op == "not" {
			return whenFalse(x.x)
		}
	case *binNode:
		if x.op == "and" {
			return append(whenTrue(x.l), whenTrue(x.r)...)
		}
	case *testNode:
		if name, ok := x.x.(*nameNode); ok && (x.name == "defined" && !x.neg || x.name == "undefined" && x.neg) {
			return []string{name.name}
		}
	}
	return nil
}

// whenFalse returns the names a false test establishes as passed.
func whenFalse(n node) []string {
	switch x := n.(type) {
	case *unaryNode:
		if x.op == "not" {
			return whenTrue(x.x)
		}
	case *binNode:
		if x.op == "or" {
			return append(whenFalse(x.l), whenFalse(x.r)...)
		}
	case *testNode:
		if name, ok := x.x.(*nameNode); ok && (x.name == "defined" && x.neg || x.name == "undefined" && !x.neg) {
			return []string{name.name}
		}
	}
	return nil
}
