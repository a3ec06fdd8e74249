package action

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/github"
	"github.com/promptlint/promptlint/lint/github/githubtest"
)

// token is the workflow token the tests pass; it must never be printed
// except in the ::add-mask:: line.
const token = "ghs_T0kenThatMustNeverBePrinted42"

const (
	owner    = "Codertocat"
	repoName = "Hello-World"
	baseSHA  = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e" // the fixtures' base.sha
	headSHA  = "ec26c3e57ca3a959ca5aad62de7213c562f8c821" // the fixtures' head.sha
)

// quietConfig keeps the checklist from asking for reviews or commits, so
// a PR run makes only the requests the bound counts.
const quietConfig = `default_environment: development
environments:
  development:
    requires: []
rules:
  commit-message-generic: "off"
`

// harness is one action run's world: the fake API, the event payload, the
// workspace and the files GitHub hands a step.
type harness struct {
	t      *testing.T
	srv    *githubtest.Server
	dir    string
	vars   map[string]string
	sleeps []time.Duration

	stdout, stderr bytes.Buffer
}

// newHarness sets up a pull_request run on the fixtures' PR #2, with the
// event payload read from fixture (edited by edit) and quietConfig in the
// workspace.
func newHarness(t *testing.T, event, fixture string, edit func(ev, pr map[string]any)) *harness {
	t.Helper()
	h := &harness{t: t, srv: githubtest.NewServer(t), dir: t.TempDir()}
	h.srv.RequireToken(token)
	for _, d := range []string{"workspace", "temp", "commands"} {
		if err := os.MkdirAll(filepath.Join(h.dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	h.vars = map[string]string{
		"GITHUB_ACTIONS":      "true",
		"GITHUB_EVENT_NAME":   event,
		"GITHUB_EVENT_PATH":   filepath.Join(h.dir, "event.json"),
		"GITHUB_REPOSITORY":   owner + "/" + repoName,
		"GITHUB_API_URL":      h.srv.URL,
		"GITHUB_SERVER_URL":   "https://github.com",
		"GITHUB_RUN_ID":       "42",
		"GITHUB_OUTPUT":       filepath.Join(h.dir, "commands", "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(h.dir, "commands", "summary"),
		"GITHUB_WORKSPACE":    filepath.Join(h.dir, "workspace"),
		"RUNNER_TEMP":         filepath.Join(h.dir, "temp"),
		"INPUT_GITHUB-TOKEN":  token,
		"INPUT_FAIL-ON":       "error",
		"INPUT_COMMENT":       "on-change",
	}
	h.setConfig(quietConfig)
	h.setEvent(fixture, edit)
	return h
}

// setConfig makes content the repository's .promptlint.yaml: at the PR's
// head, as the API serves it, and in the workspace, for the events that
// lint the workspace.
func (h *harness) setConfig(content string) {
	h.t.Helper()
	h.srv.SetFile(headSHA, ".promptlint.yaml", content)
	h.writeWorkspace(".promptlint.yaml", content)
}

// removeConfig leaves the repository without a config: the defaults.
func (h *harness) removeConfig() {
	h.t.Helper()
	h.srv.RemoveFile(headSHA, ".promptlint.yaml")
	if err := os.Remove(filepath.Join(h.vars["GITHUB_WORKSPACE"], ".promptlint.yaml")); err != nil {
		h.t.Fatal(err)
	}
}

// setEvent writes the event payload: the fixture, edited.
func (h *harness) setEvent(fixture string, edit func(ev, pr map[string]any)) {
	h.t.Helper()
	dir, err := githubtest.FixturesDir()
	if err != nil {
		h.t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, fixture))
	if err != nil {
		h.t.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal(data, &ev); err != nil {
		h.t.Fatal(err)
	}
	pr, _ := ev["pull_request"].(map[string]any)
	if edit != nil {
		edit(ev, pr)
	}
	out, err := json.Marshal(ev)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(h.vars["GITHUB_EVENT_PATH"], out, 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// changedFiles sets pull_request.changed_files.
func changedFiles(n int) func(ev, pr map[string]any) {
	return func(ev, pr map[string]any) { pr["changed_files"] = n }
}

func (h *harness) writeWorkspace(name, content string) {
	h.t.Helper()
	p := filepath.Join(h.vars["GITHUB_WORKSPACE"], filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// run runs the action; it clears the fake's request log, the step log and
// the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files first, as a new step
// would start.
func (h *harness) run() (*Result, error) {
	h.t.Helper()
	h.srv.ClearRequests()
	h.stdout.Reset()
	h.stderr.Reset()
	h.sleeps = nil
	for _, k := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"} {
		if p := h.vars[k]; p != "" {
			os.Remove(p)
		}
	}
	return Run(context.Background(), Options{
		Getenv:  func(k string) string { return h.vars[k] },
		Stdout:  &h.stdout,
		Stderr:  &h.stderr,
		Rules:   checks.All,
		Version: "v0.0.0-test",
		Sleep: func(_ context.Context, d time.Duration) error {
			h.sleeps = append(h.sleeps, d)
			return nil
		},
	})
}

// mustRun runs the action and fails the test on an error or another exit
// code than want.
func (h *harness) mustRun(want int) *Result {
	h.t.Helper()
	res, err := h.run()
	if err != nil {
		h.t.Fatalf("Run: %v\nstdout:\n%s\nstderr:\n%s", err, h.stdout.String(), h.stderr.String())
	}
	if res.ExitCode != want {
		h.t.Fatalf("exit code %d, want %d; findings:\n%s\nstdout:\n%s\nstderr:\n%s", res.ExitCode, want, findingsText(res.Report), h.stdout.String(), h.stderr.String())
	}
	h.checkLog()
	return res
}

func findingsText(rep *lint.Report) string {
	if rep == nil {
		return ""
	}
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

func (h *harness) file(k string) string {
	h.t.Helper()
	data, err := os.ReadFile(h.vars[k])
	if err != nil {
		h.t.Fatalf("reading %s: %v", k, err)
	}
	return string(data)
}

// outputDelimiter is go-githubactions v1.3.0's fixed heredoc delimiter.
const outputDelimiter = "_GitHubActionsFileCommandDelimeter_"

// parseOutputFile reads a GITHUB_OUTPUT file the way the runner does:
// name<<DELIMITER, the value's lines, DELIMITER. It insists that every
// value is exactly one line.
func parseOutputFile(content string) (map[string]string, []string, error) {
	m := map[string]string{}
	var order []string
	lines := strings.Split(strings.TrimSuffix(content, "\n"), "\n")
	for i := 0; i < len(lines); i += 3 {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok || delim != outputDelimiter || i+2 >= len(lines) || lines[i+2] != outputDelimiter {
			return nil, nil, fmt.Errorf("GITHUB_OUTPUT line %d %q does not start a one-line heredoc value", i+1, lines[i])
		}
		m[name] = lines[i+1]
		order = append(order, name)
	}
	return m, order, nil
}

// outputs parses the GITHUB_OUTPUT file.
func (h *harness) outputs() map[string]string {
	h.t.Helper()
	m, _, err := parseOutputFile(h.file("GITHUB_OUTPUT"))
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

// workflowCommand matches a workflow command line as the runner reads it,
// after leading white space.
var workflowCommand = regexp.MustCompile(`^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$`)

// checkLog asserts that every line of the step log (stdout and stderr:
// the runner reads commands on both) that the runner would take for a
// workflow command is one promptlint means: the mask of the token, or an
// annotation with known, escaped properties and an escaped message; and
// that the token appears nowhere else.
func (h *harness) checkLog() {
	h.t.Helper()
	for stream, text := range map[string]string{"stdout": h.stdout.String(), "stderr": h.stderr.String()} {
		for _, line := range strings.Split(text, "\n") {
			trimmed := strings.TrimLeft(line, " \t")
			if strings.HasPrefix(trimmed, "##[") {
				h.t.Errorf("%s line is a legacy workflow command: %q", stream, line)
			}
			if line == "::add-mask::"+token {
				continue
			}
			if strings.Contains(line, token) {
				h.t.Errorf("%s line shows the token: %q", stream, line)
			}
			if !strings.HasPrefix(trimmed, "::") {
				continue
			}
			if stream == "stderr" {
				h.t.Errorf("stderr line is a workflow command: %q", line)
				continue
			}
			m := workflowCommand.FindStringSubmatch(trimmed)
			if m == nil {
				h.t.Errorf("stdout line starts with :: but is no well-formed command: %q", line)
				continue
			}
			switch m[1] {
			case "error", "warning", "notice":
			default:
				h.t.Errorf("stdout line issues workflow command %q: %q", m[1], line)
				continue
			}
			if m[2] != "" {
				for _, prop := range strings.Split(m[2], ",") {
					k, v, ok := strings.Cut(prop, "=")
					switch {
					case !ok:
						h.t.Errorf("annotation property %q has no value: %q", prop, line)
					case k != "file" && k != "line" && k != "col" && k != "title":
						h.t.Errorf("annotation has property %q: %q", k, line)
					case (k == "line" || k == "col") && !regexp.MustCompile(`^[1-9][0-9]*$`).MatchString(v):
						h.t.Errorf("annotation %s=%q is not a number: %q", k, v, line)
					}
				}
			}
			if bad := regexp.MustCompile(`%(?:[^0-9A-F]|[0-9A-F][^0-9A-F]|$)`).FindString(m[3]); bad != "" || strings.ContainsAny(m[3], "\r") {
				h.t.Errorf("annotation message is not escaped (%q): %q", bad, line)
			}
			if n := len([]rune(m[3])); n >= 4096 {
				h.t.Errorf("annotation message has %d characters", n)
			}
		}
	}
	for _, k := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"} {
		if data, err := os.ReadFile(h.vars[k]); err == nil && strings.Contains(string(data), token) {
			h.t.Errorf("%s shows the token", k)
		}
	}
	if data, err := os.ReadFile(filepath.Join(h.vars["RUNNER_TEMP"], ReportName)); err == nil && strings.Contains(string(data), token) {
		h.t.Errorf("the JSON report shows the token")
	}
}

// annotations returns the annotation lines of stdout with the given
// command name (error, warning, notice).
func (h *harness) annotations(name string) []string {
	var out []string
	for _, line := range strings.Split(h.stdout.String(), "\n") {
		if strings.HasPrefix(line, "::"+name+" ") || strings.HasPrefix(line, "::"+name+"::") {
			out = append(out, line)
		}
	}
	return out
}

// prompt is a prompt file in promptlint's YAML format.
func prompt(name, version, sentence string) string {
	return fmt.Sprintf(`name: %s
version: %s
description: Answers a customer's question about %s.
variables:
  customer_question: null
template: |
  You are a support agent for Acme. Answer the question below about %s.
  %s

  Question: {customer_question}
changelog:
  - version: %s
    date: 2026-01-02
    changes: %s
`, name, version, name, name, sentence, version, sentence)
}

// addModified makes path a modified file of the PR, with base and head
// contents at the fixtures' SHAs.
func (h *harness) addModified(path, base, head string) {
	h.srv.AddPRFile(githubtest.File{Name: path, Status: "modified", Additions: 1, Deletions: 1})
	h.srv.SetFile(baseSHA, path, base)
	h.srv.SetFile(headSHA, path, head)
}

// addPrompts makes n modified prompt files, each a clean patch bump.
func (h *harness) addPrompts(n int) {
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("answer_%03d", i)
		h.addModified("prompts/"+name+".yaml",
			prompt(name, "1.0.0", "Keep the answer short."),
			prompt(name, "1.0.1", "Keep the answer short and friendly."))
	}
}

func (h *harness) stickyComments() []githubtest.Comment {
	var out []githubtest.Comment
	for _, c := range h.srv.Comments() {
		if github.IsSticky(c.Body) {
			out = append(out, c)
		}
	}
	return out
}

func TestStickyCommentLifecycle(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	// Other people's comments, first: enough to push ours to page 2.
	var others []githubtest.Comment
	for i := 0; i < 100; i++ {
		others = append(others, h.srv.AddComment("octocat", fmt.Sprintf("comment %d", i)))
	}
	others = append(others,
		h.srv.AddComment("octocat", "I ticked <!-- promptlint:ab-tested --> in the description."),
		h.srv.AddComment("octocat", "quoting the bot:\n<!-- promptlint -->\nall good"),
		h.srv.AddComment("other-bot[bot]", "<!-- other-bot -->\nhello"),
		h.srv.AddComment("octocat", " <!-- promptlint -->\nleading space"),
	)
	h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.1", "Be brief and kind."))

	// First run: one new comment.
	res := h.mustRun(0)
	sticky := h.stickyComments()
	if len(sticky) != 1 || sticky[0].User != githubtest.Bot {
		t.Fatalf("after the first run, sticky comments = %+v, want one by the bot", sticky)
	}
	first := sticky[0]
	if got := h.srv.Count("POST", "/repos/Codertocat/Hello-World/issues/2/comments"); got != 1 {
		t.Errorf("first run: %d POSTs, want 1", got)
	}
	if got := h.srv.Count("PATCH", ""); got != 0 {
		t.Errorf("first run: %d PATCHes, want 0", got)
	}
	if res.CommentURL != first.HTMLURL {
		t.Errorf("CommentURL = %q, want %q", res.CommentURL, first.HTMLURL)
	}
	if !strings.Contains(first.Body, "answer") {
		t.Errorf("comment does not name the changed prompt:\n%s", first.Body)
	}

	// Second run after a new push: the same comment is edited.
	const head2 = "1111111111111111111111111111111111111111"
	h.srv.SetPullRequest(2, baseSHA, head2)
	h.srv.SetFile(head2, "prompts/answer.yaml", prompt("answer", "1.1.0", "Be brief and kind, and offer one next step."))
	h.srv.SetFile(head2, ".promptlint.yaml", quietConfig)
	h.setEvent("webhook-pull_request-synchronize.json", func(ev, pr map[string]any) {
		pr["changed_files"] = 1
		pr["head"].(map[string]any)["sha"] = head2
	})
	h.mustRun(0)
	sticky = h.stickyComments()
	if len(sticky) != 1 || sticky[0].ID != first.ID {
		t.Fatalf("after the second run, sticky comments = %+v, want only comment %d", sticky, first.ID)
	}
	if sticky[0].Body == first.Body {
		t.Errorf("second run did not change the comment's body")
	}
	if !strings.Contains(sticky[0].Body, "1.1.0") {
		t.Errorf("edited comment does not show the new version:\n%s", sticky[0].Body)
	}
	if got, want := h.srv.Count("PATCH", fmt.Sprintf("/repos/Codertocat/Hello-World/issues/comments/%d", first.ID)), 1; got != want {
		t.Errorf("second run: %d PATCHes of comment %d, want %d; requests:\n%s", got, first.ID, want, strings.Join(h.srv.Requests(), "\n"))
	}
	if got := h.srv.Count("POST", ""); got != 0 {
		t.Errorf("second run: %d POSTs, want 0", got)
	}
	// The comment lies on page 2: both pages were read.
	if got := h.srv.Count("GET", "/repos/Codertocat/Hello-World/issues/2/comments"); got != 2 {
		t.Errorf("second run read %d pages of comments, want 2", got)
	}

	// Third run, nothing new (a re-run, another run id): no edit.
	h.vars["GITHUB_RUN_ID"] = "43"
	edited := sticky[0].Body
	h.mustRun(0)
	if got := h.srv.Count("PATCH", ""); got != 0 {
		t.Errorf("an unchanged body was PATCHed %d times; requests:\n%s", got, strings.Join(h.srv.Requests(), "\n"))
	}
	if got := h.srv.Count("POST", ""); got != 0 {
		t.Errorf("third run: %d POSTs, want 0", got)
	}
	if b := h.stickyComments()[0].Body; b != edited {
		t.Errorf("third run changed the body")
	}

	// Nobody else's comment was touched.
	byID := map[int64]githubtest.Comment{}
	for _, c := range h.srv.Comments() {
		byID[c.ID] = c
	}
	for _, o := range others {
		if got := byID[o.ID]; got.Body != o.Body || got.User != o.User {
			t.Errorf("comment %d changed: %q, was %q", o.ID, got.Body, o.Body)
		}
	}
	if len(h.srv.Comments()) != len(others)+1 {
		t.Errorf("%d comments, want %d", len(h.srv.Comments()), len(others)+1)
	}
}

// TestOutputsAndSummary checks the outputs file line by line, and that the
// job summary is the comment's Markdown plus the run link.
func TestOutputsAndSummary(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(2))
	h.srv.AddPRFile(githubtest.File{Name: "prompts/greet.yaml", Status: "added", Additions: 10})
	h.srv.SetFile(headSHA, "prompts/greet.yaml", prompt("greet", "1.0.0", "Greet the customer."))
	h.srv.AddPRFile(githubtest.File{Name: "README.md", Status: "modified", Additions: 1})
	h.mustRun(0)

	comments := h.srv.Comments()
	if len(comments) != 1 {
		t.Fatalf("%d comments, want 1", len(comments))
	}
	report := filepath.Join(h.vars["RUNNER_TEMP"], ReportName)
	want := ""
	for _, kv := range [][2]string{{"errors", "0"}, {"warnings", "0"}, {"changed-prompts", "1"}, {"min-similarity", "1"}, // an added prompt has no similarity
		{"report", report}, {"comment-url", comments[0].HTMLURL}} {
		want += kv[0] + "<<" + outputDelimiter + "\n" + kv[1] + "\n" + outputDelimiter + "\n"
	}
	if got := h.file("GITHUB_OUTPUT"); got != want {
		t.Errorf("GITHUB_OUTPUT:\n%s\nwant:\n%s", got, want)
	}
	var rep map[string]any
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("the report is not JSON: %v", err)
	}
	summary := h.file("GITHUB_STEP_SUMMARY")
	wantSummary := comments[0].Body + "\n[View the workflow run](https://github.com/Codertocat/Hello-World/actions/runs/42)\n"
	if summary != wantSummary {
		t.Errorf("summary:\n%s\nwant the comment and the run link:\n%s", summary, wantSummary)
	}
	if strings.Contains(comments[0].Body, "actions/runs") {
		t.Errorf("the comment links the run, so every run would edit it")
	}
	// Only the prompt file was read.
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/contents/README.md"); n != 0 {
		t.Errorf("README.md was read %d times", n)
	}
}

func TestOutputsKeysMatchOutputs(t *testing.T) {
	h := newHarness(t, "workflow_dispatch", "webhook-pull_request-opened.json", nil)
	h.mustRun(0)
	_, keys, err := parseOutputFile(h.file("GITHUB_OUTPUT"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(keys, ",") != strings.Join(Outputs, ",") {
		t.Errorf("outputs written %v, want Outputs %v", keys, Outputs)
	}
}

// TestInputsMatchCode checks that Inputs lists exactly the inputs the code
// reads.
func TestInputsMatchCode(t *testing.T) {
	src, err := os.ReadFile("action.go")
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, m := range regexp.MustCompile(`\binput\("([a-z-]+)"\)`).FindAllStringSubmatch(string(src), -1) {
		read[m[1]] = true
	}
	var got []string
	for k := range read {
		got = append(got, k)
	}
	sort.Strings(got)
	want := append([]string(nil), Inputs...)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("action.go reads inputs %v; Inputs lists %v", got, want)
	}
}

func TestForkCannotComment(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   int
		version  string // the head's version: 1.0.0 is not bumped, an error
		wantCode int
	}{
		{"403 clean", http.StatusForbidden, "1.0.1", 0},
		{"403 findings", http.StatusForbidden, "1.0.0", 1},
		{"404 findings", http.StatusNotFound, "1.0.0", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
			h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", tc.version, "Be brief and kind."))
			h.srv.FailNext("POST", "/repos/Codertocat/Hello-World/issues/2/comments", tc.status, nil, 1)
			h.mustRun(tc.wantCode)
			if n := len(h.srv.Comments()); n != 0 {
				t.Errorf("%d comments, want none", n)
			}
			warnings := h.annotations("warning")
			if len(warnings) != 1 || !strings.Contains(warnings[0], "could not comment") {
				t.Errorf("warnings = %q, want one saying it could not comment", warnings)
			}
			if s := h.file("GITHUB_STEP_SUMMARY"); !strings.Contains(s, "could not comment") {
				t.Errorf("the summary does not say the comment failed:\n%s", s)
			}
			if o := h.outputs(); o["comment-url"] != "" {
				t.Errorf("comment-url = %q, want empty", o["comment-url"])
			}
			if len(h.sleeps) != 0 {
				t.Errorf("a %d was retried: sleeps %v", tc.status, h.sleeps)
			}
		})
	}
}

func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name      string
		method    string
		prefix    string
		status    int
		headers   map[string]string
		times     int
		wantSleep []time.Duration
	}{
		{"500 on files", "GET", "/repos/Codertocat/Hello-World/pulls/2/files", 500, nil, 1, []time.Duration{time.Second}},
		{"502 twice on contents", "GET", "/repos/Codertocat/Hello-World/contents/", 502, nil, 2, []time.Duration{time.Second, 2 * time.Second}},
		// A POST is not repeated blindly (GitHub may have created the
		// comment): the client lists the comments again, then posts once.
		{"503 on comment POST", "POST", "/repos/Codertocat/Hello-World/issues/2/comments", 503, nil, 1, nil},
		{"429 Retry-After", "GET", "/repos/Codertocat/Hello-World/compare/", 429, map[string]string{"Retry-After": "7"}, 1, []time.Duration{7 * time.Second}},
		{"403 secondary rate limit", "GET", "/repos/Codertocat/Hello-World/issues/2/comments", 403, map[string]string{"Retry-After": "30"}, 1, []time.Duration{30 * time.Second}},
		{"403 primary rate limit", "GET", "/repos/Codertocat/Hello-World/pulls/2/files", 403, map[string]string{"X-RateLimit-Remaining": "0", "Retry-After": "12"}, 1, []time.Duration{12 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
			h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.1", "Be brief and kind."))
			h.srv.FailNext(tc.method, tc.prefix, tc.status, tc.headers, tc.times)
			h.mustRun(0)
			if fmt.Sprint(h.sleeps) != fmt.Sprint(tc.wantSleep) {
				t.Errorf("slept %v, want %v", h.sleeps, tc.wantSleep)
			}
			if n := len(h.stickyComments()); n != 1 {
				t.Errorf("%d sticky comments, want 1", n)
			}
			if len(tc.wantSleep) > 0 && !strings.Contains(h.stderr.String(), "retrying") {
				t.Errorf("the log does not say it retried:\n%s", h.stderr.String())
			}
		})
	}
}

// TestManyFiles: past GitHub's 3,000-file cap the action lints the
// workspace and says so in the comment.
func TestManyFiles(t *testing.T) {
	t.Run("changed_files 3500", func(t *testing.T) {
		h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(3500))
		h.writeWorkspace("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."))
		h.writeWorkspace("prompts/other.yaml", prompt("other", "not-a-version", "Be brief."))
		res := h.mustRun(1)
		if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/pulls/2/files"); n != 0 {
			t.Errorf("listed the files %d times, though changed_files says the list is cut", n)
		}
		if res.Report.Check || res.Report.Files != 2 {
			t.Errorf("report: check %v, %d files; want a lint of the workspace's 2 files", res.Report.Check, res.Report.Files)
		}
		sticky := h.stickyComments()
		if len(sticky) != 1 || !strings.Contains(sticky[0].Body, "more than 3000 files") {
			t.Fatalf("sticky comments %+v, want one that says the PR is past 3000 files", sticky)
		}
		if !strings.Contains(h.file("GITHUB_STEP_SUMMARY"), "more than 3000 files") {
			t.Errorf("the summary does not say the PR is past 3000 files")
		}
	})
	t.Run("exactly 3000 files is not cut", func(t *testing.T) {
		h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(3000))
		for i := 0; i < 2999; i++ {
			h.srv.AddPRFile(githubtest.File{Name: fmt.Sprintf("src/f%04d.go", i), Status: "added"})
		}
		h.addPrompts(1)
		res := h.mustRun(0)
		if !res.Report.Check || len(res.Report.Prompts) != 1 {
			t.Errorf("report: check %v, %d prompts; want the PR check of 1 prompt", res.Report.Check, len(res.Report.Prompts))
		}
		if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/pulls/2/files"); n != 30 {
			t.Errorf("read %d pages of files, want 30", n)
		}
	})
	t.Run("no changed_files in the payload, 3000 listed", func(t *testing.T) {
		// pull_request_review payloads carry no changed_files.
		h := newHarness(t, "pull_request_review", "webhook-pull_request-opened.json", func(ev, pr map[string]any) {
			delete(pr, "changed_files")
		})
		for i := 0; i < 3100; i++ {
			h.srv.AddPRFile(githubtest.File{Name: fmt.Sprintf("src/f%04d.go", i), Status: "added"})
		}
		h.writeWorkspace("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."))
		res := h.mustRun(0)
		if res.Report.Check {
			t.Errorf("a PR listing 3000 files was checked, not linted from the workspace")
		}
		if s := h.stickyComments(); len(s) != 1 || !strings.Contains(s[0].Body, "more than 3000 files") {
			t.Errorf("sticky comments %+v, want one that says the PR is past 3000 files", s)
		}
	})
}

func TestNoPromptChanges(t *testing.T) {
	setup := func(t *testing.T, comment string) *harness {
		h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
		h.vars["INPUT_COMMENT"] = comment
		h.srv.AddPRFile(githubtest.File{Name: "README.md", Status: "modified", Additions: 1})
		h.srv.SetFile(baseSHA, "README.md", "hello")
		h.srv.SetFile(headSHA, "README.md", "hello, world")
		return h
	}
	t.Run("on-change, no comment yet", func(t *testing.T) {
		h := setup(t, "on-change")
		h.mustRun(0)
		if n := len(h.srv.Comments()); n != 0 {
			t.Errorf("%d comments, want none", n)
		}
		if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/contents/README.md"); n != 0 {
			t.Errorf("read README.md %d times, want none", n)
		}
		if o := h.outputs(); o["changed-prompts"] != "0" || o["comment-url"] != "" {
			t.Errorf("outputs %v", o)
		}
	})
	t.Run("on-change, an earlier comment says clean again", func(t *testing.T) {
		h := setup(t, "on-change")
		// The comment an earlier run left, when the PR changed a prompt.
		old := h.srv.AddComment(githubtest.Bot, "<!-- promptlint -->\n### ❌ promptlint: 1 error in 1 changed prompt\n")
		h.mustRun(0)
		c := h.srv.Comments()
		if len(c) != 1 || c[0].ID != old.ID || !strings.Contains(c[0].Body, "clean again") {
			t.Fatalf("comments %+v, want comment %d saying the prompts are clean again", c, old.ID)
		}
		body := c[0].Body
		h.mustRun(0)
		if n := h.srv.Count("PATCH", ""); n != 0 || h.srv.Comments()[0].Body != body {
			t.Errorf("a second clean run edited the comment (%d PATCHes)", n)
		}
	})
	t.Run("always", func(t *testing.T) {
		h := setup(t, "always")
		h.mustRun(0)
		c := h.srv.Comments()
		if len(c) != 1 || !strings.Contains(c[0].Body, "no changed prompts") || strings.Contains(c[0].Body, "clean again") {
			t.Errorf("comments %+v, want one saying there are no changed prompts", c)
		}
	})
	t.Run("never", func(t *testing.T) {
		h := setup(t, "never")
		h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.0", "Be brief and kind."))
		h.mustRun(1)
		if n := len(h.srv.Comments()); n != 0 {
			t.Errorf("%d comments, want none", n)
		}
		if n := h.srv.Count("", "/repos/Codertocat/Hello-World/issues/"); n != 0 {
			t.Errorf("%d requests for comments, want none", n)
		}
	})
}

func TestDispatchLintsWorkspace(t *testing.T) {
	h := newHarness(t, "workflow_dispatch", "webhook-pull_request-opened.json", nil)
	h.writeWorkspace("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."))
	h.writeWorkspace("prompts/broken.yaml", "name: [unclosed\n")
	h.writeWorkspace("notes/readme.yaml", "not: a prompt\n")
	res := h.mustRun(1)
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("a push run made %d API requests: %v", n, h.srv.Requests())
	}
	if res.Report.Check || res.Report.Files != 2 {
		t.Errorf("report: check %v, %d files; want a lint of 2 files", res.Report.Check, res.Report.Files)
	}
	errs := h.annotations("error")
	if len(errs) == 0 || !strings.Contains(errs[0], "file=prompts/broken.yaml") || !strings.Contains(errs[0], "title=parse-error") {
		t.Errorf("error annotations %q, want one for prompts/broken.yaml titled parse-error", errs)
	}
	if o := h.outputs(); o["errors"] == "0" {
		t.Errorf("outputs %v, want errors", o)
	}

	t.Run("annotations capped, SARIF", func(t *testing.T) {
		for i := 0; i < 12; i++ {
			h.writeWorkspace(fmt.Sprintf("prompts/broken_%02d.yaml", i), "name: [unclosed\n")
		}
		h.vars["INPUT_SARIF-FILE"] = "out/promptlint.sarif"
		if err := os.MkdirAll(filepath.Join(h.vars["GITHUB_WORKSPACE"], "out"), 0o755); err != nil {
			t.Fatal(err)
		}
		defer delete(h.vars, "INPUT_SARIF-FILE")
		h.mustRun(1)
		errs := h.annotations("error")
		if len(errs) != 10 {
			t.Errorf("%d error annotations, want 10", len(errs))
		}
		notices := h.annotations("notice")
		if len(notices) != 1 || !strings.Contains(notices[0], "3 more errors") {
			t.Errorf("notices %q, want one counting 3 more errors", notices)
		}
		// Errors come first.
		if i := strings.Index(h.stdout.String(), "::warning"); i >= 0 && i < strings.LastIndex(h.stdout.String(), "::error") {
			t.Errorf("a warning comes before an error:\n%s", h.stdout.String())
		}
		data, err := os.ReadFile(filepath.Join(h.vars["GITHUB_WORKSPACE"], "out", "promptlint.sarif"))
		if err != nil {
			t.Fatal(err)
		}
		var sarif struct {
			Version string `json:"version"`
			Runs    []struct {
				Results []any `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(data, &sarif); err != nil {
			t.Fatalf("SARIF is not JSON: %v", err)
		}
		if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 13 {
			t.Errorf("SARIF version %q, %d runs; want 2.1.0 with 13 results", sarif.Version, len(sarif.Runs))
		}
		for i := 0; i < 12; i++ {
			os.Remove(filepath.Join(h.vars["GITHUB_WORKSPACE"], fmt.Sprintf("prompts/broken_%02d.yaml", i)))
		}
	})

	t.Run("working-directory", func(t *testing.T) {
		h.vars["INPUT_WORKING-DIRECTORY"] = "svc"
		h.writeWorkspace("svc/.promptlint.yaml", quietConfig)
		h.writeWorkspace("svc/prompts/bad.yaml", "name: [unclosed\n")
		h.mustRun(1)
		errs := h.annotations("error")
		if len(errs) != 1 || !strings.Contains(errs[0], "file=svc/prompts/bad.yaml") {
			t.Errorf("error annotations %q, want one for svc/prompts/bad.yaml (from the repository root)", errs)
		}
	})
}

func TestOtherEvents(t *testing.T) {
	h := newHarness(t, "issues", "webhook-pull_request-opened.json", nil)
	h.mustRun(0)
	notices := h.annotations("notice")
	if len(notices) != 1 || !strings.Contains(notices[0], "nothing to do") {
		t.Errorf("notices %q, want one saying there is nothing to do", notices)
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("%d requests", n)
	}
}

// TestMergeBase: the base branch moved since the PR was opened; the old
// side of a prompt is read at the merge base, not at base.sha.
func TestMergeBase(t *testing.T) {
	const mergeBase = "2222222222222222222222222222222222222222"
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.srv.SetMergeBase(mergeBase)
	h.srv.AddPRFile(githubtest.File{Name: "prompts/answer.yaml", Status: "modified"})
	h.srv.SetFile(mergeBase, "prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."))
	// base.sha has moved on: a later version, which would make the head's
	// version a decrease.
	h.srv.SetFile(baseSHA, "prompts/answer.yaml", prompt("answer", "2.0.0", "Be brief, always."))
	h.srv.SetFile(headSHA, "prompts/answer.yaml", prompt("answer", "1.0.1", "Be brief and kind."))
	res := h.mustRun(0)
	if len(res.Report.Prompts) != 1 || res.Report.Prompts[0].Base == nil || res.Report.Prompts[0].Base.Version != "1.0.0" {
		t.Fatalf("report prompts %+v, want the base at the merge base (1.0.0)", res.Report.Prompts)
	}
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/contents/prompts/answer.yaml?ref="+mergeBase); n != 1 {
		t.Errorf("read the merge base %d times; requests:\n%s", n, strings.Join(h.srv.Requests(), "\n"))
	}
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/contents/prompts/answer.yaml?ref="+baseSHA); n != 0 {
		t.Errorf("read base.sha %d times", n)
	}
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/compare/"+baseSHA+"..."+headSHA); n != 1 {
		t.Errorf("compared base...head %d times", n)
	}
}

// TestUntrustedText: prompt text and file names with workflow commands in
// them never reach the log as commands.
func TestUntrustedText(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(3))
	evil := "::error::pwned\n::set-output name=x::y\n::add-mask::\n%0A::warning::z\n##[error]legacy\n{x} {undefined_thing}"
	head := strings.Replace(prompt("answer", "1.0.0", "Be brief."), "Be brief.", "Be brief.\n  "+strings.ReplaceAll(evil, "\n", "\n  "), 1)
	h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), head)
	for _, name := range []string{"prompts/::error::a.yaml", "prompts/b\n::set-output name=x::y.yaml"} {
		h.srv.AddPRFile(githubtest.File{Name: name, Status: "added"})
		h.srv.SetFile(headSHA, name, "name: [unclosed\n"+evil+"\n")
	}
	res := h.mustRun(1)
	if len(res.Report.Findings) == 0 {
		t.Fatal("no findings: the test checks nothing")
	}
	if s := h.stickyComments(); len(s) != 1 || !strings.Contains(s[0].Body, "pwned") {
		t.Errorf("the comment does not show the changed text: the log check saw none of it")
	}
	// The annotations carry the untrusted names and messages, escaped.
	var files []string
	for _, line := range h.annotations("error") {
		m := workflowCommand.FindStringSubmatch(line)
		for _, prop := range strings.Split(m[2], ",") {
			if v, ok := strings.CutPrefix(prop, "file="); ok {
				files = append(files, strings.NewReplacer("%0A", "\n", "%0D", "\r", "%3A", ":", "%2C", ",", "%25", "%").Replace(v))
			}
		}
	}
	for _, want := range []string{"prompts/::error::a.yaml", "prompts/b\n::set-output name=x::y.yaml"} {
		found := false
		for _, f := range files {
			found = found || f == want
		}
		if !found {
			t.Errorf("no error annotation on %q; annotation files %q", want, files)
		}
	}
	// The outputs stay one line each.
	if _, keys, err := parseOutputFile(h.file("GITHUB_OUTPUT")); err != nil || len(keys) != len(Outputs) {
		t.Errorf("GITHUB_OUTPUT: outputs %q, %v; want %d one-line values", keys, err, len(Outputs))
	}
}

func TestEnterpriseURL(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.vars["GITHUB_API_URL"] = h.srv.EnterpriseURL()
	h.addPrompts(1)
	h.mustRun(0)
	reqs := h.srv.Requests()
	if len(reqs) == 0 {
		t.Fatal("no requests")
	}
	for _, r := range reqs {
		if _, p, _ := strings.Cut(r, " "); !strings.HasPrefix(p, "/api/v3/repos/") {
			t.Errorf("request %q is not under /api/v3", r)
		}
	}
	if n := len(h.stickyComments()); n != 1 {
		t.Errorf("%d sticky comments, want 1", n)
	}
}

// TestPullRequestTarget: the config comes from the base side, and a PR
// that changes it is told so.
func TestPullRequestTarget(t *testing.T) {
	h := newHarness(t, "pull_request_target", "webhook-pull_request-opened.json", changedFiles(2))
	const lax = quietConfig + "  version-not-bumped: \"off\"\n"
	// The PR turns the rule off; the workspace holds the PR's config too,
	// as after a checkout of the head.
	h.addModified(".promptlint.yaml", quietConfig, lax)
	h.writeWorkspace(".promptlint.yaml", lax)
	h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.0", "Be brief and kind."))
	res := h.mustRun(1)
	found := false
	for _, f := range res.Report.Findings {
		found = found || f.Rule == "version-not-bumped"
	}
	if !found {
		t.Errorf("version-not-bumped did not fire: the PR's config was obeyed; findings:\n%s", findingsText(res.Report))
	}
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/contents/.promptlint.yaml?ref="+baseSHA); n != 1 {
		t.Errorf("read the base config %d times; requests:\n%s", n, strings.Join(h.srv.Requests(), "\n"))
	}
	// The head's config is read only to show what it would weaken.
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/contents/.promptlint.yaml?ref="+headSHA); n != 1 {
		t.Errorf("read the head's config %d times, want 1", n)
	}
	if len(res.Report.Gate) != 1 || res.Report.Gate[0].Subject != "version-not-bumped" {
		t.Errorf("gate %+v, want the rule the PR turns off", res.Report.Gate)
	}
	// (Markdown escapes the underscores of pull_request_target.)
	const note = "uses the base branch's config and does not obey the change"
	if s := h.stickyComments(); len(s) != 1 || !strings.Contains(s[0].Body, "this PR changes .promptlint.yaml") || !strings.Contains(s[0].Body, note) {
		t.Errorf("the comment does not carry the note %q: %+v", note, s)
	}
	if !strings.Contains(h.file("GITHUB_STEP_SUMMARY"), note) {
		t.Errorf("the summary does not carry the note")
	}
}

func TestNullBody(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened-null-body.json", changedFiles(1))
	// A production prompt, so the checklist reads the (missing) body.
	h.setConfig("rules:\n  commit-message-generic: \"off\"\n")
	h.addPrompts(1)
	res, err := h.run()
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	h.checkLog()
	if len(res.Report.Checklist) == 0 {
		t.Errorf("no checklist: the body was not looked at")
	}
	for _, item := range res.Report.Checklist {
		if item.Status == lint.Attested {
			t.Errorf("item %s attested by a null body", item.ID)
		}
	}
	if n := len(h.stickyComments()); n != 1 {
		t.Errorf("%d sticky comments, want 1", n)
	}
}

// TestRequestBound: a PR with N changed prompt files makes at most
// 2N + (pages of files) + (pages of comments) + 3 requests, with a config
// that needs no reviews or commits.
func TestRequestBound(t *testing.T) {
	for _, n := range []int{1, 5, 50} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			const others = 120 // files that are not prompts
			h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(n+others))
			for i := 0; i < others; i++ {
				h.srv.AddPRFile(githubtest.File{Name: fmt.Sprintf("src/f%03d.go", i), Status: "modified"})
			}
			h.addPrompts(n)
			for i := 0; i < 150; i++ {
				h.srv.AddComment("octocat", "lgtm")
			}
			filePages := (n + others + 99) / 100
			for run := 1; run <= 2; run++ { // create, then edit-or-skip
				h.mustRun(0)
				commentPages := (len(h.srv.Comments()) + 99) / 100
				bound := 2*n + filePages + commentPages + 3 + 2 // + the config (.yaml, else .yml)
				reqs := h.srv.Requests()
				t.Logf("N=%d run %d: %d requests (bound %d)", n, run, len(reqs), bound)
				if len(reqs) > bound {
					t.Errorf("run %d: %d requests, over the bound %d:\n%s", run, len(reqs), bound, strings.Join(reqs, "\n"))
				}
				if got := h.srv.Count("GET", "/repos/Codertocat/Hello-World/contents/prompts/"); got != 2*n {
					t.Errorf("run %d: %d content reads, want %d", run, got, 2*n)
				}
			}
		})
	}
}

func TestMissingCommandFiles(t *testing.T) {
	t.Run("unset", func(t *testing.T) {
		h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
		delete(h.vars, "GITHUB_OUTPUT")
		delete(h.vars, "GITHUB_STEP_SUMMARY")
		h.addPrompts(1)
		h.mustRun(0)
		for _, want := range []string{"GITHUB_OUTPUT is not set", "GITHUB_STEP_SUMMARY is not set"} {
			if !strings.Contains(h.stderr.String(), want) {
				t.Errorf("the log does not say %q", want)
			}
		}
	})
	t.Run("unwritable", func(t *testing.T) {
		h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
		h.vars["GITHUB_OUTPUT"] = filepath.Join(h.dir, "no", "such", "dir", "output")
		h.vars["GITHUB_STEP_SUMMARY"] = filepath.Join(h.dir, "no", "such", "dir", "summary")
		h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.0", "Be kind."))
		h.mustRun(1)
		if w := h.annotations("warning"); len(w) != 2 {
			t.Errorf("warnings %q, want two (outputs, summary)", w)
		}
	})
	t.Run("RUNNER_TEMP not mounted", func(t *testing.T) {
		// A Docker action gets the host's RUNNER_TEMP, which does not
		// exist in the container.
		h := newHarness(t, "workflow_dispatch", "webhook-pull_request-opened.json", nil)
		h.vars["RUNNER_TEMP"] = filepath.Join(h.dir, "not-mounted")
		h.mustRun(0)
		if o := h.outputs(); o["report"] != ReportName {
			t.Errorf("report = %q, want %q (relative to the workspace)", o["report"], ReportName)
		}
		if _, err := os.Stat(filepath.Join(h.vars["GITHUB_WORKSPACE"], ReportName)); err != nil {
			t.Errorf("no report in the workspace: %v", err)
		}
	})
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct{ name, key, value string }{
		{"fail-on", "INPUT_FAIL-ON", "sometimes"},
		{"comment", "INPUT_COMMENT", "loudly"},
		{"review-threshold", "INPUT_REVIEW-THRESHOLD", "2"},
		{"only-new", "INPUT_ONLY-NEW", "yes"},
		{"working-directory", "INPUT_WORKING-DIRECTORY", "../elsewhere"},
		{"suggestions", "INPUT_SUGGESTIONS", "maybe"},
		{"files", "INPUT_FILES", "prompts/[oops"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
			h.vars[tc.key] = tc.value + "\n::error::x"
			_, err := h.run()
			var ue *lint.UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("Run: %v, want a usage error", err)
			}
			if strings.Contains(err.Error(), "\n") || strings.HasPrefix(err.Error(), "::") {
				t.Errorf("error message is not one inert line: %q", err.Error())
			}
		})
	}
}

func TestSetOutputsOneLineEach(t *testing.T) {
	p := filepath.Join(t.TempDir(), "output")
	getenv := func(k string) string {
		if k == "GITHUB_OUTPUT" {
			return p
		}
		return ""
	}
	r := &run{getenv: getenv, gha: githubactions.New(githubactions.WithGetenv(getenv), githubactions.WithWriter(io.Discard))}
	r.setOutputs(map[string]string{
		"report":      "x\n" + outputDelimiter + "\nerrors<<" + outputDelimiter + "\n999",
		"comment-url": "a\r\nb\u2028c",
	})
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	m, order, err := parseOutputFile(string(data))
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if strings.Join(order, " ") != strings.Join(Outputs, " ") {
		t.Errorf("outputs %q, want %q", order, Outputs)
	}
	if len(m) != len(Outputs) || strings.Contains(m["report"], outputDelimiter) || m["errors"] == "999" {
		t.Errorf("a value forged another output: %q", m)
	}
}

func TestSetOutputsUnwritableIsAWarning(t *testing.T) {
	getenv := func(k string) string {
		if k == "GITHUB_OUTPUT" {
			return filepath.Join(t.TempDir(), "missing-dir", "output")
		}
		return ""
	}
	var log bytes.Buffer
	r := &run{getenv: getenv, log: &log, out: &log, gha: githubactions.New(githubactions.WithGetenv(getenv), githubactions.WithWriter(&log))}
	r.setOutputs(map[string]string{"errors": "1"}) // must not panic
	if !strings.Contains(log.String(), "could not write the step outputs") {
		t.Errorf("no warning: %q", log.String())
	}
}

func TestTokenNeverPrinted(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.0", "Be kind."))
	h.srv.FailNext("GET", "/repos/Codertocat/Hello-World/pulls/2/files", 500, nil, 1)
	h.srv.FailNext("POST", "", 403, nil, 1)
	h.mustRun(1) // checkLog looks for the token everywhere
	if first := strings.SplitN(h.stdout.String(), "\n", 2)[0]; first != "::add-mask::"+token {
		t.Errorf("first stdout line %q, want the mask", first)
	}
	// An API error: the run fails, and still says nothing of the token.
	h.srv.FailNext("GET", "/repos/Codertocat/Hello-World/compare/", 401, nil, 1)
	_, err := h.run()
	if err == nil {
		t.Fatal("Run succeeded after a 401")
	}
	if strings.Contains(err.Error(), token) {
		t.Errorf("the error shows the token: %v", err)
	}
	h.checkLog()
}

// TestLargeFiles: a prompt over 1 MB comes from the blobs API; one over
// max_file_size is refused before it is downloaded.
func TestLargeFiles(t *testing.T) {
	big := prompt("answer", "1.0.1", "Be brief and kind.") + "# " + strings.Repeat("padding ", 1<<17) + "\n" // over 1 MiB
	for _, tc := range []struct {
		name      string
		maxSize   int
		wantBlobs int
		wantRule  string
	}{
		{"within max_file_size", 4 << 20, 1, ""},
		{"over max_file_size", 64 << 10, 0, "parse-error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
			h.setConfig(quietConfig + fmt.Sprintf("max_file_size: %d\n", tc.maxSize))
			h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), big)
			if len(big) <= githubtest.MaxContentSize {
				t.Fatalf("the big prompt is %d bytes, not over the contents API's limit", len(big))
			}
			res, err := h.run()
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/git/blobs/"); n != tc.wantBlobs {
				t.Errorf("%d blob reads, want %d", n, tc.wantBlobs)
			}
			var rules []string
			for _, f := range res.Report.Findings {
				rules = append(rules, f.Rule)
			}
			has := strings.Contains(" "+strings.Join(rules, " ")+" ", " parse-error ")
			if has != (tc.wantRule == "parse-error") {
				t.Errorf("findings %v; want parse-error: %v", rules, tc.wantRule != "")
			}
			if tc.wantRule == "" && (len(res.Report.Prompts) != 1 || res.Report.Prompts[0].Prompt == nil || res.Report.Prompts[0].Prompt.Version != "1.0.1") {
				t.Errorf("the big prompt was not read from its blob: %+v", res.Report.Prompts)
			}
		})
	}
}

// TestRequestBoundWithDefaultConfig holds the bound with the default
// config, where prompts with no environment show production's checklist as
// advice, which needs the reviews (team-reviewed), and
// commit-message-generic needs the commits: the commits come with the
// comparison, so only the reviews cost a request. The advisory checklist
// fails nothing, and the generic commit is a warning: exit 0.
func TestRequestBoundWithDefaultConfig(t *testing.T) {
	for _, n := range []int{1, 50} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(n))
			h.removeConfig()
			h.addPrompts(n)
			h.srv.AddCommit(githubtest.Commit{SHA: strings.Repeat("a", 40), Message: "fix", Author: "octocat", Paths: []string{"prompts/answer_000.yaml"}},
				githubtest.Commit{SHA: strings.Repeat("b", 40), Message: "Ask for a friendlier tone in the answer prompts", Author: "octocat"})
			h.mustRun(0) // the checklist is advisory: no environment is assigned
			// + the config (.yaml, else .yml) + the files of the one
			// commit with a generic message + the listing of review
			// comments, where suggested changes look for earlier ones.
			bound := 2*n + (n+99)/100 + (len(h.srv.Comments())+99)/100 + 3 + 2 + 1 + 1
			if reqs := h.srv.Requests(); len(reqs) > bound {
				t.Errorf("%d requests, over the bound %d:\n%s", len(reqs), bound, strings.Join(reqs, "\n"))
			}
			if got := h.srv.Count("GET", "/repos/Codertocat/Hello-World/pulls/2/commits"); got != 0 {
				t.Errorf("the PR commits API was asked %d times; the comparison lists the commits", got)
			}
			if got := h.srv.Count("GET", "/repos/Codertocat/Hello-World/pulls/2/reviews"); got != 1 {
				t.Errorf("the reviews were asked %d times, want 1", got)
			}
			if !strings.Contains(h.stdout.String(), "commit aaaaaaa") {
				t.Errorf("commit-message-generic did not name the generic commit:\n%s", h.stdout.String())
			}
		})
	}
}

// TestCommitsFallBackToThePRCommitsAPI covers a comparison that lists
// fewer commits than it counts (more than 250, or a terse server).
func TestCommitsFallBackToThePRCommitsAPI(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.removeConfig()
	h.srv.CompareWithoutCommits()
	h.addPrompts(1)
	h.srv.AddCommit(githubtest.Commit{SHA: strings.Repeat("c", 40), Message: "wip", Author: "octocat", Paths: []string{"prompts/answer_000.yaml"}})
	h.mustRun(0) // a warning, and an advisory checklist
	if got := h.srv.Count("GET", "/repos/Codertocat/Hello-World/pulls/2/commits"); got != 1 {
		t.Errorf("the PR commits API was asked %d times, want 1", got)
	}
	if !strings.Contains(h.stdout.String(), "commit ccccccc") {
		t.Errorf("commit-message-generic did not name the generic commit:\n%s", h.stdout.String())
	}
}

// TestCompareNotFoundFallsBackToBaseSHA: when GitHub cannot compare the
// PR's range, the old side is base.sha, and the report says so.
func TestCompareNotFoundFallsBackToBaseSHA(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.addPrompts(1)
	h.srv.FailNext("GET", "/repos/Codertocat/Hello-World/compare/", http.StatusNotFound, nil, 1)
	h.mustRun(0)
	if got := h.srv.Count("GET", "/repos/Codertocat/Hello-World/contents/prompts/"); got != 2 {
		t.Errorf("%d content reads, want 2 (base and head)", got)
	}
	if c := h.stickyComments(); len(c) != 1 || !strings.Contains(c[0].Body, "rather than the merge base") {
		t.Errorf("the comment does not say the merge base was not used: %+v", c)
	}
}

// TestListedFileMissingAtHeadIsNoted: a prompt file the PR lists but the
// contents API cannot find at the head is said in the comment, not skipped
// in silence.
func TestListedFileMissingAtHeadIsNoted(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.srv.AddPRFile(githubtest.File{Name: "prompts/ghost.yaml", Status: "added"})
	h.mustRun(0)
	if c := h.stickyComments(); len(c) != 1 || !strings.Contains(c[0].Body, "ghost.yaml") || !strings.Contains(c[0].Body, "was not checked") {
		t.Errorf("the comment does not mention the unreadable file: %+v", c)
	}
}

// TestReviewsAndCommitsUnreadable: a token or server that refuses the
// reviews or commits endpoints leaves those checks unverified, with a
// note, instead of failing the whole run.
func TestReviewsAndCommitsUnreadable(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.removeConfig()
	h.srv.CompareWithoutCommits()
	h.srv.AddCommit(githubtest.Commit{SHA: strings.Repeat("d", 40), Message: "wip"})
	h.addPrompts(1)
	h.srv.FailNext("GET", "/repos/Codertocat/Hello-World/pulls/2/reviews", http.StatusNotFound, nil, 1)
	h.srv.FailNext("GET", "/repos/Codertocat/Hello-World/pulls/2/commits", http.StatusForbidden, nil, 1)
	h.mustRun(0) // the checklist is advisory (no environment): nothing fails
	c := h.stickyComments()
	if len(c) != 1 {
		t.Fatalf("%d sticky comments, want 1", len(c))
	}
	for _, want := range []string{"could not read the PR's reviews", "could not read the PR's commits"} {
		if !strings.Contains(c[0].Body, want) {
			t.Errorf("the comment does not say %q", want)
		}
	}
}

// TestNoPromptFilesNoComparison: a PR that touches no prompt file needs
// neither the merge base nor any content.
func TestNoPromptFilesNoComparison(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(2))
	h.srv.AddPRFile(githubtest.File{Name: "README.md", Status: "modified"}, githubtest.File{Name: "src/main.go", Status: "modified"})
	h.mustRun(0)
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/compare/"); n != 0 {
		t.Errorf("%d compare requests for a PR without prompts, want 0", n)
	}
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/contents/"); n != 1 {
		t.Errorf("%d content reads for a PR without prompts, want 1 (the config)", n)
	}
}

// TestOnlyNewInput: a PR that keeps a finding its base already had fails
// by default, passes with the only-new input (still reporting the finding
// as pre-existing), and the input's false overrides a config that turns
// only_new on.
func TestOnlyNewInput(t *testing.T) {
	// The template uses {order_id}, which the prompt does not declare:
	// variable-undefined, an error, on both sides.
	withUndeclared := func(version, sentence string) string {
		return strings.Replace(prompt("answer", version, sentence), "Question: {customer_question}", "Question: {customer_question} about order {order_id}", 1)
	}
	for _, tc := range []struct {
		name, config, input string
		want                int
	}{
		{"default", quietConfig, "", 1},
		{"input on", quietConfig, "true", 0},
		{"input on, any case", quietConfig, "True", 0},
		{"config on", quietConfig + "only_new: true\n", "", 0},
		{"input off overrides the config", quietConfig + "only_new: true\n", "false", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
			h.setConfig(tc.config)
			h.srv.SetFile(baseSHA, ".promptlint.yaml", tc.config)
			h.addModified("prompts/answer.yaml", withUndeclared("1.0.0", "Be brief."), withUndeclared("1.0.1", "Be brief and kind."))
			if tc.input != "" {
				h.vars["INPUT_ONLY-NEW"] = tc.input
			}
			res := h.mustRun(tc.want)
			var found bool
			for _, f := range res.Report.Findings {
				if f.Rule == "variable-undefined" {
					found = true
					if !f.Preexisting {
						t.Errorf("%s is not marked pre-existing", f)
					}
				}
			}
			if !found {
				t.Fatalf("no variable-undefined finding; findings:\n%s", findingsText(res.Report))
			}
		})
	}
}
