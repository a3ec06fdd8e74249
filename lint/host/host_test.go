package host_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/host"
)

func TestOverrides(t *testing.T) {
	cfg, rules, err := host.Overrides{ReviewThreshold: -1}.Apply(lint.ConfigFile{}, checks.All)
	if err != nil {
		t.Fatal(err)
	}
	def := lint.DefaultConfig()
	if !reflect.DeepEqual(cfg.Files, def.Files) || cfg.Diff.ReviewThreshold != def.Diff.ReviewThreshold || cfg.OnlyNew || len(rules) == 0 {
		t.Errorf("no overrides changed the defaults: %+v", cfg)
	}
	yes := true
	cfg, _, err = host.Overrides{Files: []string{"ai/**/*.yaml"}, ReviewThreshold: 0.5, OnlyNew: &yes}.Apply(lint.ConfigFile{Config: lint.DefaultConfig()}, checks.All)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg.Files, []string{"ai/**/*.yaml"}) || cfg.Diff.ReviewThreshold != 0.5 || !cfg.OnlyNew {
		t.Errorf("overrides not applied: files %q, threshold %v, only_new %v", cfg.Files, cfg.Diff.ReviewThreshold, cfg.OnlyNew)
	}
	// A config that names an unknown rule is an error of the config.
	bad, err := lint.LoadConfig(".promptlint.yaml", strings.NewReader("rules:\n  no-such-rule: off\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := (host.Overrides{ReviewThreshold: -1}).Apply(lint.ConfigFile{Path: ".promptlint.yaml", Config: bad}, checks.All); err == nil {
		t.Error("an unknown rule was accepted")
	}
}

func TestNeedsReviews(t *testing.T) {
	parse := func(src string) []*lint.File {
		return []*lint.File{lint.ParseFile("prompts/a.yaml", []byte(src), lint.DefaultConfig())}
	}
	advisory := parse("version: 1.0.0\ntemplate: Hi {name_of_user}\n")
	development := parse("version: 1.0.0\nenvironment: development\ntemplate: Hi {name_of_user}\n")
	cfg := lint.DefaultConfig()
	if !host.NeedsReviews(cfg, checks.All, advisory) {
		t.Error("an advisory checklist shows team-reviewed, and needs the reviews")
	}
	if host.NeedsReviews(cfg, checks.All, development) {
		t.Error("development requires nothing")
	}
	var without []*lint.Rule
	for _, r := range checks.All {
		if r.ID != "checklist-team-reviewed" {
			without = append(without, r)
		}
	}
	if host.NeedsReviews(cfg, without, advisory) {
		t.Error("the rule is off: no reviews needed")
	}
}

func TestPromptCommits(t *testing.T) {
	cfg := lint.DefaultConfig()
	match := func(p string) bool { return strings.HasPrefix(p, "prompts/") }
	files := map[string][]string{
		"g1": {"prompts/a.yaml", "src/x.go"},
		"g2": {"src/y.go"},
	}
	var looked []string
	cf := host.CommitFiles{
		Lookup: func(sha string) ([]string, error) {
			looked = append(looked, sha)
			if sha == "secret" {
				return nil, errors.New("403")
			}
			if sha == "broken" {
				return nil, errors.New("500")
			}
			return files[sha], nil
		},
		Unreadable: func(err error) bool { return err.Error() == "403" },
	}
	list := []lint.Commit{
		{SHA: "good", Message: "Shorten the greeting for mobile readers"},
		{SHA: "g1", Message: "fix"},
		{SHA: "g2", Message: "update"},
		{SHA: "payload", Message: "wip", Paths: []string{"prompts/b.yaml"}, PathsKnown: true},
		{SHA: "secret", Message: "tweak"},
	}
	out, notes, err := host.PromptCommits(cfg, list, match, cf)
	if err != nil {
		t.Fatal(err)
	}
	want := []lint.Commit{
		{SHA: "good", Message: "Shorten the greeting for mobile readers"},
		{SHA: "g1", Message: "fix", Paths: []string{"prompts/a.yaml"}},
		{SHA: "payload", Message: "wip", Paths: []string{"prompts/b.yaml"}},
	}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("commits\n got %+v\nwant %+v", out, want)
	}
	if !reflect.DeepEqual(looked, []string{"g1", "g2", "secret"}) {
		t.Errorf("looked up %q", looked)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "could not read the files of commit secret") {
		t.Errorf("notes %q", notes)
	}
	if _, _, err := host.PromptCommits(cfg, []lint.Commit{{SHA: "broken", Message: "fix"}}, match, cf); err == nil {
		t.Error("a lookup that fails the run was swallowed")
	}

	// The lookups are bounded.
	var many []lint.Commit
	for i := range host.MaxCommitLookups + 5 {
		many = append(many, lint.Commit{SHA: fmt.Sprint(i), Message: "fix"})
	}
	looked = nil
	_, notes, err = host.PromptCommits(cfg, many, match, cf)
	if err != nil || len(looked) != host.MaxCommitLookups {
		t.Errorf("%d lookups, err %v", len(looked), err)
	}
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "5 more commits with a generic message were not checked") {
		t.Errorf("notes %q", notes)
	}
}

func TestGlobsAndDedupe(t *testing.T) {
	cfg := lint.DefaultConfig()
	cfg.Files = []string{"a/**", "b/*.{yml,yaml}"}
	if got := host.Globs(cfg); got != "`a/**`, `b/*.{yml,yaml}`" {
		t.Errorf("Globs = %q", got)
	}
	if got := host.Dedupe([]string{"b", "a", "b", "c", "a"}); !reflect.DeepEqual(got, []string{"b", "a", "c"}) {
		t.Errorf("Dedupe = %q", got)
	}
}
