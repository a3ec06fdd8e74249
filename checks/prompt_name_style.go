package checks

import (
	"path"
	"regexp"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// PromptNameStyle reports prompt names not written in the configured case.
var PromptNameStyle = &lint.Rule{
	ID:       "prompt-name-style",
	Severity: lint.Warning,
	Doc: `A prompt's name, or its file name when it declares none, is not in the configured case.

Code loads prompts by name; names in one case (naming.prompts, default
snake_case) can be typed without looking them up and grep well. A declared
name is checked when it is an identifier: in promptlint's own files,
Dotprompt front matter, and VS Code prompt files (the slash command). In
GitHub Models and Prompty files "name:" is a display name shown to people
("Text Summarizer", "Summarize"), not what code loads, so those prompts,
like one that declares no name or whose name has spaces, are checked by
their file name without the format's extension ("support_reply" in
support_reply.prompt.yml, the Dotprompt variant and a partial's "_" left
out). In a file name and a VS Code slash command, "-" and "_" are both
accepted as separators and a leading ordering number ("01-basic") is
ignored, because file names follow the file system's conventions; letter
case must still match (no "SupportReply" under snake_case).

Bad:

    -- prompts/support.yaml --
    name: SupportReply
    version: 1.0.0
    template: "Answer {question}."

Good:

    -- prompts/support.yaml --
    name: support_reply
    version: 1.0.0
    template: "Answer {question}."`,
	Run: runPromptNameStyle,
}

func runPromptNameStyle(pass *lint.Pass) {
	p := pass.Prompt
	want := pass.Config.Naming.Prompts
	// A display name (GitHub Models and Prompty use name for one, and a
	// name with spaces is a title) is no identifier: the file name stands
	// for the prompt.
	display := p.Format == lint.FormatGitHubModels || p.Format == lint.FormatPrompty || strings.ContainsAny(p.Name, " \t")
	if p.NamePos.IsValid() && !display {
		if p.Name == "" || inCase(p.Name, want) {
			return
		}
		// A VS Code prompt's name is its slash command, named like a file.
		if p.Format == lint.FormatVSCode && fileNameInCase(p.Name, want) {
			return
		}
		pass.Reportf(p.NamePos, "prompt name %q is not %s (want %q)", p.Name, want, toCase(p.Name, want))
		return
	}
	name := fileStem(p.Path, p.Format)
	if name == "" || fileNameInCase(name, want) {
		return
	}
	pass.Reportf(p.Pos, "prompt file name %q is not %s (want %q)", name, want, toCase(name, want))
}

// fileNameInCase reports whether a file stem is in the case, taking "-"
// and "_" as the same separator for the lower-case styles and ignoring a
// leading ordering number ("01-basic").
func fileNameInCase(name, c string) bool {
	if name != "" && '0' <= name[0] && name[0] <= '9' {
		name = orderPrefix.ReplaceAllString(name, "") // it starts with a digit
	}
	if inCase(name, c) {
		return true
	}
	switch c {
	case "snake_case":
		return inCase(strings.ReplaceAll(name, "-", "_"), c)
	case "kebab-case":
		return inCase(strings.ReplaceAll(name, "_", "-"), c)
	}
	return false
}

var orderPrefix = regexp.MustCompile(`^[0-9]+[-_.]`)

// formatExts are the file name endings of each format, longest first.
var formatExts = []string{".prompt.yaml", ".prompt.yml", ".prompt.md", ".prompty", ".prompt", ".yaml", ".yml", ".json", ".md", ".txt"}

// fileStem is a prompt file's name without its format's extension (and for
// Dotprompt without the variant and a partial's leading underscore).
func fileStem(p string, f lint.Format) string {
	if f == lint.FormatDotprompt {
		return dotpromptName(p)
	}
	base := path.Base(p)
	for _, ext := range formatExts {
		if strings.HasSuffix(base, ext) && len(base) > len(ext) {
			return strings.TrimSuffix(base, ext)
		}
	}
	return base
}
