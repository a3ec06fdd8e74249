package output

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint"
)

// preexistingReport is a check report with one new error and one error
// the base already had, in the same prompt.
func preexistingReport(onlyNew bool) *lint.Report {
	p := &lint.Prompt{Path: "prompts/support.yaml", Name: "support_reply", Format: lint.FormatPromptlint, Version: "1.2.1"}
	return &lint.Report{
		Check:   true,
		Files:   1,
		OnlyNew: onlyNew,
		Prompts: []lint.PromptReport{{Prompt: p, Base: p, Status: lint.Modified}},
		Findings: []lint.Finding{
			{Rule: "variable-undefined", Severity: lint.Error, Path: p.Path, Pos: lint.Pos{Line: 10, Col: 49}, Prompt: p.Name, Message: `variable "order_id" is used but not declared`, Preexisting: true},
			{Rule: "variable-undefined", Severity: lint.Error, Path: p.Path, Pos: lint.Pos{Line: 11, Col: 41}, Prompt: p.Name, Message: `variable "ticket_url" is used but not declared`},
		},
	}
}

// TestPreexistingInEveryFormat: a finding the base already had is told
// apart from a new one in every format, each in its own way: SARIF's
// baselineState, the message elsewhere; annotations list new findings
// first; JUnit does not fail a case on it when only new findings fail
// the run.
func TestPreexistingInEveryFormat(t *testing.T) {
	rep := preexistingReport(false)
	isOld := func(s string) bool { return strings.Contains(s, "order_id") }

	t.Run("sarif", func(t *testing.T) {
		var doc struct {
			Runs []struct {
				Results []struct {
					Message       struct{ Text string }
					BaselineState *string `json:"baselineState"`
				}
			}
		}
		if err := json.Unmarshal(sarifOf(t, rep, sampleRules(), "1"), &doc); err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Runs[0].Results {
			want := "new"
			if isOld(r.Message.Text) {
				want = "unchanged"
			}
			if r.BaselineState == nil || *r.BaselineState != want {
				t.Errorf("%q: baselineState %v, want %q", r.Message.Text, r.BaselineState, want)
			}
			if strings.Contains(r.Message.Text, PreexistingMark) {
				t.Errorf("%q: SARIF says it in baselineState, not in the message (its fingerprint hashes the message)", r.Message.Text)
			}
		}
		// lint compares with nothing: no baseline, no baselineState.
		lintRep := preexistingReport(false)
		lintRep.Check = false
		if out := sarifOf(t, lintRep, sampleRules(), "1"); bytes.Contains(out, []byte("baselineState")) {
			t.Errorf("a lint report has a baselineState:\n%s", out)
		}
	})

	t.Run("github", func(t *testing.T) {
		var b strings.Builder
		if err := GitHub(&b, rep, 1); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		// The pre-existing finding sorts first by line, but the one
		// annotation the limit allows goes to the new finding.
		if len(lines) != 2 || isOld(lines[0]) || !strings.HasPrefix(lines[1], "::notice::") {
			t.Errorf("want the new error annotated first and the old one counted:\n%s", b.String())
		}
		b.Reset()
		if err := GitHub(&b, rep, 0); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
			if isOld(l) != strings.HasSuffix(l, PreexistingMark) {
				t.Errorf("annotation marked wrongly: %s", l)
			}
		}
	})

	t.Run("checkstyle and gitlab", func(t *testing.T) {
		var cs bytes.Buffer
		if err := Checkstyle(&cs, rep); err != nil {
			t.Fatal(err)
		}
		var doc checkstyleDoc
		if err := xml.Unmarshal(cs.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		for _, e := range doc.Files[0].Errors {
			if isOld(e.Message) != strings.HasSuffix(e.Message, PreexistingMark) {
				t.Errorf("checkstyle message marked wrongly: %q", e.Message)
			}
		}
		var gl, plain bytes.Buffer
		if err := GitLab(&gl, rep); err != nil {
			t.Fatal(err)
		}
		unmarked := preexistingReport(false)
		unmarked.Findings[0].Preexisting = false
		if err := GitLab(&plain, unmarked); err != nil {
			t.Fatal(err)
		}
		var issues, plainIssues []gitlabIssue
		if err := json.Unmarshal(gl.Bytes(), &issues); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(plain.Bytes(), &plainIssues); err != nil {
			t.Fatal(err)
		}
		for i, is := range issues {
			if isOld(is.Description) != strings.HasSuffix(is.Description, PreexistingMark) {
				t.Errorf("code quality description marked wrongly: %q", is.Description)
			}
			// GitLab matches the issue with the target branch's report by
			// fingerprint: the mark must not change it.
			if is.Fingerprint != plainIssues[i].Fingerprint {
				t.Errorf("%q: the mark changed the fingerprint", is.Description)
			}
		}
	})

	t.Run("junit", func(t *testing.T) {
		for _, onlyNew := range []bool{false, true} {
			var b bytes.Buffer
			if err := JUnit(&b, preexistingReport(onlyNew), lint.Error); err != nil {
				t.Fatal(err)
			}
			var doc junitSuites
			if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			c := doc.Suites[0].Cases[0]
			if c.Failure == nil {
				t.Fatalf("only_new %v: the new error does not fail its case:\n%s", onlyNew, b.String())
			}
			oldFails := strings.Contains(c.Failure.Text, "order_id")
			if oldFails == onlyNew {
				t.Errorf("only_new %v: the pre-existing error fails the case: %v, want %v:\n%s", onlyNew, oldFails, !onlyNew, b.String())
			}
			if all := c.Failure.Text + "\n" + c.SystemOut; !strings.Contains(all, `"order_id" is used but not declared`+PreexistingMark) {
				t.Errorf("only_new %v: the pre-existing error is not marked:\n%s", onlyNew, b.String())
			}
			if want := "1 error"; onlyNew && c.Failure.Message != want {
				t.Errorf("failure message %q, want %q", c.Failure.Message, want)
			}
		}
	})
}
