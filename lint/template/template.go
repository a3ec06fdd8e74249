// Package template is what the template languages promptlint reads have
// in common: the syntaxes (Python str.format, Mustache/Handlebars, Jinja2,
// GitHub Models' exact {{name}} placeholders and VS Code's ${input:name}),
// what a scan finds (variable uses, syntax errors, comments, each with its
// position), and the Collector and render Budget every language uses. Each
// language is a package below this one; lint picks one by Syntax.
//
// Scanners are real tokenizers, not regular expressions: the variables they
// report are the free variables the real engine needs from its caller
// (string.Formatter().parse, Jinja2's meta.find_undeclared_variables,
// the Handlebars AST), each with its position in the template text.
package template

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Syntax names a template language.
type Syntax string

// The syntaxes promptlint understands.
const (
	Python       Syntax = "python"        // Python str.format: {name}
	Mustache     Syntax = "mustache"      // Mustache: {{name}}, {{#section}}
	Handlebars   Syntax = "handlebars"    // Handlebars (Dotprompt): Mustache plus helpers, block params, @data
	Jinja        Syntax = "jinja2"        // Jinja2: {{ name }}, {% for %}
	GitHubModels Syntax = "github-models" // GitHub Models: exact {{name}}, no spaces
	VSCode       Syntax = "vscode"        // VS Code prompt files: ${input:name}
	Literal      Syntax = "text"          // literal text: no placeholders, nothing to scan
)

// Syntaxes lists every syntax, sorted by name.
var Syntaxes = []Syntax{GitHubModels, Handlebars, Jinja, Mustache, Python, Literal, VSCode}

// ParseSyntax maps a user-facing name (as written in a config file or a
// prompt's `syntax:` key) to a Syntax. It accepts common aliases such as
// "jinja", "nunjucks", "format", "fstring", "hbs", and "text" (or
// "literal", "none") for text with no placeholders.
func ParseSyntax(name string) (Syntax, bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "python", "format", "str.format", "fstring", "f-string", "python-format":
		return Python, true
	case "mustache":
		return Mustache, true
	case "handlebars", "hbs", "dotprompt":
		return Handlebars, true
	case "jinja", "jinja2", "nunjucks":
		return Jinja, true
	case "github-models", "github", "gh-models":
		return GitHubModels, true
	case "vscode", "vs-code", "copilot":
		return VSCode, true
	case "text", "literal", "plain", "none":
		return Literal, true
	}
	return "", false
}

// Pos is a position in a template text. Offset is a byte offset; Line and
// Col are 1-based, Col counted in Unicode code points.
type Pos struct {
	Offset int
	Line   int
	Col    int
}

// Use is one occurrence of a free variable in a template.
type Use struct {
	Name   string // root variable name: "user" for {{user.name}} or {user[0]}
	Expr   string // the expression as written, trimmed: "user.name"
	Pos    Pos    // position of the first character of Name
	Spaced bool   // GitHub Models only: written {{ name }}, which GitHub's tools leave unsubstituted
	// Actions is set when the use is the root of a GitHub Actions
	// expression, ${{ github.sha }}: text a prompt quotes (a workflow it
	// explains or writes), not a name its author chose. In GitHub Models
	// syntax such an expression is no use at all.
	Actions bool
	// Optional is set when the use only asks whether the caller passed
	// the variable, or runs only where a test established that it did:
	// {% if name %}, name | default("x"), {{#if name}}, a Mustache
	// section {{#name}}. The engine renders a missing variable there
	// without error, so a variable all of whose uses are optional is an
	// optional input. Each language's scanner documents its guards.
	Optional bool
}

// Error is a syntax problem in a template: unbalanced braces, an unclosed
// or mismatched block, a stray `}`, a positional Python field.
type Error struct {
	Pos Pos
	Msg string // one lower-case line, e.g. `unclosed block "#each" opened here`
}

// Result is what a scan finds.
type Result struct {
	Uses     []Use     // free variables, in order of appearance
	Errors   []Error   // syntax problems, in order of appearance
	Partials []string  // Handlebars partial names referenced with {{> name}}, in order, deduplicated
	Comments []Comment // template comments ({# #}, {{! }}, {{!-- --}}), in order of appearance
}

// Comment is a template comment: text the engine drops, which never
// reaches the model.
type Comment struct {
	Text string // what is between the delimiters, as written
	Pos  Pos    // the opening delimiter
	End  Pos    // just past the closing delimiter
}

// Language is one template language: a package under lint/template gives
// its scanner and renderer, and lint picks a Language by Syntax.
type Language struct {
	Syntax Syntax

	// Scan tokenizes text and reports its free variables and syntax
	// errors. It never panics and runs in time linear in len(text). Uses
	// and Errors come sorted by offset; every position is filled in.
	Scan func(text string) Result

	// Render substitutes data into text. It supports the constructs Scan
	// understands; a construct it cannot render (a Handlebars helper it
	// does not implement, a Jinja2 filter it does not know) yields an
	// error that names it. A syntax error found by Scan is returned as an
	// error too.
	Render func(text string, data map[string]any) (string, error)

	// Compile, when set, parses text once for many renders: the
	// function it returns renders data as Render(text, data) would. A
	// syntax error is returned by every call.
	Compile func(text string) func(data map[string]any) (string, error)
}

// Compiled returns a function that renders text with data, as
// l.Render(text, data) does, parsing text once when the language can.
func (l *Language) Compiled(text string) func(data map[string]any) (string, error) {
	if l.Compile != nil {
		return l.Compile(text)
	}
	return func(data map[string]any) (string, error) { return l.Render(text, data) }
}

// Text is literal text: no placeholders, nothing to scan, rendered as is.
var Text = &Language{
	Syntax: Literal,
	Scan:   func(string) Result { return Result{} },
	Render: func(text string, _ map[string]any) (string, error) { return text, nil },
}

// actionsRoots are the contexts and functions a GitHub Actions expression
// starts with.
var actionsRoots = map[string]bool{
	"github": true, "env": true, "vars": true, "job": true, "jobs": true, "steps": true, "runner": true,
	"secrets": true, "strategy": true, "matrix": true, "needs": true, "inputs": true,
	"contains": true, "startsWith": true, "endsWith": true, "format": true, "join": true,
	"toJSON": true, "fromJSON": true, "hashFiles": true, "success": true, "always": true,
	"cancelled": true, "failure": true,
}

// ActionsExpr reports whether the name at byte offset off of text, whose
// root is root, starts a GitHub Actions expression: "${{", optional
// blanks, then a context or function of GitHub Actions.
func ActionsExpr(text string, off int, root string) bool {
	j := off
	for j > 0 && (text[j-1] == ' ' || text[j-1] == '\t') {
		j--
	}
	return j >= 3 && text[j-3:j] == "${{" && actionsRoots[root]
}

// markActions sets Actions on the uses (offsets not yet turned into
// positions) that start a GitHub Actions expression.
func markActions(text string, uses []Use) {
	for k := range uses {
		u := &uses[k]
		u.Actions = ActionsExpr(text, u.Pos.Offset, u.Name)
	}
}

// Render limits: test data must not make a render allocate or loop without
// bound (a 400 KB default used 100,000 times, nested loops over ranges).
const (
	MaxRenderOutput     = 1 << 20 // bytes of output per render
	MaxRenderIterations = 100000  // loop iterations per render
)

// errRenderTooLarge and errRenderTooLong stop a render past its limits;
// the caller reports the row as not rendered.
var (
	errRenderTooLarge = fmt.Errorf("rendered output is over %d bytes", MaxRenderOutput)
	errRenderTooLong  = fmt.Errorf("rendering runs more than %d loop iterations", MaxRenderIterations)
)

// Budget counts what one render has used; the zero value is a fresh
// budget.
type Budget struct{ iterations int }

// Check stops a render whose output has grown past the limit.
func (rb *Budget) Check(b *strings.Builder) error {
	if b.Len() > MaxRenderOutput {
		return errRenderTooLarge
	}
	return nil
}

// Iterate counts one loop iteration.
func (rb *Budget) Iterate() error {
	rb.iterations++
	if rb.iterations > MaxRenderIterations {
		return errRenderTooLong
	}
	return nil
}

// Error implements the error interface, so that a syntax problem can be
// returned from Render. The text is "line:col: msg".
func (e Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg)
}

// Names returns the distinct names in r.Uses, in order of first use.
func (r Result) Names() []string {
	seen := make(map[string]bool, len(r.Uses))
	var out []string
	for _, u := range r.Uses {
		if !seen[u.Name] {
			seen[u.Name] = true
			out = append(out, u.Name)
		}
	}
	return out
}

// PosAt converts a byte offset in text to a Pos. Offsets past the end of
// text are clamped to it. Invalid UTF-8 bytes count one column each.
func PosAt(text string, offset int) Pos {
	r := Result{Errors: []Error{{Pos: Pos{Offset: offset}}}}
	fillPositions(text, &r)
	return r.Errors[0].Pos
}

// Excerpt shortens user text for a message: its first line, at most 24
// characters. It looks at a bounded prefix, so it costs O(1).
func Excerpt(s string) string {
	if len(s) > 128 {
		s = s[:128]
	}
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if utf8.RuneCountInString(s) > 24 {
		s = string([]rune(s)[:24]) + "…"
	}
	return s
}

// Positions returns the position of each byte offset of text in one pass;
// offs must be sorted ascending. Offsets outside text are clamped to it, and
// invalid UTF-8 bytes count one column each.
func Positions(text string, offs []int) []Pos {
	out := make([]Pos, len(offs))
	c := newCursor(text)
	for k, off := range offs {
		out[k] = c.at(off)
	}
	return out
}

// cursor walks a text forward, turning byte offsets into positions.
type cursor struct {
	text         string
	i, line, col int // the byte offset reached, and its line and column
}

func newCursor(text string) cursor {
	return cursor{text: text, line: 1, col: 1}
}

// at is the position of byte offset off, clamped to the text; an offset
// before the one of the previous call gets that call's line and column.
func (c *cursor) at(off int) Pos {
	end := min(max(off, 0), len(c.text))
	for c.i < end {
		switch b := c.text[c.i]; {
		case b == '\n':
			c.line, c.col = c.line+1, 1
			c.i++
		case b < utf8.RuneSelf:
			c.i++
			c.col++
		default:
			_, size := utf8.DecodeRuneInString(c.text[c.i:])
			c.i += size
			c.col++
		}
	}
	return Pos{Offset: end, Line: c.line, Col: c.col}
}

// fillPositions computes Line and Col for every Offset in r, in one pass
// over text for each of uses, errors and comments, and sorts Uses and
// Errors by offset. (A scan of a hostile text has hundreds of thousands
// of errors: no map from offsets to positions.)
func fillPositions(text string, r *Result) {
	slices.SortStableFunc(r.Uses, func(a, b Use) int { return cmp.Compare(a.Pos.Offset, b.Pos.Offset) })
	slices.SortStableFunc(r.Errors, func(a, b Error) int { return cmp.Compare(a.Pos.Offset, b.Pos.Offset) })
	c := newCursor(text)
	for k := range r.Uses {
		r.Uses[k].Pos = c.at(r.Uses[k].Pos.Offset)
	}
	c = newCursor(text)
	for k := range r.Errors {
		r.Errors[k].Pos = c.at(r.Errors[k].Pos.Offset)
	}
	if len(r.Comments) == 0 {
		return
	}
	offs := make([]int, 2*len(r.Comments))
	for k, c := range r.Comments {
		offs[2*k], offs[2*k+1] = c.Pos.Offset, c.End.Offset
	}
	ps := positionsAt(text, offs)
	for k := range r.Comments {
		r.Comments[k].Pos, r.Comments[k].End = ps[2*k], ps[2*k+1]
	}
}

// positionsAt is Positions for offsets in any order.
func positionsAt(text string, offs []int) []Pos {
	idx := make([]int, len(offs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return offs[idx[a]] < offs[idx[b]] })
	sorted := make([]int, len(offs))
	for k, i := range idx {
		sorted[k] = offs[i]
	}
	out := make([]Pos, len(offs))
	for k, p := range Positions(text, sorted) {
		out[idx[k]] = p
	}
	return out
}

// Collector accumulates a Result while a language's scanner runs:
// positions hold only byte offsets until Finish.
type Collector struct {
	Result Result

	partials map[string]bool // the names in Result.Partials
}

// Use records a use of name, written as expr, at byte offset off; an empty
// name is no use.
func (c *Collector) Use(name, expr string, off int) {
	if name == "" {
		return
	}
	c.Result.Uses = Append(c.Result.Uses, Use{Name: name, Expr: strings.TrimSpace(expr), Pos: Pos{Offset: off}})
}

// Append appends v to s as append does, but doubles a full slice's
// capacity: append grows a large slice by a quarter, so the 130,000 items
// of a 1 MiB template were copied some 28 times, five times their size.
func Append[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(len(s), 4))
	}
	return append(s, v)
}

// OptionalUse records a use of name that is optional (Use.Optional).
func (c *Collector) OptionalUse(name, expr string, off int) {
	c.Use(name, expr, off)
	if name != "" {
		c.Result.Uses[len(c.Result.Uses)-1].Optional = true
	}
}

// Comment records a comment from offset open up to end, its text between
// the delimiters.
func (c *Collector) Comment(open, end int, text string) {
	c.Result.Comments = Append(c.Result.Comments, Comment{Text: text, Pos: Pos{Offset: open}, End: Pos{Offset: end}})
}

// Errorf records a syntax error at byte offset off.
func (c *Collector) Errorf(off int, format string, args ...any) {
	msg := format
	if len(args) > 0 || strings.Contains(format, "%") {
		msg = fmt.Sprintf(format, args...)
	}
	c.Result.Errors = Append(c.Result.Errors, Error{Pos: Pos{Offset: off}, Msg: msg})
}

// Partial records a Handlebars partial name, once. A set of the names
// keeps a template of thousands of distinct partials linear.
func (c *Collector) Partial(name string) {
	if c.partials[name] {
		return
	}
	if c.partials == nil {
		c.partials = map[string]bool{}
	}
	c.partials[name] = true
	c.Result.Partials = append(c.Result.Partials, name)
}

// Finish returns the Result of a scan of text: uses that start a GitHub
// Actions expression marked, Uses and Errors sorted by offset, and every
// position filled in.
func (c *Collector) Finish(text string) Result {
	r := c.Result
	markActions(text, r.Uses)
	fillPositions(text, &r)
	return r
}
