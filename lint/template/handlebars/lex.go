package handlebars

import (
	"strings"
	"unicode/utf8"
)

// The tokens inside a Handlebars tag, as handlebars.js's lexer
// (handlebars.l, "mu" state) produces them. The lexer tries its rules in
// order and takes the first that matches; tokens need no spaces between
// them ({{a..b}} is the helper a called with the params .. and b).
const (
	tokEOF           = iota
	tokOpenSexpr     // (
	tokCloseSexpr    // )
	tokOpen          // another "{{" inside the tag
	tokCloseRaw      // }}}}
	tokEquals        // =
	tokID            // name, .., ., [literal]
	tokSep           // . or /
	tokCloseUnescape // }}} or }~}}
	tokClose         // }} or ~}}
	tokString        // "..." or '...'
	tokData          // @
	tokBool          // true, false
	tokUndefined     // undefined
	tokNull          // null
	tokNumber        // -1.5
	tokOpenParams    // as |
	tokCloseParams   // |
	tokInvalid       // anything else
)

// token is one token of a Handlebars tag.
type token struct {
	kind  int
	val   string // the ID (unescaped, without brackets), the string's contents, the literal's text
	off   int    // offset of the token's first byte
	end   int    // offset just past the token
	lit   bool   // an ID written in brackets: [a b]
	strip bool   // a close written with "~"
}

// isSpace reports whether r is whitespace to JavaScript's \s.
func isSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// isIDRune reports whether r may appear in a Handlebars ID:
// [^\s!"#%-,\.\/;->@\[-\^`\{-~].
func isIDRune(r rune) bool {
	if isSpace(r) {
		return false
	}
	switch {
	case r == '!', r == '"', r == '#', r >= '%' && r <= ',', r == '.', r == '/', r >= ';' && r <= '>', r == '@', r >= '[' && r <= '^', r == '`', r >= '{' && r <= '~':
		return false
	}
	return true
}

// skipSpace skips JavaScript whitespace from i.
func skipSpace(t string, i int) int {
	for i < len(t) {
		if c := t[i]; c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(t[i:])
		if !isSpace(r) {
			return i
		}
		i += n
	}
	return i
}

// lookahead reports whether the character at i may follow an ID or a
// "." ID: [=~}\s\/.)|]. The end of the text does not match.
func lookahead(t string, i int) bool {
	if i >= len(t) {
		return false
	}
	switch t[i] {
	case '=', '~', '}', '/', '.', ')', '|':
		return true
	}
	r, _ := utf8.DecodeRuneInString(t[i:])
	return isSpace(r)
}

// literalLookahead reports whether the character at i may follow a
// number or keyword literal: [~}\s)].
func literalLookahead(t string, i int) bool {
	if i >= len(t) {
		return false
	}
	switch t[i] {
	case '~', '}', ')':
		return true
	}
	r, _ := utf8.DecodeRuneInString(t[i:])
	return isSpace(r)
}

// quoted matches q(\\q|[^q])*q at i (a string or a [literal]) with the
// backtracking of a regular expression: the first unescaped closer ends
// it; without one, the last escaped closer does. It returns the end and
// the contents with escapes removed.
func (p *parser) quoted(i int, q byte, unescape func(string) string) (int, string, bool) {
	t := p.text
	if p.indexFrom(i+1, string(q)) < 0 {
		return 0, "", false // no closer at all: O(1) after the first search
	}
	k := i + 1
	for k < len(t) {
		switch {
		case t[k] == '\\' && k+1 < len(t) && t[k+1] == q:
			k += 2
		case t[k] == q:
			return k + 1, unescape(t[i+1 : k]), true
		default:
			k++
		}
	}
	last := strings.LastIndex(t[i+1:], `\`+string(q))
	if last < 0 {
		return 0, "", false
	}
	k = i + 1 + last + 1 // the escaped closer ends the match
	return k + 1, unescape(t[i+1 : k]), true
}

// lex returns the token at i, after whitespace.
func (p *parser) lex(i int) token {
	t := p.text
	i = skipSpace(t, i)
	tok := func(kind, end int) token { return token{kind: kind, off: i, end: end, val: t[i:end]} }
	if i >= len(t) {
		return token{kind: tokEOF, off: i, end: i}
	}
	rest := t[i:]
	switch {
	case rest[0] == '(':
		return tok(tokOpenSexpr, i+1)
	case rest[0] == ')':
		return tok(tokCloseSexpr, i+1)
	case strings.HasPrefix(rest, "{{"):
		return tok(tokOpen, i+2)
	case strings.HasPrefix(rest, "}}}}"):
		return tok(tokCloseRaw, i+4)
	case rest[0] == '=':
		return tok(tokEquals, i+1)
	case strings.HasPrefix(rest, ".."):
		return tok(tokID, i+2)
	case rest[0] == '.' && lookahead(t, i+1):
		return tok(tokID, i+1)
	case rest[0] == '.' || rest[0] == '/':
		return tok(tokSep, i+1)
	case strings.HasPrefix(rest, "}}}"), strings.HasPrefix(rest, "}~}}"):
		end := i + 3
		if rest[1] == '~' {
			end++
		}
		x := tok(tokCloseUnescape, end)
		x.strip = rest[1] == '~'
		return x
	case strings.HasPrefix(rest, "}}"), strings.HasPrefix(rest, "~}}"):
		end := i + 2
		if rest[0] == '~' {
			end++
		}
		x := tok(tokClose, end)
		x.strip = rest[0] == '~'
		return x
	case rest[0] == '"' || rest[0] == '\'':
		q := rest[0]
		if end, val, ok := p.quoted(i, q, func(s string) string { return strings.ReplaceAll(s, `\`+string(q), string(q)) }); ok {
			x := tok(tokString, end)
			x.val = val
			return x
		}
		return tok(tokInvalid, i+1)
	case rest[0] == '@':
		return tok(tokData, i+1)
	}
	for _, kw := range []struct {
		word string
		kind int
	}{{"true", tokBool}, {"false", tokBool}, {"undefined", tokUndefined}, {"null", tokNull}} {
		if strings.HasPrefix(rest, kw.word) && literalLookahead(t, i+len(kw.word)) {
			return tok(kw.kind, i+len(kw.word))
		}
	}
	if end := numberEnd(t, i); end > i {
		return tok(tokNumber, end)
	}
	if strings.HasPrefix(rest, "as") {
		if k := skipSpace(t, i+2); k > i+2 && k < len(t) && t[k] == '|' {
			return tok(tokOpenParams, k+1)
		}
	}
	if rest[0] == '|' {
		return tok(tokCloseParams, i+1)
	}
	k := i
	for k < len(t) {
		r, n := utf8.DecodeRuneInString(t[k:])
		if !isIDRune(r) {
			break
		}
		k += n
	}
	if k > i && lookahead(t, k) {
		return tok(tokID, k)
	}
	if rest[0] == '[' {
		unescape := func(s string) string {
			if !strings.Contains(s, `\`) {
				return s
			}
			var b strings.Builder
			for j := 0; j < len(s); j++ {
				if s[j] == '\\' && j+1 < len(s) && (s[j+1] == '\\' || s[j+1] == ']') {
					j++
				}
				b.WriteByte(s[j])
			}
			return b.String()
		}
		if end, val, ok := p.quoted(i, ']', unescape); ok {
			x := tok(tokID, end)
			x.val, x.lit = val, true
			return x
		}
	}
	_, n := utf8.DecodeRuneInString(rest)
	return tok(tokInvalid, i+n)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// numberEnd matches -?[0-9]+(\.[0-9]+)? followed by a literal lookahead
// at i, and returns its end, or i.
func numberEnd(t string, i int) int {
	k := i
	if k < len(t) && t[k] == '-' {
		k++
	}
	d := k
	for k < len(t) && isDigit(t[k]) {
		k++
	}
	if k == d {
		return i
	}
	if k+1 < len(t) && t[k] == '.' && isDigit(t[k+1]) {
		f := k + 1
		for f < len(t) && isDigit(t[f]) {
			f++
		}
		if literalLookahead(t, f) {
			return f
		}
	}
	if literalLookahead(t, k) {
		return k
	}
	return i
}
