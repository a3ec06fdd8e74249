package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/promptlint/promptlint/lint/action"
	"github.com/promptlint/promptlint/lint/github"
	"github.com/promptlint/promptlint/lint/github/githubtest"
)

// The end-to-end tests run `promptlint action` the way GitHub's runner
// runs a Docker container action (actions/runner's ContainerActionHandler
// and DockerCommandManager): in a root that holds only what the image
// holds (/promptlint and the CA bundle) plus the runner's mount points,
// with the workspace at /github/workspace, the event at
// /github/workflow/event.json, the file commands under
// /github/file_commands, HOME=/github/home, a RUNNER_TEMP that names a
// host path absent from the container, and the inputs as INPUT_<NAME>
// with hyphens kept. The binary is built with the Dockerfile's build
// step, and runs under chroot in its own mount namespace (unshare
// --mount), so nothing it does leaks to the host; the fake GitHub API
// listens on 127.0.0.1.

// The runner's paths inside the container.
const (
	ctrWorkspace = "/github/workspace"
	ctrHome      = "/github/home"
	ctrWorkflow  = "/github/workflow"
	ctrCommands  = "/github/file_commands"
	hostTemp     = "/home/runner/work/_temp" // RUNNER_TEMP: the host's, not mounted
)

// container is one job's container: its root on disk, the fake API and
// the environment the runner passes.
type container struct {
	t    *testing.T
	root string
	srv  *githubtest.Server
	env  map[string]string
}

// requireChroot fails the test when it cannot run a chroot in a mount
// namespace: CI runs as root, so a missing tool is a broken CI, not a
// reason to skip.
func requireChroot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Fatalf("the end-to-end tests chroot, which needs root (euid %d); CI runs them as root", os.Geteuid())
	}
	for _, tool := range []string{"unshare", "chroot"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the end-to-end tests need %s (util-linux, coreutils): %v", tool, err)
		}
	}
	if out, err := exec.Command("unshare", "--mount", "--propagation", "private", "--", "true").CombinedOutput(); err != nil {
		t.Fatalf("unshare --mount does not work here: %v\n%s", err, out)
	}
}

// newContainer lays out the image's root with the runner's mount points,
// and an event payload from fixture, edited.
func newContainer(t *testing.T, bin, event, fixture string, edit func(ev map[string]any)) *container {
	t.Helper()
	c := &container{t: t, root: t.TempDir(), srv: githubtest.NewServer(t)}
	c.srv.RequireToken(binToken)
	// What the image holds: the binary and the CA bundle, nothing else.
	// The binary is linked, not copied, when the file system allows it:
	// ten containers would write it ten times.
	if err := os.Link(bin, filepath.Join(c.root, "promptlint")); err != nil {
		copyFile(t, bin, filepath.Join(c.root, "promptlint"), 0o755)
	}
	copyFile(t, "/etc/ssl/certs/ca-certificates.crt", filepath.Join(c.root, "etc/ssl/certs/ca-certificates.crt"), 0o644)
	// The runner's mount points.
	for _, d := range []string{ctrWorkspace, ctrHome, ctrWorkflow, ctrCommands} {
		if err := os.MkdirAll(c.path(d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	fixtures, err := githubtest.FixturesDir()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(fixtures, fixture))
	if err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal(data, &ev); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(ev)
	}
	out, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	c.write(ctrWorkflow+"/event.json", string(out))
	c.env = map[string]string{
		"HOME":                ctrHome,
		"CI":                  "true",
		"GITHUB_ACTIONS":      "true",
		"GITHUB_EVENT_NAME":   event,
		"GITHUB_EVENT_PATH":   ctrWorkflow + "/event.json",
		"GITHUB_WORKSPACE":    ctrWorkspace,
		"GITHUB_OUTPUT":       ctrCommands + "/set_output_1b2c",
		"GITHUB_STEP_SUMMARY": ctrCommands + "/step_summary_1b2c",
		"GITHUB_ENV":          ctrCommands + "/set_env_1b2c",
		"GITHUB_PATH":         ctrCommands + "/add_path_1b2c",
		"GITHUB_STATE":        ctrCommands + "/save_state_1b2c",
		"GITHUB_REPOSITORY":   "Codertocat/Hello-World",
		"GITHUB_API_URL":      c.srv.URL,
		"GITHUB_SERVER_URL":   "https://github.com",
		"GITHUB_RUN_ID":       "7",
		"RUNNER_TEMP":         hostTemp,
		"RUNNER_OS":           "Linux",
		"PATH":                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", // Docker's default
		// action.yml's inputs, as the runner passes them: every one, the
		// defaults filled in, the names upper-cased with hyphens kept.
		"INPUT_GITHUB-TOKEN":      binToken,
		"INPUT_CONFIG":            "",
		"INPUT_FILES":             "",
		"INPUT_FAIL-ON":           "error",
		"INPUT_COMMENT":           "on-change",
		"INPUT_REVIEW-THRESHOLD":  "",
		"INPUT_SARIF-FILE":        "",
		"INPUT_WORKING-DIRECTORY": "",
	}
	return c
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	// A process another test forks while this file is open for writing
	// holds the descriptor until it execs, and running the copied binary
	// then fails with "text file busy" (golang.org/issue/22315). os/exec
	// forks under syscall.ForkLock, so no fork happens while it is held.
	syscall.ForkLock.Lock()
	err = os.WriteFile(to, data, mode)
	syscall.ForkLock.Unlock()
	if err != nil {
		t.Fatal(err)
	}
}

// path is the host path of a path inside the container.
func (c *container) path(p string) string { return filepath.Join(c.root, filepath.FromSlash(p)) }

func (c *container) write(p, content string) {
	c.t.Helper()
	if err := os.MkdirAll(filepath.Dir(c.path(p)), 0o755); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(c.path(p), []byte(content), 0o644); err != nil {
		c.t.Fatal(err)
	}
}

func (c *container) read(p string) string {
	c.t.Helper()
	data, err := os.ReadFile(c.path(p))
	if err != nil {
		c.t.Fatalf("reading %s in the container: %v", p, err)
	}
	return string(data)
}

// run runs `promptlint action` as the runner does: the image's entry
// point, in its own mount namespace, chrooted into the image's root. No
// shell is involved, so the hyphenated input names reach the binary.
func (c *container) run() (code int, stdout, stderr string) {
	c.t.Helper()
	for _, f := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"} {
		os.Remove(c.path(c.env[f]))
		c.write(c.env[f], "") // the runner creates the file command files
	}
	chroot, err := exec.LookPath("chroot")
	if err != nil {
		c.t.Fatal(err)
	}
	cmd := exec.Command("unshare", "--mount", "--propagation", "private", "--", chroot, c.root, "/promptlint", "action")
	cmd.Dir = "/"
	for k, v := range c.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatalf("running the container: %v", err)
	}
	stdout, stderr = out.String(), errb.String()
	c.checkLog(stdout, stderr)
	return code, stdout, stderr
}

// checkLog holds for every run: the log's first visible line names the
// version, the token is only ever masked, and no line shows a path of the
// test's machine.
func (c *container) checkLog(stdout, stderr string) {
	c.t.Helper()
	lines := strings.Split(stdout, "\n")
	if len(lines) < 2 || lines[0] != "::add-mask::"+binToken || !strings.HasPrefix(lines[1], "promptlint "+e2eVersion+" (linux/") {
		c.t.Errorf("the log starts %q; want the mask, then the version", lines[:min(2, len(lines))])
	}
	for _, l := range append(lines[1:], strings.Split(stderr, "\n")...) {
		if strings.Contains(l, binToken) {
			c.t.Errorf("a log line shows the token: %q", l)
		}
		if strings.Contains(l, c.root) || strings.Contains(l, "/github/") {
			c.t.Errorf("a log line shows a container or host path the user never sees: %q", l)
		}
	}
}

// outputs parses the GITHUB_OUTPUT file, insisting on every output.
func (c *container) outputs() map[string]string {
	c.t.Helper()
	const delim = "_GitHubActionsFileCommandDelimeter_"
	text := c.read(c.env["GITHUB_OUTPUT"])
	got := map[string]string{}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for i := 0; i+2 < len(lines); i += 3 {
		name, d, ok := strings.Cut(lines[i], "<<")
		if !ok || d != delim || lines[i+2] != delim {
			c.t.Fatalf("GITHUB_OUTPUT line %d is not a one-line heredoc value:\n%s", i+1, text)
		}
		got[name] = lines[i+1]
	}
	for _, name := range action.Outputs {
		if _, ok := got[name]; !ok {
			c.t.Errorf("GITHUB_OUTPUT has no %s:\n%s", name, text)
		}
	}
	return got
}

// e2ePrompt is a prompt file in promptlint's YAML format.
func e2ePrompt(name, version, sentence, extra string) string {
	return fmt.Sprintf("name: %s\nversion: %s\ndescription: Answers a customer's question.\nvariables:\n  customer_question: null\ntemplate: |\n  You are a support agent for Acme. %s\n\n  Question: {customer_question}\nchangelog:\n  - version: %s\n    date: 2026-01-02\n    changes: %s\n%s", name, version, sentence, version, sentence, extra)
}

// The fixtures' pull request.
const (
	e2eBaseSHA = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"
	e2eHeadSHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
)

// modified makes p a file the PR modifies, with its base and head.
func (c *container) modified(p, base, head string) {
	c.srv.AddPRFile(githubtest.File{Name: p, Status: "modified", Additions: 1, Deletions: 1})
	c.srv.SetFile(e2eBaseSHA, p, base)
	c.srv.SetFile(e2eHeadSHA, p, head)
}

func prPayload(n int) func(map[string]any) {
	return func(ev map[string]any) { ev["pull_request"].(map[string]any)["changed_files"] = n }
}

// findingLines returns the annotation lines of the log with the rule in
// their title.
func findingLines(stdout, rule string) []string {
	var out []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "::") && strings.Contains(l, "title="+rule+"::") {
			out = append(out, l)
		}
	}
	return out
}

func TestContainerAction(t *testing.T) {
	t.Parallel()
	requireChroot(t)
	bin := buildBinary(t)

	t.Run("no checkout, the repository's config", func(t *testing.T) {
		c := newContainer(t, bin, "pull_request", "webhook-pull_request-opened.json", prPayload(2))
		// The config, only in the repository: it makes description-missing
		// an error and assigns an environment.
		c.srv.SetFile(e2eHeadSHA, ".promptlint.yaml", "default_environment: development\nrules:\n  description-missing: error\n")
		c.modified("prompts/answer.yaml", e2ePrompt("answer", "1.0.0", "Be brief.", ""),
			strings.Replace(e2ePrompt("answer", "1.0.1", "Be brief and kind.", ""), "description: Answers a customer's question.\n", "", 1))
		code, stdout, stderr := c.run()
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
		}
		if got := findingLines(stdout, "description-missing"); len(got) != 1 || !strings.HasPrefix(got[0], "::error ") {
			t.Errorf("description-missing annotations %q, want one error (the repository's config)", got)
		}
		if !strings.Contains(stderr, "promptlint: config .promptlint.yaml at ec26c3e (the PR head)") {
			t.Errorf("the log does not name the config:\n%s", stderr)
		}
		o := c.outputs()
		if o["errors"] != "1" || o["report"] != action.ReportName {
			t.Errorf("outputs %v; want 1 error and the report in the workspace (RUNNER_TEMP is not mounted)", o)
		}
		if data := c.read(ctrWorkspace + "/" + action.ReportName); !json.Valid([]byte(data)) {
			t.Errorf("the report is not JSON")
		}
		if comments := c.srv.Comments(); len(comments) != 1 || !github.IsSticky(comments[0].Body) || o["comment-url"] != comments[0].HTMLURL {
			t.Errorf("comments %+v, comment-url %q; want the sticky comment", comments, o["comment-url"])
		}
		if s := c.read(c.env["GITHUB_STEP_SUMMARY"]); !strings.Contains(s, "description-missing") {
			t.Errorf("the summary has no findings:\n%s", s)
		}
	})

	t.Run("working-directory without checkout", func(t *testing.T) {
		c := newContainer(t, bin, "pull_request", "webhook-pull_request-opened.json", prPayload(2))
		c.env["INPUT_WORKING-DIRECTORY"] = "services/support"
		c.srv.SetFile(e2eHeadSHA, "services/support/.promptlint.yaml", "default_environment: development\n")
		c.modified("services/support/prompts/answer.yaml", e2ePrompt("answer", "1.0.0", "Be brief.", ""), e2ePrompt("answer", "1.0.0", "Be brief and kind.", ""))
		c.modified("prompts/elsewhere.yaml", e2ePrompt("elsewhere", "1.0.0", "Be brief.", ""), e2ePrompt("elsewhere", "1.0.0", "Be kind.", ""))
		code, stdout, stderr := c.run()
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
		}
		got := findingLines(stdout, "version-not-bumped")
		if len(got) != 1 || !strings.Contains(got[0], "file=services/support/prompts/answer.yaml,") {
			t.Errorf("version-not-bumped annotations %q, want one on services/support/prompts/answer.yaml only", got)
		}
		if !strings.Contains(stderr, "config services/support/.promptlint.yaml at ec26c3e") {
			t.Errorf("the log does not name the working directory's config:\n%s", stderr)
		}
		if o := c.outputs(); o["report"] != "services/support/"+action.ReportName {
			t.Errorf("report output %q", o["report"])
		}
	})

	t.Run("brace glob in files", func(t *testing.T) {
		c := newContainer(t, bin, "pull_request", "webhook-pull_request-opened.json", prPayload(2))
		c.srv.SetFile(e2eHeadSHA, ".promptlint.yaml", "default_environment: development\n")
		c.env["INPUT_FILES"] = "llm/**/*.{yaml,yml}\n"
		c.modified("llm/support/answer.yml", e2ePrompt("answer", "1.0.0", "Be brief.", ""), e2ePrompt("answer", "1.0.0", "Be brief and kind.", ""))
		c.modified("llm/support/greet.yaml", e2ePrompt("greet", "1.0.0", "Be brief.", ""), e2ePrompt("greet", "1.0.1", "Be warm.", ""))
		code, stdout, stderr := c.run()
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
		}
		if o := c.outputs(); o["changed-prompts"] != "2" {
			t.Errorf("changed-prompts %q, want 2: both extensions of the brace glob", o["changed-prompts"])
		}

		c.env["INPUT_FILES"] = "agents/**/*.{prompt,prompty}"
		code, stdout, _ = c.run()
		if code != 0 || !strings.Contains(stdout, "::notice::none of the 2 files this PR changes matches the prompt globs `agents/**/*.{prompt,prompty}`") {
			t.Errorf("exit %d; the log does not say which globs were tried:\n%s", code, stdout)
		}
		if s := c.read(c.env["GITHUB_STEP_SUMMARY"]); !strings.Contains(s, "agents/") {
			t.Errorf("the summary does not say which globs were tried:\n%s", s)
		}
	})

	t.Run("SARIF in a new folder", func(t *testing.T) {
		c := newContainer(t, bin, "pull_request", "webhook-pull_request-opened.json", prPayload(1))
		c.srv.SetFile(e2eHeadSHA, ".promptlint.yaml", "default_environment: development\n")
		c.env["INPUT_SARIF-FILE"] = "reports/code-scanning/promptlint.sarif"
		c.modified("prompts/answer.yaml", e2ePrompt("answer", "1.0.0", "Be brief.", ""), e2ePrompt("answer", "1.0.0", "Be brief and kind.", ""))
		code, stdout, stderr := c.run()
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
		}
		var sarif struct {
			Runs []struct {
				Tool struct {
					Driver struct {
						Version string `json:"version"`
					} `json:"driver"`
				} `json:"tool"`
				Results []any `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(c.read(ctrWorkspace+"/reports/code-scanning/promptlint.sarif")), &sarif); err != nil {
			t.Fatalf("SARIF: %v", err)
		}
		if len(sarif.Runs) != 1 || sarif.Runs[0].Tool.Driver.Version != e2eVersion || len(sarif.Runs[0].Results) == 0 {
			t.Errorf("SARIF runs %+v; want the version %s and the findings", sarif.Runs, e2eVersion)
		}
	})

	t.Run("push without checkout", func(t *testing.T) {
		c := newContainer(t, bin, "push", "webhook-push-new-branch.json", func(ev map[string]any) {
			ev["before"], ev["after"], ev["created"] = e2eBaseSHA, e2eHeadSHA, false
		})
		c.srv.SetFile(e2eHeadSHA, ".promptlint.yaml", "default_environment: production\n")
		c.modified("prompts/answer.yaml", e2ePrompt("answer", "1.0.0", "Be brief.", ""), e2ePrompt("answer", "1.0.0", "Be brief and kind.", ""))
		code, stdout, stderr := c.run()
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
		}
		if got := findingLines(stdout, "version-not-bumped"); len(got) != 1 {
			t.Errorf("version-not-bumped annotations %q, want one: the push compared before...after", got)
		}
		if strings.Contains(stdout, "title=checklist-") {
			t.Errorf("a push reported checklist items:\n%s", stdout)
		}
		if n := c.srv.Count("GET", "/repos/Codertocat/Hello-World/compare/"+e2eBaseSHA+"..."+e2eHeadSHA); n != 1 {
			t.Errorf("compared before...after %d times", n)
		}
		if len(c.srv.Comments()) != 0 {
			t.Errorf("a push commented")
		}
	})

	t.Run("invalid input", func(t *testing.T) {
		c := newContainer(t, bin, "pull_request", "webhook-pull_request-opened.json", prPayload(1))
		c.env["INPUT_FAIL-ON"] = "warnings"
		code, stdout, stderr := c.run()
		if code != 2 {
			t.Fatalf("exit %d, want 2\n%s\n%s", code, stdout, stderr)
		}
		if !strings.Contains(stdout, "\n::error::input fail-on: \"warnings\" is not one of error, warning, notice or none\n") {
			t.Errorf("no ::error:: annotation naming the input and its values:\n%s", stdout)
		}
		if o := c.outputs(); o["errors"] != "" || o["report"] != "" {
			t.Errorf("outputs %v, want every output, empty", o)
		}
		if len(c.srv.Requests()) != 0 {
			t.Errorf("an invalid input still called the API: %v", c.srv.Requests())
		}
	})

	// The gate: a PR that weakens its own checks is shown in its own
	// comment section and recorded as gate-weakened findings.
	const teamConfig = "default_environment: production\nenvironments:\n  production:\n    requires: [semver]\nrules:\n  gate-weakened: error\n"
	gate := func(t *testing.T, setup func(c *container), want string) {
		c := newContainer(t, bin, "pull_request", "webhook-pull_request-opened.json", prPayload(2))
		c.srv.SetFile(e2eBaseSHA, ".promptlint.yaml", teamConfig)
		c.srv.SetFile(e2eHeadSHA, ".promptlint.yaml", teamConfig)
		setup(c)
		code, stdout, stderr := c.run()
		if code != 1 {
			t.Fatalf("exit %d, want 1 (gate-weakened is an error in the base config)\n%s\n%s", code, stdout, stderr)
		}
		got := findingLines(stdout, "gate-weakened")
		if len(got) != 1 || !strings.HasPrefix(got[0], "::error ") || !strings.Contains(got[0], want) {
			t.Errorf("gate-weakened annotations %q, want one error saying %q", got, want)
		}
		comments := c.srv.Comments()
		if len(comments) != 1 || !strings.Contains(comments[0].Body, "#### ⚠️ This change weakens the gate") {
			t.Fatalf("comments %+v, want one with the gate section", comments)
		}
		if body := comments[0].Body; !strings.Contains(body[strings.Index(body, "weakens the gate"):], want) {
			t.Errorf("the gate section does not say %q:\n%s", want, body)
		}
	}
	t.Run("PR disables a rule in the file", func(t *testing.T) {
		gate(t, func(c *container) {
			c.modified("prompts/answer.yaml", e2ePrompt("answer", "1.0.0", "Be brief.", ""),
				e2ePrompt("answer", "1.0.1", "Be brief and kind.", "promptlint:\n  disable: [variable-unused]\n"))
		}, `the prompt file now disables rule "variable-unused"`)
	})
	t.Run("PR downgrades a prompt's environment", func(t *testing.T) {
		gate(t, func(c *container) {
			c.modified("prompts/answer.yaml", e2ePrompt("answer", "1.0.0", "Be brief.", ""),
				e2ePrompt("answer", "1.0.1", "Be brief and kind.", "environment: development\n"))
		}, `the prompt moves from environment "production" to "development", which does not require "semver"`)
	})
	t.Run("PR turns a rule off in .promptlint.yaml", func(t *testing.T) {
		gate(t, func(c *container) {
			c.srv.AddPRFile(githubtest.File{Name: ".promptlint.yaml", Status: "modified"})
			c.srv.SetFile(e2eHeadSHA, ".promptlint.yaml", teamConfig+"  version-not-bumped: \"off\"\n")
			c.modified("prompts/answer.yaml", e2ePrompt("answer", "1.0.0", "Be brief.", ""), e2ePrompt("answer", "1.0.0", "Be brief and kind.", ""))
		}, `rule "version-not-bumped" is turned off (was error) in the configuration`)
	})
}

// TestContainerRootHoldsOnlyTheImage: the layout the tests run in is the
// image's (the binary and the CA bundle) plus the runner's mount points.
func TestContainerRootHoldsOnlyTheImage(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "promptlint")
	if err := os.WriteFile(bin, []byte("#!"), 0o755); err != nil {
		t.Fatal(err)
	}
	c := newContainer(t, bin, "pull_request", "webhook-pull_request-opened.json", nil)
	var files []string
	err := filepath.Walk(c.root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			rel, _ := filepath.Rel(c.root, p)
			files = append(files, "/"+filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "/etc/ssl/certs/ca-certificates.crt /github/workflow/event.json /promptlint"
	if got := strings.Join(files, " "); got != want {
		t.Errorf("the root holds %s, want %s", got, want)
	}
}
