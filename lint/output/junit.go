package output

import (
	"encoding/xml"
	"io"
	"sort"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// JUnit writes the report as JUnit XML, for CI systems that show test
// results (GitLab's unit test report, Jenkins, CircleCI, Azure Pipelines):
// one test suite, and one test case per prompt (its classname the file, its
// name the prompt), plus one per file whose findings name no prompt (a
// file that cannot be read). A test case fails when it has a finding at or
// above failOn (the --fail-on threshold, so the report agrees with the
// exit code); its failure lists those findings as text lines, and the
// findings below the threshold go to its system-out. Off never fails. Each
// finding is its Text line, marked fixable and pre-existing as there; with
// the report's OnlyNew a pre-existing finding does not fail its case, as it
// does not fail the run, and goes to system-out.
func JUnit(w io.Writer, r *lint.Report, failOn lint.Severity) error {
	r = r.Bounded()
	type key struct{ path, prompt string }
	byCase := map[key][]lint.Finding{}
	var keys []key
	add := func(k key) {
		if _, ok := byCase[k]; !ok {
			byCase[k] = nil
			keys = append(keys, k)
		}
	}
	for i := range r.Prompts {
		if s := r.Prompts[i].Subject(); s != nil {
			add(key{s.Path, s.Name})
		}
	}
	for _, f := range sortedFindings(r.Findings) {
		if f.Severity == lint.Off {
			continue
		}
		k := key{f.Path, f.Prompt}
		add(k)
		byCase[k] = append(byCase[k], f)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].path != keys[j].path {
			return keys[i].path < keys[j].path
		}
		return keys[i].prompt < keys[j].prompt
	})
	suite := junitSuite{Name: "promptlint", Cases: []junitCase{}}
	for _, k := range keys {
		c := junitCase{ClassName: k.path, Name: k.prompt, Time: "0"}
		if c.Name == "" {
			c.Name = k.path
		}
		var failing, other []string
		var failed []lint.Finding
		worst := lint.Off
		for _, f := range byCase[k] {
			line := SafeLine(textMessage(f).String())
			if failOn != lint.Off && f.Severity >= failOn && !(r.OnlyNew && f.Preexisting) {
				failing = append(failing, line)
				failed = append(failed, f)
				worst = max(worst, f.Severity)
				continue
			}
			other = append(other, line)
		}
		if len(failing) > 0 {
			c.Failure = &junitFailure{
				Type:    worst.String(),
				Message: countFindings(failed, failOn),
				Text:    strings.Join(failing, "\n"),
			}
			suite.Failures++
		}
		if len(other) > 0 {
			c.SystemOut = strings.Join(other, "\n")
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{Name: "promptlint", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	return encodeXML(w, doc)
}

// countFindings says how many findings at or above failOn a case has, in
// words: "2 errors, 1 warning".
func countFindings(fs []lint.Finding, failOn lint.Severity) string {
	var parts []string
	for _, s := range []struct {
		sev       lint.Severity
		one, many string
	}{{lint.Error, "error", "errors"}, {lint.Warning, "warning", "warnings"}, {lint.Notice, "notice", "notices"}} {
		n := 0
		for _, f := range fs {
			if f.Severity == s.sev {
				n++
			}
		}
		if n > 0 && s.sev >= failOn {
			parts = append(parts, plural(n, s.one, s.many))
		}
	}
	return strings.Join(parts, ", ")
}

// encodeXML writes v as an indented XML document with its declaration.
// encoding/xml escapes line breaks and replaces characters XML cannot
// hold, so untrusted text keeps the document on its own lines.
func encodeXML(w io.Writer, v any) error {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, xml.Header+string(out)+"\n")
	return err
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Type    string `xml:"type,attr"`
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}
