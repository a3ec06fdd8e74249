package output

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/promptlint/promptlint/lint"
)

// TestJSONCut: the JSON report lists the cuts when findings were cut
// (what: "findings"), and has no cut key when none were.
func TestJSONCut(t *testing.T) {
	decode := func(r *lint.Report) map[string]json.RawMessage {
		var buf bytes.Buffer
		if err := JSON(&buf, r); err != nil {
			t.Fatal(err)
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		return doc
	}
	if doc := decode(sampleReport()); doc["cut"] != nil {
		t.Errorf("cut = %s in a report that cut nothing", doc["cut"])
	}
	rep := sampleReport()
	rep.Cut = []lint.Cut{{Path: "prompts/braces.prompt", Rule: "template-syntax", Found: 524288, Reported: lint.MaxFindingsPerRule}}
	var cut []struct {
		Path     string `json:"path"`
		Rule     string `json:"rule"`
		What     string `json:"what"`
		Found    int    `json:"found"`
		Reported int    `json:"reported"`
	}
	if err := json.Unmarshal(decode(rep)["cut"], &cut); err != nil {
		t.Fatal(err)
	}
	if len(cut) != 1 || cut[0].Path != "prompts/braces.prompt" || cut[0].Rule != "template-syntax" || cut[0].What != "findings" || cut[0].Found != 524288 || cut[0].Reported != lint.MaxFindingsPerRule {
		t.Errorf("cut = %+v", cut)
	}
}
