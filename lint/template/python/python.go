// Package python scans and renders Python str.format templates, as
// string.Formatter parses them and template.format(**data) fills them,
// and formats values as Python's str() and repr() do.
package python

import "github.com/promptlint/promptlint/lint/template"

// Language is Python's str.format.
var Language = &template.Language{Syntax: template.Python, Scan: Scan, Render: Render, Compile: Compile}
