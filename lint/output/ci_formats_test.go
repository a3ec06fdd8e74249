package output

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/output/outputtest"
)

// xmllint validates doc with xmllint and the given flag (--schema FILE or
// --dtdvalid FILE), failing the test with xmllint's complaint.
func xmllint(t *testing.T, doc []byte, flag, schema string) {
	t.Helper()
	bin := outputtest.NeedTool(t, "xmllint", "libxml2-utils")
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--nonet", flag, schema, f).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint %s %s: %v\n%s\n%s", flag, schema, err, out, doc)
	}
}

// reports are the reports every CI format is checked on.
func reports() map[string]*lint.Report {
	return map[string]*lint.Report{
		"check":   sampleReport(),
		"lint":    lintReport(),
		"hostile": hostileReport(),
		"empty":   {},
		"odd": {Findings: []lint.Finding{
			{Rule: "parse-error", Severity: lint.Error, Path: "prompts/bad\xff\x00.yaml", Message: "bad \x1b[31m byte \u202e & <tag> \"q\""},
			{Rule: "parse-error", Severity: lint.Error, Path: "prompts/bad\xff\x00.yaml", Message: "bad \x1b[31m byte \u202e & <tag> \"q\""},
			{Rule: "variable-unused", Severity: lint.Off, Path: "prompts/off.yaml", Message: "an off finding is not written"},
		}},
	}
}

func writeString(t *testing.T, write func(io.Writer) error) []byte {
	t.Helper()
	var a, b bytes.Buffer
	if err := write(&a); err != nil {
		t.Fatal(err)
	}
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of the same report differ")
	}
	return a.Bytes()
}

// TestGitLabSchema validates the Code Quality report against GitLab's own
// schema for it (and the requirements of GitLab's documentation).
func TestGitLabSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	for _, name := range []string{"gitlab-codeclimate.json", "gitlab-codequality-report.json"} {
		f, err := os.Open(filepath.Join("testdata", "schemas", name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource("file:///schemas/"+name, doc); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := c.Compile("file:///schemas/gitlab-codequality-report.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, rep := range reports() {
		t.Run(name, func(t *testing.T) {
			out := writeString(t, func(w io.Writer) error { return GitLab(w, rep) })
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("not a valid Code Quality report: %v\n%s", err, out)
			}
			var issues []struct {
				CheckName   string `json:"check_name"`
				Fingerprint string `json:"fingerprint"`
				Severity    string `json:"severity"`
			}
			if err := json.Unmarshal(out, &issues); err != nil {
				t.Fatal(err)
			}
			want := 0
			for _, f := range rep.Findings {
				if f.Severity != lint.Off {
					want++
				}
			}
			if len(issues) != want {
				t.Errorf("%d issues for %d findings", len(issues), want)
			}
			// GitLab tells new from fixed issues by fingerprint: two
			// issues must never share one, even identical findings.
			seen := map[string]bool{}
			for _, is := range issues {
				if seen[is.Fingerprint] {
					t.Errorf("fingerprint %s is used twice", is.Fingerprint)
				}
				seen[is.Fingerprint] = true
			}
		})
	}
	// The schema is strict enough to catch a broken report.
	doc, _ := jsonschema.UnmarshalJSON(strings.NewReader(`[{"description": "x", "check_name": "r", "fingerprint": "f", "severity": "error", "location": {"path": "p", "lines": {"begin": 1}}}]`))
	if sch.Validate(doc) == nil {
		t.Error("the schema accepts severity \"error\", which GitLab does not know")
	}
	// A finding that moves keeps its fingerprint; another message does not.
	fp := func(f lint.Finding) string {
		var issues []struct{ Fingerprint string }
		json.Unmarshal(writeString(t, func(w io.Writer) error { return GitLab(w, &lint.Report{Findings: []lint.Finding{f}}) }), &issues)
		return issues[0].Fingerprint
	}
	f := lint.Finding{Rule: "variable-undefined", Severity: lint.Error, Path: "p.yaml", Pos: lint.Pos{Line: 3, Col: 1}, Message: "m"}
	moved := f
	moved.Pos.Line = 30
	other := f
	other.Message = "n"
	if fp(f) != fp(moved) || fp(f) == fp(other) {
		t.Errorf("fingerprints: %s, moved %s, other message %s", fp(f), fp(moved), fp(other))
	}
}

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			ClassName string `xml:"classname,attr"`
			Failure   *struct {
				Type    string `xml:"type,attr"`
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestJUnitSchema validates the JUnit report against the JUnit XML schema
// that Jenkins (and JUnit 5's own tests) use, and checks one test case
// per prompt, failing at --fail-on.
func TestJUnitSchema(t *testing.T) {
	for name, rep := range reports() {
		for _, failOn := range []lint.Severity{lint.Error, lint.Notice, lint.Off} {
			t.Run(name+"/"+failOn.String(), func(t *testing.T) {
				out := writeString(t, func(w io.Writer) error { return JUnit(w, rep, failOn) })
				xmllint(t, out, "--schema", filepath.Join("testdata", "schemas", "jenkins-junit.xsd"))
				var doc junitDoc
				if err := xml.Unmarshal(out, &doc); err != nil {
					t.Fatalf("not XML: %v", err)
				}
				if len(doc.Suites) != 1 {
					t.Fatalf("%d test suites, want 1", len(doc.Suites))
				}
				cases := doc.Suites[0].Cases
				for i := range rep.Prompts {
					s := rep.Prompts[i].Subject()
					n := 0
					for _, c := range cases {
						if c.ClassName == SafeLine(s.Path) || c.ClassName == s.Path {
							if c.Name == s.Name {
								n++
							}
						}
					}
					if n != 1 {
						t.Errorf("prompt %s of %s has %d test cases, want 1", s.Name, s.Path, n)
					}
				}
				failing := 0
				for _, c := range cases {
					if c.Failure != nil {
						failing++
						if c.Failure.Message == "" || c.Failure.Text == "" {
							t.Errorf("failure of %s says nothing", c.Name)
						}
					}
				}
				wantFailing := map[string]bool{}
				for _, f := range rep.Findings {
					if failOn != lint.Off && f.Severity >= failOn {
						wantFailing[f.Path+"\x00"+f.Prompt] = true
					}
				}
				if failing != len(wantFailing) || doc.Failures != failing || doc.Suites[0].Failures != failing || doc.Tests != len(cases) {
					t.Errorf("%d failing cases (suite says %d, root %d, tests %d of %d), want %d", failing, doc.Suites[0].Failures, doc.Failures, doc.Tests, len(cases), len(wantFailing))
				}
			})
		}
	}
}

// TestCheckstyleDTD validates the Checkstyle report against the format of
// Checkstyle's XML logger.
func TestCheckstyleDTD(t *testing.T) {
	for name, rep := range reports() {
		t.Run(name, func(t *testing.T) {
			out := writeString(t, func(w io.Writer) error { return Checkstyle(w, rep) })
			xmllint(t, out, "--dtdvalid", filepath.Join("testdata", "schemas", "checkstyle.dtd"))
			var doc struct {
				Files []struct {
					Name   string `xml:"name,attr"`
					Errors []struct {
						Line     int    `xml:"line,attr"`
						Severity string `xml:"severity,attr"`
						Source   string `xml:"source,attr"`
					} `xml:"error"`
				} `xml:"file"`
			}
			if err := xml.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range doc.Files {
				for _, e := range f.Errors {
					n++
					if e.Line < 1 || e.Source == "" {
						t.Errorf("error %+v in %s has no line or source", e, f.Name)
					}
				}
			}
			want := 0
			for _, f := range rep.Findings {
				if f.Severity != lint.Off {
					want++
				}
			}
			if n != want {
				t.Errorf("%d errors for %d findings", n, want)
			}
		})
	}
}

// TestXMLKeepsUntrustedTextInert: whatever a path or message holds, the
// XML formats stay well-formed and no line of them is a workflow command.
func TestXMLKeepsUntrustedTextInert(t *testing.T) {
	for _, rep := range []*lint.Report{hostileReport(), reports()["odd"]} {
		for name, write := range map[string]func(io.Writer) error{
			"junit":      func(w io.Writer) error { return JUnit(w, rep, lint.Notice) },
			"checkstyle": func(w io.Writer) error { return Checkstyle(w, rep) },
		} {
			out := writeString(t, write)
			d := xml.NewDecoder(bytes.NewReader(out))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, out)
				}
			}
			for _, line := range strings.Split(string(out), "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "::") {
					t.Errorf("%s: a line is a workflow command: %q", name, line)
				}
			}
		}
	}
}
