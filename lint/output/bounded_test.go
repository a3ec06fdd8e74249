package output

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

// checkHostile checks a change of one promptlint file from a small base
// to head with every rule.
func checkHostile(t *testing.T, head string) *lint.Report {
	t.Helper()
	const path = "prompts/hostile.yaml"
	base := "name: hostile\nversion: 0.9.0\nenvironment: production\ndescription: d\ntemplate: Answer briefly.\n"
	rep, err := lint.Run(context.Background(), lint.Input{
		Base:     fstest.MapFS{path: {Data: []byte(base)}},
		Head:     fstest.MapFS{path: {Data: []byte(head)}},
		Config:   lint.ConfigFile{Config: lint.DefaultConfig()},
		Registry: checks.All,
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// writeAll writes rep in every format, by name.
func writeAll(t *testing.T, rep *lint.Report) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name, write := range map[string]func(io.Writer) error{
		"text":       func(w io.Writer) error { return Text(w, rep) },
		"json":       func(w io.Writer) error { return JSON(w, rep) },
		"markdown":   func(w io.Writer) error { return Markdown(w, rep, MarkdownOptions{}) },
		"summary":    func(w io.Writer) error { return Markdown(w, rep, MarkdownOptions{Summary: true, MaxSize: 1 << 20}) },
		"sarif":      func(w io.Writer) error { return SARIF(w, rep, checks.All, "test") },
		"github":     func(w io.Writer) error { return GitHub(w, rep, 0) },
		"gitlab":     func(w io.Writer) error { return GitLab(w, rep) },
		"junit":      func(w io.Writer) error { return JUnit(w, rep, lint.Error) },
		"checkstyle": func(w io.Writer) error { return Checkstyle(w, rep) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.Bytes()
	}
	return out
}

// jsonDoc is what these tests read of a JSON report.
type jsonDoc struct {
	Prompts []struct {
		Name      string `json:"name"`
		Reasons   []any  `json:"reasons"`
		Variables struct {
			Added []string `json:"added"`
		} `json:"variables"`
	} `json:"prompts"`
	Findings []struct {
		Rule    string `json:"rule"`
		Prompt  string `json:"prompt"`
		Message string `json:"message"`
	} `json:"findings"`
	Checklist struct {
		Items []any `json:"items"`
	} `json:"checklist"`
	Summary lint.Summary `json:"summary"`
	Notes   []string     `json:"notes"`
	Cut     []jsonCut    `json:"cut"`
}

func decodeJSON(t *testing.T, data []byte) jsonDoc {
	t.Helper()
	var doc jsonDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// hasCut reports whether doc lists a cut of what, with found and the cap.
func hasCut(doc jsonDoc, what string, found, reported int) bool {
	for _, c := range doc.Cut {
		if c.What == what && c.Found == found && c.Reported == reported {
			return true
		}
	}
	return false
}

// checkSizes fails when an output of a report of an input of n bytes is
// over limit bytes.
func checkSizes(t *testing.T, outs map[string][]byte, n, limit int) {
	t.Helper()
	for name, b := range outs {
		if len(b) > limit {
			t.Errorf("%s report of a %d-byte file is %d bytes, want at most %d", name, n, len(b), limit)
		}
	}
}

// TestReportBoundedPrompts: a file of thousands of prompts gives a report
// of at most lint.MaxPromptsPerFile of them, with their checklist items,
// in every format; the JSON report lists the cuts, and the counts and
// the verdict are those of every prompt: a finding of a prompt past the
// cap is reported and fails the run.
func TestReportBoundedPrompts(t *testing.T) {
	const n = 20 * lint.MaxPromptsPerFile
	var b strings.Builder
	b.WriteString("version: 1.0.0\nenvironment: production\nprompts:\n")
	for i := range n {
		text := fmt.Sprintf("TODO: answer {q%d}", i)
		if i == n-1 {
			text += " with the key sk-proj-T3BlbkFJa8x9Qz2mVw7Lk4Rp" // secret-in-template: only this one
		}
		fmt.Fprintf(&b, "  - {name: prompt_%d, description: d, template: %q}\n", i, text)
	}
	rep := checkHostile(t, b.String())
	if len(rep.Prompts) != n+1 { // and the base's, removed
		t.Fatalf("%d prompts in the report, want %d", len(rep.Prompts), n+1)
	}
	outs := writeAll(t, rep)
	// Unbounded, the JSON report takes about 3 KB per prompt (its entry
	// and 8 checklist items): 6 MB here.
	checkSizes(t, outs, b.Len(), 1<<20)

	doc := decodeJSON(t, outs["json"])
	if len(doc.Prompts) != lint.MaxPromptsPerFile || len(doc.Checklist.Items) != lint.MaxChecklistPerFile {
		t.Errorf("json: %d prompts and %d checklist items, want %d and %d", len(doc.Prompts), len(doc.Checklist.Items), lint.MaxPromptsPerFile, lint.MaxChecklistPerFile)
	}
	if !hasCut(doc, lint.CutPrompts, n+1, lint.MaxPromptsPerFile) || !hasCut(doc, lint.CutChecklist, 8*n, lint.MaxChecklistPerFile) {
		t.Errorf("json cut %+v, want the prompts (%d) and the checklist items (%d) of the file", doc.Cut, n+1, 8*n)
	}
	if doc.Summary != rep.Summary() || doc.Summary.Prompts != n+1 || doc.Summary.Changed != n+1 {
		t.Errorf("json summary %+v, want the whole report's %+v", doc.Summary, rep.Summary())
	}
	found := false
	for _, f := range doc.Findings {
		found = found || f.Rule == "secret-in-template" && f.Prompt == fmt.Sprintf("prompt_%d", n-1)
	}
	if !found || !rep.Fails(lint.Error) {
		t.Errorf("the last prompt's finding listed: %v; the run fails: %v; want both", found, rep.Fails(lint.Error))
	}
	head, _, _ := strings.Cut(string(outs["markdown"]), "\n\n")
	if want := fmt.Sprintf("in %d changed prompts", n+1); !strings.Contains(head, "❌") || !strings.Contains(head, want) {
		t.Errorf("comment verdict %q, want ❌ and %q", head, want)
	}
	if !strings.Contains(string(outs["markdown"]), "the report lists the first 100 of the") {
		t.Error("the comment does not say that prompts were left out")
	}
}

// TestReportBoundedVariables: a prompt that adds thousands of variables
// lists lint.MaxListed of them and of its reasons, and the JSON report and
// the Markdown say so; the bump it requires is still the whole change's.
func TestReportBoundedVariables(t *testing.T) {
	const n = 50 * lint.MaxListed
	var b strings.Builder
	b.WriteString("name: hostile\nversion: 1.0.0\nenvironment: production\ndescription: d\ntemplate: \"")
	for i := range n {
		fmt.Fprintf(&b, "{v%d} ", i)
	}
	b.WriteString("\"\n")
	rep := checkHostile(t, b.String())
	outs := writeAll(t, rep)
	// Unbounded: about 100 bytes per variable in the JSON report.
	checkSizes(t, outs, b.Len(), 1<<20)
	doc := decodeJSON(t, outs["json"])
	if len(doc.Prompts) != 1 || len(doc.Prompts[0].Variables.Added) != lint.MaxListed || len(doc.Prompts[0].Reasons) != lint.MaxListed {
		t.Fatalf("json prompts %d; want one listing %d variables and reasons", len(doc.Prompts), lint.MaxListed)
	}
	if !hasCut(doc, lint.CutVarsAdded, n, lint.MaxListed) || !hasCut(doc, lint.CutReasons, n+1, lint.MaxListed) {
		t.Errorf("json cut %+v, want the variables (%d) and reasons (%d) of the prompt", doc.Cut, n, n+1)
	}
	if want := fmt.Sprintf("- and %d more reasons, not listed (at most %d per prompt)\n", n+1-lint.MaxListed, lint.MaxListed); !strings.Contains(string(outs["summary"]), want) {
		t.Errorf("the job summary does not say %q", want)
	}
	if want := fmt.Sprintf("(+%d more)", n-maxNames); !strings.Contains(string(outs["markdown"]), want) {
		t.Errorf("the comment's variables cell does not say %q: it counts every variable", want)
	}
	var bump struct {
		Prompts []struct {
			RequiredBump string `json:"required_bump"`
		} `json:"prompts"`
	}
	if err := json.Unmarshal(outs["json"], &bump); err != nil {
		t.Fatal(err)
	}
	if want := rep.Prompts[0].Change.Required.String(); bump.Prompts[0].RequiredBump != want || !rep.Fails(lint.Error) {
		t.Errorf("required bump %q, fails %v: want the whole change's %q and a failing run", bump.Prompts[0].RequiredBump, rep.Fails(lint.Error), want)
	}
}

// TestReportBoundedNames: a prompt name of hundreds of kilobytes is
// clipped to lint.MaxNameBytes wherever a report repeats it (every
// finding, checklist item and test case).
func TestReportBoundedNames(t *testing.T) {
	name := strings.Repeat("N", 300_000)
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s\nversion: 1.0.0\nenvironment: production\ndescription: d\ntemplate: \"", name)
	for i := range 2000 {
		fmt.Fprintf(&b, "TODO: x {q%d} ", i)
	}
	b.WriteString("\"\n")
	rep := checkHostile(t, b.String())
	if len(rep.Findings) < 100 {
		t.Fatalf("%d findings, want a hundred or more, each naming the prompt", len(rep.Findings))
	}
	outs := writeAll(t, rep)
	// Unbounded, each finding and checklist item repeats the name: about
	// 35 MB of JSON.
	checkSizes(t, outs, b.Len(), 1<<20)
	for _, f := range decodeJSON(t, outs["json"]).Findings {
		if len(f.Prompt) > lint.MaxNameBytes || len(f.Message) > lint.MaxTextBytes {
			t.Fatalf("finding with a %d-byte prompt and a %d-byte message", len(f.Prompt), len(f.Message))
		}
	}
}

// BenchmarkJSONPrompts writes the JSON report of one file of 1,000,
// 10,000 and 100,000 changed prompts, each with its 8 checklist items: the
// report written stays the same size (report-bytes) past
// lint.MaxPromptsPerFile, and the time grows only with the cheap cut.
func BenchmarkJSONPrompts(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			rep := &lint.Report{Check: true, Files: 1}
			for i := range n {
				name := fmt.Sprintf("p%d", i)
				rep.Prompts = append(rep.Prompts, lint.PromptReport{
					Prompt: &lint.Prompt{Path: "prompts/many.yaml", Name: name, Format: lint.FormatPromptlint, Version: "1.0.0"},
					Status: lint.Added, Environment: "production", Recommendation: "review",
					Change: &lint.Change{Status: lint.Added, NewVersion: "1.0.0", AddedLines: 1, UnifiedDiff: "--- /dev/null\n+++ b/prompts/many.yaml\n@@ -0,0 +1 @@\n+TODO: answer {q}\n", VarsAdded: []string{"q"}},
				})
				for _, id := range []string{"semver", "ab-tested", "metrics-improved", "error-handling", "monitoring", "rollback-plan", "team-reviewed", "docs-updated"} {
					rep.Checklist = append(rep.Checklist, lint.ChecklistItem{Prompt: name, Path: "prompts/many.yaml", Environment: "production", ID: id, Required: true, Status: lint.Missing, Evidence: "no evaluation.metrics"})
				}
			}
			var c countingWriter
			for b.Loop() {
				c = 0
				if err := JSON(&c, rep); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(c), "report-bytes")
		})
	}
}

// countingWriter counts the bytes written to it.
type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// TestMarkdownListCuts: a prompt's details say how many reasons and
// messages the report left out.
func TestMarkdownListCuts(t *testing.T) {
	n := lint.MaxListed + 50
	c := &lint.Change{Status: lint.Modified, Bump: lint.BumpMinor, Required: lint.BumpMinor, UnifiedDiff: "@@ -1 +1 @@\n-a\n+b\n"}
	for i := range n {
		c.Reasons = append(c.Reasons, lint.Reason{Bump: lint.BumpMinor, Text: fmt.Sprintf("message %d added", i)})
		c.Messages = append(c.Messages, lint.MessageChange{Index: i, Role: "user", Status: lint.Added})
	}
	p := &lint.Prompt{Path: "prompts/chat.prompt.yml", Name: "chat", Format: lint.FormatGitHubModels}
	rep := &lint.Report{Check: true, Files: 1, Prompts: []lint.PromptReport{{Prompt: p, Base: p, Status: lint.Modified, Change: c, Recommendation: "deploy"}}}
	md := MarkdownString(rep, MarkdownOptions{Summary: true, MaxSize: 1 << 20})
	for _, want := range []string{"- and 50 more reasons, not listed (at most 100 per prompt)\n", "; and 50 more messages, not listed.\n"} {
		if !strings.Contains(md, want) {
			t.Errorf("the details do not say %q", want)
		}
	}
	if strings.Contains(md, "message 100 added") || !strings.Contains(md, "message 99 added") {
		t.Error("the details list other than the first 100 reasons")
	}
}
