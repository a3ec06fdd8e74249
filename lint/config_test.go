package lint

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultConfigYAMLIsDefaultConfig(t *testing.T) {
	got, err := LoadConfig("default", strings.NewReader(DefaultConfigYAML))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultConfig()
	want.Ignore = []Ignore{}
	want.Exclude = []string{}
	want.Naming.Allow = []string{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DefaultConfigYAML loads as\n%+v\nwant DefaultConfig\n%+v", got, want)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown key", "filez: []\n", `line 1: unknown key "filez"`},
		{"unknown nested key", "naming:\n  case: snake\n", `line 2: unknown key "case"`},
		{"bad case", "naming:\n  variables: Title\n", `unknown case "Title"`},
		{"bad syntax", "syntax: erb\n", `unknown template syntax "erb"`},
		{"bad bump", "versions:\n  breaking: huge\n", `unknown bump "huge"`},
		{"bad item", "environments:\n  prod:\n    requires: [vibes]\n", `unknown checklist item "vibes"`},
		{"bad default env", "default_environment: qa\n", `"qa" is not in environments`},
		{"bad glob", "files: [\"prompts/[\"]\n", "bad glob"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(".promptlint.yaml", strings.NewReader(tc.yaml))
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("got %v, want a UsageError", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), ".promptlint.yaml") {
				t.Errorf("error %q does not name the file and %q", err, tc.want)
			}
		})
	}
}

func TestApplyRules(t *testing.T) {
	rules := []*Rule{{ID: "a-rule", Severity: Warning}, {ID: "b-rule", Severity: Error}}
	cfg := DefaultConfig()
	cfg.Rules = map[string]string{"a-rule": "error", "b-rule": "off"}
	got, err := cfg.Apply(rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "a-rule" || got[0].Severity != Error {
		t.Errorf("Apply = %+v, want a-rule at error only", got)
	}
	if rules[0].Severity != Warning {
		t.Error("Apply changed the registry's rule")
	}
	cfg.Rules = map[string]string{"no-such-rule": "error"}
	if _, err := cfg.Apply(rules); err == nil || !strings.Contains(err.Error(), `"no-such-rule"`) {
		t.Errorf("unknown rule id: got %v", err)
	}
	cfg.Rules = map[string]string{"a-rule": "loud"}
	if _, err := cfg.Apply(rules); err == nil {
		t.Error("unknown severity accepted")
	}
}

func TestEnvironmentOf(t *testing.T) {
	cfg, err := LoadConfig("c", strings.NewReader("default_environment: development\nenvironments:\n  staging:\n    paths: [\"prompts/exp/**\"]\n    requires: [semver]\n  production:\n    paths: [\"prompts/**\"]\n  development: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"prompts/exp/a.yaml": "staging", "prompts/b.yaml": "production", "other/c.prompt": "development"} {
		if got := cfg.EnvironmentOf(&Prompt{Path: path}); got != want {
			t.Errorf("EnvironmentOf(%s) = %s, want %s", path, got, want)
		}
	}
	if got := cfg.EnvironmentOf(&Prompt{Path: "prompts/b.yaml", Environment: "staging"}); got != "staging" {
		t.Errorf("declared environment ignored: %s", got)
	}
}

func TestEnvironmentRuleOverrides(t *testing.T) {
	cfg, err := LoadConfig("c", strings.NewReader("environments:\n  production:\n    rules: {a-rule: error}\n  staging:\n    rules: {a-rule: off}\n  development: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	rule := &Rule{ID: "a-rule", Severity: Warning, Run: func(p *Pass) { p.Reportf(Pos{Line: 1, Col: 1}, "hit") }}
	rules, err := cfg.Apply([]*Rule{rule})
	if err != nil {
		t.Fatal(err)
	}
	c := newCollector(cfg, rules)
	for _, env := range []string{"production", "staging", "development"} {
		c.run(&Pass{Config: cfg, Prompt: &Prompt{Path: env + ".yaml", Environment: env}, Status: Unchanged}, false, false)
	}
	for _, f := range c.findings {
		got = append(got, f.Path+"="+f.Severity.String())
	}
	if want := "production.yaml=error development.yaml=warning"; strings.Join(got, " ") != want {
		t.Errorf("findings %q, want %q", strings.Join(got, " "), want)
	}
	cfg.Environments["staging"].Rules["no-such-rule"] = "error"
	if _, err := cfg.Apply([]*Rule{rule}); err == nil || !strings.Contains(err.Error(), `environments.staging.rules: unknown rule "no-such-rule"`) {
		t.Errorf("unknown rule in an environment: %v", err)
	}
}

func TestEnvironmentsMergeWithTheDefaults(t *testing.T) {
	cfg, err := LoadConfig("c", strings.NewReader("environments:\n  development:\n    paths: [\"prompts/dev/**\"]\n  qa:\n    paths: [\"prompts/qa/**\"]\n    requires: [semver]\n  staging:\n    requires: [semver]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Environments["production"].Requires; len(got) != len(ChecklistItems) {
		t.Errorf("production requires %v, want the eight default items", got)
	}
	if got := cfg.Environments["development"]; len(got.Paths) != 1 || len(got.Requires) != 0 {
		t.Errorf("development = %+v, want its paths and the default (no) items", got)
	}
	if got := cfg.Environments["staging"].Requires; fmt.Sprint(got) != "[semver]" {
		t.Errorf("staging requires %v, want the file's [semver]", got)
	}
	if got := strings.Join(cfg.EnvironmentOrder, " "); got != "development qa staging production" {
		t.Errorf("order %q, want the file's environments first, then the other defaults", got)
	}
	if env := cfg.EnvironmentOf(&Prompt{Path: "prompts/qa/x.yaml"}); env != "qa" {
		t.Errorf("prompts/qa/x.yaml is in %q, want qa", env)
	}
}
