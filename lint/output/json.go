package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/promptlint/promptlint/lint"
)

// JSON writes the report as one JSON document with stable keys and a
// two-space indent: prompts, findings, checklist, summary and notes, and
// cut when the report lists less than there was (a rule's findings in a
// file past lint.MaxFindingsPerRule, or a cut of lint.Report.Bounded). In
// check mode each prompt carries its change (status, versions, bumps,
// similarity, line counts, variables, tokens, recommendation); in lint mode
// only what identifies it.
func JSON(w io.Writer, r *lint.Report) error {
	r = r.Bounded()
	doc := jsonReport{
		Prompts:   []any{},
		Findings:  []jsonFinding{},
		Checklist: jsonChecklist{Items: []jsonItem{}},
		Summary:   r.Summary(),
		Notes:     nonNil(r.Notes),
	}
	for _, g := range r.Gate {
		doc.Gate = append(doc.Gate, jsonGate{Path: g.Path, Line: g.Pos.Line, Prompt: g.Prompt, Subject: g.Subject, Message: g.Message})
	}
	for i := range r.Prompts {
		p := &r.Prompts[i]
		if r.Check {
			doc.Prompts = append(doc.Prompts, checkPrompt(p))
		} else {
			doc.Prompts = append(doc.Prompts, lintPrompt(p))
		}
	}
	for _, f := range sortedFindings(r.Findings) {
		doc.Findings = append(doc.Findings, jsonFinding{
			DocURL:   lint.RuleURL(f.Rule),
			Rule:     f.Rule,
			Severity: f.Severity.String(),
			Path:     f.Path,
			Line:     max(f.Pos.Line, 1),
			Column:   max(f.Pos.Col, 1),
			Prompt:   f.Prompt,
			Message:  f.Message,
			// PreExisting says the base already had the finding.
			PreExisting: f.Preexisting,
			Fix:         jsonFixOf(f.Fix),
		})
	}
	for _, c := range r.Cut {
		doc.Cut = append(doc.Cut, jsonCut{Path: c.Path, Rule: c.Rule, Prompt: c.Prompt, What: c.Kind(), Found: c.Found, Reported: c.Reported})
	}
	for _, c := range r.Checklist {
		doc.Checklist.Items = append(doc.Checklist.Items, jsonItem{
			Prompt:      c.Prompt,
			Path:        c.Path,
			Environment: c.Environment,
			ID:          c.ID,
			Required:    c.Required,
			Advisory:    c.Advisory,
			Status:      string(c.Status),
			Evidence:    c.Evidence,
		})
	}
	return encode(w, doc)
}

// encode writes v as indented JSON without HTML escaping.
func encode(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encoding JSON: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

type jsonReport struct {
	Prompts   []any         `json:"prompts"`
	Findings  []jsonFinding `json:"findings"`
	Checklist jsonChecklist `json:"checklist"`
	Summary   lint.Summary  `json:"summary"`
	Notes     []string      `json:"notes"`
	// Gate lists what the change does to weaken promptlint's own gate
	// (check and the action), left out when nothing.
	Gate []jsonGate `json:"gate,omitempty"`
	// Cut is present when the report lists less than there was: a rule's
	// findings in a file past lint.MaxFindingsPerRule, or what
	// lint.Report.Bounded cut (a file's prompts and checklist items, a
	// prompt's lists and diff, the notes).
	Cut []jsonCut `json:"cut,omitempty"`
}

type jsonGate struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Prompt  string `json:"prompt"`
	Subject string `json:"subject"`
	Message string `json:"message"`
}

// jsonCut is one cut: what of the file at path (of its prompt named
// prompt, for a prompt's list) the report lists less of, and how much
// there was and is listed (bytes, for a unified diff).
type jsonCut struct {
	Path     string `json:"path"`
	Rule     string `json:"rule,omitempty"`
	Prompt   string `json:"prompt,omitempty"`
	What     string `json:"what"`
	Found    int    `json:"found"`
	Reported int    `json:"reported"`
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Prompt   string `json:"prompt"`
	Message  string `json:"message"`
	DocURL   string `json:"doc_url"` // the rule's documentation

	PreExisting bool `json:"pre_existing"`
	// Fix is how `promptlint fix` resolves the finding; left out when it
	// cannot.
	Fix *jsonFix `json:"fix,omitempty"`
}

// jsonFix is a finding's fix: what it does and the edits of the file.
type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

// jsonEdit replaces the text from start up to end (exclusive; equal to
// start for an insertion) with text. Columns count code points, as the
// finding's do.
type jsonEdit struct {
	Start jsonPos `json:"start"`
	End   jsonPos `json:"end"`
	Text  string  `json:"text"`
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

func jsonFixOf(f *lint.Fix) *jsonFix {
	if f == nil {
		return nil
	}
	out := &jsonFix{Message: f.Message, Edits: []jsonEdit{}}
	for _, e := range f.Edits {
		out.Edits = append(out.Edits, jsonEdit{
			Start: jsonPos{Line: e.Start.Line, Column: e.Start.Col},
			End:   jsonPos{Line: e.End.Line, Column: e.End.Col},
			Text:  e.Text,
		})
	}
	return out
}

type jsonChecklist struct {
	Items []jsonItem `json:"items"`
}

type jsonItem struct {
	Prompt      string `json:"prompt"`
	Path        string `json:"path,omitempty"`
	Environment string `json:"environment"`
	ID          string `json:"id"`
	Required    bool   `json:"required"`
	Advisory    bool   `json:"advisory"`
	Status      string `json:"status"`
	Evidence    string `json:"evidence"`
}

// jsonLintPrompt is a prompt of a lint run.
type jsonLintPrompt struct {
	Path        string `json:"path"`
	Name        string `json:"name"`
	Format      string `json:"format"`
	Version     string `json:"version"`
	Environment string `json:"environment"`
}

func lintPrompt(p *lint.PromptReport) jsonLintPrompt {
	s := p.Subject()
	if s == nil {
		return jsonLintPrompt{Environment: p.Environment}
	}
	env := p.Environment
	if env == "" {
		env = s.Environment
	}
	return jsonLintPrompt{Path: s.Path, Name: s.Name, Format: string(s.Format), Version: s.Version, Environment: env}
}

// jsonCheckPrompt is a changed prompt of a check run.
type jsonCheckPrompt struct {
	Path           string        `json:"path"`
	Name           string        `json:"name"`
	Format         string        `json:"format"`
	Status         string        `json:"status"`
	OldVersion     string        `json:"old_version"`
	Version        string        `json:"version"`
	Bump           *string       `json:"bump"`          // null for an added or removed prompt
	RequiredBump   *string       `json:"required_bump"` // null for an added or removed prompt
	Similarity     *float64      `json:"similarity"`    // null for an added or removed prompt
	AddedLines     int           `json:"added_lines"`
	RemovedLines   int           `json:"removed_lines"`
	TotalChanges   int           `json:"total_changes"`
	Variables      jsonVariables `json:"variables"`
	Tokens         *jsonTokens   `json:"tokens,omitempty"`
	Recommendation string        `json:"recommendation"`

	Environment string        `json:"environment"`
	OldPath     string        `json:"old_path,omitempty"`
	Approximate bool          `json:"approximate,omitempty"`
	Reasons     []jsonReason  `json:"reasons"`
	Messages    []jsonMessage `json:"messages,omitempty"`
	Rendered    *jsonRendered `json:"rendered,omitempty"`
	UnifiedDiff string        `json:"unified_diff"`
}

type jsonVariables struct {
	Added          []string `json:"added"`
	Removed        []string `json:"removed"`
	DefaultChanged []string `json:"default_changed"`
}

type jsonTokens struct {
	Old int `json:"old"`
	New int `json:"new"`
}

type jsonReason struct {
	Bump string `json:"bump"`
	Text string `json:"text"`
}

type jsonMessage struct {
	Index      int     `json:"index"`
	Role       string  `json:"role"`
	OldRole    string  `json:"old_role,omitempty"`
	Status     string  `json:"status"`
	Similarity float64 `json:"similarity"`
}

type jsonRendered struct {
	Average float64   `json:"average"`
	Min     float64   `json:"min"`
	Max     float64   `json:"max"`
	Changed int       `json:"changed"`
	Errors  int       `json:"errors"`
	Rows    []jsonRow `json:"rows"`
}

type jsonRow struct {
	Index      int     `json:"index"`
	Similarity float64 `json:"similarity"`
	Changed    bool    `json:"changed"`
	Error      string  `json:"error,omitempty"`
}

func checkPrompt(p *lint.PromptReport) jsonCheckPrompt {
	st := statsOf(p)
	out := jsonCheckPrompt{
		Status:         string(p.Status),
		OldVersion:     st.oldVersion,
		Version:        st.newVersion,
		AddedLines:     st.added,
		RemovedLines:   st.removed,
		TotalChanges:   st.added + st.removed,
		Recommendation: p.Recommendation,
		Environment:    p.Environment,
		Approximate:    st.approximate,
		Reasons:        []jsonReason{},
		Variables: jsonVariables{
			Added:          nonNil(st.varsAdded),
			Removed:        nonNil(st.varsRemoved),
			DefaultChanged: nonNil(st.defaultsChanged),
		},
	}
	if s := p.Subject(); s != nil {
		out.Path, out.Name, out.Format = s.Path, s.Name, string(s.Format)
	}
	// Only a prompt with an old and a new side has a similarity and a
	// bump; an added or removed one claims neither.
	if p.Base != nil && p.Prompt != nil {
		bump, required, sim := st.bump.String(), st.required.String(), round3(st.similarity)
		out.Bump, out.RequiredBump, out.Similarity = &bump, &required, &sim
	}
	if st.hasTokens {
		out.Tokens = &jsonTokens{Old: st.tokensOld, New: st.tokensNew}
	}
	if p.Status == lint.Renamed && p.Base != nil {
		out.OldPath = p.Base.Path
	}
	c := p.Change
	if c == nil {
		return out
	}
	if c.OldPath != "" {
		out.OldPath = c.OldPath
	}
	out.UnifiedDiff = c.UnifiedDiff
	for _, r := range c.Reasons {
		out.Reasons = append(out.Reasons, jsonReason{Bump: r.Bump.String(), Text: r.Text})
	}
	for _, m := range c.Messages {
		out.Messages = append(out.Messages, jsonMessage{Index: m.Index, Role: m.Role, OldRole: m.OldRole, Status: string(m.Status), Similarity: round3(m.Similarity)})
	}
	if rc := c.Rendered; rc != nil {
		out.Rendered = &jsonRendered{
			Average: round3(rc.Average), Min: round3(rc.Min), Max: round3(rc.Max),
			Changed: rc.Changed, Errors: rc.Errors, Rows: []jsonRow{},
		}
		for _, row := range rc.Rows {
			out.Rendered.Rows = append(out.Rendered.Rows, jsonRow{Index: row.Index, Similarity: round3(row.Similarity), Changed: row.Changed, Error: row.Error})
		}
	}
	return out
}
