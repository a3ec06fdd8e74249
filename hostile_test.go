package main

// Red-team tests: untrusted PR content (hostile prompt files, file names
// and links) driven through run(), with the invariants every output keeps:
// no panic and no exit 3 on bad content, stdout never issues a workflow
// command of its own, the Markdown comment cannot be broken out of, pings
// nobody, loads no image and stays under GitHub's limit.

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/output"
	"github.com/promptlint/promptlint/lint/output/outputtest"
	"github.com/promptlint/promptlint/lint/tokens"
)

// allFormats are the formats of lint and check.
var allFormats = []string{"text", "json", "markdown", "sarif", "github", "gitlab", "junit", "checkstyle"}

// annotationLine is a workflow command as the runner reads it.
var annotationLine = regexp.MustCompile(`^::(error|warning|notice)(?: ([^:]*))?::(.*)$`)

// checkStdout asserts that no line of out is a workflow command except a
// well-formed annotation whose properties and message are escaped, and
// that no line is a legacy `##[` command.
func checkStdout(t *testing.T, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(trimmed, "##[") {
			t.Errorf("stdout line is a legacy workflow command: %.200q", line)
		}
		if strings.ContainsRune(line, '\r') {
			t.Errorf("stdout line holds a carriage return, a line break to the runner: %.200q", line)
		}
		if !strings.HasPrefix(trimmed, "::") {
			continue
		}
		m := annotationLine.FindStringSubmatch(trimmed)
		if m == nil {
			t.Errorf("stdout line starts a workflow command: %.200q", line)
			continue
		}
		for _, prop := range strings.Split(m[2], ",") {
			if k, _, _ := strings.Cut(prop, "="); m[2] != "" && k != "file" && k != "line" && k != "col" && k != "title" {
				t.Errorf("annotation has property %q: %.200q", k, line)
			}
		}
		if bad := regexp.MustCompile(`%(?:[^0-9A-F]|[0-9A-F][^0-9A-F]|[0-9A-F]?$)`).FindString(m[3]); bad != "" {
			t.Errorf("annotation message is not escaped (%q): %.200q", bad, line)
		}
	}
}

// lintAll runs args with every format and checks each output, returning
// the runs by format. Exit codes must be 0 or 1.
func lintAll(t *testing.T, dir string, args ...string) map[string]result {
	t.Helper()
	return lintFormats(t, dir, allFormats, args...)
}

// lintFormats is lintAll for the given formats. One run writes them all,
// as --format FORMAT=FILE does: the first to stdout, each other to a file
// of its own, byte for byte what it would write to stdout alone (see
// TestOutputs); each result holds that format's report as its stdout, and
// the run's exit code and stderr.
func lintFormats(t *testing.T, dir string, formats []string, args ...string) map[string]result {
	t.Helper()
	reports := t.TempDir()
	args = append([]string(nil), args...)
	for i, format := range formats {
		if i > 0 {
			format += "=" + filepath.Join(reports, format)
		}
		args = append(args, "--format", format)
	}
	res := promptlint(t, dir, args...)
	if res.code != exitOK && res.code != exitFindings {
		t.Fatalf("%s: exit %d on hostile content, want 0 or 1:\n%.2000s", strings.Join(formats, ", "), res.code, res.String())
	}
	checkStdout(t, res.stderr)
	out := map[string]result{}
	for i, format := range formats {
		run := res
		if i > 0 {
			b, err := os.ReadFile(filepath.Join(reports, format))
			if err != nil {
				t.Fatalf("the %s report was not written: %v", format, err)
			}
			run.stdout = string(b)
		}
		checkStdout(t, run.stdout)
		switch format {
		case "markdown":
			outputtest.CheckComment(t, run.stdout)
		case "json", "sarif", "gitlab":
			if !json.Valid([]byte(run.stdout)) {
				t.Errorf("%s output is not valid JSON", format)
			}
		case "junit", "checkstyle":
			d := xml.NewDecoder(strings.NewReader(run.stdout))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Errorf("%s output is not well-formed XML: %v", format, err)
					break
				}
			}
		}
		out[format] = run
	}
	return out
}

// ruleAt returns the rules of the JSON report's findings on path.
func ruleAt(t *testing.T, jsonOut, path string) []string {
	t.Helper()
	rep := decodeReport(t, jsonOut)
	var rules []string
	for _, f := range rep.Findings {
		if f.Path == path {
			rules = append(rules, f.Rule)
		}
	}
	return rules
}

// timed runs f and logs how long it took: no assertion on time, but the
// numbers show up with -v.
func timed(t *testing.T, what string, f func()) {
	t.Helper()
	start := time.Now()
	f()
	t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
}

// billionLaughs is the classic alias bomb: 9^9 strings from 400 bytes.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("name: laughs\nversion: 1.0.0\ntemplate: \"hi {x}\"\n")
	b.WriteString(`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		fmt.Fprintf(&b, "%c: &%c [%s]\n", c, c, strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ","))
		prev = string(c)
	}
	b.WriteString("variables:\n  x: *i\n")
	return b.String()
}

// aliasText repeats one 10 KB string into 300 messages: a 12 KB file of
// 3 MB of prompt text (10,000 messages of 100 KB, 1 GB, took the runner
// down before the text budget).
func aliasText() string {
	var b strings.Builder
	b.WriteString("name: amplified\nversion: 1.0.0\ndescription: d\nvariables: {}\n")
	b.WriteString(`big: &big "` + strings.Repeat("{x} ", 2500) + "\"\n")
	b.WriteString("m: &m {role: user, content: *big}\nmessages:\n")
	b.WriteString(strings.Repeat("  - *m\n", 300))
	return b.String()
}

// TestHostileYAML: alias bombs and deep nesting are parse errors on their
// file, found fast, and the rest of the run goes on.
func TestHostileYAML(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"prompts/good.yaml":     cleanPrompt,
		"prompts/laughs.yaml":   billionLaughs(),
		"prompts/amplify.yaml":  aliasText(),
		"prompts/deepseq.yaml":  "name: deep\nversion: 1.0.0\ntemplate: hi\nx: " + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + "\n",
		"prompts/deepmap.yaml":  "name: deep\nversion: 1.0.0\ntemplate: hi\nx: " + strings.Repeat("{a: ", 50000) + "1" + strings.Repeat("}", 50000) + "\n",
		"prompts/deepjson.json": `{"template": "hi", "version": "1.0.0", "x": ` + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + "}",
		"prompts/deep.prompt":   "---\nversion: 1.0.0\ninput:\n  default:\n    x: " + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + "\n---\nhi\n",
	}
	dir := tempTree(t, files)
	var runs map[string]result
	timed(t, "lint of alias bombs and 50,000-deep nesting, 5 formats", func() { runs = lintAll(t, dir, "lint") })
	for p := range files {
		rules := ruleAt(t, runs["json"].stdout, p)
		if p == "prompts/good.yaml" {
			if len(rules) != 0 {
				t.Errorf("findings on the good file: %v", rules)
			}
			continue
		}
		if !has(rules, "parse-error") {
			t.Errorf("%s: findings %v, want a parse-error", p, rules)
		}
	}
}

// TestHostileSize: a single 5 MB line is refused over max_file_size and
// read, linearly, under it; and a 1 MB run of one character (the worst
// case of BPE merging) is counted in well under the test timeout.
func TestHostileSize(t *testing.T) {
	t.Parallel()
	line := strings.Repeat("x", 5<<20)
	dir := tempTree(t, map[string]string{
		"prompts/long.yaml": "name: long_line\nversion: 1.0.0\ndescription: d\ntemplate: " + line + "\n",
		"prompts/run.md":    "---\nversion: 1.0.0\ndescription: d\n---\n" + strings.Repeat("!", 1<<20-64) + "\n",
		"big.yaml":          "max_file_size: 8388608\n",
	})
	var over, under result
	timed(t, "lint, 5 MB line over max_file_size", func() { over = promptlint(t, dir, "lint", "--format", "json") })
	if over.code != exitFindings || !has(ruleAt(t, over.stdout, "prompts/long.yaml"), "parse-error") {
		t.Errorf("over the limit: want exit 1 and a parse-error:\n%.2000s", over.String())
	}
	if has(ruleAt(t, over.stdout, "prompts/run.md"), "parse-error") {
		t.Errorf("the 1 MB file is within the default limit, but got a parse-error")
	}
	timed(t, "lint, 5 MB line under max_file_size (tokens, scan)", func() {
		under = promptlint(t, dir, "lint", "--config", "big.yaml", "--format", "json")
	})
	if under.code == exitFailure || under.code == exitUsage {
		t.Fatalf("under the limit: %.2000s", under.String())
	}
	if rules := ruleAt(t, under.stdout, "prompts/long.yaml"); has(rules, "parse-error") || !has(rules, "template-too-long") {
		t.Errorf("under the limit: findings %v, want template-too-long and no parse-error", rules)
	}
	checkStdout(t, under.stdout)
}

// TestHostileOpeners: 50,000 unclosed openers in each syntax give one
// finding each, linearly, of which each file lists lint.MaxFindingsPerRule
// and one "and N more" finding; the comment says so and fits.
func TestHostileOpeners(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		"prompts/py.yaml":     "name: py_open\nversion: 1.0.0\ndescription: d\ntemplate: \"" + strings.Repeat("{ ", 50000) + "\"\n",
		"prompts/hbs.prompt":  "---\nversion: 1.0.0\n---\n" + strings.Repeat("{{#if x}}", 50000) + "\n",
		"prompts/must.yaml":   "name: must_open\nversion: 1.0.0\nsyntax: mustache\ndescription: d\ntemplate: \"" + strings.Repeat("{{#a}}", 50000) + "\"\n",
		"prompts/j.prompty":   "---\nname: jinja_open\nversion: 1.0.0\n---\nuser:\n" + strings.Repeat("{% if x %}", 50000) + "\n",
		"prompts/jv.prompty":  "---\nname: jinja_print\nversion: 1.0.0\n---\nuser:\n" + strings.Repeat("{{ x ", 50000) + "\n",
		"prompts/each.prompt": "---\nversion: 1.0.0\n---\n" + strings.Repeat("{{#each x}}{{this}}", 50000) + "\n",
	})
	var runs map[string]result
	timed(t, "lint --format markdown --format github of 6 files with 50,000 openers each", func() {
		runs = lintFormats(t, dir, []string{"markdown", "github"}, "lint")
	})
	if md := runs["markdown"]; md.code != exitFindings {
		t.Fatalf("want exit 1: %.2000s", md.String())
	}
	if !strings.Contains(runs["markdown"].stdout, "more findings of this rule in this file, not listed") {
		t.Errorf("the comment does not say findings were cut")
	}
}

// hostileNames are file names a PR can carry (each under prompts/).
var hostileNames = []string{
	"new\nline.yaml",
	"::error::pwned.yaml",
	"%0A::warning::x.yaml",
	"cr\r::error::y.yaml",
	"back`tick```.yaml",
	"pipe|cell|.yaml",
	"<img src=x onerror=alert(1)>.yaml",
	"@everyone @octocat @org∕team.yaml",
	"#1 GH-2.yaml",
	"rtl\u202eyaml.txt.yaml",
	"bad\xff\xfeutf8.yaml",
	"esc\x1b[31mred.yaml",
	"![img](https:%2F%2Fevil.example%2Fpixel.png).yaml",
	"[x](javascript:alert(1)).yaml",
	"<!-- promptlint -->.yaml",
	"&#64;entity&lt;.yaml",
	"_*~$emph$~*_.yaml",
}

// TestHostileFileNames: file names reach every output inert.
func TestHostileFileNames(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{"prompts/good.yaml": cleanPrompt})
	long := filepath.Join(dir, "prompts")
	for i := 0; i < 16; i++ { // a 4 KB path
		long = filepath.Join(long, strings.Repeat("d", 250))
	}
	writeTree(t, long, map[string]string{"x.yaml": "name: [unclosed\n@octocat ::error::z\n"})
	// a directory whose name is not UTF-8 (io/fs cannot open it)
	writeTree(t, dir, map[string]string{"prompts/bad\xffdir/x.yaml": "name: [unclosed\n"})
	for _, name := range hostileNames {
		p := filepath.Join(dir, "prompts", name)
		if err := os.WriteFile(p, []byte("name: [unclosed\n@octocat </details> ::error::z\n"), 0o644); err != nil {
			t.Fatalf("writing %q: %v", name, err)
		}
	}
	runs := lintAll(t, dir, "lint")
	rep := decodeReport(t, runs["json"].stdout)
	if rep.Summary.Errors < len(hostileNames)+2 { // the names, the 4 KB path and the non-UTF-8 directory
		t.Errorf("%d errors, want a parse-error on each of %d hostile paths", rep.Summary.Errors, len(hostileNames)+2)
	}
	text := runs["text"].stdout
	if n := len(strings.Split(strings.TrimSuffix(text, "\n"), "\n")); n != rep.Summary.Errors+rep.Summary.Warnings+rep.Summary.Notices {
		t.Errorf("text output has %d lines for %d findings: a file name broke a line", n, rep.Summary.Errors+rep.Summary.Warnings+rep.Summary.Notices)
	}
	if n := strings.Count(runs["github"].stdout, "\n"); n != rep.Summary.Errors+rep.Summary.Warnings+rep.Summary.Notices {
		t.Errorf("github output has %d lines for the findings: a file name broke a command", n)
	}
}

// TestHostilePromptText: prompt text, names, descriptions, variable names,
// changelog and PR body that try to break out of the comment or ping.
func TestHostilePromptText(t *testing.T) {
	t.Parallel()
	evil := strings.Join([]string{
		"``` ```` ````` `````````` ~~~ ~~~~",
		"```",
		"</details></summary><details open>",
		"<!-- promptlint -->",
		"  <!-- promptlint -->  ",
		"<!-- unclosed comment",
		"&#64;octocat &lt;b&gt; &amp;",
		"[click](javascript:alert(1)) <javascript:alert(1)>",
		"![pixel](https://evil.example/p.png) <img src=https://evil.example/p.png>",
		"@octocat @org/team @everyone #1 GH-3 owner/repo#4",
		"::error::x %0A::warning::y",
		"| a | b |",
		"<script>alert(1)</script>",
		"\u202eevil\u202c",
	}, "\n")
	indent := func(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }
	mk := func(version, extra string) string {
		return "name: \"@octocat <b>#1</b> ![x](https://e.example/i.png)\"\n" +
			"version: " + version + "\n" +
			"description: \"@org/team [x](javascript:alert(1)) </details>\"\n" +
			"variables:\n  \"@octocat\": null\n  \"<img src=x>\": null\n  \"a`b\": null\n" +
			"template: |\n" + indent(evil+"\n"+extra+" {@octocat} {x}") + "\n" +
			"changelog:\n  - version: " + version + "\n    date: 2026-01-01\n    changes: \"@octocat ![x](https://e.example/i.png) <!-- promptlint -->\"\n" +
			"testData:\n  - {\"@octocat\": \"</details>\", x: \"@everyone\"}\n"
	}
	body := "## Rollback plan\n@octocat <img src=https://e.example/p.png> </details>\n\n- [x] error handling @everyone <!-- promptlint:error-handling -->\n"
	dir := tempTree(t, map[string]string{
		"base/prompts/evil.yaml":                 mk("1.0.0", "old"),
		"head/prompts/evil.yaml":                 mk("1.0.0", "new"),
		"head/prompts/@octocat #1 <b>.yaml":      mk("1.0.0", "added"),
		"head/prompts/evil.prompt.yml":           "name: \"@octocat\"\nversion: 1.0.0\nmessages:\n  - role: \"@octocat </details>\"\n    content: |\n" + indent(indent(evil)) + "\n",
		"base/prompts/evil.prompt.yml":           "name: \"@octocat\"\nversion: 1.0.0\nmessages:\n  - role: system\n    content: hi\n",
		"pr.md":                                  body,
		"head/prompts/hist.prompt.md/01-@x.md":   "---\nversion: 1.0.0\n---\n" + evil + "\n",
		"base/prompts/removed @octocat <b>.yaml": mk("1.0.0", "gone"),
	})
	runs := lintAll(t, dir, "check", "--base-dir", "base", "--head-dir", "head", "--pr-body", "pr.md")
	md := runs["markdown"].stdout
	for _, want := range []string{"unclosed comment", "evil.example", "javascript"} {
		if !strings.Contains(md, want) {
			t.Errorf("the comment does not show %q: the invariants checked nothing", want)
		}
	}
	if !strings.Contains(md, "<details>") {
		t.Errorf("no diff in the comment")
	}
}

// TestHostileSymlinks: links in the tree are reported, never followed: a
// link to a secret file outside the tree leaks nothing.
func TestHostileSymlinks(t *testing.T) {
	t.Parallel()
	secret := filepath.Join(t.TempDir(), "secret.yaml")
	const canary = "CANARY_8d1e0f_SECRET"
	if err := os.WriteFile(secret, []byte("name: stolen\nversion: 1.0.0\ntemplate: \""+canary+" {x}\"\ndescription: "+canary+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := tempTree(t, map[string]string{"prompts/good.yaml": cleanPrompt})
	for name, target := range map[string]string{
		"prompts/x.yaml":         "/etc/passwd",
		"prompts/secret.yaml":    secret,
		"prompts/outside":        filepath.Dir(secret),
		"prompts/loop.yaml":      "loop.yaml",
		"prompts/dangling.yaml":  "nowhere.yaml",
		"prompts/dir.prompt.yml": filepath.Dir(secret),
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	runs := lintAll(t, dir, "lint")
	for format, res := range runs {
		if strings.Contains(res.stdout, canary) || strings.Contains(res.stdout, "root:") || strings.Contains(res.stderr, canary) {
			t.Errorf("%s: a linked file's content leaked:\n%.2000s", format, res.String())
		}
	}
	for _, p := range []string{"prompts/x.yaml", "prompts/secret.yaml", "prompts/loop.yaml", "prompts/dangling.yaml", "prompts/dir.prompt.yml"} {
		if rules := ruleAt(t, runs["json"].stdout, p); !has(rules, "parse-error") {
			t.Errorf("%s: findings %v, want a parse-error for the link", p, rules)
		}
	}
	// check: the link in the head tree, the file in the base tree
	writeTree(t, dir, map[string]string{"base/prompts/secret.yaml": cleanPrompt})
	if err := os.MkdirAll(filepath.Join(dir, "head", "prompts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "head", "prompts", "secret.yaml")); err != nil {
		t.Fatal(err)
	}
	for format, res := range lintAll(t, dir, "check", "--base-dir", "base", "--head-dir", "head") {
		if strings.Contains(res.stdout, canary) {
			t.Errorf("check %s: a linked file's content leaked:\n%.2000s", format, res.String())
		}
	}
}

// TestHostileVolume: 10,000 variables and 10,000 messages; the comment of
// a change to both stays under the limit, and every format finishes.
func TestHostileVolume(t *testing.T) {
	t.Parallel()
	var vars, uses, msgs strings.Builder
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&vars, "  \"@user_%d\": null\n", i)
		fmt.Fprintf(&uses, "{@user_%d} ", i)
		fmt.Fprintf(&msgs, "  - role: user\n    content: \"message %d @octocat <b> {{var_%d}}\"\n", i, i)
	}
	mk := func(v string) string {
		return "name: many_vars\nversion: " + v + "\ndescription: d\nvariables:\n" + vars.String() + "template: \"" + uses.String() + v + "\"\n"
	}
	dir := tempTree(t, map[string]string{
		"base/prompts/vars.yaml":       mk("1.0.0"),
		"head/prompts/vars.yaml":       mk("1.0.1"),
		"base/prompts/msgs.prompt.yml": "name: many_messages\nversion: 1.0.0\nmessages:\n" + msgs.String(),
		"head/prompts/msgs.prompt.yml": "name: many_messages\nversion: 1.0.1\nmessages:\n" + strings.ReplaceAll(msgs.String(), "message", "Message"),
	})
	timed(t, "check of 10,000 variables and 10,000 messages, markdown and github", func() {
		lintFormats(t, dir, []string{"markdown", "github"}, "check", "--base-dir", "base", "--head-dir", "head")
	})
}

// TestHostileExpansion: text that grows when escaped (every @ gets a
// zero-width space entity, every < becomes &lt;) still gives a comment
// under 65,536 characters.
func TestHostileExpansion(t *testing.T) {
	t.Parallel()
	for _, c := range []string{"@", "<", "#1", "`", "\u202e"} {
		t.Run(fmt.Sprintf("%q", c), func(t *testing.T) {
			t.Parallel()
			s := strings.Repeat(c, 60000/len(c))
			q := strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`)
			mk := func(v string) string {
				return "name: \"" + q + "\"\nversion: " + v + "\ndescription: \"" + q + "\"\ntemplate: \"" + q + " " + v + "\"\n" +
					"changelog:\n  - version: " + v + "\n    changes: \"" + q + "\"\n"
			}
			dir := tempTree(t, map[string]string{
				"base/prompts/exp.yaml": mk("1.0.0"),
				"head/prompts/exp.yaml": mk("2.0.0"),
				"head/prompts/" + strings.Repeat(strings.ReplaceAll(c, "\u202e", "r"), 200/len(c)) + ".yaml": mk("1.0.0"),
			})
			lintAll(t, dir, "check", "--base-dir", "base", "--head-dir", "head")
		})
	}
}

// TestHostileContent: invalid UTF-8 and NUL bytes are parse errors with a
// position, not exit 3.
func TestHostileContent(t *testing.T) {
	t.Parallel()
	dir := tempTree(t, map[string]string{
		"prompts/nul.yaml":     "name: n\nversion: 1.0.0\ntemplate: \"a\x00b\"\n",
		"prompts/latin1.yaml":  "name: l\nversion: 1.0.0\ntemplate: \"caf\xe9 @octocat\"\n",
		"prompts/surr.json":    `{"template": "\ud800 \udfff @octocat", "version": "1.0.0"}`,
		"prompts/overlong.md":  "---\nversion: 1.0.0\n---\n\xc0\xaf\xed\xa0\x80\n",
		"prompts/bom.yaml":     "\ufeff\ufeffname: b\nversion: 1.0.0\ntemplate: hi\n",
		"prompts/cr.yaml":      "name: c\rversion: 1.0.0\rtemplate: \"::error::x\r::warning::y\"\r",
		"prompts/ctrl.prompty": "---\nname: ctrl\nversion: 1.0.0\n---\nuser:\n\x1b]0;title\x07 \x1b[2J \u2028::error::z\n",
	})
	runs := lintAll(t, dir, "lint")
	for _, p := range []string{"prompts/nul.yaml", "prompts/latin1.yaml", "prompts/overlong.md"} {
		if rules := ruleAt(t, runs["json"].stdout, p); !has(rules, "parse-error") {
			t.Errorf("%s: findings %v, want a parse-error", p, rules)
		}
	}
	for _, l := range strings.Split(runs["text"].stdout, "\n") {
		if strings.ContainsAny(l, "\x1b\x07\u2028\r") {
			t.Errorf("text line holds a raw control character: %q", l)
		}
	}
}

// BenchmarkHostileCommentFit measures cutting a comment with 200,000
// findings (one file of 200,000 unclosed `{`) to GitHub's limit.
func BenchmarkHostileCommentFit(b *testing.B) {
	rep := &lint.Report{Files: 1}
	for i := 0; i < 200000; i++ {
		rep.Findings = append(rep.Findings, lint.Finding{Rule: "template-syntax", Severity: lint.Error, Path: "prompts/b.yaml",
			Pos: lint.Pos{Line: 4, Col: 2*i + 11}, Message: `unclosed field "{": expected "}" before the end of the text`})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s := output.MarkdownString(rep, output.MarkdownOptions{MaxSize: 65536}); len(s) > 65536 {
			b.Fatalf("%d bytes", len(s))
		}
	}
}

// BenchmarkHostileTokens measures counting the tokens of a 1 MB run of
// one character, the worst case of byte-pair merging.
func BenchmarkHostileTokens(b *testing.B) {
	text := strings.Repeat("x", 1<<20)
	for i := 0; i < b.N; i++ {
		if _, err := tokens.Count("", text); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHostileRenderedComparison: a 400 KB default used 100,000 times,
// and 300 test rows, once made check allocate gigabytes; the renders are
// now bounded and the rows capped, with a note.
func TestHostileRenderedComparison(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 400000)
	tmpl := strings.Repeat("{a}", 100000)
	var rows strings.Builder
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&rows, "  - a: v%d\n", i)
	}
	dir := tempTree(t, map[string]string{
		"config.yaml":         "default_environment: development\nmax_file_size: 2000000\n",
		"base/prompts/p.yaml": "version: 1.0.0\nvariables:\n  a: " + big + "\ntemplate: \"" + tmpl + "\"\ntestData:\n  - {}\n",
		"head/prompts/p.yaml": "version: 1.0.1\nvariables:\n  a: " + big + "\ntemplate: \"" + tmpl + "!\"\ntestData:\n  - {}\n",
		"base/prompts/q.yaml": "version: 1.0.0\nvariables:\n  a: null\ntemplate: 'Hi {a}.'\ntestData:\n" + rows.String(),
		"head/prompts/q.yaml": "version: 1.0.1\nvariables:\n  a: null\ntemplate: 'Hi {a}!'\ntestData:\n" + rows.String(),
	})
	res := promptlint(t, dir, "check", "--config", "config.yaml", "--base-dir", "base", "--head-dir", "head", "--format", "json", "--fail-on", "none")
	if res.code != exitOK {
		t.Fatalf("check: %v", res)
	}
	rep := decodeReport(t, res.stdout)
	for _, p := range rep.Prompts {
		switch {
		case p.Rendered == nil:
			t.Errorf("%s: no rendered comparison", p.Path)
		case p.Path == "prompts/p.yaml" && p.Rendered.Errors != 1:
			t.Errorf("%s: %d rows not rendered, want 1 (output over the limit)", p.Path, p.Rendered.Errors)
		case p.Path == "prompts/q.yaml" && len(p.Rendered.Rows) != 100:
			t.Errorf("%s: %d rows rendered, want the first 100", p.Path, len(p.Rendered.Rows))
		}
	}
	if !strings.Contains(res.stdout, "only the first 100 of the 300 test rows") {
		t.Errorf("no note about the rows left unrendered")
	}
}
