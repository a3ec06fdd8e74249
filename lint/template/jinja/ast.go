package jinja

// The nodes of the AST the parser builds, after jinja2.nodes.

type node any

type (
	outputNode struct{ text string }
	printNode  struct{ x node }
	ifNode     struct {
		test        node
		body, else_ []node
		elifs       []*ifNode
	}
	forNode struct {
		target      node
		iter        node
		filter      node
		body, else_ []node
		recursive   bool
	}
	setNode struct {
		target node
		value  node
	}
	setBlockNode struct {
		target node
		filter node // a filterNode chain with nil innermost node, or nil
		body   []node
	}
	macroNode struct {
		name     string
		off      int
		args     []*nameNode
		defaults []node
		body     []node
	}
	callBlockNode struct {
		call     node
		args     []*nameNode
		defaults []node
		body     []node
	}
	filterBlockNode struct {
		filter node
		body   []node
	}
	withNode struct {
		targets []node
		values  []node
		body    []node
	}
	blockNode struct {
		name string
		off  int // offset of the name
		body []node
	}
	includeNode struct{ template node }
	importNode  struct {
		template node
		names    []*nameNode // stored names
	}
	scopeNode struct {
		x    node
		body []node
	}
	exprStmtNode struct { // {% do %}, {% extends %}
		x       node
		extends bool
		off     int // offset of the tag
	}
	loopCtlNode struct{ brk bool }
)

type (
	nameNode struct {
		name  string
		off   int
		store bool
	}
	constNode struct{ val any }
	listNode  struct {
		items []node
		tuple bool
	}
	dictNode    struct{ keys, vals []node }
	getattrNode struct {
		x    node
		attr string
	}
	getitemNode struct {
		x   node
		arg node
	}
	sliceNode struct{ start, stop, step node }
	callNode  struct {
		fn      node
		args    []node
		kwnames []string
		kwvals  []node
		dyn     []node // *args, **kwargs
	}
	filterNode struct {
		x    node // nil inside {% filter %} and {% set %} blocks
		name string
		off  int
		call callNode
	}
	testNode struct {
		x    node
		name string
		neg  bool
		call callNode
	}
	binNode struct {
		op   string
		l, r node
	}
	unaryNode struct {
		op string
		x  node
	}
	compareNode struct {
		x   node
		ops []string
		rs  []node
	}
	condNode  struct{ test, a, b node }
	nsRefNode struct {
		name *nameNode
		attr string
	}
)
