package handlebars

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/promptlint/promptlint/lint/template"
)

// Mustache and Handlebars rendering.
//
// Whitespace follows handlebars.js's WhitespaceControl: "~" strips the
// adjacent whitespace, and a block, else, comment or partial tag alone on
// its line takes the line with it (the Mustache spec's standalone rule;
// see whitespace.go).
// Handlebars output is not HTML-escaped (Dotprompt compiles with noEscape);
// Mustache escapes & < > " in {{x}}. Maps are iterated in sorted key order.
// Dotprompt's role, history, section and media helpers render the markers
// Dotprompt splits messages on (<<<dotprompt:role:user>>>, ...).
// Partials cannot be rendered without their text and yield an error.

// compile parses text once; the function it returns renders it with data.
// The parsed program is only read while rendering.
func compile(text string, hbs bool) func(data map[string]any) (string, error) {
	var c template.Collector
	prog := parse(text, hbs, &c)
	if len(c.Result.Errors) > 0 {
		r := c.Finish(text)
		err := fmt.Errorf("template syntax: %w", r.Errors[0])
		return func(map[string]any) (string, error) { return "", err }
	}
	wsProgram(prog, true)
	return func(data map[string]any) (string, error) { return renderProgram(prog, data, hbs) }
}

func renderProgram(prog *programNode, data map[string]any, hbs bool) (string, error) {
	r := &renderer{hbs: hbs, root: any(data)}
	var b strings.Builder
	if err := r.program(&b, prog, &renderFrame{ctx: any(data)}); err != nil {
		return "", err
	}
	return b.String(), nil
}

type renderer struct {
	hbs    bool
	root   any
	budget template.Budget
}

// renderFrame is one rendering context.
type renderFrame struct {
	ctx    any
	parent *renderFrame // enclosing context (for ../ and Mustache lookups)
	data   map[string]any
	params map[string]any
	up     *renderFrame // enclosing frame for block params and @data
}

func (r *renderer) program(b *strings.Builder, p *programNode, f *renderFrame) error {
	if p == nil {
		return nil
	}
	for _, n := range p.body {
		if err := r.node(b, n, f); err != nil {
			return err
		}
	}
	return nil
}

// mustacheEscaper is Mustache's HTML escaping, built once: building a
// Replacer for each placeholder was most of a render of thousands of
// placeholders.
var mustacheEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func (r *renderer) node(b *strings.Builder, n node, f *renderFrame) error {
	if err := r.budget.Check(b); err != nil {
		return err
	}
	switch x := n.(type) {
	case *textNode:
		b.WriteString(x.val)
	case *mustacheNode:
		v, err := r.call(x.call, f, true)
		if err != nil {
			return err
		}
		s := jsString(v)
		if x.escaped && !r.hbs {
			s = mustacheEscaper.Replace(s)
		}
		b.WriteString(s)
	case *rawNode:
		return r.raw(b, x, f)
	case *partialNode:
		return fmt.Errorf("unsupported partial %q", exprString(x.call.name))
	case *blockNode:
		return r.block(b, x, f)
	}
	return nil
}

// call evaluates a mustache or sub-expression.
func (r *renderer) call(c *callExpr, f *renderFrame, bare bool) (any, error) {
	name := c.simpleName()
	if !r.hbs {
		return r.eval(c.name, f)
	}
	if len(c.params) == 0 && len(c.hash) == 0 && bare && !builtinHelpers[name] {
		return r.eval(c.name, f)
	}
	if name == "" {
		return nil, fmt.Errorf("unsupported helper call %q", callString(c))
	}
	args := make([]any, len(c.params))
	for i, p := range c.params {
		v, err := r.eval(p, f)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	hash := map[string]any{}
	for _, h := range c.hash {
		v, err := r.eval(h.val, f)
		if err != nil {
			return nil, err
		}
		hash[h.key] = v
	}
	arg := func(i int) any {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	switch name {
	case "json":
		indent := 0
		if n, ok := template.Number(hash["indent"]); ok {
			indent = min(int(n), 10) // JSON.stringify caps indentation at 10
		}
		var out []byte
		var err error
		if indent > 0 {
			out, err = json.MarshalIndent(template.JSONValue(arg(0)), "", strings.Repeat(" ", indent))
		} else {
			out, err = json.Marshal(template.JSONValue(arg(0)))
		}
		if err != nil {
			return nil, fmt.Errorf("helper \"json\": %w", err)
		}
		return string(out), nil
	case "role":
		return "<<<dotprompt:role:" + jsString(arg(0)) + ">>>", nil
	case "history":
		return "<<<dotprompt:history>>>", nil
	case "section":
		return "<<<dotprompt:section " + jsString(arg(0)) + ">>>", nil
	case "media":
		s := "<<<dotprompt:media:url " + jsString(hash["url"])
		if ct, ok := hash["contentType"]; ok && ct != nil {
			s += " " + jsString(ct)
		}
		return s + ">>>", nil
	case "lookup":
		return lookupKey(arg(0), jsString(arg(1))), nil
	case "log":
		return "", nil
	}
	return nil, fmt.Errorf("unsupported helper %q", name)
}

func (r *renderer) eval(e expr, f *renderFrame) (any, error) {
	switch x := e.(type) {
	case *literal:
		if x.val == undefined {
			return nil, nil
		}
		return x.val, nil
	case *subExpr:
		return r.call(x.call, f, false)
	case *pathExpr:
		return r.path(x, f), nil
	}
	return nil, nil
}

func (r *renderer) path(p *pathExpr, f *renderFrame) any {
	if p.data {
		parts := p.parts
		if len(parts) == 0 {
			return nil
		}
		if parts[0] == "root" {
			return walkParts(r.root, parts[1:])
		}
		for fr := f; fr != nil; fr = fr.up {
			if v, ok := fr.data[parts[0]]; ok {
				return walkParts(v, parts[1:])
			}
		}
		return nil
	}
	if !p.this && p.depth == 0 && len(p.parts) > 0 {
		for fr := f; fr != nil; fr = fr.up {
			if v, ok := fr.params[p.parts[0]]; ok {
				return walkParts(v, p.parts[1:])
			}
		}
	}
	ctx := f
	for i := 0; i < p.depth && ctx != nil; i++ {
		ctx = ctx.parent
	}
	if ctx == nil {
		return nil
	}
	if len(p.parts) == 0 {
		return ctx.ctx
	}
	if !r.hbs && !p.this {
		// Mustache: the first name is looked up through the context stack.
		for c := ctx; c != nil; c = c.parent {
			if v, ok := lookupOK(c.ctx, p.parts[0]); ok {
				return walkParts(v, p.parts[1:])
			}
		}
		return nil
	}
	return walkParts(ctx.ctx, p.parts)
}

func walkParts(v any, parts []string) any {
	for _, part := range parts {
		v = lookupKey(v, part)
	}
	return v
}

func lookupKey(v any, key string) any {
	x, _ := lookupOK(v, key)
	return x
}

func lookupOK(v any, key string) (any, bool) {
	switch c := v.(type) {
	case map[string]any:
		x, ok := c[key]
		return x, ok
	case []any:
		if key == "length" {
			return len(c), true
		}
		if i, err := strconv.Atoi(key); err == nil && i >= 0 && i < len(c) {
			return c[i], true
		}
	case string:
		if key == "length" {
			return len([]rune(c)), true
		}
	}
	return nil, false
}

// raw renders a raw block {{{{name}}}}content{{{{/name}}}}. Its name is a
// block helper; one that no helper answers to is a value, as handlebars.js
// reads it (blockHelperMissing): the content once when the value is
// truthy, once per item of a list, and nothing when it is empty.
func (r *renderer) raw(b *strings.Builder, x *rawNode, f *renderFrame) error {
	name := x.call.simpleName()
	if r.hbs && (builtinHelpers[name] || len(x.call.params) > 0 || len(x.call.hash) > 0) {
		return fmt.Errorf("unsupported raw block helper %q", callString(x.call))
	}
	v, err := r.eval(x.call.name, f)
	if err != nil {
		return err
	}
	n := 1
	switch c := v.(type) {
	case []any:
		n = len(c)
	case bool:
		if !c {
			n = 0
		}
	default:
		if jsEmpty(v) {
			n = 0
		}
	}
	for i := 0; i < n; i++ {
		b.WriteString(x.content)
		if err := r.budget.Check(b); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) block(b *strings.Builder, x *blockNode, f *renderFrame) error {
	switch x.kind {
	case 'P':
		return fmt.Errorf("unsupported partial block %q", exprString(x.call.name))
	case 'D':
		return fmt.Errorf("unsupported decorator block %q", exprString(x.call.name))
	case '^':
		v, err := r.eval(x.call.name, f)
		if err != nil {
			return err
		}
		if jsEmpty(v) {
			return r.program(b, x.inverse, f)
		}
		return r.program(b, x.program, f)
	}
	name := x.call.simpleName()
	isHelper := r.hbs && (builtinHelpers[name] || len(x.call.params) > 0 || len(x.call.hash) > 0)
	if !isHelper {
		v, err := r.eval(x.call.name, f)
		if err != nil {
			return err
		}
		switch c := v.(type) {
		case []any:
			return r.each(b, x, c, f)
		case bool:
			if c {
				return r.program(b, x.program, f)
			}
			return r.program(b, x.inverse, f)
		}
		if jsEmpty(v) {
			return r.program(b, x.inverse, f)
		}
		if _, isMap := v.(map[string]any); isMap || r.hbs {
			return r.program(b, x.program, &renderFrame{ctx: v, parent: f, up: f})
		}
		return r.program(b, x.program, &renderFrame{ctx: v, parent: f, up: f})
	}
	args := make([]any, len(x.call.params))
	for i, p := range x.call.params {
		v, err := r.eval(p, f)
		if err != nil {
			return err
		}
		args[i] = v
	}
	arg := func(i int) any {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	includeZero := false
	for _, h := range x.call.hash {
		if h.key == "includeZero" {
			v, _ := r.eval(h.val, f)
			includeZero = v == true
		}
	}
	truthy := func(v any) bool {
		if includeZero {
			if n, ok := template.Number(v); ok && n == 0 {
				return true
			}
		}
		return !jsEmpty(v)
	}
	switch name {
	case "if", "unless":
		if len(args) != 1 {
			return fmt.Errorf("helper %q needs exactly one argument", "#"+name)
		}
		if truthy(arg(0)) == (name == "if") {
			return r.program(b, x.program, f)
		}
		return r.program(b, x.inverse, f)
	case "ifEquals", "unlessEquals":
		eq := jsEqual(arg(0), arg(1))
		if eq == (name == "ifEquals") {
			return r.program(b, x.program, f)
		}
		return r.program(b, x.inverse, f)
	case "with":
		v := arg(0)
		if jsEmpty(v) {
			return r.program(b, x.inverse, f)
		}
		nf := &renderFrame{ctx: v, parent: f, up: f}
		if len(x.params) > 0 {
			nf.params = map[string]any{x.params[0]: v}
		}
		return r.program(b, x.program, nf)
	case "each":
		switch c := arg(0).(type) {
		case []any:
			return r.each(b, x, c, f)
		case map[string]any:
			keys := slices.Sorted(maps.Keys(c))
			if len(keys) == 0 {
				return r.program(b, x.inverse, f)
			}
			for i, k := range keys {
				if err := r.iteration(b, x, c[k], k, i, len(keys), f); err != nil {
					return err
				}
			}
			return nil
		}
		return r.program(b, x.inverse, f)
	}
	return fmt.Errorf("unsupported block helper %q", "#"+name)
}

func (r *renderer) each(b *strings.Builder, x *blockNode, items []any, f *renderFrame) error {
	if len(items) == 0 {
		return r.program(b, x.inverse, f)
	}
	for i, it := range items {
		if err := r.iteration(b, x, it, i, i, len(items), f); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) iteration(b *strings.Builder, x *blockNode, item, key any, i, n int, f *renderFrame) error {
	if err := r.budget.Iterate(); err != nil {
		return err
	}
	data := map[string]any{"index": i, "first": i == 0, "last": i == n-1, "key": key}
	nf := &renderFrame{ctx: item, parent: f, up: f, data: data}
	if len(x.params) > 0 {
		nf.params = map[string]any{x.params[0]: item}
		if len(x.params) > 1 {
			nf.params[x.params[1]] = key
		}
	}
	return r.program(b, x.program, nf)
}

// jsString converts a value as JavaScript's String() does in a template.
func jsString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e21 {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = jsString(e)
		}
		return strings.Join(parts, ",")
	case map[string]any:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}

// jsEmpty is Handlebars' falsy-or-empty test for sections and #if.
func jsEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	}
	if n, ok := template.Number(v); ok {
		return n == 0 || math.IsNaN(n)
	}
	return false
}

func jsEqual(a, b any) bool {
	if na, ok := template.Number(a); ok {
		if nb, ok := template.Number(b); ok {
			return na == nb
		}
		return false
	}
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	}
	return false
}
