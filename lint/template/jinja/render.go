package jinja

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/promptlint/promptlint/lint/template"
	"github.com/promptlint/promptlint/lint/template/python"
)

// Jinja2 rendering covers output, attribute and item access, literals,
// arithmetic, comparisons, tests, {% if %}, {% for %} (with loop.*, else
// and the inline filter), {% set %} (both forms), {% with %},
// {% filter %}, {% block %} (rendered in place), {% raw %}, macros
// without caller, and the filters default/d, upper, lower, title,
// capitalize, trim, join, length/count, first, last, replace, string,
// int, float, list, round, abs, sort, unique and tojson. An undefined
// name renders as "" (Jinja's default Undefined); reading an attribute of
// it is an error, as in Jinja. Values print as Python's str() does.

// undefined is Jinja's Undefined: the name that was looked up, nil when
// there is none. It holds a pointer (to the name's node, most often) so
// that it fits an interface without an allocation: a template of
// thousands of names that a test row leaves undefined renders without an
// allocation for each.
type undefined struct{ name *string }

// undefinedNamed is the undefined value of a name made at render time.
func undefinedNamed(name string) undefined { return undefined{name: &name} }

// named returns the name that was looked up, "" when there is none.
func (u undefined) named() string {
	if u.name == nil {
		return ""
	}
	return *u.name
}

// String prints the value as fmt printed it when it held the name itself
// (in a list, say): by name, never by address.
func (u undefined) String() string { return "{" + u.named() + "}" }

// macroValue is a macro value.
type macroValue struct{ m *macroNode }

// loopValue is the loop variable of a for loop.
type loopValue struct {
	index, length int
	items         []any
}

type renderScope struct {
	vars   map[string]any
	parent *renderScope
}

func (s *renderScope) get(name string) (any, bool) {
	for ; s != nil; s = s.parent {
		if v, ok := s.vars[name]; ok {
			return v, true
		}
	}
	return nil, false
}

type renderer struct {
	data   map[string]any
	budget template.Budget
}

var errLoopBreak = errors.New("break")
var errLoopContinue = errors.New("continue")

func Render(text string, data map[string]any) (string, error) {
	return Compile(text)(data)
}

// Compile parses text once; the function it returns renders it with
// data as Render does. The parsed template is only read while rendering.
func Compile(text string) func(data map[string]any) (string, error) {
	var c template.Collector
	body := parse(text, &c)
	if len(c.Result.Errors) > 0 {
		r := c.Finish(text)
		err := fmt.Errorf("template syntax: %w", r.Errors[0])
		return func(map[string]any) (string, error) { return "", err }
	}
	return func(data map[string]any) (string, error) { return render(body, data) }
}

func render(body []node, data map[string]any) (string, error) {
	r := &renderer{data: data}
	var b strings.Builder
	sc := &renderScope{vars: map[string]any{}}
	if err := r.stmts(&b, body, sc); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (r *renderer) stmts(b *strings.Builder, nodes []node, s *renderScope) error {
	for _, n := range nodes {
		if err := r.stmt(b, n, s); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) stmt(b *strings.Builder, n node, s *renderScope) error {
	if err := r.budget.Check(b); err != nil {
		return err
	}
	switch x := n.(type) {
	case *outputNode:
		b.WriteString(x.text)
	case *printNode:
		v, err := r.eval(x.x, s)
		if err != nil {
			return err
		}
		b.WriteString(toString(v))
	case *ifNode:
		v, err := r.eval(x.test, s)
		if err != nil {
			return err
		}
		if truthy(v) {
			return r.stmts(b, x.body, s)
		}
		for _, e := range x.elifs {
			v, err := r.eval(e.test, s)
			if err != nil {
				return err
			}
			if truthy(v) {
				return r.stmts(b, e.body, s)
			}
		}
		return r.stmts(b, x.else_, s)
	case *forNode:
		return r.forLoop(b, x, s)
	case *setNode:
		v, err := r.eval(x.value, s)
		if err != nil {
			return err
		}
		return r.assign(x.target, v, s)
	case *setBlockNode:
		var inner strings.Builder
		if err := r.stmts(&inner, x.body, &renderScope{vars: map[string]any{}, parent: s}); err != nil {
			return err
		}
		var v any = inner.String()
		if x.filter != nil {
			var err error
			if v, err = r.applyFilters(x.filter, v, s); err != nil {
				return err
			}
		}
		return r.assign(x.target, v, s)
	case *withNode:
		inner := &renderScope{vars: map[string]any{}, parent: s}
		for i, t := range x.targets {
			v, err := r.eval(x.values[i], s)
			if err != nil {
				return err
			}
			if err := r.assign(t, v, inner); err != nil {
				return err
			}
		}
		return r.stmts(b, x.body, inner)
	case *filterBlockNode:
		var inner strings.Builder
		if err := r.stmts(&inner, x.body, &renderScope{vars: map[string]any{}, parent: s}); err != nil {
			return err
		}
		v, err := r.applyFilters(x.filter, inner.String(), s)
		if err != nil {
			return err
		}
		b.WriteString(toString(v))
	case *blockNode:
		return r.stmts(b, x.body, &renderScope{vars: map[string]any{}, parent: s})
	case *scopeNode:
		return r.stmts(b, x.body, &renderScope{vars: map[string]any{}, parent: s})
	case *macroNode:
		s.vars[x.name] = &macroValue{m: x}
	case *callBlockNode:
		return errors.New("unsupported tag \"call\"")
	case *includeNode:
		return errors.New("unsupported tag \"include\"")
	case *importNode:
		return errors.New("unsupported tag \"import\"")
	case *exprStmtNode:
		if _, err := r.eval(x.x, s); err != nil {
			return err
		}
	case *loopCtlNode:
		if x.brk {
			return errLoopBreak
		}
		return errLoopContinue
	}
	return nil
}

func (r *renderer) assign(t node, v any, s *renderScope) error {
	switch x := t.(type) {
	case *nameNode:
		s.vars[x.name] = v
	case *listNode:
		items, ok := iterable(v)
		if !ok || len(items) != len(x.items) {
			return fmt.Errorf("cannot unpack %s into %d names", python.TypeName(v), len(x.items))
		}
		for i, e := range x.items {
			if err := r.assign(e, items[i], s); err != nil {
				return err
			}
		}
	case *nsRefNode:
		ns, _ := s.get(x.name.name)
		m, ok := ns.(map[string]any)
		if !ok {
			return fmt.Errorf("cannot assign attribute %q on %q: not a namespace", x.attr, x.name.name)
		}
		m[x.attr] = v
	}
	return nil
}

func (r *renderer) forLoop(b *strings.Builder, x *forNode, s *renderScope) error {
	v, err := r.eval(x.iter, s)
	if err != nil {
		return err
	}
	items, ok := iterable(v)
	if !ok {
		if _, und := v.(undefined); !und {
			return fmt.Errorf("%s value is not iterable", python.TypeName(v))
		}
	}
	if x.filter != nil {
		var kept []any
		for _, it := range items {
			inner := &renderScope{vars: map[string]any{}, parent: s}
			if err := r.assign(x.target, it, inner); err != nil {
				return err
			}
			ok, err := r.eval(x.filter, inner)
			if err != nil {
				return err
			}
			if truthy(ok) {
				kept = append(kept, it)
			}
		}
		items = kept
	}
	if len(items) == 0 {
		return r.stmts(b, x.else_, s)
	}
	for i, it := range items {
		if err := r.budget.Iterate(); err != nil {
			return err
		}
		inner := &renderScope{vars: map[string]any{"loop": &loopValue{index: i, length: len(items), items: items}}, parent: s}
		if err := r.assign(x.target, it, inner); err != nil {
			return err
		}
		err := r.stmts(b, x.body, inner)
		if err == errLoopBreak {
			break
		}
		if err != nil && err != errLoopContinue {
			return err
		}
	}
	return nil
}

// iterable lists the items Jinja iterates over: list items, dict keys
// (sorted), string characters.
func iterable(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k
		}
		return out, true
	case string:
		out := make([]any, 0, len(x))
		for _, c := range x {
			out = append(out, string(c))
		}
		return out, true
	}
	return nil, false
}

func (r *renderer) lookup(name *string, s *renderScope) any {
	if v, ok := s.get(*name); ok {
		return v
	}
	if v, ok := r.data[*name]; ok {
		return v
	}
	return undefined{name: name}
}

func (r *renderer) eval(n node, s *renderScope) (any, error) {
	switch x := n.(type) {
	case *constNode:
		return x.val, nil
	case *nameNode:
		return r.lookup(&x.name, s), nil
	case *listNode:
		out := make([]any, len(x.items))
		for i, e := range x.items {
			v, err := r.eval(e, s)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case *dictNode:
		m := map[string]any{}
		for i := range x.keys {
			k, err := r.eval(x.keys[i], s)
			if err != nil {
				return nil, err
			}
			v, err := r.eval(x.vals[i], s)
			if err != nil {
				return nil, err
			}
			m[toString(k)] = v
		}
		return m, nil
	case *getattrNode:
		v, err := r.eval(x.x, s)
		if err != nil {
			return nil, err
		}
		return getattr(v, x.attr)
	case *getitemNode:
		v, err := r.eval(x.x, s)
		if err != nil {
			return nil, err
		}
		if sl, ok := x.arg.(*sliceNode); ok {
			return r.slice(v, sl, s)
		}
		k, err := r.eval(x.arg, s)
		if err != nil {
			return nil, err
		}
		return getitem(v, k)
	case *callNode:
		return r.call(x, s)
	case *filterNode:
		v, err := r.eval(x.x, s)
		if err != nil {
			return nil, err
		}
		return r.filter(x, v, s)
	case *testNode:
		v, err := r.eval(x.x, s)
		if err != nil {
			return nil, err
		}
		ok, err := r.test(x, v, s)
		return ok != x.neg, err
	case *unaryNode:
		v, err := r.eval(x.x, s)
		if err != nil {
			return nil, err
		}
		switch x.op {
		case "not":
			return !truthy(v), nil
		case "-":
			if n, ok := v.(int); ok {
				return -n, nil
			}
			if f, ok := template.Number(v); ok {
				return -f, nil
			}
			return nil, fmt.Errorf("bad operand type for unary -: %s", python.TypeName(v))
		}
		return v, nil
	case *binNode:
		return r.binary(x, s)
	case *compareNode:
		l, err := r.eval(x.x, s)
		if err != nil {
			return nil, err
		}
		for i, op := range x.ops {
			rv, err := r.eval(x.rs[i], s)
			if err != nil {
				return nil, err
			}
			ok, err := compareOp(op, l, rv)
			if err != nil || !ok {
				return false, err
			}
			l = rv
		}
		return true, nil
	case *condNode:
		t, err := r.eval(x.test, s)
		if err != nil {
			return nil, err
		}
		if truthy(t) {
			return r.eval(x.a, s)
		}
		if x.b == nil {
			return undefined{}, nil
		}
		return r.eval(x.b, s)
	}
	return nil, fmt.Errorf("unsupported expression %T", n)
}

func (r *renderer) slice(v any, sl *sliceNode, s *renderScope) (any, error) {
	items, ok := v.([]any)
	str, isStr := v.(string)
	if isStr {
		rs := []rune(str)
		items = make([]any, len(rs))
		for i, c := range rs {
			items[i] = string(c)
		}
		ok = true
	}
	if !ok {
		return nil, fmt.Errorf("%s value cannot be sliced", python.TypeName(v))
	}
	idx := func(e node, def int) (int, error) {
		if e == nil {
			return def, nil
		}
		x, err := r.eval(e, s)
		if err != nil {
			return 0, err
		}
		n, ok := x.(int)
		if !ok {
			return 0, fmt.Errorf("slice index must be an integer, not %s", python.TypeName(x))
		}
		return n, nil
	}
	n := len(items)
	step, err := idx(sl.step, 1)
	if err != nil || step == 0 {
		return nil, fmt.Errorf("invalid slice step")
	}
	norm := func(i int) int {
		if i < 0 {
			i += n
		}
		return min(max(i, 0), n)
	}
	var out []any
	if step > 0 {
		a, err := idx(sl.start, 0)
		if err != nil {
			return nil, err
		}
		z, err := idx(sl.stop, n)
		if err != nil {
			return nil, err
		}
		for i := norm(a); i < norm(z); i += step {
			out = append(out, items[i])
		}
	} else {
		a, err := idx(sl.start, n-1)
		if err != nil {
			return nil, err
		}
		z := -1
		if sl.stop != nil {
			if z, err = idx(sl.stop, 0); err != nil {
				return nil, err
			}
			z = norm(z)
		}
		for i := min(norm(a), n-1); i > z; i += step {
			out = append(out, items[i])
		}
	}
	if isStr {
		var b strings.Builder
		for _, c := range out {
			b.WriteString(c.(string))
		}
		return b.String(), nil
	}
	return out, nil
}

func getattr(v any, attr string) (any, error) {
	switch x := v.(type) {
	case undefined:
		return nil, fmt.Errorf("%q is undefined", x.named())
	case map[string]any:
		if e, ok := x[attr]; ok {
			return e, nil
		}
		return undefinedNamed(attr), nil
	case *loopValue:
		switch attr {
		case "index":
			return x.index + 1, nil
		case "index0":
			return x.index, nil
		case "revindex":
			return x.length - x.index, nil
		case "revindex0":
			return x.length - x.index - 1, nil
		case "first":
			return x.index == 0, nil
		case "last":
			return x.index == x.length-1, nil
		case "length":
			return x.length, nil
		case "previtem":
			if x.index > 0 {
				return x.items[x.index-1], nil
			}
		case "nextitem":
			if x.index+1 < x.length {
				return x.items[x.index+1], nil
			}
		}
		return undefinedNamed("loop." + attr), nil
	}
	return undefinedNamed(attr), nil
}

func getitem(v any, k any) (any, error) {
	switch x := v.(type) {
	case undefined:
		return nil, fmt.Errorf("%q is undefined", x.named())
	case map[string]any:
		if e, ok := x[toString(k)]; ok {
			return e, nil
		}
		return undefinedNamed(toString(k)), nil
	case []any:
		i, ok := k.(int)
		if !ok {
			return undefined{}, nil
		}
		if i < 0 {
			i += len(x)
		}
		if i < 0 || i >= len(x) {
			return undefined{}, nil
		}
		return x[i], nil
	case string:
		rs := []rune(x)
		i, ok := k.(int)
		if !ok {
			return undefined{}, nil
		}
		if i < 0 {
			i += len(rs)
		}
		if i < 0 || i >= len(rs) {
			return undefined{}, nil
		}
		return string(rs[i]), nil
	}
	return undefined{}, nil
}

func (r *renderer) args(c *callNode, s *renderScope) ([]any, map[string]any, error) {
	if len(c.dyn) > 0 {
		return nil, nil, errors.New("unsupported *args or **kwargs in a call")
	}
	args := make([]any, len(c.args))
	for i, e := range c.args {
		v, err := r.eval(e, s)
		if err != nil {
			return nil, nil, err
		}
		args[i] = v
	}
	kw := map[string]any{}
	for i, k := range c.kwnames {
		v, err := r.eval(c.kwvals[i], s)
		if err != nil {
			return nil, nil, err
		}
		kw[k] = v
	}
	return args, kw, nil
}

func (r *renderer) call(c *callNode, s *renderScope) (any, error) {
	args, kw, err := r.args(c, s)
	if err != nil {
		return nil, err
	}
	switch fn := c.fn.(type) {
	case *nameNode:
		v := r.lookup(&fn.name, s)
		if m, ok := v.(*macroValue); ok {
			return r.callMacro(m.m, args, kw, s)
		}
		if _, und := v.(undefined); !und {
			return nil, fmt.Errorf("%q is not callable", fn.name)
		}
		switch fn.name {
		case "range":
			var a [3]int
			a[2] = 1
			for i, x := range args {
				n, ok := x.(int)
				if !ok || i > 2 {
					return nil, errors.New("range() takes up to three integers")
				}
				a[i] = n
			}
			start, stop := a[0], a[1]
			if len(args) == 1 {
				start, stop = 0, a[0]
			}
			if a[2] == 0 || (stop-start)/a[2] > 100000 {
				return nil, errors.New("range() too large or step 0")
			}
			var out []any
			for i := start; (a[2] > 0 && i < stop) || (a[2] < 0 && i > stop); i += a[2] {
				out = append(out, i)
			}
			return out, nil
		case "dict", "namespace":
			return kw, nil
		}
		return nil, fmt.Errorf("unsupported function %q", fn.name)
	case *getattrNode:
		recv, err := r.eval(fn.x, s)
		if err != nil {
			return nil, err
		}
		return callMethod(recv, fn.attr, args)
	}
	return nil, errors.New("unsupported call")
}

func (r *renderer) callMacro(m *macroNode, args []any, kw map[string]any, s *renderScope) (any, error) {
	inner := &renderScope{vars: map[string]any{}, parent: &renderScope{vars: map[string]any{m.name: &macroValue{m: m}}}}
	nd := len(m.args) - len(m.defaults)
	for i, a := range m.args {
		switch {
		case i < len(args):
			inner.vars[a.name] = args[i]
		case kw[a.name] != nil:
			inner.vars[a.name] = kw[a.name]
		case i >= nd:
			v, err := r.eval(m.defaults[i-nd], inner)
			if err != nil {
				return nil, err
			}
			inner.vars[a.name] = v
		default:
			inner.vars[a.name] = undefined{name: &a.name}
		}
	}
	var b strings.Builder
	if err := r.stmts(&b, m.body, inner); err != nil {
		return nil, err
	}
	return b.String(), nil
}

func (r *renderer) binary(x *binNode, s *renderScope) (any, error) {
	l, err := r.eval(x.l, s)
	if err != nil {
		return nil, err
	}
	switch x.op {
	case "and":
		if !truthy(l) {
			return l, nil
		}
		return r.eval(x.r, s)
	case "or":
		if truthy(l) {
			return l, nil
		}
		return r.eval(x.r, s)
	}
	rv, err := r.eval(x.r, s)
	if err != nil {
		return nil, err
	}
	if x.op == "~" {
		return toString(l) + toString(rv), nil
	}
	li, lInt := l.(int)
	ri, rInt := rv.(int)
	if lInt && rInt {
		switch x.op {
		case "+":
			return li + ri, nil
		case "-":
			return li - ri, nil
		case "*":
			return li * ri, nil
		case "//":
			if ri == 0 {
				return nil, errors.New("integer division by zero")
			}
			return int(math.Floor(float64(li) / float64(ri))), nil
		case "%":
			if ri == 0 {
				return nil, errors.New("integer modulo by zero")
			}
			return ((li % ri) + ri) % ri, nil
		case "**":
			if ri >= 0 {
				return int(math.Pow(float64(li), float64(ri))), nil
			}
		}
	}
	lf, lNum := template.Number(l)
	rf, rNum := template.Number(rv)
	if lNum && rNum {
		switch x.op {
		case "+":
			return lf + rf, nil
		case "-":
			return lf - rf, nil
		case "*":
			return lf * rf, nil
		case "/":
			if rf == 0 {
				return nil, errors.New("division by zero")
			}
			return lf / rf, nil
		case "//":
			if rf == 0 {
				return nil, errors.New("division by zero")
			}
			return math.Floor(lf / rf), nil
		case "%":
			if rf == 0 {
				return nil, errors.New("modulo by zero")
			}
			return lf - rf*math.Floor(lf/rf), nil
		case "**":
			return math.Pow(lf, rf), nil
		}
	}
	if x.op == "+" {
		if ls, ok := l.(string); ok {
			if rs, ok := rv.(string); ok {
				return ls + rs, nil
			}
		}
		if ll, ok := l.([]any); ok {
			if rl, ok := rv.([]any); ok {
				return append(append([]any(nil), ll...), rl...), nil
			}
		}
	}
	if x.op == "*" {
		if ls, ok := l.(string); ok && rInt && ri >= 0 && (len(ls) == 0 || ri <= template.MaxRenderOutput/len(ls)) {
			return strings.Repeat(ls, ri), nil
		}
	}
	return nil, fmt.Errorf("unsupported operand types for %s: %s and %s", x.op, python.TypeName(l), python.TypeName(rv))
}
