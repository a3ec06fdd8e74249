package template

import (
	"fmt"
	"strings"
)

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

func scanGitHub(text string) Result {
	var c collector
	for i := 0; i < len(text); {
		name, off, end, spaced, ok := gitHubPlaceholder(text, i)
		if !ok {
			i++
			continue
		}
		if i > 0 && text[i-1] == '$' {
			root, _, _ := strings.Cut(name, ".")
			if spaced || actionsExpr(text, off, root) {
				i = end
				continue
			}
		}
		c.use(name, text[i:end], off)
		c.res.Uses[len(c.res.Uses)-1].Spaced = spaced
		i = end
	}
	return c.res
}

// renderGitHub substitutes exact {{name}} placeholders; a placeholder
// without a value, and every spaced one, stays as written (as GitHub's
// tools leave it).
func renderGitHub(text string, data map[string]any) string {
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
			writeValue(&b, v)
			last = end
		}
		i = end
	}
	b.WriteString(text[last:])
	return b.String()
}

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

func scanVSCode(text string) Result {
	var c collector
	for i := 0; i < len(text); {
		k := strings.Index(text[i:], "${input:")
		if k < 0 {
			break
		}
		i += k
		name, off, end, ok, bad := vsInput(text, i)
		switch {
		case ok:
			c.use(name, text[i:end], off)
			i = end
		case bad && end > 0:
			c.errorf(i, "input variable %q has no name", text[i:end])
			i = end
		default:
			c.errorf(i, `unclosed "${input:": expected "}" on the same line`)
			// Every later "${input:" on this line is unclosed too.
			if nl := strings.IndexByte(text[i:], '\n'); nl >= 0 {
				i += nl + 1
			} else {
				i = len(text)
			}
		}
	}
	return c.res
}

// renderVSCode substitutes ${input:name} placeholders that have a value.
func renderVSCode(text string, data map[string]any) string {
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
			writeValue(&b, v)
			last = end
		}
		i = end
	}
	b.WriteString(text[last:])
	return b.String()
}

// writeValue writes a substituted value as GitHub's and VS Code's plain
// substitution does: a string as is, anything else in its default form.
func writeValue(b *strings.Builder, v any) {
	if s, ok := v.(string); ok {
		b.WriteString(s)
		return
	}
	fmt.Fprintf(b, "%v", v)
}
