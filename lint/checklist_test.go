package lint

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/lint/checklist"
)

// checklistRun checks one prompt changed from base to head and returns
// the run's checklist items.
func checklistRun(t *testing.T, cfgYAML, base, head string) []ChecklistItem {
	t.Helper()
	cfg, err := LoadConfig("config.yaml", strings.NewReader(cfgYAML))
	if err != nil {
		t.Fatal(err)
	}
	path := "prompts/support.yaml"
	rep, err := Run(context.Background(), Input{Base: fstest.MapFS{path: {Data: []byte(base)}}, Head: fstest.MapFS{path: {Data: []byte(head)}}, Config: ConfigFile{Config: cfg}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Checklist) != len(ChecklistItems) {
		t.Fatalf("%d checklist items, want %d", len(rep.Checklist), len(ChecklistItems))
	}
	return rep.Checklist
}

const supportV1 = `name: support_reply
version: 1.0.0
description: Replies to support tickets.
variables:
  customer_name: null
template: Write a reply to {customer_name}.
`

// TestChecklistEnforcement covers who is held to the checklist: a prompt
// with an environment (declared, by path glob, or by default_environment)
// is; a prompt with none gets production's items as advice; and a change
// that needs no version bump is asked for nothing.
func TestChecklistEnforcement(t *testing.T) {
	reworded := strings.Replace(strings.Replace(supportV1, "1.0.0", "1.0.1", 1), "a reply", "a short reply", 1)
	for _, tc := range []struct {
		name, cfg, base, head string
		env                   string
		required, advisory    bool
		evidence              string // of every item, when set
	}{
		{"no environment: advisory", "", supportV1, reworded, "", false, true, ""},
		{"declared environment", "", supportV1, "environment: production\n" + reworded, "production", true, false, ""},
		{"path glob", "environments:\n  production:\n    paths: [\"prompts/**\"]\n", supportV1, reworded, "production", true, false, ""},
		{"default environment", "default_environment: production\n", supportV1, reworded, "production", true, false, ""},
		{"staging by default", "default_environment: staging\n", supportV1, reworded, "staging", true, false, ""},
		{"white space only in production", "default_environment: production\n", supportV1,
			strings.Replace(supportV1, "a reply", "a  reply", 1), "production", false, false, NoBumpNeeded},
		{"description only in production", "default_environment: production\n", supportV1,
			strings.Replace(supportV1, "Replies to", "Answers", 1), "production", false, false, NoBumpNeeded},
		{"white space only, no environment", "", supportV1,
			strings.Replace(supportV1, "a reply", "a\n  reply", 1), "", false, false, NoBumpNeeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := checklistRun(t, tc.cfg, tc.base, tc.head)
			var required, advisory bool
			for _, it := range items {
				if it.Environment != tc.env {
					t.Errorf("%s: environment %q, want %q", it.ID, it.Environment, tc.env)
				}
				if it.Required && it.Advisory {
					t.Errorf("%s: both required and advisory", it.ID)
				}
				if tc.evidence != "" && (it.Evidence != tc.evidence || it.Status != NotRequired) {
					t.Errorf("%s: %s %q, want not-required %q", it.ID, it.Status, it.Evidence, tc.evidence)
				}
				required = required || it.Required
				advisory = advisory || it.Advisory
			}
			if required != tc.required || advisory != tc.advisory {
				t.Errorf("required %v advisory %v, want %v and %v", required, advisory, tc.required, tc.advisory)
			}
		})
	}
}

// TestSemverItem checks that the semver item follows the version policy
// itself, and names the version rule that already reported the problem.
func TestSemverItem(t *testing.T) {
	reworded := strings.Replace(supportV1, "a reply", "a short reply", 1)
	semver := func(items []ChecklistItem) ChecklistItem {
		for _, it := range items {
			if it.ID == "semver" {
				return it
			}
		}
		t.Fatal("no semver item")
		return ChecklistItem{}
	}
	cfg := "default_environment: production\n"
	if it := semver(checklistRun(t, cfg, supportV1, reworded)); it.Status != Missing || !strings.Contains(it.Evidence, "needs a patch bump") {
		t.Errorf("not bumped: %+v", it)
	}
	if it := semver(checklistRun(t, cfg, supportV1, strings.Replace(reworded, "1.0.0", "1.0.1", 1))); it.Status != Verified {
		t.Errorf("bumped: %+v", it)
	}
	if it := semver(checklistRun(t, cfg, supportV1, strings.Replace(reworded, "1.0.0", "1.1.0-rc.1", 1))); it.Status != Missing || !strings.Contains(it.Evidence, "prerelease") {
		t.Errorf("prerelease in production: %+v", it)
	}
	if it := semver(checklistRun(t, "default_environment: staging\n", supportV1, strings.Replace(reworded, "1.0.0", "1.1.0-rc.1", 1))); it.Status != Verified {
		t.Errorf("prerelease in staging: %+v", it)
	}
	added := strings.Replace(reworded, "variables:\n  customer_name: null\n", "variables:\n  customer_name: null\n  tone: null\n", 1)
	added = strings.Replace(strings.Replace(added, "{customer_name}", "{customer_name} in a {tone} tone", 1), "1.0.0", "1.0.1", 1)
	if it := semver(checklistRun(t, cfg, supportV1, added)); it.Status != Missing || !strings.Contains(it.Evidence, "needs major") {
		t.Errorf("bump too small: %+v", it)
	}
}

// TestRollbackPlanStandIns checks that a Rollback plan section or a
// rollback key that says only "N/A", "(none)", "TBD" or "-" is no plan,
// and that the item says what it read.
func TestRollbackPlanStandIns(t *testing.T) {
	cfg, err := LoadConfig("config.yaml", strings.NewReader("default_environment: production\n"))
	if err != nil {
		t.Fatal(err)
	}
	reworded := strings.Replace(strings.Replace(supportV1, "1.0.0", "1.0.1", 1), "a reply", "a short reply", 1)
	for _, tc := range []struct {
		name, body, rollback string
		want                 ChecklistStatus
		evidence             string
	}{
		{"(none)", "## Rollback plan\n(none)\n", "", Missing, `says only "(none)"`},
		{"N/A", "## Rollback plan\n\nN/A\n\n## Notes\nshipped on Friday\n", "", Missing, `says only "N/A"`},
		{"TBD ticked", "## Rollback plan\nTBD\n## Production checklist\n- [x] <!-- promptlint:rollback-plan --> Rollback plan written above and tested\n", "", Missing, `says only "TBD"`},
		{"dash", "## Rollback plan\n-\n", "", Missing, "no Rollback plan section"},
		{"issue form", "### Rollback plan\n\n_No response_\n", "", Missing, `says only "_No response_"`},
		{"plan", "## Rollback plan\nRevert to 1.0.0 with SUPPORT_PROMPT_VERSION.\n", "", Verified, "Rollback plan section"},
		{"key N/A", "", "N/A", Missing, `rollback in the prompt file says only "N/A"`},
		{"key TBD after a stand-in section", "## Rollback plan\nnone\n", "TBD", Missing, `says only "none"`},
		{"key plan", "## Rollback plan\nn/a\n", "Revert to 1.0.0.", Verified, "rollback in the prompt file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			head := reworded
			if tc.rollback != "" {
				head += "rollback: " + tc.rollback + "\n"
			}
			path := "prompts/support.yaml"
			rep, err := Run(context.Background(), Input{
				Base: fstest.MapFS{path: {Data: []byte(supportV1)}}, Head: fstest.MapFS{path: {Data: []byte(head)}},
				Request: LocalRequest{Body: tc.body}, Config: ConfigFile{Config: cfg},
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range rep.Checklist {
				if it.ID != "rollback-plan" {
					continue
				}
				if it.Status != tc.want || !strings.Contains(it.Evidence, tc.evidence) {
					t.Errorf("rollback-plan %s %q, want %s with %q", it.Status, it.Evidence, tc.want, tc.evidence)
				}
				return
			}
			t.Fatal("no rollback-plan item")
		})
	}
}

// TestSemverItemVSCode checks that a VS Code prompt file, which needs no
// version unless versions.require_vscode, does not miss the semver item
// for lack of one.
func TestSemverItemVSCode(t *testing.T) {
	base := "---\nagent: 'agent'\ndescription: 'Review code'\n---\nReview ${input:file_path}.\n"
	head := strings.Replace(base, "Review ${input", "Review and refactor ${input", 1)
	for _, tc := range []struct {
		cfg  string
		want ChecklistStatus
	}{
		{"default_environment: production\n", Verified},
		{"default_environment: production\nversions:\n  require_vscode: true\n", Missing},
	} {
		cfg, err := LoadConfig("config.yaml", strings.NewReader(tc.cfg))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Run(context.Background(), Input{Base: fstest.MapFS{"review.prompt.md": {Data: []byte(base)}}, Head: fstest.MapFS{"review.prompt.md": {Data: []byte(head)}}, Config: ConfigFile{Config: cfg}})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range rep.Checklist {
			if it.ID == "semver" && it.Status != tc.want {
				t.Errorf("%q: semver %s (%s), want %s", tc.cfg, it.Status, it.Evidence, tc.want)
			}
		}
	}
}

// TestInitConfigLeavesTheChecklistAdvisory checks the config init writes:
// no default environment, and a comment that says how to enforce the
// checklist.
func TestInitConfigLeavesTheChecklistAdvisory(t *testing.T) {
	cfg, err := LoadConfig("init", strings.NewReader(DefaultConfigYAML))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DefaultEnvironment != "" {
		t.Errorf("init's default_environment is %q, want none", cfg.DefaultEnvironment)
	}
	for _, want := range []string{"checklist is advisory", "#   default_environment: production", "only_new: false"} {
		if !strings.Contains(DefaultConfigYAML, want) {
			t.Errorf("init's config does not say %q", want)
		}
	}
}

// TestDescriptionBodyPerItem holds what descriptionBody works out once
// per run for every item (whether its box is ticked, how a change
// satisfies it) to asking the description for each item, as every
// prompt's checklist did: over descriptions that tick boxes by id and by
// text, twice and not at all, and the hosts' nouns.
func TestDescriptionBodyPerItem(t *testing.T) {
	bodies := []string{
		"",
		"no boxes at all",
		"- [x] <!-- promptlint:ab-tested --> tested it\n- [ ] <!-- promptlint:monitoring --> Monitoring configured\n- [x] Alerts on latency above 5s",
		"- [x] <!-- promptlint:semver --> bumped\n\n- [ ] <!-- promptlint:semver --> bumped",
		"- [x] **A/B tested** on 2,000 conversations\n- [x] **Team reviewed** and approved the change\n- [X] **Rollback plan** written down",
		"## Production checklist\n- [x] **Version tagged**\n- [x] **Business metrics** up\n- [x] **Error handling** in place\n- [x] **Documentation updated**\n- [ ] No A/B test needed",
	}
	for _, body := range bodies {
		for _, noun := range []string{"", "PR", "MR"} {
			desc := &Description{Body: body, Noun: noun}
			b := descriptionBody(NewPass(&Rule{ID: "r"}, DefaultConfig(), func(Finding) {}), desc)
			parsed := checklist.ParseBody(body)
			for i, id := range ChecklistItems {
				ticked, _ := checklist.ItemChecked(parsed, id)
				how := ""
				if item, ok := checklist.ItemByID(id); ok {
					how = item.HowIn(desc.noun())
				}
				if b.ticked[i] != ticked || b.hows[i] != how {
					t.Errorf("body %q, noun %q, item %s: ticked %v, how %q; asking for the item gives %v, %q", body, noun, id, b.ticked[i], b.hows[i], ticked, how)
				}
			}
		}
	}
}
