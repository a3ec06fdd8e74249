// Package jinja scans and renders Jinja2 templates (Prompty's default
// syntax): a parser with the grammar of jinja2.parser, the symbol analysis
// of jinja2.idtracking for the free variables, and a renderer of Python
// values.
package jinja

import "github.com/promptlint/promptlint/lint/template"

// Language is Jinja2 with its default Environment.
var Language = &template.Language{Syntax: template.Jinja, Scan: Scan, Render: Render, Compile: Compile}
