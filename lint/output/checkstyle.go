package output

import (
	"encoding/xml"
	"io"
	"sort"

	"github.com/promptlint/promptlint/lint"
)

// Checkstyle writes the report in Checkstyle's XML format, which
// reviewdog, Jenkins' warnings plugin, Bitbucket and many editors read:
// one <file> per prompt file of the report (in path order, empty when it
// has no finding) with one <error> per finding, its line, column,
// severity (error, warning, or info for a notice), message and source
// (the rule id).
func Checkstyle(w io.Writer, r *lint.Report) error {
	r = r.Bounded()
	byPath := map[string][]checkstyleError{}
	for i := range r.Prompts {
		if s := r.Prompts[i].Subject(); s != nil {
			if _, ok := byPath[s.Path]; !ok {
				byPath[s.Path] = nil
			}
		}
	}
	for _, f := range sortedFindings(r.Findings) {
		if f.Severity == lint.Off {
			continue
		}
		byPath[f.Path] = append(byPath[f.Path], checkstyleError{
			Line:     max(f.Pos.Line, 1),
			Column:   max(f.Pos.Col, 1),
			Severity: checkstyleSeverity(f.Severity),
			Message:  markPreexisting(f).Message,
			Source:   f.Rule,
		})
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	doc := checkstyleDoc{Version: "4.3", Files: []checkstyleFile{}}
	for _, p := range paths {
		doc.Files = append(doc.Files, checkstyleFile{Name: p, Errors: byPath[p]})
	}
	return encodeXML(w, doc)
}

type checkstyleDoc struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func checkstyleSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "info"
}
