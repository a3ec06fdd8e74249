// Package githubmodels scans and renders the placeholders of GitHub Models
// prompt files (.prompt.yml): exact {{name}}, as GitHub's tools substitute
// them.
package githubmodels

import (
	"strings"

	"github.com/promptlint/promptlint/lint/template"
)

// Language is GitHub Models' placeholder syntax.
var Language = &template.Language{Syntax: template.GitHubModels, Scan: Scan, Render: Render}

// GitHub Models placeholders follow the two GitHub tools that fill them:
// gh models (pkg/prompt TemplateString) replaces the literal text
// "{{"+key+"}}" for every key of a testData row, and actions/ai-inference
// replaces /\{\{([\w.-]+)\}\}/. Both substitute only an exact {{name}}
// with name made of ASCII letters, digits, "_", "." and "-", scanning left
// to right, so "{{{x}}}" substitutes x and leaves the outer braces.
// "{{ name }}" (spaces or tabs inside) is left as it is by both tools; the
// scanner reports it as a Use with Spaced set. There are no blocks and no
// syntax errors: any other "{{" is literal text for GitHub. So is a GitHub
// Actions expression a prompt quotes, "${{ github.sha }}" or
// "${{ secrets.TOKEN }}": spaced, or rooted in an Actions context, it is
// no placeholder and the scanner does not report it ("${{price}}" is a
// dollar sign and a placeholder).

func isGitHubNameByte(c byte) bool {
	return c == '_' || c == '.' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// gitHubPlaceholder matches a placeholder at t[i:]. It returns the name,
// its offset, the end of the match, and whether it was spaced.
func gitHubPlaceholder(t string, i int) (name string, nameOff, end int, spaced, ok bool) {
	if !strings.HasPrefix(t[i:], "{{") {
		return "", 0, 0, false, false
	}
	j := i + 2
	k := j
	for k < len(t) && (t[k] == ' ' || t[k] == '\t') {
		k++
	}
	n := k
	for n < len(t) && isGitHubNameByte(t[n]) {
		n++
	}
	if n == k {
		return "", 0, 0, false, false
	}
	e := n
	for e < len(t) && (t[e] == ' ' || t[e] == '\t') {
		e++
	}
	if !strings.HasPrefix(t[e:], "}}") {
		return "", 0, 0, false, false
	}
	return t[k:n], k, e + 2, k > j || e > n, true
}

// Scan reports the {{name}} placeholders of text, spaced ones marked.
func Scan(text string) template.Result {
	var c template.Collector
	for i := 0; i < len(text); {
		name, off, end, spaced, ok := gitHubPlaceholder(text, i)
		if !ok {
			i++
			continue
		}
		if i > 0 && text[i-1] == '$' {
			root, _, _ := strings.Cut(name, ".")
			if spaced || template.ActionsExpr(text, off, root) {
				i = end
				continue
			}
		}
		c.Use(name, text[i:end], off)
		c.Result.Uses[len(c.Result.Uses)-1].Spaced = spaced
		i = end
	}
	return c.Finish(text)
}

// Render substitutes exact {{name}} placeholders; a placeholder without a
// value, and every spaced one, stays as written (as GitHub's tools leave
// it). It never fails.
func Render(text string, data map[string]any) (string, error) {
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); {
		name, _, end, spaced, ok := gitHubPlaceholder(text, i)
		if !ok {
			i++
			continue
		}
		if v, has := data[name]; has && !spaced {
			b.WriteString(text[last:i])
			template.WriteValue(&b, v)
			last = end
		}
		i = end
	}
	b.WriteString(text[last:])
	return b.String(), nil
}
