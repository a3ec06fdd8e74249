package checklist

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseBodyTasks(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []Task
	}{
		{
			name: "markers and box states",
			body: "- [x] dash\n* [X] star\n+ [ ] plus\n1. [x] ordered\n12) [ ] paren\n  - [x] nested\n\t- [x] tab nested",
			want: []Task{
				{Checked: true, Text: "dash", Line: 1},
				{Checked: true, Text: "star", Line: 2},
				{Checked: false, Text: "plus", Line: 3},
				{Checked: true, Text: "ordered", Line: 4},
				{Checked: false, Text: "paren", Line: 5},
				{Checked: true, Text: "nested", Line: 6},
				{Checked: true, Text: "tab nested", Line: 7},
			},
		},
		{
			name: "not tasks",
			body: "-[x] no space\n- [x]glued\n- [y] other letter\n[x] no marker\n- [x](https://example.com) a link\n- [ x ] padded\n1.[x] glued number\nText - [x] mid line",
		},
		{
			name: "empty box at the end of the line",
			body: "- [x]\n- [ ]   ",
			want: []Task{{Checked: true, Line: 1}, {Line: 2}},
		},
		{
			name: "hidden id and text around it",
			body: "- [x] <!-- promptlint:ab-tested --> A/B tested, n=500\n- [ ] Monitoring <!--promptlint: Monitoring--> set up\n- [x] <!-- reviewer: please check --> Docs",
			want: []Task{
				{Checked: true, Text: "A/B tested, n=500", ID: "ab-tested", Line: 1},
				{Checked: false, Text: "Monitoring set up", ID: "monitoring", Line: 2},
				{Checked: true, Text: "Docs", Line: 3},
			},
		},
		{
			name: "fenced code blocks",
			body: "```markdown\n- [x] in backticks\n```\n~~~\n- [x] in tildes\n```\n- [x] still in tildes\n~~~\n````\n```\n- [x] inside a longer fence\n````\n- [x] after the fences",
			want: []Task{{Checked: true, Text: "after the fences", Line: 13}},
		},
		{
			name: "unclosed fence swallows the rest",
			body: "- [x] before\n```\n- [x] never closed",
			want: []Task{{Checked: true, Text: "before", Line: 1}},
		},
		{
			name: "html comments over several lines",
			body: "<!--\n- [x] commented out\n-->\n- [x] live <!-- opens here\n- [x] hidden\n  --> trailing\n<!-- one line --> - [x] after a comment block\n<!-- - [x] one-line comment -->\n- [ ] last",
			want: []Task{
				{Checked: true, Text: "live", Line: 4},
				{Checked: false, Text: "last", Line: 9},
			},
		},
		{
			name: "comment markers inside code do not open comments",
			body: "```html\n<!--\n```\n- [x] after code",
			want: []Task{{Checked: true, Text: "after code", Line: 4}},
		},
		{
			name: "blockquotes do not attest",
			body: "> - [x] quoted\n>> * [x] deeper\n- [x] mine",
			want: []Task{{Checked: true, Text: "mine", Line: 3}},
		},
		{
			name: "fence opened in a quote ends with the quote",
			body: "> ```\n> - [x] quoted code\n- [x] outside",
			want: []Task{{Checked: true, Text: "outside", Line: 3}},
		},
		{
			name: "crlf and lone cr",
			body: "## Checklist\r\n- [x] one\r\n- [ ] two\r- [X] three\r\n",
			want: []Task{
				{Checked: true, Text: "one", Line: 2},
				{Checked: false, Text: "two", Line: 3},
				{Checked: true, Text: "three", Line: 4},
			},
		},
		{name: "empty", body: ""},
		{name: "only white space", body: " \r\n\t\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseBody(tt.body).Items
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseBody(%q).Items =\n%+v\nwant\n%+v", tt.body, got, tt.want)
			}
		})
	}
}

func TestParseBodySections(t *testing.T) {
	body := strings.Join([]string{
		"# Prompt changes", // 1
		"",
		"## What changed:",
		"- support_agent 2.0.0 → 2.1.0 <!-- was 2.0.0 -->",
		"- asks for one next step",
		"",
		"### 🧪 Testing Results ###",
		"<!-- paste numbers -->",
		"- ",
		"- [ ]",
		"",
		"## Rollout Plan",
		"1. staging",
		"2. 10% of traffic",
		"## ROLLBACK PLAN",
		"```sh",
		"# not a heading",
		"kubectl rollout undo deploy/support",
		"```",
		"## Notes",
		"> ## Rollback plan",
		"> quoted, not a heading",
		"## Rollout plan",
		"then everyone",
	}, "\n")
	b := ParseBody(body)
	tests := []struct{ name, want string }{
		{"What changed", "- support_agent 2.0.0 → 2.1.0\n- asks for one next step\n\n🧪 Testing Results"},
		{"what-changed", "- support_agent 2.0.0 → 2.1.0\n- asks for one next step\n\n🧪 Testing Results"},
		{"Testing results", ""},
		{"Rollout plan", "1. staging\n2. 10% of traffic\n\nthen everyone"},
		{"Rollback plan", "```sh\n# not a heading\nkubectl rollout undo deploy/support\n```"},
		{"Notes", "> ## Rollback plan\n> quoted, not a heading"},
		{"not a heading", ""},
		{"Missing", ""},
	}
	for _, tt := range tests {
		if got := b.SectionText(tt.name); got != tt.want {
			t.Errorf("SectionText(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := b.SectionText("Prompt changes"); !strings.Contains(got, "What changed") || !strings.Contains(got, "then everyone") {
		t.Errorf("top-level section does not hold its subsections: %q", got)
	}
}

func TestParseBodySectionPlaceholders(t *testing.T) {
	body := "## Rollback plan\r\n<!--\r\n  How to go back?\r\n-->\r\n\r\n- [ ] \r\n1.\r\n## Rollout plan\r\n<!-- later --> flip the flag\r\n"
	b := ParseBody(body)
	if got := b.SectionText("Rollback plan"); got != "" {
		t.Errorf("placeholder-only section = %q, want empty", got)
	}
	if got := b.SectionText("Rollout plan"); got != "flip the flag" {
		t.Errorf("SectionText(Rollout plan) = %q, want %q", got, "flip the flag")
	}
}

// TestSectionStandIns checks that a section holding only a stand-in for
// content ("N/A", "(none)", "TBD", "-", GitHub issue forms' "_No
// response_") is empty, and that a section saying anything more is not.
func TestSectionStandIns(t *testing.T) {
	for _, text := range []string{
		"(none)", "N/A", "n/a.", "NA", "TBD", "tbd", "-", "—", "...", "…", "?", "None.", "none needed",
		"_No response_", "**N/A**", "`TBD`", "- N/A", "* [ ] TBD", "1. none", "Not applicable.",
		"TODO", "To be determined", "Nothing", "No", "- tbd\n- n/a", "[none]", "<none>", "\"N/A\"", "Pending",
	} {
		body := "## Rollback plan\n" + text + "\n## Rollout plan\nflip the flag\n"
		b := ParseBody(body)
		if got := b.SectionText("Rollback plan"); got != "" {
			t.Errorf("section %q: SectionText = %q, want empty", text, got)
		}
		if got := b.StandIn("Rollback plan"); got == "" && b.Sections["rollback plan"] != "" {
			t.Errorf("section %q: StandIn is empty", text)
		}
		if got := b.SectionText("Rollout plan"); got != "flip the flag" {
			t.Errorf("section %q: the next section reads %q", text, got)
		}
	}
	for _, text := range []string{
		"Revert to 2.0.0.", "N/A: the prompt is new, so deleting it is the rollback.", "None of the callers cache it; revert the commit.",
		"- revert the commit\n- n/a", "Set SUPPORT_PROMPT_VERSION=2.0.0", "No-op: flip the flag back", "1. none\n2. redeploy 2.0.0",
	} {
		b := ParseBody("## Rollback plan\n" + text + "\n")
		if got := b.SectionText("Rollback plan"); got == "" {
			t.Errorf("section %q: SectionText is empty, want the plan", text)
		}
		if got := b.StandIn("Rollback plan"); got != "" {
			t.Errorf("section %q: StandIn = %q, want empty", text, got)
		}
	}
	if got := ParseBody("## Notes\nhi\n").StandIn("Rollback plan"); got != "" {
		t.Errorf("missing section: StandIn = %q", got)
	}
}

// fixtureBodies returns the PR bodies of GitHub's example webhook payloads,
// "" for a null body.
func fixtureBodies(t testing.TB) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../../testdata/fixtures/github/webhook-pull_request-*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no webhook fixtures: %v", err)
	}
	bodies := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ev struct {
			PullRequest struct {
				Body *string `json:"body"`
			} `json:"pull_request"`
		}
		if err := json.Unmarshal(data, &ev); err != nil {
			t.Fatalf("decoding %s: %v", f, err)
		}
		body := ""
		if ev.PullRequest.Body != nil {
			body = *ev.PullRequest.Body
		}
		bodies[filepath.Base(f)] = body
	}
	return bodies
}

func TestParseBodyFixtures(t *testing.T) {
	bodies := fixtureBodies(t)
	if body, ok := bodies["webhook-pull_request-opened-null-body.json"]; !ok || body != "" {
		t.Fatalf("null-body fixture: body %q, present %v", body, ok)
	}
	for name, body := range bodies {
		b := ParseBody(body)
		if len(b.Items) != 0 || len(b.Sections) != 0 {
			t.Errorf("%s: ParseBody = %+v, want nothing", name, b)
		}
		for _, id := range allItems {
			if ok, how := ItemChecked(b, id); ok || how != "no checkbox" {
				t.Errorf("%s: ItemChecked(%q) = %v, %q", name, id, ok, how)
			}
		}
		if b.SectionText("Rollback plan") != "" {
			t.Errorf("%s: rollback plan found", name)
		}
	}
}

// allItems are the checklist item ids.
var allItems = func() []string {
	var ids []string
	for _, it := range Items {
		ids = append(ids, it.ID)
	}
	return ids
}()

func TestItemChecked(t *testing.T) {
	tests := []struct {
		name string
		body string
		id   string
		ok   bool
		how  string
	}{
		{
			name: "by id",
			body: "intro\n- [x] <!-- promptlint:ab-tested --> tested it",
			id:   "ab-tested", ok: true, how: "ticked on line 2",
		},
		{
			name: "id is case-insensitive",
			body: "- [X] <!-- promptlint:Rollback-Plan --> ready",
			id:   "rollback-plan", ok: true, how: "ticked on line 1",
		},
		{
			name: "unticked id wins over ticked text",
			body: "- [ ] <!-- promptlint:monitoring --> Monitoring configured\n- [x] Alerts on latency above 5s",
			id:   "monitoring", ok: false, how: "not ticked on line 1",
		},
		{
			name: "every copy of the id must be ticked",
			body: "- [x] <!-- promptlint:semver --> bumped\n\n- [ ] <!-- promptlint:semver --> bumped",
			id:   "semver", ok: false, how: "not ticked on line 3",
		},
		{
			name: "by text",
			body: "- [x] **A/B tested** on 2,000 conversations",
			id:   "ab-tested", ok: true, how: "ticked on line 1, matched by text",
		},
		{
			name: "by text, hyphenated",
			body: "- [x] AB-tested against 2.0.0",
			id:   "ab-tested", ok: true, how: "ticked on line 1, matched by text",
		},
		{
			name: "first keyword decides: metrics, not semver",
			body: "- [x] Key metrics better than in the previous version",
			id:   "metrics-improved", ok: true, how: "ticked on line 1, matched by text",
		},
		{
			name: "first keyword decides: the same box does not attest semver",
			body: "- [x] Key metrics better than in the previous version",
			id:   "semver", ok: false, how: "no checkbox",
		},
		{
			name: "one box never attests two items",
			body: "- [x] Rollback plan and monitoring in place",
			id:   "monitoring", ok: false, how: "no checkbox",
		},
		{
			name: "negated text attests nothing",
			body: "- [x] No A/B test: wording-only change",
			id:   "ab-tested", ok: false, how: "no checkbox",
		},
		{
			name: "n/a attests nothing",
			body: "- [x] Monitoring: N/A",
			id:   "monitoring", ok: false, how: "no checkbox",
		},
		{
			name: "a box with another item's id is not matched by text",
			body: "- [x] <!-- promptlint:docs-updated --> Changelog notes the rollback steps",
			id:   "rollback-plan", ok: false, how: "no checkbox",
		},
		{
			name: "unticked text match",
			body: "- [ ] Team review done",
			id:   "team-reviewed", ok: false, how: "not ticked on line 1",
		},
		{
			name: "words inside other words do not match",
			body: "- [x] Preview environment updated",
			id:   "team-reviewed", ok: false, how: "no checkbox",
		},
		{
			name: "ticked box in a comment",
			body: "<!--\n- [x] <!-- promptlint:error-handling --> handled\n-->",
			id:   "error-handling", ok: false, how: "no checkbox",
		},
		{
			name: "ticked box in code",
			body: "```\n- [x] <!-- promptlint:error-handling --> handled\n```",
			id:   "error-handling", ok: false, how: "no checkbox",
		},
		{name: "empty body", body: "", id: "semver", ok: false, how: "no checkbox"},
		{name: "empty id", body: "- [x] anything", id: "", ok: false, how: "no checkbox"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, how := ItemChecked(ParseBody(tt.body), tt.id)
			if ok != tt.ok || how != tt.how {
				t.Errorf("ItemChecked = %v, %q, want %v, %q", ok, how, tt.ok, tt.how)
			}
		})
	}
}

// TestItemCheckedByText ties each hand-written checklist line, in the style
// teams paste into PR descriptions, to exactly one item.
func TestItemCheckedByText(t *testing.T) {
	lines := map[string]string{
		"semver":           "**Version tagged** per semantic versioning",
		"ab-tested":        "**A/B tested** with enough samples to be significant",
		"metrics-improved": "**Business metrics** up against the current version",
		"error-handling":   "**Error handling** in place for edge cases",
		"monitoring":       "**Monitoring and alerts** set up",
		"rollback-plan":    "**Rollback plan** written down and rehearsed",
		"team-reviewed":    "**Team reviewed** and approved the change",
		"docs-updated":     "**Documentation updated** with the reasoning and results",
	}
	for ticked, line := range lines {
		var body strings.Builder
		for _, id := range allItems {
			box := "[ ]"
			if id == ticked {
				box = "[x]"
			}
			body.WriteString("- " + box + " " + lines[id] + "\n")
		}
		b := ParseBody(body.String())
		for i, id := range allItems {
			want := fmt.Sprintf("not ticked on line %d", i+1)
			if id == ticked {
				want = fmt.Sprintf("ticked on line %d, matched by text", i+1)
			}
			if ok, how := ItemChecked(b, id); ok != (id == ticked) || how != want {
				t.Errorf("ticking %q: ItemChecked(%q) = %v, %q, want %q", line, id, ok, how, want)
			}
		}
	}
}

func TestPRTemplate(t *testing.T) {
	b := ParseBody(PRTemplate)
	if len(b.Items) != len(allItems) {
		t.Fatalf("template has %d boxes, want %d", len(b.Items), len(allItems))
	}
	for _, name := range []string{"What changed", "Testing results", "Rollout plan", "Rollback plan"} {
		if _, ok := b.Sections[normalizeHeading(name)]; !ok {
			t.Errorf("template has no %q section", name)
		}
		if got := b.SectionText(name); got != "" {
			t.Errorf("untouched template: SectionText(%q) = %q, want empty", name, got)
		}
	}
	for i, id := range allItems {
		if b.Items[i].ID != id || b.Items[i].Checked {
			t.Errorf("box %d = %+v, want unticked %q", i, b.Items[i], id)
		}
		if ok, how := ItemChecked(b, id); ok || !strings.HasPrefix(how, "not ticked") {
			t.Errorf("untouched template: ItemChecked(%q) = %v, %q", id, ok, how)
		}
		// Each box's wording alone, without its id, names its own item.
		if got := textItem(b.Items[i].Text); got != id {
			t.Errorf("box text %q matches %q, want %q", b.Items[i].Text, got, id)
		}
	}
	for _, ticked := range allItems {
		marker := "- [ ] <!-- promptlint:" + ticked + " -->"
		body := strings.Replace(PRTemplate, marker, "- [x] <!-- promptlint:"+ticked+" -->", 1)
		if body == PRTemplate {
			t.Fatalf("template has no %q", marker)
		}
		// GitHub returns what the user saved, often with CRLF line endings.
		body = strings.ReplaceAll(body, "\n", "\r\n")
		b := ParseBody(body)
		for _, id := range allItems {
			if ok, _ := ItemChecked(b, id); ok != (id == ticked) {
				t.Errorf("ticking %q: ItemChecked(%q) = %v", ticked, id, ok)
			}
		}
	}
	filled := strings.Replace(PRTemplate, "## Rollback plan\n", "## Rollback plan\n\nRevert to 2.0.0 by setting SUPPORT_PROMPT_VERSION.\n", 1)
	if got := ParseBody(filled).SectionText("Rollback plan"); got != "Revert to 2.0.0 by setting SUPPORT_PROMPT_VERSION." {
		t.Errorf("filled rollback plan = %q", got)
	}
}

func FuzzParseBody(f *testing.F) {
	f.Add(PRTemplate)
	for _, body := range fixtureBodies(f) {
		f.Add(body)
	}
	for _, seed := range []string{
		"- [x] a\r\n```\r\n- [x] b\r\n```\r- [ ] c",
		"<!--\n- [x] x\n-->- [x] y <!-- z",
		"> ```\n> - [x]\n```\n#\n###### h ###\n- [X]",
		"## Rollback plan <!--\n-->\n~~~~\n~~~\n",
		"\uFEFF1) [x] <!-- promptlint:semver --> v",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		b := ParseBody(body)
		norm := strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
		lines := strings.Count(norm, "\n") + 1
		prev := 0
		for _, task := range b.Items {
			if task.Line < 1 || task.Line > lines || task.Line <= prev {
				t.Fatalf("task %+v: line outside 1..%d or out of order", task, lines)
			}
			prev = task.Line
			if strings.ContainsAny(task.Text, "\n\r") || task.Text != strings.TrimSpace(task.Text) {
				t.Fatalf("task text %q is not one trimmed line", task.Text)
			}
		}
		for key, text := range b.Sections {
			if key != normalizeHeading(key) || text != strings.TrimSpace(text) {
				t.Fatalf("section %q: key not normalized or text %q not trimmed", key, text)
			}
		}
		for _, id := range allItems {
			ItemChecked(b, id)
		}
	})
}

func BenchmarkParseBody(b *testing.B) {
	body := strings.Repeat(strings.Replace(PRTemplate, "- [ ] <!-- promptlint:ab-tested -->", "- [x] <!-- promptlint:ab-tested -->", 1), 4)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		ParseBody(body)
	}
}

// TestPlaceholderEmpty holds Placeholder's answer for no text, given
// without splitting it into lines, to what its one line says: no words,
// which stand in for content.
func TestPlaceholderEmpty(t *testing.T) {
	if got, want := Placeholder(""), placeholders[placeholderWords("")]; got != want || !got {
		t.Errorf("Placeholder(\"\") = %v, its one line says %v", got, want)
	}
}
