package output

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint"
)

var (
	mentionRe  = regexp.MustCompile(`@[A-Za-z0-9]`)
	issueRe    = regexp.MustCompile(`#[0-9]`)
	allowedTag = regexp.MustCompile(`</?(details|summary)>|<br>`)
)

// checkMarkdown asserts what every comment body must hold: the marker is
// the first line and no other, every fence opened is closed, and outside
// code there is no raw mention, issue reference or HTML other than our own
// tags, and <details> opens and closes in pairs; the body fits max bytes.
func checkMarkdown(t *testing.T, body string, max int) {
	t.Helper()
	if len(body) > max {
		t.Errorf("body is %d bytes, over %d", len(body), max)
	}
	lines := strings.Split(body, "\n")
	if lines[0] != Marker {
		t.Fatalf("first line = %q, want the marker", lines[0])
	}
	fence := ""
	opened, closed := 0, 0
	for i, l := range lines {
		if i > 0 && l == Marker {
			t.Errorf("line %d repeats the marker", i+1)
		}
		if strings.ContainsRune(l, '\r') {
			t.Errorf("line %d has a raw CR: %q", i+1, l)
		}
		trimmed := strings.TrimLeft(l, " ")
		indent := len(l) - len(trimmed)
		if fence != "" {
			if indent < 4 && strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, "` \t") == "" {
				fence = ""
			}
			continue
		}
		if indent < 4 && strings.HasPrefix(trimmed, "```") {
			n := len(trimmed) - len(strings.TrimLeft(trimmed, "`"))
			fence = strings.Repeat("`", n)
			continue
		}
		if strings.HasPrefix(trimmed, "~~~") {
			t.Errorf("line %d opens a tilde fence: %q", i+1, l)
		}
		text := strings.ReplaceAll(l, zwspEntity, zwsp)
		if i == 0 {
			continue
		}
		if mentionRe.MatchString(text) {
			t.Errorf("line %d has a raw mention: %q", i+1, l)
		}
		if issueRe.MatchString(text) {
			t.Errorf("line %d has a raw issue reference: %q", i+1, l)
		}
		if strings.Contains(allowedTag.ReplaceAllString(text, ""), "<") {
			t.Errorf("line %d has raw HTML: %q", i+1, l)
		}
		if strings.HasPrefix(l, "| --- ") && (i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "| ")) {
			t.Errorf("line %d: a table without rows", i+1)
		}
		opened += strings.Count(l, "<details>")
		closed += strings.Count(l, "</details>")
	}
	if fence != "" {
		t.Errorf("fence %s is never closed", fence)
	}
	if opened != closed {
		t.Errorf("%d <details> opened, %d closed", opened, closed)
	}
}

func markdownOf(r *lint.Report, opts MarkdownOptions) string {
	return MarkdownString(r, opts)
}

func TestMarkdownSample(t *testing.T) {
	body := markdownOf(sampleReport(), MarkdownOptions{})
	checkMarkdown(t, body, DefaultMaxSize)
	lines := strings.Split(body, "\n")
	if want := "### ❌ promptlint: 2 errors, 1 warning, 1 notice in 4 changed prompts"; lines[1] != want {
		t.Errorf("verdict = %q, want %q", lines[1], want)
	}
	for _, want := range []string{
		"| **support\\_reply**<br>prompts/support.yaml | 1.2.0 → 2.0.0 | `major` ✅ | 85.3% | +2 −1 | +tone | 120 → 134 (+11.7%) | ✅ deploy |",
		"`patch` / needs `minor` ❌", "≈50.0%", "−style ~name", "0 → 9 |",
		"**summarize** (added)<br>prompts/summarize.prompt.yml | — → 1.0.0 |",
		"(removed)<br>prompts/legacy.prompty | 0.3.1 → — |",
		"prompts/hello.md → prompts/greeting.md",
		"Rendered test inputs: 2 of 4 outputs changed; similarity average 91.2%, min 80.0%, max 100.0%; 1 row could not be rendered.",
		"| `ab-tested` | yes | ✅ verified | n=500/500, 80.0% → 85.0%, p=0.037 |",
		"☑️ attested", "❌ missing", "➖ not-required",
		"| ❌ error | `variable-undefined` | prompts/support.yaml:7:21 | variable \"order\\_id\" is used but not declared |",
		"#### Notes",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q", want)
		}
	}
	// the greeting diff has a run of three backticks: its fence is longer
	if !strings.Contains(body, "````diff\n") {
		t.Error("the fence of a diff with ``` is not longer than 3")
	}
}

func TestMarkdownVerdicts(t *testing.T) {
	p := &lint.Prompt{Path: "a.yaml", Name: "a"}
	tests := []struct {
		r    *lint.Report
		opts MarkdownOptions
		want string
	}{
		{&lint.Report{Check: true, Prompts: []lint.PromptReport{{Prompt: p, Status: lint.Added}}}, MarkdownOptions{}, "### ✅ promptlint: 1 changed prompt, no findings"},
		{&lint.Report{Check: true}, MarkdownOptions{}, "### ✅ promptlint: no changed prompts"},
		{&lint.Report{Check: true}, MarkdownOptions{Clean: true}, "### ✅ promptlint: no changed prompts, prompts are clean again"},
		{&lint.Report{Files: 3}, MarkdownOptions{}, "### ✅ promptlint: 3 prompt files, no findings"},
		{&lint.Report{Files: 1, Findings: []lint.Finding{{Severity: lint.Warning}}}, MarkdownOptions{Title: "prompts @team"}, "### ⚠️ prompts @&#8203;team: 1 warning in 1 prompt file"},
	}
	for _, tt := range tests {
		body := markdownOf(tt.r, tt.opts)
		checkMarkdown(t, body, DefaultMaxSize)
		if got := strings.Split(body, "\n")[1]; got != tt.want {
			t.Errorf("verdict = %q, want %q", got, tt.want)
		}
	}
}

func TestMarkdownLintMode(t *testing.T) {
	body := markdownOf(lintReport(), MarkdownOptions{})
	checkMarkdown(t, body, DefaultMaxSize)
	if strings.Contains(body, "| Prompt |") || strings.Contains(body, "<details>") {
		t.Error("lint mode body has the changed prompts table or diffs")
	}
	if !strings.Contains(body, "| ⚠️ warning | `version-missing` | prompts/b.prompt:1:1 | prompt has no version |") {
		t.Errorf("lint body lacks its findings:\n%s", body)
	}
}

// hostile is text that tries to break out of every context of the comment.
const hostile = "````` ``````\n</details>\n<!-- promptlint -->\n<!--\n-->\n<img src=x onerror=alert(1)>\n@octocat and #1 and GH-12 | a | b\n<script>x</script> &amp; **bold** [link](javascript:x)\n\r<!-- promptlint -->\r"

func hostileMarkdownReport() *lint.Report {
	p := &lint.Prompt{Path: "prompts/" + hostile + ".yaml", Name: hostile, Version: "@v1 #2"}
	return &lint.Report{
		Check: true, Files: 1,
		Prompts: []lint.PromptReport{{Prompt: p, Base: p, Status: lint.Renamed, Recommendation: hostile, Change: &lint.Change{
			OldPath: "old/" + hostile, OldVersion: hostile, NewVersion: "1.0.0", UnifiedDiff: hostile + "\n" + Marker + "\n```\n",
			Reasons: []lint.Reason{{Text: hostile}}, VarsAdded: []string{hostile}, Messages: []lint.MessageChange{{Role: hostile, Status: lint.Modified}},
		}}},
		Findings:  []lint.Finding{{Rule: "r", Severity: lint.Error, Path: hostile, Message: hostile, Prompt: hostile}},
		Checklist: []lint.ChecklistItem{{Prompt: hostile, Path: hostile, Environment: hostile, ID: "semver", Status: lint.Missing, Evidence: hostile}},
		Notes:     []string{hostile, "- [x] looks like a task", "1. looks like a list", "# heading"},
	}
}

func TestMarkdownHostile(t *testing.T) {
	body := markdownOf(hostileMarkdownReport(), MarkdownOptions{Title: hostile, RunURL: "https://x/y) [a](b <c>"})
	checkMarkdown(t, body, DefaultMaxSize)
	// the diff keeps its text, inside a fence longer than its longest run of backticks (6)
	if !strings.Contains(body, "```````diff\n````` ``````") {
		t.Errorf("diff not fenced with 7 backticks:\n%s", body)
	}
	for _, bad := range []string{"\n# heading", "\n- [x]", "\n- 1. ", "\n- - "} {
		if strings.Contains(body, bad) {
			t.Errorf("a note started a block: %q", bad)
		}
	}
	if strings.Contains(body, "[View the workflow run](https://x/y) ") {
		t.Error("the run URL closed its link")
	}
	if !strings.Contains(body, `\[link\](javascript:x)`) {
		t.Error("link brackets are not escaped outside code")
	}
}

func TestEscapeBlockStart(t *testing.T) {
	tests := map[string]string{"- item": `\- item`, "+ x": `\+ x`, "12. item": `12\. item`, "3) x": `3\) x`, "12 items": "12 items", "": "", "a - b": "a - b"}
	for in, want := range tests {
		if got := escapeBlockStart(in); got != want {
			t.Errorf("escapeBlockStart(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownInlineEscapes(t *testing.T) {
	tests := []struct{ in, md, html string }{
		{"@octocat", "@&#8203;octocat", "@&#8203;octocat"},
		{"#12 and #x", `\#&#8203;12 and \#x`, "#&#8203;12 and #x"},
		{"gh-7", "gh&#8203;-7", "gh&#8203;-7"},
		// inside a run of plain text, after a non-ASCII rune, and an h
		// after a g with no dash
		{"see GH-7 now", "see GH&#8203;-7 now", "see GH&#8203;-7 now"},
		{"éGh-1 gH-", "éGh&#8203;-1 gH&#8203;-", "éGh&#8203;-1 gH&#8203;-"},
		{"ghost gh", "ghost gh", "ghost gh"},
		{"a|b", `a\|b`, "a|b"},
		{"<b>&", "&lt;b&gt;&amp;", "&lt;b&gt;&amp;"},
		{"x\r\ny\nz", "x y z", "x y z"},
		{"*_`~[]$!\\", `\*\_\` + "`" + `\~\[\]\$\!\\`, "*_`~[]$!\\"},
		{"- item", "- item", "- item"},
		{"12. item", "12. item", "12. item"},
		{`say "hi"`, `say "hi"`, "say &quot;hi&quot;"},
		{"\x00\u202e", "\uFFFD\uFFFD", "\uFFFD\uFFFD"},
	}
	for _, tt := range tests {
		if got := mdText(tt.in); got != tt.md {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.md)
		}
		if got := htmlText(tt.in); got != tt.html {
			t.Errorf("htmlText(%q) = %q, want %q", tt.in, got, tt.html)
		}
	}
}

// bigReport has n changed prompts, each with a diff of about size bytes.
func bigReport(n, size int) *lint.Report {
	r := &lint.Report{Check: true, Files: n}
	line := "+" + strings.Repeat("lorem ipsum ", 6) + "\n"
	for i := range n {
		p := &lint.Prompt{Path: fmt.Sprintf("prompts/p%03d.yaml", i), Name: fmt.Sprintf("prompt_%03d", i), Version: "1.1.0"}
		diff := strings.Repeat(line, size/len(line)+i%7)
		r.Prompts = append(r.Prompts, lint.PromptReport{Prompt: p, Base: p, Status: lint.Modified, Recommendation: "review", Change: &lint.Change{
			OldVersion: "1.0.0", NewVersion: "1.1.0", Bump: lint.BumpMinor, Required: lint.BumpMinor, Similarity: 0.5,
			AddedLines: lineCount(diff), UnifiedDiff: diff, TokensOld: 100, TokensNew: 180,
		}})
		r.Findings = append(r.Findings, lint.Finding{Rule: "some-rule", Severity: lint.Warning, Path: p.Path, Pos: lint.Pos{Line: 1, Col: 1}, Message: "a finding about " + p.Name})
		for _, id := range []string{"semver", "ab-tested"} {
			r.Checklist = append(r.Checklist, lint.ChecklistItem{Prompt: p.Name, Path: p.Path, Environment: "production", ID: id, Required: true, Status: lint.Missing})
		}
	}
	return r
}

func TestMarkdownSize(t *testing.T) {
	r := bigReport(200, 5000)
	body := markdownOf(r, MarkdownOptions{})
	checkMarkdown(t, body, DefaultMaxSize)
	for _, p := range r.Prompts {
		if !strings.Contains(body, "| **"+mdText(p.Prompt.Name)+"**<br>") {
			t.Fatalf("the prompt table lost %s", p.Prompt.Name)
		}
	}
	if !strings.Contains(body, "to fit GitHub's comment limit") {
		t.Error("no note says what was cut")
	}
	// checklist rows go before findings
	if !strings.Contains(body, "a finding about prompt\\_199 |") {
		t.Error("findings were cut before the checklist")
	}

	// a smaller report keeps some diffs whole and cuts the largest first
	r = bigReport(12, 5000)
	body = markdownOf(r, MarkdownOptions{MaxSize: 40000})
	checkMarkdown(t, body, 40000)
	cut := strings.Count(body, "_diff cut to fit GitHub's comment limit")
	whole := strings.Count(body, "```diff")
	if cut == 0 || whole == 0 || cut+whole != 12 {
		t.Errorf("cut %d and kept %d diffs of 12", cut, whole)
	}
	if !strings.Contains(body, "diffs were cut to fit GitHub's comment limit, largest first") {
		t.Error("no note about the cut diffs")
	}
	// p006 has the largest diff (i%7 == 6) and is cut first; p000 has
	// the smallest and is kept
	if s := detailsOf(body, "prompt_006"); !strings.Contains(s, "_diff cut to fit") {
		t.Errorf("the largest diff was not cut: %.200q", s)
	}
	if s := detailsOf(body, "prompt_000"); !strings.Contains(s, "```diff") {
		t.Errorf("the smallest diff was cut: %.200q", s)
	}
}

// detailsOf returns the <details> section of the named prompt, or "".
func detailsOf(body, name string) string {
	i := strings.Index(body, "<summary>"+name+":")
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</details>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

func TestMarkdownSizeLimits(t *testing.T) {
	r := bigReport(30, 2000)
	full := markdownOf(r, MarkdownOptions{MaxSize: 1 << 30})
	for _, limit := range []int{300, 1000, 4000, 10000, 20000, 50000, len(full) - 1, len(full)} {
		body := markdownOf(r, MarkdownOptions{MaxSize: limit})
		checkMarkdown(t, body, limit)
		if limit >= len(full) && body != full {
			t.Errorf("limit %d: body cut though the whole one fits", limit)
		}
		if !strings.HasPrefix(body, Marker+"\n### ") {
			t.Errorf("limit %d: body lost the marker or verdict", limit)
		}
	}
}

func TestMarkdownSizeAccounting(t *testing.T) {
	d := buildDoc(hostileMarkdownReport(), MarkdownOptions{RunURL: "https://example.com/run"})
	d2 := buildDoc(bigReport(5, 500), MarkdownOptions{})
	for _, doc := range []*mdDoc{d, d2} {
		for _, c := range []mdCuts{
			{diffs: map[int]bool{}, findings: len(doc.findRows), checklist: len(doc.checkRows), prompts: len(doc.tableRows)},
			{diffs: map[int]bool{0: true}, findings: 0, checklist: min(1, len(doc.checkRows)), prompts: 1},
			{diffs: map[int]bool{}, noDetails: true, findings: 1, checklist: 0, prompts: 0},
		} {
			if got, want := doc.size(c), len(doc.render(c)); got != want {
				t.Errorf("size = %d, rendered %d bytes (cuts %+v)", got, want, c)
			}
		}
	}
}

func TestMarkdownDeterministic(t *testing.T) {
	for _, r := range []func() *lint.Report{sampleReport, hostileMarkdownReport, func() *lint.Report { return bigReport(50, 3000) }} {
		a := markdownOf(r(), MarkdownOptions{MaxSize: 30000})
		b := markdownOf(r(), MarkdownOptions{MaxSize: 30000})
		if a != b {
			t.Error("two bodies of the same report differ")
		}
	}
}

// corpusSeeds returns a few real prompt files from the repository's
// corpus (testdata/corpus); it fails when there are none, so a fuzz run
// never goes on without its seeds.
func corpusSeeds(tb testing.TB, max int) []string {
	var seeds []string
	root := filepath.Join("..", "..", "testdata", "corpus")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || len(seeds) >= max || !strings.Contains(d.Name(), "prompt") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil && len(b) < 4000 {
			seeds = append(seeds, string(b))
		}
		return err
	})
	if err != nil || len(seeds) < max {
		tb.Fatalf("corpus %s: %d seeds, want %d: %v", root, len(seeds), max, err)
	}
	return seeds
}

func FuzzMarkdown(f *testing.F) {
	f.Add("@@ -1 +1 @@\n-a\n+b\n", "variable \"x\" is used but not declared", "support_reply", 65536)
	f.Add(hostile, hostile, hostile, 2000)
	f.Add("```\n</details>\n", "@octocat #1", "<!-- promptlint -->", 700)
	f.Add("\r<!-- promptlint -->\r\n\x00", "\n\n", "`", 900)
	for _, s := range corpusSeeds(f, 6) {
		s = s[:min(len(s), 600)]
		f.Add("+"+strings.ReplaceAll(s, "\n", "\n+"), s, s, 3000)
	}
	f.Fuzz(func(t *testing.T, diff, msg, name string, size int) {
		// Each text appears a dozen times in the report; what breaks
		// escaping and cutting shows in a few hundred bytes (the limit
		// goes down to 600), and long inputs only slow the search down.
		const maxText = 1 << 10
		diff, msg, name = diff[:min(len(diff), maxText)], msg[:min(len(msg), maxText)], name[:min(len(name), maxText)]
		if size < 0 {
			size = -size
		}
		limit := 600 + size%70000
		p := &lint.Prompt{Path: name + ".yaml", Name: name, Version: name}
		r := &lint.Report{
			Check: true, Files: 2,
			Prompts: []lint.PromptReport{
				{Prompt: p, Base: p, Status: lint.Modified, Recommendation: "review", Change: &lint.Change{
					UnifiedDiff: diff, Reasons: []lint.Reason{{Text: msg}}, VarsAdded: []string{name}}},
				{Prompt: p, Base: p, Status: lint.Renamed, Change: &lint.Change{OldPath: msg, UnifiedDiff: msg + "\n" + diff}},
			},
			Findings:  []lint.Finding{{Rule: "r", Severity: lint.Error, Path: name, Message: msg}, {Rule: "s", Severity: lint.Notice, Path: diff, Message: name}},
			Checklist: []lint.ChecklistItem{{Prompt: name, ID: "semver", Status: lint.Missing, Evidence: msg}},
			Notes:     []string{msg},
		}
		body := MarkdownString(r, MarkdownOptions{MaxSize: limit, Title: name})
		checkMarkdown(t, body, limit)
		lintBody := MarkdownString(&lint.Report{Findings: r.Findings, Notes: r.Notes}, MarkdownOptions{MaxSize: limit})
		checkMarkdown(t, lintBody, limit)
	})
}

func BenchmarkMarkdown(b *testing.B) {
	r := bigReport(200, 5000)
	b.ReportAllocs()
	for b.Loop() {
		if body := MarkdownString(r, MarkdownOptions{}); len(body) > DefaultMaxSize {
			b.Fatal("body over the limit")
		}
	}
}

func TestMarkdownCollapsesPromptsThatRequireNothing(t *testing.T) {
	p := &lint.Prompt{Path: "prompts/dev.yaml", Name: "dev_prompt", Version: "0.1.0"}
	r := &lint.Report{Check: true, Prompts: []lint.PromptReport{{Prompt: p, Status: lint.Added, Environment: "development"}}}
	for _, id := range lint.ChecklistItems {
		r.Checklist = append(r.Checklist, lint.ChecklistItem{Prompt: p.Name, Path: p.Path, Environment: "development", ID: id, Status: lint.NotRequired})
	}
	body := MarkdownString(r, MarkdownOptions{})
	if strings.Contains(body, "#### Production checklist") {
		t.Errorf("a prompt that requires nothing got a checklist table:\n%s", body)
	}
	if !strings.Contains(body, `No checklist items are required for dev\_prompt (development).`) {
		t.Errorf("no note for the exempt prompt:\n%s", body)
	}
}

func TestMarkdownSummaryCutNotesPointAtTheReport(t *testing.T) {
	r := bigReport(40, 5000)
	comment := MarkdownString(r, MarkdownOptions{MaxSize: 20000})
	summary := MarkdownString(r, MarkdownOptions{MaxSize: 20000, Summary: true})
	if !strings.Contains(comment, "comment limit") || !strings.Contains(comment, "see the job summary or the JSON report") {
		t.Errorf("the comment's cut note does not point at the job summary:\n%s", comment[max(0, len(comment)-600):])
	}
	if strings.Contains(summary, "see the job summary") || !strings.Contains(summary, "job summary limit") || !strings.Contains(summary, "see the JSON report") {
		t.Errorf("the summary's cut note points at itself:\n%s", summary[max(0, len(summary)-600):])
	}
}

func TestMarkdownGateSection(t *testing.T) {
	rep := &lint.Report{Check: true, Gate: []lint.GateChange{
		{Path: ".promptlint.yaml", Pos: lint.Pos{Line: 3, Col: 3}, Subject: "version-not-bumped", Message: `rule "version-not-bumped" is turned off (was error) in the configuration`},
		{Path: "prompts/a.yaml", Pos: lint.Pos{Line: 1, Col: 1}, Prompt: "a", Subject: "environment", Message: "the prompt moves from environment \"production\" to \"development\"\n# @team " + strings.Repeat("x", 5000)},
	}}
	body := MarkdownString(rep, MarkdownOptions{})
	if !strings.Contains(body, "#### ⚠️ This change weakens the gate\n\n- `version-not-bumped` (.promptlint.yaml:3): rule") {
		t.Errorf("no gate section under the verdict:\n%s", body)
	}
	if strings.Contains(body, "\n# @team") || strings.Contains(body, strings.Repeat("x", 400)) {
		t.Errorf("the gate section shows untrusted text raw or unbounded:\n%s", body)
	}
	if i, j := strings.Index(body, "weakens the gate"), strings.Index(body, "no changed prompts"); j < 0 || i < j {
		t.Errorf("the gate section is not right under the verdict:\n%s", body)
	}
	many := &lint.Report{Check: true}
	for i := 0; i < 45; i++ {
		many.Gate = append(many.Gate, lint.GateChange{Path: "prompts/a.yaml", Subject: "x", Message: "m"})
	}
	if body := MarkdownString(many, MarkdownOptions{}); strings.Count(body, "\n- `x`") != 30 || !strings.Contains(body, "and 15 more") {
		t.Errorf("45 changes are not cut to 30 and a count:\n%s", body)
	}
}

func TestJSONGate(t *testing.T) {
	rep := &lint.Report{Check: true, Gate: []lint.GateChange{{Path: ".promptlint.yaml", Pos: lint.Pos{Line: 3, Col: 3}, Subject: "version-not-bumped", Message: "m"}}}
	var b strings.Builder
	if err := JSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"gate": [`) || !strings.Contains(b.String(), `"subject": "version-not-bumped"`) {
		t.Errorf("no gate in the JSON report:\n%s", b.String())
	}
	b.Reset()
	if err := JSON(&b, &lint.Report{Check: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `"gate"`) {
		t.Errorf("an empty gate is written:\n%s", b.String())
	}
}

// TestMarkdownMarksFixable: in the comment's findings tables, as in the
// text output, a fixable finding is marked, and a line above the table
// says what the mark means; a table without one has neither.
func TestMarkdownMarksFixable(t *testing.T) {
	fix := &lint.Fix{Message: "bump", Edits: []lint.Edit{{Start: lint.Pos{Line: 2, Col: 10}, End: lint.Pos{Line: 2, Col: 15}, Text: "1.0.1"}}}
	rep := preexistingReport(false)
	rep.Findings = append(rep.Findings, lint.Finding{Rule: "version-not-bumped", Severity: lint.Error, Path: "prompts/support.yaml", Pos: lint.Pos{Line: 2, Col: 10}, Prompt: "support_reply", Message: "wording changed, version still 1.0.0", Fix: fix})
	md := MarkdownString(rep, MarkdownOptions{})
	new, pre, ok := strings.Cut(md, "<details><summary>")
	if !ok {
		t.Fatalf("no pre-existing section:\n%s", md)
	}
	if !strings.Contains(new, "| "+fixMark+"wording changed, version still 1.0.0 |") || strings.Count(new, fixMark) != 2 || !strings.Contains(new, fixLegend) {
		t.Errorf("the new findings' table does not mark the fixable one, or lacks the legend:\n%s", new)
	}
	if strings.Contains(pre, fixMark) {
		t.Errorf("the pre-existing table, with nothing fixable, has the mark:\n%s", pre)
	}
	rep.Findings[0].Fix = fix // the pre-existing one
	_, pre, _ = strings.Cut(MarkdownString(rep, MarkdownOptions{}), "<details><summary>")
	if !strings.Contains(pre, fixLegend) || strings.Count(pre, fixMark) != 2 {
		t.Errorf("a fixable pre-existing finding is not marked:\n%s", pre)
	}
	rep.Findings = rep.Findings[:2]
	rep.Findings[0].Fix = nil
	if md := MarkdownString(rep, MarkdownOptions{}); strings.Contains(md, fixMark) {
		t.Errorf("nothing is fixable, yet the mark is there:\n%s", md)
	}
}

// TestAnnotationMarksFixable: an annotation says when its finding is
// fixable, as the README promises for a fix the action does not suggest.
func TestAnnotationMarksFixable(t *testing.T) {
	rep := preexistingReport(false)
	rep.Findings[1].Fix = &lint.Fix{Message: "declare it"}
	var b strings.Builder
	if err := GitHub(&b, rep, 0); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], `"ticket_url" is used but not declared`+annotationFixMark) || strings.Contains(lines[1], annotationFixMark) {
		t.Errorf("want the fixable finding's annotation, and only its, marked:\n%s", b.String())
	}
}
