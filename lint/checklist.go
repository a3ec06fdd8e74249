package lint

import (
	"fmt"
	"strings"

	"github.com/promptlint/promptlint/lint/checklist"
)

// semverRules are the rules whose errors leave the semver item unsatisfied.
var semverRules = map[string]bool{
	"version-missing": true, "version-invalid": true, "version-not-bumped": true, "version-decreased": true,
	"version-bump-too-small": true, "prerelease-in-production": true,
}

// evaluateChecklist works out the production checklist items of one
// changed prompt from its evidence, the PR body and reviews, and the
// findings the other rules reported on it.
func evaluateChecklist(r *PromptReport, findings []Finding, cfg *Config, pr *PullRequest) []ChecklistItem {
	p := r.Prompt
	env := r.Environment
	required := map[string]bool{}
	for _, id := range cfg.Environments[env].Requires {
		required[id] = true
	}
	if pr == nil {
		pr = &PullRequest{}
	}
	body := checklist.ParseBody(pr.Body)
	items := make([]ChecklistItem, 0, len(ChecklistItems))
	for _, id := range ChecklistItems {
		it := ChecklistItem{Prompt: p.Name, Path: p.Path, Environment: env, ID: id, Required: required[id]}
		it.Status, it.Evidence = evaluateItem(id, p, r.Change, findings, cfg, pr, body)
		if !it.Required {
			it.Status = NotRequired
		}
		items = append(items, it)
	}
	return items
}

// evaluateItem decides one item: verified from evidence, else attested by
// a ticked box, else missing; evidence says why in a few words.
func evaluateItem(id string, p *Prompt, ch *Change, findings []Finding, cfg *Config, pr *PullRequest, body checklist.Body) (ChecklistStatus, string) {
	ticked, _ := checklist.ItemChecked(body, id)
	attest := func(why string) (ChecklistStatus, string) {
		if ticked {
			if why != "" {
				return Attested, "ticked in the PR body (" + why + ")"
			}
			return Attested, "ticked in the PR body"
		}
		return Missing, why
	}
	switch id {
	case "semver":
		for _, f := range findings {
			if semverRules[f.Rule] && f.Severity == Error && f.Path == p.Path && (f.Prompt == "" || f.Prompt == p.Name) {
				return Missing, "see " + f.Rule
			}
		}
		if _, err := ParseVersion(p.Version); err != nil {
			return Missing, "no valid version"
		}
		if ch != nil && ch.OldVersion != "" {
			return Verified, fmt.Sprintf("%s → %s (%s, needs %s)", ch.OldVersion, p.Version, ch.Bump, ch.Required)
		}
		return Verified, p.Version
	case "ab-tested":
		v := lookup(p.Meta, "evaluation", "ab_test")
		if v == nil {
			return attest("no evaluation.ab_test")
		}
		t, err := checklist.ParseABTest(v)
		if err != nil {
			return attest("evaluation.ab_test: " + err.Error())
		}
		res := checklist.EvaluateAB(t, cfg.Checklist.MinSampleSize, cfg.Checklist.Confidence)
		if res.OK {
			return Verified, res.Evidence()
		}
		return attest(res.Reason)
	case "metrics-improved":
		v := lookup(p.Meta, "evaluation", "metrics")
		if v == nil {
			return attest("no evaluation.metrics")
		}
		ms, err := checklist.ParseMetrics(v)
		if err != nil {
			return attest("evaluation.metrics: " + err.Error())
		}
		ok, reasons, evidence := checklist.EvaluateMetrics(ms, cfg.Checklist.Tolerance)
		if ok {
			return Verified, evidence
		}
		return attest(strings.Join(reasons, "; "))
	case "error-handling":
		return attest("")
	case "monitoring":
		v := lookup(p.Meta, "monitoring")
		if v == nil {
			return attest("no monitoring block")
		}
		if ok, evidence := checklist.EvaluateMonitoring(v); ok {
			return Verified, evidence
		}
		return attest("monitoring has no alert thresholds")
	case "rollback-plan":
		if s := body.SectionText("Rollback plan"); s != "" {
			return Verified, "Rollback plan section in the PR body"
		}
		if s, _ := lookup(p.Meta, "rollback").(string); strings.TrimSpace(s) != "" {
			return Verified, "rollback in the prompt file"
		}
		if m, ok := lookup(p.Meta, "rollback").(map[string]any); ok && len(m) > 0 {
			return Verified, "rollback in the prompt file"
		}
		// A box cannot stand in for the plan itself.
		if ticked {
			return Missing, "the box is ticked, but the Rollback plan section is empty and the file has no rollback key"
		}
		return Missing, "no Rollback plan section or rollback key"
	case "team-reviewed":
		if pr.ReviewsKnown {
			reviews := make([]checklist.Review, len(pr.Reviews))
			for i, rv := range pr.Reviews {
				reviews[i] = checklist.Review{User: rv.User, State: rv.State, Order: i}
			}
			ok, approvers, _, reason := checklist.EvaluateReviews(reviews, pr.Author, cfg.Checklist.MinApprovals)
			if ok {
				return Verified, "approved by " + strings.Join(approvers, ", ")
			}
			return Missing, reason
		}
		return attest("no approving review known locally")
	case "docs-updated":
		for _, e := range p.Changelog {
			if e.Version == p.Version && p.Version != "" {
				return Verified, "changelog entry for " + p.Version
			}
		}
		return attest("no changelog entry for " + orNone(p.Version))
	}
	return Missing, "unknown item"
}

func orNone(s string) string {
	if s == "" {
		return "the version"
	}
	return s
}

// lookup walks nested maps by key.
func lookup(m map[string]any, keys ...string) any {
	var cur any = m
	for _, k := range keys {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[k]
	}
	return cur
}
