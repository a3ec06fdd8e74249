package output

import (
	"io"

	"github.com/promptlint/promptlint/lint"
)

// GitLab writes the report's findings as a GitLab Code Quality report (a
// subset of the Code Climate issue format): a JSON array with one issue
// per finding, its description, check_name (the rule id), severity
// (error → major, warning → minor, notice → info), location (path and
// begin line) and a fingerprint that stays the same across runs while the
// finding does, so that GitLab's merge request widget shows what a change
// fixed and what it introduced. Paths must be relative to the repository
// root, as GitLab resolves them.
func GitLab(w io.Writer, r *lint.Report) error {
	r = r.Bounded()
	issues := []gitlabIssue{}
	fp := fingerprints{}
	for _, f := range sortedFindings(r.Findings) {
		if f.Severity == lint.Off {
			continue
		}
		issues = append(issues, gitlabIssue{
			Type:        "issue",
			Description: markPreexisting(f).Message,
			CheckName:   f.Rule,
			Fingerprint: fp.next(f.Rule + "\x00" + f.Path + "\x00" + f.Message),
			Severity:    gitlabSeverity(f.Severity),
			Categories:  []string{"Style"},
			Location:    gitlabLocation{Path: f.Path, Lines: gitlabLines{Begin: max(f.Pos.Line, 1)}},
		})
	}
	return encode(w, issues)
}

type gitlabIssue struct {
	Type        string         `json:"type"`
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Categories  []string       `json:"categories"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

func gitlabSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "major"
	case lint.Warning:
		return "minor"
	}
	return "info"
}
