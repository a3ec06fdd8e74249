package lint

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The rules under which the engine reports suppression directives. Like
// parse-error they have no Run: the collector reports them itself, after
// every rule has run.
const (
	// IgnoreUnusedRule reports a directive that suppresses nothing.
	IgnoreUnusedRule = "ignore-unused"
	// IgnoreMalformedRule reports a directive that cannot be read: no
	// rule, an unknown rule, or no reason.
	IgnoreMalformedRule = "ignore-malformed"
)

// engineReported are the rules the engine reports itself; they have no
// Run.
var engineReported = map[string]bool{ParseErrorRule: true, GateRule: true, IgnoreUnusedRule: true, IgnoreMalformedRule: true}

// Suppression is a `promptlint:ignore rule-id[,rule-id] -- reason`
// directive in a comment of a prompt file: a YAML comment (in the file or
// its front matter), or a Jinja {# #} or Handlebars/Mustache {{! }} or
// {{!-- --}} comment in the template, none of which reaches the model. It
// drops the findings of its rules on the lines it covers: its own line,
// and the line it stands above when it is alone on its line; a line that
// opens a YAML block (a key with a block scalar, a list entry) brings
// the block's lines with it.
type Suppression struct {
	Rules  []string // rule ids
	Reason string   // why, as written
	Pos    Pos      // where the comment starts
	From   int      // first line covered
	To     int      // last line covered
	// Problem says why the directive is malformed ("" when it is not); a
	// malformed directive suppresses nothing.
	Problem string
}

// TemplateComment is a comment of a prompt's template at file positions.
type TemplateComment struct {
	Text string // between the delimiters
	Pos  Pos    // the opening delimiter
	End  Pos    // just past the closing delimiter
}

// directiveRE matches a promptlint directive at the start of a comment's
// text: "promptlint:" and a word.
var directiveRE = regexp.MustCompile(`^\s*promptlint:([A-Za-z][A-Za-z-]*)`)

// ruleIDRE is what a rule id looks like.
var ruleIDRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// parseDirective reads a comment's text; ok is false when it is no
// promptlint directive at all.
func parseDirective(text string) (s Suppression, ok bool) {
	m := directiveRE.FindStringSubmatchIndex(text)
	if m == nil {
		return s, false
	}
	verb := text[m[2]:m[3]]
	rest := strings.TrimSpace(text[m[1]:])
	rest = strings.TrimSuffix(strings.TrimSuffix(rest, "-"), "~") // {#- ... -#}, {{!-- ... ~}}
	rest = strings.TrimSpace(rest)
	if verb != "ignore" {
		s.Problem = fmt.Sprintf("unknown directive \"promptlint:%s\"; write promptlint:ignore rule-id -- reason", verb)
		return s, true
	}
	rules, reason, found := strings.Cut(rest, "--")
	s.Reason = strings.TrimSpace(reason)
	for _, id := range strings.Split(rules, ",") {
		if id = strings.TrimSpace(id); id != "" {
			s.Rules = append(s.Rules, id)
		}
	}
	switch {
	case len(s.Rules) == 0:
		s.Problem = "promptlint:ignore names no rule; write promptlint:ignore rule-id -- reason"
	case !found || s.Reason == "":
		s.Problem = fmt.Sprintf("promptlint:ignore %s gives no reason; write promptlint:ignore %s -- reason", strings.Join(s.Rules, ","), strings.Join(s.Rules, ","))
	}
	for _, id := range s.Rules {
		if s.Problem == "" && !ruleIDRE.MatchString(id) {
			s.Problem = fmt.Sprintf("%q is not a rule id; write promptlint:ignore rule-id -- reason", id)
		}
	}
	return s, true
}

// maxDirectives bounds the directives read in one file: a real file has
// a handful, a hostile one could have one per line.
const maxDirectives = 1000

// directivesOf finds the suppression directives of a file that parsed
// into prompts (data with LF line endings): YAML comments in the file or
// its front matter, and comments of the prompts' templates. A file
// without the text "promptlint:" has none, and costs nothing more; the
// rest is linear in the file's size.
func directivesOf(path string, data []byte, f Format, prompts []*Prompt) []Suppression {
	if !bytes.Contains(data, []byte("promptlint:")) || len(prompts) == 0 {
		return nil
	}
	lines := newLineIndex(strings.Split(string(data), "\n"))
	var out []Suppression
	add := func(s Suppression) bool {
		if len(out) == maxDirectives {
			out[len(out)-1].Problem = fmt.Sprintf("the file has more than %d promptlint directives; the rest are not read", maxDirectives)
			return false
		}
		out = append(out, s)
		return true
	}
	// YAML comments, where the file or its front matter is YAML.
	if yamlText, first := yamlOf(path, data, f); yamlText != "" {
		firstContent := 0
		for i, l := range strings.Split(yamlText, "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") && t != "---" {
				firstContent = first + i
				break
			}
		}
		var cands []yamlComment
		var sups []Suppression
		for _, c := range yamlComments(yamlText, first) {
			if s, ok := parseDirective(c.text); ok && len(cands) <= maxDirectives {
				cands, sups = append(cands, c), append(sups, s)
			}
		}
		texts := make([]string, len(cands))
		for i, c := range cands {
			texts[i] = c.text
		}
		inText := inScalars(yamlText, texts)
		for i, c := range cands {
			if inText[i] {
				continue
			}
			s := sups[i]
			s.Pos = c.pos
			s.From, s.To = c.pos.Line, c.pos.Line
			at := c.pos.Line
			if !c.trailing {
				at = lines.nextContent[c.pos.Line]
			}
			if at > 0 {
				s.To = lines.blockEnd[at]
				if at == firstContent {
					s.From = 1 // the file's or prompt's own position comes before
				}
			}
			if !add(s) {
				break
			}
		}
	}
	// Template comments.
	seen := map[Pos]bool{}
	src := newSource(data)
	for _, p := range prompts {
		for _, c := range p.Comments {
			s, ok := parseDirective(c.Text)
			if !ok || seen[c.Pos] || !c.Pos.IsValid() {
				continue
			}
			seen[c.Pos] = true
			s.Pos = c.Pos
			s.From, s.To = c.Pos.Line, max(c.End.Line, c.Pos.Line)
			if src.blankBefore(c.Pos) {
				if n := lines.nextLine[s.To]; n > 0 {
					s.To = n
				}
			}
			if !add(s) {
				break
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pos.Line != out[j].Pos.Line {
			return out[i].Pos.Line < out[j].Pos.Line
		}
		return out[i].Pos.Col < out[j].Pos.Col
	})
	return out
}

// yamlOf returns the YAML of a prompt file (data with LF line endings):
// the whole file for our format and GitHub Models (not JSON), else its
// front matter; first is the file line of its first line. It is "" when
// the file has none.
func yamlOf(path string, data []byte, f Format) (yamlText string, first int) {
	switch f {
	case FormatPromptlint, FormatGitHubModels:
		if !strings.EqualFold(pathExt(path), ".json") {
			return string(data), 1
		}
	default:
		if fm, _ := splitFrontMatter(data, f == FormatDotprompt); fm.present && !fm.unclosed {
			return fm.yaml, fm.yamlLine
		}
	}
	return "", 0
}

// fileCommentWords are the words a YAML comment must hold to be kept in
// Prompt.FileComments.
var fileCommentWords = [][]byte{[]byte("TODO"), []byte("FIXME"), []byte("XXX")}

// fileComments gives each prompt of a file the YAML comments (outside
// quoted and block scalars, see yamlComments) that mention a development
// marker word, those at or after its start and before the next prompt's:
// a file without such a word costs one scan for it.
func fileComments(path string, data []byte, f Format, prompts []*Prompt) {
	found := false
	for _, w := range fileCommentWords {
		found = found || bytes.Contains(data, w)
	}
	if !found || len(prompts) == 0 {
		return
	}
	yamlText, first := yamlOf(path, data, f)
	if yamlText == "" {
		return
	}
	k := 0 // the prompt a comment belongs to
	for _, c := range yamlComments(yamlText, first) {
		has := false
		for _, w := range fileCommentWords {
			has = has || strings.Contains(c.text, string(w))
		}
		if !has {
			continue
		}
		for k+1 < len(prompts) && prompts[k+1].Pos.Line <= c.pos.Line {
			k++
		}
		end := c.pos
		end.Col += 1 + utf8.RuneCountInString(c.text)
		prompts[k].FileComments = append(prompts[k].FileComments, TemplateComment{Text: c.text, Pos: c.pos, End: end})
	}
}

// blankBefore reports whether only white space comes before p on its
// line. It reads the line from its start only as far as that white space
// goes: a line of a thousand directives after a megabyte of text costs a
// few bytes for each.
func (s *source) blankBefore(p Pos) bool {
	if p.Line < 1 || p.Line > len(s.lineStarts) {
		return false
	}
	off := s.lineStarts[p.Line-1]
	for col := 1; col < p.Col; col++ {
		r, size := utf8.DecodeRune(s.data[off:])
		if size == 0 || r == '\n' || !unicode.IsSpace(r) {
			return false
		}
		off += size
	}
	return true
}

// pathExt is the extension of a slash-separated path.
func pathExt(p string) string {
	base := p[strings.LastIndexByte(p, '/')+1:]
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		return base[i:]
	}
	return ""
}

// lineIndex answers, for each 1-based line of a file, in constant time:
// the next line that is not blank (nextLine), the next that is neither
// blank nor a YAML comment (nextContent), and the last line of the YAML
// block the line starts (blockEnd): the lines after it indented more (a
// block scalar, a nested mapping, the rest of a list entry).
type lineIndex struct {
	nextLine, nextContent, blockEnd []int
}

func newLineIndex(lines []string) *lineIndex {
	n := len(lines)
	ix := &lineIndex{nextLine: make([]int, n+2), nextContent: make([]int, n+2), blockEnd: make([]int, n+2)}
	indent := make([]int, n+1)
	blank := make([]bool, n+1)
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		indent[i+1], blank[i+1] = len(l)-len(t), strings.TrimSpace(t) == ""
		ix.blockEnd[i+1] = i + 1
	}
	for l := n; l >= 1; l-- {
		ix.nextLine[l-1], ix.nextContent[l-1] = ix.nextLine[l], ix.nextContent[l]
		if !blank[l] {
			ix.nextLine[l-1] = l
			if !strings.HasPrefix(strings.TrimSpace(lines[l-1]), "#") {
				ix.nextContent[l-1] = l
			}
		}
	}
	// A stack of the lines whose blocks are open, indentation rising.
	var open []int
	last := 0 // the last line that is not blank
	for l := 1; l <= n; l++ {
		if blank[l] {
			continue
		}
		for len(open) > 0 && indent[open[len(open)-1]] >= indent[l] {
			ix.blockEnd[open[len(open)-1]] = last
			open = open[:len(open)-1]
		}
		open = append(open, l)
		last = l
	}
	for _, l := range open {
		ix.blockEnd[l] = last
	}
	return ix
}

// inScalars reports, for each comment text, whether it also stands in
// one of the YAML text's scalars (keys included): the lexer may have
// taken the text of a string, which reaches the model, for a comment,
// and such a comment is then no directive. Texts are compared from their
// "promptlint:" on, up to 64 bytes, in time linear in the YAML's size.
// Everything is "in a scalar" when the YAML does not parse.
func inScalars(yamlText string, texts []string) []bool {
	out := make([]bool, len(texts))
	var doc yaml.Node
	if yaml.Unmarshal([]byte(yamlText), &doc) != nil {
		for i := range out {
			out[i] = true
		}
		return out
	}
	const width = 64
	key := func(s string) string {
		s = strings.TrimSpace(s)
		if len(s) > width {
			s = s[:width]
		}
		return s
	}
	keys := map[string][]int{}
	lengths := map[int]bool{}
	for i, t := range texts {
		k := key(t[strings.Index(t, "promptlint:"):])
		keys[k] = append(keys[k], i)
		lengths[len(k)] = true
	}
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > 1000 {
			return
		}
		if n.Kind == yaml.ScalarNode {
			v := n.Value
			for at := strings.Index(v, "promptlint:"); at >= 0; {
				rest := v[at:]
				if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
					rest = rest[:nl]
				}
				for l := range lengths {
					if l <= len(rest) {
						for _, i := range keys[strings.TrimSpace(rest[:l])] {
							out[i] = true
						}
					}
				}
				next := strings.Index(v[at+1:], "promptlint:")
				if next < 0 {
					break
				}
				at += 1 + next
			}
		}
		for _, c := range n.Content {
			if c.Kind != yaml.AliasNode {
				walk(c, depth+1)
			}
		}
	}
	walk(&doc, 0)
	return out
}

// yamlComment is a comment of a YAML text.
type yamlComment struct {
	text     string // after the #
	pos      Pos    // of the #
	trailing bool   // code precedes it on its line
}

// yamlComments lexes a YAML text whose first line is line first of the
// file and returns its comments: a # at the start of a line or after
// white space, outside quoted scalars and block scalars. It knows just
// enough YAML for that: quotes that open a scalar (not an apostrophe in a
// plain one), double-quoted escapes, quoted scalars over several lines,
// and block scalars (| and >), which end at the first line indented less
// than their first line.
func yamlComments(text string, first int) []yamlComment {
	var out []yamlComment
	lines := strings.Split(text, "\n")
	var quote byte   // the quote of a scalar continued from an earlier line
	block := -1      // the indentation of the block scalar being skipped
	pending := false // a block scalar starts on the next line...
	parent := 0      // ...indented more than this
	for n, line := range lines {
		indent := len(line) - len(strings.TrimLeft(line, " "))
		blank := strings.TrimSpace(line) == ""
		if pending && !blank {
			if indent > parent {
				block = indent
			}
			pending = false
		}
		if block >= 0 {
			if blank || indent >= block {
				continue
			}
			block = -1
		}
		i := 0
		if quote != 0 {
			end, closed := closeQuote(line, 0, quote)
			if !closed {
				continue
			}
			quote, i = 0, end
		}
		plain := false // inside a plain scalar
		code := -1     // where the code before a comment ends
		for i < len(line) {
			c := line[i]
			switch {
			case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
				out = append(out, yamlComment{text: line[i+1:], pos: Pos{Line: first + n, Col: 1 + utf8.RuneCountInString(line[:i])}, trailing: strings.TrimSpace(line[:i]) != ""})
				code = i
				i = len(line)
				continue
			case c == ' ' || c == '\t':
			case (c == '"' || c == '\'') && !plain:
				end, closed := closeQuote(line, i+1, c)
				if !closed {
					quote = c
					i = len(line)
					continue
				}
				i = end
				continue
			case c == ':' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'),
				strings.IndexByte(",[]{}", c) >= 0:
				plain = false
			case c == '-' && !plain && (i+1 == len(line) || line[i+1] == ' '):
			case (c == '!' || c == '&' || c == '*') && !plain:
				for i < len(line) && line[i] != ' ' && line[i] != '\t' {
					i++
				}
				continue
			default:
				plain = true
			}
			i++
		}
		if quote == 0 {
			head := line
			if code >= 0 {
				head = line[:code]
			}
			// A header has a | or a >: most lines have neither, and skip
			// the regular expression.
			if m := blockHeader(head); m != nil {
				// The block's parent is indented as this line (a key, a
				// dash), or -1 for a block at the document's top.
				pending, parent = true, indent
				if t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(head), "---")); t[0] == '|' || t[0] == '>' {
					parent = -1
				}
				if d := strings.IndexAny(m[2], "123456789"); d >= 0 {
					// An explicit indentation: the block's lines are
					// indented that much more than its parent.
					block, pending = parent+int(m[2][d]-'0'), false
				}
			}
		}
	}
	return out
}

// blockHeaderRE matches a line that ends with a block scalar header: | or
// > with its indicators, after a key, a list dash, a tag or an anchor.
var blockHeaderRE = regexp.MustCompile(`(^|[\s:\-])[|>]([0-9+-]*)(#.*)?$`)

// blockHeader is blockHeaderRE's submatches in line without its trailing
// white space; nil without a | or a > in it.
func blockHeader(line string) []string {
	if strings.IndexByte(line, '|') < 0 && strings.IndexByte(line, '>') < 0 {
		return nil
	}
	return blockHeaderRE.FindStringSubmatch(strings.TrimRight(line, " \t"))
}

// closeQuote finds the end of a quoted scalar whose content starts at
// line[i]: the offset after its closing quote, and whether it closes on
// this line. In double quotes a backslash escapes the next character; in
// single quotes ” is a quote.
func closeQuote(line string, i int, q byte) (int, bool) {
	for i < len(line) {
		switch {
		case q == '"' && line[i] == '\\':
			i += 2
			continue
		case line[i] == q && q == '\'' && i+1 < len(line) && line[i+1] == '\'':
			i += 2
			continue
		case line[i] == q:
			return i + 1, true
		}
		i++
	}
	return len(line), false
}

// suppressor applies the directives of a run's files to the findings the
// rules report, and reports the directives that are malformed or that
// suppress nothing, as golangci-lint's nolintlint does.
type suppressor struct {
	files map[string]*suppressed
}

// suppressed is the state of one file's directives.
type suppressed struct {
	sups  []Suppression
	owner []*Prompt         // per directive, the prompt it lies in; nil for the file's header
	used  []map[string]bool // per directive, the rules whose findings it dropped
	ran   map[*Prompt]map[string]bool
	first *Prompt
}

// newSuppressor reads the directives of files; nil when none has any.
func newSuppressor(files []*File) *suppressor {
	var s *suppressor
	for _, f := range files {
		if len(f.Prompts) == 0 || len(f.Prompts[0].Suppressions) == 0 {
			continue
		}
		if s == nil {
			s = &suppressor{files: map[string]*suppressed{}}
		}
		prompts := append([]*Prompt(nil), f.Prompts...)
		sort.SliceStable(prompts, func(i, j int) bool { return prompts[i].Pos.Line < prompts[j].Pos.Line })
		sf := &suppressed{sups: f.Prompts[0].Suppressions, ran: map[*Prompt]map[string]bool{}, first: f.Prompts[0]}
		for _, d := range sf.sups {
			var owner *Prompt
			for _, p := range prompts {
				if p.Pos.Line <= d.From || len(prompts) == 1 {
					owner = p
				}
			}
			sf.owner = append(sf.owner, owner)
			sf.used = append(sf.used, map[string]bool{})
		}
		s.files[f.Path] = sf
	}
	return s
}

// ran records that rule ran on prompt p.
func (s *suppressor) ran(p *Prompt, rule string) {
	if s == nil || p == nil {
		return
	}
	if sf := s.files[p.Path]; sf != nil {
		if sf.ran[p] == nil {
			sf.ran[p] = map[string]bool{}
		}
		sf.ran[p][rule] = true
	}
}

// suppress reports whether a directive drops finding f, and marks it used.
func (s *suppressor) suppress(f Finding) bool {
	if s == nil {
		return false
	}
	sf := s.files[f.Path]
	if sf == nil {
		return false
	}
	line := max(f.Pos.Line, 1)
	for i, d := range sf.sups {
		if d.Problem != "" || line < d.From || line > d.To {
			continue
		}
		for _, id := range d.Rules {
			if id == f.Rule {
				sf.used[i][id] = true
				return true
			}
		}
	}
	return false
}

// findings reports the directives that name an unknown rule or are
// malformed (ignore-malformed), and the rules of directives that dropped
// no finding although the rule ran where they lie (ignore-unused). Only
// files some rule ran on are looked at: check leaves unchanged prompts
// alone.
func (s *suppressor) findings(c *collector) []Finding {
	if s == nil {
		return nil
	}
	var paths []string
	for p := range s.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var out []Finding
	report := func(sf *suppressed, owner *Prompt, id string, pos Pos, format string, args ...any) {
		r := c.rule(id)
		if r == nil || c.cfg.Ignored(sf.first.Path, id) {
			return
		}
		subj := owner
		if subj == nil {
			subj = sf.first
		}
		for _, d := range subj.Disabled {
			if d == id {
				return
			}
		}
		sev := c.cfg.severityIn(c.cfg.RuleEnvironment(subj), r)
		if sev == Off {
			return
		}
		f := Finding{Rule: id, Severity: sev, Path: sf.first.Path, Pos: pos, Message: fmt.Sprintf(format, args...)}
		if owner != nil {
			f.Prompt = owner.Name
		}
		out = append(out, f)
	}
	for _, path := range paths {
		sf := s.files[path]
		ran := func(owner *Prompt, rule string) bool {
			if owner != nil {
				return sf.ran[owner][rule]
			}
			for _, rules := range sf.ran {
				if rules[rule] {
					return true
				}
			}
			return false
		}
		if len(sf.ran) == 0 {
			continue
		}
		for i, d := range sf.sups {
			problem := d.Problem
			for _, id := range d.Rules {
				if problem == "" && !c.known(id) {
					problem = fmt.Sprintf("promptlint:ignore names unknown rule %q%s", id, DidYouMean(id, c.ruleIDs()))
				}
			}
			if problem != "" {
				report(sf, sf.owner[i], IgnoreMalformedRule, d.Pos, "%s", problem)
				continue
			}
			for _, id := range d.Rules {
				if !sf.used[i][id] && ran(sf.owner[i], id) {
					report(sf, sf.owner[i], IgnoreUnusedRule, d.Pos, "promptlint:ignore %s suppresses nothing on the lines it covers (%d to %d); remove it", id, d.From, d.To)
				}
			}
		}
	}
	return out
}

// suppressionWeakening lists the promptlint:ignore directives a change
// adds to its prompt files (a directive with the same rule and reason in
// the base file is not new): each drops findings the gate would count.
// Directives for rules that base's configuration turns off weaken
// nothing.
func suppressionWeakening(rep *Report, base *Config, registry []*Rule) []GateChange {
	seen := map[string]bool{}
	var out []GateChange
	for _, r := range rep.Prompts {
		hp := r.Prompt
		if hp == nil || seen[hp.Path] || len(hp.Suppressions) == 0 {
			continue
		}
		seen[hp.Path] = true
		had := map[string]int{}
		if r.Base != nil {
			for _, d := range r.Base.Suppressions {
				for _, id := range d.Rules {
					had[id+"\x00"+d.Reason]++
				}
			}
		}
		env := base.RuleEnvironment(hp)
		for _, d := range hp.Suppressions {
			if d.Problem != "" {
				continue
			}
			for _, id := range d.Rules {
				if k := id + "\x00" + d.Reason; had[k] > 0 {
					had[k]--
					continue
				}
				if envSeverity(base, registry, env, id) == Off {
					continue
				}
				out = append(out, GateChange{Path: hp.Path, Pos: d.Pos, Subject: id,
					Message: fmt.Sprintf("a promptlint:ignore comment now suppresses rule %q on lines %d to %d: %q", id, d.From, d.To, d.Reason)})
			}
		}
	}
	return out
}
