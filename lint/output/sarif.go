package output

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"net/url"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// SARIF constants.
const (
	sarifSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	informationURI = "https://github.com/promptlint/promptlint"
	// fingerprintKey names promptlint's partial fingerprint; the version
	// suffix changes if the way it is computed ever does.
	fingerprintKey = "promptlint/v1"
)

// SARIF writes the report as a SARIF 2.1.0 log with one run, for GitHub
// code scanning: the tool's rules (id, summary, documentation, default
// level) and one result per finding, located by a path relative to
// %SRCROOT% and a start line and column (in Unicode code points). Each
// result has a partial fingerprint, a hash of its rule, path, message and
// its occurrence among identical results, so code scanning tracks an alert
// across runs even when lines move. In a check report each result has a
// baselineState: "unchanged" when the base already had the finding, else
// "new".
func SARIF(w io.Writer, r *lint.Report, rules []*lint.Rule, toolVersion string) error {
	r = r.Bounded()
	driver := sarifDriver{Name: "promptlint", InformationURI: informationURI, Version: toolVersion, Rules: []sarifRule{}}
	index := map[string]int{}
	for _, rule := range rules {
		if rule == nil {
			continue
		}
		if _, dup := index[rule.ID]; dup {
			continue
		}
		index[rule.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleOf(rule))
	}
	results := []sarifResult{}
	fp := fingerprints{}
	for _, f := range sortedFindings(r.Findings) {
		if f.Severity == lint.Off {
			continue
		}
		res := sarifResult{
			RuleID:  f.Rule,
			Level:   sarifLevel(f.Severity),
			Message: sarifMessage{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: sarifURI(f.Path), URIBaseID: "%SRCROOT%"},
				Region:           sarifRegion{StartLine: max(f.Pos.Line, 1), StartColumn: max(f.Pos.Col, 1)},
			}}},
		}
		if i, ok := index[f.Rule]; ok {
			res.RuleIndex = &i
		}
		if r.Check {
			// check compared the change with its base: a finding the base
			// had too is "unchanged", any other "new".
			res.BaselineState = "new"
			if f.Preexisting {
				res.BaselineState = "unchanged"
			}
		}
		res.Fixes = sarifFixes(f)
		res.PartialFingerprints = map[string]string{fingerprintKey: fp.next(f.Rule + "\x00" + f.Path + "\x00" + f.Message)}
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool:       sarifTool{Driver: driver},
			Results:    results,
			ColumnKind: "unicodeCodePoints",
		}},
	}
	return encode(w, log)
}

// fingerprints computes the partial fingerprints of a run's results. The
// fingerprint of a result is the SHA-256 (first 32 hex digits) of its
// rule, path and message, followed for the n-th repeat of the same three
// (n ≥ 1) by a NUL and n "+". The hash of each distinct key is kept
// running, so a repeat adds one byte to it: n identical results cost O(n),
// not O(n²), and the fingerprints are those promptlint/v1 always had.
type fingerprints map[string]*runningHash

type runningHash struct {
	h hash.Hash
	n int // results seen with this key
}

// next returns the fingerprint of the next result with key.
func (fp fingerprints) next(key string) string {
	r := fp[key]
	switch {
	case r == nil:
		r = &runningHash{h: sha256.New()}
		io.WriteString(r.h, key)
		fp[key] = r
	case r.n == 1:
		io.WriteString(r.h, "\x00+")
	default:
		io.WriteString(r.h, "+")
	}
	r.n++
	return hex.EncodeToString(r.h.Sum(nil))[:32]
}

// sarifURI turns a slash-separated relative path into a relative URI
// reference: characters outside the URI syntax are percent-encoded, and a
// first segment with a colon is prefixed with "./" so it is not read as a
// scheme.
func sarifURI(path string) string {
	return (&url.URL{Path: path}).String()
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	case lint.Notice:
		return "note"
	}
	return "none"
}

func sarifRuleOf(r *lint.Rule) sarifRule {
	summary := r.Summary()
	_, body, _ := strings.Cut(r.Doc, "\n")
	body = strings.TrimSpace(body)
	full := body
	if full == "" {
		full = summary
	}
	doc := strings.TrimSpace(r.Doc)
	if doc == "" {
		doc = r.ID
	}
	if summary == "" {
		summary = r.ID
		full = r.ID
	}
	return sarifRule{
		ID:                   r.ID,
		Name:                 ruleName(r.ID),
		ShortDescription:     sarifText{Text: summary},
		FullDescription:      sarifText{Text: full},
		HelpURI:              r.URL(),
		Help:                 sarifMultiformat{Text: doc, Markdown: doc},
		DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity), Enabled: r.Severity != lint.Off},
		Properties:           sarifRuleProperties{Tags: ruleTags(r)},
	}
}

// ruleName turns a kebab-case id into the PascalCase name SARIF viewers
// show: "variable-undefined" becomes "VariableUndefined".
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func ruleTags(r *lint.Rule) []string {
	tags := []string{"prompt"}
	if r.Change {
		tags = append(tags, "change")
	}
	return tags
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     sarifText           `json:"shortDescription"`
	FullDescription      sarifText           `json:"fullDescription"`
	HelpURI              string              `json:"helpUri"`
	Help                 sarifMultiformat    `json:"help"`
	DefaultConfiguration sarifConfig         `json:"defaultConfiguration"`
	Properties           sarifRuleProperties `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfig struct {
	Level   string `json:"level"`
	Enabled bool   `json:"enabled"`
}

type sarifRuleProperties struct {
	Tags []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	BaselineState       string            `json:"baselineState,omitempty"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

// sarifFix is a result's fix: replacements in the result's file.
type sarifFix struct {
	Description     sarifMessage          `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion  `json:"deletedRegion"`
	InsertedContent sarifMessage `json:"insertedContent"`
}

// sarifFixes is the fixes of a finding's result: one, whose deleted
// regions are the edits' ranges in code points (empty for an insertion).
func sarifFixes(f lint.Finding) []sarifFix {
	if f.Fix == nil {
		return nil
	}
	change := sarifArtifactChange{ArtifactLocation: sarifArtifact{URI: sarifURI(f.Path), URIBaseID: "%SRCROOT%"}}
	for _, e := range f.Fix.Edits {
		change.Replacements = append(change.Replacements, sarifReplacement{
			DeletedRegion:   sarifRegion{StartLine: e.Start.Line, StartColumn: e.Start.Col, EndLine: e.End.Line, EndColumn: e.End.Col},
			InsertedContent: sarifMessage{Text: e.Text},
		})
	}
	return []sarifFix{{Description: sarifMessage{Text: f.Fix.Message}, ArtifactChanges: []sarifArtifactChange{change}}}
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}
