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
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/github/githubtest"
	"github.com/promptlint/promptlint/lint/output"
)

// fenceLine is a fence opening or closing a code block.
var fenceLine = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})(.*)$")

// allowedTag matches the raw HTML the comment itself writes.
var allowedTag = regexp.MustCompile(`^<(?:details|/details|summary|/summary|br)>`)

// allowedEntity matches the HTML entities the escaping writes.
var allowedEntity = regexp.MustCompile(`^&(?:amp|lt|gt|quot|#8203);`)

// checkComment asserts the invariants of a Markdown comment body: the
// marker is the first line and no other; it has at most 65,536
// characters; every fence is closed; and outside code no mention or issue
// reference is live, no HTML but ours is raw, no entity but ours is
// written, and no image or javascript: link can form.
func checkComment(t *testing.T, body string) {
	t.Helper()
	if n := utf8.RuneCountInString(body); n > 65536 {
		t.Errorf("comment has %d characters, over GitHub's 65,536", n)
	}
	if !utf8.ValidString(body) {
		t.Errorf("comment is not valid UTF-8")
	}
	lines := strings.Split(body, "\n")
	if lines[0] != output.Marker {
		t.Errorf("first line %.200q, want the marker", lines[0])
	}
	fence := ""
	for i, line := range lines {
		if i > 0 && strings.TrimSpace(line) == output.Marker {
			t.Errorf("line %d is the marker too", i+1)
		}
		if fence != "" {
			if m := fenceLine.FindStringSubmatch(line); m != nil && m[1][0] == fence[0] && len(m[1]) >= len(fence) && strings.TrimSpace(m[2]) == "" {
				fence = ""
			}
			continue
		}
		if m := fenceLine.FindStringSubmatch(line); m != nil {
			fence = m[1]
			continue
		}
		checkInline(t, i+1, line)
	}
	if fence != "" {
		t.Errorf("a code fence %q is never closed", fence)
	}
}

// stripCodeSpans removes inline code spans: a run of backticks up to the
// next run of the same length.
func stripCodeSpans(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '`' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		run := s[i:j]
		end := -1
		for k := j; k < len(s); {
			if s[k] != '`' {
				k++
				continue
			}
			l := k
			for l < len(s) && s[l] == '`' {
				l++
			}
			if l-k == len(run) {
				end = l
				break
			}
			k = l
		}
		if end < 0 {
			b.WriteString(run)
			i = j
			continue
		}
		i = end
	}
	return b.String()
}

// checkInline checks one line outside code blocks.
func checkInline(t *testing.T, n int, line string) {
	t.Helper()
	if n == 1 {
		return
	}
	// A line that starts with raw HTML is an HTML block: GitHub reads no
	// Markdown in it (no image, no link), but it does link mentions.
	html := strings.HasPrefix(line, "<details><summary>")
	// drop backslash escapes, then code spans (only our own text is in them)
	plain := regexp.MustCompile(`\\[\\`+"`"+`*_\[\]~|$!#<>@&-]`).ReplaceAllString(line, "")
	plain = stripCodeSpans(plain)
	for i := 0; i < len(plain); i++ {
		switch plain[i] {
		case '@':
			if i+1 < len(plain) && isWord(plain[i+1]) {
				t.Errorf("line %d has a live mention: %.200q", n, line)
				return
			}
		case '#':
			if i+1 < len(plain) && plain[i+1] >= '0' && plain[i+1] <= '9' && (i == 0 || plain[i-1] != '&') {
				t.Errorf("line %d has a live issue reference: %.200q", n, line)
				return
			}
		case '<':
			if !allowedTag.MatchString(plain[i:]) {
				t.Errorf("line %d has raw HTML %.40q: %.200q", n, plain[i:], line)
				return
			}
		case '&':
			if !allowedEntity.MatchString(plain[i:]) {
				t.Errorf("line %d has an entity we did not write %.20q: %.200q", n, plain[i:], line)
				return
			}
		case '!':
			if !html && i+1 < len(plain) && plain[i+1] == '[' {
				t.Errorf("line %d can start an image: %.200q", n, line)
				return
			}
		case '[':
			if html {
				continue
			}
			t.Errorf("line %d has an unescaped [, which can start a link: %.200q", n, line)
			return
		}
	}
}

func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// checkHostile asserts the whole run's artefacts: the log (checkLog), the
// outputs file (one line per value), the sticky comment and the summary.
func (h *harness) checkHostile() {
	h.t.Helper()
	h.checkLog()
	if _, keys, err := parseOutputFile(h.file("GITHUB_OUTPUT")); err != nil || len(keys) != len(Outputs) {
		h.t.Errorf("GITHUB_OUTPUT: outputs %q, %v; want %d one-line values", keys, err, len(Outputs))
	}
	for _, c := range h.stickyComments() {
		checkComment(h.t, c.Body)
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
	h.writeWorkspace(".promptlint.yaml", "rules:\n  commit-message-generic: \"off\"\n")
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

// TestHostileWorkspaceLinks: on a push the workspace is linted; links the
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
	h := newHarness(t, "push", "webhook-pull_request-opened.json", nil)
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
