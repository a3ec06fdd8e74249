package lint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/promptlint/promptlint/lint/checklist"
)

// NoBumpNeeded is the evidence of the items of a prompt whose change needs
// no version bump: such a change never asks for the checklist.
const NoBumpNeeded = "the change needs no version bump"

// evaluateChecklist works out the production checklist items of one
// changed prompt from its evidence, the request's description and
// reviews, and the version policy (with the findings of the rules that
// enforce it). A prompt with no environment gets production's items as
// advice (Advisory, never Required); a change that needs no version bump
// requires no item. It is nil for a removed prompt, in lint, and for a
// change without a request (a push).
func evaluateChecklist(pass *Pass) []ChecklistItem {
	p, cfg := pass.Prompt, pass.Config
	if p == nil || pass.Status == Unchanged || pass.run == nil {
		return nil
	}
	desc := pass.description()
	if desc == nil {
		return nil
	}
	env, requires, enforced := cfg.ChecklistOf(p)
	exempt := pass.Status != Added && pass.Change != nil && pass.Change.Required == BumpNone
	required := func(id string) bool { return slices.Contains(requires, id) }
	body := descriptionBody(pass, desc)
	// Each item is filled in in place: a check of thousands of prompts
	// copied every one of them into the list.
	items := make([]ChecklistItem, len(ChecklistItems))
	var semverStatus ChecklistStatus
	var semverWhy, semverBy string
	if !exempt {
		semverStatus, semverWhy, semverBy = evaluateSemver(pass)
	}
	for i, id := range ChecklistItems {
		it := &items[i]
		*it = ChecklistItem{Prompt: p.Name, Path: p.Path, Environment: env, ID: id, How: body.hows[i]}
		if exempt {
			it.Status, it.Evidence = NotRequired, NoBumpNeeded
			continue
		}
		switch id {
		case "semver":
			it.Status, it.Evidence, it.ReportedBy = semverStatus, semverWhy, semverBy
		case "docs-updated":
			it.Status, it.Evidence = evaluateItem(id, body.ticked[i], p, cfg, body, desc.noun())
			if semverStatus == Missing && (it.Status == Missing || it.Status == Verified && !versionBumped(pass)) {
				// A changelog entry documents a version; while the version
				// is wrong, the version finding says what to do first, and
				// an entry for the unbumped version documents nothing new.
				if it.Status == Verified {
					it.Evidence = "the changelog entry names " + p.Version + ", the base's version"
				}
				it.Status, it.Evidence, it.ReportedBy = Missing, it.Evidence+"; the version comes first ("+semverWhy+")", semverBy
				if semverBy == "" && required("semver") && enforced {
					it.ReportedBy = "checklist-semver"
				}
			}
		case "team-reviewed":
			it.Status, it.Evidence = evaluateReviews(pass, desc, body.ticked[i], required(id))
		default:
			it.Status, it.Evidence = evaluateItem(id, body.ticked[i], p, cfg, body, desc.noun())
		}
		switch {
		case !required(id):
			it.Status = NotRequired
		case enforced:
			it.Required = true
		default:
			it.Advisory = true
		}
	}
	return items
}

// parsedBody is a request description as the checklist reads it: its
// sections and boxes, what its Rollback plan section holds, and what
// every prompt's items take from it alone.
type parsedBody struct {
	checklist.Body
	rollback, rollbackStandIn string // SectionText and StandIn of "Rollback plan"
	// ticked and hows are, for each of ChecklistItems, whether the
	// description ticks its box (checklist.ItemChecked) and how a change
	// satisfies it in the description's host's words (Item.HowIn).
	ticked []bool
	hows   []string
}

type parsedBodyKey struct{ desc *Description }

// descriptionBody parses the request's description once per run (see
// Pass.Memo): every changed prompt's checklist reads it, and a check of
// thousands of prompts would look for each item's box in it for each.
func descriptionBody(pass *Pass, desc *Description) *parsedBody {
	return pass.Memo(parsedBodyKey{desc}, func() any {
		b := &parsedBody{Body: checklist.ParseBody(desc.Body)}
		b.rollback, b.rollbackStandIn = b.SectionText("Rollback plan"), b.StandIn("Rollback plan")
		b.ticked, b.hows = make([]bool, len(ChecklistItems)), make([]string, len(ChecklistItems))
		for i, id := range ChecklistItems {
			b.ticked[i], _ = checklist.ItemChecked(b.Body, id)
			if item, ok := checklist.ItemByID(id); ok {
				b.hows[i] = item.HowIn(desc.noun())
			}
		}
		return b
	}).(*parsedBody)
}

// versionBumped reports whether a changed prompt's version differs from
// its base's; a new prompt's counts as bumped.
func versionBumped(pass *Pass) bool {
	if pass.Base == nil || pass.Prompt == nil {
		return true
	}
	o, err1 := ParseVersion(strings.TrimSpace(pass.Base.Version))
	n, err2 := ParseVersion(strings.TrimSpace(pass.Prompt.Version))
	if err1 != nil || err2 != nil {
		return strings.TrimSpace(pass.Base.Version) != strings.TrimSpace(pass.Prompt.Version)
	}
	return !o.Equal(n)
}

// VersionCheck is the version policy's verdict on one prompt, the result
// of VersionPolicy.
type VersionCheck struct {
	// Old and New are the base and head versions, nil when missing or
	// not a strict semantic version (Old for a new prompt, New for a
	// removed one).
	Old, New *semver.Version
	// Optional says the prompt may go without a version: a VS Code prompt
	// file that has none, unless versions.require_vscode.
	Optional bool
	// Required is the bump the change requires; BumpNone for a new prompt
	// and in lint.
	Required Bump
	// Problem says why the version does not follow the policy, "" when
	// it does.
	Problem string
}

func versionCheck(pass *Pass) *VersionCheck {
	v := &VersionCheck{}
	if pass.Base != nil {
		v.Old, _ = ParseVersion(strings.TrimSpace(pass.Base.Version))
	}
	if pass.Change != nil {
		v.Required = pass.Change.Required
	}
	if p := pass.Prompt; p != nil {
		v.New, _ = ParseVersion(strings.TrimSpace(p.Version))
		v.Optional = p.Format == FormatVSCode && !p.VersionSet && !pass.Config.Versions.RequireVSCode
		v.Problem = semverProblem(pass, v)
	}
	return v
}

// semverProblem says why a prompt's version does not follow the version
// policy ("" when it does): no valid version, a prerelease in production,
// or a version not bumped, lowered or bumped too little for the change.
// It is worked out here, not read from the version rules' findings, so
// that the semver item holds when those rules are turned off.
func semverProblem(pass *Pass, vc *VersionCheck) string {
	p, ch, v, o := pass.Prompt, pass.Change, vc.New, vc.Old
	if v == nil {
		if p.VersionKind != "" {
			return "version is " + p.VersionKind + ", not a string"
		}
		if strings.TrimSpace(p.Version) == "" {
			return "no version"
		}
		return "version " + strconv.Quote(p.Version) + " is not a semantic version"
	}
	if v.Prerelease() != "" && pass.Config.RuleEnvironment(p) == Production {
		return "prerelease version " + v.Original() + " in production"
	}
	if ch == nil || pass.Base == nil || ch.Required == BumpNone || o == nil {
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
// not follow the policy or a rule that enforces it (one that requires
// VersionPolicy) reported an error on the prompt; reportedBy names that
// rule, which already said why.
func evaluateSemver(pass *Pass) (status ChecklistStatus, evidence, reportedBy string) {
	p, ch, vc := pass.Prompt, pass.Change, pass.Version()
	if vc == nil {
		vc = versionCheck(pass)
	}
	if vc.Optional {
		return Verified, "no version needed (a VS Code prompt file; see versions.require_vscode)", ""
	}
	for _, f := range pass.FindingsOf(VersionPolicy) {
		if f.Path == p.Path && (f.Prompt == "" || f.Prompt == p.Name) {
			if vc.Problem == "" && f.Severity < Error {
				continue
			}
			return Missing, "see " + f.Rule, f.Rule
		}
	}
	if vc.Problem != "" {
		return Missing, vc.Problem, ""
	}
	if ch != nil && ch.OldVersion != "" {
		return Verified, fmt.Sprintf("%s → %s (%s, needs %s)", ch.OldVersion, p.Version, ch.Bump, ch.Required), ""
	}
	return Verified, p.Version, ""
}

// evaluateReviews decides team-reviewed: from the request's reviews where
// the host reads them (a ticked box does not stand in for an approval),
// else attested by a ticked box. The host is asked for the reviews only
// when the item is required or advisory for the prompt (needed): they
// cost it a request.
func evaluateReviews(pass *Pass, desc *Description, ticked, needed bool) (ChecklistStatus, string) {
	if !desc.Reviews {
		if ticked {
			return Attested, "ticked in the " + desc.noun() + " description (no approving review known locally)"
		}
		return Missing, "no approving review known locally"
	}
	if !needed {
		return Missing, "not required, so the reviews were not read"
	}
	list := pass.reviewList()
	reviews := make([]checklist.Review, len(list))
	for i, rv := range list {
		reviews[i] = checklist.Review{User: rv.User, State: rv.State, Order: i}
	}
	ok, approvers, _, reason := checklist.EvaluateReviews(reviews, desc.Author, pass.Config.Checklist.MinApprovals)
	if ok {
		return Verified, "approved by " + strings.Join(approvers, ", ")
	}
	return Missing, reason
}

// evaluateItem decides one item other than semver and team-reviewed:
// verified from evidence in the prompt file or the request's description
// (noun names the request as the host does), else attested by a ticked
// box (ticked says whether the description ticks it), else missing;
// evidence says why in a few words. An item of checklist.Items with no
// case here is one only its box attests.
func evaluateItem(id string, ticked bool, p *Prompt, cfg *Config, body *parsedBody, noun string) (ChecklistStatus, string) {
	attest := func(why string) (ChecklistStatus, string) {
		if ticked {
			if why != "" {
				return Attested, "ticked in the " + noun + " description (" + why + ")"
			}
			return Attested, "ticked in the " + noun + " description"
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
		if body.rollback != "" {
			return Verified, "Rollback plan section in the " + noun + " description"
		}
		rollback := lookup(p.Meta, "rollback")
		s, _ := rollback.(string)
		s = strings.TrimSpace(s)
		if !checklist.Placeholder(s) {
			return Verified, "rollback in the prompt file"
		}
		if m, ok := rollback.(map[string]any); ok && len(m) > 0 {
			return Verified, "rollback in the prompt file"
		}
		if standIn := body.rollbackStandIn; standIn != "" {
			return Missing, fmt.Sprintf("the Rollback plan section says only %q, which is no plan", standIn)
		}
		if s != "" {
			return Missing, fmt.Sprintf("rollback in the prompt file says only %q, which is no plan", s)
		}
		// A box cannot stand in for the plan itself.
		if ticked {
			return Missing, "the box is ticked, but the Rollback plan section is empty and the file has no rollback key"
		}
		return Missing, "no Rollback plan section or rollback key"
	case "docs-updated":
		for _, e := range p.Changelog {
			if e.Version == p.Version && p.Version != "" {
				return Verified, "changelog entry for " + p.Version
			}
		}
		return attest("no changelog entry for " + orNone(p.Version))
	}
	// An item no prompt file can prove (error-handling): its box attests.
	return attest("")
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
