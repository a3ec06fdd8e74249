package jinja

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/template"
)

// The lexer splits a template into text, {{ }} and {% %} items (comments
// and raw blocks resolved, whitespace control applied) and tokenizes the
// inside of each tag, as jinja2.lexer does.

type token struct {
	kind byte // 'n' name, 's' string, 'i' int, 'f' float, 'o' operator
	val  string
	off  int
}

type lexItem struct {
	kind byte // 't' text, 'v' {{ }}, 'b' {% %}
	text string
	off  int
	toks []token
	end  int // offset just past the closing delimiter
}

type lexer struct {
	text  string
	c     *template.Collector
	items []lexItem
}

func lex(text string, c *template.Collector) []lexItem {
	l := &lexer{text: text, c: c}
	l.run()
	return l.items
}

func (l *lexer) addText(s string, off int) {
	if s != "" {
		l.items = template.Append(l.items, lexItem{kind: 't', text: s, off: off})
	}
}

// stripLast removes trailing whitespace of the previous text item ({%-).
func (l *lexer) stripLast() {
	if n := len(l.items); n > 0 && l.items[n-1].kind == 't' {
		l.items[n-1].text = strings.TrimRight(l.items[n-1].text, " \t\r\n\f\v")
	}
}

func (l *lexer) run() {
	t := l.text
	i := 0
	lstrip := false
	for i < len(t) {
		k := nextOpen(t, i)
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
			if e < 0 && j >= len(trimFinalNewline(t)) {
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
		l.items = template.Append(l.items, lexItem{kind: kind, off: k, toks: toks, end: end})
		lstrip = strip
		i = end
	}
}

// trimFinalNewline removes one final line break, as Jinja's lexer does
// before it tokenizes (keep_trailing_newline is off by default).
func trimFinalNewline(t string) string {
	for _, nl := range []string{"\r\n", "\n", "\r"} {
		if strings.HasSuffix(t, nl) {
			return t[:len(t)-len(nl)]
		}
	}
	return t
}

// nextOpen finds the next "{{", "{%" or "{#" at or after i.
func nextOpen(t string, i int) int {
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
func (l *lexer) raw(open, j int) (end, body, bodyEnd int, ok bool) {
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
		if n < 0 && body >= len(trimFinalNewline(t)) {
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
func (l *lexer) tag(open, j int, variable bool) (toks []token, end int, lstrip, ok bool) {
	t := l.text
	closer := "%}"
	if variable {
		closer = "}}"
	}
	// A tag whose closer is nowhere ahead cannot end well: its tokens
	// are not kept (an unclosed "{{" before a megabyte of "{" would
	// otherwise keep one per brace, then drop them all).
	keep := strings.Contains(t[j:], closer)
	last := "" // the last token's text, kept or not
	add := func(tok token) {
		last = tok.val
		if keep {
			toks = append(toks, tok)
		}
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
			add(token{kind: 's', val: t[i : k+1], off: i})
			i = k + 1
		case c >= '0' && c <= '9':
			k := i
			for k < len(t) && (isDigit(t[k]) || t[k] == '_') {
				k++
			}
			kind := byte('i')
			if k+1 < len(t) && t[k] == '.' && isDigit(t[k+1]) && last != "." {
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
			add(token{kind: kind, val: t[i:k], off: i})
			i = k
		case isNameStart(t, i):
			k := i
			for k < len(t) && isNameChar(t, k) {
				_, n := utf8.DecodeRuneInString(t[k:])
				k += n
			}
			add(token{kind: 'n', val: t[i:k], off: i})
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
			add(token{kind: 'o', val: op, off: i})
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
