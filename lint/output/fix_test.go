package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/promptlint/promptlint/lint"
)

// fixReport has one fixable finding (a replacement and an insertion) and
// one that is not.
func fixReport() *lint.Report {
	return &lint.Report{Check: true, Findings: []lint.Finding{
		{Rule: "version-not-bumped", Severity: lint.Error, Path: "prompts/a.yaml", Pos: lint.Pos{Line: 2, Col: 10},
			Message: "template wording changed, but the version is still 1.0.0; it needs a patch bump (1.0.0 → 1.0.1)",
			Fix: &lint.Fix{Message: "set the version to 1.0.1", Edits: []lint.Edit{
				{Start: lint.Pos{Line: 2, Col: 10}, End: lint.Pos{Line: 2, Col: 15}, Text: "1.0.1"},
				{Start: lint.Pos{Line: 9, Col: 3}, End: lint.Pos{Line: 9, Col: 3}, Text: "- version: 1.0.1\n  "},
			}}},
		{Rule: "variable-undefined", Severity: lint.Error, Path: "prompts/a.yaml", Pos: lint.Pos{Line: 4, Col: 7},
			Message: `variable "x" is used but not declared`},
	}}
}

// TestFixOutputs: a fixable finding carries its fix in JSON (message,
// edits with range and text) and in SARIF (fixes with deleted regions
// and inserted content, valid against the SARIF schema), and the text
// output marks it; a finding without a fix shows none.
func TestFixOutputs(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, fixReport()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []struct {
			Rule string          `json:"rule"`
			Fix  json.RawMessage `json:"fix"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := `{"message":"set the version to 1.0.1","edits":[{"start":{"line":2,"column":10},"end":{"line":2,"column":15},"text":"1.0.1"},{"start":{"line":9,"column":3},"end":{"line":9,"column":3},"text":"- version: 1.0.1\n  "}]}`
	var compact bytes.Buffer
	if err := json.Compact(&compact, doc.Findings[0].Fix); err != nil || compact.String() != want {
		t.Errorf("JSON fix of %s:\n%s\nwant:\n%s", doc.Findings[0].Rule, compact.String(), want)
	}
	if doc.Findings[1].Fix != nil {
		t.Errorf("JSON fix of a finding without one: %s", doc.Findings[1].Fix)
	}

	out := sarifOf(t, fixReport(), sampleRules(), "1.2.3")
	sdoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSARIFSchema(t).Validate(sdoc); err != nil {
		t.Errorf("invalid SARIF: %v", err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Fixes []struct {
					Description     struct{ Text string }
					ArtifactChanges []struct {
						ArtifactLocation struct{ URI string }
						Replacements     []struct {
							DeletedRegion   struct{ StartLine, StartColumn, EndLine, EndColumn int }
							InsertedContent struct{ Text string }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	res := log.Runs[0].Results
	if len(res) != 2 || len(res[0].Fixes) != 1 || len(res[1].Fixes) != 0 {
		t.Fatalf("SARIF fixes: %s", out)
	}
	fix := res[0].Fixes[0]
	ch := fix.ArtifactChanges[0]
	if fix.Description.Text != "set the version to 1.0.1" || ch.ArtifactLocation.URI != "prompts/a.yaml" || len(ch.Replacements) != 2 {
		t.Fatalf("SARIF fix: %+v", fix)
	}
	r0, r1 := ch.Replacements[0], ch.Replacements[1]
	if r0.DeletedRegion.StartLine != 2 || r0.DeletedRegion.StartColumn != 10 || r0.DeletedRegion.EndLine != 2 || r0.DeletedRegion.EndColumn != 15 || r0.InsertedContent.Text != "1.0.1" {
		t.Errorf("SARIF replacement: %+v", r0)
	}
	if r1.DeletedRegion.StartLine != 9 || r1.DeletedRegion.EndLine != 9 || r1.DeletedRegion.StartColumn != r1.DeletedRegion.EndColumn {
		t.Errorf("SARIF insertion is not an empty region: %+v", r1)
	}

	buf.Reset()
	if err := Text(&buf, fixReport()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], ": error: [*] template wording changed") || strings.Contains(lines[1], "[*]") {
		t.Errorf("text output:\n%s", buf.String())
	}
	buf.Reset()
	if err := TextTerminal(&buf, fixReport(), TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), ansiGreen+FixMark+ansiReset+"template wording") {
		t.Errorf("terminal output does not mark the fixable finding:\n%q", buf.String())
	}
}
