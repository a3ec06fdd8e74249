package lint

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Most prompt files hold YAML of one plain shape: block mappings of
// plain keys, block sequences, one-line plain or quoted scalars and
// literal blocks. fastYAML reads that shape in one pass over the lines,
// into the node tree that yaml.v3 builds for it (kinds, tags, styles,
// values, lines and columns), several times faster and with a fraction
// of the garbage; anything else (comments, flow collections, anchors,
// tags, folded or multi-line scalars, tabs, escapes, documents markers,
// odd characters, anything malformed) it declines, and yaml.v3 reads
// the text. FuzzFastYAML holds the two to the same trees.

// fastYAMLMaxDepth bounds the nesting fastYAML reads; deeper documents go
// to yaml.v3 (which has a limit of its own).
const fastYAMLMaxDepth = 64

// fastYAMLMaxKey bounds a key's length; YAML limits implicit keys to
// 1,024 characters, and longer ones go to yaml.v3.
const fastYAMLMaxKey = 128

// fastLine is one line of the text: its bytes are src[start:end], without
// the line break; indent counts its leading spaces; blank is set when it
// holds nothing else.
type fastLine struct {
	start, end, indent int
	blank              bool
}

type fastYAMLParser struct {
	src   string
	lines []fastLine
	i     int // the current line
	depth int
	slab  []yaml.Node // nodes are handed out from here
	// stack holds the content of the collections being read, each
	// collection's above those around it; a finished collection's
	// content moves to contents, which the collections' Content share.
	stack    []*yaml.Node
	contents []*yaml.Node
	// nodes and contained count the nodes made and the contents moved,
	// for the size of the next slabs.
	nodes, contained int
}

// fastYAML returns the document yaml.v3 parses text into, and true, when
// text has the plain shape described above; else nil and false.
func fastYAML(text string) (*yaml.Node, bool) {
	if !fastYAMLChars(text) {
		return nil, false
	}
	p := &fastYAMLParser{src: text, lines: make([]fastLine, 0, strings.Count(text, "\n")+1)}
	n := 0
	for off := 0; off < len(p.src); {
		end := strings.IndexByte(p.src[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end, next = len(p.src)-off, len(p.src)
		}
		l := fastLine{start: off, end: off + end}
		for l.start+l.indent < l.end && p.src[l.start+l.indent] == ' ' {
			l.indent++
		}
		l.blank = l.start+l.indent == l.end
		p.lines = append(p.lines, l)
		if c := p.src[l.start+l.indent : l.end]; !l.blank {
			// Guess the nodes of the line: an entry's (a scalar or a
			// mapping), a key and its value (or the collection under
			// it). A line of a literal block holds none (unless it
			// looks so); a flow mapping holds more, which the slabs
			// after the first take, sized at the rate of the lines read
			// (more).
			if c[0] == '-' {
				n++
			}
			if strings.IndexByte(c, ':') >= 0 {
				n += 2
			}
		}
		off = next
	}
	p.slab = make([]yaml.Node, 0, n+2) // more nodes take more slabs
	p.contents = make([]*yaml.Node, 0, n)
	p.skipBlank()
	if p.i == len(p.lines) || p.lines[p.i].indent != 0 {
		return nil, false
	}
	if l := p.line(); strings.HasPrefix(l, "---") || strings.HasPrefix(l, "...") || l[0] == '%' || l[0] == '-' {
		return nil, false
	}
	doc := p.node(yaml.DocumentNode, "", "", p.i, 0)
	root, ok := p.mapping(p.i, 0, 0)
	if !ok {
		return nil, false
	}
	if p.skipBlank(); p.i != len(p.lines) {
		return nil, false
	}
	doc.Content = []*yaml.Node{root}
	out := *doc // yaml.Unmarshal copies the document into its target
	return &out, true
}

// fastYAMLChars reports whether text holds only characters that fastYAML
// reads as yaml.v3 does: printable ones, spaces and line feeds; no tab,
// carriage return, byte order mark or YAML 1.1 line break.
func fastYAMLChars(text string) bool {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size <= 1,
			r < 0xa0, // C1 controls and NEL
			r == 0x2028 || r == 0x2029,
			r == 0xfeff,
			r >= 0xd800 && r < 0xe000,
			r == 0xfffe || r == 0xffff:
			return false
		}
		i += size
	}
	return true
}

// line is the current line's text from its indentation on.
func (p *fastYAMLParser) line() string {
	l := p.lines[p.i]
	return p.src[l.start+l.indent : l.end]
}

// skipBlank moves past blank lines.
func (p *fastYAMLParser) skipBlank() {
	for p.i < len(p.lines) && p.lines[p.i].blank {
		p.i++
	}
}

// node returns a new node at line i (0-based) and byte column col of
// that line, which fastYAML only places after ASCII text.
func (p *fastYAMLParser) node(kind yaml.Kind, tag, value string, i, col int) *yaml.Node {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]yaml.Node, 0, p.more(p.nodes))
	}
	p.nodes++
	p.slab = append(p.slab, yaml.Node{Kind: kind, Tag: tag, Value: value, Line: i + 1, Column: col + 1})
	return &p.slab[len(p.slab)-1]
}

// more guesses how many more nodes or contents the rest of the text
// needs, made of them for the lines read so far.
func (p *fastYAMLParser) more(made int) int {
	return made*(len(p.lines)-p.i)/max(p.i, 1) + 16
}

// content returns the content of a collection, p.stack from base on, as
// a slice of p.contents, and takes it off the stack.
func (p *fastYAMLParser) content(base int) []*yaml.Node {
	items := p.stack[base:]
	if len(items) > cap(p.contents)-len(p.contents) {
		p.contents = make([]*yaml.Node, 0, len(items)+p.more(p.contained))
	}
	p.contained += len(items)
	start := len(p.contents)
	p.contents = append(p.contents, items...)
	clear(items)
	p.stack = p.stack[:base]
	return p.contents[start:len(p.contents):len(p.contents)]
}

// plain returns the node of a plain scalar, tagged as yaml.v3 resolves it.
func (p *fastYAMLParser) plain(value string, i, col int) *yaml.Node {
	n := p.node(yaml.ScalarNode, "", value, i, col)
	n.Tag = plainTag(n)
	return n
}

// plainTag is the tag yaml.v3's parser gives the plain scalar n: "<<" is
// a merge key, and other values are what its resolve makes of them,
// which for the common values is told here without resolve's attempts
// at numbers and dates.
func plainTag(n *yaml.Node) string {
	v := n.Value
	switch c := v[0]; {
	case v == "<<":
		return "!!merge"
	case strings.IndexByte("+-0123456789yYnNtTfFoO~.", c) < 0:
		return "!!str" // resolve's table has no hint for this first byte
	case strings.IndexByte("yYnNtTfFoO~", c) >= 0:
		// The words of resolve's map that start with these bytes.
		switch v {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool"
		case "null", "Null", "NULL", "~":
			return "!!null"
		}
		return "!!str"
	case dottedDigits(v):
		return "!!str" // a version: no number (one dot at most), no date
	}
	return n.ShortTag() // resolve, as the parser calls it
}

// dottedDigits reports whether s is digits and two or more dots.
func dottedDigits(s string) bool {
	dots := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			return false
		}
	}
	return dots >= 2
}

// keyLen returns the length of the plain key that s starts with, followed
// by ":" and a space or the end of s; 0 when s starts with none.
func keyLen(s string) int {
	if s == "" || !keyStart(s[0]) {
		return 0
	}
	j := 1
	for j < len(s) && j <= fastYAMLMaxKey && keyByte(s[j]) {
		j++
	}
	if j > fastYAMLMaxKey || j == len(s) || s[j] != ':' || j+1 < len(s) && s[j+1] != ' ' {
		return 0
	}
	return j
}

func keyStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '$'
}

func keyByte(c byte) bool {
	return keyStart(c) || c == '-' || c == '.' || c == '/' || c == '?'
}

// mapping reads a block mapping whose keys are at column col; its first
// key is on line i at col, which may follow a sequence's "- " there.
func (p *fastYAMLParser) mapping(i, col, depth int) (*yaml.Node, bool) {
	if depth > fastYAMLMaxDepth {
		return nil, false
	}
	m := p.node(yaml.MappingNode, "!!map", "", i, col)
	base := len(p.stack)
	p.i = i
	for first := true; ; first = false {
		l := p.lines[p.i]
		if !first && l.indent != col {
			return nil, false
		}
		s := p.src[l.start+col : l.end]
		k := keyLen(s)
		if k == 0 {
			return nil, false
		}
		key := p.plain(s[:k], p.i, col)
		rest := s[k+1:]
		vcol := col + k + 1
		for rest != "" && rest[0] == ' ' {
			rest, vcol = rest[1:], vcol+1
		}
		var v *yaml.Node
		ok := true
		if rest == "" {
			v, ok = p.nested(col, col+k+1, depth)
		} else {
			v, ok = p.scalar(rest, vcol, col)
		}
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, key, v)
		if p.skipBlank(); p.i == len(p.lines) {
			m.Content = p.content(base)
			return m, true
		}
		switch l := p.lines[p.i]; {
		case l.indent < col:
			m.Content = p.content(base)
			return m, true
		case l.indent > col:
			return nil, false // a continuation, or an error
		case p.line()[0] == '-':
			return nil, false // a sequence after a key's value
		}
	}
}

// nested reads the value of a key at column col whose line ends after
// its ":" (afterColon is the column past it): a block collection on the
// next lines, or null.
func (p *fastYAMLParser) nested(col, afterColon, depth int) (*yaml.Node, bool) {
	at := p.i
	p.i++
	p.skipBlank()
	if p.i < len(p.lines) {
		l := p.lines[p.i]
		s := p.line()
		seq := s[0] == '-' && (len(s) == 1 || s[1] == ' ')
		switch {
		case l.indent > col && seq, l.indent == col && seq:
			return p.sequence(p.i, l.indent, depth+1)
		case l.indent > col:
			return p.mapping(p.i, l.indent, depth+1)
		}
	}
	// No value: null, where yaml.v3 places it, just after the ":".
	n := p.node(yaml.ScalarNode, "!!null", "", at, afterColon)
	return n, true
}

// sequence reads a block sequence whose "-" are at column col, the first
// on line i.
func (p *fastYAMLParser) sequence(i, col, depth int) (*yaml.Node, bool) {
	if depth > fastYAMLMaxDepth {
		return nil, false
	}
	seq := p.node(yaml.SequenceNode, "!!seq", "", i, col)
	base := len(p.stack)
	p.i = i
	for {
		s := p.line()
		if len(s) < 2 || s[0] != '-' || s[1] != ' ' {
			return nil, false
		}
		icol := col + 1
		for s = s[1:]; s != "" && s[0] == ' '; s = s[1:] {
			icol++
		}
		var v *yaml.Node
		ok := true
		switch {
		case s == "":
			return nil, false // an empty entry, or one on the next lines
		case keyLen(s) > 0:
			v, ok = p.mapping(p.i, icol, depth+1)
		default:
			v, ok = p.scalar(s, icol, col)
		}
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, v)
		if p.skipBlank(); p.i == len(p.lines) {
			seq.Content = p.content(base)
			return seq, true
		}
		l := p.lines[p.i]
		if l.indent < col {
			seq.Content = p.content(base)
			return seq, true
		}
		if l.indent > col {
			return nil, false
		}
		if s := p.line(); s[0] != '-' || len(s) > 1 && s[1] != ' ' {
			seq.Content = p.content(base)
			return seq, true // the next key of the mapping around an indentless sequence
		}
	}
}

// scalar reads a value that starts on the current line at column col,
// s being the rest of the line, for a key (or sequence entry) at column
// parent: a one-line plain or quoted scalar, or a literal block. It moves
// past the lines it reads.
func (p *fastYAMLParser) scalar(s string, col, parent int) (*yaml.Node, bool) {
	s = strings.TrimRight(s, " ")
	at := p.i
	p.i++
	switch s[0] {
	case '|':
		if s != "|" && s != "|-" {
			return nil, false
		}
		return p.literal(at, col, parent, s == "|-")
	case '"':
		if len(s) < 2 || s[len(s)-1] != '"' || strings.ContainsAny(s[1:len(s)-1], `"\`) {
			return nil, false
		}
		n := p.node(yaml.ScalarNode, "!!str", s[1:len(s)-1], at, col)
		n.Style = yaml.DoubleQuotedStyle
		return n, true
	case '\'':
		if len(s) < 2 || s[len(s)-1] != '\'' {
			return nil, false
		}
		v := s[1 : len(s)-1]
		if strings.IndexByte(v, '\'') >= 0 {
			if strings.Contains(strings.ReplaceAll(v, "''", ""), "'") {
				return nil, false
			}
			v = strings.ReplaceAll(v, "''", "'")
		}
		n := p.node(yaml.ScalarNode, "!!str", v, at, col)
		n.Style = yaml.SingleQuotedStyle
		return n, true
	case '-':
		if len(s) == 1 || s[1] == ' ' {
			return nil, false // a sequence entry: not allowed here
		}
	case '{':
		return p.flowMapping(s, at, col)
	case '?', ':', ',', '[', ']', '}', '#', '&', '*', '!', '>', '%', '@', '`':
		return nil, false
	}
	if strings.Contains(s, ": ") || s[len(s)-1] == ':' || strings.Contains(s, " #") {
		return nil, false
	}
	return p.plain(s, at, col), true
}

// flowMapping reads a flow mapping that starts at column col of line at
// and ends with its line, s: "{key: value, key: "value"}", its keys plain
// (as keyLen reads them), its values plain words (flowWord) or double
// quoted without escapes, all of it ASCII. Anything else (nested or empty
// collections, a key without a value, a trailing comma) it declines.
func (p *fastYAMLParser) flowMapping(s string, at, col int) (*yaml.Node, bool) {
	if len(s) < 2 || s[len(s)-1] != '}' {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return nil, false // columns count characters
		}
	}
	m := p.node(yaml.MappingNode, "!!map", "", at, col)
	m.Style = yaml.FlowStyle
	base := len(p.stack)
	i := 1 // the offset in s
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		k := keyLen(s[i:])
		if k == 0 || strings.IndexByte(s[i:i+k], '?') >= 0 {
			return nil, false
		}
		key := p.plain(s[i:i+k], at, col+i)
		i += k + 1
		for i < len(s) && s[i] == ' ' {
			i++
		}
		var v *yaml.Node
		if s[i] == '"' {
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 || strings.IndexByte(s[i+1:i+1+end], '\\') >= 0 {
				return nil, false
			}
			v = p.node(yaml.ScalarNode, "!!str", s[i+1:i+1+end], at, col+i)
			v.Style = yaml.DoubleQuotedStyle
			i += end + 2
		} else {
			n := flowWord(s[i:])
			if n == 0 {
				return nil, false
			}
			v = p.plain(s[i:i+n], at, col+i)
			i += n
		}
		p.stack = append(p.stack, key, v)
		for i < len(s) && s[i] == ' ' {
			i++
		}
		switch {
		case i == len(s)-1: // the closing brace
			m.Content = p.content(base)
			return m, true
		case s[i] != ',':
			return nil, false
		}
		i++
	}
}

// flowWord returns the length of the plain scalar that a flow mapping's
// value s starts with, ending before a comma or the closing brace and
// the spaces before them: words of letters, digits and "_-./$" that
// start with a letter, a digit, "_" or "$", separated by single spaces;
// 0 when s starts with anything else.
func flowWord(s string) int {
	if s == "" || !keyStart(s[0]) {
		return 0
	}
	n := 0 // the end of the last word
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case keyStart(c) || c == '-' || c == '.' || c == '/':
			n = i + 1
		case c == ' ' && i+1 < len(s) && keyStart(s[i+1]):
		case c == ' ' || c == ',' || c == '}':
			return n
		default:
			return 0
		}
	}
	return 0 // no closing brace
}

// literal reads a literal block ("|", or "|-" with strip) whose indicator
// is at column col of line at, under a key or entry at column parent.
func (p *fastYAMLParser) literal(at, col, parent int, strip bool) (*yaml.Node, bool) {
	if p.i == len(p.lines) || p.lines[p.i].blank {
		return nil, false // empty, or blank lines first: the indentation is guessed
	}
	indent := p.lines[p.i].indent
	if indent <= parent {
		return nil, false
	}
	var b strings.Builder
	blanks := 0   // blank lines since the last line of text
	lastEnd := -1 // where the last line of text ends in src
	for ; p.i < len(p.lines); p.i++ {
		l := p.lines[p.i]
		if l.blank {
			if l.end-l.start > indent {
				return nil, false // spaces past the indentation: text
			}
			blanks++
			continue
		}
		if l.indent < indent {
			break
		}
		if lastEnd >= 0 {
			b.WriteByte('\n')
		}
		for ; blanks > 0; blanks-- {
			b.WriteByte('\n')
		}
		b.WriteString(p.src[l.start+indent : l.end])
		lastEnd = l.end
	}
	// Back to the blank lines after the text, which belong to what follows.
	for p.i > 0 && p.lines[p.i-1].blank && p.lines[p.i-1].start > lastEnd {
		p.i--
	}
	if !strip && lastEnd < len(p.src) {
		b.WriteByte('\n') // clip: the last line's break
	}
	n := p.node(yaml.ScalarNode, "!!str", b.String(), at, col)
	n.Style = yaml.LiteralStyle
	return n, true
}
