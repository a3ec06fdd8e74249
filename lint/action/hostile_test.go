package action

// Red-team tests of the action: a hostile pull request (file names in the
// PR file list, contents the API answers with links and submodules,
// prompt text and PR body built to break out of the comment or ping
// people, links in the workspace) must leave the runner, the log, the
// outputs and the sticky comment as the invariants say.

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/github/githubtest"
	"github.com/promptlint/promptlint/lint/output"
	"github.com/promptlint/promptlint/lint/output/outputtest"
)

// checkHostile asserts the whole run's artefacts: the log (checkLog), the
// outputs file (one line per value), the sticky comment and the summary.
func (h *harness) checkHostile() {
	h.t.Helper()
	h.checkLog()
	if _, keys, err := parseOutputFile(h.file("GITHUB_OUTPUT")); err != nil || len(keys) != len(Outputs) {
		h.t.Errorf("GITHUB_OUTPUT: outputs %q, %v; want %d one-line values", keys, err, len(Outputs))
	}
	for _, c := range h.stickyComments() {
		outputtest.CheckComment(h.t, c.Body)
	}
	if data, err := os.ReadFile(h.vars["GITHUB_STEP_SUMMARY"]); err == nil {
		if s := string(data); !strings.HasPrefix(s, output.Marker+"\n") || len(s) > summaryLimit {
			h.t.Errorf("summary: %d bytes, starts %.80q", len(s), s)
		}
	}
}

// hostilePRNames are file names a PR's file list can carry.
var hostilePRNames = []string{
	"prompts/new\nline.yaml",
	"prompts/::error::pwned.yaml",
	"prompts/%0A::warning::x.yaml",
	"prompts/cr\r::error::y.yaml",
	"prompts/nul\x00byte.yaml",
	"prompts/bad\xff\xfeutf8.yaml",
	"prompts/back`tick```.yaml",
	"prompts/pipe|cell|.yaml",
	"prompts/<img src=x onerror=alert(1)>.yaml",
	"prompts/@everyone @octocat @org/team.yaml",
	"prompts/#1 GH-2.yaml",
	"prompts/rtl\u202eyaml.txt.yaml",
	"prompts/../../etc/passwd.yaml",
	"prompts/![i](https://evil.example/p.png).yaml",
	"prompts/<!-- promptlint -->.yaml",
	"prompts/" + strings.Repeat("d/", 1000) + "x.yaml", // 4 KB
}

// TestHostilePRFileNames: hostile names in the PR file list, each a prompt
// with an error, reach the log, the comment and the reports inert.
func TestHostilePRFileNames(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(len(hostilePRNames)))
	for _, name := range hostilePRNames {
		h.srv.AddPRFile(githubtest.File{Name: name, Status: "added"})
		h.srv.SetFile(headSHA, name, "name: [unclosed\n@octocat </details> ::error::z\n")
	}
	h.vars["INPUT_SARIF-FILE"] = "out.sarif"
	res := h.mustRun(1)
	h.checkHostile()
	// Names GitHub would never list (not UTF-8, not clean) may find no
	// file at all; every other one gets its parse error.
	got := map[string]bool{}
	for _, f := range res.Report.Findings {
		got[f.Path] = got[f.Path] || f.Rule == "parse-error"
	}
	for _, name := range hostilePRNames {
		if utf8.ValidString(name) && path.Clean(name) == name && !got[name] {
			t.Errorf("no parse-error on %q:\n%s", name, findingsText(res.Report))
		}
	}
	if len(h.stickyComments()) != 1 {
		t.Fatalf("no sticky comment")
	}
	for _, p := range []string{filepath.Join(h.vars["RUNNER_TEMP"], ReportName), filepath.Join(h.vars["GITHUB_WORKSPACE"], "out.sarif")} {
		data, err := os.ReadFile(p)
		if err != nil || !json.Valid(data) {
			t.Errorf("%s: not valid JSON (%v)", p, err)
		}
	}
}

// TestHostileContentsAnswers: the contents API says a PR's prompt file is
// a symlink (to a file in the repository or outside it), a submodule or a
// directory. Each is reported on the file; nothing is followed.
func TestHostileContentsAnswers(t *testing.T) {
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(5))
	const canary = "CANARY_SECRET_7f3a"
	h.srv.SetFile(headSHA, "secrets/key.yaml", "name: stolen\nversion: 1.0.0\ntemplate: \""+canary+"\"\n")
	for name, set := range map[string]func(string){
		"prompts/link.yaml":      func(p string) { h.srv.SetSymlink(headSHA, p, "../secrets/key.yaml") },
		"prompts/passwd.yaml":    func(p string) { h.srv.SetSymlink(headSHA, p, "/etc/passwd") },
		"prompts/sub.prompt.yml": func(p string) { h.srv.SetSubmodule(headSHA, p, "https://evil.example/@octocat.git") },
		"prompts/dir.prompt.yml": func(p string) { h.srv.SetFile(headSHA, p+"/inner.yaml", canary) },
		"prompts/nothere.prompt": func(string) {},
	} {
		h.srv.AddPRFile(githubtest.File{Name: name, Status: "added"})
		set(name)
	}
	res := h.mustRun(1)
	h.checkHostile()
	got := map[string]bool{}
	for _, f := range res.Report.Findings {
		if f.Rule == "parse-error" {
			got[f.Path] = true
		}
	}
	for _, p := range []string{"prompts/link.yaml", "prompts/passwd.yaml", "prompts/sub.prompt.yml", "prompts/dir.prompt.yml"} {
		if !got[p] {
			t.Errorf("no parse-error on %s:\n%s", p, findingsText(res.Report))
		}
	}
	for what, text := range map[string]string{"stdout": h.stdout.String(), "stderr": h.stderr.String(), "summary": h.file("GITHUB_STEP_SUMMARY"), "comment": h.stickyComments()[0].Body} {
		if strings.Contains(text, canary) {
			t.Errorf("%s shows the content of a link's target", what)
		}
	}
}

// TestHostilePRText: prompt text, names and the PR body built to break out
// of the comment, ping people or load an image; and a body so large when
// escaped that only cutting keeps it under GitHub's limit (the fake
// answers 422 over 65,536 characters).
func TestHostilePRText(t *testing.T) {
	evil := strings.Join([]string{
		"``` ```` `````````` ~~~",
		"```",
		"</details></summary><details open>",
		"<!-- promptlint -->",
		"<!-- unclosed",
		"&#64;octocat &lt;b&gt;",
		"[click](javascript:alert(1)) ![pixel](https://evil.example/p.png) <img src=https://evil.example/p.png>",
		"@octocat @org/team @everyone #1 GH-3",
		"::error::x %0A::warning::y ##[error]z",
	}, "\n")
	indent := func(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }
	at := strings.Repeat("@", 20000) + strings.Repeat("<", 20000)
	mk := func(name, version, extra string) string {
		return "name: \"" + name + "\"\nversion: " + version + "\n" +
			"description: \"" + at + "\"\n" +
			"variables:\n  \"@octocat\": null\n" +
			"template: |\n" + indent(strings.Repeat("@a <b> ", 1000)+extra+" {@octocat}\n"+evil) + "\n" +
			"changelog:\n  - version: " + version + "\n    changes: \"@octocat ![x](https://e.example/i.png)\"\n"
	}
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", func(ev, pr map[string]any) {
		pr["changed_files"] = 8
		pr["body"] = "## Rollback plan\n@octocat <img src=https://e.example/p.png> </details>\n\n- [x] error handling @everyone <!-- promptlint:error-handling -->\n"
	})
	h.setConfig("rules:\n  commit-message-generic: \"off\"\n")
	for i := 0; i < 8; i++ {
		name := "prompts/evil_" + string(rune('a'+i)) + ".yaml"
		pname := "@octocat <b>#1</b> " + string(rune('a'+i))
		if i >= 2 { // names that grow eightfold when escaped
			pname = strings.Repeat("@", 3000) + pname
		}
		h.addModified(name, mk(pname, "1.0.0", "old"), mk(pname, "1.0.0", "new"))
	}
	h.srv.AddReview(githubtest.Review{User: "@octocat", State: "APPROVED", CommitID: headSHA})
	h.mustRun(1)
	h.checkHostile()
	sticky := h.stickyComments()
	if len(sticky) != 1 {
		t.Fatalf("%d sticky comments, want 1 (a 422 for size?); stderr:\n%s", len(sticky), h.stderr.String())
	}
	if !strings.Contains(sticky[0].Body, "cut to fit") && !strings.Contains(sticky[0].Body, "left out") {
		t.Errorf("the comment was not cut: the size invariant was not exercised (%d characters)", utf8.RuneCountInString(sticky[0].Body))
	}
	if !strings.Contains(h.file("GITHUB_STEP_SUMMARY"), "</details></summary><details open>") {
		t.Errorf("the summary does not show the prompt text: the invariants checked nothing")
	}
}

// TestHostileWorkspaceLinks: on a manual run the workspace is linted; links the
// commit carries are reported, not followed, and promptlint does not
// write through a link where it puts the report or SARIF, nor read a
// config through one.
func TestHostileWorkspaceLinks(t *testing.T) {
	outside := t.TempDir()
	const canary = "CANARY_WS_51c2"
	secret := filepath.Join(outside, "secret.yaml")
	victim := filepath.Join(outside, "victim")
	for p, s := range map[string]string{secret: "name: stolen\nversion: 1.0.0\ntemplate: \"" + canary + "\"\n", victim: "untouched"} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, "workflow_dispatch", "webhook-pull_request-opened.json", nil)
	ws := h.vars["GITHUB_WORKSPACE"]
	h.writeWorkspace("prompts/good.yaml", prompt("good", "1.0.0", "Be brief."))
	for name, target := range map[string]string{
		"prompts/x.yaml":      "/etc/passwd",
		"prompts/secret.yaml": secret,
		"prompts/dir":         outside,
		ReportName:            victim,
		"out.sarif":           victim,
	} {
		if err := os.Symlink(target, filepath.Join(ws, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	h.vars["RUNNER_TEMP"] = filepath.Join(h.dir, "not-mounted") // as in a Docker action: the report goes to the workspace
	h.vars["INPUT_SARIF-FILE"] = "out.sarif"
	res := h.mustRun(1)
	h.checkHostile()
	got := map[string]bool{}
	for _, f := range res.Report.Findings {
		got[f.Path] = got[f.Path] || f.Rule == "parse-error"
	}
	if !got["prompts/x.yaml"] || !got["prompts/secret.yaml"] {
		t.Errorf("links not reported:\n%s", findingsText(res.Report))
	}
	if data, _ := os.ReadFile(victim); string(data) != "untouched" {
		t.Errorf("the report or SARIF was written through a link in the workspace: victim now %.100q", data)
	}
	for _, name := range []string{ReportName, "out.sarif"} {
		data, err := os.ReadFile(filepath.Join(ws, name))
		if err != nil || !json.Valid(data) || strings.Contains(string(data), canary) {
			t.Errorf("%s: %v, valid JSON %v, or it shows a link's target", name, err, json.Valid(data))
		}
	}
	for what, text := range map[string]string{"stdout": h.stdout.String(), "stderr": h.stderr.String(), "summary": h.file("GITHUB_STEP_SUMMARY")} {
		if strings.Contains(text, canary) || strings.Contains(text, "root:x") {
			t.Errorf("%s shows a link's target", what)
		}
	}

	// A config that is a link is refused, and its target never quoted.
	if err := os.Remove(filepath.Join(ws, ".promptlint.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(secret, []byte("rules:\n  "+canary+": error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(ws, ".promptlint.yaml")); err != nil {
		t.Fatal(err)
	}
	_, err := h.run()
	if err == nil || strings.Contains(err.Error(), canary) || !strings.Contains(err.Error(), "link") {
		t.Errorf("config through a link: error %v, want a refusal that does not quote the target", err)
	}
	h.checkLog()
}

// TestHostileAliasBombInPR: an alias bomb and a quadratic blowup through
// a PR's prompt are parse errors, fast.
func TestHostileAliasBombInPR(t *testing.T) {
	var laughs strings.Builder
	laughs.WriteString("name: laughs\nversion: 1.0.0\ntemplate: \"hi {x}\"\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		laughs.WriteString(string(c) + ": &" + string(c) + " [" + strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ",") + "]\n")
		prev = string(c)
	}
	laughs.WriteString("variables:\n  x: *i\n")
	amp := "name: amplified\nversion: 1.0.0\nbig: &big \"" + strings.Repeat("{x} ", 2500) + "\"\nm: &m {role: user, content: *big}\nmessages:\n" + strings.Repeat("  - *m\n", 300)
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(2))
	h.srv.AddPRFile(githubtest.File{Name: "prompts/laughs.yaml", Status: "added"}, githubtest.File{Name: "prompts/amp.prompt.yml", Status: "added"})
	h.srv.SetFile(headSHA, "prompts/laughs.yaml", laughs.String())
	h.srv.SetFile(headSHA, "prompts/amp.prompt.yml", amp)
	res := h.mustRun(1)
	h.checkHostile()
	n := 0
	for _, f := range res.Report.Findings {
		if f.Rule == "parse-error" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d parse errors, want one per bomb:\n%s", n, findingsText(res.Report))
	}
}
