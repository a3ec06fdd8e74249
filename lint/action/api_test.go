package action

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/github/githubtest"
)

// noCheckout empties the workspace, as a job without actions/checkout
// leaves it.
func (h *harness) noCheckout() {
	h.t.Helper()
	ws := h.vars["GITHUB_WORKSPACE"]
	if err := os.RemoveAll(ws); err != nil {
		h.t.Fatal(err)
	}
	if err := os.MkdirAll(ws, 0o755); err != nil {
		h.t.Fatal(err)
	}
}

func rules(rep *lint.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.Rule)
	}
	return out
}

func hasRule(rep *lint.Report, id string) bool {
	for _, r := range rules(rep) {
		if r == id {
			return true
		}
	}
	return false
}

// TestConfigThroughTheAPI: without a checkout the repository's config at
// the PR head governs the run, and the log names it.
func TestConfigThroughTheAPI(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.noCheckout()
	h.setConfigAt(headSHA, quietConfig+"  version-not-bumped: warning\n")
	h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.0", "Be brief and kind."))
	res := h.mustRun(0) // version-not-bumped is a warning in the repo's config
	if !hasRule(res.Report, "version-not-bumped") || res.Report.Summary().Warnings == 0 {
		t.Errorf("findings %v, want version-not-bumped as a warning", rules(res.Report))
	}
	if !strings.Contains(h.stderr.String(), "promptlint: config .promptlint.yaml at ec26c3e (the PR head)") {
		t.Errorf("the log does not name the config:\n%s", h.stderr.String())
	}

	h.srv.RemoveFile(headSHA, ".promptlint.yaml")
	h.mustRun(1)
	if !strings.Contains(h.stderr.String(), "promptlint: no .promptlint.yaml or .promptlint.yml at ec26c3e (the PR head); the defaults apply") {
		t.Errorf("the log does not say the defaults apply:\n%s", h.stderr.String())
	}
}

func (h *harness) setConfigAt(ref, content string) {
	h.srv.SetFile(ref, ".promptlint.yaml", content)
}

// TestWorkingDirectoryWithoutCheckout: the config and the prompts come
// from the working directory, through the API.
func TestWorkingDirectoryWithoutCheckout(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(2))
	h.noCheckout()
	h.srv.RemoveFile(headSHA, ".promptlint.yaml")
	h.vars["INPUT_WORKING-DIRECTORY"] = "svc"
	h.srv.SetFile(headSHA, "svc/.promptlint.yaml", quietConfig)
	h.addModified("svc/prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.0", "Be brief and kind."))
	h.addModified("prompts/other.yaml", prompt("other", "1.0.0", "Be brief."), prompt("other", "1.0.0", "Be kind."))
	res := h.mustRun(1)
	if len(res.Report.Prompts) != 1 || res.Report.Prompts[0].Prompt.Path != "svc/prompts/answer.yaml" {
		t.Errorf("prompts %+v, want only svc/prompts/answer.yaml", res.Report.Prompts)
	}
	if !strings.Contains(h.stderr.String(), "config svc/.promptlint.yaml at ec26c3e") {
		t.Errorf("the log does not name svc/.promptlint.yaml:\n%s", h.stderr.String())
	}
	if errs := h.annotations("error"); len(errs) != 1 || !strings.Contains(errs[0], "file=svc/prompts/answer.yaml") {
		t.Errorf("error annotations %q", errs)
	}
	if _, err := os.Stat(filepath.Join(h.vars["RUNNER_TEMP"], ReportName)); err != nil {
		t.Errorf("no report: %v", err)
	}
}

// TestFilesInputBraceGlob: files splits on newlines only, so a brace glob
// with a comma is one glob; a PR that matches none says which globs were
// tried.
func TestFilesInputBraceGlob(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.vars["INPUT_FILES"] = "templates/**/*.{yaml,yml}\n"
	h.addModified("templates/support/answer.yml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.1", "Be brief and kind."))
	res := h.mustRun(0)
	if len(res.Report.Prompts) != 1 {
		t.Fatalf("prompts %+v, want the one under templates/", res.Report.Prompts)
	}

	h.vars["INPUT_FILES"] = "llm/**/*.{yaml,yml}\nagents/*.prompt"
	h.mustRun(0)
	notices := h.annotations("notice")
	if len(notices) != 1 || !strings.Contains(notices[0], "`llm/**/*.{yaml,yml}`, `agents/*.prompt`") {
		t.Errorf("notices %q, want one naming both globs", notices)
	}
	if !strings.Contains(h.file("GITHUB_STEP_SUMMARY"), "llm/\\*\\*/\\*.{yaml,yml}") && !strings.Contains(h.file("GITHUB_STEP_SUMMARY"), "llm/**/*.{yaml,yml}") {
		t.Errorf("the summary does not name the globs:\n%s", h.file("GITHUB_STEP_SUMMARY"))
	}
}

// TestSARIFPath: sarif-file is relative to the workspace, its folders are
// created, and a path the steps after it cannot see is refused before
// anything is posted.
func TestSARIFPath(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.vars["INPUT_WORKING-DIRECTORY"] = "svc"
	h.srv.SetFile(headSHA, "svc/.promptlint.yaml", quietConfig)
	h.vars["INPUT_SARIF-FILE"] = "reports/code-scanning/promptlint.sarif"
	h.addModified("svc/prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.1", "Be brief and kind."))
	h.mustRun(0)
	if _, err := os.Stat(filepath.Join(h.vars["GITHUB_WORKSPACE"], "reports", "code-scanning", "promptlint.sarif")); err != nil {
		t.Errorf("SARIF not written relative to the workspace: %v", err)
	}

	for _, tc := range []struct{ value, want string }{
		{"/tmp/promptlint.sarif", "outside the workspace"},
		{"../promptlint.sarif", "inside the workspace"},
	} {
		h.vars["INPUT_SARIF-FILE"] = tc.value
		_, err := h.run()
		var ue *lint.UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "input sarif-file") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("sarif-file %q: %v, want a usage error saying %q", tc.value, err, tc.want)
		}
	}

	// A folder of the path that is a link is refused, before the comment.
	comments := len(h.srv.Comments())
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(h.vars["GITHUB_WORKSPACE"], "linked")); err != nil {
		t.Fatal(err)
	}
	h.vars["INPUT_SARIF-FILE"] = "linked/promptlint.sarif"
	h.addModified("svc/prompts/other.yaml", prompt("other", "1.0.0", "Be brief."), prompt("other", "1.0.1", "Be kind."))
	if _, err := h.run(); err == nil || !strings.Contains(err.Error(), "linked is a symbolic link") {
		t.Errorf("SARIF through a linked folder: %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("wrote through the link: %v", entries)
	}
	if n := len(h.srv.Comments()); n != comments || h.srv.Count("PATCH", "") != 0 {
		t.Errorf("the comment was posted though the run failed")
	}
}

// TestFailureIsAnnotated: exit 2 and 3 carry an ::error:: annotation,
// the outputs are written, and no message shows a container path.
func TestFailureIsAnnotated(t *testing.T) {
	t.Run("invalid input", func(t *testing.T) {
		h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
		h.vars["INPUT_FAIL-ON"] = "warnings"
		_, err := h.run()
		var ue *lint.UsageError
		if !errors.As(err, &ue) {
			t.Fatalf("Run: %v, want a usage error", err)
		}
		h.checkLog()
		errs := h.annotations("error")
		if len(errs) != 1 || !strings.Contains(errs[0], `input fail-on: "warnings" is not one of error, warning, notice or none`) {
			t.Errorf("error annotations %q", errs)
		}
		if o := h.outputs(); len(o) != len(Outputs) || o["errors"] != "" {
			t.Errorf("outputs %v, want every output, empty", o)
		}
	})
	t.Run("tool failure", func(t *testing.T) {
		h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
		h.vars["GITHUB_EVENT_PATH"] = filepath.Join(h.vars["GITHUB_WORKSPACE"], "missing", "event.json")
		_, err := h.run()
		if err == nil {
			t.Fatal("Run succeeded without an event")
		}
		errs := h.annotations("error")
		if len(errs) != 1 || strings.Contains(errs[0], h.dir) || !strings.Contains(errs[0], "$GITHUB_EVENT_PATH") {
			t.Errorf("error annotations %q, want one naming $GITHUB_EVENT_PATH and no container path", errs)
		}
		if strings.Contains(err.Error(), h.dir) {
			t.Errorf("the error shows a container path: %v", err)
		}
		if _, keys, perr := parseOutputFile(h.file("GITHUB_OUTPUT")); perr != nil || len(keys) != len(Outputs) {
			t.Errorf("outputs %v, %v", keys, perr)
		}
	})
}

// TestVersionLine: the first line the log shows names the version.
func TestVersionLine(t *testing.T) {
	h := newHarness(t, "issues", "webhook-pull_request-opened.json", nil)
	h.mustRun(0)
	lines := strings.Split(h.stdout.String(), "\n")
	if lines[0] != "::add-mask::"+token || !strings.HasPrefix(lines[1], "promptlint v0.0.0-test (") {
		t.Errorf("log starts %q, want the mask then the version", lines[:2])
	}
}

// pushEvent is a push of before..after on a branch.
func pushEvent(before, after, ref string) func(ev, pr map[string]any) {
	return func(ev, _ map[string]any) {
		ev["before"], ev["after"], ev["ref"], ev["created"] = before, after, ref, false
	}
}

// TestPushComparesThroughTheAPI: a push compares before...after like a
// pull request, without a checkout, a comment or the checklist.
func TestPushComparesThroughTheAPI(t *testing.T) {
	h := newHarness(t, "push", "webhook-push-new-branch.json", pushEvent(baseSHA, headSHA, "refs/heads/master"))
	h.noCheckout()
	h.setConfigAt(headSHA, "rules:\n  commit-message-generic: warning\n")
	h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.0", "Be brief and kind."))
	h.srv.AddPRFile(githubtest.File{Name: "src/main.go", Status: "modified"})
	h.srv.AddCommit(
		githubtest.Commit{SHA: strings.Repeat("a", 40), Message: "fix", Paths: []string{"prompts/answer.yaml"}},
		githubtest.Commit{SHA: strings.Repeat("b", 40), Message: "update", Paths: []string{"src/main.go"}},
	)
	res := h.mustRun(1)
	if !res.Report.Check || len(res.Report.Prompts) != 1 || !hasRule(res.Report, "version-not-bumped") {
		t.Fatalf("report: check %v, prompts %d, findings %v; want the comparison", res.Report.Check, len(res.Report.Prompts), rules(res.Report))
	}
	for _, f := range res.Report.Findings {
		if strings.HasPrefix(f.Rule, "checklist-") {
			t.Errorf("a push reports checklist item %s", f.Rule)
		}
	}
	// Only the generic commit that touches a prompt is reported.
	if out := h.stdout.String(); !strings.Contains(out, "commit aaaaaaa") || strings.Contains(out, "commit bbbbbbb") {
		t.Errorf("commit-message-generic:\n%s", out)
	}
	if n := len(h.srv.Comments()); n != 0 || h.srv.Count("GET", "/repos/Codertocat/Hello-World/issues/") != 0 {
		t.Errorf("a push touched the comments")
	}
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/compare/"+baseSHA+"..."+headSHA); n != 1 {
		t.Errorf("compared before...after %d times", n)
	}

	// A new branch is compared with the default branch.
	h.srv.SetMergeBase(baseSHA)
	h.setEvent("webhook-push-new-branch.json", pushEvent(zeroSHA, headSHA, "refs/heads/feature"))
	h.mustRun(1)
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/compare/master..."+headSHA); n != 1 {
		t.Errorf("a new branch was not compared with the default branch:\n%s", strings.Join(h.srv.Requests(), "\n"))
	}
	// A deleted branch has nothing to check.
	h.setEvent("webhook-push-new-branch.json", func(ev, _ map[string]any) { ev["deleted"], ev["after"] = true, zeroSHA })
	h.mustRun(0)
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("%d requests for a deleted branch", n)
	}
}

// TestPRWeakensTheGate: the comment has its own section, naming each
// weakening, and a finding records each.
func TestPRWeakensTheGate(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(3))
	h.noCheckout()
	base := "default_environment: production\nenvironments:\n  production:\n    requires: [semver]\nrules:\n  commit-message-generic: \"off\"\n  gate-weakened: error\n"
	head := base + "  variable-unused: \"off\"\n"
	h.srv.SetFile(baseSHA, ".promptlint.yaml", base)
	h.setConfigAt(headSHA, head)
	h.srv.AddPRFile(githubtest.File{Name: ".promptlint.yaml", Status: "modified"})
	h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.1", "Be brief and kind.")+"promptlint:\n  disable: [description-missing]\n")
	h.addModified("prompts/greet.yaml", prompt("greet", "1.0.0", "Be brief."), prompt("greet", "1.0.1", "Be brief and warm.")+"environment: development\n")
	res := h.mustRun(1)
	var gate []string
	for _, f := range res.Report.Findings {
		if f.Rule == lint.GateRule {
			gate = append(gate, f.String())
		}
	}
	want := []string{
		`.promptlint.yaml:8:3: error: rule "variable-unused" is turned off (was warning) in the configuration [gate-weakened]`,
		`prompts/answer.yaml:1:1: error: the prompt file now disables rule "description-missing" (promptlint: {disable: [...]}) [gate-weakened]`,
		`prompts/greet.yaml:1:1: error: the prompt moves from environment "production" to "development", which does not require "semver" [gate-weakened]`,
	}
	if strings.Join(gate, "\n") != strings.Join(want, "\n") {
		t.Errorf("gate findings:\n%s\nwant:\n%s", strings.Join(gate, "\n"), strings.Join(want, "\n"))
	}
	c := h.stickyComments()
	if len(c) != 1 || !strings.Contains(c[0].Body, "This change weakens the gate") || !strings.Contains(c[0].Body, "`description-missing`") || !strings.Contains(c[0].Body, "`variable-unused`") {
		t.Errorf("the comment has no gate section naming each rule: %+v", c)
	}

	// A PR that changes only the config still gets the comment.
	h2 := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h2.srv.SetFile(baseSHA, ".promptlint.yaml", base)
	h2.setConfigAt(headSHA, head)
	h2.srv.AddPRFile(githubtest.File{Name: ".promptlint.yaml", Status: "modified"})
	h2.mustRun(1)
	if c := h2.stickyComments(); len(c) != 1 || !strings.Contains(c[0].Body, "`variable-unused`") {
		t.Errorf("a config-only PR got no comment naming the rule: %+v", c)
	}
}

// TestNeverGreenHavingCheckedNothing: a change the API cannot list (past
// 3000 files) falls back to the workspace; without a checkout that is an
// error, not a pass.
func TestNeverGreenHavingCheckedNothing(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(3500))
	h.noCheckout()
	_, err := h.run()
	if err == nil || !strings.Contains(err.Error(), "add actions/checkout") {
		t.Fatalf("Run: %v, want an error asking for a checkout", err)
	}
	if errs := h.annotations("error"); len(errs) != 1 {
		t.Errorf("error annotations %q, want one", errs)
	}

	// A checked-out workspace without prompt files passes, with a warning
	// that names the globs.
	h.writeWorkspace("src/main.go", "package main\n")
	h.mustRun(0)
	if w := h.annotations("warning"); len(w) != 1 || !strings.Contains(w[0], "`prompts/**/*.{yaml,yml,json}`") {
		t.Errorf("warnings %q, want one naming the globs", w)
	}
}

// TestMergeGroupComparesThroughTheAPI: a merge queue's candidate is
// checked against its base, like a push.
func TestMergeGroupComparesThroughTheAPI(t *testing.T) {
	h := newHarness(t, "merge_group", "webhook-push-new-branch.json", func(ev, _ map[string]any) {
		ev["merge_group"] = map[string]any{"base_sha": baseSHA, "head_sha": headSHA, "head_ref": "refs/heads/gh-readonly-queue/main/pr-2-" + baseSHA}
	})
	h.noCheckout()
	h.addModified("prompts/answer.yaml", prompt("answer", "1.0.0", "Be brief."), prompt("answer", "1.0.0", "Be brief and kind."))
	res := h.mustRun(1)
	if !hasRule(res.Report, "version-not-bumped") {
		t.Errorf("findings %v, want version-not-bumped", rules(res.Report))
	}
	if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/compare/"+baseSHA+"..."+headSHA); n != 1 {
		t.Errorf("compared base...head %d times", n)
	}
}
