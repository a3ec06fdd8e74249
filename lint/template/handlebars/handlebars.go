// Package handlebars scans and renders Handlebars templates (Dotprompt's
// syntax) and Mustache templates, its subset: one parser and one renderer
// with a Mustache mode.
package handlebars

import "github.com/promptlint/promptlint/lint/template"

// Language is Handlebars, as Dotprompt compiles it.
var Language = &template.Language{Syntax: template.Handlebars, Scan: Scan, Render: Render, Compile: Compile}

// Mustache is the Mustache spec: sections, inverted sections, comments,
// partials, set-delimiter tags, no helpers.
var Mustache = &template.Language{Syntax: template.Mustache, Scan: ScanMustache, Render: RenderMustache, Compile: CompileMustache}

// Scan reports the free variables and syntax errors of a Handlebars
// template.
func Scan(text string) template.Result { return scan(text, true) }

// ScanMustache reports the free variables and syntax errors of a Mustache
// template.
func ScanMustache(text string) template.Result { return scan(text, false) }

// Render renders a Handlebars template with data, unescaped, as Dotprompt
// does.
func Render(text string, data map[string]any) (string, error) {
	return compile(text, true)(data)
}

// Compile parses a Handlebars template once for many renders.
func Compile(text string) func(data map[string]any) (string, error) {
	return compile(text, true)
}

// RenderMustache renders a Mustache template with data.
func RenderMustache(text string, data map[string]any) (string, error) {
	return compile(text, false)(data)
}

// CompileMustache parses a Mustache template once for many renders.
func CompileMustache(text string) func(data map[string]any) (string, error) {
	return compile(text, false)
}
