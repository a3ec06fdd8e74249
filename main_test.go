package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/txtar"
	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/checklist"
	"github.com/promptlint/promptlint/lint/gitlab/gitlabtest"
	"github.com/promptlint/promptlint/lint/gitlab/pipeline"
	"github.com/promptlint/promptlint/lint/output"
	"github.com/promptlint/promptlint/lint/output/outputtest"
)

var (
	update       = flag.Bool("update", false, "rewrite the golden sections of testdata/check/*.txtar")
	updateReadme = flag.Bool("update-readme", false, "rewrite the README's rule table between <!-- rules:start --> and <!-- rules:end -->")
)

// result is what one run of the program produced.
type result struct {
	code           int
	stdout, stderr string
}

// promptlint runs the program with args in dir, with an empty
// environment (git, when it runs, inherits the test's).
func promptlint(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runIn(t, &process{Dir: dir}, args...)
}

// runIn runs the program with args as p, capturing its output. A relative
// p.Dir is taken from the package directory; p.Stdin defaults to empty.
func runIn(t *testing.T, p *process, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cp := *p
	if !filepath.IsAbs(cp.Dir) {
		abs, err := filepath.Abs(cp.Dir)
		if err != nil {
			t.Fatal(err)
		}
		cp.Dir = abs
	}
	if cp.Stdin == nil {
		cp.Stdin = strings.NewReader("")
	}
	out := io.Writer(&stdout)
	if tty, ok := cp.Stdout.(*ttyBuffer); ok {
		out = tty
	}
	cp.Stdout, cp.Stderr = out, &stderr
	code := run(&cp, args)
	if tty, ok := out.(*ttyBuffer); ok {
		return result{code: code, stdout: tty.String(), stderr: stderr.String()}
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// ttyBuffer is a standard output that says it is a terminal, as an
// *os.File on a terminal does.
type ttyBuffer struct{ bytes.Buffer }

func (*ttyBuffer) Stat() (fs.FileInfo, error) { return ttyInfo{}, nil }

type ttyInfo struct{}

func (ttyInfo) Name() string       { return "tty" }
func (ttyInfo) Size() int64        { return 0 }
func (ttyInfo) Mode() fs.FileMode  { return fs.ModeDevice | fs.ModeCharDevice | 0o620 }
func (ttyInfo) ModTime() time.Time { return time.Time{} }
func (ttyInfo) IsDir() bool        { return false }
func (ttyInfo) Sys() any           { return nil }

func (r result) String() string {
	return "exit " + itoa(r.code) + "\n--- stdout:\n" + r.stdout + "--- stderr:\n" + r.stderr
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// writeTree writes files (slash-separated path → content) under dir.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// tempTree makes a temporary directory holding files and returns it.
func tempTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, files)
	return dir
}

// Prompt files used across the tests.
const (
	cleanPrompt = `name: greet_user
version: 1.0.0
description: Greets a user by name.
template: "Say hello to {user_name}."
variables:
  user_name: null
`
	// undocumentedPrompt has exactly one warning: description-missing.
	undocumentedPrompt = `name: greet_user
version: 1.0.0
template: "Say hello to {user_name}."
variables:
  user_name: null
`
	// brokenPrompt has errors: an undeclared variable and no version.
	brokenPrompt = `name: broken_prompt
description: Uses a variable it does not declare.
template: "Answer {question} about {order_id}."
variables:
  question: null
`
)

var textLine = regexp.MustCompile(`^[^:]+:\d+:\d+: (error|warning|notice): .+ \[[a-z0-9-]+\]$`)

// textFindings splits text output into lines and checks each line's shape.
func textFindings(t *testing.T, out string) []string {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l == "" {
			continue
		}
		if !textLine.MatchString(l) {
			t.Errorf("text line %q is not path:line:col: severity: message [rule-id]", l)
		}
		lines = append(lines, l)
	}
	return lines
}

// jsonReport is the JSON report shape of DESIGN.md.
type jsonReport struct {
	Prompts []struct {
		Path         string   `json:"path"`
		Name         string   `json:"name"`
		Format       string   `json:"format"`
		Status       string   `json:"status"`
		OldVersion   string   `json:"old_version"`
		Version      string   `json:"version"`
		OldPath      string   `json:"old_path"`
		Bump         string   `json:"bump"`
		RequiredBump string   `json:"required_bump"`
		Similarity   *float64 `json:"similarity"`
		AddedLines   int      `json:"added_lines"`
		RemovedLines int      `json:"removed_lines"`
		TotalChanges int      `json:"total_changes"`
		Variables    *struct {
			Added          []string `json:"added"`
			Removed        []string `json:"removed"`
			DefaultChanged []string `json:"default_changed"`
		} `json:"variables"`
		Tokens *struct {
			Old int `json:"old"`
			New int `json:"new"`
		} `json:"tokens"`
		Recommendation string `json:"recommendation"`
		Rendered       *struct {
			Average float64 `json:"average"`
			Min     float64 `json:"min"`
			Max     float64 `json:"max"`
			Changed int     `json:"changed"`
			Errors  int     `json:"errors"`
			Rows    []struct {
				Error string `json:"error"`
			} `json:"rows"`
		} `json:"rendered"`
	} `json:"prompts"`
	Findings []struct {
		Rule     string `json:"rule"`
		Severity string `json:"severity"`
		Path     string `json:"path"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Prompt   string `json:"prompt"`
		Message  string `json:"message"`
	} `json:"findings"`
	Checklist struct {
		Items []struct {
			Prompt      string `json:"prompt"`
			Environment string `json:"environment"`
			ID          string `json:"id"`
			Required    bool   `json:"required"`
			Status      string `json:"status"`
		} `json:"items"`
	} `json:"checklist"`
	Summary *struct {
		Files    int `json:"files"`
		Prompts  int `json:"prompts"`
		Changed  int `json:"changed"`
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
		Notices  int `json:"notices"`
	} `json:"summary"`
}

// decodeReport decodes a JSON report strictly enough to catch a wrong shape.
func decodeReport(t *testing.T, out string) *jsonReport {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"prompts", "findings", "checklist", "summary"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("JSON report has no %q key", k)
		}
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("JSON report does not have the DESIGN shape: %v\n%s", err, out)
	}
	if rep.Summary == nil {
		t.Fatal("JSON report has no summary")
	}
	return &rep
}

func (r *jsonReport) rules() []string {
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.Rule)
	}
	return ids
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestLintDemo(t *testing.T) {
	t.Parallel()
	res := promptlint(t, filepath.Join("testdata", "demo", "head"), "lint", "--format", "json")
	if res.code != exitOK {
		t.Fatalf("lint of the demo head: %v", res)
	}
	rep := decodeReport(t, res.stdout)
	if rep.Summary.Files != 3 || len(rep.Prompts) != 3 {
		t.Errorf("lint read %d files and %d prompts, want 3 and 3", rep.Summary.Files, len(rep.Prompts))
	}
	formats := map[string]bool{}
	for _, p := range rep.Prompts {
		formats[p.Format] = true
		if p.Path == "" || p.Name == "" || p.Version == "" {
			t.Errorf("lint prompt %+v lacks a path, name or version", p)
		}
	}
	for _, f := range []string{"dotprompt", "github-models", "promptlint"} {
		if !formats[f] {
			t.Errorf("lint of the demo head found no %s prompt", f)
		}
	}
}

// TestLintBadFiles checks that a file that cannot be read as a prompt is
// a parse-error finding with a line and column, and the run goes on.
func TestLintBadFiles(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		"prompts/good.yaml":            cleanPrompt,
		"prompts/not_yaml.yaml":        "template: [unclosed\nversion: 1.0.0\n",
		"prompts/unterminated.prompt":  "---\nversion: 1.0.0\nHello {{name}}\n",
		"prompts/unterminated.prompty": "---\nname: greeting\nversion: 1.0.0\nuser:\nHello\n",
		"prompts/latin1.yaml":          "version: 1.0.0\ntemplate: \"caf\xe9 {order_id}\"\n",
		"prompts/empty.yaml":           "",
		"prompts/binary.yaml":          "\x00\x01\x02\xff\xfe",
		"prompts/big.md":               "---\nversion: 1.0.0\n---\n" + strings.Repeat("word ", 1000),
		"config.yaml":                  "max_file_size: 2048\n",
	})
	if err := os.Symlink("good.yaml", filepath.Join(dir, "prompts", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"prompts/not_yaml.yaml": true, "prompts/unterminated.prompt": true, "prompts/unterminated.prompty": true,
		"prompts/latin1.yaml": true, "prompts/empty.yaml": true, "prompts/binary.yaml": true,
		"prompts/big.md": true, "prompts/link.yaml": true,
	}
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			res := promptlint(t, dir, "lint", "--config", "config.yaml", "--format", format)
			if res.code != exitFindings {
				t.Fatalf("want exit 1: %v", res)
			}
			if format == "text" {
				got := map[string]bool{}
				for _, l := range textFindings(t, res.stdout) {
					if strings.HasSuffix(l, "[parse-error]") {
						got[strings.SplitN(l, ":", 2)[0]] = true
						if !regexp.MustCompile(`^[^:]+:[1-9]\d*:[1-9]\d*: error: `).MatchString(l) {
							t.Errorf("parse-error line %q has no line:col or is not an error", l)
						}
					}
				}
				for p := range want {
					if !got[p] {
						t.Errorf("no parse-error for %s:\n%s", p, res.stdout)
					}
				}
				for p := range got {
					if !want[p] {
						t.Errorf("unexpected parse-error for %s", p)
					}
				}
				return
			}
			rep := decodeReport(t, res.stdout)
			if rep.Summary.Files != len(want)+1 {
				t.Errorf("summary.files = %d, want %d", rep.Summary.Files, len(want)+1)
			}
			found := false
			for _, p := range rep.Prompts {
				found = found || p.Path == "prompts/good.yaml"
			}
			if !found {
				t.Errorf("the good file was not read alongside the bad ones")
			}
			for _, f := range rep.Findings {
				if f.Path == "prompts/good.yaml" {
					t.Errorf("finding on the good file: %+v", f)
				}
				if f.Path == "prompts/latin1.yaml" && f.Rule == "parse-error" && f.Line != 2 {
					t.Errorf("non-UTF-8 byte reported at line %d, want 2", f.Line)
				}
			}
		})
	}
}

// TestExitCodes checks 0 (clean), 1 (findings), 2 (usage or config) and 3
// (the tool could not finish).
func TestExitCodes(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"clean/prompts/greet.yaml": cleanPrompt,
		"broken/prompts/bad.yaml":  brokenPrompt,
		"bad-key.yaml":             "no_such_key: 1\n",
		"bad-rule.yaml":            "rules:\n  no-such-rule: off\n",
		"bad-severity.yaml":        "rules:\n  variable-unused: loud\n",
		"not-yaml.yaml":            "rules: [\n",
	}
	tests := []struct {
		name   string
		args   []string
		want   int
		stderr string // a substring of stderr
	}{
		{"clean", []string{"lint", "clean"}, exitOK, ""},
		{"findings", []string{"lint", "broken"}, exitFindings, ""},
		{"no command", nil, exitUsage, "usage"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `"frobnicate"`},
		{"unknown flag", []string{"lint", "--no-such-flag", "clean"}, exitUsage, "no-such-flag"},
		{"unknown config key", []string{"lint", "--config", "bad-key.yaml", "clean"}, exitUsage, "no_such_key"},
		{"unknown rule id in config", []string{"lint", "--config", "bad-rule.yaml", "clean"}, exitUsage, "no-such-rule"},
		{"bad severity in config", []string{"lint", "--config", "bad-severity.yaml", "clean"}, exitUsage, "loud"},
		{"config not YAML", []string{"lint", "--config", "not-yaml.yaml", "clean"}, exitUsage, "not-yaml.yaml"},
		{"missing config", []string{"lint", "--config", "nowhere.yaml", "clean"}, exitUsage, "nowhere.yaml"},
		{"unknown format", []string{"lint", "--format", "xml", "clean"}, exitUsage, `"xml"`},
		{"bogus fail-on", []string{"lint", "--fail-on", "bogus", "clean"}, exitUsage, `"bogus"`},
		{"missing path", []string{"lint", "nowhere"}, exitUsage, "nowhere"},
		{"check without base", []string{"check"}, exitUsage, "--base"},
		{"check with both bases", []string{"check", "--base", "HEAD", "--base-dir", "clean"}, exitUsage, "--base"},
		{"check base-dir missing", []string{"check", "--base-dir", "nowhere", "--head-dir", "clean"}, exitUsage, "nowhere"},
		{"check bad format", []string{"check", "--base-dir", "clean", "--head-dir", "clean", "--format", "xml"}, exitUsage, `"xml"`},
		{"inspect without files", []string{"inspect"}, exitUsage, "prompt file"},
		{"rules bad format", []string{"rules", "--format", "sarif"}, exitUsage, `"sarif"`},
		{"git failure", []string{"check", "--base", "no-such-revision"}, exitFailure, "no-such-revision"},
		{"help", []string{"help"}, exitOK, ""},
		{"flag help", []string{"lint", "-h"}, exitOK, ""},
	}
	dir := tempTree(t, files)
	env := gitEnv(t) // not inside any repository
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runIn(t, &process{Dir: dir, Env: env}, tt.args...)
			if res.code != tt.want {
				t.Fatalf("promptlint %q: want exit %d, got %v", tt.args, tt.want, res)
			}
			if !strings.Contains(res.stderr, tt.stderr) {
				t.Errorf("stderr does not mention %q:\n%s", tt.stderr, res.stderr)
			}
			if tt.want == exitUsage || tt.want == exitFailure {
				if res.stdout != "" {
					t.Errorf("stdout is not empty on exit %d:\n%s", tt.want, res.stdout)
				}
			}
		})
	}
}

// TestExitUnreadable checks that an I/O error while walking the tree is
// exit 3 (not a finding, not a crash).
func TestExitUnreadable(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not stop reads")
	}
	dir := tempTree(t, map[string]string{"prompts/locked/a.yaml": cleanPrompt})
	locked := filepath.Join(dir, "prompts", "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	if res := promptlint(t, dir, "lint"); res.code != exitFailure {
		t.Errorf("lint of an unreadable directory: want exit 3, got %v", res)
	}
}

// TestFailOn checks --fail-on against a tree with one warning only, one
// notice only, and nothing.
func TestFailOn(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		"warning/prompts/greet.yaml": undocumentedPrompt,
		"notice/prompts/greet.yaml":  undocumentedPrompt,
		"clean/prompts/greet.yaml":   cleanPrompt,
		"error/prompts/bad.yaml":     brokenPrompt,
		"as-notice.yaml":             "rules:\n  description-missing: notice\n",
	})
	tests := []struct {
		tree, config string
		want         map[string]int // --fail-on → exit code
	}{
		{"error", "", map[string]int{"error": 1, "warning": 1, "notice": 1, "none": 0}},
		{"warning", "", map[string]int{"error": 0, "warning": 1, "notice": 1, "none": 0}},
		{"notice", "as-notice.yaml", map[string]int{"error": 0, "warning": 0, "notice": 1, "none": 0}},
		{"clean", "", map[string]int{"error": 0, "warning": 0, "notice": 0, "none": 0}},
	}
	for _, tt := range tests {
		for failOn, want := range tt.want {
			t.Run(tt.tree+"/"+failOn, func(t *testing.T) {
				t.Parallel()
				args := []string{"lint", "--fail-on", failOn}
				if tt.config != "" {
					args = append(args, "--config", tt.config)
				}
				res := promptlint(t, dir, append(args, tt.tree)...)
				if res.code != want {
					t.Errorf("--fail-on %s over %s: want exit %d, got %v", failOn, tt.tree, want, res)
				}
				if tt.tree != "clean" && strings.TrimSpace(res.stdout) == "" {
					t.Errorf("--fail-on %s hid the findings", failOn)
				}
			})
		}
	}
}

// TestFormats runs lint and check through every --format and checks the
// shape of each.
func TestFormats(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		"head/prompts/bad.yaml":   brokenPrompt,
		"head/prompts/greet.yaml": cleanPrompt,
		"base/prompts/greet.yaml": strings.Replace(cleanPrompt, "Say hello", "Say hi", 1),
	})
	commands := map[string][]string{
		"lint":  {"lint", "head"},
		"check": {"check", "--base-dir", "base", "--head-dir", "head"},
	}
	workflowCommand := regexp.MustCompile(`^::(error|warning|notice)( [a-z]+=[^,:]*(,[a-z]+=[^,:]*)*)?::.+$`)
	for cmd, args := range commands {
		for _, format := range reportFormats {
			t.Run(cmd+"/"+format, func(t *testing.T) {
				t.Parallel()
				res := promptlint(t, dir, append(append([]string{}, args[0]), append([]string{"--format", format}, args[1:]...)...)...)
				if res.code != exitFindings {
					t.Fatalf("want exit 1: %v", res)
				}
				out := res.stdout
				switch format {
				case "text":
					lines := textFindings(t, out)
					if len(lines) == 0 || !strings.Contains(out, "[variable-undefined]") {
						t.Errorf("text output lacks the variable-undefined finding:\n%s", out)
					}
				case "json":
					rep := decodeReport(t, out)
					if !has(rep.rules(), "variable-undefined") {
						t.Errorf("JSON findings lack variable-undefined: %v", rep.rules())
					}
					for _, f := range rep.Findings {
						if f.Line < 1 || f.Column < 1 || f.Path == "" || f.Message == "" || f.Severity == "" {
							t.Errorf("incomplete JSON finding %+v", f)
						}
					}
					if cmd == "check" {
						// The prompt is added: its similarity is null, but the key is there.
						if len(rep.Prompts) == 0 || !strings.Contains(out, `"similarity": `) || rep.Prompts[0].Variables == nil {
							t.Errorf("check JSON prompts lack the change fields: %s", out)
						}
						if rep.Summary.Changed == 0 {
							t.Errorf("check JSON summary.changed = 0")
						}
					}
				case "sarif":
					var doc struct {
						Version string `json:"version"`
						Schema  string `json:"$schema"`
						Runs    []struct {
							Tool struct {
								Driver struct {
									Name  string            `json:"name"`
									Rules []json.RawMessage `json:"rules"`
								} `json:"driver"`
							} `json:"tool"`
							Results []struct {
								RuleID string `json:"ruleId"`
								Level  string `json:"level"`
							} `json:"results"`
						} `json:"runs"`
					}
					if err := json.Unmarshal([]byte(out), &doc); err != nil {
						t.Fatalf("SARIF is not JSON: %v", err)
					}
					if doc.Version != "2.1.0" || len(doc.Runs) != 1 {
						t.Fatalf("SARIF version %q with %d runs, want 2.1.0 with 1", doc.Version, len(doc.Runs))
					}
					found := false
					for _, r := range doc.Runs[0].Results {
						found = found || r.RuleID == "variable-undefined" && r.Level == "error"
					}
					if !found {
						t.Errorf("SARIF results lack a variable-undefined error")
					}
				case "github":
					lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
					for _, l := range lines {
						if !workflowCommand.MatchString(l) {
							t.Errorf("github line %q is not a workflow command", l)
						}
					}
					if !strings.Contains(out, "file=head/prompts/bad.yaml") && !strings.Contains(out, "file=prompts/bad.yaml") {
						t.Errorf("github output names no file:\n%s", out)
					}
				case "gitlab":
					var issues []struct {
						CheckName string `json:"check_name"`
						Severity  string `json:"severity"`
						Location  struct {
							Path  string `json:"path"`
							Lines struct {
								Begin int `json:"begin"`
							} `json:"lines"`
						} `json:"location"`
					}
					if err := json.Unmarshal([]byte(out), &issues); err != nil {
						t.Fatalf("gitlab output is not a JSON array: %v", err)
					}
					found := false
					for _, is := range issues {
						found = found || is.CheckName == "variable-undefined" && is.Severity == "major" && strings.HasSuffix(is.Location.Path, "prompts/bad.yaml") && is.Location.Lines.Begin > 0
					}
					if !found {
						t.Errorf("gitlab issues lack variable-undefined on prompts/bad.yaml:\n%s", out)
					}
				case "junit":
					var doc struct {
						Cases []struct {
							Name      string `xml:"name,attr"`
							ClassName string `xml:"classname,attr"`
							Failure   *struct {
								Text string `xml:",chardata"`
							} `xml:"failure"`
						} `xml:"testsuite>testcase"`
					}
					if err := xml.Unmarshal([]byte(out), &doc); err != nil {
						t.Fatalf("junit output is not XML: %v", err)
					}
					failed := map[string]bool{}
					for _, c := range doc.Cases {
						failed[c.Name] = c.Failure != nil && strings.Contains(c.Failure.Text, "[variable-undefined]")
					}
					if !failed["broken_prompt"] || len(doc.Cases) != 2 {
						t.Errorf("junit: want 2 test cases, broken_prompt failing on variable-undefined:\n%s", out)
					}
				case "checkstyle":
					var doc struct {
						Files []struct {
							Name   string `xml:"name,attr"`
							Errors []struct {
								Severity string `xml:"severity,attr"`
								Source   string `xml:"source,attr"`
							} `xml:"error"`
						} `xml:"file"`
					}
					if err := xml.Unmarshal([]byte(out), &doc); err != nil {
						t.Fatalf("checkstyle output is not XML: %v", err)
					}
					found := false
					for _, f := range doc.Files {
						for _, e := range f.Errors {
							found = found || strings.HasSuffix(f.Name, "prompts/bad.yaml") && e.Source == "variable-undefined" && e.Severity == "error"
						}
					}
					if !found {
						t.Errorf("checkstyle lacks variable-undefined on prompts/bad.yaml:\n%s", out)
					}
				case "markdown":
					first, _, _ := strings.Cut(out, "\n")
					if first != "<!-- promptlint -->" {
						t.Errorf("markdown starts with %q, want the marker <!-- promptlint -->", first)
					}
					if !strings.Contains(out, "variable-undefined") {
						t.Errorf("markdown lacks the variable-undefined finding")
					}
				}
			})
		}
	}
}

// TestCheckDemo runs the README's first command.
func TestCheckDemo(t *testing.T) {
	t.Parallel()
	base, head := filepath.Join("testdata", "demo", "base"), filepath.Join("testdata", "demo", "head")
	res := promptlint(t, ".", "check", "--base-dir", base, "--head-dir", head)
	if res.code != exitFindings {
		t.Fatalf("demo check: want exit 1, got %v", res)
	}
	lines := textFindings(t, res.stdout)
	want := []*regexp.Regexp{
		regexp.MustCompile(`^prompts/summarize_article\.prompt\.yml:\d+:\d+: error: .*\[version-bump-too-small\]$`),
		regexp.MustCompile(`^prompts/legacy_greeting\.prompty:\d+:\d+: warning: .*"legacy_greeting".*\[prompt-removed\]$`),
	}
	for _, re := range want {
		found := false
		for _, l := range lines {
			found = found || re.MatchString(l)
		}
		if !found {
			t.Errorf("demo check output has no line matching %s:\n%s", re, res.stdout)
		}
	}

	res = promptlint(t, ".", "check", "--base-dir", base, "--head-dir", head, "--format", "json")
	rep := decodeReport(t, res.stdout)
	status := map[string]string{}
	for _, p := range rep.Prompts {
		status[p.Path] = p.Status
	}
	wantStatus := map[string]string{
		"prompts/classify_ticket.prompt":       "added",
		"prompts/legacy_greeting.prompty":      "removed",
		"prompts/summarize_article.prompt.yml": "modified",
		"prompts/support_reply.yaml":           "modified",
	}
	for p, s := range wantStatus {
		if status[p] != s {
			t.Errorf("%s: status %q, want %q", p, status[p], s)
		}
	}
	if len(status) != len(wantStatus) {
		t.Errorf("demo check reports %d prompts, want %d: %v", len(status), len(wantStatus), status)
	}
}

// TestCheckPRBody checks that boxes ticked in the PR template attest the
// items that no evidence verifies.
func TestCheckPRBody(t *testing.T) {
	t.Parallel()
	ticked := strings.ReplaceAll(checklist.PRTemplate, "- [ ]", "- [x]")
	dir := tempTree(t, map[string]string{
		"base/prompts/greet.yaml": cleanPrompt,
		"head/prompts/greet.yaml": strings.Replace(strings.Replace(cleanPrompt, "Say hello", "Warmly say hello", 1), "1.0.0", "1.0.1", 1),
		"ticked.md":               ticked,
		"unticked.md":             checklist.PRTemplate,
	})
	statuses := func(body string) map[string]string {
		t.Helper()
		res := promptlint(t, dir, "check", "--base-dir", "base", "--head-dir", "head", "--pr-body", body, "--format", "json")
		if res.code == exitUsage || res.code == exitFailure {
			t.Fatalf("check --pr-body %s: %v", body, res)
		}
		rep := decodeReport(t, res.stdout)
		m := map[string]string{}
		for _, it := range rep.Checklist.Items {
			if it.Prompt == "greet_user" {
				m[it.ID] = it.Status
			}
		}
		return m
	}
	got := statuses("ticked.md")
	for _, id := range []string{"ab-tested", "metrics-improved", "error-handling", "monitoring", "team-reviewed", "docs-updated"} {
		if got[id] != "attested" {
			t.Errorf("ticked %s: status %q, want attested", id, got[id])
		}
	}
	// DESIGN: rollback-plan needs the plan itself, in the PR's "Rollback
	// plan" section or a rollback key; the template's section is empty.
	if got["rollback-plan"] != "missing" {
		t.Errorf("ticked rollback-plan with an empty section: status %q, want missing", got["rollback-plan"])
	}
	if got["semver"] != "verified" {
		t.Errorf("semver: status %q, want verified (a box does not stand in for a version)", got["semver"])
	}
	got = statuses("unticked.md")
	for _, id := range []string{"ab-tested", "error-handling", "team-reviewed", "docs-updated"} {
		if got[id] != "missing" {
			t.Errorf("unticked %s: status %q, want missing", id, got[id])
		}
	}
	if res := promptlint(t, dir, "check", "--base-dir", "base", "--head-dir", "head", "--pr-body", "nowhere.md"); res.code != exitUsage {
		t.Errorf("missing --pr-body file: want exit 2, got %v", res)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"version", "--version"} {
		res := promptlint(t, ".", arg)
		if res.code != exitOK || !strings.HasPrefix(res.stdout, "promptlint ") || len(strings.TrimSpace(res.stdout)) <= len("promptlint") {
			t.Errorf("promptlint %s: %v", arg, res)
		}
	}
}

func TestInit(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, nil)
	res := promptlint(t, dir, "init")
	if res.code != exitOK {
		t.Fatalf("init: %v", res)
	}
	cfgPath := filepath.Join(dir, ".promptlint.yaml")
	tmplPath := filepath.Join(dir, ".github", "pull_request_template.md")
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lint.LoadConfig(".promptlint.yaml", bytes.NewReader(data)); err != nil {
		t.Errorf("the config init wrote does not load: %v", err)
	}
	tmpl, err := os.ReadFile(tmplPath)
	if err != nil {
		t.Fatal(err)
	}
	body := checklist.ParseBody(string(tmpl))
	for _, id := range lint.ChecklistItems {
		if !strings.Contains(string(tmpl), "<!-- promptlint:"+id+" -->") {
			t.Errorf("PR template has no box for %q", id)
		}
		if ok, _ := checklist.ItemChecked(body, id); ok {
			t.Errorf("the untouched PR template ticks %q", id)
		}
	}
	// The config is picked up by the other commands.
	if res := promptlint(t, dir, "rules"); res.code != exitOK {
		t.Errorf("rules with the init config: %v", res)
	}

	// No overwrite without --force.
	if err := os.WriteFile(cfgPath, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = promptlint(t, dir, "init")
	if res.code != exitUsage || !strings.Contains(res.stderr, "--force") {
		t.Errorf("init over an existing config: want exit 2 naming --force, got %v", res)
	}
	if b, _ := os.ReadFile(cfgPath); string(b) != "# mine\n" {
		t.Errorf("init without --force overwrote the config")
	}
	res = promptlint(t, dir, "init", "--force")
	if res.code != exitOK {
		t.Fatalf("init --force: %v", res)
	}
	if b, _ := os.ReadFile(cfgPath); string(b) != string(data) {
		t.Errorf("init --force did not rewrite the config")
	}
}

// TestRules checks every rule of checks.All in each format, and that the
// README's rule table is output.RulesTable(checks.All).
func TestRules(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"text", "markdown", "json"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			res := promptlint(t, ".", "rules", "--format", format)
			if res.code != exitOK {
				t.Fatalf("rules: %v", res)
			}
			switch format {
			case "text":
				lines := strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n")
				if len(lines) != len(checks.All) {
					t.Errorf("rules wrote %d lines for %d rules", len(lines), len(checks.All))
				}
				for i, r := range checks.All {
					if i < len(lines) {
						f := strings.Fields(lines[i])
						if len(f) < 3 || f[0] != r.ID || f[1] != r.Severity.String() {
							t.Errorf("line %d %q does not start with %q %q", i+1, lines[i], r.ID, r.Severity)
						}
					}
				}
			case "markdown":
				if res.stdout != output.RulesTable(checks.All) {
					t.Errorf("rules --format markdown is not RulesTable(checks.All)")
				}
				for _, r := range checks.All {
					if !strings.Contains(res.stdout, "`"+r.ID+"`") {
						t.Errorf("markdown lacks %s", r.ID)
					}
				}
			case "json":
				var rules []struct {
					ID, Severity, Summary, Doc string
				}
				if err := json.Unmarshal([]byte(res.stdout), &rules); err != nil {
					t.Fatal(err)
				}
				if len(rules) != len(checks.All) {
					t.Fatalf("rules JSON has %d rules, want %d", len(rules), len(checks.All))
				}
				for i, r := range checks.All {
					if rules[i].ID != r.ID || rules[i].Severity != r.Severity.String() || rules[i].Summary == "" || rules[i].Doc != r.Doc {
						t.Errorf("rule %d: %+v does not match %s", i, rules[i], r.ID)
					}
				}
			}
		})
	}

	t.Run("config", func(t *testing.T) {
		t.Parallel()
		dir := tempTree(t, map[string]string{"c.yaml": "rules:\n  variable-unused: error\n  description-missing: off\n"})
		res := promptlint(t, dir, "rules", "--config", "c.yaml")
		if res.code != exitOK {
			t.Fatalf("rules --config: %v", res)
		}
		if !regexp.MustCompile(`(?m)^variable-unused +error `).MatchString(res.stdout) {
			t.Errorf("rules --config does not show variable-unused as error:\n%s", res.stdout)
		}
		if regexp.MustCompile(`(?m)^description-missing +warning `).MatchString(res.stdout) {
			t.Errorf("rules --config shows description-missing at its default severity though it is off")
		}
	})

	t.Run("README", func(t *testing.T) {
		// Not parallel: with -update-readme it rewrites README.md.
		for _, sec := range []struct{ start, end, want, what string }{
			{"<!-- rules:start -->\n", "<!-- rules:end -->", output.RulesTable(checks.All), "rule table (output.RulesTable)"},
			{"<!-- rule-docs:start -->\n", "<!-- rule-docs:end -->", output.RuleDocsMarkdown(checks.All), "rule reference (output.RuleDocsMarkdown)"},
		} {
			readme, err := os.ReadFile("README.md")
			if err != nil {
				t.Fatal(err)
			}
			s := string(readme)
			i, j := strings.Index(s, sec.start), strings.Index(s, sec.end)
			if i < 0 || j < i {
				t.Fatalf("README.md has no %q … %q section", strings.TrimSpace(sec.start), sec.end)
			}
			if s[i+len(sec.start):j] == sec.want {
				continue
			}
			if *updateReadme {
				s = s[:i+len(sec.start)] + sec.want + s[j:]
				if err := os.WriteFile("README.md", []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("README.md's %s is not generated from checks.All; run go test . -run TestRules -update-readme", sec.what)
		}
	})
	t.Run("documentation URLs", func(t *testing.T) {
		t.Parallel()
		readme, err := os.ReadFile("README.md")
		if err != nil {
			t.Fatal(err)
		}
		anchors := githubAnchors(string(readme))
		for _, r := range checks.All {
			base, anchor, _ := strings.Cut(r.URL(), "#")
			if base != lint.DocsURL || !anchors[anchor] {
				t.Errorf("%s: %s points at no heading of the README", r.ID, r.URL())
			}
		}
		// rules ID prints the whole doc and the URL.
		res := promptlint(t, ".", "rules", "variable-undefined", "version-bump-too-small")
		for _, id := range []string{"variable-undefined", "version-bump-too-small"} {
			r := ruleByID(checks.All, id)
			if !strings.Contains(res.stdout, strings.TrimSpace(r.Doc)) || !strings.Contains(res.stdout, r.URL()) {
				t.Errorf("rules %s does not print the whole doc and the URL:\n%s", id, res.stdout)
			}
		}
		if res := promptlint(t, ".", "rules", "variable-undefind"); res.code != exitUsage || !strings.Contains(res.stderr, `did you mean "variable-undefined"`) {
			t.Errorf("rules with an unknown id: %v", res)
		}
		// SARIF and JSON carry the URLs.
		dir := tempTree(t, map[string]string{".git/HEAD": "", "prompts/bad.yaml": brokenPrompt})
		sarif := promptlint(t, dir, "lint", "--format", "sarif")
		if !strings.Contains(sarif.stdout, `"helpUri": "`+lint.RuleURL("variable-undefined")+`"`) {
			t.Errorf("SARIF rules have no helpUri")
		}
		js := promptlint(t, dir, "lint", "--format", "json")
		if !strings.Contains(js.stdout, `"doc_url": "`+lint.RuleURL("variable-undefined")+`"`) {
			t.Errorf("JSON findings have no doc_url")
		}
	})
}

// TestInspect checks inspect --format json on one file of each format from
// the corpus.
func TestInspect(t *testing.T) {
	t.Parallel()
	corpus := filepath.Join("testdata", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Fatalf("no corpus: %v", err)
	}
	corpus, _ = filepath.Abs(corpus)
	tests := []struct {
		src, dst string // dst: where the file goes in the temp tree
		format   string
	}{
		{"actions__ai-inference/__fixtures__/prompts/simple.prompt.yml", "simple.prompt.yml", "github-models"},
		{"github__gh-models/examples/test_generate.yml", "test_generate.prompt.yml", "github-models"},
		{"google__dotprompt/packages/monaco/samples/01-basic.prompt", "basic.prompt", "dotprompt"},
		{"microsoft__prompty/history/basic.prompty/05-501840fe.prompty", "basic.prompty", "prompty"},
		{"github__awesome-copilot/prompts/create-readme.prompt.md", "create-readme.prompt.md", "vscode"},
	}
	files := map[string]string{
		"prompts/support.yaml": `name: support_reply
version: 1.2.0
description: Replies to a support ticket.
environment: staging
template: "Hi {customer_name}, about {issue} ({tone})."
variables:
  customer_name: null
  issue: null
  tone: friendly
`,
		"prompts/answer.md": "---\nversion: 1.0.0\ndescription: Answers.\nvariables:\n  question: null\n---\nAnswer {question}\n",
	}
	for _, tt := range tests {
		b, err := os.ReadFile(filepath.Join(corpus, tt.src))
		if err != nil {
			t.Fatal(err)
		}
		files[tt.dst] = string(b)
	}
	dir := tempTree(t, files)
	args := []string{"inspect", "--format", "json"}
	wantFormat := map[string]string{"prompts/support.yaml": "promptlint", "prompts/answer.md": "markdown"}
	for _, tt := range tests {
		args = append(args, tt.dst)
		wantFormat[tt.dst] = tt.format
	}
	args = append(args, "prompts/support.yaml", "prompts/answer.md")
	res := promptlint(t, dir, args...)
	if res.code != exitOK {
		t.Fatalf("inspect: %v", res)
	}
	var raw struct {
		Prompts []map[string]json.RawMessage `json:"prompts"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &raw); err != nil {
		t.Fatalf("inspect JSON: %v", err)
	}
	for _, p := range raw.Prompts {
		for _, k := range []string{"path", "name", "format", "syntax", "version", "description", "environment", "variables", "messages"} {
			if _, ok := p[k]; !ok {
				t.Errorf("inspect prompt lacks %q: %s", k, p["path"])
			}
		}
	}
	type variable struct {
		Name     string `json:"name"`
		Required *bool  `json:"required"`
		Default  any    `json:"default"`
		Used     *bool  `json:"used"`
	}
	var doc struct {
		Prompts []struct {
			Path, Name, Format, Syntax, Version, Description, Environment string
			Variables                                                     []variable
			Messages                                                      []struct {
				Role    *string `json:"role"`
				Content string  `json:"content"`
			}
		}
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range doc.Prompts {
		seen[p.Path] = true
		if want, ok := wantFormat[p.Path]; ok && p.Format != want {
			t.Errorf("%s: format %q, want %q", p.Path, p.Format, want)
		}
		if p.Name == "" || p.Syntax == "" || len(p.Messages) == 0 {
			t.Errorf("%s: empty name, syntax or messages: %+v", p.Path, p)
		}
		for _, m := range p.Messages {
			if m.Role == nil || m.Content == "" {
				t.Errorf("%s: message without a role key or content", p.Path)
			}
		}
		for _, v := range p.Variables {
			if v.Name == "" || v.Required == nil || v.Used == nil {
				t.Errorf("%s: variable %+v lacks name, required or used", p.Path, v)
			}
		}
		if p.Path == "prompts/support.yaml" {
			if p.Version != "1.2.0" || p.Environment != "staging" || p.Description != "Replies to a support ticket." || p.Format != "promptlint" {
				t.Errorf("support.yaml inspected as %+v", p)
			}
			got := map[string]variable{}
			for _, v := range p.Variables {
				got[v.Name] = v
			}
			if v := got["tone"]; v.Default != "friendly" || *v.Required || !*v.Used {
				t.Errorf("tone: %+v, want default friendly, not required, used", v)
			}
			if v := got["customer_name"]; v.Default != nil || !*v.Required || !*v.Used {
				t.Errorf("customer_name: %+v, want required, no default, used", v)
			}
		}
	}
	for p := range wantFormat {
		if !seen[p] {
			t.Errorf("inspect printed nothing for %s", p)
		}
	}

	// The text format prints every file too.
	res = promptlint(t, dir, append([]string{"inspect"}, args[3:]...)...)
	if res.code != exitOK {
		t.Fatalf("inspect text: %v", res)
	}
	for p := range wantFormat {
		if !strings.Contains(res.stdout, p+": ") {
			t.Errorf("inspect text does not name %s", p)
		}
	}
}

// gitEnv is an environment that makes git deterministic and independent
// of the user's config and of repositories around the test's directory.
func gitEnv(t testing.TB) []string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("the tests need git: %v", err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	// check's name index, kept out of the user's cache directory.
	cache := t.TempDir()
	return append(env,
		"GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_SYSTEM="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com", "GIT_AUTHOR_DATE=2026-01-01T00:00:00Z",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z",
		"GIT_CEILING_DIRECTORIES="+filepath.Dir(cache),
		// No template: init and clone then write no sample hooks, no
		// description and no info/exclude (two dozen files a repository,
		// which nothing here reads).
		"GIT_TEMPLATE_DIR=",
		// No `git maintenance run --auto` after each commit and fetch (a
		// git process each time, for repositories of a few objects), and
		// no reflogs (files that nothing here reads).
		"GIT_CONFIG_COUNT=2", "GIT_CONFIG_KEY_0=maintenance.auto", "GIT_CONFIG_VALUE_0=false",
		"GIT_CONFIG_KEY_1=core.logAllRefUpdates", "GIT_CONFIG_VALUE_1=false",
		"PROMPTLINT_CACHE="+cache)
}

// gitRepo is a temporary git repository (branch main) and the
// environment its git commands and promptlint run with.
type gitRepo struct {
	dir string
	env []string
}

// newGitRepo makes an empty repository in a temporary directory.
func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	g := &gitRepo{dir: t.TempDir(), env: gitEnv(t)}
	g.git(t, "init", "-q", "-b", "main")
	return g
}

// git runs git in the repository and returns its trimmed output.
func (g *gitRepo) git(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = g.dir, g.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes files into the work tree, removes the paths in remove,
// and commits; it returns the new commit's SHA.
func (g *gitRepo) commit(t *testing.T, msg string, files map[string]string, remove ...string) string {
	t.Helper()
	writeTree(t, g.dir, files)
	for _, r := range remove {
		g.git(t, "rm", "-q", r)
	}
	g.git(t, "add", "-A")
	g.git(t, "commit", "-q", "-m", msg)
	return g.head(t)
}

// head returns the SHA of HEAD. Right after a commit it is in the files
// the commit wrote, .git/HEAD and the loose ref it names (a commit never
// updates a ref in packed-refs): read there, without a git process. In
// any other layout git says.
func (g *gitRepo) head(t *testing.T) string {
	t.Helper()
	gitDir := filepath.Join(g.dir, ".git")
	b, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if ref, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "ref: "); err == nil && ok && fs.ValidPath(ref) {
		b, err = os.ReadFile(filepath.Join(gitDir, filepath.FromSlash(ref)))
	}
	if sha := strings.TrimSpace(string(b)); err == nil && len(sha) == 40 && strings.Trim(sha, "0123456789abcdef") == "" {
		return sha
	}
	return g.git(t, "rev-parse", "HEAD")
}

// importedCommit is a commit for gitRepo.importCommits: files (path ->
// content) written on branch over its last commit, or over from's for a
// new branch.
type importedCommit struct {
	branch, from, msg string
	files             map[string]string
}

// importCommits writes commits with one git fast-import as a single pack
// of stored objects (no loose object per file, no work tree), authored
// as gitEnv's commits are: a commit made here and the same made with
// gitRepo.commit have one SHA.
func (g *gitRepo) importCommits(t *testing.T, commits ...importedCommit) {
	t.Helper()
	var stream bytes.Buffer
	for _, c := range commits {
		const who = "Test <test@example.com> 1767225600 +0000"
		fmt.Fprintf(&stream, "commit refs/heads/%s\nauthor %s\ncommitter %s\ndata %d\n%s\n\n", c.branch, who, who, len(c.msg)+1, c.msg)
		if c.from != "" {
			fmt.Fprintf(&stream, "from refs/heads/%s\n", c.from)
		}
		for _, p := range slices.Sorted(maps.Keys(c.files)) {
			if strings.HasPrefix(p, `"`) || strings.ContainsAny(p, "\n\x00") {
				t.Fatalf("%q: a path fast-import would need quoted", p)
			}
			fmt.Fprintf(&stream, "M 100644 inline %s\ndata %d\n%s\n", p, len(c.files[p]), c.files[p])
		}
	}
	// unpackLimit 0: a pack however few the objects. Compression 0: the
	// objects are stored, not deflated.
	cmd := exec.Command("git", "-c", "fastimport.unpackLimit=0", "-c", "pack.compression=0", "fast-import", "--quiet")
	cmd.Dir, cmd.Env, cmd.Stdin = g.dir, g.env, &stream
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, out)
	}
}

// promptlint runs the program in sub (a directory of the work tree,
// "" for its root) with the repository's environment.
func (g *gitRepo) promptlint(t *testing.T, sub string, args ...string) result {
	t.Helper()
	return runIn(t, &process{Dir: filepath.Join(g.dir, filepath.FromSlash(sub)), Env: g.env}, args...)
}

// Distinct prompts for the git test, so that no two read as a rename.
const (
	legacyPrompt = `name: legacy_greet
version: 2.0.0
description: The old greeting.
template: "Welcome back, {customer_name}! It has been a while."
variables:
  customer_name: null
`
	stayPrompt = `name: translate_text
version: 1.0.0
description: Translates a passage.
template: "Translate the passage below into {target_language}:\n\n{passage}"
variables:
  target_language: null
  passage: null
`
	addedPrompt = `name: classify_ticket
version: 0.1.0
description: Routes a support ticket.
template: "Pick the queue for this ticket from {queues}. Ticket: {ticket_body}"
variables:
  queues: null
  ticket_body: null
`
)

// TestCheckGit runs check against revisions of a real repository.
func TestCheckGit(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	v1 := map[string]string{
		"prompts/greet.yaml":  cleanPrompt,
		"prompts/legacy.yaml": legacyPrompt,
		"prompts/stay.yaml":   stayPrompt,
		"README.md":           "docs\n",
	}
	first := g.commit(t, "prompts: add the greeting prompts", v1)
	second := g.commit(t, "fix", map[string]string{
		// Wording change without a bump.
		"prompts/greet.yaml": strings.Replace(cleanPrompt, "Say hello", "Warmly say hello", 1),
		// A new prompt.
		"prompts/added.yaml": addedPrompt,
	}, "prompts/legacy.yaml")
	third := g.commit(t, "prompts: ask the greeting to name the product", map[string]string{
		"prompts/greet.yaml": strings.Replace(strings.Replace(cleanPrompt, "Say hello", "Warmly say hello about the product", 1), "1.0.0", "1.0.1", 1),
	})
	// An uncommitted edit in the working tree.
	dirty := strings.Replace(stayPrompt, "Translate the", "Carefully translate the", 1)
	writeTree(t, g.dir, map[string]string{"prompts/stay.yaml": dirty})
	statusBefore := g.git(t, "status", "--porcelain")

	check := func(t *testing.T, args ...string) *jsonReport {
		t.Helper()
		res := g.promptlint(t, "", append([]string{"check", "--format", "json"}, args...)...)
		if res.code != exitOK && res.code != exitFindings {
			t.Fatalf("check %q: %v", args, res)
		}
		return decodeReport(t, res.stdout)
	}
	statuses := func(rep *jsonReport) map[string]string {
		m := map[string]string{}
		for _, p := range rep.Prompts {
			m[p.Path] = p.Status
		}
		return m
	}
	findings := func(rep *jsonReport, rule string) []string {
		var out []string
		for _, f := range rep.Findings {
			if f.Rule == rule {
				out = append(out, f.Path+": "+f.Message)
			}
		}
		return out
	}

	t.Run("base HEAD~2 against the working tree", func(t *testing.T) {
		rep := check(t, "--base", "HEAD~2")
		want := map[string]string{
			"prompts/greet.yaml": "modified", "prompts/added.yaml": "added",
			"prompts/legacy.yaml": "removed", "prompts/stay.yaml": "modified",
		}
		if got := statuses(rep); !equalMaps(got, want) {
			t.Errorf("statuses %v, want %v", got, want)
		}
		// The working tree's uncommitted edit is the head.
		if len(findings(rep, "version-not-bumped")) == 0 {
			t.Errorf("no version-not-bumped for the uncommitted edit of stay.yaml: %v", rep.rules())
		}
		generic := findings(rep, "commit-message-generic")
		if len(generic) != 1 || !strings.Contains(generic[0], second[:7]) {
			t.Errorf("commit-message-generic: %q, want one naming %s", generic, second[:7])
		}
		for _, g := range generic {
			if strings.Contains(g, third[:7]) || strings.Contains(g, first[:7]) {
				t.Errorf("descriptive commit reported as generic: %s", g)
			}
		}
	})
	t.Run("base and head revisions", func(t *testing.T) {
		rep := check(t, "--base", first, "--head", second)
		want := map[string]string{"prompts/greet.yaml": "modified", "prompts/added.yaml": "added", "prompts/legacy.yaml": "removed"}
		if got := statuses(rep); !equalMaps(got, want) {
			t.Errorf("statuses %v, want %v", got, want)
		}
		if nb := findings(rep, "version-not-bumped"); len(nb) != 1 || !strings.HasPrefix(nb[0], "prompts/greet.yaml") {
			t.Errorf("version-not-bumped: %q, want one on greet.yaml", nb)
		}
		if g := findings(rep, "commit-message-generic"); len(g) != 1 {
			t.Errorf("commit-message-generic: %q, want the \"fix\" commit", g)
		}
	})
	t.Run("descriptive commit", func(t *testing.T) {
		rep := check(t, "--base", "HEAD~1", "--head", "HEAD")
		if got := statuses(rep); !equalMaps(got, map[string]string{"prompts/greet.yaml": "modified"}) {
			t.Errorf("statuses %v", got)
		}
		if g := findings(rep, "commit-message-generic"); len(g) != 0 {
			t.Errorf("descriptive commit reported: %q", g)
		}
		if nb := findings(rep, "version-not-bumped"); len(nb) != 0 {
			t.Errorf("bumped prompt reported: %q", nb)
		}
	})
	t.Run("no change", func(t *testing.T) {
		rep := check(t, "--base", "HEAD", "--head", "HEAD")
		if len(rep.Prompts) != 0 || rep.Summary.Changed != 0 {
			t.Errorf("HEAD against HEAD reports %d prompts", len(rep.Prompts))
		}
	})
	t.Run("bad base", func(t *testing.T) {
		res := g.promptlint(t, "", "check", "--base", "origin/main")
		if res.code != exitFailure {
			t.Fatalf("unknown base: want exit 3, got %v", res)
		}
		if !strings.Contains(res.stderr, "origin/main") || !strings.Contains(res.stderr, "fetch") {
			t.Errorf("unknown base: the message does not name the revision and say to fetch it:\n%s", res.stderr)
		}
		if res := g.promptlint(t, "", "check", "--base", "HEAD", "--head", "nope"); res.code != exitFailure {
			t.Errorf("unknown head: want exit 3, got %v", res)
		}
	})

	if after := g.git(t, "status", "--porcelain"); after != statusBefore {
		t.Errorf("check changed the working tree: %q, was %q", after, statusBefore)
	}
	if b, _ := os.ReadFile(filepath.Join(g.dir, "prompts", "stay.yaml")); string(b) != dirty {
		t.Errorf("check changed an uncommitted file")
	}
	if head := g.git(t, "rev-parse", "HEAD"); head != third {
		t.Errorf("check moved HEAD to %s", head)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// firstPRFiles is a repository adopting promptlint, as a team has it on
// the day of its first pull request: no .promptlint.yaml; prompts in four
// formats that carry versions and descriptions (the VS Code prompt file,
// which needs no version, has none); and everything else a repository
// holds: project documents, Markdown documentation next to the prompts,
// code, and an ignored scratch prompt.
var firstPRFiles = map[string]string{
	"README.md":       "# Acme support bot\n\nRun `make` to build. {not a placeholder}\n",
	"CHANGELOG.md":    "# Changelog\n\n## 1.0.0\n\n- First release.\n",
	"CONTRIBUTING.md": "Open a pull request. TODO: describe the review process.\n",
	"LICENSE":         "MIT License\n",
	".gitignore":      "prompts/scratch/\n",
	"src/app.py":      "print('hello')\n",
	"docs/prompts.md": "# How we write prompts\n\nUse {snake_case} names, e.g. `{customer_name}`.\n",
	"prompts/README.md": "# Prompts\n\nEach prompt takes its inputs as `{name}` placeholders, for example:\n\n" +
		"```json\n{\"customer_name\": \"Ada\", \"issue_summary\": \"refund\"}\n```\n",
	"prompts/support_reply.yaml": `name: support_reply
version: 1.2.0
description: Drafts a reply to a customer support ticket.
variables:
  customer_name: null
  issue_summary: null
  tone: friendly
template: |
  You are a support agent for Acme. Write a {tone} reply to {customer_name}
  about the issue below. Acknowledge the problem and explain what happens next.

  Issue: {issue_summary}
changelog:
  - version: 1.2.0
    date: 2026-10-02
    changes: Added the tone variable.
`,
	"prompts/summarize.prompt.yml": `name: Summarize ticket
description: Summarizes a support ticket for the on-call engineer.
version: 1.0.0
model: openai/gpt-4o-mini
messages:
  - role: system
    content: You summarize support tickets in three short sentences.
  - role: user
    content: "{{ticket_text}}"
`,
	"prompts/classify_ticket.prompt": `---
version: 1.0.0
description: Routes a ticket to a queue.
model: googleai/gemini-2.0-flash
input:
  schema:
    ticket_text: string
output:
  schema:
    queue(enum): [billing, bug, question]
---
Pick the queue for this ticket: {{ticket_text}}
`,
	".github/prompts/review.prompt.md": "---\nagent: 'agent'\ndescription: 'Review the changed files'\n---\nReview ${input:file_path} for bugs and missing tests.\n",
	"prompts/scratch/draft.yaml":       "template: TODO {x}\n",
}

// TestFirstPullRequest runs the README's first pull request: in a
// repository with no .promptlint.yaml, a wording change with the right
// patch bump and a changelog entry passes (exit 0, no finding), and the
// same change without the bump fails with exactly version-not-bumped.
func TestFirstPullRequest(t *testing.T) {
	t.Parallel()
	reworded := strings.Replace(firstPRFiles["prompts/support_reply.yaml"],
		"explain what happens next.\n", "explain what happens next.\n  End with one concrete next step.\n", 1)
	bumped := strings.Replace(strings.Replace(reworded, "version: 1.2.0\n", "version: 1.2.1\n", 1),
		"changelog:\n", "changelog:\n  - version: 1.2.1\n    date: 2026-11-20\n    changes: Ask for one concrete next step.\n", 1)
	for _, tc := range []struct {
		name   string
		prompt string
		code   int
		rules  []string
	}{
		{"bumped", bumped, exitOK, nil},
		{"not bumped", reworded, exitFindings, []string{"version-not-bumped"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := newGitRepo(t)
			g.commit(t, "Add the support prompts", firstPRFiles)
			g.git(t, "checkout", "-q", "-b", "next-step")
			g.commit(t, "Ask support replies to end with one concrete next step", map[string]string{
				"prompts/support_reply.yaml": tc.prompt,
				"README.md":                  firstPRFiles["README.md"] + "\nSee docs/prompts.md.\n",
				"src/app.py":                 "print('hello, world')\n",
			})
			// The comment from the same run (see TestOutputs).
			comment := filepath.Join(t.TempDir(), "comment.md")
			res := g.promptlint(t, "", "check", "--base", "main", "--format", "json", "--format", "markdown="+comment)
			if res.code != tc.code {
				t.Errorf("exit %d, want %d: %v", res.code, tc.code, res)
			}
			rep := decodeReport(t, res.stdout)
			if got := rep.rules(); strings.Join(got, " ") != strings.Join(tc.rules, " ") {
				t.Errorf("findings %q, want exactly %q:\n%s", got, tc.rules, res.stdout)
			}
			if len(rep.Prompts) != 1 || rep.Prompts[0].Path != "prompts/support_reply.yaml" {
				t.Errorf("changed prompts %+v, want prompts/support_reply.yaml only", rep.Prompts)
			}
			// The comment shows the checklist, not enforced.
			md, err := os.ReadFile(comment)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(md), "Production checklist (advisory, not enforced)") || !strings.Contains(string(md), "default_environment: production") {
				t.Errorf("the comment does not show the advisory checklist and how to enforce it:\n%s", md)
			}
		})
	}
}

// TestCheckLooksOnlyAtPromptCommits: check --base reads the branch's
// commits with git; a commit with a generic message is reported only when
// it touches a changed prompt file, and once.
func TestCheckLooksOnlyAtPromptCommits(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.commit(t, "Add the prompts", map[string]string{"prompts/greet.yaml": cleanPrompt, "prompts/stay.yaml": stayPrompt, "README.md": "docs\n"})
	g.git(t, "checkout", "-q", "-b", "feature")
	g.commit(t, "fix", map[string]string{"README.md": "better docs\n"})
	g.git(t, "commit", "-q", "--allow-empty", "-m", "wip")
	tweak := g.commit(t, "tweak", map[string]string{
		"CHANGELOG.md":       "notes\n",
		"prompts/greet.yaml": strings.Replace(strings.Replace(cleanPrompt, "Say hello", "Warmly say hello", 1), "1.0.0", "1.0.1", 1),
		"prompts/stay.yaml":  strings.Replace(strings.Replace(stayPrompt, "Translate the", "Carefully translate the", 1), "1.0.0", "1.0.1", 1),
	})
	res := g.promptlint(t, "", "check", "--base", "main", "--format", "json")
	var got []string
	for _, f := range decodeReport(t, res.stdout).Findings {
		if f.Rule == "commit-message-generic" {
			got = append(got, f.Path+": "+f.Message)
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "prompts/greet.yaml: commit "+tweak[:7]) {
		t.Errorf("commit-message-generic %q, want one, on prompts/greet.yaml, naming %s (not the docs-only fix, nor the empty wip)", got, tweak[:7])
	}
}

// TestCheckGolden runs the scenarios of testdata/check: each archive holds
// a base/ and a head/ tree, optionally config.yaml, pr-body.md and args
// (extra flags on one line), and the expected output of check in text
// (want.txt), JSON (want.json) and Markdown (want.md), and its exit code
// (exit). go test . -update rewrites the expected sections.
func TestCheckGolden(t *testing.T) {
	t.Parallel()
	names, err := filepath.Glob(filepath.Join("testdata", "check", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no scenarios in testdata/check")
	}
	for _, name := range names {
		abs, err := filepath.Abs(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(abs)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for _, sub := range []string{"base", "head"} {
				if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"check", "--base-dir", "base", "--head-dir", "head"}
			for _, f := range ar.Files {
				switch {
				case strings.HasPrefix(f.Name, "base/"), strings.HasPrefix(f.Name, "head/"):
					writeTree(t, dir, map[string]string{f.Name: string(f.Data)})
				case f.Name == "config.yaml":
					writeTree(t, dir, map[string]string{f.Name: string(f.Data)})
					args = append(args, "--config", "config.yaml")
				case f.Name == "pr-body.md":
					writeTree(t, dir, map[string]string{f.Name: string(f.Data)})
					args = append(args, "--pr-body", "pr-body.md")
				case f.Name == "args":
					args = append(args, strings.Fields(string(f.Data))...)
				}
			}
			got := map[string]string{}
			code := -1
			for _, o := range []struct{ section, format string }{{"want.txt", "text"}, {"want.json", "json"}, {"want.md", "markdown"}} {
				res := promptlint(t, dir, append(args, "--format", o.format)...)
				if res.code == exitUsage || res.code == exitFailure {
					t.Fatalf("check %q: %v", args, res)
				}
				if code >= 0 && res.code != code {
					t.Errorf("--format %s exits %d, --format text exits %d", o.format, res.code, code)
				}
				code = res.code
				got[o.section] = res.stdout
				if o.format == "json" {
					decodeReport(t, res.stdout)
				}
				if o.format == "text" {
					textFindings(t, res.stdout)
				}
			}
			got["exit"] = itoa(code) + "\n"
			if *update {
				for _, s := range []string{"want.txt", "want.json", "want.md", "exit"} {
					setSection(ar, s, got[s])
				}
				if err := os.WriteFile(abs, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, s := range []string{"exit", "want.txt", "want.json", "want.md"} {
				want, ok := section(ar, s)
				if !ok {
					t.Errorf("no %s section; run go test . -run TestCheckGolden -update", s)
					continue
				}
				if got[s] != want {
					t.Errorf("%s differs:\n%s", s, lineDiff(want, got[s]))
				}
			}
		})
	}
}

func section(ar *txtar.Archive, name string) (string, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data), true
		}
	}
	return "", false
}

func setSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

// TestCheckCRLFOnly checks that a file whose only change is its line
// endings (LF to CRLF) is reported as a change that needs no bump, with
// similarity 1.
func TestCheckCRLFOnly(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		"config.yaml":             "default_environment: development\n",
		"base/prompts/greet.yaml": cleanPrompt,
		"head/prompts/greet.yaml": strings.ReplaceAll(cleanPrompt, "\n", "\r\n"),
		"base/notes.prompt.md":    "---\ndescription: Notes.\nversion: 1.0.0\n---\nSummarize ${input:meeting_notes}.\nKeep it short.\n",
		"head/notes.prompt.md":    "---\r\ndescription: Notes.\r\nversion: 1.0.0\r\n---\r\nSummarize ${input:meeting_notes}.\r\nKeep it short.\r\n",
	})
	res := promptlint(t, dir, "check", "--config", "config.yaml", "--base-dir", "base", "--head-dir", "head", "--format", "json")
	if res.code != exitOK {
		t.Errorf("a CRLF-only change: want exit 0, got %v", res)
	}
	rep := decodeReport(t, res.stdout)
	if len(rep.Findings) != 0 {
		t.Errorf("a CRLF-only change raised findings: %v", rep.rules())
	}
	if len(rep.Prompts) != 2 {
		t.Fatalf("a CRLF-only change: %d prompts reported, want 2 (modified, bump none)", len(rep.Prompts))
	}
	for _, p := range rep.Prompts {
		if p.Status != "modified" || p.RequiredBump != "none" || p.Similarity == nil || *p.Similarity != 1 {
			t.Errorf("%s: status %s, required %s, similarity %v; want modified, none, 1", p.Path, p.Status, p.RequiredBump, p.Similarity)
		}
	}
}

// TestFlagsAfterPaths checks that flags may follow the paths, and that
// "--" ends the flags.
func TestFlagsAfterPaths(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{"prompts/greet.yaml": cleanPrompt, "-odd.yaml": cleanPrompt})
	res := promptlint(t, dir, "lint", "prompts", "--format", "json", "--fail-on", "none")
	if res.code != exitOK || !strings.HasPrefix(res.stdout, "{") {
		t.Errorf("flags after the path were not read: %v", res)
	}
	res = promptlint(t, dir, "lint", "--format", "json", "--", "-odd.yaml")
	if res.code != exitOK || !strings.Contains(res.stdout, `"path": "-odd.yaml"`) {
		t.Errorf("a path after -- was not linted: %v", res)
	}
	if res := promptlint(t, dir, "lint", "prompts", "--bogus"); res.code != exitUsage {
		t.Errorf("an unknown flag after the path: %v, want exit 2", res)
	}
}

// TestREADMEConfigExampleLoads keeps the README's example configuration
// valid: it must load and name only known rules.
func TestREADMEConfigExampleLoads(t *testing.T) {
	t.Parallel()
	cfg, err := lint.LoadConfig("README.md example", strings.NewReader(readmeConfigExample(t)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Apply(checks.All); err != nil {
		t.Fatal(err)
	}
}

// TestInspectShowsTheEffectiveEnvironment: inspect reports the environment
// the rules apply, not only a declared one.
func TestInspectShowsTheEffectiveEnvironment(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		".promptlint.yaml":   "environments:\n  staging:\n    paths: [\"prompts/exp/**\"]\n",
		"prompts/exp/a.yaml": "version: 1.0.0\ntemplate: Hi\n",
		"prompts/b.yaml":     "version: 1.0.0\ntemplate: Hi\n",
		"prompts/c.yaml":     "version: 1.0.0\nenvironment: development\ntemplate: Hi\n",
	})
	res := promptlint(t, dir, "inspect", "--format", "json", "prompts/exp/a.yaml", "prompts/b.yaml", "prompts/c.yaml")
	var out struct {
		Prompts []struct {
			Path        string `json:"path"`
			Environment string `json:"environment"`
		} `json:"prompts"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &out); err != nil {
		t.Fatalf("%v: %v", err, res)
	}
	want := map[string]string{"prompts/exp/a.yaml": "staging", "prompts/b.yaml": "", "prompts/c.yaml": "development"}
	for _, p := range out.Prompts {
		if p.Environment != want[p.Path] {
			t.Errorf("%s: environment %q, want %q", p.Path, p.Environment, want[p.Path])
		}
	}
	if len(out.Prompts) != 3 {
		t.Errorf("%d prompts, want 3", len(out.Prompts))
	}
}

// TestWhereItRuns: the config is found in the working directory or its
// nearest parent up to the repository root; its globs and the output's
// paths are relative to its directory; any path works (absolute, ../,
// outside the root, a quoted glob, - with --stdin-filename).
func TestWhereItRuns(t *testing.T) {
	t.Parallel()
	outer := tempTree(t, map[string]string{
		// Above the repository root: never read (it would be exit 2).
		".promptlint.yaml": "not_a_key: 1\n",
		// description-missing as an error shows that the config was read.
		"repo/.promptlint.yaml":      "files: [\"prompts/**/*.yaml\"]\nrules:\n  description-missing: error\n",
		"repo/prompts/a.yaml":        strings.Replace(undocumentedPrompt, "greet_user", "greet_a", 1),
		"repo/prompts/sub/b.yaml":    strings.Replace(undocumentedPrompt, "greet_user", "greet_b", 1),
		"repo/docs/notes.txt":        "not a prompt\n",
		"repo/README.md":             "# Prompts\n",
		"repo/team/.promptlint.yaml": "files: [\"*.yaml\"]\nrules:\n  description-missing: notice\n",
		"repo/team/t.yaml":           undocumentedPrompt,
		"bare/prompts/p.yaml":        undocumentedPrompt,
		"elsewhere/c.yaml":           strings.Replace(undocumentedPrompt, "greet_user", "greet_c", 1),
	})
	for _, d := range []string{"repo", "bare"} {
		if err := os.Mkdir(filepath.Join(outer, d, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	repo := filepath.Join(outer, "repo")
	in := func(sub string) string { return filepath.Join(outer, filepath.FromSlash(sub)) }
	// findingLines returns "path rule severity" for each finding of a JSON report.
	findingLines := func(t *testing.T, res result) []string {
		t.Helper()
		if res.code == exitUsage || res.code == exitFailure {
			t.Fatalf("%v", res)
		}
		var out []string
		for _, f := range decodeReport(t, res.stdout).Findings {
			out = append(out, f.Path+" "+f.Rule+" "+f.Severity)
		}
		sort.Strings(out)
		return out
	}
	tests := []struct {
		name  string
		dir   string
		args  []string
		stdin string
		want  []string
	}{
		{"subdirectory finds the root config", "repo/prompts/sub", nil, "",
			[]string{"prompts/sub/b.yaml description-missing error"}},
		{"parent directory by ../", "repo/docs", []string{"../prompts"}, "",
			[]string{"prompts/a.yaml description-missing error", "prompts/sub/b.yaml description-missing error"}},
		{"absolute path", "repo/docs", []string{filepath.Join(repo, "prompts", "a.yaml")}, "",
			[]string{"prompts/a.yaml description-missing error"}},
		{"quoted glob", "repo/docs", []string{"../prompts/**/b.yaml"}, "",
			[]string{"prompts/sub/b.yaml description-missing error"}},
		{"path outside the root", "repo/prompts", []string{"../../elsewhere/c.yaml", "a.yaml"}, "",
			[]string{"../elsewhere/c.yaml description-missing error", "prompts/a.yaml description-missing error"}},
		{"standard input", "repo/prompts", []string{"--stdin-filename", "new.yaml", "-"}, undocumentedPrompt,
			[]string{"prompts/new.yaml description-missing error"}},
		{"nearest config wins, globs relative to it", "repo/team", nil, "",
			[]string{"t.yaml description-missing notice"}},
		{"no config stops at the repository root", "bare/prompts", nil, "",
			[]string{"prompts/p.yaml description-missing warning"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runIn(t, &process{Dir: in(tt.dir), Stdin: strings.NewReader(tt.stdin)}, append([]string{"lint", "--format", "json", "--fail-on", "none"}, tt.args...)...)
			if got := findingLines(t, res); !slices.Equal(got, tt.want) {
				t.Errorf("findings %q, want %q\n%v", got, tt.want, res)
			}
		})
	}

	t.Run("nothing matched says so on stderr", func(t *testing.T) {
		t.Parallel()
		res := promptlint(t, in("repo/docs"), "lint")
		if res.code != exitOK || res.stdout != "" {
			t.Errorf("want exit 0 and no findings: %v", res)
		}
		if !strings.Contains(res.stderr, "no prompt files") || !strings.Contains(res.stderr, "prompts/**/*.yaml") {
			t.Errorf("stderr does not say that nothing matched, and which globs were tried:\n%s", res.stderr)
		}
	})
	for _, tt := range []struct {
		name   string
		args   []string
		stderr []string
	}{
		{"an explicit directory without prompts", []string{"."}, []string{"holds no prompt file", "prompts/**/*.yaml"}},
		{"a glob that matches nothing", []string{"'*.prompty'", "*.prompty"}, []string{`"*.prompty" matched no file`}},
		{"a missing path", []string{"nowhere.yaml"}, []string{"nowhere.yaml", "no such file"}},
		{"- without --stdin-filename", []string{"-"}, []string{"--stdin-filename"}},
		{"--stdin-filename without -", []string{"--stdin-filename", "x.yaml", "../prompts"}, []string{"no argument is -"}},
		// A named file that is not a prompt is a mistake, not a pass over
		// nothing: "0 prompt files" and exit 0 hid it.
		{"a named text file without front matter", []string{"notes.txt"}, []string{"notes.txt is not a prompt file", "no YAML front matter", "--force-globs"}},
		{"a named prompt and a document", []string{"../prompts/a.yaml", "notes.txt"}, []string{"notes.txt is not a prompt file"}},
		{"a named README", []string{"../README.md"}, []string{"../README.md is not a prompt file", "project document"}},
		{"a glob of documents", []string{"*.txt"}, []string{`glob "*.txt" matched no prompt file`, "docs/notes.txt has no YAML front matter"}},
		{"a document on the standard input", []string{"--stdin-filename", "notes.md", "-"}, []string{"not a prompt file", "no YAML front matter"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := tt.args
			if tt.name == "a glob that matches nothing" {
				args = args[1:]
			}
			res := runIn(t, &process{Dir: in("repo/docs"), Stdin: strings.NewReader("# Notes\n")}, append([]string{"lint"}, args...)...)
			if res.code != exitUsage || res.stdout != "" {
				t.Fatalf("want exit 2 and nothing on stdout: %v", res)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(res.stderr, s) {
					t.Errorf("stderr does not say %q:\n%s", s, res.stderr)
				}
			}
		})
	}
}

// TestHelp: `promptlint help CMD` and `CMD -h` print the same help, with a
// description, every flag in --long form with its default, and examples;
// an unknown flag or command is reported once, with a suggestion.
func TestHelp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, cmd := range commands {
		t.Run(cmd.name, func(t *testing.T) {
			t.Parallel()
			help := promptlint(t, dir, "help", cmd.name)
			if help.code != exitOK || help.stderr != "" {
				t.Fatalf("help %s: %v", cmd.name, help)
			}
			if cmd.name != "help" {
				if h := promptlint(t, dir, cmd.name, "-h"); h.code != exitOK || h.stdout != help.stdout {
					t.Errorf("%s -h differs from help %s: %v", cmd.name, cmd.name, h)
				}
				if h := promptlint(t, dir, cmd.name, "--help"); h.code != exitOK || h.stdout != help.stdout {
					t.Errorf("%s --help differs from help %s: %v", cmd.name, cmd.name, h)
				}
			}
			out := help.stdout
			if !strings.HasPrefix(out, "usage: promptlint "+cmd.name) {
				t.Errorf("help does not start with the synopsis:\n%s", out)
			}
			if len(strings.TrimSpace(cmd.desc)) < 40 || !strings.Contains(out, strings.SplitN(strings.TrimSpace(cmd.desc), "\n", 2)[0]) {
				t.Errorf("help has no description:\n%s", out)
			}
			fl := newFlagSet(cmd)
			cmd.setup(fl)
			fl.VisitAll(func(f *flag.Flag) {
				if !regexp.MustCompile(`(?m)^  --` + regexp.QuoteMeta(f.Name) + `\b`).MatchString(out) {
					t.Errorf("help does not list --%s:\n%s", f.Name, out)
				}
				if f.DefValue != "" && f.DefValue != "false" && !strings.Contains(out, "(default "+f.DefValue+")") {
					t.Errorf("help does not give the default of --%s (%s)", f.Name, f.DefValue)
				}
			})
			if regexp.MustCompile(`(?m)^  -[a-z]`).MatchString(out) {
				t.Errorf("help lists a flag with one dash:\n%s", out)
			}
			if len(cmd.examples) > 0 && !strings.Contains(out, "\nexamples:\n  promptlint "+cmd.name) {
				t.Errorf("help has no examples:\n%s", out)
			}
		})
	}
	for _, cmd := range []string{"lint", "check"} {
		if !strings.Contains(promptlint(t, dir, "help", cmd).stdout, "--fail-on SEVERITY") {
			t.Errorf("help %s does not show --fail-on's argument", cmd)
		}
	}
	if !strings.Contains(promptlint(t, dir, "help", "check").stdout, "merge base") {
		t.Errorf("help check does not say that --base compares against the merge base")
	}

	t.Run("unknown flag once", func(t *testing.T) {
		t.Parallel()
		res := promptlint(t, dir, "lint", "--formt", "json")
		if res.code != exitUsage || res.stdout != "" {
			t.Fatalf("want exit 2: %v", res)
		}
		if n := strings.Count(res.stderr, "formt"); n != 1 {
			t.Errorf("the unknown flag is named %d times, want once:\n%s", n, res.stderr)
		}
		if !strings.Contains(res.stderr, "unknown flag --formt (did you mean --format?)") {
			t.Errorf("stderr does not name --formt and suggest --format:\n%s", res.stderr)
		}
		if strings.Contains(res.stderr, "Usage of") || strings.Contains(res.stderr, "  -config") {
			t.Errorf("stderr dumps the flag list:\n%s", res.stderr)
		}
	})
	t.Run("unknown command", func(t *testing.T) {
		t.Parallel()
		res := promptlint(t, dir, "lnit")
		if res.code != exitUsage || !strings.Contains(res.stderr, `unknown command "lnit" (did you mean "lint"?)`) {
			t.Errorf("unknown command: %v", res)
		}
	})
	t.Run("bad flag value in --long form", func(t *testing.T) {
		t.Parallel()
		res := promptlint(t, dir, "lint", "--format", "xml")
		if res.code != exitUsage || !strings.Contains(res.stderr, `--format: unknown format "xml"`) || strings.Count(res.stderr, `"xml"`) != 1 {
			t.Errorf("bad format: %v", res)
		}
	})
	t.Run("help lists every command", func(t *testing.T) {
		t.Parallel()
		res := promptlint(t, dir, "help")
		for _, cmd := range commands {
			if !strings.Contains(res.stdout, "\n  "+cmd.name+" ") {
				t.Errorf("help does not list %s", cmd.name)
			}
		}
	})
}

// hintCommands returns the git commands that a message suggests, each
// between backquotes, split into arguments after "git".
func hintCommands(msg string) [][]string {
	var out [][]string
	for _, m := range regexp.MustCompile("`git ([^`]+)`").FindAllStringSubmatch(msg, -1) {
		out = append(out, strings.Fields(m[1]))
	}
	return out
}

// TestCheckMergeBase: check --base REV compares against the merge base of
// REV and the head, so a branch that is behind its base is not blamed for
// what changed on the base since it forked.
func TestCheckMergeBase(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.commit(t, "prompts: add the greeting and the legacy prompt", map[string]string{
		"prompts/greet.yaml": cleanPrompt, "prompts/legacy.yaml": legacyPrompt, "prompts/stay.yaml": stayPrompt,
		".promptlint.yaml": "default_environment: development\nrules:\n  changelog-missing: off\n",
	})
	g.git(t, "checkout", "-q", "-b", "feature")
	g.commit(t, "prompts: translate more carefully", map[string]string{
		"prompts/stay.yaml": strings.Replace(strings.Replace(stayPrompt, "Translate the", "Carefully translate the", 1), "1.0.0", "1.0.1", 1),
	})
	g.git(t, "checkout", "-q", "main")
	// main moves on: a bump of greet and the removal of legacy. Compared
	// with main's tip, the branch would show greet going back to 1.0.0
	// (version-decreased) and legacy coming back.
	g.commit(t, "prompts: greet warmly and drop the legacy greeting", map[string]string{
		"prompts/greet.yaml": strings.Replace(strings.Replace(cleanPrompt, "Say hello", "Warmly say hello", 1), "1.0.0", "1.1.0", 1),
	}, "prompts/legacy.yaml")
	g.git(t, "checkout", "-q", "feature")

	for _, args := range [][]string{{"--base", "main"}, {"--base", "main", "--head", "feature"}} {
		res := g.promptlint(t, "", append([]string{"check", "--format", "json"}, args...)...)
		if res.code != exitOK {
			t.Errorf("check %q: want exit 0 (the branch's own change is fine): %v", args, res)
		}
		rep := decodeReport(t, res.stdout)
		if len(rep.Prompts) != 1 || rep.Prompts[0].Path != "prompts/stay.yaml" || rep.Prompts[0].Status != "modified" {
			t.Errorf("check %q reports %+v, want only prompts/stay.yaml modified", args, rep.Prompts)
		}
		for _, f := range rep.Findings {
			t.Errorf("check %q: finding %s on %s: the branch is blamed for main's changes", args, f.Rule, f.Path)
		}
	}
}

// TestGitErrors: each git failure says what is really wrong and suggests a
// command that works; running that command fixes it.
func TestGitErrors(t *testing.T) {
	t.Parallel()
	// Six commits on main, one on feature, made in one process; feature
	// is checked out.
	origin := newGitRepo(t)
	var history []importedCommit
	for i := 1; i <= 6; i++ {
		history = append(history, importedCommit{branch: "main", msg: fmt.Sprintf("prompts: revision %d of the greeting", i), files: map[string]string{
			"prompts/greet.yaml": strings.Replace(cleanPrompt, "1.0.0", fmt.Sprintf("1.0.%d", i), 1) + fmt.Sprintf("# %d\n", i),
		}})
	}
	history = append(history, importedCommit{branch: "feature", from: "main", msg: "prompts: add the ticket classifier", files: map[string]string{"prompts/added.yaml": addedPrompt}})
	origin.importCommits(t, history...)
	origin.git(t, "checkout", "-q", "feature")
	// clone makes a shallow clone of the feature branch, as a CI checkout does.
	clone := func(t *testing.T) *gitRepo {
		parent := &gitRepo{dir: t.TempDir(), env: origin.env}
		parent.git(t, "clone", "-q", "--depth=1", "--branch", "feature", "file://"+origin.dir, "clone")
		return &gitRepo{dir: filepath.Join(parent.dir, "clone"), env: origin.env}
	}
	// followHints runs check, expecting exit 3 and a message with want in
	// it, then runs the git commands the message suggests.
	followHints := func(t *testing.T, g *gitRepo, want, notWant []string, args ...string) {
		t.Helper()
		res := g.promptlint(t, "", append([]string{"check"}, args...)...)
		if res.code != exitFailure || res.stdout != "" {
			t.Fatalf("check %q: want exit 3 and nothing on stdout: %v", args, res)
		}
		for _, w := range want {
			if !strings.Contains(res.stderr, w) {
				t.Errorf("check %q: stderr does not say %q:\n%s", args, w, res.stderr)
			}
		}
		for _, w := range notWant {
			if strings.Contains(res.stderr, w) {
				t.Errorf("check %q: stderr says %q:\n%s", args, w, res.stderr)
			}
		}
		cmds := hintCommands(res.stderr)
		if len(cmds) == 0 {
			t.Fatalf("check %q: no command suggested:\n%s", args, res.stderr)
		}
		g.git(t, cmds[0]...)
	}
	checkWorks := func(t *testing.T, g *gitRepo, args ...string) {
		t.Helper()
		if res := g.promptlint(t, "", append([]string{"check", "--format", "json"}, args...)...); res.code != exitOK && res.code != exitFindings {
			t.Errorf("check %q after following the hints: %v", args, res)
		} else if len(decodeReport(t, res.stdout).Prompts) == 0 {
			t.Errorf("check %q after following the hints compares nothing: %v", args, res)
		}
	}

	t.Run("shallow clone: fetch the base, then its history", func(t *testing.T) {
		t.Parallel()
		g := clone(t)
		// The base branch was never fetched: that is the problem, not depth.
		followHints(t, g, []string{`"origin/main"`, "not fetched"}, []string{"shallow"}, "--base", "origin/main")
		// Now the base is there but the merge base is below the clone's depth.
		followHints(t, g, []string{"merge base", "shallow clone", "--unshallow"}, nil, "--base", "origin/main")
		checkWorks(t, g, "--base", "origin/main")
	})
	t.Run("shallow clone: a relative revision deepens", func(t *testing.T) {
		t.Parallel()
		g := clone(t)
		followHints(t, g, []string{`"HEAD~3"`, "shallow clone", "--deepen=3", "--unshallow"}, nil, "--base", "HEAD~3")
		checkWorks(t, g, "--base", "HEAD~3")
	})
	t.Run("unknown ref in a shallow clone is not blamed on depth", func(t *testing.T) {
		t.Parallel()
		g := clone(t)
		res := g.promptlint(t, "", "check", "--base", "no-such-branch")
		if res.code != exitFailure || !strings.Contains(res.stderr, `"no-such-branch"`) || strings.Contains(res.stderr, "shallow") || strings.Contains(res.stderr, "deepen") {
			t.Errorf("unknown ref: %v", res)
		}
		res = g.promptlint(t, "", "check", "--base", "main")
		if res.code != exitFailure || !strings.Contains(res.stderr, "git fetch origin") {
			t.Errorf("a branch of the remote that is not fetched: %v", res)
		}
	})
	t.Run("root commit has no parent", func(t *testing.T) {
		t.Parallel()
		g := newGitRepo(t)
		g.commit(t, "prompts: the first greeting", map[string]string{"prompts/greet.yaml": cleanPrompt})
		res := g.promptlint(t, "", "check", "--base", "HEAD~1")
		if res.code != exitFailure || !strings.Contains(res.stderr, "root commit") || !strings.Contains(res.stderr, "no parent") || strings.Contains(res.stderr, "shallow") {
			t.Errorf("HEAD~1 of the root commit: %v", res)
		}
		res = g.promptlint(t, "", "check", "--base", "HEAD~3")
		if res.code != exitFailure || !strings.Contains(res.stderr, "root commit") {
			t.Errorf("HEAD~3 of the root commit: %v", res)
		}
	})
	t.Run("unrelated histories", func(t *testing.T) {
		t.Parallel()
		g := newGitRepo(t)
		g.commit(t, "prompts: the first greeting", map[string]string{"prompts/greet.yaml": cleanPrompt})
		g.git(t, "checkout", "-q", "--orphan", "other")
		g.commit(t, "prompts: an unrelated start", map[string]string{"prompts/greet.yaml": cleanPrompt})
		res := g.promptlint(t, "", "check", "--base", "main")
		if res.code != exitFailure || !strings.Contains(res.stderr, "no common history") || !strings.Contains(res.stderr, "--base-dir") {
			t.Errorf("unrelated histories: %v", res)
		}
	})
	t.Run("git missing from PATH", func(t *testing.T) {
		t.Parallel()
		env := append(slices.Clone(origin.env), "PATH="+t.TempDir())
		res := runIn(t, &process{Dir: origin.dir, Env: env}, "check", "--base", "main")
		if res.code != exitFailure || !strings.Contains(res.stderr, "git is not installed, or not on PATH") || !strings.Contains(res.stderr, "--base-dir") {
			t.Errorf("no git: %v", res)
		}
		// Comparing directories needs no git.
		if res := runIn(t, &process{Dir: origin.dir, Env: env}, "check", "--base-dir", "prompts", "--head-dir", "prompts"); res.code != exitOK {
			t.Errorf("--base-dir without git: %v", res)
		}
	})
	t.Run("dubious ownership", func(t *testing.T) {
		t.Parallel()
		if os.Geteuid() != 0 {
			t.Skip("making a repository that belongs to another user needs root")
		}
		g := newGitRepo(t)
		g.commit(t, "prompts: the first greeting", map[string]string{"prompts/greet.yaml": cleanPrompt})
		g.commit(t, "prompts: the second greeting", map[string]string{"prompts/greet.yaml": strings.Replace(cleanPrompt, "1.0.0", "1.0.1", 1)})
		if err := os.Chown(g.dir, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		global := filepath.Join(t.TempDir(), "gitconfig")
		g.env = append(slices.Clone(g.env), "GIT_CONFIG_GLOBAL="+global)
		followHints(t, g, []string{"dubious ownership", "safe.directory"}, []string{"not in a git repository"}, "--base", "HEAD~1")
		checkWorks(t, g, "--base", "HEAD~1")
	})
	t.Run("usage problems exit 2", func(t *testing.T) {
		t.Parallel()
		for _, args := range [][]string{
			{"--base", "main", "--base-dir", "prompts"},
			{"--head", "main", "--head-dir", "prompts", "--base", "main"},
			{"--base", "main", "extra-argument"},
		} {
			if res := origin.promptlint(t, "", append([]string{"check"}, args...)...); res.code != exitUsage {
				t.Errorf("check %q: want exit 2, got %v", args, res)
			}
		}
	})
}

// TestOutputs: several --format FORMAT[=FILE] in one run, --output FILE,
// and bad formats or destinations refused before any work starts.
func TestOutputs(t *testing.T) {
	t.Parallel()
	// .git makes dir a repository root, where lint from prompts/ looks.
	dir := tempTree(t, map[string]string{"prompts/bad.yaml": brokenPrompt, "prompts/greet.yaml": cleanPrompt, "out/.keep": "", ".git/HEAD": ""})
	read := func(t *testing.T, name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("the report %s was not written: %v", name, err)
		}
		return string(b)
	}
	t.Run("several formats in one run", func(t *testing.T) {
		t.Parallel()
		res := promptlint(t, dir, "lint", "--format", "text", "--format", "json=out/a.json", "--format", "sarif=out/a.sarif", "--format", "junit=out/a.xml")
		if res.code != exitFindings {
			t.Fatalf("%v", res)
		}
		textFindings(t, res.stdout)
		if !strings.Contains(res.stdout, "[variable-undefined]") {
			t.Errorf("the text report is not on stdout: %v", res)
		}
		decodeReport(t, read(t, "out/a.json"))
		if !json.Valid([]byte(read(t, "out/a.sarif"))) || !strings.Contains(read(t, "out/a.xml"), "<testsuites") {
			t.Errorf("the SARIF or JUnit report is wrong")
		}
		// The same run writes the same reports as one format at a time.
		if one := promptlint(t, dir, "lint", "--format", "json"); one.stdout != read(t, "out/a.json") {
			t.Errorf("json=FILE differs from --format json on stdout")
		}
	})
	t.Run("--output", func(t *testing.T) {
		t.Parallel()
		res := promptlint(t, dir, "lint", "--format", "checkstyle", "--output", "out/cs.xml")
		if res.code != exitFindings || res.stdout != "" {
			t.Fatalf("want exit 1 and nothing on stdout: %v", res)
		}
		if !strings.Contains(read(t, "out/cs.xml"), `source="variable-undefined"`) {
			t.Errorf("--output did not get the checkstyle report")
		}
		res = runIn(t, &process{Dir: filepath.Join(dir, "prompts")}, "lint", "--output", "../out/text.txt")
		if res.code != exitFindings || !strings.Contains(read(t, "out/text.txt"), "prompts/bad.yaml:") {
			t.Errorf("--output with the default format, relative to the working directory: %v", res)
		}
	})
	for _, tt := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"unknown format", []string{"--format", "xml"}, `unknown format "xml"`},
		{"unknown format with a file", []string{"--format", "junt=out/x.xml"}, `unknown format "junt" (want text, json, markdown, sarif, github, gitlab, junit or checkstyle) (did you mean "junit"?)`},
		{"two formats on stdout", []string{"--format", "text", "--format", "json"}, "same output"},
		{"two formats to one file", []string{"--format", "json=out/r", "--format", "sarif=out/r"}, "two reports go to out/r"},
		{"a file in no directory", []string{"--format", "json=nowhere/r.json"}, "no directory nowhere"},
		{"an empty file name", []string{"--format", "json="}, "names no file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, cmd := range [][]string{
				{"lint", "no-such-path"},                // would be exit 2 for the path
				{"check", "--base", "no-such-revision"}, // would be exit 3 for git
				{"check", "--base-dir", "nowhere", "--head-dir", "nowhere"},
			} {
				res := promptlint(t, dir, append(cmd, tt.args...)...)
				if res.code != exitUsage || !strings.Contains(res.stderr, tt.stderr) {
					t.Errorf("%q: want exit 2 saying %q before any work, got %v", append(cmd, tt.args...), tt.stderr, res)
				}
				if strings.Contains(res.stderr, "no-such") || strings.Contains(res.stderr, "nowhere:") {
					t.Errorf("%q: the work started before the format was checked: %v", cmd, res)
				}
			}
		})
	}
}

// TestRepoRelativePaths: with the config in a subdirectory of the
// repository, text and JSON name files from the config's directory, and
// the formats other tools resolve against the repository root (SARIF,
// GitHub annotations, GitLab, JUnit, Checkstyle) from the root.
func TestRepoRelativePaths(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		".git/HEAD":                 "",
		"team/.promptlint.yaml":     "files: [\"prompts/*.yaml\"]\n",
		"team/prompts/broken.yaml":  brokenPrompt,
		"team/prompts/nested/x.txt": "not a prompt\n",
	})
	for _, format := range reportFormats {
		res := runIn(t, &process{Dir: filepath.Join(dir, "team", "prompts", "nested")}, "lint", "--format", format, "..")
		if res.code != exitFindings {
			t.Fatalf("%s: %v", format, res)
		}
		want, notWant := "prompts/broken.yaml", "team/prompts/broken.yaml"
		if repoFormats[format] {
			want, notWant = notWant, ""
		}
		if !strings.Contains(res.stdout, want) || notWant != "" && strings.Contains(res.stdout, notWant) {
			t.Errorf("%s names the file otherwise than %s:\n%.1500s", format, want, res.stdout)
		}
	}
}

// ansi matches the escapes of the terminal output.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestTerminalText: on a terminal, text output is coloured (unless
// NO_COLOR or --color=never) and shows each finding's source line with a
// caret under its column; elsewhere it is the plain lines, byte for byte.
func TestTerminalText(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		".git/HEAD": "",
		// variable-undefined at 4:36 (after a tab and a wide character).
		"prompts/bad.yaml": "name: bad_prompt\nversion: 1.0.0\ndescription: Uses an undeclared variable.\ntemplate: \"\t漢字 Answer {question} about {order_id}.\"\nvariables:\n  question: null\n",
	})
	plain := promptlint(t, dir, "lint")
	if plain.code != exitFindings || strings.Contains(plain.stdout, "\x1b") || strings.Contains(plain.stdout, " | ") {
		t.Fatalf("not on a terminal: want the plain lines: %v", plain)
	}
	textFindings(t, plain.stdout)
	if want := "1 prompt file, 1 prompt, 1 error, 0 warnings, 0 notices\n"; plain.stderr != want {
		t.Errorf("summary line %q, want %q (singulars and plurals)", plain.stderr, want)
	}
	term := func(t *testing.T, env []string, args ...string) result {
		t.Helper()
		return runIn(t, &process{Dir: dir, Env: env, Stdout: &ttyBuffer{}}, append([]string{"lint"}, args...)...)
	}
	for _, tt := range []struct {
		name    string
		env     []string
		args    []string
		color   bool
		snippet bool
	}{
		{"terminal", nil, nil, true, true},
		{"terminal with NO_COLOR", []string{"NO_COLOR=1"}, nil, false, true},
		{"terminal with --color=never", nil, []string{"--color", "never"}, false, true},
		{"terminal with TERM=dumb", []string{"TERM=dumb"}, nil, false, false},
		{"terminal with --color=always and NO_COLOR", []string{"NO_COLOR=1"}, []string{"--color=always"}, true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := term(t, tt.env, tt.args...)
			checkTerminal(t, res, plain.stdout, tt.color, tt.snippet)
		})
	}
	t.Run("--color=always off a terminal", func(t *testing.T) {
		t.Parallel()
		checkTerminal(t, promptlint(t, dir, "lint", "--color", "always"), plain.stdout, true, true)
	})
	t.Run("--color=never off a terminal", func(t *testing.T) {
		t.Parallel()
		if res := promptlint(t, dir, "lint", "--color=never"); res.stdout != plain.stdout {
			t.Errorf("--color=never changed the plain output:\n%s", res.stdout)
		}
	})
	t.Run("a report to a file stays plain", func(t *testing.T) {
		t.Parallel()
		res := runIn(t, &process{Dir: dir, Stdout: &ttyBuffer{}}, "lint", "--format", "text=report.txt", "--color", "always")
		if b, _ := os.ReadFile(filepath.Join(dir, "report.txt")); string(b) != plain.stdout || res.stdout != "" {
			t.Errorf("text=FILE is not the plain output:\n%s", b)
		}
	})
	t.Run("bad --color", func(t *testing.T) {
		t.Parallel()
		if res := promptlint(t, dir, "lint", "--color", "sometimes"); res.code != exitUsage || !strings.Contains(res.stderr, `"sometimes"`) {
			t.Errorf("--color sometimes: %v", res)
		}
	})
	t.Run("caret column", func(t *testing.T) {
		t.Parallel()
		res := term(t, []string{"NO_COLOR=1"})
		lines := strings.Split(res.stdout, "\n")
		for i, l := range lines {
			if !strings.HasSuffix(l, "[variable-undefined]") {
				continue
			}
			src, caret := lines[i+1], lines[i+2]
			col := strings.Index(caret, "^")
			// The caret stands under the name in {order_id}: the tab shows
			// as four spaces and each of the two wide characters takes two
			// columns.
			if want := strings.Index(src, "order_id}") - len("漢字") + 4; col != want {
				t.Errorf("caret at column %d, want %d:\n%s\n%s", col, want, src, caret)
			}
			return
		}
		t.Errorf("no variable-undefined finding:\n%s", res.stdout)
	})
}

// checkTerminal checks terminal output against the plain output: the
// same finding lines, in order, once the colours are taken out; colour
// and source snippets as asked.
func checkTerminal(t *testing.T, res result, plain string, color, snippet bool) {
	t.Helper()
	if res.code != exitFindings {
		t.Fatalf("%v", res)
	}
	if got := strings.Contains(res.stdout, "\x1b["); got != color {
		t.Errorf("colour: %v, want %v:\n%q", got, color, res.stdout)
	}
	stripped := ansi.ReplaceAllString(res.stdout, "")
	if strings.Contains(stripped, "\x1b") {
		t.Errorf("a raw escape is left once the colours are out: %q", stripped)
	}
	var findings, snippets []string
	for _, l := range strings.Split(strings.TrimSuffix(stripped, "\n"), "\n") {
		if regexp.MustCompile(`^ +\d* \| `).MatchString(l) {
			snippets = append(snippets, l)
			continue
		}
		findings = append(findings, l)
	}
	if strings.Join(findings, "\n")+"\n" != plain {
		t.Errorf("the finding lines differ from the plain output:\n%s\nwant:\n%s", strings.Join(findings, "\n"), plain)
	}
	if got := len(snippets) == 2*len(findings); got != snippet || !snippet && len(snippets) > 0 {
		t.Errorf("%d snippet lines for %d findings, snippets wanted: %v", len(snippets), len(findings), snippet)
	}
}

// githubAnchors returns the anchors GitHub gives the headings of a
// Markdown document: lower case, punctuation but hyphens and underscores
// dropped, spaces as hyphens, repeats suffixed -1, -2, ...
func githubAnchors(md string) map[string]bool {
	anchors := map[string]bool{}
	count := map[string]int{}
	inFence := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimSpace(strings.TrimLeft(line, "#"))
		var b strings.Builder
		for _, r := range strings.ToLower(title) {
			switch {
			case r == ' ':
				b.WriteByte('-')
			case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
				b.WriteRune(r)
			}
		}
		a := b.String()
		if n := count[a]; n > 0 {
			anchors[fmt.Sprintf("%s-%d", a, n)] = true
		} else {
			anchors[a] = true
		}
		count[a]++
	}
	return anchors
}

// TestInitInARepository: from a subdirectory, init writes the config
// there (pointing editors at the schema) and the PR template at the
// repository root; the workflow only when asked, and says how otherwise.
func TestInitInARepository(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	sub := filepath.Join(g.dir, "services", "support")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	res := g.promptlint(t, "services/support", "init")
	if res.code != exitOK {
		t.Fatalf("init: %v", res)
	}
	cfg, err := os.ReadFile(filepath.Join(sub, ".promptlint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(cfg), "\n")
	if first != "# yaml-language-server: $schema="+lint.ConfigSchemaURL {
		t.Errorf("the config's first line is %q, want the yaml-language-server schema line", first)
	}
	if _, err := lint.LoadConfig("c", bytes.NewReader(cfg)); err != nil {
		t.Errorf("the config init wrote does not load: %v", err)
	}
	if _, err := os.Stat(filepath.Join(g.dir, ".github", "pull_request_template.md")); err != nil {
		t.Errorf("no PR template at the repository root: %v", err)
	}
	if _, err := os.Stat(filepath.Join(sub, ".github")); err == nil {
		t.Errorf("init wrote .github in the subdirectory")
	}
	workflow := filepath.Join(g.dir, ".github", "workflows", "promptlint.yml")
	if _, err := os.Stat(workflow); err == nil {
		t.Errorf("init wrote the workflow unasked")
	}
	if !strings.Contains(res.stdout, "promptlint init --workflow") {
		t.Errorf("init does not offer the workflow:\n%s", res.stdout)
	}
	// Everything exists now: --workflow alone names what is in the way.
	res = g.promptlint(t, "services/support", "init", "--workflow")
	if res.code != exitUsage || !strings.Contains(res.stderr, "--force") || !strings.Contains(res.stderr, "pull_request_template.md") {
		t.Fatalf("init over existing files: %v", res)
	}
	res = g.promptlint(t, "services/support", "init", "--workflow", "--force")
	if res.code != exitOK {
		t.Fatalf("init --workflow --force: %v", res)
	}
	got, err := os.ReadFile(workflow)
	if err != nil || string(got) != workflowYAML {
		t.Errorf("the workflow written differs from workflowYAML: %v", err)
	}
	if strings.Contains(res.stdout, "init --workflow") {
		t.Errorf("init offers the workflow it just wrote")
	}
	// The config is found from the subdirectory's own directories.
	if res := g.promptlint(t, "services/support", "rules"); res.code != exitOK {
		t.Errorf("rules with the config init wrote: %v", res)
	}
}

var updateSchema = flag.Bool("update-schema", false, "rewrite lint/config.schema.json from promptlint config schema")

// TestConfigSchemaCommand: `promptlint config schema` prints the schema
// published in the repository (lint/config.schema.json, the URL of the
// line init writes); it accepts the default and the README's config and
// rejects bad ones.
func TestConfigSchemaCommand(t *testing.T) {
	t.Parallel()
	res := promptlint(t, ".", "config", "schema")
	if res.code != exitOK {
		t.Fatalf("config schema: %v", res)
	}
	const published = "lint/config.schema.json"
	if !strings.HasSuffix(lint.ConfigSchemaURL, "/main/"+published) {
		t.Errorf("ConfigSchemaURL %s is not the published %s", lint.ConfigSchemaURL, published)
	}
	if *updateSchema {
		if err := os.WriteFile(published, []byte(res.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if b, err := os.ReadFile(published); err != nil || string(b) != res.stdout {
		t.Errorf("%s is not the output of promptlint config schema; run go test . -run TestConfigSchemaCommand -update-schema", published)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(res.stdout))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(lint.ConfigSchemaURL, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(lint.ConfigSchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	validate := func(y string) error {
		var v any
		if err := yaml.Unmarshal([]byte(y), &v); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return sch.Validate(inst)
	}
	if err := validate(schemaLine + lint.DefaultConfigYAML); err != nil {
		t.Errorf("the schema rejects the default config: %v", err)
	}
	if err := validate(readmeConfigExample(t)); err != nil {
		t.Errorf("the schema rejects the README's example config: %v", err)
	}
	for _, bad := range []string{"rules:\n  variable-unsed: off\n", "rulez: {}\n", "naming: {variables: Title}\n", "rules:\n  variable-unused: loud\n"} {
		if validate(bad) == nil {
			t.Errorf("the schema accepts %q", bad)
		}
	}
	if res := promptlint(t, ".", "config", "scheme"); res.code != exitUsage {
		t.Errorf("config scheme: %v", res)
	}
}

// readmeConfigExample returns the yaml example of the README's
// Configuration section.
func readmeConfigExample(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "## Configuration")
	if !ok {
		t.Fatal("README has no Configuration section")
	}
	_, block, ok := strings.Cut(section, "```yaml\n")
	if !ok {
		t.Fatal("the Configuration section has no yaml example")
	}
	block, _, _ = strings.Cut(block, "```")
	return block
}

// TestConfigErrorsEndToEnd: a config error names the file (as the user
// would find it from the working directory), the line and the column.
func TestConfigErrorsEndToEnd(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		".git/HEAD":        "",
		".promptlint.yaml": "files: [\"prompts/**/*.yaml\"]\nrules:\n  variable-unsed: off\n",
		"prompts/a.yaml":   cleanPrompt,
	})
	res := runIn(t, &process{Dir: filepath.Join(dir, "prompts")}, "lint")
	want := `../.promptlint.yaml:3:3: rules: unknown rule "variable-unsed" (did you mean "variable-unused"?)`
	if res.code != exitUsage || !strings.Contains(res.stderr, want) {
		t.Errorf("want exit 2 and %s: %v", want, res)
	}
}

// TestForceGlobs: with --force-globs a named file is linted only when the
// config's globs select it, as pre-commit needs.
func TestForceGlobs(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		".git/HEAD":          "",
		".promptlint.yaml":   "files: [\"prompts/**/*.yaml\"]\nexclude: [\"prompts/old/**\"]\n",
		"prompts/bad.yaml":   brokenPrompt,
		"prompts/old/x.yaml": brokenPrompt,
		"config/app.yaml":    "port: 8080\n",
		"README.md":          "# docs\n",
	})
	res := promptlint(t, dir, "lint", "--force-globs", "--format", "json", "prompts/bad.yaml", "prompts/old/x.yaml", "config/app.yaml", "README.md")
	rep := decodeReport(t, res.stdout)
	if res.code != exitFindings || rep.Summary.Files != 1 {
		t.Errorf("want prompts/bad.yaml alone linted: %v", res)
	}
	if res := promptlint(t, dir, "lint", "--force-globs", "config/app.yaml", "README.md"); res.code != exitOK || res.stdout != "" {
		t.Errorf("no named file is a prompt: want exit 0 and nothing: %v", res)
	}
	// Without it, a named file is linted whatever its name.
	if res := promptlint(t, dir, "lint", "config/app.yaml"); res.code != exitFindings {
		t.Errorf("a named file without --force-globs: %v", res)
	}
}

// copySource commits the module's source (no tests, no testdata, nothing
// hidden) to a new bare git repository: a hook source for pre-commit that
// does not depend on how this checkout was made. The files are those git
// lists here, tracked or new but not ignored, so that built binaries and
// profiles lying in the checkout stay out. One git fast-import writes the
// commit as a single pack: no work tree, no loose object per file.
func copySource(t *testing.T, env []string) (dir, rev string) {
	t.Helper()
	dir = t.TempDir()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Env = env
	list, err := cmd.Output()
	if err != nil {
		t.Fatalf("listing the source with git ls-files (the test copies a git checkout): %v", err)
	}
	files := map[string]string{}
	for _, p := range strings.Split(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		parts := strings.Split(p, "/")
		// Nothing hidden: not this checkout's .git (a directory, or a
		// file in a worktree), nor its dotfiles.
		if slices.ContainsFunc(parts, func(s string) bool { return strings.HasPrefix(s, ".") }) ||
			slices.Contains(parts[:len(parts)-1], "testdata") || strings.HasSuffix(p, "_test.go") {
			continue
		}
		b, err := os.ReadFile(filepath.FromSlash(p))
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted, not yet staged
		} else if err != nil {
			t.Fatal(err)
		}
		files[p] = string(b)
	}
	if len(files) == 0 || !strings.Contains(string(list), "go.mod") {
		t.Fatalf("git ls-files lists no source to copy:\n%q", list)
	}
	b, err := os.ReadFile(".pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files[".pre-commit-hooks.yaml"] = string(b)
	g := &gitRepo{dir: dir, env: env}
	g.git(t, "init", "-q", "--bare", "-b", "main")
	if gitDir := g.git(t, "rev-parse", "--absolute-git-dir"); gitDir != dir {
		t.Fatalf("the copy's repository is %s, not %s", gitDir, dir)
	}
	g.importCommits(t, importedCommit{branch: "main", msg: "the promptlint source", files: files})
	return dir, g.git(t, "rev-parse", "refs/heads/main")
}

// TestPreCommitHook runs the repository as a pre-commit hook source with
// the real pre-commit (Debian's package) on a temporary repository: the
// README's .pre-commit-config.yaml, pointed at a copy of this source.
func TestPreCommitHook(t *testing.T) {
	t.Parallel()
	bin := outputtest.NeedTool(t, "pre-commit", "pre-commit")
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go on PATH: %v", err)
	}
	caches, err := exec.Command(goBin, "env", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	modCache, buildCache, _ := strings.Cut(strings.TrimSpace(string(caches)), "\n")
	home := t.TempDir()
	env := append(gitEnv(t),
		"HOME="+home, "PRE_COMMIT_HOME="+filepath.Join(home, "pre-commit"),
		// Build with this machine's module and build caches: no download
		// when they hold the dependencies. With the Dockerfile's
		// CGO_ENABLED=0 and -trimpath, the compiled packages do not
		// depend on where the copy lies, and the build step's binary,
		// built first, leaves them in the cache: pre-commit compiles
		// only what the copy changes (the main package, stamped with its
		// commit) and the helper packages no binary imports. -s links
		// without symbols or debug information, as the Dockerfile's step
		// does, in about half the time.
		"GOMODCACHE="+modCache, "GOCACHE="+buildCache, "GOFLAGS=-mod=mod -trimpath -ldflags=-s", "CGO_ENABLED=0", "GOTOOLCHAIN=local")
	if !testing.Short() {
		buildBinary(t)
	}
	src, rev := copySource(t, env)

	// The README's example, pointed at the copy.
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	example := readmeBlock(t, string(readme), "# .pre-commit-config.yaml")
	if example == "" {
		t.Fatal("the README has no .pre-commit-config.yaml example")
	}
	config := regexp.MustCompile(`(?m)^(\s*- repo: ).*$`).ReplaceAllString(example, "${1}"+src)
	config = regexp.MustCompile(`(?m)^(\s*rev: ).*$`).ReplaceAllString(config, "${1}"+rev)
	if !strings.Contains(config, "id: promptlint") {
		t.Fatalf("the README's example does not use the promptlint hook:\n%s", config)
	}

	g := &gitRepo{dir: t.TempDir(), env: env}
	g.git(t, "init", "-q", "-b", "main")
	g.commit(t, "a repository with prompts", map[string]string{
		".pre-commit-config.yaml": config,
		".promptlint.yaml":        "default_environment: development\n",
		"prompts/greet.yaml":      cleanPrompt,
		"config/app.yaml":         "port: 8080\n", // not a prompt: never linted
		"README.md":               "# docs\n",
	})
	preCommit := func(args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = g.dir, g.env
		out, err := cmd.CombinedOutput()
		code := 0
		if err != nil {
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("pre-commit %q: %v\n%s", args, err, out)
			}
			code = exit.ExitCode()
		}
		return string(out), code
	}
	if out, code := preCommit("run", "--all-files"); code != 0 || !strings.Contains(out, "promptlint") || !strings.Contains(out, "Passed") {
		t.Fatalf("a clean repository: exit %d\n%s", code, out)
	}
	// A broken prompt staged: the hook fails and shows the finding.
	writeTree(t, g.dir, map[string]string{"prompts/bad.yaml": brokenPrompt})
	g.git(t, "add", "prompts/bad.yaml")
	out, code := preCommit("run")
	if code == 0 || !strings.Contains(out, "Failed") || !regexp.MustCompile(`prompts/bad\.yaml:\d+:\d+: error: .*\[variable-undefined\]`).MatchString(out) {
		t.Fatalf("a broken prompt staged: exit %d\n%s", code, out)
	}
	// Fixed, it passes.
	fixed := strings.Replace(strings.Replace(brokenPrompt, "about {order_id}", "", 1), "name: broken_prompt\n", "name: broken_prompt\nversion: 1.0.0\n", 1)
	writeTree(t, g.dir, map[string]string{"prompts/bad.yaml": fixed})
	g.git(t, "add", "prompts/bad.yaml")
	if out, code := preCommit("run"); code != 0 {
		t.Errorf("the prompt fixed: exit %d\n%s", code, out)
	}
}

// readmeBlock returns the fenced code block of the README whose first
// line is first, without its indentation; "" when there is none.
func readmeBlock(t *testing.T, readme, first string) string {
	t.Helper()
	lines := strings.Split(readme, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != first || i == 0 || !strings.HasSuffix(strings.TrimSpace(lines[i-1]), "```yaml") {
			continue
		}
		indent := len(l) - len(strings.TrimLeft(l, " "))
		var b strings.Builder
		for _, l := range lines[i:] {
			if strings.TrimSpace(l) == "```" {
				return b.String()
			}
			if len(l) >= indent {
				l = l[indent:]
			}
			b.WriteString(l + "\n")
		}
	}
	return ""
}

// TestREADMEExamples runs every promptlint command of the README's sh
// blocks in a clone of a repository made from testdata/demo (main holds
// the base prompts, the checked-out branch the head's), each in a fresh
// copy of the clone: none may end in a usage error or a failure.
func TestREADMEExamples(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	tree := func(side string) map[string]string {
		files := map[string]string{}
		root := filepath.Join("testdata", "demo", side)
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(root, p)
				files[filepath.ToSlash(rel)] = string(b)
			}
			return err
		})
		return files
	}
	origin := newGitRepo(t)
	origin.commit(t, "prompts: the support, summary and legacy prompts", tree("base"))
	origin.git(t, "checkout", "-q", "-b", "feature")
	origin.git(t, "rm", "-q", "-r", "prompts")
	origin.commit(t, "prompts: rename the summary input, add the ticket classifier", tree("head"))
	origin.git(t, "checkout", "-q", "main")

	var commands []string
	inSh := false
	for _, l := range strings.Split(string(readme), "\n") {
		switch trimmed := strings.TrimSpace(l); {
		case trimmed == "```sh":
			inSh = true
		case strings.HasPrefix(trimmed, "```"):
			inSh = false
		case inSh:
			if c, _, _ := strings.Cut(trimmed, " # "); strings.HasPrefix(c, "promptlint ") || strings.HasPrefix(c, "cat ") && strings.Contains(c, "| promptlint ") {
				commands = append(commands, strings.TrimSpace(c))
			}
		}
	}
	if len(commands) < 8 {
		t.Fatalf("the README's sh blocks hold %d promptlint commands, want the examples of Command line", len(commands))
	}
	// One clone of the branch, as a user has (--shared: it borrows
	// origin's objects); each command runs in a copy of it of its own,
	// cheaper than a clone each, where git writes its config a dozen times
	// and runs upload-pack to list the refs.
	clone := filepath.Join(t.TempDir(), "work")
	origin.git(t, "clone", "-q", "--shared", "--branch", "feature", origin.dir, clone)
	for _, c := range commands {
		t.Run(c, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "work")
			if err := os.CopyFS(dir, os.DirFS(clone)); err != nil {
				t.Fatal(err)
			}
			p := &process{Dir: dir, Env: origin.env}
			words := shellWords(c)
			if words[0] == "cat" {
				b, err := os.ReadFile(filepath.Join(dir, words[1]))
				if err != nil {
					t.Fatal(err)
				}
				p.Stdin = bytes.NewReader(b)
				words = words[3:]
			}
			res := runIn(t, p, words[1:]...)
			if res.code != exitOK && res.code != exitFindings {
				t.Errorf("%s: %v", c, res)
			}
			if res.stdout == "" && res.stderr == "" {
				t.Errorf("%s said nothing", c)
			}
		})
	}
}

// TestInitWorkflowIsTheREADMEs: the workflow init writes is the one the
// README's GitHub Action section shows.
func TestInitWorkflowIsTheREADMEs(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if got := readmeBlock(t, string(readme), "# .github/workflows/promptlint.yml"); got != workflowYAML {
		t.Errorf("the README's workflow differs from the one init --workflow writes (workflowYAML in main.go):\n%s", lineDiff(workflowYAML, got))
	}
}

// TestCheckFromASubdirectory: check finds the config and compares the
// whole tree from any directory of the repository; with nothing to compare
// it says which globs it tried.
func TestCheckFromASubdirectory(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.commit(t, "prompts: the greeting", map[string]string{
		".promptlint.yaml":   "files: [\"prompts/*.yaml\"]\ndefault_environment: development\n",
		"prompts/greet.yaml": cleanPrompt,
		"docs/notes.txt":     "notes\n",
	})
	g.commit(t, "prompts: greet warmly", map[string]string{"prompts/greet.yaml": strings.Replace(cleanPrompt, "Say hello", "Warmly say hello", 1)})
	res := g.promptlint(t, "docs", "check", "--base", "HEAD~1", "--format", "json")
	rep := decodeReport(t, res.stdout)
	if res.code != exitFindings || len(rep.Prompts) != 1 || rep.Prompts[0].Path != "prompts/greet.yaml" || !has(rep.rules(), "version-not-bumped") {
		t.Errorf("check from docs/: %v", res)
	}
	empty := newGitRepo(t)
	empty.commit(t, "docs only", map[string]string{"README.md": "# docs\n"})
	empty.commit(t, "more docs", map[string]string{"README.md": "# more docs\n"})
	res = empty.promptlint(t, "", "check", "--base", "HEAD~1")
	if res.code != exitOK || !strings.Contains(res.stderr, "no prompt files") || !strings.Contains(res.stderr, "**/*.prompty") {
		t.Errorf("check with no prompt files: want exit 0 and the globs tried on stderr: %v", res)
	}
}

// readTree reads the named files of dir.
func readTree(t *testing.T, dir string, names ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
		if err != nil {
			t.Fatal(err)
		}
		out[n] = string(b)
	}
	return out
}

// TestFixCommand: fix rewrites the files in place for the fixable
// findings and reports what is left; --diff prints the same change as a
// unified diff without writing and exits 1; a second fix changes nothing;
// lint --fix does what fix does; a finding whose fix cannot be made
// safely is named on stderr.
func TestFixCommand(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"prompts/triage.prompt.yml": "name: triage\ndescription: Triages.\nmessages:\n  - role: user\n    content: \"Triage {{ issue_title }}\"  # the title\n",
		"prompts/shared.yaml":       "prompts:\n  - name: one\n    description: One.\n    version: &v v1\n    template: \"One.\"\n  - name: two\n    description: Two.\n    version: *v\n    template: \"Two.\"\n",
		"prompts/ok.yaml":           "name: ok\nversion: 1.0.0\ndescription: Fine.\ntemplate: \"Fine.\"\n",
	}
	want := "name: triage\nversion: 1.0.0\ndescription: Triages.\nmessages:\n  - role: user\n    content: \"Triage {{issue_title}}\"  # the title\n"
	dir := tempTree(t, files)

	lintRes := promptlint(t, dir, "lint")
	if lintRes.code != exitFindings || !strings.Contains(lintRes.stdout, "error: [*] prompt \"triage\" has no version") ||
		!strings.Contains(lintRes.stderr, "2 fixable (marked [*]) with --fix") {
		t.Fatalf("lint does not mark the fixable findings: %v", lintRes)
	}

	d := promptlint(t, dir, "fix", "--diff")
	if d.code != exitFindings {
		t.Errorf("fix --diff with something to fix: want exit 1: %v", d)
	}
	wantDiff := "--- a/prompts/triage.prompt.yml\n+++ b/prompts/triage.prompt.yml\n@@ -1,5 +1,6 @@\n name: triage\n+version: 1.0.0\n description: Triages.\n messages:\n   - role: user\n-    content: \"Triage {{ issue_title }}\"  # the title\n+    content: \"Triage {{issue_title}}\"  # the title\n"
	if d.stdout != wantDiff {
		t.Errorf("fix --diff printed:\n%s\nwant:\n%s", d.stdout, wantDiff)
	}
	if got := readTree(t, dir, "prompts/triage.prompt.yml"); got["prompts/triage.prompt.yml"] != files["prompts/triage.prompt.yml"] {
		t.Errorf("fix --diff wrote the file")
	}
	if !strings.Contains(d.stderr, "prompts/shared.yaml:4:14: not fixed [version-invalid]: the version is shared through a YAML anchor or alias") {
		t.Errorf("fix --diff does not name the fix it skips:\n%s", d.stderr)
	}

	res := promptlint(t, dir, "fix")
	if res.code != exitFindings { // version-invalid is left
		t.Errorf("fix with an error left: want exit 1: %v", res)
	}
	if got := readTree(t, dir, "prompts/triage.prompt.yml", "prompts/shared.yaml", "prompts/ok.yaml"); got["prompts/triage.prompt.yml"] != want ||
		got["prompts/shared.yaml"] != files["prompts/shared.yaml"] || got["prompts/ok.yaml"] != files["prompts/ok.yaml"] {
		t.Errorf("after fix:\n%s", got)
	}
	if !strings.Contains(res.stderr, "promptlint: fixed 2 findings in 1 file") || strings.Contains(res.stdout, "triage") ||
		!strings.Contains(res.stdout, "[version-invalid]") {
		t.Errorf("fix reports:\n%v", res)
	}

	again := promptlint(t, dir, "lint", "--fix")
	if !strings.Contains(again.stderr, "promptlint: fixed nothing") || readTree(t, dir, "prompts/triage.prompt.yml")["prompts/triage.prompt.yml"] != want {
		t.Errorf("a second fix changed something: %v", again)
	}
	if d := promptlint(t, dir, "fix", "--diff"); d.code != exitOK || d.stdout != "" {
		t.Errorf("fix --diff with nothing to fix: want exit 0 and no diff: %v", d)
	}
}

// TestFixCheck: check --fix and fix --base bump each version to what its
// change requires against the merge base, add the changelog entry dated
// by SOURCE_DATE_EPOCH, and leave a check that reports none of it; fix's
// PATHs limit the files it writes; --fix never writes a revision.
func TestFixCheck(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	base := map[string]string{
		"prompts/a.yaml": "name: a\nversion: 1.2.0\ndescription: A.\ntemplate: \"Answer {question}.\"\nchangelog:\n  - version: 1.2.0\n    date: 2026-01-02\n    changes: Started.\n",
		"prompts/b.yaml": "name: b\nversion: 0.3.0\ndescription: B.\ntemplate: \"Summarize {article}.\"\nchangelog: []\n",
	}
	g.commit(t, "add the prompts", base)
	g.git(t, "checkout", "-q", "-b", "feature")
	head := map[string]string{
		"prompts/a.yaml": "name: a\nversion: 1.2.0\ndescription: A.\ntemplate: \"Answer {question} in {language_name}.\"\nchangelog:\n  - version: 1.2.0\n    date: 2026-01-02\n    changes: Started.\n",
		"prompts/b.yaml": "name: b\nversion: 0.3.0\ndescription: B.\ntemplate: \"Summarize {article} briefly.\"\nchangelog: []\n",
	}
	writeTree(t, g.dir, head)
	env := append(g.env, "SOURCE_DATE_EPOCH=1796083200") // 2026-12-01

	if res := runIn(t, &process{Dir: g.dir, Env: env}, "check", "--base", "main", "--head", "HEAD", "--fix"); res.code != exitUsage {
		t.Errorf("check --fix --head REV: want exit 2: %v", res)
	}

	// fix with a PATH fixes only that file; the other's error is left.
	res := runIn(t, &process{Dir: g.dir, Env: env}, "fix", "--base", "main", "prompts/b.yaml")
	if res.code != exitFindings || !strings.Contains(res.stdout, "[*] required variable \"language_name\" added") {
		t.Errorf("fix --base main prompts/b.yaml: %v", res)
	}
	got := readTree(t, g.dir, "prompts/a.yaml", "prompts/b.yaml")
	wantB := "name: b\nversion: 0.3.1\ndescription: B.\ntemplate: \"Summarize {article} briefly.\"\nchangelog: [{version: 0.3.1, date: 2026-12-01, changes: Template wording changed.}]\n"
	if got["prompts/a.yaml"] != head["prompts/a.yaml"] || got["prompts/b.yaml"] != wantB {
		t.Errorf("fix with a PATH wrote:\n%s", got)
	}

	res = runIn(t, &process{Dir: g.dir, Env: env}, "check", "--base", "main", "--fix")
	if res.code != exitOK || res.stdout != "" {
		t.Errorf("check --fix leaves findings: %v", res)
	}
	wantA := "name: a\nversion: 2.0.0\ndescription: A.\ntemplate: \"Answer {question} in {language_name}.\"\nchangelog:\n  - version: 2.0.0\n    date: 2026-12-01\n    changes: Required variable \"language_name\" added; template wording changed.\n  - version: 1.2.0\n    date: 2026-01-02\n    changes: Started.\n"
	if got := readTree(t, g.dir, "prompts/a.yaml"); got["prompts/a.yaml"] != wantA {
		t.Errorf("check --fix wrote:\n%s\nwant:\n%s", got["prompts/a.yaml"], wantA)
	}
	if res := g.promptlint(t, "", "check", "--base", "main"); res.code != exitOK || res.stdout != "" {
		t.Errorf("check after fix: %v", res)
	}
}

// gitlabJob is the environment of a merge request pipeline for !7 of the
// fake GitLab s, with its project directory dir.
func gitlabJob(s *gitlabtest.Server, dir string) []string {
	return []string{
		"GITLAB_CI=true",
		"CI_PIPELINE_SOURCE=merge_request_event",
		"CI_API_V4_URL=" + s.APIURL(),
		"CI_PROJECT_ID=42",
		"CI_MERGE_REQUEST_PROJECT_ID=42",
		"CI_MERGE_REQUEST_IID=7",
		"CI_PROJECT_DIR=" + dir,
		"PROMPTLINT_GITLAB_TOKEN=" + gitlabtest.Token,
	}
}

func TestGitLabJob(t *testing.T) {
	t.Parallel()
	const base, head = "1a2b3c4d5e6f708192a3b4c5d6e7f80912345678", "9b1f2c3d4e5f60718293a4b5c6d7e8f901234567"
	s := gitlabtest.NewServer(t)
	v1 := "version: 1.0.0\ndescription: Greet the customer.\ntemplate: Hello {customer_name}, welcome.\nvariables:\n  customer_name: null\n"
	s.SetFile(base, "prompts/greet.yaml", v1)
	s.SetFile(head, "prompts/greet.yaml", strings.Replace(v1, "Hello", "Hi", 1))
	s.AddDiff(gitlabtest.Diff{OldPath: "prompts/greet.yaml", NewPath: "prompts/greet.yaml"})
	dir := t.TempDir()
	p := &process{Dir: dir, Env: gitlabJob(s, dir)}

	r := runIn(t, p, "gitlab")
	if r.code != exitFindings || !strings.Contains(r.stdout, "prompts/greet.yaml:1:10: error:") || !strings.Contains(r.stdout, "[version-not-bumped]") {
		t.Fatalf("gitlab: %v", r)
	}
	if notes := s.Notes(); len(notes) != 1 || !strings.HasPrefix(notes[0].Body, output.Marker+"\n") {
		t.Errorf("notes %+v", notes)
	}
	for _, name := range []string{"gl-code-quality-report.json", "promptlint-report.json", "promptlint-report.md"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}

	// The flags: --fail-on none passes, the reports go where they are
	// told, --comment never leaves the notes alone.
	s.ClearRequests()
	r = runIn(t, p, "gitlab", "--fail-on", "none", "--comment", "never", "--code-quality", "reports/cq.json", "--report", "", "--markdown", "")
	if r.code != exitOK {
		t.Fatalf("gitlab --fail-on none: %v", r)
	}
	var issues []map[string]any
	data, err := os.ReadFile(filepath.Join(dir, "reports", "cq.json"))
	if err != nil || json.Unmarshal(data, &issues) != nil || len(issues) == 0 {
		t.Errorf("reports/cq.json: %s, %v", data, err)
	}
	if n := s.Count("", "/projects/42/merge_requests/7/notes"); n != 0 {
		t.Errorf("%d note requests with --comment never", n)
	}

	for _, tc := range []struct {
		args []string
		env  []string
		want string
	}{
		{[]string{"gitlab", "extra"}, p.Env, "unexpected arguments"},
		{[]string{"gitlab", "--fail-on", "fatal"}, p.Env, "--fail-on"},
		{[]string{"gitlab", "--review-threshold", "2"}, p.Env, "--review-threshold"},
		{[]string{"gitlab", "--comment", "sometimes"}, p.Env, "--comment"},
		{[]string{"gitlab", "--files", "prompts/[oops"}, p.Env, `--files: "prompts/[oops" is not a valid glob`},
		{[]string{"gitlab", "--report", "/etc/report.json"}, p.Env, "outside the project directory"},
		{[]string{"gitlab"}, nil, "runs in a GitLab CI/CD job"},
	} {
		r := runIn(t, &process{Dir: dir, Env: tc.env}, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: %v; want exit 2 with %q", tc.args, r, tc.want)
		}
	}

	// GitLab cannot be reached: the tool could not finish.
	s.FailNext("", "/", 401, nil, 1)
	if r := runIn(t, p, "gitlab"); r.code != exitFailure || !strings.Contains(r.stderr, "PROMPTLINT_GITLAB_TOKEN") {
		t.Errorf("unauthorized: %v", r)
	}
}

// TestREADMEGitLabSnippet keeps the README's .gitlab-ci.yml working: a
// merge request job whose promptlint line parses with gitlab's flags,
// whose artifacts are the files the job writes, and whose download is
// named as the release workflow names the binaries.
func TestREADMEGitLabSnippet(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```yaml\n# .gitlab-ci.yml\n")
	if !ok {
		t.Fatal("README.md has no yaml block starting with # .gitlab-ci.yml")
	}
	block, _, _ := strings.Cut(rest, "\n```\n")
	var ci map[string]struct {
		Stage string `yaml:"stage"`
		Image string `yaml:"image"`
		Rules []struct {
			If string `yaml:"if"`
		} `yaml:"rules"`
		Variables map[string]string `yaml:"variables"`
		Script    []string          `yaml:"script"`
		Artifacts struct {
			When    string            `yaml:"when"`
			Reports map[string]string `yaml:"reports"`
			Paths   []string          `yaml:"paths"`
		} `yaml:"artifacts"`
	}
	dec := yaml.NewDecoder(strings.NewReader(block))
	dec.KnownFields(true)
	if err := dec.Decode(&ci); err != nil {
		t.Fatalf("the snippet: %v", err)
	}
	job, ok := ci["promptlint"]
	if !ok || job.Image == "" || len(job.Rules) == 0 || job.Rules[0].If != `$CI_PIPELINE_SOURCE == "merge_request_event"` {
		t.Fatalf("job %+v", job)
	}
	var line string
	for _, l := range job.Script {
		if strings.HasPrefix(l, "promptlint gitlab") {
			line = l
		}
	}
	fields := strings.Fields(line)
	if len(fields) < 2 {
		t.Fatalf("no promptlint gitlab line in %q", job.Script)
	}
	fl := newFlagSet(gitlabCmd)
	gitlabCmd.setup(fl)
	if err := parseFlags(fl, fields[2:]); err != nil || fl.NArg() != 0 {
		t.Errorf("%q: %v", line, err)
	}
	if job.Artifacts.When != "always" || job.Artifacts.Reports["codequality"] != pipeline.DefaultCodeQuality ||
		!slices.Contains(job.Artifacts.Paths, pipeline.DefaultReport) || !slices.Contains(job.Artifacts.Paths, pipeline.DefaultMarkdown) {
		t.Errorf("artifacts %+v", job.Artifacts)
	}
	release, err := os.ReadFile(".github/workflows/release.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(release), `name="promptlint_${VERSION#v}_${os}_${arch}"`) || !strings.Contains(block, `promptlint_${PROMPTLINT_VERSION}_linux_amd64.tar.gz`) {
		t.Error("the snippet's download is not named as the release workflow names the binaries")
	}
	if job.Variables["PROMPTLINT_VERSION"] == "" {
		t.Errorf("variables %v", job.Variables)
	}
}

// BenchmarkCheckOnePromptChange measures what a local check costs as the
// repository grows but the change does not (issue 13, goal 4): `check
// --base HEAD~1` of a commit that changes one prompt, in a repository of
// 10 prompts and in one of 1,000, run in turn so that both see the same
// machine. It does so cold, as on a CI runner (no name index: a new
// PROMPTLINT_CACHE directory for every run), and warm (the index the
// runs before left), and each of those two ways: the release binary as a
// process, as a user runs it (the proc- figures), and the command in this
// process (the others), which leaves out what every run of the binary
// pays once (starting, loading the token tables) and so shows the engine
// alone. It reports the median time of each, and per mode two ratios of
// the large to the small: of the medians, and of the fastest runs (the
// least disturbed by other work on the machine). Check reads the files
// the change touches, and only the bytes the repository-wide rules need
// from the rest.
//
//	go test -run '^$' -bench CheckOnePromptChange -benchtime 40x .
func BenchmarkCheckOnePromptChange(b *testing.B) {
	bin := buildBinary(b)
	sizes := []int{10, 1000}
	modes := []string{"cold", "warm"}
	procs := make([]*process, len(sizes))
	warm := make(map[string][]string) // by how: a cache directory per size
	for i, n := range sizes {
		procs[i] = &process{Dir: scaleRepo(b, n), Env: gitEnv(b), Stdout: io.Discard, Stderr: io.Discard}
	}
	hows := []string{"", "proc-"}
	for _, how := range hows {
		for range sizes {
			warm[how] = append(warm[how], b.TempDir())
		}
	}
	took := map[string][][]time.Duration{}
	for _, how := range hows {
		for _, m := range modes {
			took[how+m] = make([][]time.Duration, len(sizes))
		}
	}
	for b.Loop() {
		for _, m := range modes {
			for i, p := range procs {
				for _, how := range hows {
					cache := warm[how][i]
					if m == "cold" {
						cache = b.TempDir()
					}
					env := append(slices.Clip(p.Env), "PROMPTLINT_CACHE="+cache)
					// The garbage of the run before is collected first,
					// not while this one runs (beside the binary, it
					// would take the core the binary reads ahead on).
					runtime.GC()
					start := time.Now()
					if how == "" {
						q := *p
						q.Env, q.Stdin = env, strings.NewReader("")
						if code := run(&q, []string{"check", "--base", "HEAD~1"}); code != exitOK {
							b.Fatalf("check in a repository of %d prompts exits %d", sizes[i], code)
						}
					} else {
						cmd := exec.Command(bin, "check", "--base", "HEAD~1")
						cmd.Dir, cmd.Env = p.Dir, env
						if out, err := cmd.CombinedOutput(); err != nil {
							b.Fatalf("the binary's check in a repository of %d prompts: %v\n%s", sizes[i], err, out)
						}
					}
					took[how+m][i] = append(took[how+m][i], time.Since(start))
				}
			}
		}
	}
	for _, how := range hows {
		for _, m := range modes {
			median := make([]time.Duration, len(sizes))
			fastest := make([]time.Duration, len(sizes))
			for i, n := range sizes {
				t := took[how+m][i]
				slices.Sort(t)
				median[i], fastest[i] = t[len(t)/2], t[0]
				b.ReportMetric(float64(median[i].Nanoseconds()), fmt.Sprintf("ns/%s%s-%d", how, m, n))
			}
			b.ReportMetric(float64(median[1])/float64(median[0]), how+m+"-ratio-median")
			b.ReportMetric(float64(fastest[1])/float64(fastest[0]), how+m+"-ratio-fastest")
		}
	}
}

var scaleRepoDir = flag.String("scale-repo-dir", "", "TestWriteScaleRepos writes the repositories of BenchmarkCheckOnePromptChange into this directory")

// TestWriteScaleRepos writes the two repositories of
// BenchmarkCheckOnePromptChange, of 10 and 1,000 prompts, to
// -scale-repo-dir/10 and -scale-repo-dir/1000, to time the release binary
// on them (testdata/bench/perf.sh check does):
//
//	go test -run TestWriteScaleRepos -scale-repo-dir /tmp/scale .
func TestWriteScaleRepos(t *testing.T) {
	if *scaleRepoDir == "" {
		t.Skip("no -scale-repo-dir")
	}
	for _, n := range []int{10, 1000} {
		dir := filepath.Join(*scaleRepoDir, fmt.Sprint(n))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		scaleRepoIn(t, dir, n)
	}
}

// scaleRepo makes a git repository of n prompt files in 50 folders whose
// last commit changes the wording and version of one of them.
func scaleRepo(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	scaleRepoIn(tb, dir, n)
	return dir
}

// scaleRepoIn makes scaleRepo's repository in dir.
func scaleRepoIn(tb testing.TB, dir string, n int) {
	tb.Helper()
	env := gitEnv(tb)
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	prompt := func(i int, version, wording string) string {
		return fmt.Sprintf(`name: reply_%04d
version: %s
description: Replies to a support ticket about an order.
template: |
  Hello {customer_name},
  The customer support reply should be %s and accurate; answer each question.
  Use only the facts given below and keep names, numbers and code unchanged.
  Explain the steps clearly, avoid jargon, and give the order status when known.
  Order: {order_id}. Tone: {tone}.
variables:
  customer_name: null
  order_id: null
  tone: friendly
`, i, version, wording)
	}
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("prompts/team%02d/reply_%04d.yaml", i%50, i)] = prompt(i, "1.0.0", "short, friendly")
	}
	writeTree(tb, dir, files)
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "prompts: the support replies")
	if err := os.WriteFile(filepath.Join(dir, "prompts", "team01", "reply_0001.yaml"), []byte(prompt(1, "1.0.1", "short, kind")), 0o644); err != nil {
		tb.Fatal(err)
	}
	git("commit", "-q", "-a", "-m", "prompts: make the first reply kinder")
}

// TestCheckNameIndex: check --base keeps an index of the names of the
// prompts it read (PROMPTLINT_CACHE), and finds a duplicate name in an
// unchanged file the same way with the index cold and warm; "off" keeps
// none.
func TestCheckNameIndex(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	cache := t.TempDir()
	g.env = append(slices.Clone(g.env), "PROMPTLINT_CACHE="+cache)
	other := strings.Replace(cleanPrompt, "name: greet_user", "name: welcome_user", 1)
	g.commit(t, "prompts: the greetings", map[string]string{"prompts/a.yaml": cleanPrompt, "prompts/b.yaml": other})
	g.commit(t, "prompts: name the second greeting like the first", map[string]string{
		"prompts/b.yaml": strings.Replace(cleanPrompt, "version: 1.0.0", "version: 1.0.1", 1),
	})
	for run := 1; run <= 2; run++ {
		res := g.promptlint(t, ".", "check", "--base", "HEAD~1", "--format", "json")
		if !strings.Contains(res.stdout, `"rule": "prompt-name-duplicate"`) || !strings.Contains(res.stdout, "prompts/a.yaml") {
			t.Errorf("run %d: no duplicate name found:\n%s", run, res)
		}
	}
	data, err := os.ReadFile(filepath.Join(cache, "names.idx"))
	if err != nil || !strings.Contains(string(data), "prompts/a.yaml") {
		t.Errorf("the index does not hold the unchanged file: %q, %v", data, err)
	}
	off := t.TempDir()
	g.env = append(g.env, "PROMPTLINT_CACHE=off", "XDG_CACHE_HOME="+off, "HOME="+off)
	if res := g.promptlint(t, ".", "check", "--base", "HEAD~1"); !strings.Contains(res.stdout, "prompt-name-duplicate") {
		t.Errorf("without the index: no duplicate name found:\n%s", res)
	}
	if entries, _ := os.ReadDir(off); len(entries) != 0 {
		t.Errorf("PROMPTLINT_CACHE=off wrote %v", entries)
	}
}

// TestSummaryCountsPreexisting: the summary line on stderr says how many
// of the findings the base already had, and with --only-new that those do
// not fail the run.
func TestSummaryCountsPreexisting(t *testing.T) {
	t.Parallel()
	old := "name: support\nversion: 1.0.0\ndescription: Replies.\nvariables:\n  question: null\ntemplate: \"Answer {question} about {order_id}.\"\n"
	dir := tempTree(t, map[string]string{
		".promptlint.yaml":          "default_environment: development\n",
		"base/prompts/support.yaml": old,
		// a second undeclared variable, with the major bump it needs
		"head/prompts/support.yaml": strings.Replace(strings.Replace(old, "1.0.0", "2.0.0", 1), "{order_id}.", "{order_id} for {user_id}.", 1),
	})
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{nil, exitFindings, "1 prompt file, 1 changed prompt, 2 errors, 1 warning, 0 notices (1 pre-existing: the base has it too)\n"},
		{[]string{"--only-new"}, exitFindings, "1 prompt file, 1 changed prompt, 2 errors, 1 warning, 0 notices (1 pre-existing: the base has it too; only new ones fail)\n"},
	} {
		res := promptlint(t, dir, append([]string{"check", "--base-dir", "base", "--head-dir", "head"}, tt.args...)...)
		if res.code != tt.code || res.stderr != tt.want {
			t.Errorf("check %q: exit %d, stderr %q; want exit %d, stderr %q\n%s", tt.args, res.code, res.stderr, tt.code, tt.want, res.stdout)
		}
	}
}

// TestFixDiffApplies: fix --diff prints a patch that git apply applies,
// CRLF files and a last line without a newline included, and applying it
// gives what fix writes.
func TestFixDiffApplies(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git apply checks the patch: %v", err)
	}
	files := map[string]string{
		"prompts/crlf.yaml":      "name: crlf\r\nversion: 1.0\r\ndescription: Windows.\r\ntemplate: \"Hi.\"\r\n",
		"prompts/no_eol.yaml":    "name: no_eol\ndescription: No newline at the end.\ntemplate: \"Hi.\"\nversion: v2",
		"prompts/lf.prompt.yml":  "name: lf\ndescription: Spaced.\nmessages:\n  - role: user\n    content: \"Hi {{ who }}\"\n",
		"prompts/untouched.yaml": "name: ok\nversion: 1.0.0\ndescription: Fine.\ntemplate: \"Fine.\"\n",
	}
	patched, fixed := tempTree(t, files), tempTree(t, files)
	d := promptlint(t, patched, "fix", "--diff")
	if d.code != exitFindings || !strings.Contains(d.stdout, "+version: 1.0.0\r\n") {
		t.Fatalf("fix --diff: %v", d)
	}
	cmd := exec.Command("git", "apply", "-")
	cmd.Dir, cmd.Stdin = patched, strings.NewReader(d.stdout)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\npatch:\n%q", err, out, d.stdout)
	}
	if res := promptlint(t, fixed, "fix"); res.code != exitOK {
		t.Fatalf("fix: %v", res)
	}
	names := []string{"prompts/crlf.yaml", "prompts/no_eol.yaml", "prompts/lf.prompt.yml", "prompts/untouched.yaml"}
	got, want := readTree(t, patched, names...), readTree(t, fixed, names...)
	for _, n := range names {
		if got[n] != want[n] {
			t.Errorf("%s: the patch gives %q, fix writes %q", n, got[n], want[n])
		}
	}
}
