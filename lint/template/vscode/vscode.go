// Package vscode scans and renders the input variables of VS Code prompt
// files (.prompt.md): ${input:name} and ${input:name:placeholder}.
package vscode

import (
	"strings"

	"github.com/promptlint/promptlint/lint/template"
)

// Language is VS Code's input variable syntax.
var Language = &template.Language{Syntax: template.VSCode, Scan: Scan, Render: Render}

// VS Code prompt files take input variables as ${input:name} or
// ${input:name:placeholder}; the name runs to the next ":" or "}" and is
// trimmed. Other ${...} variables (${selection}, ${file},
// ${workspaceFolder}, ...) are filled by VS Code itself and are not
// reported. An unclosed "${input:" and an empty name are Errors.

// vsInput matches ${input:...} at t[i:].
func vsInput(t string, i int) (name string, nameOff, end int, ok, bad bool) {
	const open = "${input:"
	if !strings.HasPrefix(t[i:], open) {
		return "", 0, 0, false, false
	}
	j := i + len(open)
	e := strings.IndexAny(t[j:], "}\n")
	if e < 0 || t[j+e] != '}' {
		return "", 0, 0, false, true
	}
	body := t[j : j+e]
	nm := body
	if k := strings.IndexByte(body, ':'); k >= 0 {
		nm = body[:k]
	}
	trimmed := strings.TrimSpace(nm)
	if trimmed == "" {
		return "", 0, j + e + 1, false, true
	}
	return trimmed, j + strings.Index(nm, trimmed), j + e + 1, true, false
}

// Scan reports the ${input:name} variables of text; an unclosed one and
// one without a name are Errors.
func Scan(text string) template.Result {
	var c template.Collector
	for i := 0; i < len(text); {
		k := strings.Index(text[i:], "${input:")
		if k < 0 {
			break
		}
		i += k
		name, off, end, ok, bad := vsInput(text, i)
		switch {
		case ok:
			c.Use(name, text[i:end], off)
			i = end
		case bad && end > 0:
			c.Errorf(i, "input variable %q has no name", text[i:end])
			i = end
		default:
			c.Errorf(i, `unclosed "${input:": expected "}" on the same line`)
			// Every later "${input:" on this line is unclosed too.
			if nl := strings.IndexByte(text[i:], '\n'); nl >= 0 {
				i += nl + 1
			} else {
				i = len(text)
			}
		}
	}
	return c.Finish(text)
}

// Render substitutes ${input:name} placeholders that have a value. It
// never fails.
func Render(text string, data map[string]any) (string, error) {
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); {
		k := strings.Index(text[i:], "${input:")
		if k < 0 {
			break
		}
		i += k
		name, _, end, ok, _ := vsInput(text, i)
		if !ok {
			if end > 0 {
				i = end
			} else if nl := strings.IndexByte(text[i:], '\n'); nl >= 0 {
				i += nl + 1
			} else {
				i = len(text)
			}
			continue
		}
		if v, has := data[name]; has {
			b.WriteString(text[last:i])
			template.WriteValue(&b, v)
			last = end
		}
		i = end
	}
	b.WriteString(text[last:])
	return b.String(), nil
}
