package handlebars

import "strings"

// The AST Mustache and Handlebars share: programs of text, mustaches,
// blocks, partials, comments and raw blocks, over path, literal and
// sub-expression expressions.

// builtinHelpers are the helper names Handlebars syntax treats as calls.
var builtinHelpers = map[string]bool{
	"if": true, "unless": true, "each": true, "with": true, "lookup": true, "log": true,
	"blockHelperMissing": true, "helperMissing": true,
	"role": true, "history": true, "section": true, "media": true, "json": true,
	"ifEquals": true, "unlessEquals": true,
}

type node any

// textNode is literal text. val is what renders after whitespace control;
// orig is the text as written.
type textNode struct {
	orig, val           string
	lStripped, rStriped bool
}

type stripFlags struct{ open, close bool }

// mustacheNode is {{expr}}, {{{expr}}} or {{& expr}}.
type mustacheNode struct {
	call    *callExpr
	escaped bool
	strip   stripFlags
}

// blockNode is a section or block helper. For an inverted section {{^x}}
// the body is in inverse and program is the {{else}} part, as in
// handlebars.js.
type blockNode struct {
	kind         byte // '#', '^', 'P' (partial block {{#>}}), 'D' (decorator block {{#*}})
	call         *callExpr
	params       []string
	program      *programNode
	inverse      *programNode
	chained      bool // opened by {{else name ...}}, closed by its parent's close tag
	open         int  // offset of the opening "{{"
	openStrip    stripFlags
	inverseStrip stripFlags
	closeStrip   stripFlags
}

type programNode struct {
	body    []node
	chained bool
}

// partialNode is {{> name ctx k=v}}.
type partialNode struct {
	call   *callExpr
	strip  stripFlags
	indent string
}

type commentNode struct{ strip stripFlags }

// rawNode is a raw block {{{{helper}}}}content{{{{/helper}}}}.
type rawNode struct {
	call    *callExpr
	content string
}

type expr any

// pathExpr is a path expression: x.y, ../x, this.y, @index, @root.x.
type pathExpr struct {
	data  bool
	depth int
	this  bool
	parts []string
	offs  []int  // offset of each part
	orig  string // as written
	canon string // as handlebars.js's path.original: separators kept, [literal] brackets dropped
	off   int
}

// literal is a string, number, boolean, null or undefined literal.
type literal struct {
	val  any // string, float64, bool, nil; undefined for undefined
	orig string
}

type undefinedType struct{}

var undefined = undefinedType{}

// subExpr is a sub-expression (helper args).
type subExpr struct{ call *callExpr }

// callExpr is a helper name or path followed by params and hash pairs.
type callExpr struct {
	name   expr
	params []expr
	hash   []hashPair
	off    int
}

type hashPair struct {
	key string
	val expr
}

// simpleName returns the name of a call whose name is one plain ID.
func (c *callExpr) simpleName() string {
	if p, ok := c.name.(*pathExpr); ok && !p.data && !p.this && p.depth == 0 && len(p.parts) == 1 {
		return p.parts[0]
	}
	return ""
}

// exprString is the source text of an expression, for messages and Expr.
func exprString(e expr) string {
	switch x := e.(type) {
	case *pathExpr:
		return x.orig
	case *literal:
		return x.orig
	case *subExpr:
		return "(" + callString(x.call) + ")"
	}
	return ""
}

func callString(c *callExpr) string {
	parts := []string{exprString(c.name)}
	for _, p := range c.params {
		parts = append(parts, exprString(p))
	}
	for _, h := range c.hash {
		parts = append(parts, h.key+"="+exprString(h.val))
	}
	return strings.Join(parts, " ")
}
