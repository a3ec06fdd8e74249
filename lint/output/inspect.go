package output

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/template"
)

// Inspect writes the parsed model of each prompt, for `promptlint
// inspect`: format "json" writes {"prompts": [...]} with each prompt's
// path, name, format, syntax, version, description, environment,
// variables, messages, uses, template errors, test data count and
// changelog; format "text" writes the same as indented, readable lines.
// environment, when not nil, gives the environment shown (the one the
// rules apply); nil shows the declared one.
func Inspect(w io.Writer, prompts []*lint.Prompt, format string, environment func(*lint.Prompt) string) error {
	if environment == nil {
		environment = func(p *lint.Prompt) string { return p.Environment }
	}
	switch format {
	case "json":
		doc := struct {
			Prompts []inspectPrompt `json:"prompts"`
		}{Prompts: []inspectPrompt{}}
		for _, p := range prompts {
			doc.Prompts = append(doc.Prompts, inspectOf(p, environment(p)))
		}
		return encode(w, doc)
	case "text", "":
		var lines []string
		for i, p := range prompts {
			if i > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, inspectText(p, environment(p))...)
		}
		return writeLines(w, lines)
	}
	return fmt.Errorf("unknown inspect format %q (want text or json)", format)
}

type inspectPrompt struct {
	Path           string             `json:"path"`
	Name           string             `json:"name"`
	Format         string             `json:"format"`
	Syntax         string             `json:"syntax"`
	Version        string             `json:"version"`
	Description    string             `json:"description"`
	Environment    string             `json:"environment"`
	Variables      []inspectVariable  `json:"variables"`
	Messages       []inspectMessage   `json:"messages"`
	Uses           []inspectUse       `json:"uses"`
	TemplateErrors []inspectError     `json:"template_errors"`
	TestData       int                `json:"test_data"`
	Changelog      []inspectChangelog `json:"changelog"`
}

type inspectVariable struct {
	Name     string `json:"name"`
	Required bool   `json:"required"`
	Default  any    `json:"default"`
	Used     bool   `json:"used"`
}

type inspectMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type inspectUse struct {
	Name   string `json:"name"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type inspectError struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type inspectChangelog struct {
	Version string `json:"version"`
	Date    string `json:"date"`
	Changes string `json:"changes"`
}

func inspectOf(p *lint.Prompt, env string) inspectPrompt {
	out := inspectPrompt{
		Path: p.Path, Name: p.Name, Format: string(p.Format), Syntax: string(p.Syntax),
		Version: p.Version, Description: p.Description, Environment: env,
		Variables: []inspectVariable{}, Messages: []inspectMessage{}, Uses: []inspectUse{},
		TemplateErrors: []inspectError{}, TestData: len(p.TestData), Changelog: []inspectChangelog{},
	}
	used := map[string]bool{}
	for _, u := range p.Uses {
		used[u.Name] = true
		out.Uses = append(out.Uses, inspectUse{Name: u.Name, Line: u.Pos.Line, Column: u.Pos.Col})
	}
	for _, v := range p.Inputs() {
		iv := inspectVariable{Name: v.Name, Required: v.Required, Used: used[v.Name]}
		if v.HasDefault {
			iv.Default = template.JSONValue(v.Default)
		}
		out.Variables = append(out.Variables, iv)
	}
	for _, m := range p.Messages {
		out.Messages = append(out.Messages, inspectMessage{Role: m.Role, Content: m.Text})
	}
	for _, e := range p.TemplateErrors {
		out.TemplateErrors = append(out.TemplateErrors, inspectError{Line: e.Pos.Line, Column: e.Pos.Col, Message: e.Msg})
	}
	for _, c := range p.Changelog {
		out.Changelog = append(out.Changelog, inspectChangelog{Version: c.Version, Date: c.Date, Changes: c.Changes})
	}
	return out
}

// inspectText formats one prompt for people. Untrusted text is quoted or
// indented behind a fixed prefix, so no line starts with it.
func inspectText(p *lint.Prompt, env string) []string {
	ip := inspectOf(p, env)
	lines := []string{
		fmt.Sprintf("%s: %q", p.Path, p.Name),
		fmt.Sprintf("  format: %s, syntax: %s", orNone(ip.Format), orNone(ip.Syntax)),
		"  version: " + quoteOrNone(p.Version),
		"  description: " + quoteOrNone(p.Description),
		"  environment: " + quoteOrNone(env),
	}
	if len(ip.Variables) == 0 {
		lines = append(lines, "  variables: none")
	} else {
		lines = append(lines, "  variables:")
		for _, v := range ip.Variables {
			var attrs []string
			if v.Required {
				attrs = append(attrs, "required")
			} else {
				attrs = append(attrs, "optional")
			}
			if v.Default != nil {
				b, err := json.Marshal(v.Default)
				if err != nil {
					b = []byte(fmt.Sprintf("%q", fmt.Sprint(v.Default)))
				}
				attrs = append(attrs, "default "+string(b))
			}
			if v.Used {
				attrs = append(attrs, "used")
			} else {
				attrs = append(attrs, "unused")
			}
			lines = append(lines, fmt.Sprintf("    %q: %s", v.Name, strings.Join(attrs, ", ")))
		}
	}
	if len(ip.Uses) > 0 {
		lines = append(lines, "  uses:")
		for _, u := range ip.Uses {
			lines = append(lines, fmt.Sprintf("    %d:%d: %q", u.Line, u.Column, u.Name))
		}
	}
	if len(ip.TemplateErrors) > 0 {
		lines = append(lines, "  template errors:")
		for _, e := range ip.TemplateErrors {
			lines = append(lines, fmt.Sprintf("    %d:%d: %s", e.Line, e.Column, e.Message))
		}
	}
	lines = append(lines, fmt.Sprintf("  test data: %s", plural(ip.TestData, "row", "rows")))
	if len(ip.Changelog) > 0 {
		lines = append(lines, "  changelog:")
		for _, c := range ip.Changelog {
			lines = append(lines, fmt.Sprintf("    %s %s: %q", orNone(c.Version), orNone(c.Date), c.Changes))
		}
	}
	for i, m := range p.Messages {
		role := m.Role
		if role == "" {
			role = "body"
		}
		lines = append(lines, fmt.Sprintf("  message %d (%s):", i+1, role))
		for _, l := range strings.Split(strings.TrimSuffix(m.Text, "\n"), "\n") {
			lines = append(lines, "    | "+l)
		}
	}
	return lines
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func quoteOrNone(s string) string {
	if s == "" {
		return "none"
	}
	return fmt.Sprintf("%q", s)
}
