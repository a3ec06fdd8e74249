package jinja

// The nodes of the AST the parser builds, after jinja2.nodes.

type jNode any

type (
	jOutput struct{ text string }
	jPrint  struct{ x jNode }
	jIf     struct {
		test        jNode
		body, else_ []jNode
		elifs       []*jIf
	}
	jFor struct {
		target      jNode
		iter        jNode
		filter      jNode
		body, else_ []jNode
		recursive   bool
	}
	jSet struct {
		target jNode
		value  jNode
	}
	jSetBlock struct {
		target jNode
		filter jNode // a jFilter chain with nil innermost node, or nil
		body   []jNode
	}
	jMacro struct {
		name     string
		off      int
		args     []*jName
		defaults []jNode
		body     []jNode
	}
	jCallBlock struct {
		call     jNode
		args     []*jName
		defaults []jNode
		body     []jNode
	}
	jFilterBlock struct {
		filter jNode
		body   []jNode
	}
	jWith struct {
		targets []jNode
		values  []jNode
		body    []jNode
	}
	jBlock struct {
		name string
		off  int // offset of the name
		body []jNode
	}
	jInclude struct{ template jNode }
	jImport  struct {
		template jNode
		names    []*jName // stored names
	}
	jScope struct {
		x    jNode
		body []jNode
	}
	jExprStmt struct { // {% do %}, {% extends %}
		x       jNode
		extends bool
		off     int // offset of the tag
	}
	jLoopCtl struct{ brk bool }
)

type (
	jName struct {
		name  string
		off   int
		store bool
	}
	jConst struct{ val any }
	jList  struct {
		items []jNode
		tuple bool
	}
	jDict struct{ keys, vals []jNode }
	jAttr struct {
		x    jNode
		attr string
	}
	jItemX struct {
		x   jNode
		arg jNode
	}
	jSlice struct{ start, stop, step jNode }
	jCall  struct {
		fn      jNode
		args    []jNode
		kwnames []string
		kwvals  []jNode
		dyn     []jNode // *args, **kwargs
	}
	jFilter struct {
		x    jNode // nil inside {% filter %} and {% set %} blocks
		name string
		off  int
		call jCall
	}
	jTest struct {
		x    jNode
		name string
		neg  bool
		call jCall
	}
	jBin struct {
		op   string
		l, r jNode
	}
	jUnary struct {
		op string
		x  jNode
	}
	jCompare struct {
		x   jNode
		ops []string
		rs  []jNode
	}
	jCond  struct{ test, a, b jNode }
	jNSRef struct {
		name *jName
		attr string
	}
)
