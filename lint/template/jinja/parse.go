package jinja

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/template"
)

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

// --- Lexer ---

type jTok struct {
	kind byte // 'n' name, 's' string, 'i' int, 'f' float, 'o' operator
	val  string
	off  int
}

type jItem struct {
	kind byte // 't' text, 'v' {{ }}, 'b' {% %}
	text string
	off  int
	toks []jTok
	end  int // offset just past the closing delimiter
}

type jLexer struct {
	text  string
	c     *template.Collector
	items []jItem
}

func lexJinja(text string, c *template.Collector) []jItem {
	l := &jLexer{text: text, c: c}
	l.run()
	return l.items
}

func (l *jLexer) addText(s string, off int) {
	if s != "" {
		l.items = append(l.items, jItem{kind: 't', text: s, off: off})
	}
}

// stripLast removes trailing whitespace of the previous text item ({%-).
func (l *jLexer) stripLast() {
	if n := len(l.items); n > 0 && l.items[n-1].kind == 't' {
		l.items[n-1].text = strings.TrimRight(l.items[n-1].text, " \t\r\n\f\v")
	}
}

func (l *jLexer) run() {
	t := l.text
	i := 0
	lstrip := false
	for i < len(t) {
		k := nextJinjaOpen(t, i)
		if k < 0 {
			s := t[i:]
			if lstrip {
				s = strings.TrimLeft(s, " \t\r\n\f\v")
			}
			l.addText(s, len(t)-len(s))
			return
		}
		s := t[i:k]
		if lstrip {
			s = strings.TrimLeft(s, " \t\r\n\f\v")
		}
		l.addText(s, k-len(s))
		lstrip = false
		j := k + 2
		if j < len(t) && t[j] == '-' {
			l.stripLast()
			j++
		} else if j < len(t) && t[j] == '+' {
			j++
		}
		switch t[k+1] {
		case '#':
			e := strings.Index(t[j:], "#}")
			if e < 0 && j >= len(jTrimFinalNewline(t)) {
				return // Jinja's lexer stops without error when "{#" ends the text
			}
			if e < 0 {
				l.c.Errorf(k, `unclosed comment "{#"`)
				return
			}
			lstrip = e > 0 && t[j+e-1] == '-'
			l.c.Comment(k, j+e+2, t[j:j+e])
			i = j + e + 2
			continue
		case '%':
			if end, body, bodyEnd, ok := l.raw(k, j); ok {
				l.addText(t[body:bodyEnd], body)
				i = end
				continue
			}
		}
		toks, end, strip, ok := l.tag(k, j, t[k+1] == '{')
		if !ok {
			if end >= len(t) {
				return // Jinja stops at the first lexing error; nothing after it is reliable
			}
			i = end
			continue
		}
		kind := byte('v')
		if t[k+1] == '%' {
			kind = 'b'
		}
		l.items = append(l.items, jItem{kind: kind, off: k, toks: toks, end: end})
		lstrip = strip
		i = end
	}
}

// jTrimFinalNewline removes one final line break, as Jinja's lexer does
// before it tokenizes (keep_trailing_newline is off by default).
func jTrimFinalNewline(t string) string {
	for _, nl := range []string{"\r\n", "\n", "\r"} {
		if strings.HasSuffix(t, nl) {
			return t[:len(t)-len(nl)]
		}
	}
	return t
}

// nextJinjaOpen finds the next "{{", "{%" or "{#" at or after i.
func nextJinjaOpen(t string, i int) int {
	for {
		k := strings.IndexByte(t[i:], '{')
		if k < 0 || i+k+1 >= len(t) {
			return -1
		}
		k += i
		if c := t[k+1]; c == '{' || c == '%' || c == '#' {
			return k
		}
		i = k + 1
	}
}

// raw recognizes {% raw %}...{% endraw %} at open.
func (l *jLexer) raw(open, j int) (end, body, bodyEnd int, ok bool) {
	t := l.text
	k := skipSpaces(t, j)
	if !strings.HasPrefix(t[k:], "raw") {
		return 0, 0, 0, false
	}
	k = skipSpaces(t, k+3)
	if k < len(t) && t[k] == '-' {
		k++
	}
	if !strings.HasPrefix(t[k:], "%}") {
		return 0, 0, 0, false
	}
	body = k + 2
	if t[k-1] == '-' {
		body = skipSpaces(t, body)
	}
	s := body
	for {
		n := strings.Index(t[s:], "{%")
		if n < 0 && body >= len(jTrimFinalNewline(t)) {
			return len(t), len(t), len(t), true // like "{#", Jinja accepts a raw tag that ends the text
		}
		if n < 0 {
			l.c.Errorf(open, `unclosed "{%% raw %%}" block opened here`)
			return len(t), body, len(t), true
		}
		m := s + n
		q := m + 2
		if q < len(t) && (t[q] == '-' || t[q] == '+') {
			q++
		}
		q = skipSpaces(t, q)
		if strings.HasPrefix(t[q:], "endraw") {
			e := skipSpaces(t, q+6)
			strip := e < len(t) && t[e] == '-'
			if strip {
				e++
			}
			if strings.HasPrefix(t[e:], "%}") {
				bodyEnd = m
				if m+2 < len(t) && t[m+2] == '-' {
					bodyEnd = len(strings.TrimRight(t[:m], " \t\r\n\f\v"))
					bodyEnd = max(bodyEnd, body)
				}
				end = e + 2
				if strip {
					end = skipSpaces(t, end)
				}
				return end, body, bodyEnd, true
			}
		}
		s = m + 2
	}
}

// tag lexes the tokens of a {{ }} or {% %} tag opened at open whose
// content starts at j.
func (l *jLexer) tag(open, j int, variable bool) (toks []jTok, end int, lstrip, ok bool) {
	t := l.text
	closer := "%}"
	if variable {
		closer = "}}"
	}
	depth := 0
	i := j
	for {
		i = skipSpaces(t, i)
		if i >= len(t) {
			l.c.Errorf(open, "unclosed %q: expected %q", t[open:open+2], closer)
			return nil, len(t), false, false
		}
		if depth == 0 {
			if strings.HasPrefix(t[i:], closer) {
				return toks, i + 2, false, true
			}
			if (t[i] == '-' || (t[i] == '+' && !variable)) && strings.HasPrefix(t[i+1:], closer) {
				return toks, i + 3, t[i] == '-', true
			}
		}
		c := t[i]
		switch {
		case c == '\'' || c == '"':
			k := i + 1
			for k < len(t) && t[k] != c {
				if t[k] == '\\' {
					k++
				}
				k++
			}
			if k >= len(t) {
				l.c.Errorf(i, "unterminated string in %q", template.Excerpt(t[open:]))
				return nil, len(t), false, false
			}
			toks = append(toks, jTok{kind: 's', val: t[i : k+1], off: i})
			i = k + 1
		case c >= '0' && c <= '9':
			k := i
			for k < len(t) && (isDigit(t[k]) || t[k] == '_') {
				k++
			}
			kind := byte('i')
			if k+1 < len(t) && t[k] == '.' && isDigit(t[k+1]) && !(len(toks) > 0 && toks[len(toks)-1].val == ".") {
				kind = 'f'
				k++
				for k < len(t) && (isDigit(t[k]) || t[k] == '_') {
					k++
				}
			}
			if k < len(t) && (t[k] == 'e' || t[k] == 'E') {
				q := k + 1
				if q < len(t) && (t[q] == '+' || t[q] == '-') {
					q++
				}
				if q < len(t) && isDigit(t[q]) {
					kind = 'f'
					for q < len(t) && isDigit(t[q]) {
						q++
					}
					k = q
				}
			}
			toks = append(toks, jTok{kind: kind, val: t[i:k], off: i})
			i = k
		case isNameStart(t, i):
			k := i
			for k < len(t) && isNameChar(t, k) {
				_, n := utf8.DecodeRuneInString(t[k:])
				k += n
			}
			toks = append(toks, jTok{kind: 'n', val: t[i:k], off: i})
			i = k
		default:
			op := ""
			for _, o := range []string{"//", "**", "==", "!=", ">=", "<="} {
				if strings.HasPrefix(t[i:], o) {
					op = o
					break
				}
			}
			if op == "" && strings.IndexByte("+-/*%~[](){}><=.:|,;", c) >= 0 {
				op = t[i : i+1]
			}
			if op == "" {
				r, _ := utf8.DecodeRuneInString(t[i:])
				l.c.Errorf(i, "unexpected character %q in %q", r, template.Excerpt(t[open:]))
				if e := strings.Index(t[i:], closer); e >= 0 {
					return nil, i + e + 2, false, false
				}
				return nil, len(t), false, false
			}
			switch op {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth > 0 {
					depth--
				}
			}
			toks = append(toks, jTok{kind: 'o', val: op, off: i})
			i += len(op)
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// skipSpaces skips the whitespace of Python's \s (ASCII) from t[j:].
func skipSpaces(t string, j int) int {
	for j < len(t) && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r' || t[j] == '\f' || t[j] == '\v') {
		j++
	}
	return j
}

func isNameStart(t string, i int) bool {
	r, _ := utf8.DecodeRuneInString(t[i:])
	return r == '_' || (r != utf8.RuneError && unicode.IsLetter(r))
}

func isNameChar(t string, i int) bool {
	r, _ := utf8.DecodeRuneInString(t[i:])
	return r == '_' || (r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)))
}

// --- AST ---

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

// --- Parser ---

// jMaxDepth bounds expression nesting, so that hostile input cannot
// exhaust the stack.
const jMaxDepth = 200

type jParser struct {
	depth   int  // expression nesting
	blocks  int  // block nesting
	tooDeep bool // blocks nested past jMaxDepth: parsing stopped there
	text    string
	c       *template.Collector
	items   []jItem
	pos     int
	// current tag
	toks []jTok
	ti   int
	item jItem
}

type jSyntaxError struct{}

func parseJinja(text string, c *template.Collector) []jNode {
	p := &jParser{text: text, c: c, items: lexJinja(text, c)}
	body, _ := p.body(nil, 0, "")
	return body
}

// body parses statements until one of the end tags; it returns the tag
// name that ended it ("" at the end of the template).
func (p *jParser) body(ends []string, open int, what string) ([]jNode, string) {
	p.blocks++
	defer func() { p.blocks-- }()
	if p.blocks > jMaxDepth+1 { // the template's own body is level 1
		// Jinja2 itself fails with a RecursionError between 200 and 300
		// levels; stopping here also keeps the analysis from going
		// quadratic on hostile input.
		p.c.Errorf(open, "blocks nested more than %d levels deep", jMaxDepth)
		p.pos, p.tooDeep = len(p.items), true
		return nil, ""
	}
	var out []jNode
	for p.pos < len(p.items) {
		it := p.items[p.pos]
		p.pos++
		switch it.kind {
		case 't':
			out = append(out, &jOutput{text: it.text})
		case 'v':
			p.start(it)
			if x, ok := p.tagExpr(func() jNode { return p.tuple(true, nil) }); ok {
				out = append(out, &jPrint{x: x})
			}
		case 'b':
			p.start(it)
			if len(p.toks) == 0 || p.toks[0].kind != 'n' {
				p.c.Errorf(it.off, "tag %q has no name", template.Excerpt(p.text[it.off:]))
				continue
			}
			name := p.toks[0].val
			for _, e := range ends {
				if e == name {
					p.ti = 1
					return out, name
				}
			}
			p.ti = 1
			if n := p.stmt(name, it); n != nil {
				out = append(out, n)
			}
		}
	}
	if len(ends) > 0 && !p.tooDeep {
		want := ends[0]
		for _, e := range ends {
			if strings.HasPrefix(e, "end") {
				want = e
			}
		}
		p.c.Errorf(open, "unclosed block %q opened here: expected %q", what, "{% "+want+" %}")
	}
	return out, ""
}

func (p *jParser) start(it jItem) {
	p.item, p.toks, p.ti, p.depth = it, it.toks, 0, 0
}

// tagExpr runs f over the current tag and requires it to consume every
// token; errors are reported and false is returned.
func (p *jParser) tagExpr(f func() jNode) (x jNode, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(jSyntaxError); !is {
				panic(r)
			}
			ok = false
		}
	}()
	x = f()
	p.endOfTag()
	return x, true
}

func (p *jParser) endOfTag() {
	if p.ti < len(p.toks) {
		p.fail(p.toks[p.ti].off, "unexpected %q in %q", p.toks[p.ti].val, template.Excerpt(p.text[p.item.off:]))
	}
}

func (p *jParser) fail(off int, format string, args ...any) {
	p.c.Errorf(off, format, args...)
	panic(jSyntaxError{})
}

func (p *jParser) peek() jTok {
	if p.ti < len(p.toks) {
		return p.toks[p.ti]
	}
	return jTok{off: p.item.end - 2}
}

func (p *jParser) peekAt(k int) jTok {
	if p.ti+k < len(p.toks) {
		return p.toks[p.ti+k]
	}
	return jTok{}
}

func (p *jParser) is(kind byte, val string) bool {
	t := p.peek()
	return t.kind == kind && (val == "" || t.val == val)
}

func (p *jParser) accept(kind byte, val string) bool {
	if p.is(kind, val) {
		p.ti++
		return true
	}
	return false
}

func (p *jParser) expect(kind byte, val string) jTok {
	t := p.peek()
	if !p.is(kind, val) {
		want := val
		if want == "" {
			want = map[byte]string{'n': "a name", 's': "a string"}[kind]
		}
		got := t.val
		if got == "" {
			got = "end of tag"
		}
		p.fail(t.off, "expected %s, found %q in %q", quoteIf(want, val != ""), got, template.Excerpt(p.text[p.item.off:]))
	}
	p.ti++
	return t
}

func quoteIf(s string, q bool) string {
	if q {
		return strconv.Quote(s)
	}
	return s
}

// stmt parses one {% name ... %} statement (p.ti is after the name).
func (p *jParser) stmt(name string, it jItem) (n jNode) {
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(jSyntaxError); !is {
				panic(r)
			}
			n = nil
			if end, ok := jBlockEnds[name]; ok {
				for {
					_, got := p.body([]string{end, "else", "elif"}, it.off, name)
					if got != "else" && got != "elif" {
						break
					}
				}
			}
		}
	}()
	switch name {
	case "if":
		return p.ifStmt(it)
	case "for":
		f := &jFor{}
		f.target = p.assignTarget([]string{"in"}, false)
		p.expect('n', "in")
		f.iter = p.tuple(false, []string{"recursive"})
		if p.accept('n', "if") {
			f.filter = p.expr(true)
		}
		f.recursive = p.accept('n', "recursive")
		p.endOfTag()
		var end string
		f.body, end = p.body([]string{"endfor", "else"}, it.off, "for")
		if end == "else" {
			p.endTagArgs()
			f.else_, _ = p.body([]string{"endfor"}, it.off, "for")
		}
		p.endTagArgs()
		return f
	case "set":
		target := p.assignTarget(nil, true)
		if p.accept('o', "=") {
			v := p.tuple(true, nil)
			p.endOfTag()
			return &jSet{target: target, value: v}
		}
		sb := &jSetBlock{target: target}
		if p.accept('o', "|") {
			sb.filter = p.filterChain(nil)
		}
		p.endOfTag()
		sb.body, _ = p.body([]string{"endset"}, it.off, "set")
		p.endTagArgs()
		return sb
	case "macro":
		nt := p.expect('n', "")
		m := &jMacro{name: nt.val, off: nt.off}
		m.args, m.defaults = p.signature()
		p.endOfTag()
		m.body, _ = p.body([]string{"endmacro"}, it.off, "macro")
		p.endTagArgs()
		return m
	case "call":
		cb := &jCallBlock{}
		if p.is('o', "(") {
			cb.args, cb.defaults = p.signature()
		}
		cb.call = p.expr(true)
		if _, ok := cb.call.(*jCall); !ok {
			p.fail(it.off, "expected a call in %q", template.Excerpt(p.text[it.off:]))
		}
		p.endOfTag()
		cb.body, _ = p.body([]string{"endcall"}, it.off, "call")
		p.endTagArgs()
		return cb
	case "filter":
		fb := &jFilterBlock{filter: p.filterChain(nil)}
		p.endOfTag()
		fb.body, _ = p.body([]string{"endfilter"}, it.off, "filter")
		p.endTagArgs()
		return fb
	case "with":
		w := &jWith{}
		for !p.is(0, "") {
			if len(w.targets) > 0 {
				p.expect('o', ",")
			}
			w.targets = append(w.targets, p.assignTarget(nil, false))
			p.expect('o', "=")
			w.values = append(w.values, p.expr(true))
		}
		w.body, _ = p.body([]string{"endwith"}, it.off, "with")
		p.endTagArgs()
		return w
	case "block":
		nt := p.expect('n', "")
		b := &jBlock{name: nt.val, off: nt.off}
		p.accept('n', "scoped")
		p.accept('n', "required")
		p.endOfTag()
		b.body, _ = p.body([]string{"endblock"}, it.off, "block")
		p.accept('n', b.name)
		p.endTagArgs()
		return b
	case "extends":
		x := p.expr(true)
		p.endOfTag()
		return &jExprStmt{x: x, extends: true, off: it.off}
	case "include":
		x := p.expr(true)
		if p.accept('n', "ignore") {
			p.expect('n', "missing")
		}
		p.contextMod()
		p.endOfTag()
		return &jInclude{template: x}
	case "import":
		x := p.expr(true)
		p.expect('n', "as")
		nt := p.expect('n', "")
		p.contextMod()
		p.endOfTag()
		return &jImport{template: x, names: []*jName{{name: nt.val, off: nt.off, store: true}}}
	case "from":
		im := &jImport{template: p.expr(true)}
		p.expect('n', "import")
		for {
			if p.is('n', "with") || p.is('n', "without") {
				p.contextMod()
				break
			}
			nt := p.expect('n', "")
			if p.accept('n', "as") {
				nt = p.expect('n', "")
			}
			im.names = append(im.names, &jName{name: nt.val, off: nt.off, store: true})
			if !p.accept('o', ",") {
				p.contextMod()
				break
			}
		}
		p.endOfTag()
		return im
	case "autoescape":
		s := &jScope{x: p.expr(true)}
		p.endOfTag()
		s.body, _ = p.body([]string{"endautoescape"}, it.off, "autoescape")
		p.endTagArgs()
		return s
	case "do":
		x := p.tuple(true, nil)
		p.endOfTag()
		return &jExprStmt{x: x}
	case "break", "continue":
		p.endOfTag()
		return &jLoopCtl{brk: name == "break"}
	}
	switch name {
	case "endif", "endfor", "endset", "endmacro", "endcall", "endfilter", "endwith", "endblock", "endautoescape", "endraw", "else", "elif":
		p.c.Errorf(it.off, "unexpected %q: no open block expects it", "{% "+name+" %}")
	default:
		p.c.Errorf(p.toks[0].off, "unknown tag %q", name)
	}
	return nil
}

// endTagArgs reports trailing tokens on an end tag without abandoning the
// block whose body was already parsed.
func (p *jParser) endTagArgs() {
	if p.ti < len(p.toks) {
		p.c.Errorf(p.toks[p.ti].off, "unexpected %q in %q", p.toks[p.ti].val, template.Excerpt(p.text[p.item.off:]))
	}
}

// jBlockEnds maps block tags to their end tag, to skip a block whose
// header does not parse.
var jBlockEnds = map[string]string{"for": "endfor", "if": "endif", "macro": "endmacro", "call": "endcall", "filter": "endfilter", "with": "endwith", "block": "endblock", "autoescape": "endautoescape"}

func (p *jParser) contextMod() {
	if p.accept('n', "with") || p.accept('n', "without") {
		p.expect('n', "context")
	}
}

func (p *jParser) ifStmt(it jItem) jNode {
	n := &jIf{test: p.tuple(false, nil)}
	p.endOfTag()
	cur := n
	for {
		body, end := p.body([]string{"elif", "else", "endif"}, it.off, "if")
		switch end {
		case "elif":
			cur.body = body
			e := &jIf{}
			func() {
				defer func() {
					if r := recover(); r != nil {
						if _, is := r.(jSyntaxError); !is {
							panic(r)
						}
					}
				}()
				e.test = p.tuple(false, nil)
				p.endOfTag()
			}()
			n.elifs = append(n.elifs, e)
			cur = e
			continue
		case "else":
			cur.body = body
			p.endTagArgs()
			n.else_, _ = p.body([]string{"endif"}, it.off, "if")
		default:
			cur.body = body
		}
		p.endTagArgs()
		return n
	}
}

// signature parses "(a, b=default, ...)".
func (p *jParser) signature() ([]*jName, []jNode) {
	var args []*jName
	var defs []jNode
	p.expect('o', "(")
	for !p.accept('o', ")") {
		if len(args) > 0 {
			p.expect('o', ",")
			if p.accept('o', ")") {
				break
			}
		}
		nt := p.expect('n', "")
		args = append(args, &jName{name: nt.val, off: nt.off, store: true})
		if p.accept('o', "=") {
			defs = append(defs, p.expr(true))
		} else if len(defs) > 0 {
			p.fail(nt.off, "non-default argument %q follows a default argument", nt.val)
		}
	}
	return args, defs
}

// assignTarget parses a name, a tuple of names, or (withNS) ns.attr.
func (p *jParser) assignTarget(extraEnd []string, withNS bool) jNode {
	if withNS && p.peekAt(1).val == "." && p.peek().kind == 'n' {
		nt := p.expect('n', "")
		p.ti++
		at := p.expect('n', "")
		return &jNSRef{name: &jName{name: nt.val, off: nt.off}, attr: at.val}
	}
	var items []jNode
	tuple := false
	for {
		if len(items) > 0 {
			if !p.accept('o', ",") {
				break
			}
			tuple = true
		}
		if p.endsTuple(extraEnd) {
			break
		}
		if p.accept('o', "(") {
			items = append(items, p.assignTarget(nil, false))
			p.expect('o', ")")
			continue
		}
		nt := p.expect('n', "")
		if isJConst(nt.val) {
			p.fail(nt.off, "cannot assign to %q", nt.val)
		}
		items = append(items, &jName{name: nt.val, off: nt.off, store: true})
	}
	if len(items) == 0 {
		t := p.peek()
		p.fail(t.off, "expected a name to assign to in %q", template.Excerpt(p.text[p.item.off:]))
	}
	if !tuple {
		return items[0]
	}
	return &jList{items: items, tuple: true}
}

func isJConst(s string) bool {
	switch s {
	case "true", "false", "none", "True", "False", "None":
		return true
	}
	return false
}

func (p *jParser) endsTuple(extra []string) bool {
	t := p.peek()
	if t.kind == 0 {
		return true
	}
	if t.kind == 'o' && (t.val == ")" || t.val == "]" || t.val == "}" || t.val == "=" || t.val == "%") {
		return true
	}
	if t.kind == 'n' {
		for _, e := range extra {
			if t.val == e {
				return true
			}
		}
	}
	return false
}

// tuple parses an expression or a bare tuple "a, b".
func (p *jParser) tuple(cond bool, extraEnd []string) jNode {
	var items []jNode
	tuple := false
	for {
		if len(items) > 0 {
			if !p.accept('o', ",") {
				break
			}
			tuple = true
		}
		if p.endsTuple(extraEnd) {
			break
		}
		items = append(items, p.expr(cond))
	}
	if !tuple {
		if len(items) == 0 {
			t := p.peek()
			p.fail(t.off, "expected an expression in %q", template.Excerpt(p.text[p.item.off:]))
		}
		return items[0]
	}
	return &jList{items: items, tuple: true}
}

func (p *jParser) expr(cond bool) jNode {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > jMaxDepth {
		p.fail(p.peek().off, "expression nested too deeply in %q", template.Excerpt(p.text[p.item.off:]))
	}
	if !cond {
		return p.or()
	}
	x := p.or()
	for p.accept('n', "if") {
		test := p.or()
		var b jNode
		if p.accept('n', "else") {
			b = p.expr(true)
		}
		x = &jCond{test: test, a: x, b: b}
	}
	return x
}

func (p *jParser) or() jNode {
	x := p.and()
	for p.accept('n', "or") {
		x = &jBin{op: "or", l: x, r: p.and()}
	}
	return x
}

func (p *jParser) and() jNode {
	x := p.not()
	for p.accept('n', "and") {
		x = &jBin{op: "and", l: x, r: p.not()}
	}
	return x
}

func (p *jParser) not() jNode {
	if p.accept('n', "not") {
		return &jUnary{op: "not", x: p.not()}
	}
	return p.compare()
}

func (p *jParser) compare() jNode {
	x := p.math1()
	cmp := &jCompare{x: x}
	for {
		t := p.peek()
		switch {
		case t.kind == 'o' && (t.val == "==" || t.val == "!=" || t.val == ">" || t.val == ">=" || t.val == "<" || t.val == "<="):
			p.ti++
			cmp.ops = append(cmp.ops, t.val)
		case t.kind == 'n' && t.val == "in":
			p.ti++
			cmp.ops = append(cmp.ops, "in")
		case t.kind == 'n' && t.val == "not" && p.peekAt(1).kind == 'n' && p.peekAt(1).val == "in":
			p.ti += 2
			cmp.ops = append(cmp.ops, "notin")
		default:
			if len(cmp.ops) == 0 {
				return x
			}
			return cmp
		}
		cmp.rs = append(cmp.rs, p.math1())
	}
}

func (p *jParser) math1() jNode {
	x := p.concat()
	for p.is('o', "+") || p.is('o', "-") {
		op := p.peek().val
		p.ti++
		x = &jBin{op: op, l: x, r: p.concat()}
	}
	return x
}

func (p *jParser) concat() jNode {
	x := p.math2()
	for p.accept('o', "~") {
		x = &jBin{op: "~", l: x, r: p.math2()}
	}
	return x
}

func (p *jParser) math2() jNode {
	x := p.pow()
	for p.is('o', "*") || p.is('o', "/") || p.is('o', "//") || p.is('o', "%") {
		op := p.peek().val
		p.ti++
		x = &jBin{op: op, l: x, r: p.pow()}
	}
	return x
}

func (p *jParser) pow() jNode {
	x := p.unary(true)
	for p.accept('o', "**") {
		x = &jBin{op: "**", l: x, r: p.unary(true)}
	}
	return x
}

func (p *jParser) unary(withFilter bool) jNode {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > jMaxDepth {
		p.fail(p.peek().off, "expression nested too deeply in %q", template.Excerpt(p.text[p.item.off:]))
	}
	var x jNode
	switch {
	case p.accept('o', "-"):
		x = &jUnary{op: "-", x: p.unary(false)}
	case p.accept('o', "+"):
		x = &jUnary{op: "+", x: p.unary(false)}
	default:
		x = p.postfix(p.primary())
	}
	if withFilter {
		x = p.filterExpr(x)
	}
	return x
}

func (p *jParser) primary() jNode {
	t := p.peek()
	switch t.kind {
	case 'n':
		p.ti++
		switch t.val {
		case "true", "True":
			return &jConst{val: true}
		case "false", "False":
			return &jConst{val: false}
		case "none", "None":
			return &jConst{val: nil}
		}
		return &jName{name: t.val, off: t.off}
	case 's':
		var b strings.Builder
		for p.is('s', "") {
			b.WriteString(unquoteJinja(p.peek().val))
			p.ti++
		}
		return &jConst{val: b.String()}
	case 'i':
		p.ti++
		n, err := strconv.ParseInt(strings.ReplaceAll(t.val, "_", ""), 10, 64)
		if err != nil {
			f, _ := strconv.ParseFloat(strings.ReplaceAll(t.val, "_", ""), 64)
			return &jConst{val: f}
		}
		return &jConst{val: int(n)}
	case 'f':
		p.ti++
		f, _ := strconv.ParseFloat(strings.ReplaceAll(t.val, "_", ""), 64)
		return &jConst{val: f}
	case 'o':
		switch t.val {
		case "(":
			p.ti++
			if p.accept('o', ")") {
				return &jList{tuple: true}
			}
			x := p.tuple(true, nil)
			p.expect('o', ")")
			return x
		case "[":
			p.ti++
			l := &jList{}
			for !p.accept('o', "]") {
				if len(l.items) > 0 {
					p.expect('o', ",")
					if p.accept('o', "]") {
						break
					}
				}
				l.items = append(l.items, p.expr(true))
			}
			return l
		case "{":
			p.ti++
			d := &jDict{}
			for !p.accept('o', "}") {
				if len(d.keys) > 0 {
					p.expect('o', ",")
					if p.accept('o', "}") {
						break
					}
				}
				d.keys = append(d.keys, p.expr(true))
				p.expect('o', ":")
				d.vals = append(d.vals, p.expr(true))
			}
			return d
		}
	}
	got := t.val
	if got == "" {
		got = "end of tag"
	}
	p.fail(t.off, "unexpected %q in %q", got, template.Excerpt(p.text[p.item.off:]))
	return nil
}

func unquoteJinja(s string) string {
	body := s[1 : len(s)-1]
	if !strings.Contains(body, "\\") {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '\'', '"':
			b.WriteByte(body[i])
		default:
			b.WriteByte('\\')
			b.WriteByte(body[i])
		}
	}
	return b.String()
}

func (p *jParser) postfix(x jNode) jNode {
	for {
		switch {
		case p.is('o', "."):
			p.ti++
			t := p.peek()
			if t.kind != 'n' && t.kind != 'i' {
				p.fail(t.off, "expected an attribute name after \".\" in %q", template.Excerpt(p.text[p.item.off:]))
			}
			p.ti++
			if t.kind == 'i' {
				n, _ := strconv.Atoi(t.val)
				x = &jItemX{x: x, arg: &jConst{val: n}}
			} else {
				x = &jAttr{x: x, attr: t.val}
			}
		case p.is('o', "["):
			p.ti++
			var args []jNode
			for !p.accept('o', "]") {
				if len(args) > 0 {
					p.expect('o', ",")
				}
				args = append(args, p.subscript())
			}
			var arg jNode = &jList{items: args, tuple: true}
			if len(args) == 1 {
				arg = args[0]
			}
			x = &jItemX{x: x, arg: arg}
		case p.is('o', "("):
			c := p.callArgs()
			c.fn = x
			x = c
		default:
			return x
		}
	}
}

func (p *jParser) subscript() jNode {
	var parts [3]jNode
	k := 0
	if !p.is('o', ":") {
		parts[0] = p.expr(true)
		if !p.is('o', ":") {
			return parts[0]
		}
	}
	for k < 2 && p.accept('o', ":") {
		k++
		if !p.is('o', ":") && !p.is('o', "]") && !p.is('o', ",") {
			parts[k] = p.expr(true)
		}
	}
	return &jSlice{start: parts[0], stop: parts[1], step: parts[2]}
}

func (p *jParser) callArgs() *jCall {
	p.expect('o', "(")
	c := &jCall{}
	first := true
	// Jinja's order: positional args, then keyword args, then *args, then
	// **kwargs; keyword args may also follow *args.
	dynArgs, dynKwargs := false, false
	ensure := func(ok bool, t jTok) {
		if !ok {
			p.fail(t.off, "invalid argument order in call in %q: positional, keyword, *args, **kwargs", template.Excerpt(p.text[p.item.off:]))
		}
	}
	for !p.accept('o', ")") {
		if !first {
			p.expect('o', ",")
			if p.accept('o', ")") {
				break
			}
		}
		first = false
		t := p.peek()
		switch {
		case p.accept('o', "*"):
			ensure(!dynArgs && !dynKwargs, t)
			dynArgs = true
			c.dyn = append(c.dyn, p.expr(true))
		case p.accept('o', "**"):
			ensure(!dynKwargs, t)
			dynKwargs = true
			c.dyn = append(c.dyn, p.expr(true))
		case t.kind == 'n' && p.peekAt(1).kind == 'o' && p.peekAt(1).val == "=":
			ensure(!dynKwargs, t)
			c.kwnames = append(c.kwnames, t.val)
			p.ti += 2
			c.kwvals = append(c.kwvals, p.expr(true))
		default:
			ensure(!dynArgs && !dynKwargs && len(c.kwnames) == 0, t)
			c.args = append(c.args, p.expr(true))
		}
	}
	return c
}

func (p *jParser) filterExpr(x jNode) jNode {
	for {
		switch {
		case p.is('o', "|"):
			p.ti++
			x = p.filterChain(x)
		case p.is('n', "is"):
			p.ti++
			t := &jTest{x: x, neg: p.accept('n', "not")}
			nt := p.expect('n', "")
			t.name = nt.val
			for p.accept('o', ".") {
				t.name += "." + p.expect('n', "").val
			}
			nx := p.peek()
			switch {
			case p.is('o', "("):
				t.call = *p.callArgs()
			case (nx.kind == 'n' && nx.val != "else" && nx.val != "or" && nx.val != "and") || nx.kind == 's' || nx.kind == 'i' || nx.kind == 'f' || (nx.kind == 'o' && (nx.val == "[" || nx.val == "{")):
				if nx.kind == 'n' && nx.val == "is" {
					p.fail(nx.off, "unexpected \"is\" in %q", template.Excerpt(p.text[p.item.off:]))
				}
				arg := p.postfix(p.primary())
				t.call = jCall{args: []jNode{arg}}
			}
			x = t
		case p.is('o', "("):
			c := p.callArgs()
			c.fn = x
			x = c
		default:
			return x
		}
	}
}

// filterChain parses "name(args) | name ..." after the first "|".
func (p *jParser) filterChain(x jNode) jNode {
	for {
		nt := p.expect('n', "")
		f := &jFilter{x: x, name: nt.val, off: nt.off}
		for p.accept('o', ".") {
			f.name += "." + p.expect('n', "").val
		}
		if p.is('o', "(") {
			f.call = *p.callArgs()
		}
		x = f
		if !p.accept('o', "|") {
			return x
		}
	}
}

// --- Symbol analysis (jinja2.idtracking) ---

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
