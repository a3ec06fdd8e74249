package handlebars

import "strings"

// The AST Mustache and Handlebars share: programs of text, mustaches,
// blocks, partials, comments and raw blocks, over path, literal and
// sub-expression expressions.

// hbHelpers are the helper names Handlebars syntax treats as calls.
var hbHelpers = map[string]bool{
	"if": true, "unless": true, "each": true, "with": true, "lookup": true, "log": true,
	"blockHelperMissing": true, "helperMissing": true,
	"role": true, "history": true, "section": true, "media": true, "json": true,
	"ifEquals": true, "unlessEquals": true,
}

type hbNode any

// hbText is literal text. val is what renders after whitespace control;
// orig is the text as written.
type hbText struct {
	orig, val           string
	lStripped, rStriped bool
}

type hbStrip struct{ open, close bool }

// hbMustache is {{expr}}, {{{expr}}} or {{& expr}}.
type hbMustache struct {
	call    *hbCall
	escaped bool
	strip   hbStrip
}

// hbBlock is a section or block helper. For an inverted section {{^x}}
// the body is in inverse and program is the {{else}} part, as in
// handlebars.js.
type hbBlock struct {
	kind         byte // '#', '^', 'P' (partial block {{#>}}), 'D' (decorator block {{#*}})
	call         *hbCall
	params       []string
	program      *hbProgram
	inverse      *hbProgram
	chained      bool // opened by {{else name ...}}, closed by its parent's close tag
	open         int  // offset of the opening "{{"
	openStrip    hbStrip
	inverseStrip hbStrip
	closeStrip   hbStrip
}

type hbProgram struct {
	body    []hbNode
	chained bool
}

// hbPartial is {{> name ctx k=v}}.
type hbPartial struct {
	call   *hbCall
	strip  hbStrip
	indent string
}

type hbComment struct{ strip hbStrip }

// hbRaw is a raw block {{{{helper}}}}content{{{{/helper}}}}.
type hbRaw struct {
	call    *hbCall
	content string
}

type hbExpr any

// hbPath is a path expression: x.y, ../x, this.y, @index, @root.x.
type hbPath struct {
	data  bool
	depth int
	this  bool
	parts []string
	offs  []int  // offset of each part
	orig  string // as written
	canon string // as handlebars.js's path.original: separators kept, [literal] brackets dropped
	off   int
}

// hbLit is a string, number, boolean, null or undefined literal.
type hbLit struct {
	val  any // string, float64, bool, nil; hbUndefined for undefined
	orig string
}

type hbUndefinedT struct{}

var hbUndefined = hbUndefinedT{}

// hbSub is a sub-expression (helper args).
type hbSub struct{ call *hbCall }

// hbCall is a helper name or path followed by params and hash pairs.
type hbCall struct {
	name   hbExpr
	params []hbExpr
	hash   []hbPair
	off    int
}

type hbPair struct {
	key string
	val hbExpr
}

// simpleName returns the name of a call whose name is one plain ID.
func (c *hbCall) simpleName() string {
	if p, ok := c.name.(*hbPath); ok && !p.data && !p.this && p.depth == 0 && len(p.parts) == 1 {
		return p.parts[0]
	}
	return ""
}

// exprString is the source text of an expression, for messages and Expr.
func exprString(e hbExpr) string {
	switch x := e.(type) {
	case *hbPath:
		return x.orig
	case *hbLit:
		return x.orig
	case *hbSub:
		return "(" + callString(x.call) + ")"
	}
	return ""
}

func callString(c *hbCall) string {
	parts := []string{exprString(c.name)}
	for _, p := range c.params {
		parts = append(parts, exprString(p))
	}
	for _, h := range c.hash {
		parts = append(parts, h.key+"="+exprString(h.val))
	}
	return strings.Join(parts, " ")
}
