package output

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// zwspEntity is U+200B ZERO WIDTH SPACE as an HTML entity. Written after
// `@` and `#`, it keeps GitHub from turning untrusted text into a mention
// (`@octocat` pings nobody) or an issue reference (`#1` links nothing),
// while the text still reads the same. The entity rather than the raw
// character keeps the body ASCII-readable where it matters and makes the
// neutralization visible in the raw comment.
const zwspEntity = "&#8203;"

// mdText escapes untrusted text for a Markdown inline context, a table cell
// or a list item: HTML is escaped as entities, Markdown punctuation is
// backslash-escaped (so no emphasis, code, link, math or table pipe can
// start), line breaks become spaces, mentions and issue references are
// neutralized, and control and bidirectional formatting characters become
// U+FFFD. A list item also needs escapeBlockStart.
func mdText(s string) string {
	return escapeInline(s, true)
}

// htmlText escapes untrusted text for a raw HTML context, such as a
// <summary> element: HTML is escaped as entities, line breaks become
// spaces, mentions and issue references are neutralized. Markdown
// punctuation is left as it is, since GitHub does not read Markdown there.
func htmlText(s string) string {
	return escapeInline(s, false)
}

func escapeInline(s string, markdown bool) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	prev := rune(0)
	for i := 0; i < len(s); {
		// A run of printable ASCII that needs no escape is copied whole.
		j := i
		for j < len(s) && plainByte(s, j, markdown) {
			j++
		}
		if j > i {
			b.WriteString(s[i:j])
			prev = rune(s[j-1])
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		next, _ := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r' && next == '\n':
			// one break: the \n that follows writes the space
		case r == '\r' || r == '\n' || r == '\t':
			b.WriteByte(' ')
		case unsafeRune(r):
			b.WriteRune(utf8.RuneError)
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && !markdown:
			b.WriteString("&quot;")
		case r == '@':
			b.WriteString("@" + zwspEntity)
		case r == '#':
			if markdown {
				b.WriteByte('\\')
			}
			b.WriteByte('#')
			if unicode.IsDigit(next) {
				b.WriteString(zwspEntity)
			}
		case (r == 'h' || r == 'H') && (prev == 'g' || prev == 'G') && next == '-':
			// GH-123 is an issue reference too
			b.WriteRune(r)
			b.WriteString(zwspEntity)
		case markdown && strings.ContainsRune("\\`*_[]~|$!", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// plainByte reports whether s[i] is printable ASCII that escapeInline
// writes as it is: no HTML, mention, issue reference or (in Markdown)
// punctuation that needs a backslash, and no h after a g (GH-1).
func plainByte(s string, i int, markdown bool) bool {
	c := s[i]
	switch {
	case c < 0x20 || c >= 0x7f:
		return false
	case c == '&' || c == '<' || c == '>' || c == '@' || c == '#':
		return false
	case c == '"':
		return markdown
	case c == 'h' || c == 'H':
		return i == 0 || (s[i-1] != 'g' && s[i-1] != 'G')
	case c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '~' || c == '|' || c == '$' || c == '!':
		return !markdown
	}
	return true
}

// escapeBlockStart escapes a list or thematic break marker at the start of
// escaped text (mdText has escaped the other block markers: #, >, *, _),
// where it would start a nested block in a list item.
func escapeBlockStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '=':
		return "\\" + s
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + "\\" + s[i:]
	}
	return s
}

// codeSpan writes trusted text (a rule id, a bump) as inline code, with a
// fence longer than any backtick run in it and pipes escaped, so it stays
// one table cell.
func codeSpan(s string) string {
	n := longestRun(s, '`') + 1
	f := strings.Repeat("`", n)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
	return f + pad + s + pad + f
}

// longestRun returns the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// fencedBlock writes untrusted text as a fenced code block: its fence is
// longer than any backtick run in the text (and at least three), so the
// text cannot close it; each line goes through SafeLine, and a line that
// reads as the comment marker is prefixed with a zero-width space, so that
// the marker stays unique to the first line.
func fencedBlock(info, text string) string {
	text = strings.TrimSuffix(text, "\n")
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		l = SafeLine(strings.TrimSuffix(l, "\r"))
		if strings.TrimSpace(l) == Marker {
			l = zwsp + l
		}
		lines[i] = l
	}
	body := strings.Join(lines, "\n")
	f := strings.Repeat("`", max(3, longestRun(body, '`')+1))
	return f + info + "\n" + body + "\n" + f + "\n"
}

// safeURL returns an http or https URL with the characters that could end
// a Markdown link or start HTML percent-encoded, or "" for anything else.
func safeURL(u string) string {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>[]\"'`|\\{}^@", c) >= 0 {
			b.WriteString("%" + strings.ToUpper(hex2(c)))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}
