package lint

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// ParseError is a file that cannot be read as a prompt. It becomes a
// parse-error finding at Pos; the run goes on.
type ParseError struct {
	Path string
	Pos  Pos
	Msg  string // one lower-case line
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, max(e.Pos.Line, 1), max(e.Pos.Col, 1), e.Msg)
}

// DetectFormat returns the format of a prompt file from its path and, where
// the extension is ambiguous, its content. ok is false when the file is not
// a prompt file of any known format.
//
// The rules, in order:
//   - *.prompt.yml, *.prompt.yaml: GitHub Models;
//   - *.prompty: Prompty; *.prompt.md: VS Code;
//   - *.prompt: Dotprompt, unless the file is a YAML mapping shaped like a
//     GitHub Models or promptlint file;
//   - *.yaml, *.yml, *.json: by content, see below;
//   - *.md, *.markdown and *.txt: VS Code when the front matter carries VS
//     Code's `mode`, `agent` or `tools` keys; else text with front matter
//     when the file has front matter (a closed YAML mapping between ---
//     lines). Without front matter a Markdown or text file documents
//     prompts and is not one, wherever it lies;
//   - template files (*.j2, *.jinja, *.jinja2, *.hbs, *.handlebars,
//     *.mustache): text, with or without front matter.
//
// A project document (README*, CHANGELOG*, CONTRIBUTING*, LICENSE*) of
// these text kinds is never a prompt. A file inside a directory named like
// a prompt file (history/x.prompt.md/01-abc.md) is read as that directory's
// format.
//
// A YAML or JSON mapping is a promptlint file when it has `template`, a
// `prompts:` list of prompts, or `messages` together with `variables` or
// `syntax`; it is a GitHub Models file when it has `messages` and none of
// those. Configuration files of other tools (promptfoo's `providers` and
// `tests`, workflows' `jobs`, JSON Schemas) are not prompts.
func DetectFormat(path string, data []byte) (f Format, ok bool) {
	f, ok, _, _ = detect(path, data)
	return f, ok
}

// Parse reads one prompt file into its prompts. path is slash-separated and
// relative to the tree root. A file that cannot be read as a prompt yields a
// *ParseError; a Markdown or text file that documents prompts rather than
// being one (no front matter, or a README) yields no prompts and no error.
// Parse never panics on any input.
func Parse(path string, data []byte, cfg *Config) (prompts []*Prompt, err error) {
	defer func() {
		// A reader bug must not take the run down: report it on the file.
		if r := recover(); r != nil {
			prompts, err = nil, &ParseError{Path: path, Msg: fmt.Sprintf("internal error reading the file: %v", r)}
		}
	}()
	if cfg == nil {
		cfg = DefaultConfig()
	}
	if pe := checkContent(path, data); pe != nil {
		return nil, pe
	}
	source := data
	data = normalizeNewlines(data)
	f, ok, hint, doc := detect(path, data)
	if f == FormatMarkdown && !ok {
		return nil, nil // documentation
	}
	if !ok && isYAMLExt(path) && underPromptsDir(path) {
		// Selected by the prompts/ glob: report what is wrong with it.
		f, ok = FormatPromptlint, true
	}
	if !ok {
		if hint == "" {
			hint = "not a prompt file of a known format (see `files:` in .promptlint.yaml)"
		}
		return nil, &ParseError{Path: path, Pos: Pos{Line: 1, Col: 1}, Msg: hint}
	}
	r := newReader(path, data, cfg)
	r.doc = doc
	switch f {
	case FormatPromptlint:
		prompts, err = r.readPromptlint()
	case FormatGitHubModels:
		prompts, err = r.readGitHubModels()
	case FormatDotprompt:
		prompts, err = r.readDotprompt()
	case FormatPrompty:
		prompts, err = r.readPrompty()
	case FormatVSCode:
		prompts, err = r.readVSCode()
	case FormatMarkdown:
		prompts, err = r.readMarkdown()
	}
	if err != nil {
		return nil, err
	}
	sups := directivesOf(path, data, f, prompts)
	fileComments(path, data, f, prompts)
	for _, p := range prompts {
		p.ContentSize = len(data)
		p.source = source
		p.Suppressions = sups
	}
	return prompts, nil
}

// checkContent rejects content that is not text: empty, binary or not UTF-8.
func checkContent(path string, data []byte) *ParseError {
	if len(bytes.TrimSpace(data)) == 0 {
		return &ParseError{Path: path, Pos: Pos{Line: 1, Col: 1}, Msg: "file is empty"}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return &ParseError{Path: path, Pos: bytePos(data, i), Msg: "binary file (contains a NUL byte); prompt files are UTF-8 text"}
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return &ParseError{Path: path, Pos: bytePos(data, i), Msg: fmt.Sprintf("file is not valid UTF-8 (byte 0x%02x)", data[min(i, len(data)-1)])}
	}
	return nil
}

// bytePos is the file position of byte offset off in data.
func bytePos(data []byte, off int) Pos {
	off = min(max(off, 0), len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return Pos{Line: line, Col: 1 + utf8.RuneCount(data[start:off])}
}

// normalizeNewlines turns CRLF line endings into LF; line and column
// numbers are unchanged by it.
func normalizeNewlines(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
}

// templateExts are extensions of plain template files, read as text.
var templateExts = map[string]bool{".j2": true, ".jinja": true, ".jinja2": true, ".hbs": true, ".handlebars": true, ".mustache": true}

// detect is DetectFormat; hint says why a file is not a prompt when that
// is known from its content. doc is the file parsed as one YAML document
// when telling its format took that (a YAML or JSON file, a Dotprompt file
// shaped like one), so that the reader does not parse it again; else nil.
func detect(p string, data []byte) (f Format, ok bool, hint string, doc *yaml.Node) {
	base := strings.ToLower(path.Base(p))
	// Revisions kept in a directory named after the file they revise.
	if dir := strings.ToLower(path.Base(path.Dir(p))); path.Dir(p) != "." && path.Ext(dir) != "" && path.Ext(dir) == path.Ext(base) {
		if f, ok := formatBySuffix(dir); ok {
			return f, true, "", nil
		}
	}
	if f, ok := formatBySuffix(base); ok {
		if f == FormatDotprompt {
			if yf, doc := detectYAMLShape(data, false); doc != nil && yf != "" {
				return yf, true, "", doc
			}
		}
		return f, true, "", nil
	}
	ext := path.Ext(base)
	switch {
	case ext == ".yaml" || ext == ".yml" || ext == ".json":
		yf, doc := detectYAMLShape(data, true)
		if yf == "" {
			return "", false, "not a prompt file: no `template`, `messages` or `prompts` key at the top level", nil
		}
		return yf, true, "", doc
	case ext == ".md" || ext == ".markdown" || ext == ".txt" || templateExts[ext]:
		if templateExts[ext] {
			return FormatMarkdown, true, "", nil
		}
		if IsProjectDoc(p) {
			return FormatMarkdown, false, "", nil
		}
		fm, hasFM := sniffFrontMatterKeys(data)
		if (ext == ".md" || ext == ".markdown") && hasFM && (fm["mode"] || fm["agent"] || fm["tools"]) && !fm["variables"] && !fm["syntax"] {
			return FormatVSCode, true, "", nil
		}
		if hasFM || unclosedFrontMatter(data) {
			return FormatMarkdown, true, "", nil
		}
		// No front matter: the file documents prompts.
		return FormatMarkdown, false, "", nil
	}
	return "", false, "", nil
}

// isYAMLExt reports whether a path names a YAML or JSON file.
func isYAMLExt(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// underPromptsDir reports whether a path lies under a directory named
// "prompts" or "prompt".
func underPromptsDir(p string) bool {
	for _, part := range strings.Split(path.Dir(p), "/") {
		if l := strings.ToLower(part); l == "prompts" || l == "prompt" {
			return true
		}
	}
	return false
}

// formatBySuffix knows the unambiguous multi-part extensions.
func formatBySuffix(base string) (Format, bool) {
	switch {
	case strings.HasSuffix(base, ".prompt.yml"), strings.HasSuffix(base, ".prompt.yaml"):
		return FormatGitHubModels, true
	case strings.HasSuffix(base, ".prompty"):
		return FormatPrompty, true
	case strings.HasSuffix(base, ".prompt.md"):
		return FormatVSCode, true
	case strings.HasSuffix(base, ".prompt"):
		return FormatDotprompt, true
	}
	return "", false
}

// detectYAMLShape classifies a YAML or JSON document by its top-level keys.
// It returns "" when the document is not a prompt of ours or GitHub's, and
// the parsed document (nil when the data is not a YAML mapping). When
// lenient, a document that does not parse but names our keys is still
// classified, so that its syntax error gets reported.
func detectYAMLShape(data []byte, lenient bool) (f Format, doc *yaml.Node) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || bytes.HasPrefix(trimmed, []byte("---\n")) && !looksLikeYAMLDoc(trimmed) {
		return "", nil
	}
	doc, err := unmarshalYAML(string(data))
	if err != nil {
		if !lenient {
			return "", nil
		}
		for _, k := range []string{"template:", "messages:", "prompts:", `"template"`, `"messages"`, `"prompts"`} {
			if bytes.HasPrefix(trimmed, []byte(k)) || bytes.Contains(data, []byte("\n"+k)) || k[0] == '"' && bytes.Contains(data, []byte(k)) {
				if strings.Contains(k, "messages") {
					return FormatGitHubModels, nil
				}
				return FormatPromptlint, nil
			}
		}
		return "", nil
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return "", nil
	}
	m := doc.Content[0]
	// The keys are looked up in the mapping itself, the last of a key
	// given twice winning: a map of them would cost more than the
	// lookups, on every file.
	has := func(key string) (v *yaml.Node) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				v = m.Content[i+1]
			}
		}
		return v
	}
	for _, k := range []string{"providers", "tests", "defaultTest", "redteam", "jobs", "$schema", "$id"} {
		if has(k) != nil {
			return "", doc
		}
	}
	switch {
	case has("template") != nil:
		return FormatPromptlint, doc
	case has("messages") != nil && (has("variables") != nil || has("syntax") != nil):
		return FormatPromptlint, doc
	case has("messages") != nil:
		return FormatGitHubModels, doc
	case has("prompts") != nil && has("prompts").Kind == yaml.SequenceNode:
		for _, e := range has("prompts").Content {
			if e.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i+1 < len(e.Content); i += 2 {
				if k := e.Content[i].Value; k == "template" || k == "messages" {
					return FormatPromptlint, doc
				}
			}
		}
	}
	return "", doc
}

// looksLikeYAMLDoc reports whether data starting with "---" is a YAML
// document (a mapping follows) rather than front matter.
func looksLikeYAMLDoc(data []byte) bool {
	return !bytes.Contains(data[3:], []byte("\n---\n")) && !bytes.HasSuffix(data, []byte("\n---"))
}

// sniffFrontMatterKeys returns the top-level keys of a file's front matter.
func sniffFrontMatterKeys(data []byte) (map[string]bool, bool) {
	fm, _ := splitFrontMatter(data, false)
	if !fm.present || fm.unclosed {
		return nil, false
	}
	keys := map[string]bool{}
	for _, line := range strings.Split(fm.yaml, "\n") {
		if line == "" || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-' {
			continue
		}
		if i := strings.IndexByte(line, ':'); i > 0 {
			keys[strings.Trim(strings.TrimSpace(line[:i]), `"'`)] = true
		}
	}
	return keys, true
}

// stem is the file name without its directory and prompt extensions:
// "prompts/support_reply.prompt.yml" gives "support_reply".
func stem(p string) string {
	base := path.Base(p)
	lower := strings.ToLower(base)
	for _, suf := range []string{".prompt.yml", ".prompt.yaml", ".prompt.md", ".prompty", ".prompt"} {
		if strings.HasSuffix(lower, suf) {
			return base[:len(base)-len(suf)]
		}
	}
	return strings.TrimSuffix(base, path.Ext(base))
}
