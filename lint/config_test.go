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
	got.src = nil // where it was read from is not part of the config
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DefaultConfigYAML loads as\n%+v\nwant DefaultConfig\n%+v", got, want)
	}
}

// TestLoadConfigErrors: every config error names the file, the line and
// the column of the bad key or value, with a suggestion where one is near.
func TestLoadConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown key", "filez: []\n", `.promptlint.yaml:1:1: unknown key "filez" (did you mean "files"?)`},
		{"unknown nested key", "naming:\n  case: snake\n", `.promptlint.yaml:2:3: unknown key "case" in naming`},
		{"misspelt nested key", "tokens:\n  budjet: 10\n", `.promptlint.yaml:2:3: unknown key "budjet" in tokens (did you mean "budget"?)`},
		{"unknown key in an environment", "environments:\n  staging:\n    require: [semver]\n", `.promptlint.yaml:3:5: unknown key "require" in environments.staging (did you mean "requires"?)`},
		{"unknown key in an ignore entry", "ignore:\n  - paths: x\n", `.promptlint.yaml:2:5: unknown key "paths" in ignore[0] (did you mean "path"?)`},
		{"bad case", "naming:\n  variables: Title\n", `.promptlint.yaml:2:14: naming.variables: unknown case "Title"`},
		{"bad syntax", "syntax: erb\n", `.promptlint.yaml:1:9: syntax: unknown template syntax "erb"`},
		{"bad bump", "versions:\n  breaking: huge\n", `.promptlint.yaml:2:13: versions.breaking: unknown bump "huge"`},
		{"bad item", "environments:\n  prod:\n    requires: [semver, vibes]\n", `.promptlint.yaml:3:24: environments.prod.requires[1]: unknown checklist item "vibes"`},
		{"misspelt item", "environments:\n  prod:\n    requires: [ab-test]\n", `(did you mean "ab-tested"?)`},
		{"bad default env", "default_environment: qa\n", `.promptlint.yaml:1:22: default_environment: "qa" is not in environments`},
		{"bad glob", "files: [\"ok/**\", \"prompts/[\"]\n", `.promptlint.yaml:1:18: files[1]: bad glob`},
		{"not a number", "tokens:\n  budget: lots\n", `.promptlint.yaml:2:11: tokens.budget: want a whole number, not "lots"`},
		{"a list for a mapping", "naming: [snake_case]\n", `.promptlint.yaml:1:9: naming: want a mapping of settings, not a list`},
		{"a string for a list", "files: prompts/**\n", `.promptlint.yaml:1:8: files: want a list, not a string`},
		{"out of range", "diff:\n  review_threshold: 1.5\n", `.promptlint.yaml:2:21: diff.review_threshold: 1.5 is not between 0 and 1`},
		{"duplicate key", "syntax: python\nsyntax: jinja2\n", `.promptlint.yaml:2:1: key "syntax" is defined twice (first at line 1)`},
		{"YAML syntax", "rules:\n  a: [\n", `.promptlint.yaml:2:1: invalid YAML`},
		{"not a mapping", "- files\n", `.promptlint.yaml:1:1: want a mapping of settings, not a list`},
		{"alias bomb", aliasBombConfig(), "expands to more than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(".promptlint.yaml", strings.NewReader(tc.yaml))
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("got %v, want a UsageError", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), ".promptlint.yaml") {
				t.Errorf("error %q does not name the file and %q", err, tc.want)
			}
		})
	}
}

// aliasBombConfig makes 2,000 environments of one aliased environment
// with 1,000 paths: a small file that expands to two million values.
func aliasBombConfig() string {
	var b strings.Builder
	b.WriteString("environments:\n  big: &big {paths: [" + strings.TrimSuffix(strings.Repeat("x, ", 1000), ", ") + "]}\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, "  e%d: *big\n", i)
	}
	return b.String()
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
		c.run(&Pass{Config: cfg, Prompt: &Prompt{Path: env + ".yaml", Environment: env}, Status: Unchanged}, false)
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

// TestApplyErrorsArePlaced: a rule id the registry lacks is reported at
// its place in the file, with the closest id.
func TestApplyErrorsArePlaced(t *testing.T) {
	rules := []*Rule{{ID: "variable-unused", Severity: Warning}, {ID: "variable-undefined", Severity: Error}}
	for _, tc := range []struct{ yaml, want string }{
		{"rules:\n  variable-unsed: off\n", `c.yaml:2:3: rules: unknown rule "variable-unsed" (did you mean "variable-unused"?)`},
		{"rules:\n  variable-unused: loud\n", `c.yaml:2:20: rules.variable-unused: unknown severity "loud"`},
		{"ignore:\n  - path: x\n    rules: [variable-unused, varible-undefined]\n", `c.yaml:3:30: ignore: unknown rule "varible-undefined" (did you mean "variable-undefined"?)`},
		{"environments:\n  staging:\n    rules:\n      no-such-rule: off\n", `c.yaml:4:7: environments.staging.rules: unknown rule "no-such-rule"`},
	} {
		cfg, err := LoadConfig("c.yaml", strings.NewReader(tc.yaml))
		if err != nil {
			t.Fatal(err)
		}
		_, err = cfg.Apply(rules)
		var ue *UsageError
		if !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Apply of %q: %v, want %s", tc.yaml, err, tc.want)
		}
	}
}
