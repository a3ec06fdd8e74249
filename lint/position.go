package lint

import (
	"bytes"
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template"
)

// source is a file's content with its line starts, to convert between byte
// offsets and positions.
type source struct {
	data       []byte
	lineStarts []int // byte offset of the start of each line
}

func newSource(data []byte) *source {
	starts := make([]int, 1, bytes.Count(data, []byte("\n"))+1)
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		starts = append(starts, off)
	}
	return &source{data: data, lineStarts: starts}
}

// pos is the position of byte offset off.
func (s *source) pos(off int) Pos {
	off = min(max(off, 0), len(s.data))
	i := sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > off }) - 1
	return Pos{Line: i + 1, Col: 1 + utf8.RuneCount(s.data[s.lineStarts[i]:off])}
}

// positions is pos of each offset of offs, which must not decrease, in
// one forward pass (pos counts from the line start for each call). The
// pass starts at the line of the first offset, found by binary search, so
// a file's many scalars cost their own lines each, not the file's.
func (s *source) positions(offs []int) []Pos {
	out := make([]Pos, len(offs))
	line, col, at := 0, 1, 0 // 0-based line; col of byte offset at
	if len(offs) > 0 {
		first := min(max(offs[0], 0), len(s.data))
		line = sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > first }) - 1
		at = s.lineStarts[line]
	}
	for k, off := range offs {
		off = min(max(off, 0), len(s.data))
		if off < at {
			out[k] = s.pos(off)
			continue
		}
		for line+1 < len(s.lineStarts) && s.lineStarts[line+1] <= off {
			line++
			col, at = 1, s.lineStarts[line]
		}
		col += utf8.RuneCount(s.data[at:off])
		at = off
		out[k] = Pos{Line: line + 1, Col: col}
	}
	return out
}

// offset is the byte offset of position p, clamped to its line.
func (s *source) offset(p Pos) int {
	if p.Line < 1 {
		return 0
	}
	if p.Line > len(s.lineStarts) {
		return len(s.data)
	}
	off := s.lineStarts[p.Line-1]
	for col := 1; col < p.Col && off < len(s.data) && s.data[off] != '\n'; col++ {
		_, size := utf8.DecodeRune(s.data[off:])
		off += size
	}
	return off
}

// line is the text of 1-based line n, without its newline.
func (s *source) line(n int) string {
	if n < 1 || n > len(s.lineStarts) {
		return ""
	}
	start := s.lineStarts[n-1]
	end := len(s.data)
	if n < len(s.lineStarts) {
		end = s.lineStarts[n] - 1
	}
	return string(s.data[start:end])
}

// textMap maps positions in a message text to positions in the file. It
// is a list of segments: from a segment's text offset on, the text lies
// verbatim in the file from the segment's file position, until the next
// segment.
type textMap struct {
	segs []seg
}

type seg struct {
	off        int // byte offset in the text
	tline, col int // line and column of off in the text
	pos        Pos // file position of the text at off
}

// verbatim is the map of a text that lies in the file as is, from p on.
func verbatim(p Pos) textMap {
	return textMap{segs: []seg{{off: 0, tline: 1, col: 1, pos: p}}}
}

// verbatim is verbatim(p) with its segment cut from the reader's slab.
func (r *reader) verbatim(p Pos) textMap {
	segs := carve(&r.segSlab, 1)
	segs[0] = seg{off: 0, tline: 1, col: 1, pos: p}
	return textMap{segs: segs}
}

// carve returns n elements cut from *slab, or new ones when the slab has
// not that many left. The slice's capacity is n: appending to it copies
// it, leaving the rest of the slab alone.
func carve[T any](slab *[]T, n int) []T {
	s := *slab
	if n > cap(s)-len(s) {
		return make([]T, n)
	}
	*slab = s[:len(s)+n]
	return s[len(s) : len(s)+n : len(s)+n]
}

// newTextMap builds a map from segments given by offset and file
// position; it computes the segments' text lines and columns.
func newTextMap(text string, segs []seg, start Pos) textMap {
	if len(segs) == 0 || segs[0].off > 0 {
		segs = append([]seg{{off: 0, pos: start}}, segs...)
	}
	if bySegOffset := func(a, b seg) int { return cmp.Compare(a.off, b.off) }; !slices.IsSortedFunc(segs, bySegOffset) {
		slices.SortStableFunc(segs, bySegOffset)
	}
	offs := make([]int, len(segs))
	for k := range segs {
		offs[k] = segs[k].off
	}
	for k, p := range template.Positions(text, offs) {
		segs[k].tline, segs[k].col = p.Line, p.Col
	}
	return textMap{segs: segs}
}

// at converts a text position (byte offset and 1-based line and column)
// to a file position.
func (m textMap) at(tp template.Pos) Pos {
	if len(m.segs) == 0 {
		return Pos{}
	}
	k := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].off > tp.Offset }) - 1
	return m.segAt(max(k, 0), tp)
}

// segAt is at of a position in segment k.
func (m textMap) segAt(k int, tp template.Pos) Pos {
	s := m.segs[k]
	if tp.Line == s.tline {
		return Pos{Line: s.pos.Line, Col: s.pos.Col + tp.Col - s.col}
	}
	return Pos{Line: s.pos.Line + tp.Line - s.tline, Col: tp.Col}
}

// lines is Message.Lines for the text: the file position of each line's
// first character; nil when the text lies verbatim in the file. It walks
// the segments along with the lines, rather than searching them for each.
func (m textMap) lines(text string) []Pos {
	if len(m.segs) <= 1 {
		return nil
	}
	out := make([]Pos, 0, strings.Count(text, "\n")+1)
	k := 0 // the last segment that starts at or before the line
	for off := 0; ; {
		for k+1 < len(m.segs) && m.segs[k+1].off <= off {
			k++
		}
		out = append(out, m.segAt(k, template.Pos{Offset: off, Line: len(out) + 1, Col: 1}))
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return out
		}
		off += i + 1
	}
}

// scalarMap maps the text of a YAML string scalar to the file: exactly
// (exactMap), or where the source cannot be read again, by alignment.
func (r *reader) scalarMap(n *yaml.Node) textMap {
	if m, ok := r.exactMap(n); ok {
		return m
	}
	text := n.Value
	start := nodePos(n)
	switch n.Style {
	case yaml.LiteralStyle:
		return r.literalMap(n, text)
	case yaml.FoldedStyle:
		if n.Line < len(r.src.lineStarts) {
			return r.alignMap(text, r.src.lineStarts[n.Line], n.Style, start)
		}
		return verbatim(start)
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		off := r.src.offset(start)
		if !strings.ContainsAny(text, "\n\\'\"") && off+1+len(text) <= len(r.data) && string(r.data[off+1:off+1+len(text)]) == text {
			return verbatim(Pos{Line: start.Line, Col: start.Col + 1})
		}
		return r.alignMap(text, off+1, n.Style, Pos{Line: start.Line, Col: start.Col + 1})
	}
	off := r.src.offset(start)
	if off+len(text) <= len(r.data) && string(r.data[off:off+len(text)]) == text {
		return verbatim(start)
	}
	return r.alignMap(text, off, n.Style, start)
}

// literalMap maps a literal block scalar (|, |-, |+, |2): text line i is
// the end of file line n.Line+1+i, after the block's indentation.
func (r *reader) literalMap(n *yaml.Node, text string) textMap {
	var segs []seg
	indent := n.Column
	off := 0
	for i, tl := range strings.Split(text, "\n") {
		fl := n.Line + 1 + i
		src := r.src.line(fl)
		col := indent
		if tl != "" && strings.HasSuffix(src, tl) {
			col = utf8.RuneCountInString(src) - utf8.RuneCountInString(tl) + 1
			indent = col
		} else if tl == "" {
			col = min(indent, utf8.RuneCountInString(src)+1)
		}
		segs = append(segs, seg{off: off, pos: Pos{Line: fl, Col: max(col, 1)}})
		off += len(tl) + 1
	}
	return newTextMap(text, segs, nodePos(n))
}

// alignMap locates text in the file from byte offset start on, for
// scalars whose text differs from the source: folded lines, escapes,
// doubled quotes. It walks text and source together, skipping source
// indentation and line breaks, and starts a new segment wherever the two
// get out of step. It is a best effort: a character it cannot find keeps
// the last known position.
func (r *reader) alignMap(text string, start int, style yaml.Style, startPos Pos) textMap {
	src := r.data
	var offs, srcs []int
	inSync := false
	mark := func(i, j int) {
		offs, srcs = append(offs, i), append(srcs, j)
	}
	i, j := 0, start
	for i < len(text) && j < len(src) {
		c, sc := text[i], src[j]
		if style == yaml.DoubleQuotedStyle && sc == '\\' && j+1 < len(src) {
			inSync = false
			if src[j+1] == '\n' { // escaped line break: continues the line
				j += 2
				for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
					j++
				}
				continue
			}
			mark(i, j)
			j += escapeLen(src[j:])
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		if style == yaml.SingleQuotedStyle && c == '\'' && sc == '\'' && j+1 < len(src) && src[j+1] == '\'' {
			inSync = false
			mark(i, j)
			i, j = i+1, j+2
			continue
		}
		if c == sc {
			if !inSync {
				mark(i, j)
				inSync = true
			}
			i, j = i+1, j+1
			continue
		}
		inSync = false
		switch {
		case sc == ' ' || sc == '\t' || sc == '\n':
			j++ // indentation or a folded line break
		case c == ' ' || c == '\n':
			i++ // a line break folded into the text
		default:
			if k := bytes.IndexByte(src[j:min(len(src), j+256)], c); k > 0 {
				j += k
			} else {
				i++
			}
		}
	}
	segs := make([]seg, len(offs))
	for k, pos := range r.src.positions(srcs) {
		segs[k] = seg{off: offs[k], pos: pos}
	}
	return newTextMap(text, segs, startPos)
}

// escapeLen is the length of the double-quoted escape sequence at the
// start of s (which starts with a backslash).
func escapeLen(s []byte) int {
	n := 2
	switch s[1] {
	case 'x':
		n = 4
	case 'u':
		n = 6
		// A JSON surrogate pair is one character.
		if len(s) >= 12 && (s[2] == 'd' || s[2] == 'D') && strings.ContainsRune("89abAB", rune(s[3])) && s[6] == '\\' && s[7] == 'u' {
			n = 12
		}
	case 'U':
		n = 10
	}
	return min(n, len(s))
}

// addMessage appends a message to p and scans it in p.Syntax, recording
// its uses, template errors and partials at file positions.
func addMessage(p *Prompt, role, text string, m textMap) {
	idx := len(p.Messages)
	appendMessage(p, role, text, m)
	recordScan(p, scanTemplate(p.Syntax, text), m, func(int) int { return idx })
}

// appendMessage appends a message to p without scanning it.
func appendMessage(p *Prompt, role, text string, m textMap) {
	start := m.at(template.Pos{Offset: 0, Line: 1, Col: 1})
	p.Messages = append(p.Messages, Message{Role: role, Text: text, Pos: start, Lines: m.lines(text), tm: m})
}

// recordScan records the uses, template errors and partials of a scan of
// a text that m maps to the file; messageOf gives the message of each
// offset of that text.
func recordScan(p *Prompt, res template.Result, m textMap, messageOf func(off int) int) {
	p.Uses = slices.Grow(p.Uses, len(res.Uses))
	for _, u := range res.Uses {
		p.Uses = append(p.Uses, Use{Name: u.Name, Expr: u.Expr, Message: messageOf(u.Pos.Offset), Pos: m.at(u.Pos), Spaced: u.Spaced, Actions: u.Actions, Optional: u.Optional})
	}
	p.TemplateErrors = slices.Grow(p.TemplateErrors, len(res.Errors))
	for _, e := range res.Errors {
		p.TemplateErrors = append(p.TemplateErrors, TemplateError{Pos: m.at(e.Pos), Msg: e.Msg})
	}
	p.Comments = slices.Grow(p.Comments, len(res.Comments))
	for _, c := range res.Comments {
		p.Comments = append(p.Comments, TemplateComment{Text: c.Text, Pos: m.at(c.Pos), End: m.at(c.End)})
	}
	for _, name := range res.Partials {
		if p.partials == nil {
			p.partials = map[string]bool{}
			for _, n := range p.Partials {
				p.partials[n] = true
			}
		}
		if !p.partials[name] {
			p.partials[name] = true
			p.Partials = append(p.Partials, name)
		}
	}
}

// addScalarMessage adds a message whose text is a YAML string scalar. It
// is addMessage with the prompt's first message and uses cut from the
// reader's slabs.
func (r *reader) addScalarMessage(p *Prompt, role string, n *yaml.Node) {
	n = resolve(n)
	text, m := "", textMap{}
	if isNull(n) {
		pos := nodePos(n)
		if !pos.IsValid() {
			pos = p.Pos
		}
		m = verbatim(pos)
	} else {
		text, m = n.Value, r.scalarMap(n)
	}
	if p.Messages == nil {
		p.Messages = carve(&r.messageSlab, 1)[:0]
	}
	idx := len(p.Messages)
	appendMessage(p, role, text, m)
	res := scanTemplate(p.Syntax, text)
	if p.Uses == nil && len(res.Uses) > 0 {
		p.Uses = carve(&r.useSlab, len(res.Uses))[:0]
	}
	recordScan(p, res, m, func(int) int { return idx })
}
