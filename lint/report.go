package lint

import "math"

// ChecklistStatus is the state of one production checklist item.
type ChecklistStatus string

// The checklist statuses.
const (
	Verified    ChecklistStatus = "verified"     // evidence checked
	Attested    ChecklistStatus = "attested"     // a ticked checkbox in the PR body
	Missing     ChecklistStatus = "missing"      // required and neither verified nor attested
	NotRequired ChecklistStatus = "not-required" // the environment does not require it
)

// ChecklistItem is one checklist item of one prompt.
type ChecklistItem struct {
	Prompt      string
	Path        string
	Environment string // "" when the prompt has none (the item is advisory)
	ID          string
	// Required says the prompt's environment requires the item and the
	// checklist is enforced: a missing required item is a finding.
	Required bool
	// Advisory marks an item shown but not enforced: the prompt has no
	// environment, and production would require the item.
	Advisory bool
	Status   ChecklistStatus
	Evidence string // a few words: "n=500/500, 80.0% → 85.0%, p=0.037"
	// ReportedBy is the rule that already reported why the item is
	// missing (version-not-bumped for semver); the item's own checklist
	// rule does not repeat it.
	ReportedBy string
	// How says how a change satisfies the item, in the host's words
	// (checklist.Item.HowIn).
	How string
}

// PullRequest is what the checklist knows of the pull request under check.
type PullRequest struct {
	Number int
	Author string
	Body   string // "" when null or empty
	// Reviews are the PR's reviews, oldest first; ReviewsKnown is false
	// locally, where the team-reviewed checkbox attests instead.
	Reviews      []Review
	ReviewsKnown bool
}

// Review is one pull request review.
type Review struct {
	User  string
	State string // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
}

// PromptReport is one prompt of a run's report: in `check`, one changed
// prompt with its change; in `lint`, one prompt read.
type PromptReport struct {
	Prompt      *Prompt // head; nil when removed
	Base        *Prompt // base; nil when added or in lint
	Status      Status
	Change      *Change // nil in lint and for added/removed prompts
	Environment string
	// Recommendation is "deploy" or "review" (check only).
	Recommendation string
}

// Subject is the head prompt, or the base prompt when removed.
func (r *PromptReport) Subject() *Prompt {
	if r.Prompt != nil {
		return r.Prompt
	}
	return r.Base
}

// Report is everything a run found, ready for a writer.
type Report struct {
	Check bool // true for `check` and the action, false for `lint`
	// Files counts the head's prompt files: in lint those read; in check
	// every prompt file of the head where the host lists it cheaply
	// (Input.Scan), else the changed ones read.
	Files int
	// ChangedFiles counts the files of the change that are prompt files
	// (check only): read on either side, or listed but missing at the
	// head. A host says "no prompt file changed" when it is 0.
	ChangedFiles int
	Prompts      []PromptReport
	Findings     []Finding
	Checklist    []ChecklistItem
	// Cut lists the files and rules whose findings went over
	// MaxFindingsPerRule: only that many were kept, plus one summary
	// finding. A report Bounded cut lists its own cuts after them.
	Cut []Cut
	// NotPrompts lists the files a lint read whose content shows they are
	// not prompts (Markdown or text without front matter, a README), by
	// path: they count nowhere else, and a host that named one can say
	// so.
	NotPrompts []string
	// Notes are one-line remarks for the reader: "similarity approximated
	// for prompts/big.yaml", "the PR has more than 3,000 files".
	Notes []string
	// Gate lists the ways the change weakens promptlint's own gate (see
	// Gate); check and the action only.
	Gate []GateChange
	// OnlyNew says only findings the base did not already have fail the
	// run (Config.OnlyNew, check --only-new, the action's only-new input);
	// pre-existing ones are still reported.
	OnlyNew bool

	// summary holds the counts of the whole report in one that Bounded
	// cut; nil in a whole report.
	summary *Summary
}

// Summary counts the report's prompts and findings.
type Summary struct {
	Files    int `json:"files"`
	Prompts  int `json:"prompts"`
	Changed  int `json:"changed"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notices  int `json:"notices"`
	// PreExisting counts the findings the base already had (included in
	// the counts above); OnlyNew says they do not fail the run.
	PreExisting int  `json:"pre_existing"`
	OnlyNew     bool `json:"only_new"`
}

// Summary returns the report's counts; those of a report Bounded cut
// count what it left out too.
func (r *Report) Summary() Summary {
	if r.summary != nil {
		return *r.summary
	}
	s := Summary{Files: r.Files, Prompts: len(r.Prompts)}
	for _, p := range r.Prompts {
		if p.Status != Unchanged {
			s.Changed++
		}
	}
	s.Errors, s.Warnings, s.Notices = Count(r.Findings)
	s.PreExisting = len(r.Findings) - len(New(r.Findings))
	s.OnlyNew = r.OnlyNew
	return s
}

// RoundSimilarity rounds a similarity (or any ratio from 0 to 1) to three
// decimals for display, without lying at the ends: a ratio below 1 (a
// changed text) never rounds up to 1, and one above 0 never rounds down to
// 0; 0.9996 shows as 0.999 (99.9%). NaN and infinities give 0.
func RoundSimilarity(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	r := math.Round(x*1000) / 1000
	switch {
	case x < 1 && r >= 1:
		return 0.999
	case x > 0 && r <= 0:
		return 0.001
	}
	return r
}
