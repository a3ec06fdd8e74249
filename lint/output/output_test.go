package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/template"
)

// TestMain runs the tests with the collector set as the binary sets it
// under its memory limit (main's gcPercent), unless GOGC is set: they run
// the writers in this process, and spend a tenth less CPU.
func TestMain(m *testing.M) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	os.Exit(m.Run())
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name  string
		write func(w io.Writer) error
	}{
		{"text.txt", func(w io.Writer) error { return Text(w, sampleReport()) }},
		{"check.json", func(w io.Writer) error { return JSON(w, sampleReport()) }},
		{"lint.json", func(w io.Writer) error { return JSON(w, lintReport()) }},
		{"check.sarif", func(w io.Writer) error { return SARIF(w, sampleReport(), sampleRules(), "1.2.3") }},
		{"check.github.txt", func(w io.Writer) error { return GitHub(w, sampleReport(), 10) }},
		{"check.md", func(w io.Writer) error {
			return Markdown(w, sampleReport(), MarkdownOptions{RunURL: "https://github.com/o/r/actions/runs/1"})
		}},
		{"lint.md", func(w io.Writer) error { return Markdown(w, lintReport(), MarkdownOptions{}) }},
		{"clean.md", func(w io.Writer) error { return Markdown(w, &lint.Report{Check: true}, MarkdownOptions{Clean: true}) }},
		{"rules.txt", func(w io.Writer) error { return Rules(w, sampleRules(), "text") }},
		{"rules.md", func(w io.Writer) error { return Rules(w, sampleRules(), "markdown") }},
		{"rules.json", func(w io.Writer) error { return Rules(w, sampleRules(), "json") }},
		{"inspect.txt", func(w io.Writer) error { return Inspect(w, inspectPrompts(), "text", nil) }},
		{"inspect.json", func(w io.Writer) error { return Inspect(w, inspectPrompts(), "json", nil) }},
		{"check.gitlab.json", func(w io.Writer) error { return GitLab(w, sampleReport()) }},
		{"check.junit.xml", func(w io.Writer) error { return JUnit(w, sampleReport(), lint.Warning) }},
		{"lint.junit.xml", func(w io.Writer) error { return JUnit(w, lintReport(), lint.Error) }},
		{"check.checkstyle.xml", func(w io.Writer) error { return Checkstyle(w, sampleReport()) }},
		{"rule-docs.txt", func(w io.Writer) error { return RuleDocs(w, sampleRules()[:2]) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := tt.write(&a); err != nil {
				t.Fatal(err)
			}
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two writes of the same input differ")
			}
			golden(t, tt.name, a.Bytes())
		})
	}
}

func inspectPrompts() []*lint.Prompt {
	return []*lint.Prompt{
		{
			Path: "prompts/support.yaml", Name: "support_reply", Format: lint.FormatPromptlint, Syntax: template.Python,
			Version: "1.2.0", Description: "Replies to support tickets.", Environment: "production", Declares: true,
			Variables: []lint.Variable{
				{Name: "question", Required: true},
				{Name: "tone", Default: "friendly", HasDefault: true},
				{Name: "limits", Default: map[string]any{"words": 100, "lines": []any{1, 2}}, HasDefault: true},
			},
			Messages:       []lint.Message{{Text: "::error::not a command\nQuestion: {question} ({tone})\n"}},
			Uses:           []lint.Use{{Name: "question", Pos: lint.Pos{Line: 4, Col: 14}}, {Name: "tone", Pos: lint.Pos{Line: 4, Col: 26}}},
			TemplateErrors: []lint.TemplateError{{Pos: lint.Pos{Line: 5, Col: 2}, Msg: `unclosed "{"`}},
			TestData:       []lint.TestRow{{Values: map[string]any{"question": "hi"}}},
			Changelog:      []lint.ChangelogEntry{{Version: "1.2.0", Date: "2026-01-02", Changes: "Added a tone."}},
		},
		{
			Path: "chat.prompt.yml", Name: "chat", Format: lint.FormatGitHubModels, Syntax: template.GitHubModels,
			Messages: []lint.Message{{Role: "system", Text: "Be brief."}, {Role: "user", Text: "{{input}}"}},
			Uses:     []lint.Use{{Name: "input", Message: 1, Pos: lint.Pos{Line: 5, Col: 14}}},
		},
	}
}

func TestJSONShape(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Prompts []map[string]any `json:"prompts"`
		Summary lint.Summary     `json:"summary"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Prompts) != len(r.Prompts) {
		t.Fatalf("got %d prompts, want %d", len(doc.Prompts), len(r.Prompts))
	}
	if got := doc.Prompts[0]["similarity"]; got != 0.853 {
		t.Errorf("similarity = %v, want 0.853 (rounded to 3 decimals)", got)
	}
	for i, p := range doc.Prompts {
		vars, ok := p["variables"].(map[string]any)
		if !ok {
			t.Fatalf("prompt %d: variables is %T", i, p["variables"])
		}
		for _, k := range []string{"added", "removed", "default_changed"} {
			if _, ok := vars[k].([]any); !ok {
				t.Errorf("prompt %d: variables.%s is %v, want an array", i, k, vars[k])
			}
		}
		for _, k := range []string{"path", "name", "format", "status", "old_version", "version", "bump", "required_bump", "similarity", "added_lines", "removed_lines", "total_changes", "recommendation"} {
			if _, ok := p[k]; !ok {
				t.Errorf("prompt %d has no %q", i, k)
			}
		}
	}
	if doc.Summary != r.Summary() {
		t.Errorf("summary = %+v, want %+v", doc.Summary, r.Summary())
	}
	// the design's key order
	want := []string{`"path"`, `"name"`, `"format"`, `"status"`, `"old_version"`, `"version"`, `"bump"`, `"required_bump"`, `"similarity"`, `"added_lines"`, `"removed_lines"`, `"total_changes"`, `"variables"`, `"tokens"`, `"recommendation"`}
	out := buf.String()
	last := 0
	for _, k := range want {
		i := strings.Index(out[last:], k)
		if i < 0 {
			t.Fatalf("key %s missing or out of order", k)
		}
		last += i
	}

	buf.Reset()
	if err := JSON(&buf, lintReport()); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"status"`, `"similarity"`, `"bump"`} {
		if strings.Contains(buf.String(), k) {
			t.Errorf("lint JSON has change key %s", k)
		}
	}
}

func TestSafeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"prompts/a.yaml:1:1: error: x [r]", "prompts/a.yaml:1:1: error: x [r]"},
		{"::error::pwned", zwsp + "::error::pwned"},
		{"  \t::set-output name=x::y", zwsp + "  \t::set-output name=x::y"},
		{"##[error]legacy", zwsp + "##[error]legacy"},
		{"a\n::error::b", `a\n::error::b`},
		{"a\r::error::b", `a\r::error::b`},
		{"\x1b[31mred", `\x1b[31mred`},
		{"bidi \u202eevil", `bidi \u202eevil`},
		{"sep\u2028x", `sep\u2028x`},
		{"tab\tkept", "tab\tkept"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"a::b", "a::b"},
	}
	for _, tt := range tests {
		if got := SafeLine(tt.in); got != tt.want {
			t.Errorf("SafeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// assertNoCommands fails when any line of out is read by the Actions runner
// as a workflow command.
func assertNoCommands(t *testing.T, out string) {
	t.Helper()
	for _, l := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
		tl := strings.TrimLeft(l, " \t\v\f\u00a0\u0085")
		if strings.HasPrefix(tl, "::") || strings.HasPrefix(tl, "##[") {
			t.Errorf("line is a workflow command: %q", l)
		}
	}
}

func hostileReport() *lint.Report {
	path := "::error file=x::pwned\n::warning::two"
	p := &lint.Prompt{Path: path, Name: "::notice::name", Format: lint.FormatMarkdown, Version: "::v", Messages: []lint.Message{{Text: "::error::body\r\n##[error]legacy\n"}}}
	return &lint.Report{
		Check: true, Files: 1,
		Prompts:   []lint.PromptReport{{Prompt: p, Base: p, Status: lint.Modified, Change: &lint.Change{UnifiedDiff: "::error::diff\n\r::warning::cr\n"}}},
		Findings:  []lint.Finding{{Rule: "r", Severity: lint.Error, Path: path, Message: "m\n::error::injected"}},
		Checklist: []lint.ChecklistItem{{Prompt: "::x", ID: "semver", Status: lint.Missing, Evidence: "\n::error::e"}},
		Notes:     []string{"\n::error::note"},
	}
}

func TestNoWorkflowCommandsOnStdout(t *testing.T) {
	r := hostileReport()
	writers := map[string]func(io.Writer) error{
		"text":       func(w io.Writer) error { return Text(w, r) },
		"json":       func(w io.Writer) error { return JSON(w, r) },
		"sarif":      func(w io.Writer) error { return SARIF(w, r, sampleRules(), "") },
		"gitlab":     func(w io.Writer) error { return GitLab(w, r) },
		"junit":      func(w io.Writer) error { return JUnit(w, r, lint.Notice) },
		"checkstyle": func(w io.Writer) error { return Checkstyle(w, r) },
		"markdown":   func(w io.Writer) error { return Markdown(w, r, MarkdownOptions{}) },
		"inspect":    func(w io.Writer) error { return Inspect(w, []*lint.Prompt{r.Prompts[0].Prompt}, "text", nil) },
		"inspect-json": func(w io.Writer) error {
			return Inspect(w, []*lint.Prompt{r.Prompts[0].Prompt}, "json", nil)
		},
		"rules": func(w io.Writer) error {
			return Rules(w, []*lint.Rule{{ID: "::error::x", Doc: "::warning::y"}}, "text")
		},
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), "error") {
				t.Fatalf("output lost the hostile text: %q", buf.String())
			}
			assertNoCommands(t, buf.String())
		})
	}
}

func TestText(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	if err := Text(&buf, r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(r.Findings) {
		t.Fatalf("got %d lines, want one per finding (%d)", len(lines), len(r.Findings))
	}
	fs := sortedFindings(r.Findings)
	for i, l := range lines {
		if l != fs[i].String() {
			t.Errorf("line %d = %q, want %q", i, l, fs[i].String())
		}
	}
	if r.Findings[0].Rule != "version-bump" {
		t.Error("Text sorted the caller's findings in place")
	}
}

func TestInspectUnknownFormat(t *testing.T) {
	if err := Inspect(io.Discard, nil, "xml", nil); err == nil {
		t.Error("Inspect accepted format xml")
	}
	if err := Rules(io.Discard, nil, "xml"); err == nil {
		t.Error("Rules accepted format xml")
	}
}

func TestRulesTable(t *testing.T) {
	rules := sampleRules()
	var buf bytes.Buffer
	if err := Rules(&buf, rules, "markdown"); err != nil {
		t.Fatal(err)
	}
	table := RulesTable(rules)
	if buf.String() != table {
		t.Error("Rules markdown differs from RulesTable")
	}
	lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	if lines[0] != "| Rule | Severity | Summary |" || len(lines) != len(rules)+2 {
		t.Fatalf("unexpected table:\n%s", table)
	}
	for i, l := range lines[2:] {
		// a pipe in a summary must not add a column
		if n := strings.Count(l, "|") - strings.Count(l, `\|`); n != 4 {
			t.Errorf("row %d has %d cell separators: %q", i, n, l)
		}
		if !strings.Contains(l, "`"+rules[i].ID+"`") {
			t.Errorf("row %d does not name %s: %q", i, rules[i].ID, l)
		}
	}
	buf.Reset()
	if err := Rules(&buf, rules, "text"); err != nil {
		t.Fatal(err)
	}
	col := -1
	for _, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		fields := strings.Fields(l)
		i := strings.Index(l, " "+fields[1]+" ")
		if col >= 0 && i != col {
			t.Errorf("severity column not aligned in %q", l)
		}
		col = i
	}
}

func TestGitHubEscaping(t *testing.T) {
	tests := []struct{ in, data, prop string }{
		{"100%", "100%25", "100%25"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A", "%250A", "%250A"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
	}
	for _, tt := range tests {
		if got := EscapeData(tt.in); got != tt.data {
			t.Errorf("EscapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := EscapeProperty(tt.in); got != tt.prop {
			t.Errorf("EscapeProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
}

// parseCommand reads a workflow command line the way the Actions runner
// does: `::name k=v,k=v::data`, unescaping properties and data.
func parseCommand(t *testing.T, line string) (name string, props map[string]string, data string) {
	t.Helper()
	if !strings.HasPrefix(line, "::") {
		t.Fatalf("not a command: %q", line)
	}
	rest := line[2:]
	end := strings.Index(rest, "::")
	if end < 0 {
		t.Fatalf("no end of command: %q", line)
	}
	head, data := rest[:end], rest[end+2:]
	name, propText, _ := strings.Cut(head, " ")
	props = map[string]string{}
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	if propText != "" {
		for _, kv := range strings.Split(propText, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("property without =: %q in %q", kv, line)
			}
			props[k] = unescape.Replace(v)
		}
	}
	return name, props, strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(data)
}

func TestGitHubRoundTrip(t *testing.T) {
	path := "dir,with:odd\r\nname%0A.yaml"
	msg := "quote \"x\"\nnew ::error:: line 100%"
	r := &lint.Report{Findings: []lint.Finding{{Rule: "some-rule", Severity: lint.Warning, Path: path, Pos: lint.Pos{Line: 3, Col: 7}, Message: msg}}}
	var buf bytes.Buffer
	if err := GitHub(&buf, r, 10); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1: %q", len(lines), buf.String())
	}
	if strings.ContainsAny(lines[0], "\r") {
		t.Fatalf("raw CR in %q", lines[0])
	}
	name, props, data := parseCommand(t, lines[0])
	if name != "warning" || props["file"] != path || props["line"] != "3" || props["col"] != "7" || props["title"] != "some-rule" || data != msg {
		t.Errorf("round trip: name %q props %q data %q", name, props, data)
	}
}

func TestGitHubOrderAndLimit(t *testing.T) {
	var fs []lint.Finding
	for i := range 13 {
		fs = append(fs, lint.Finding{Rule: "e", Severity: lint.Error, Path: fmt.Sprintf("p%02d.yaml", i), Pos: lint.Pos{Line: 1, Col: 1}, Message: "err"})
	}
	fs = append(fs, lint.Finding{Rule: "n", Severity: lint.Notice, Path: "a.yaml", Message: "note"})
	for i := range 11 {
		fs = append(fs, lint.Finding{Rule: "w", Severity: lint.Warning, Path: fmt.Sprintf("w%02d.yaml", i), Message: "warn"})
	}
	r := &lint.Report{Findings: fs}
	var buf bytes.Buffer
	if err := GitHub(&buf, r, 10); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	var kinds []string
	for _, l := range lines {
		name, _, _ := parseCommand(t, l)
		kinds = append(kinds, name)
	}
	want := strings.Repeat("error ", 10) + "notice " + strings.Repeat("warning ", 10) + "notice notice"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("command order:\n got %s\nwant %s", got, want)
	}
	if lines[10] != "::notice::3 more errors are listed in the report and the pull request comment" {
		t.Errorf("cut line = %q", lines[10])
	}
	if lines[21] != "::notice::1 more warning is listed in the report and the pull request comment" {
		t.Errorf("cut line = %q", lines[21])
	}
	if !strings.Contains(lines[22], "file=a.yaml") || strings.Contains(lines[22], "line=") {
		t.Errorf("file-level notice = %q, want a file and no line", lines[22])
	}

	buf.Reset()
	if err := GitHub(&buf, r, 0); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != len(fs) {
		t.Errorf("limit 0 wrote %d lines, want all %d", n, len(fs))
	}
}

func TestGitHubLongMessage(t *testing.T) {
	for _, msg := range []string{strings.Repeat("é", 5000), strings.Repeat("\n", 3000), strings.Repeat("a", 4095)} {
		r := &lint.Report{Findings: []lint.Finding{{Rule: "r", Severity: lint.Error, Path: "p", Message: msg}}}
		var buf bytes.Buffer
		if err := GitHub(&buf, r, 10); err != nil {
			t.Fatal(err)
		}
		_, data, _ := strings.Cut(strings.TrimSuffix(buf.String(), "\n")[2:], "::")
		if n := utf8.RuneCountInString(data); n >= maxAnnotation {
			t.Errorf("message of %d characters, want under %d", n, maxAnnotation)
		}
		if utf8.RuneCountInString(EscapeData(msg)) >= maxAnnotation && !strings.HasSuffix(data, "…") {
			t.Errorf("cut message does not end with an ellipsis: ...%q", data[max(0, len(data)-20):])
		}
		if strings.Contains(data, "\n") || strings.HasSuffix(strings.TrimSuffix(data, "…"), "%") || strings.HasSuffix(strings.TrimSuffix(data, "…"), "%0") {
			t.Errorf("message cut inside an escape: ...%q", data[max(0, len(data)-20):])
		}
	}
}
