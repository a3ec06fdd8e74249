package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/promptlint/promptlint/lint"
)

// sarifSchemaFile is the official SARIF 2.1.0 JSON schema; see
// testdata/README.md for where it comes from.
const sarifSchemaFile = "testdata/sarif-schema-2.1.0.json"

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("reading %s: %v", sarifSchemaFile, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://json.schemastore.org/sarif-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	return sch
}

func sarifOf(t *testing.T, r *lint.Report, rules []*lint.Rule, version string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, r, rules, version); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSARIFSchema(t *testing.T) {
	sch := compileSARIFSchema(t)
	odd := &lint.Report{Findings: []lint.Finding{
		{Rule: "variable-undefined", Severity: lint.Error, Path: "dir with space/ü#?.yaml", Message: "x"},
		{Rule: "unknown-rule", Severity: lint.Warning, Path: "c:colon/first.yaml", Pos: lint.Pos{Line: 3}, Message: "y"},
		{Rule: "version-missing", Severity: lint.Notice, Path: "%41 50%.md", Pos: lint.Pos{Line: 2, Col: 9}, Message: ""},
	}}
	cases := map[string][]byte{
		"sample":   sarifOf(t, sampleReport(), sampleRules(), "1.2.3"),
		"hostile":  sarifOf(t, hostileReport(), sampleRules(), ""),
		"odd":      sarifOf(t, odd, sampleRules(), "dev"),
		"no rules": sarifOf(t, &lint.Report{}, nil, ""),
	}
	for name, out := range cases {
		t.Run(name, func(t *testing.T) {
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("invalid SARIF: %v\n%s", err, out)
			}
		})
	}

	// the schema is strict enough to catch a broken log
	var broken map[string]any
	if err := json.Unmarshal(cases["sample"], &broken); err != nil {
		t.Fatal(err)
	}
	broken["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)["level"] = "fatal"
	if err := sch.Validate(broken); err == nil {
		t.Error("the schema accepted level \"fatal\"")
	}
}

type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID               string `json:"id"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func decodeSARIF(t *testing.T, b []byte) sarifDoc {
	t.Helper()
	var d sarifDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Runs) != 1 {
		t.Fatalf("got %d runs, want 1", len(d.Runs))
	}
	return d
}

func TestSARIFContent(t *testing.T) {
	rules := sampleRules()
	r := sampleReport()
	d := decodeSARIF(t, sarifOf(t, r, rules, "1.2.3"))
	run := d.Runs[0]
	if run.Tool.Driver.Name != "promptlint" || run.Tool.Driver.Version != "1.2.3" {
		t.Errorf("driver = %q %q", run.Tool.Driver.Name, run.Tool.Driver.Version)
	}
	if len(run.Tool.Driver.Rules) != len(rules) {
		t.Fatalf("got %d rules, want %d", len(run.Tool.Driver.Rules), len(rules))
	}
	for i, rule := range run.Tool.Driver.Rules {
		if rule.ID != rules[i].ID || rule.ShortDescription.Text != rules[i].Summary() {
			t.Errorf("rule %d = %q %q", i, rule.ID, rule.ShortDescription.Text)
		}
	}
	if lvl := run.Tool.Driver.Rules[3].DefaultConfiguration.Level; lvl != "none" {
		t.Errorf("level of an off rule = %q, want none", lvl)
	}
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("got %d results, want %d", len(run.Results), len(r.Findings))
	}
	levels := map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Notice: "note"}
	for i, f := range sortedFindings(r.Findings) {
		res := run.Results[i]
		if res.RuleID != f.Rule || res.Level != levels[f.Severity] || res.Message.Text != f.Message {
			t.Errorf("result %d = %q %q %q", i, res.RuleID, res.Level, res.Message.Text)
		}
		if res.RuleIndex == nil || run.Tool.Driver.Rules[*res.RuleIndex].ID != f.Rule {
			t.Errorf("result %d: ruleIndex does not point at %s", i, f.Rule)
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != f.Path || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %d: location %+v", i, loc.ArtifactLocation)
		}
		if loc.Region.StartLine != max(f.Pos.Line, 1) || loc.Region.StartColumn != max(f.Pos.Col, 1) {
			t.Errorf("result %d: region %+v for %v", i, loc.Region, f.Pos)
		}
	}
}

func TestSARIFURI(t *testing.T) {
	tests := map[string]string{
		"prompts/a.yaml":      "prompts/a.yaml",
		"dir with space/a.md": "dir%20with%20space/a.md",
		"c:/x.yaml":           "./c:/x.yaml",
		"a#b?.md":             "a%23b%3F.md",
	}
	for in, want := range tests {
		if got := sarifURI(in); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSARIFFingerprints(t *testing.T) {
	base := lint.Finding{Rule: "variable-undefined", Severity: lint.Error, Path: "p.yaml", Pos: lint.Pos{Line: 3, Col: 1}, Message: `variable "x" is used but not declared`}
	fp := func(fs ...lint.Finding) []string {
		d := decodeSARIF(t, sarifOf(t, &lint.Report{Findings: fs}, sampleRules(), ""))
		var out []string
		for _, r := range d.Runs[0].Results {
			out = append(out, r.PartialFingerprints[fingerprintKey])
		}
		return out
	}
	a := fp(base)[0]
	if a == "" {
		t.Fatal("no fingerprint")
	}
	moved := base
	moved.Pos = lint.Pos{Line: 40, Col: 2}
	if got := fp(moved)[0]; got != a {
		t.Error("fingerprint changed when the finding moved lines")
	}
	other := base
	other.Message = `variable "y" is used but not declared`
	if got := fp(other)[0]; got == a {
		t.Error("different messages share a fingerprint")
	}
	otherPath := base
	otherPath.Path = "q.yaml"
	if got := fp(otherPath)[0]; got == a {
		t.Error("different paths share a fingerprint")
	}
	twice := fp(base, moved)
	if twice[0] == twice[1] {
		t.Error("two identical findings share a fingerprint")
	}
}

// v1Fingerprint is the definition of a promptlint/v1 fingerprint, written
// out directly: the SHA-256 of rule, path and message joined by NULs, then
// for the n-th repeat a NUL and n "+".
func v1Fingerprint(rule, path, msg string, n int) string {
	s := rule + "\x00" + path + "\x00" + msg
	if n > 0 {
		s += "\x00" + strings.Repeat("+", n)
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:32]
}

// TestSARIFFingerprintsV1 pins the fingerprints of repeated findings to
// their definition, so that code scanning keeps tracking existing alerts
// while they are computed incrementally.
func TestSARIFFingerprintsV1(t *testing.T) {
	rep := &lint.Report{}
	for i := 0; i < 5; i++ {
		rep.Findings = append(rep.Findings,
			lint.Finding{Rule: "template-syntax", Severity: lint.Error, Path: "a.prompt", Pos: lint.Pos{Line: 1, Col: 1 + 2*i}, Message: `unclosed "{{"`},
			lint.Finding{Rule: "template-syntax", Severity: lint.Error, Path: "b.prompt", Pos: lint.Pos{Line: 2, Col: 1 + 2*i}, Message: `unclosed "{{"`})
	}
	rep.Findings = append(rep.Findings, lint.Finding{Rule: "variable-spacing", Severity: lint.Warning, Path: "a.prompt", Pos: lint.Pos{Line: 9, Col: 1}, Message: `unclosed "{{"`})
	doc := decodeSARIF(t, sarifOf(t, rep, sampleRules(), ""))
	n := map[string]int{}
	for _, r := range doc.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		path := loc.ArtifactLocation.URI
		key := r.RuleID + " " + path
		want := v1Fingerprint(r.RuleID, path, r.Message.Text, n[key])
		n[key]++
		if got := r.PartialFingerprints[fingerprintKey]; got != want {
			t.Errorf("%s %s line %d: fingerprint %s, want %s", r.RuleID, path, loc.Region.StartLine, got, want)
		}
	}
	if len(doc.Runs[0].Results) != 11 {
		t.Fatalf("%d results, want 11", len(doc.Runs[0].Results))
	}
}

// BenchmarkSARIFIdentical writes n identical findings (one file of "{{"
// gives one per brace) as SARIF: the time per finding stays the same as n
// grows.
func BenchmarkSARIFIdentical(b *testing.B) {
	for _, n := range []int{16 << 10, 64 << 10, 256 << 10} {
		b.Run(fmt.Sprintf("%dk", n>>10), func(b *testing.B) {
			rep := &lint.Report{Findings: make([]lint.Finding, n)}
			for i := range rep.Findings {
				rep.Findings[i] = lint.Finding{Rule: "template-syntax", Severity: lint.Error, Path: "prompts/braces.prompt",
					Pos: lint.Pos{Line: 6, Col: 1 + 2*i}, Message: `unclosed "{{"`}
			}
			for b.Loop() {
				if err := SARIF(io.Discard, rep, sampleRules(), ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
