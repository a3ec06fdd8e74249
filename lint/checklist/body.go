package checklist

import (
	"regexp"
	"strings"
	"unicode"
)

// Task is one GitHub task-list item of a PR body: `- [x] text`.
type Task struct {
	Checked bool
	Text    string // the item's visible text, HTML comments removed, spaces collapsed
	ID      string // from a hidden <!-- promptlint:ID --> comment on the line, or ""
	Line    int    // 1-based line in the body
}

// Body is what the checklist reads from a PR description: its task-list
// items and the text of its sections.
type Body struct {
	Items []Task
	// Sections maps each ATX heading's normalized name (see SectionText)
	// to its content: the text up to the next heading of the same or a
	// higher level, with HTML comments and empty list items removed and
	// surrounding white space trimmed. A heading that appears twice has
	// its contents joined.
	Sections map[string]string
}

// SectionText returns the trimmed content of the section whose heading is
// name, or "" when there is no such heading or it holds nothing but
// template placeholders and stand-ins for content ("N/A", "(none)",
// "TBD", "-": see Placeholder). Names match case-insensitively, ignoring
// punctuation and emoji: "Rollback plan" finds "## 🔙 Rollback Plan:".
func (b Body) SectionText(name string) string {
	text := b.Sections[normalizeHeading(name)]
	if Placeholder(text) {
		return ""
	}
	return text
}

// StandIn returns what the section whose heading is name holds when that
// is only a stand-in for content ("N/A", "TBD"), collapsed to one line, or
// "" when the section is missing, empty or has content.
func (b Body) StandIn(name string) string {
	text := b.Sections[normalizeHeading(name)]
	if text == "" || !Placeholder(text) {
		return ""
	}
	return collapseSpace(text)
}

// placeholders are the words people write where content is due but there
// is none, after Placeholder's normalization ("N/A" → "n/a", "(none)" →
// "none", "_No response_", which GitHub's issue forms write, → "no
// response").
var placeholders = map[string]bool{
	"": true, "none": true, "n/a": true, "na": true, "n a": true, "nil": true, "null": true,
	"no": true, "nope": true, "nothing": true, "not applicable": true, "no response": true,
	"none needed": true, "not needed": true, "not required": true, "none yet": true, "not yet": true,
	"no rollback": true, "no rollback plan": true, "no rollback needed": true,
	"tbd": true, "tba": true, "tbc": true, "todo": true, "to do": true, "wip": true,
	"to be determined": true, "to be decided": true, "to be done": true, "to be added": true,
	"pending": true, "later": true, "unknown": true, "same as above": true,
}

// Placeholder reports whether text (a PR section, a rollback: value) only
// stands in for content: every line, once its list marker, emphasis,
// brackets and punctuation are dropped, is empty or a placeholder such as
// "N/A", "(none)", "TBD", "-", "..." or "_No response_".
func Placeholder(text string) bool {
	switch {
	case text == "": // no rollback key in a prompt file: told without a split
		return true
	case len(text) > 256: // longer than any run of placeholders
		return false
	}
	for _, line := range strings.Split(text, "\n") {
		if !placeholders[placeholderWords(line)] {
			return false
		}
	}
	return true
}

// placeholderWords lower-cases a line and keeps its words: letters, digits
// and "/" (as in "n/a"), one space apart; list markers, emphasis, brackets
// and punctuation go.
func placeholderWords(line string) string {
	line = strings.TrimSpace(line)
	if m := listMarkerRE.FindString(line); m != "" {
		line = line[len(m):]
	}
	return strings.Join(strings.FieldsFunc(strings.ToLower(line), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/'
	}), " ")
}

var (
	// taskRE matches a task-list item: a bullet or ordered list marker,
	// a box, then white space or the end of the line.
	taskRE = regexp.MustCompile(`^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\[([ xX])\](?:[ \t]+(.*))?$`)
	// emptyItemRE matches a list item with nothing in it, ticked or not.
	emptyItemRE = regexp.MustCompile(`^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+\[[ xX]\])?[ \t]*$`)
	// headingRE matches an ATX heading.
	headingRE = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$`)
	// closingHashesRE matches an ATX heading's optional closing sequence.
	closingHashesRE = regexp.MustCompile(`(?:^|[ \t]+)#+$`)
	// listMarkerRE matches a list item's marker, and its box if it has one.
	listMarkerRE = regexp.MustCompile(`^(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+\[[ xX]\])?(?:[ \t]+|$)`)
	// idRE matches the content of a hidden checklist id comment.
	idRE = regexp.MustCompile(`^\s*promptlint:\s*([A-Za-z0-9_-]+)\s*$`)
)

// ParseBody reads a PR description (Markdown, LF or CRLF line endings; ""
// for a null body) for task-list items and sections, the way GitHub renders
// it, within reason:
//
//   - A task is a list item (`-`, `*`, `+`, `1.` or `1)`, at any
//     indentation) that starts with `[ ]`, `[x]` or `[X]` followed by white
//     space or the end of the line.
//   - Nothing inside a fenced code block (``` or ~~~) or an HTML comment,
//     on one line or many, is a task or a heading.
//   - Items and headings inside a blockquote (`> - [x] ...`) do not count:
//     GitHub draws the box, but a quote cites someone else's words (a
//     template, a review) rather than attesting anything.
//   - Headings are ATX only (`#` to `######`); setext underlines and bold
//     lines are ordinary text. Indented code blocks are not recognized, so
//     an indented item is taken as a nested list item.
func ParseBody(body string) Body {
	b := Body{Sections: map[string]string{}}
	body = strings.TrimPrefix(body, "\uFEFF")
	if strings.TrimSpace(body) == "" {
		return b
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")

	type section struct {
		level int
		key   string
		text  strings.Builder
	}
	var (
		open      []*section
		done      []*section
		inComment bool
		fence     *fence
	)
	add := func(line string) {
		for _, s := range open {
			s.text.WriteString(strings.TrimRight(line, " \t"))
			s.text.WriteByte('\n')
		}
	}
	closeTo := func(level int) {
		for len(open) > 0 && open[len(open)-1].level >= level {
			done = append(done, open[len(open)-1])
			open = open[:len(open)-1]
		}
	}

	for i, raw := range strings.Split(body, "\n") {
		lineNo := i + 1
		if inComment {
			visible, _ := stripComments(raw, &inComment)
			addVisible(add, visible)
			continue
		}
		depth, inner := stripQuote(raw)
		if fence != nil {
			if depth < fence.quote {
				fence = nil
			} else {
				if fence.closes(inner) {
					fence = nil
				}
				add(raw)
				continue
			}
		}
		if f := openFence(inner, depth); f != nil {
			fence = f
			add(raw)
			continue
		}
		if strings.HasPrefix(strings.TrimLeft(inner, " \t"), "<!--") {
			// an HTML block: hidden, and whatever follows the comment on
			// its line is raw HTML, not a task or a heading
			visible, _ := stripComments(raw, &inComment)
			addVisible(add, visible)
			continue
		}
		if depth == 0 && strings.ContainsAny(inner, "#[") {
			if m := headingRE.FindStringSubmatch(inner); m != nil {
				title, _ := stripComments(closingHashesRE.ReplaceAllString(m[2], ""), &inComment)
				level := len(m[1])
				closeTo(level)
				add(title)
				open = append(open, &section{level: level, key: normalizeHeading(title)})
				continue
			}
			if m := taskRE.FindStringSubmatch(inner); m != nil {
				visible, comments := stripComments(m[2], &inComment)
				t := Task{Checked: m[1] != " ", Text: collapseSpace(visible), Line: lineNo}
				for _, c := range comments {
					if id := idRE.FindStringSubmatch(c); id != nil {
						t.ID = strings.ToLower(id[1])
						break
					}
				}
				b.Items = append(b.Items, t)
				if t.Text != "" {
					add(raw[:len(raw)-len(m[2])] + visible)
				}
				continue
			}
		}
		visible, _ := stripComments(raw, &inComment)
		addVisible(add, visible)
	}
	closeTo(0)
	for _, s := range done {
		if s.key == "" {
			continue
		}
		text := strings.TrimSpace(s.text.String())
		if prev := b.Sections[s.key]; prev != "" && text != "" {
			text = prev + "\n\n" + text
		} else if prev != "" {
			text = prev
		}
		b.Sections[s.key] = text
	}
	return b
}

// addVisible adds a line of section text unless it is an empty list item
// (a template's `- ` or `- [ ]` placeholder).
func addVisible(add func(string), line string) {
	if len(line) > 64 { // longer than any empty item worth stripping
		add(line)
		return
	}
	if emptyItemRE.MatchString(line) {
		return
	}
	if _, inner := stripQuote(line); inner != line && emptyItemRE.MatchString(inner) {
		return
	}
	add(line)
}

// fence is an open fenced code block.
type fence struct {
	char  byte // '`' or '~'
	n     int  // length of the opening run
	quote int  // blockquote depth it was opened at
}

// openFence returns the fence a line opens, or nil.
func openFence(line string, quote int) *fence {
	s := strings.TrimLeft(line, " \t")
	if len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return nil
	}
	n := 0
	for n < len(s) && s[n] == s[0] {
		n++
	}
	if n < 3 || (s[0] == '`' && strings.Contains(s[n:], "`")) {
		return nil
	}
	return &fence{char: s[0], n: n, quote: quote}
}

// closes reports whether a line closes the fence.
func (f *fence) closes(line string) bool {
	s := strings.TrimLeft(line, " \t")
	n := 0
	for n < len(s) && s[n] == f.char {
		n++
	}
	return n >= f.n && strings.TrimSpace(s[n:]) == ""
}

// stripQuote removes blockquote markers from the start of a line and
// returns how many there were.
func stripQuote(line string) (depth int, rest string) {
	rest = line
	for {
		s := strings.TrimLeft(rest, " ")
		if len(rest)-len(s) > 3 || !strings.HasPrefix(s, ">") {
			return depth, rest
		}
		depth++
		rest = strings.TrimPrefix(s[1:], " ")
	}
}

// stripComments removes HTML comments from a line, continuing a comment
// left open by an earlier line and leaving *inComment set when one stays
// open. It returns the visible text and the comments' contents.
func stripComments(line string, inComment *bool) (visible string, comments []string) {
	var out strings.Builder
	for line != "" {
		if *inComment {
			end := strings.Index(line, "-->")
			if end < 0 {
				comments = append(comments, line)
				return out.String(), comments
			}
			comments = append(comments, line[:end])
			line = line[end+3:]
			*inComment = false
			continue
		}
		start := strings.Index(line, "<!--")
		if start < 0 {
			out.WriteString(line)
			break
		}
		out.WriteString(line[:start])
		line = line[start+4:]
		*inComment = true
	}
	return out.String(), comments
}

// collapseSpace trims s and collapses runs of white space to one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// normalizeHeading lower-cases a heading and keeps only its letters and
// digits, one space between words: "🔙 Rollback Plan:" → "rollback plan".
func normalizeHeading(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
