package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/Masterminds/semver/v3"
	"gopkg.in/yaml.v3"
)

// fixFile is a prompt's file read again to make a fix: its text as the
// readers read it (LF line endings, no byte order mark) and the YAML
// mapping that holds the prompt's keys. Fixes are edits of that text at
// exact positions; nothing is ever marshalled again.
type fixFile struct {
	p    *Prompt
	data []byte
	src  *source
	eol  string // the file's line ending, "\n" or "\r\n"
	json bool   // a JSON file: new scalars are JSON strings

	root *yaml.Node  // the file's or the front matter's mapping; nil when none
	fm   frontMatter // the front matter split, for front-matter formats
}

// errNoSource is the reason a prompt built by hand cannot be fixed.
var errNoSource = errors.New("the file's content is not at hand")

// errNoChangelog is why ChangelogFix has nothing to add an entry to.
var errNoChangelog = errors.New("the prompt keeps no changelog to add an entry to")

// fixFile reads p's file again for fixes, once per prompt: a rule that
// fixes many findings of one file (every spaced placeholder) would
// otherwise parse the file again for each.
func (p *Prompt) fixFile() (*fixFile, error) {
	if p.fixed == nil && p.fixedErr == nil {
		if sh := p.fixShared; sh != nil && sameSource(sh.p, p) {
			// Another prompt of the file read it: a file of thousands
			// of prompts is read again once, not once per prompt.
			f := *sh
			f.p = p
			p.fixed = &f
		} else {
			p.fixed, p.fixedErr = p.readFixFile()
		}
	}
	return p.fixed, p.fixedErr
}

// sameSource reports whether two prompts come from the same bytes of the
// same file in the same format: readFixFile reads the same of both.
func sameSource(a, b *Prompt) bool {
	return a.Path == b.Path && a.Format == b.Format && len(a.source) == len(b.source) && len(a.source) > 0 && &a.source[0] == &b.source[0]
}

// readFixFile reads p's file again for a fix.
func (p *Prompt) readFixFile() (*fixFile, error) {
	if p.source == nil {
		return nil, errNoSource
	}
	data := normalizeNewlines(p.source)
	f := &fixFile{p: p, data: data, src: newSource(data), eol: "\n", json: strings.EqualFold(path.Ext(p.Path), ".json")}
	if crlf := bytes.Count(p.source, []byte("\r\n")); crlf > 0 && 2*crlf >= bytes.Count(p.source, []byte("\n")) {
		f.eol = "\r\n"
	}
	r := newReader(p.Path, data, DefaultConfig())
	var err error
	switch p.Format {
	case FormatPromptlint, FormatGitHubModels:
		f.root, err = r.parseDocument()
	case FormatDotprompt:
		f.fm, f.root, err = r.frontMatterRoot(true)
	case FormatPrompty, FormatVSCode:
		f.fm, f.root, err = r.frontMatterRoot(false)
	case FormatMarkdown:
		f.fm, _ = splitFrontMatter(data, false)
		if f.fm.present && !f.fm.unclosed {
			f.root, err = r.parseYAML(f.fm.yaml, f.fm.yamlLine)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the file does not parse again: %w", err)
	}
	if f.root != nil && f.root.Kind != yaml.MappingNode {
		f.root = nil
	}
	return f, nil
}

// text converts LF line breaks of new text to the file's line ending.
func (f *fixFile) text(s string) string {
	if f.eol == "\n" {
		return s
	}
	return strings.ReplaceAll(s, "\n", f.eol)
}

// insert is an edit that inserts s at offset off.
func (f *fixFile) insert(off int, s string) Edit {
	p := f.src.pos(off)
	return Edit{Start: p, End: p, Text: f.text(s)}
}

// replace is an edit that replaces data[start:end] with s.
func (f *fixFile) replace(start, end int, s string) Edit {
	return Edit{Start: f.src.pos(start), End: f.src.pos(end), Text: f.text(s)}
}

// scalarText is a new scalar value as the file writes one: plain in YAML
// when it reads back as the same string (a date too: the readers keep
// timestamps as written), else double-quoted; always a JSON string in a
// JSON file.
func (f *fixFile) scalarText(s string) string { return f.scalarIn(s, false) }

// scalarIn is scalarText inside a flow collection when flow is set, where
// a plain scalar cannot hold flow indicators.
func (f *fixFile) scalarIn(s string, flow bool) string {
	if f.json {
		b, _ := json.Marshal(s)
		return string(b)
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(s), &n); err == nil && len(n.Content) == 1 {
		if c := n.Content[0]; c.Kind == yaml.ScalarNode && c.Style == 0 && c.Value == s && (c.ShortTag() == "!!str" || c.ShortTag() == "!!timestamp") && !strings.ContainsAny(s, "\n#:") && !(flow && strings.ContainsAny(s, ",[]{}")) {
			return s
		}
	}
	return strconv.Quote(s)
}

// keyText is a new key as the file writes one.
func (f *fixFile) keyText(k string) string {
	if f.json {
		return strconv.Quote(k)
	}
	return k
}

// findPair returns the key and value nodes (the value unresolved) of the
// pair of a mapping under n whose key or value is at pos and whose key is
// key; inAnchor says whether it lies inside an anchored node (an alias
// elsewhere repeats it, so editing it would edit those too).
func findPair(n *yaml.Node, key string, pos Pos) (k, v *yaml.Node, inAnchor bool) {
	var walk func(n *yaml.Node, anchored bool, depth int) bool
	walk = func(n *yaml.Node, anchored bool, depth int) bool {
		if n == nil || depth > 200 {
			return false
		}
		anchored = anchored || n.Anchor != ""
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				kk, vv := n.Content[i], n.Content[i+1]
				if kk.Kind == yaml.ScalarNode && kk.Value == key && (nodePos(kk) == pos || nodePos(vv) == pos) {
					k, v, inAnchor = kk, vv, anchored || vv.Anchor != ""
					return true
				}
			}
		}
		for _, c := range n.Content {
			if c.Kind != yaml.AliasNode && walk(c, anchored, depth+1) {
				return true
			}
		}
		return false
	}
	walk(n, false, 0)
	return k, v, inAnchor
}

// promptMapping is the mapping that holds p's own keys: the file's (or
// front matter's), an entry of a `prompts:` list, or Prompty v2's
// `metadata` when versionKey asks where the version goes.
func (f *fixFile) promptMapping(versionKey bool) *yaml.Node {
	if f.root == nil {
		return nil
	}
	if f.p.Format == FormatPromptlint {
		if _, entries := mapGet(f.root, "prompts"); entries != nil && entries.Kind == yaml.SequenceNode {
			for _, e := range entries.Content {
				if e.Kind == yaml.MappingNode && nodePos(e) == f.p.Pos {
					return e
				}
			}
			return nil
		}
	}
	if versionKey && f.p.Format == FormatPrompty {
		if k, _ := mapGet(f.root, "version"); k == nil {
			if md := rawValue(f.root, "metadata"); md != nil && md.Kind == yaml.MappingNode {
				return md
			}
		}
	}
	return f.root
}

// rawValue is the value of key in mapping m as written: an alias is not
// resolved. nil when m lacks the key.
func rawValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// VersionFix returns the fix that sets p's version to v: the version
// written in place (its quotes kept), or, when p has none, a version key
// (a "# version:" comment line in a VS Code prompt file) where p's format
// keeps it. It fails when the version cannot be rewritten safely (an
// alias, an anchored or block scalar, a Markdown file without front
// matter).
func (p *Prompt) VersionFix(v string) (*Fix, error) {
	edits, ok := p.topVersionEdits(v)
	if !ok {
		f, err := p.fixFile()
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(p.Version) != "" || p.VersionSet {
			edits, err = f.replaceVersion(v)
		} else {
			edits, err = f.insertVersion(v)
		}
		if err != nil {
			return nil, err
		}
	}
	msg := fmt.Sprintf("set the version to %s", v)
	if !p.VersionSet {
		msg = fmt.Sprintf("add version %s", v)
	}
	return &Fix{Message: msg, Edits: edits, version: v}, nil
}

// topVersionEdits are the edits replaceVersion makes of p's version when
// the file's first lines show them without parsing it again: the version
// key starts a line ("version: X") at column 1 after blank and comment
// lines only, so that it is a key of the file's mapping, in no anchored
// node; and the version read is X, plain characters of a semantic
// version that end on that line. The edit replaces X. A check of
// thousands of prompts that share the version of their file (a
// `prompts:` list) would otherwise parse the file again. ok is false
// when the lines are anything else, hold a CR, which moves lines, or
// run past the file's first topBytes.
func (p *Prompt) topVersionEdits(v string) (edits []Edit, ok bool) {
	const key = "version:"
	at := p.VersionPos
	if p.Format != FormatPromptlint && p.Format != FormatGitHubModels || strings.EqualFold(path.Ext(p.Path), ".json") ||
		at.Line < 1 {
		return nil, false
	}
	rest := p.source[:min(len(p.source), topBytes)]
	for range at.Line - 1 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if t := bytes.TrimLeft(line, " \t"); len(t) > 0 && t[0] != '#' || bytes.IndexByte(line, '\r') >= 0 {
			return nil, false
		}
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	if !bytes.HasPrefix(line, []byte(key)) || bytes.IndexByte(line, '\r') >= 0 {
		return nil, false
	}
	start := len(key) + len(line[len(key):]) - len(bytes.TrimLeft(line[len(key):], " "))
	end := start
	for end < len(line) && (isAlnum(line[end]) || end > start && strings.IndexByte(".+-", line[end]) >= 0) {
		end++
	}
	if start == len(key) || end == start || string(line[start:end]) != p.Version {
		return nil, false
	}
	return []Edit{{Start: Pos{Line: at.Line, Col: start + 1}, End: Pos{Line: at.Line, Col: end + 1}, Text: (&fixFile{}).scalarText(v)}}, true
}

// topBytes is how much of a file topVersionEdits reads at most: a
// version it reads whole comes within it.
const topBytes = 4096

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// vscodeVersionLine matches the version comment line of a VS Code prompt
// file, as the reader does.
func (f *fixFile) vscodeVersion(v string) ([]Edit, bool) {
	if f.p.Format != FormatVSCode {
		return nil, false
	}
	line := f.src.line(f.p.VersionPos.Line)
	m := versionCommentRE.FindStringSubmatchIndex(strings.TrimRight(line, " \t"))
	if m == nil {
		return nil, false
	}
	start := f.src.lineStarts[f.p.VersionPos.Line-1]
	return []Edit{f.replace(start+m[2], start+m[3], v)}, true
}

// replaceVersion rewrites the version scalar at p.VersionPos.
func (f *fixFile) replaceVersion(v string) ([]Edit, error) {
	p := f.p
	if edits, ok := f.vscodeVersion(v); ok {
		return edits, nil
	}
	k, val, anchored := findPair(f.root, "version", p.VersionPos)
	switch {
	case k == nil:
		return nil, errors.New("the version key was not found again")
	case anchored || val.Kind == yaml.AliasNode:
		return nil, errors.New("the version is shared through a YAML anchor or alias; editing it would change other prompts")
	case val.Kind != yaml.ScalarNode:
		return nil, fmt.Errorf("the version is %s", kindName(val))
	}
	if isNull(val) {
		return f.replaceNull(k, val, v)
	}
	off := f.src.offset(nodePos(val))
	switch val.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		q := byte('"')
		if val.Style == yaml.SingleQuotedStyle {
			q = '\''
		}
		end := off + 1 + len(val.Value)
		if off >= len(f.data) || f.data[off] != q || end >= len(f.data) || string(f.data[off+1:end]) != val.Value || f.data[end] != q {
			return nil, errors.New("the quoted version uses escapes")
		}
		if strings.ContainsRune(v, rune(q)) || q == '"' && strings.ContainsRune(v, '\\') {
			return nil, errors.New("the new version cannot be written in the same quotes")
		}
		return []Edit{f.replace(off+1, end, v)}, nil
	case 0:
		end := off + len(val.Value)
		if end > len(f.data) || string(f.data[off:end]) != val.Value {
			return nil, errors.New("the version is not written as a plain scalar on one line")
		}
		return []Edit{f.replace(off, end, f.scalarText(v))}, nil
	}
	return nil, errors.New("the version is a block scalar")
}

// replaceNull writes v where a version key has no value (`version:`) or
// a null one (`version: ~`).
func (f *fixFile) replaceNull(k, val *yaml.Node, v string) ([]Edit, error) {
	if nodePos(val) != nodePos(k) && val.Line == k.Line {
		off := f.src.offset(nodePos(val))
		for _, tok := range []string{"~", "null", "Null", "NULL"} {
			if bytes.HasPrefix(f.data[off:], []byte(tok)) {
				return []Edit{f.replace(off, off+len(tok), f.scalarText(v))}, nil
			}
		}
	}
	// version: with nothing after the colon on its line.
	line := f.src.line(k.Line)
	start := f.src.lineStarts[k.Line-1]
	col := f.src.offset(nodePos(k)) - start
	rest := line[col:]
	i := strings.IndexByte(rest, ':')
	if i < 0 || strings.TrimSpace(rest[:i]) == "" {
		return nil, errors.New("the version key's colon was not found")
	}
	after := rest[i+1:]
	if t := strings.TrimSpace(after); t != "" && !strings.HasPrefix(t, "#") {
		return nil, errors.New("the version's value is not on the key's line")
	}
	return []Edit{f.insert(start+col+i+1, " "+f.scalarText(v))}, nil
}

// insertVersion adds a version where p's format keeps it.
func (f *fixFile) insertVersion(v string) ([]Edit, error) {
	p := f.p
	if p.Format == FormatVSCode {
		if f.fm.present {
			return []Edit{f.insert(f.src.lineStarts[f.fm.openLine], "# version: "+v+"\n")}, nil
		}
		return []Edit{f.insert(0, "---\n# version: "+v+"\n---\n")}, nil
	}
	m := f.promptMapping(true)
	if m == nil {
		switch {
		case p.Format == FormatPromptlint || p.Format == FormatGitHubModels:
			return nil, errors.New("the prompt's mapping was not found again")
		case f.fm.present && !f.fm.unclosed && f.root == nil && strings.TrimSpace(stripComments(f.fm.yaml)) == "":
			return []Edit{f.insert(f.src.lineStarts[f.fm.openLine], "version: "+f.scalarText(v)+"\n")}, nil
		case !f.fm.present && (p.Format == FormatDotprompt || p.Format == FormatPrompty):
			return []Edit{f.insert(0, "---\nversion: "+f.scalarText(v)+"\n---\n")}, nil
		}
		return nil, errors.New("the file has no front matter to hold a version")
	}
	return f.insertKey(m, "version", f.scalarText(v), "name")
}

// stripComments drops the comment lines of a YAML text.
func stripComments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// insertKey inserts `key: value` into mapping m: after the pair of key
// after when m has it on one line, else before m's first key. A flow
// mapping gets the pair before its first key, or inside its braces when
// empty.
func (f *fixFile) insertKey(m *yaml.Node, key, value, after string) ([]Edit, error) {
	pair := f.keyText(key) + ": " + value
	if m.Style&yaml.FlowStyle != 0 {
		if len(m.Content) == 0 {
			off := f.src.offset(nodePos(m))
			if off >= len(f.data) || f.data[off] != '{' {
				return nil, errors.New("the flow mapping's brace was not found")
			}
			return []Edit{f.insert(off+1, pair)}, nil
		}
		first := m.Content[0]
		off := f.src.offset(nodePos(first))
		if lineStart := f.src.lineStarts[first.Line-1]; strings.TrimSpace(string(f.data[lineStart:off])) == "" {
			return []Edit{f.insert(off, pair+",\n"+string(f.data[lineStart:off]))}, nil
		}
		return []Edit{f.insert(off, pair+", ")}, nil
	}
	if len(m.Content) == 0 {
		return nil, errors.New("the mapping is empty")
	}
	if after != "" {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			if k.Value != after || !f.oneLine(k, v) {
				continue
			}
			indent := f.indentOf(k)
			if k.Line < len(f.src.lineStarts) {
				return []Edit{f.insert(f.src.lineStarts[k.Line], indent+pair+"\n")}, nil
			}
			return []Edit{f.insert(len(f.data), "\n"+indent+pair)}, nil
		}
	}
	first := m.Content[0]
	if first.Kind != yaml.ScalarNode {
		return nil, errors.New("the mapping's first key is not a plain key")
	}
	return []Edit{f.insert(f.src.offset(nodePos(first)), pair+"\n"+f.indentOf(first))}, nil
}

// indentOf is the white space that puts a new line's first character
// under node n: n's line up to n, with everything but tabs made spaces
// (the "- " of a list entry becomes two spaces).
func (f *fixFile) indentOf(n *yaml.Node) string {
	start := f.src.lineStarts[n.Line-1]
	prefix := string(f.data[start:f.src.offset(nodePos(n))])
	var b strings.Builder
	for _, r := range prefix {
		if r == '\t' {
			b.WriteRune(r)
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// oneLine reports whether the pair k: v is written on k's line alone, so
// that a new pair can go on the next line.
func (f *fixFile) oneLine(k, v *yaml.Node) bool {
	if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || v.Line != k.Line || k.Style != 0 && k.Style != yaml.DoubleQuotedStyle && k.Style != yaml.SingleQuotedStyle {
		return false
	}
	line := f.src.line(k.Line)
	off := f.src.offset(nodePos(v)) - f.src.lineStarts[k.Line-1]
	if off < 0 || off > len(line) {
		return false
	}
	rest := line[off:]
	switch v.Style {
	case 0:
		return strings.HasPrefix(rest, v.Value) && v.Value != "" && f.nextLineOutside(k)
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		if rest == "" {
			return false
		}
		q := rest[:1]
		return strings.HasPrefix(rest, q+v.Value+q) && f.nextLineOutside(k)
	}
	return false
}

// nextLineOutside reports whether the line after k's is not a
// continuation of k's value: the end of the file, a blank or comment line,
// or a line indented no more than k.
func (f *fixFile) nextLineOutside(k *yaml.Node) bool {
	if k.Line >= len(f.src.lineStarts) {
		return true
	}
	next := f.src.line(k.Line + 1)
	t := strings.TrimLeft(next, " \t")
	if t == "" || strings.HasPrefix(t, "#") {
		return true
	}
	return len(next)-len(t) <= utf8.RuneCountInString(f.indentOf(k))
}

// ReplaceFix returns the fix that replaces the text old, which must stand
// at pos on one line of p's file, with new.
func (p *Prompt) ReplaceFix(pos Pos, old, new, message string) (*Fix, error) {
	f, err := p.fixFile()
	if err != nil {
		return nil, err
	}
	off := f.src.offset(pos)
	if strings.Contains(old, "\n") || f.src.pos(off) != pos || !bytes.HasPrefix(f.data[off:], []byte(old)) {
		return nil, fmt.Errorf("%q is not written as is at line %d, column %d", old, pos.Line, pos.Col)
	}
	return &Fix{Message: message, Edits: []Edit{f.replace(off, off+len(old), new)}}, nil
}

// changesKeys are the keys a changelog entry's text goes under, as the
// reader reads them.
var changesKeys = []string{"changes", "change", "description", "notes", "summary"}

// ChangelogFix returns the fix that adds an entry for version to p's
// changelog (or history): a skeleton with the version, the date (left out
// when date is "" or the entries carry none) and changes, in the style of
// the entries already there, first when they run newest first, else last.
// It fails when p keeps no changelog.
func (p *Prompt) ChangelogFix(version, date, changes string) (*Fix, error) {
	if p.fixed == nil && !p.mayKeepChangelog() {
		return nil, errNoChangelog // known without reading the file again
	}
	f, err := p.fixFile()
	if err != nil {
		return nil, err
	}
	m := f.promptMapping(false)
	k, v := changelogPair(m)
	if k == nil && m != f.root {
		k, v = changelogPair(f.root)
	}
	switch {
	case k == nil:
		return nil, errNoChangelog
	case v.Kind == yaml.AliasNode || v.Anchor != "":
		return nil, errors.New("the changelog is shared through a YAML anchor or alias")
	}
	var edits []Edit
	switch {
	case isNull(v) && v.Kind == yaml.ScalarNode:
		edits, err = f.changelogIntoNull(k, v, version, date, changes)
	case v.Kind == yaml.SequenceNode:
		edits, err = f.changelogIntoList(v, version, date, changes)
	case v.Kind == yaml.MappingNode:
		edits, err = f.changelogIntoMapping(v, version, changes)
	default:
		err = fmt.Errorf("the changelog is %s", kindName(v))
	}
	if err != nil {
		return nil, err
	}
	return &Fix{Message: fmt.Sprintf("add a changelog entry for %s", version), Edits: edits, changelog: version}, nil
}

// mayKeepChangelog reports whether p's file may have a changelog or
// history key, as fixFile would read it. It is false only when that is
// certain without parsing: the text has neither word and no backslash
// (a double-quoted key could spell one with escapes), and the file read
// again parses (the readers parsed the same text the same way, except
// for a Markdown front matter, which the reader skips when it does not
// parse into a mapping). A 1 MiB file is then not parsed a second time
// for every change whose version moved without a changelog.
func (p *Prompt) mayKeepChangelog() bool {
	if p.source == nil || p.Format == FormatMarkdown && p.Meta == nil {
		return true
	}
	return bytes.Contains(p.source, []byte("changelog")) || bytes.Contains(p.source, []byte("history")) ||
		bytes.IndexByte(p.source, '\\') >= 0
}

// changelogPair is the changelog (or history) key of mapping m and its
// value as written.
func changelogPair(m *yaml.Node) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if kk := m.Content[i]; kk.Kind == yaml.ScalarNode && (kk.Value == "changelog" || kk.Value == "history") {
			return kk, m.Content[i+1]
		}
	}
	return nil, nil
}

// entryPairs are the keys and values of a new changelog entry, in the
// style of the list's mapping entries: their key for the text, and a date
// only when they carry one (or there are none).
func (f *fixFile) entryPairs(list *yaml.Node, version, date, changes string, flow bool) [][2]string {
	textKey, dated, any := "changes", false, false
	for _, e := range list.Content {
		if e.Kind != yaml.MappingNode {
			continue
		}
		if !any {
			for _, k := range changesKeys {
				if kk, _ := mapGet(e, k); kk != nil {
					textKey = k
					break
				}
			}
		}
		any = true
		if kk, _ := mapGet(e, "date"); kk != nil {
			dated = true
		}
	}
	pairs := [][2]string{{f.keyText("version"), f.scalarIn(version, flow)}}
	if date != "" && (dated || !any) {
		pairs = append(pairs, [2]string{f.keyText("date"), f.scalarIn(date, flow)})
	}
	return append(pairs, [2]string{f.keyText(textKey), f.scalarIn(changes, flow)})
}

// blockEntry writes pairs as a block list entry: "- k: v", the next
// pairs on lines of their own under the first key (indent is the white
// space before the dash, pad what follows it).
func blockEntry(pairs [][2]string, indent, pad string) string {
	var b strings.Builder
	for i, p := range pairs {
		if i == 0 {
			b.WriteString("-" + pad[1:])
		} else {
			b.WriteString("\n" + indent + pad)
		}
		b.WriteString(p[0] + ": " + p[1])
	}
	return b.String()
}

// flowEntry writes pairs as a flow mapping.
func flowEntry(pairs [][2]string) string {
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p[0] + ": " + p[1]
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// ascending reports whether the versions of a changelog's entries (keys
// of a mapping, or entries' version) rise from the first to the last.
func ascending(versions []string) bool {
	var vs []*semver.Version
	for _, s := range versions {
		if v, err := semver.NewVersion(strings.TrimSpace(s)); err == nil {
			vs = append(vs, v)
		}
	}
	return len(vs) >= 2 && vs[0].LessThan(vs[len(vs)-1])
}

// changelogIntoList adds an entry to a changelog list.
func (f *fixFile) changelogIntoList(list *yaml.Node, version, date, changes string) ([]Edit, error) {
	flow := list.Style&yaml.FlowStyle != 0
	pairs := f.entryPairs(list, version, date, changes, flow)
	if flow {
		off := f.src.offset(nodePos(list))
		if off >= len(f.data) || f.data[off] != '[' {
			return nil, errors.New("the changelog's bracket was not found")
		}
		if len(list.Content) == 0 {
			return []Edit{f.insert(off+1, flowEntry(pairs))}, nil
		}
		first := list.Content[0]
		at := f.src.offset(nodePos(first))
		if lineStart := f.src.lineStarts[first.Line-1]; strings.TrimSpace(string(f.data[lineStart:at])) == "" {
			return []Edit{f.insert(at, flowEntry(pairs)+",\n"+string(f.data[lineStart:at]))}, nil
		}
		return []Edit{f.insert(at, flowEntry(pairs)+", ")}, nil
	}
	if len(list.Content) == 0 {
		return nil, errors.New("the changelog list is empty")
	}
	var versions []string
	for _, e := range list.Content {
		if _, vv := mapGet(e, "version"); vv != nil {
			s, _ := scalar(vv)
			versions = append(versions, s)
		}
	}
	item := list.Content[0]
	if ascending(versions) {
		item = list.Content[len(list.Content)-1]
	}
	dash, err := f.dashBefore(item)
	if err != nil {
		return nil, err
	}
	lineStart := f.src.lineStarts[item.Line-1]
	indent := spaces(utf8.RuneCount(f.data[lineStart:dash]))
	pad := spaces(utf8.RuneCount(f.data[dash:f.src.offset(nodePos(item))]))
	entry := blockEntry(pairs, indent, pad)
	if !ascending(versions) {
		return []Edit{f.insert(dash, entry+"\n"+indent)}, nil
	}
	end := f.blockEnd(item.Line, utf8.RuneCount(f.data[lineStart:dash]))
	if end < len(f.src.lineStarts) {
		return []Edit{f.insert(f.src.lineStarts[end], indent+entry+"\n")}, nil
	}
	return []Edit{f.insert(len(f.data), "\n"+indent+entry)}, nil
}

// changelogIntoMapping adds a `version: changes` pair to a changelog
// mapping.
func (f *fixFile) changelogIntoMapping(m *yaml.Node, version, changes string) ([]Edit, error) {
	flow := m.Style&yaml.FlowStyle != 0
	pair := f.scalarIn(version, flow) + ": " + f.scalarIn(changes, flow)
	if m.Style&yaml.FlowStyle != 0 || len(m.Content) == 0 {
		return f.insertKeyText(m, pair)
	}
	var versions []string
	for i := 0; i+1 < len(m.Content); i += 2 {
		versions = append(versions, m.Content[i].Value)
	}
	if !ascending(versions) {
		return f.insertKeyText(m, pair)
	}
	last := m.Content[len(m.Content)-2]
	indent := f.indentOf(last)
	end := f.blockEnd(last.Line, last.Column-1)
	if end < len(f.src.lineStarts) {
		return []Edit{f.insert(f.src.lineStarts[end], indent+pair+"\n")}, nil
	}
	return []Edit{f.insert(len(f.data), "\n"+indent+pair)}, nil
}

// insertKeyText inserts a written pair before the first key of mapping m,
// or into an empty flow mapping.
func (f *fixFile) insertKeyText(m *yaml.Node, pair string) ([]Edit, error) {
	if len(m.Content) == 0 {
		off := f.src.offset(nodePos(m))
		if off >= len(f.data) || f.data[off] != '{' {
			return nil, errors.New("the changelog mapping is empty")
		}
		return []Edit{f.insert(off+1, pair)}, nil
	}
	first := m.Content[0]
	off := f.src.offset(nodePos(first))
	if m.Style&yaml.FlowStyle != 0 {
		return []Edit{f.insert(off, pair+", ")}, nil
	}
	return []Edit{f.insert(off, pair+"\n"+f.indentOf(first))}, nil
}

// changelogIntoNull writes a list with one entry where the changelog key
// has no value (a block list on the next lines) or a null one (a flow
// list in its place).
func (f *fixFile) changelogIntoNull(k, v *yaml.Node, version, date, changes string) ([]Edit, error) {
	edits, err := f.replaceNull(k, v, "")
	if err != nil {
		return nil, err
	}
	e := edits[0]
	pairs := f.entryPairs(&yaml.Node{}, version, date, changes, e.Start != e.End || f.json)
	switch {
	case e.Start != e.End:
		e.Text = "[" + flowEntry(pairs) + "]"
	case f.json:
		e.Text = " [" + flowEntry(pairs) + "]"
	default:
		indent := f.indentOf(k) + "  "
		e.Text = f.text("\n" + indent + blockEntry(pairs, indent, "  "))
	}
	return []Edit{e}, nil
}

// dashBefore is the offset of the "-" that opens list entry item.
func (f *fixFile) dashBefore(item *yaml.Node) (int, error) {
	off := f.src.offset(nodePos(item))
	lineStart := f.src.lineStarts[item.Line-1]
	i := off - 1
	for i >= lineStart && (f.data[i] == ' ' || f.data[i] == '\t') {
		i--
	}
	if i < lineStart || f.data[i] != '-' || strings.TrimSpace(string(f.data[lineStart:i])) != "" {
		return 0, errors.New("the changelog entry's dash was not found on its line")
	}
	return i, nil
}

// blockEnd is the last line (1-based) of the block node that starts on
// line at indentation indent: the lines after it that are indented more
// (or blank, when an indented line follows) belong to it.
func (f *fixFile) blockEnd(line, indent int) int {
	end := line
	for l := line + 1; l <= len(f.src.lineStarts); l++ {
		text := f.src.line(l)
		t := strings.TrimLeft(text, " ")
		if strings.TrimSpace(t) == "" {
			continue
		}
		if len(text)-len(t) <= indent {
			break
		}
		end = l
	}
	return end
}

// spaces is n spaces.
func spaces(n int) string { return strings.Repeat(" ", max(n, 0)) }
