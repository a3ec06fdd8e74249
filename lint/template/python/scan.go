package python

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/template"
)

// Python str.format scanning mirrors CPython's MarkupIterator
// (Objects/stringlib/unicode_format.h) and field_name_split:
//
//   - "{{" and "}}" are literal braces; a single "}" is an error.
//   - A field runs from "{" to the matching "}"; its name ends at the first
//     ":", "!" or "}" outside "[...]"; a "{" inside the name is an error.
//   - "!c" is a conversion (r, s or a), ":" starts a format spec in which
//     nested fields ({x:{width}}) are parsed again, two levels at most.
//   - The field name's first part (up to "." or "[") is the key looked up
//     in the keyword arguments: that is the Use. An empty or all-digit first
//     part is positional ({}, {0}, {.x}), which a template filled by name
//     cannot satisfy: reported as an Error and not as a Use.
//   - Python looks up any other first part verbatim, spaces included:
//     "{ name }" needs the key " name ". A first part that is not a plain
//     name (letters and their marks, digits, "_", "-") is reported as an
//     Error and not as a Use, because it is nearly always JSON or prose
//     that needed doubled braces, and no caller supplies such a key.
//
// CPython stops at its first error; the scanner recovers and goes on so
// that the uses after a typo are still seen.

// maxDepth is CPython's recursion budget for str.format: the template
// itself and one level of nested fields in format specs.
const maxDepth = 2

// replField is one replacement field found by the Python scanner.
type replField struct {
	open       int    // offset of "{"
	name       string // field name as written: "user[0]"
	nameOff    int    // offset of the name
	conv       rune   // conversion character, 0 when absent
	convOff    int    // offset of the conversion character
	spec       string // format spec, with nested fields unexpanded
	specOff    int
	specFields bool // spec contains nested fields
}

// scanner walks a Python format string, calling onField (checkField when
// it is unset, as for Scan) for every well-formed field and onText for
// literal text.
type scanner struct {
	text    string
	c       template.Collector
	onText  func(s string)
	onField func(f replField, depth int)
	// stop, once set by onField, ends the scan: a render's first error
	// is its result.
	stop bool
}

func Scan(text string) template.Result {
	p := scanner{text: text}
	if n := strings.Count(text, "{"); n > 0 {
		// Room for the uses of most texts, in one allocation: a field
		// opens with "{" (unless it is a literal "{{").
		p.c.Result.Uses = make([]template.Use, 0, min(n, 4))
	}
	p.markup(0, len(text), maxDepth)
	return p.c.Finish(text)
}

// found handles a well-formed field: onField when set, else checkField.
func (p *scanner) found(f replField, depth int) {
	if p.onField != nil {
		p.onField(f, depth)
		return
	}
	p.checkField(f, depth)
}

// markup scans text[lo:hi] at the given recursion depth.
func (p *scanner) markup(lo, hi, depth int) {
	t := p.text
	i, lit := lo, lo
	flush := func(end int) {
		if p.onText != nil && end > lit {
			p.onText(t[lit:end])
		}
	}
	for i < hi && !p.stop {
		c := t[i]
		if c != '{' && c != '}' {
			i++
			continue
		}
		if i+1 < hi && t[i+1] == c {
			flush(i + 1)
			i += 2
			lit = i
			continue
		}
		flush(i)
		if c == '}' {
			p.c.Errorf(i, `single "}" in format string; write "}}" for a literal brace`)
			i++
			lit = i
			continue
		}
		if i+1 >= hi {
			p.c.Errorf(i, `single "{" at the end of the format string; write "{{" for a literal brace`)
			i++
			lit = i
			continue
		}
		i = p.field(i, hi, depth)
		lit = i
	}
	flush(hi)
}

// field parses the field opened at t[open] and returns where scanning goes on.
func (p *scanner) field(open, hi, depth int) int {
	t := p.text
	j := open + 1
	var c byte
	found := false
	for j < hi && !found {
		c = t[j]
		j++
		switch c {
		case '{':
			p.c.Errorf(open, `unclosed field "{": python found "{" inside the field name`)
			return j - 1
		case '[':
			for j < hi && t[j] != ']' {
				j++
			}
		case '}', ':', '!':
			found = true
		}
	}
	if !found {
		p.c.Errorf(open, `unclosed field "{": expected "}" before the end of the text`)
		return hi
	}
	f := replField{open: open, name: t[open+1 : j-1], nameOff: open + 1}
	if c == '}' {
		p.found(f, depth)
		return j
	}
	if c == '!' {
		if j >= hi {
			p.c.Errorf(open, `unclosed field "{": expected a conversion after "!"`)
			return hi
		}
		r, size := utf8.DecodeRuneInString(t[j:hi])
		f.conv, f.convOff = r, j
		j += size
		if j < hi {
			c = t[j]
			j++
			if c == '}' {
				p.found(f, depth)
				return j
			}
			if c != ':' {
				p.c.Errorf(j-1, `expected ":" or "}" after the conversion %q`, "!"+string(r))
				// Resume after the field's "}" when no "{" comes first.
				if k := strings.IndexAny(t[j:hi], "{}"); k >= 0 && t[j+k] == '}' {
					return j + k + 1
				}
				return j
			}
		}
	}
	f.specOff = j
	count := 1
	for j < hi {
		c = t[j]
		j++
		switch c {
		case '{':
			f.specFields = true
			count++
		case '}':
			count--
			if count == 0 {
				f.spec = t[f.specOff : j-1]
				p.found(f, depth)
				return j
			}
		}
	}
	p.c.Errorf(open, `unclosed field "{": unmatched "{" in the format spec`)
	return hi // the spec ran to the end: rescanning it would be quadratic
}

// checkField reports the use and the problems of one field, and scans its
// nested spec fields.
func (p *scanner) checkField(f replField, depth int) {
	if root, rest, ok := p.fieldName(f); ok {
		p.c.Use(root, f.name, f.nameOff)
		p.checkRest(f, rest)
	}
	if f.conv != 0 && f.conv != 'r' && f.conv != 's' && f.conv != 'a' {
		p.c.Errorf(f.convOff, `unknown conversion %q; python accepts !r, !s and !a`, "!"+string(f.conv))
	}
	if f.specFields {
		if depth-1 <= 0 {
			p.c.Errorf(f.specOff, `format spec %q nests fields too deeply; python allows one level`, f.spec)
			return
		}
		p.markup(f.specOff, f.specOff+len(f.spec), depth-1)
	}
}

// fieldName splits a field name into its key and the accessor rest, and
// reports positional and non-name keys.
func (p *scanner) fieldName(f replField) (root, rest string, ok bool) {
	k := strings.IndexAny(f.name, ".[")
	if k < 0 {
		k = len(f.name)
	}
	root, rest = f.name[:k], f.name[k:]
	if root == "" || isDecimal(root) {
		p.c.Errorf(f.open, `positional field %q cannot be filled by name; name it, like "{name}"`, "{"+f.name+"}")
		return "", "", false
	}
	if !isPlainName(root) {
		p.c.Errorf(f.nameOff, `field name %q is not a plain name: python looks up the key %q verbatim (write "{{" and "}}" for literal braces)`, f.name, root)
		return "", "", false
	}
	return root, rest, true
}

// checkRest validates the ".attr" and "[key]" accessors after the key.
func (p *scanner) checkRest(f replField, rest string) {
	for rest != "" {
		switch rest[0] {
		case '.':
			k := strings.IndexAny(rest[1:], ".[")
			if k < 0 {
				k = len(rest) - 1
			}
			if k == 0 {
				p.c.Errorf(f.nameOff, `empty attribute in field %q`, f.name)
				return
			}
			rest = rest[1+k:]
		case '[':
			k := strings.IndexByte(rest, ']')
			if k < 0 {
				p.c.Errorf(f.nameOff, `missing "]" in field %q`, f.name)
				return
			}
			rest = rest[k+1:]
		default:
			p.c.Errorf(f.nameOff, `only "." or "[" may follow "]" in field %q`, f.name)
			return
		}
	}
}

// isDecimal reports whether s is all decimal digits, as Python's
// str.isdecimal-based field index check does.
func isDecimal(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// isPlainName reports whether s is made of letters (with their combining
// marks, as in a decomposed "é"), digits, "_" and "-".
func isPlainName(s string) bool {
	for _, r := range s {
		if r != '_' && r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.In(r, unicode.Mn, unicode.Mc) {
			return false
		}
	}
	return s != ""
}
