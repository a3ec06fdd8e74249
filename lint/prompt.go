// Package lint is promptlint's vocabulary and engine: what a prompt is (the
// model every format reader fills), what a finding and a rule are, how rules
// run over a head tree and an optional base tree, and the configuration that
// steers them.
package lint

import (
	"strings"
	"sync"

	"github.com/promptlint/promptlint/lint/template"
)

// Pos is a position in a file: 1-based line and column, the column counted
// in Unicode code points. The zero Pos means "the file as a whole".
type Pos struct {
	Line int
	Col  int
}

// IsValid reports whether p names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Format names a prompt file format.
type Format string

// The prompt file formats promptlint reads.
const (
	FormatPromptlint   Format = "promptlint"    // our YAML/JSON: template, variables, version
	FormatGitHubModels Format = "github-models" // GitHub Models .prompt.yml
	FormatDotprompt    Format = "dotprompt"     // Dotprompt .prompt
	FormatPrompty      Format = "prompty"       // Prompty .prompty, v1 and v2
	FormatVSCode       Format = "vscode"        // VS Code .prompt.md
	FormatMarkdown     Format = "markdown"      // text or Markdown with YAML front matter
)

// Prompt is one prompt read from a file, in the one model shared by every
// format. A file may hold several prompts (our YAML's `prompts:` list).
type Prompt struct {
	Path    string // slash-separated, relative to the tree root
	Pos     Pos    // where the prompt starts (1:1 for a one-prompt file)
	Name    string // declared name, else derived from the file name
	NamePos Pos    // position of the declared name; zero when derived
	Format  Format
	Syntax  template.Syntax

	Version    string // raw version string as written, "" when absent
	VersionSet bool   // a version key is present (it may still be empty or invalid)
	// VersionKind is "a list" or "a mapping" when the version key holds
	// one (Version is then ""), "" for a scalar.
	VersionKind string
	VersionPos  Pos

	Description string
	Environment string // declared environment ("" when undeclared; see Config.EnvironmentOf)
	Labels      []string

	Messages []Message // the template: one message for single-body formats

	// Declares is true when the file declares its variables (our
	// `variables`, Dotprompt input.schema/input.default, Prompty inputs,
	// front matter `variables`). When false, every used variable is an
	// implicit required input.
	Declares  bool
	Variables []Variable // declared variables, in file order
	// OpenInputs is true when the declaration also admits names it does
	// not list (a Picoschema wildcard, (*)): no use is undefined then.
	OpenInputs bool
	Uses       []Use // every variable use in every message, in file order

	TemplateErrors []TemplateError // syntax problems found by the scanner
	Partials       []string        // Handlebars partials referenced
	Partial        bool            // the file is a Dotprompt partial (_name.prompt)

	TestData  []TestRow        // testData / examples / sample rows
	Changelog []ChangelogEntry // changelog/history entries
	Disabled  []string         // rule ids disabled by the file (promptlint: {disable: [...]})
	// Comments are the comments of the template ({# #}, {{! }}), which
	// never reach the model.
	Comments []TemplateComment
	// FileComments are the YAML comments of the prompt's file or front
	// matter (Text after the #) that mention TODO, FIXME or XXX, in file
	// order: not prompt text, but notes on it.
	FileComments []TemplateComment
	// Suppressions are the promptlint:ignore directives of the prompt's
	// file (every prompt of a file has them all).
	Suppressions []Suppression

	Model       map[string]any // model parameters (model, temperature, ...), as decoded
	Meta        map[string]any // every top-level key of the file or front matter, as decoded
	ContentSize int            // size in bytes of the file the prompt came from

	// source is the content of the file the prompt came from, as stored
	// (fixes edit it); nil for a prompt built by hand.
	source []byte
	// fixed is the file read again for fixes, once (fixFile); fixedErr
	// why it could not be.
	fixed    *fixFile
	fixedErr error
	// fixShared is the file another prompt of the same file read again
	// for its fixes, which fixFile reuses; the engine sets it while the
	// rules run on the prompt.
	fixShared *fixFile

	// wholeBody is the template a Prompty file renders in one piece
	// before it splits the output into role messages ("" for formats
	// that render each message on its own).
	wholeBody string

	// partials is the set of Partials, kept while the reader scans the
	// messages: a file of thousands of partials stays linear.
	partials map[string]bool

	// iface keeps Interface's answer for the prompts the readers make:
	// the check, the rules and the outputs ask for it several times, and
	// for a template of 100,000 variables each answer costs a map of
	// them. nil for a prompt built by hand, which computes it each time.
	iface *interfaceOnce
}

// interfaceOnce is Interface's answer, computed on the first call.
type interfaceOnce struct {
	once sync.Once
	vars []Variable
}

// Message is one message of a prompt: a role and its template text.
type Message struct {
	Role string // "system", "user", "assistant", ... or "" for a single body
	Text string // template text, line endings normalized to LF
	Pos  Pos    // position in the file of the first character of Text

	// Lines maps each line of Text (0-based index) to the file position of
	// its first character. Readers fill it; nil means Text lies verbatim at
	// Pos and the lines that follow it.
	Lines []Pos

	// tm maps every character of Text to the file (escapes, folded lines
	// and indentation undone); readers set it, PosAt and Positions use it.
	tm textMap
}

// PosAt is the file position of the character at byte offset off of
// m.Text: the character itself, or the escape or quote that wrote it. A
// line break that YAML folded into a space maps to the end of its line.
func (m *Message) PosAt(off int) Pos {
	return m.Positions([]int{off})[0]
}

// Positions is PosAt of each byte offset of offs, which must be sorted
// ascending, computed in one pass over the text: rules that report many
// findings in one message use it rather than PosAt for each.
func (m *Message) Positions(offs []int) []Pos {
	tps := template.Positions(m.Text, offs)
	out := make([]Pos, len(offs))
	for i, tp := range tps {
		if len(m.tm.segs) > 0 {
			out[i] = m.tm.at(tp)
		} else {
			out[i] = m.FilePos(tp.Line, tp.Col)
		}
	}
	return out
}

// FilePos converts a position in m.Text (1-based line and column in code
// points) to a position in the file.
func (m *Message) FilePos(line, col int) Pos {
	if line < 1 {
		return m.Pos
	}
	if line-1 < len(m.Lines) {
		start := m.Lines[line-1]
		return Pos{Line: start.Line, Col: start.Col + col - 1}
	}
	if line == 1 {
		return Pos{Line: m.Pos.Line, Col: m.Pos.Col + col - 1}
	}
	return Pos{Line: m.Pos.Line + line - 1, Col: col}
}

// Variable is a declared input of a prompt.
type Variable struct {
	Name        string
	Required    bool // no default and not marked optional
	Default     any  // the default value when HasDefault
	HasDefault  bool
	Type        string // declared type, if any ("string", "array", ...)
	Description string
	Pos         Pos
}

// Use is one occurrence of a variable in a message, with its file position.
type Use struct {
	Name    string // root variable name
	Expr    string // expression as written
	Message int    // index into Prompt.Messages
	Pos     Pos
	Spaced  bool // GitHub Models {{ name }}: not substituted by GitHub's tools
	Actions bool // the root of a GitHub Actions expression, ${{ github.sha }}
	// Optional: the use only tests whether the caller passed the variable,
	// or runs only where a test established it (template.Use.Optional).
	Optional bool
}

// TemplateError is a template syntax problem at a file position.
type TemplateError struct {
	Pos Pos
	Msg string
}

// TestRow is one row of test inputs (GitHub Models testData, examples, sample).
type TestRow struct {
	Pos Pos
	// Values are the row's values, the same map as the row's in Meta:
	// read them, do not modify them.
	Values map[string]any
}

// ChangelogEntry is one entry of a prompt's changelog.
type ChangelogEntry struct {
	Version string
	Date    string
	Changes string
	Pos     Pos
}

// Text is the prompt's template text as the diff summary compares it: the
// single body as written, or for several messages each message trimmed of
// surrounding white space, joined with one newline.
func (p *Prompt) Text() string {
	if len(p.Messages) == 1 {
		return p.Messages[0].Text
	}
	parts := make([]string, len(p.Messages))
	for i, m := range p.Messages {
		parts[i] = strings.TrimSpace(m.Text)
	}
	return strings.Join(parts, "\n")
}

// Render substitutes data into the prompt the way its format's tool does
// and returns the output as Text does: the single body, or each message
// trimmed and joined with one newline. Most formats render each message
// on its own; Prompty renders its whole body as one template and splits
// the output into roles afterwards, so a {% set %} or a macro in one role
// section reaches the next.
func (p *Prompt) Render(data map[string]any) (string, error) {
	return p.Renderer()(data)
}

// Renderer returns a function that renders the prompt with data as
// Render does, parsing its templates once for all the calls.
func (p *Prompt) Renderer() func(data map[string]any) (string, error) {
	if p.wholeBody != "" {
		body := compileTemplate(p.Syntax, p.wholeBody)
		return func(data map[string]any) (string, error) {
			out, err := body(data)
			if err != nil {
				return "", err
			}
			return strings.Join(promptyRoleTexts(out), "\n"), nil
		}
	}
	msgs := make([]func(map[string]any) (string, error), len(p.Messages))
	for i, m := range p.Messages {
		msgs[i] = compileTemplate(p.Syntax, m.Text)
	}
	return func(data map[string]any) (string, error) {
		parts := make([]string, 0, len(msgs))
		for _, render := range msgs {
			out, err := render(data)
			if err != nil {
				return "", err
			}
			parts = append(parts, strings.TrimSpace(out))
		}
		return strings.Join(parts, "\n"), nil
	}
}

// Variable returns the declared variable with the given name, or nil.
func (p *Prompt) Variable(name string) *Variable {
	for i := range p.Variables {
		if p.Variables[i].Name == name {
			return &p.Variables[i]
		}
	}
	return nil
}

// UsedNames returns the distinct names of used variables, in order of first use.
func (p *Prompt) UsedNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, u := range p.Uses {
		if !seen[u.Name] {
			seen[u.Name] = true
			names = append(names, u.Name)
		}
	}
	return names
}

// Inputs returns the prompt's inputs: its declared variables when it
// declares them, else one variable per distinct used name, required
// unless every use of it is optional (Use.Optional: {% if name %},
// {{#if name}}, name | default(...)). A spaced GitHub Models placeholder
// ({{ name }}) is not an input: GitHub's tools leave it as written
// (variable-spacing reports it).
func (p *Prompt) Inputs() []Variable {
	if p.Declares {
		return p.Variables
	}
	return p.Interface()[len(p.Variables):]
}
