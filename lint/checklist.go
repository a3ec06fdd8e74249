package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/promptlint/promptlint/lint/checklist"
)

// semverRules are the rules that report what leaves the semver item
// unsatisfied; when one of them reported on a prompt, checklist-semver
// does not say it again.
var semverRules = map[string]bool{
	"version-missing": true, "version-invalid": true, "version-not-bumped": true, "version-decreased": true,
	"version-bump-too-small": true, "prerelease-in-production": true,
}

// NoBumpNeeded is the evidence of the items of a prompt whose change needs
// no version bump: such a change never asks for the checklist.
const NoBumpNeeded = "the change needs no version bump"

// evaluateChecklist works out the production checklist items of one
// changed prompt from its evidence, the PR body and reviews, and the
// findings the other rules reported on it. A prompt with no environment
// gets production's items as advice (Advisory, never Required); a change
// that needs no version bump requires no item.
func evaluateChecklist(r *PromptReport, findings []Finding, cfg *Config, pr *PullRequest) []ChecklistItem {
	p := r.Prompt
	env, requires, enforced := cfg.ChecklistOf(p)
	exempt := r.Status != Added && r.Change != nil && r.Change.Required == BumpNone
	required := map[string]bool{}
	for _, id := range requires {
		required[id] = true
	}
	if pr == nil {
		pr = &PullRequest{}
	}
	body := checklist.ParseBody(pr.Body)
	items := make([]ChecklistItem, 0, len(ChecklistItems))
	for _, id := range ChecklistItems {
		it := ChecklistItem{Prompt: p.Name, Path: p.Path, Environment: env, ID: id}
		if exempt {
			it.Status, it.Evidence = NotRequired, NoBumpNeeded
			items = append(items, it)
			continue
		}
		if id == "semver" {
			it.Status, it.Evidence, it.ReportedBy = evaluateSemver(r, findings, cfg)
		} else {
			it.Status, it.Evidence = evaluateItem(id, p, cfg, pr, body)
		}
		switch {
		case !required[id]:
			it.Status = NotRequired
		case enforced:
			it.Required = true
		default:
			it.Advisory = true
		}
		items = append(items, it)
	}
	return items
}

// versionOptional reports whether a prompt may go without a version: a VS
// Code prompt file that has none, unless versions.require_vscode (as for
// version-missing).
func versionOptional(p *Prompt, cfg *Config) bool {
	return p.Format == FormatVSCode && !p.VersionSet && !cfg.Versions.RequireVSCode
}

// semverProblem says why a prompt's version does not follow the version
// policy ("" when it does): no valid version, a prerelease in production,
// or a version not bumped, lowered or bumped too little for the change.
// It is worked out here, not read from the version rules' findings, so
// that the item holds when those rules are turned off.
func semverProblem(r *PromptReport, cfg *Config) string {
	p, ch := r.Prompt, r.Change
	v, err := ParseVersion(strings.TrimSpace(p.Version))
	if err != nil {
		if strings.TrimSpace(p.Version) == "" {
			return "no version"
		}
		return "version " + strconv.Quote(p.Version) + " is not a semantic version"
	}
	if v.Prerelease() != "" && cfg.RuleEnvironment(p) == Production {
		return "prerelease version " + v.Original() + " in production"
	}
	if ch == nil || r.Base == nil || ch.Required == BumpNone {
		return ""
	}
	o, err := ParseVersion(strings.TrimSpace(r.Base.Version))
	if err != nil {
		return ""
	}
	switch got, ok := VersionBump(o.Original(), v.Original()); {
	case v.Equal(o):
		return "version still " + v.Original() + "; the change needs a " + ch.Required.String() + " bump"
	case !ok:
		return "version went down from " + o.Original() + " to " + v.Original()
	case got < ch.Required:
		return fmt.Sprintf("%s → %s is a %s bump; the change needs %s", o.Original(), v.Original(), got, ch.Required)
	}
	return ""
}

// evaluateSemver decides the semver item: missing when the version does
// not follow the policy or a version rule reported an error on the
// prompt; reportedBy names the version rule that already said so.
func evaluateSemver(r *PromptReport, findings []Finding, cfg *Config) (status ChecklistStatus, evidence, reportedBy string) {
	p, ch := r.Prompt, r.Change
	if versionOptional(p, cfg) {
		return Verified, "no version needed (a VS Code prompt file; see versions.require_vscode)", ""
	}
	problem := semverProblem(r, cfg)
	for _, f := range findings {
		if semverRules[f.Rule] && f.Path == p.Path && (f.Prompt == "" || f.Prompt == p.Name) {
			if problem == "" && f.Severity < Error {
				continue
			}
			return Missing, "see " + f.Rule, f.Rule
		}
	}
	if problem != "" {
		return Missing, problem, ""
	}
	if ch != nil && ch.OldVersion != "" {
		return Verified, fmt.Sprintf("%s → %s (%s, needs %s)", ch.OldVersion, p.Version, ch.Bump, ch.Required), ""
	}
	return Verified, p.Version, ""
}

// evaluateItem decides one item other than semver: verified from
// evidence, else attested by a ticked box, else missing; evidence says
// why in a few words.
func evaluateItem(id string, p *Prompt, cfg *Config, pr *PullRequest, body checklist.Body) (ChecklistStatus, string) {
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
