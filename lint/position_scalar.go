package lint

import (
	"bytes"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template"
)

// exactMap maps the text of a YAML string scalar to the file character by
// character: it reads the scalar's source again, line by line, undoing
// what YAML does to it (escapes, doubled quotes, line folding, indentation,
// block headers), and lines the pieces up with the text the parser gave.
// ok is false when the source does not account for every character of the
// text; the caller then falls back to a best-effort alignment.
func (r *reader) exactMap(n *yaml.Node) (textMap, bool) {
	start := r.src.offset(nodePos(n))
	if start >= len(r.data) {
		return textMap{}, false
	}
	if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
		if q := r.data[start]; q != '"' && q != '\'' {
			return textMap{}, false
		}
		// Most quoted scalars are one line with nothing escaped: their
		// text is the source between the quotes, which is all that
		// piecesMap would find out, at many times the cost. The text
		// starts one column past the quote, which is at the node's
		// position (offset stopped at no line break).
		p := nodePos(n)
		if text, ok := quotedVerbatim(r.data, start, n.Style == yaml.DoubleQuotedStyle); ok && string(text) == n.Value && p.IsValid() {
			return r.verbatim(Pos{Line: p.Line, Col: p.Col + 1}), true
		}
	}
	return r.piecesMap(n, start, len(n.Value))
}

// quotedVerbatim returns the source between the opening quote at start
// and the closing quote when the scalar lies on that line with nothing
// escaped, which makes that source its text; ok is false otherwise.
func quotedVerbatim(src []byte, start int, double bool) (text []byte, ok bool) {
	special := "\n'"
	if double {
		special = "\n\"\\"
	}
	i := bytes.IndexAny(src[start+1:], special)
	if i < 0 {
		return nil, false
	}
	end := start + 1 + i
	if src[end] == '\n' || src[end] == '\\' || !double && end+1 < len(src) && src[end+1] == '\'' {
		return nil, false
	}
	return src[start+1 : end], true
}

// piecesMap is exactMap by the pieces of the scalar's source: it reads
// the source line by line and lines the pieces up with the text. The
// pieces of a plain or block scalar stop once they hold want bytes.
func (r *reader) piecesMap(n *yaml.Node, start, want int) (textMap, bool) {
	var pieces []piece
	switch n.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		if q := r.data[start]; q != '"' && q != '\'' {
			return textMap{}, false
		}
		pieces = quotedPieces(r.data, start, n.Style == yaml.DoubleQuotedStyle)
	case yaml.LiteralStyle, yaml.FoldedStyle:
		pieces = blockPieces(r.data, start, n.Value, want)
	case 0:
		pieces = plainPieces(r.data, start, want)
	default:
		return textMap{}, false
	}
	if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
		start++ // the text starts after the opening quote
	}
	return r.alignPieces(n.Value, pieces, n.Style == 0, start)
}

// piece is the content of one source line of a scalar: its text, and for
// each run of it the source offset where the run starts. A run is verbatim
// (its bytes are the source's) unless it is one character an escape made.
type piece struct {
	text []byte
	runs []run
	end  int // source offset just past the piece (where a folded break maps)
}

type run struct {
	at       int  // byte offset in piece.text
	src      int  // source offset
	verbatim bool // the bytes are the source's; else one escaped character
}

func (p *piece) addVerbatim(b []byte, src int) {
	if k := len(p.runs); k > 0 && p.runs[k-1].verbatim && p.runs[k-1].src+len(p.text)-p.runs[k-1].at == src {
		p.text = append(p.text, b...)
		return
	}
	p.runs = append(p.runs, run{at: len(p.text), src: src, verbatim: true})
	if len(p.text) == 0 {
		// The source itself, which an append copies (its capacity ends
		// with it): most pieces are one verbatim run.
		p.text = b[:len(b):len(b)]
		return
	}
	p.text = append(p.text, b...)
}

func (p *piece) addEscaped(r rune, src int) {
	p.runs = append(p.runs, run{at: len(p.text), src: src})
	p.text = utf8.AppendRune(p.text, r)
}

// runSlab hands out the runs of the pieces of a plain or block scalar,
// one run each, from chunks that double up to 256 runs: a scalar of many
// lines does not allocate a run for each.
type runSlab []run

// line is the piece of one verbatim line b, at source offset src, which
// ends at end: addVerbatim of b to an empty piece.
func (s *runSlab) line(b []byte, src, end int) piece {
	if len(*s) == cap(*s) {
		*s = make([]run, 0, min(2*cap(*s)+1, 256))
	}
	*s = append(*s, run{at: 0, src: src, verbatim: true})
	n := len(*s)
	return piece{text: b[:len(b):len(b)], runs: (*s)[n-1 : n : n], end: end}
}

// trimTrailing drops the raw (verbatim) blanks at the end of the piece, as
// YAML drops white space before a folded line break.
func (p *piece) trimTrailing() {
	for len(p.runs) > 0 {
		last := &p.runs[len(p.runs)-1]
		if !last.verbatim {
			return
		}
		for len(p.text) > last.at && (p.text[len(p.text)-1] == ' ' || p.text[len(p.text)-1] == '\t') {
			p.text = p.text[:len(p.text)-1]
		}
		if len(p.text) > last.at {
			return
		}
		p.runs = p.runs[:len(p.runs)-1]
	}
}

// quotedPieces splits a quoted scalar starting at its opening quote into
// the content of its lines, escapes decoded. Empty lines give no piece:
// their line breaks are separators in the text.
func quotedPieces(src []byte, start int, double bool) []piece {
	var out []piece
	j := start + 1
	cur := piece{}
	leading := false // skipping the indentation of a continuation line
	for j < len(src) {
		c := src[j]
		if leading {
			if c == ' ' || c == '\t' {
				j++
				continue
			}
			leading = false
			if c == '\n' { // an empty line
				j++
				leading = true
				continue
			}
		}
		switch {
		case double && c == '"', !double && c == '\'' && (j+1 >= len(src) || src[j+1] != '\''):
			cur.end = j
			return append(out, cur)
		case !double && c == '\'':
			cur.addEscaped('\'', j)
			j += 2
		case c == '\n':
			cur.trimTrailing()
			cur.end = j
			out = append(out, cur)
			cur = piece{}
			j++
			leading = true
		case double && c == '\\' && j+1 < len(src) && src[j+1] == '\n':
			// An escaped line break joins the lines with nothing between.
			cur.end = j
			out = append(out, cur)
			cur = piece{}
			j += 2
			leading = true
		case double && c == '\\':
			r, size := decodeEscape(src[j:])
			if size == 0 {
				return nil
			}
			cur.addEscaped(r, j)
			j += size
		default:
			_, size := utf8.DecodeRune(src[j:])
			cur.addVerbatim(src[j:j+size], j)
			j += size
		}
	}
	return nil // unclosed
}

// decodeEscape decodes the double-quoted escape at the start of s; size is
// 0 when it is not one. A JSON surrogate pair is one character; a lone
// surrogate is U+FFFD, as the JSON reader reads it.
func decodeEscape(s []byte) (rune, int) {
	if len(s) < 2 {
		return 0, 0
	}
	simple := map[byte]rune{'0': 0, 'a': '\a', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v', 'f': '\f',
		'r': '\r', 'e': 0x1b, ' ': ' ', '"': '"', '/': '/', '\\': '\\', 'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029}
	if r, ok := simple[s[1]]; ok {
		return r, 2
	}
	width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[1]]
	if width == 0 || len(s) < 2+width {
		return 0, 0
	}
	v, err := strconv.ParseUint(string(s[2:2+width]), 16, 32)
	if err != nil {
		return 0, 0
	}
	r := rune(v)
	if s[1] == 'u' && utf16.IsSurrogate(r) {
		if r < 0xdc00 && len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
			if lo, err := strconv.ParseUint(string(s[8:12]), 16, 32); err == nil && lo >= 0xdc00 && lo <= 0xdfff {
				return utf16.DecodeRune(r, rune(lo)), 12
			}
		}
		return utf8.RuneError, 6
	}
	return r, 2 + width
}

// plainPieces splits a plain scalar starting at start into its lines,
// trimmed. The last line may run past the scalar (a comment, a ": "
// that starts a value); alignPieces stops where the text ends. It stops
// once its pieces hold want bytes, the length of the text, since
// alignPieces reads no piece after those: reading every line to the end
// of the file made a file of many plain scalars quadratic.
func plainPieces(src []byte, start, want int) []piece {
	var out []piece
	var runs runSlab
	j := start
	for have := 0; j < len(src) && have < want; {
		end := j
		for end < len(src) && src[end] != '\n' {
			end++
		}
		cur := piece{end: end}
		if end > j {
			cur = runs.line(src[j:end], j, end)
			cur.trimTrailing()
		}
		if len(cur.text) > 0 {
			out = template.Append(out, cur)
			have += len(cur.text)
		}
		j = end + 1
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
	}
	return out
}

// blockPieces splits a literal or folded block scalar whose header (| or
// >) is at start into its content lines, without their indentation. The
// indentation is the first content line's, less the spaces that text
// keeps at the start of its first line that is not empty. Like
// plainPieces, it stops once its pieces hold want bytes.
func blockPieces(src []byte, start int, text string, want int) []piece {
	j := start
	for j < len(src) && src[j] != '\n' {
		j++
	}
	j++
	// Spaces the text keeps before its first character that is neither a
	// space nor a line break: the first content line is indented that much
	// more than the block.
	kept := 0
	for i := 0; i < len(text) && (text[i] == ' ' || text[i] == '\n'); i++ {
		kept++
		if text[i] == '\n' {
			kept = 0
		}
	}
	indent := -1
	var out []piece
	var runs runSlab
	for have := 0; j < len(src) && have < want; {
		end := j
		for end < len(src) && src[end] != '\n' {
			end++
		}
		line := src[j:end]
		lead := 0
		for lead < len(line) && line[lead] == ' ' {
			lead++
		}
		if indent < 0 && lead < len(line) {
			indent = lead - kept
			if indent < 0 {
				return nil
			}
		}
		if indent >= 0 && len(line) > indent {
			cur := runs.line(line[indent:], j+indent, end)
			out = template.Append(out, cur)
			have += len(cur.text)
		}
		j = end + 1
	}
	return out
}

// alignPieces lines the pieces up with text: each piece's text must come
// next, after at most the line breaks and spaces that folding put between
// lines. With partialLast, the text may end inside a piece. start is the
// scalar's first source offset.
func (r *reader) alignPieces(text string, pieces []piece, partialLast bool, start int) (textMap, bool) {
	runs := 0
	for _, p := range pieces {
		runs += len(p.runs)
	}
	// The text offset and source offset of each segment: a run's, and
	// those of the separators between pieces, some of them.
	offs, srcs := make([]int, 0, runs+len(pieces)), make([]int, 0, runs+len(pieces))
	i := 0
	prevEnd := start // where line breaks before the first piece map
	for _, p := range pieces {
		if len(p.text) == 0 {
			continue // a line of blanks that folding dropped
		}
		if i >= len(text) {
			break
		}
		// Separators: a folded line break is a space or line breaks.
		for !matchesAt(text, i, p.text, partialLast) {
			if text[i] != ' ' && text[i] != '\n' {
				return textMap{}, false
			}
			offs, srcs = append(offs, i), append(srcs, prevEnd)
			i++
			if i >= len(text) {
				return textMap{}, false
			}
		}
		for _, rn := range p.runs {
			if i+rn.at >= len(text) {
				break
			}
			offs, srcs = append(offs, i+rn.at), append(srcs, rn.src)
		}
		i += min(len(p.text), len(text)-i)
		prevEnd = p.end
	}
	for ; i < len(text); i++ {
		if text[i] != '\n' && text[i] != ' ' {
			return textMap{}, false
		}
		offs, srcs = append(offs, i), append(srcs, prevEnd)
	}
	if len(offs) == 0 {
		offs, srcs = []int{0}, []int{start}
	}
	segs := make([]seg, len(offs))
	for k, pos := range r.src.positions(srcs) {
		segs[k] = seg{off: offs[k], pos: pos}
	}
	return newTextMap(text, segs, segs[0].pos), true
}

// matchesAt reports whether piece b comes at offset i of text; with
// partial, text may end inside it.
func matchesAt(text string, i int, b []byte, partial bool) bool {
	n := min(len(b), len(text)-i)
	if n < len(b) && !partial {
		return false
	}
	return text[i:i+n] == string(b[:n]) && n > 0
}
