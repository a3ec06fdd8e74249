package lint

import (
	"fmt"
	"strings"
	"testing"
)

// TestRulesInEnvironment holds what collector.run works out once per
// file and environment to working it out for each prompt: the
// environment whose rule settings apply (ruleEnvironment, against
// Config.RuleEnvironment) and each rule as it runs there (rulesIn,
// against the environment's setting of each rule), over prompts of
// files in and out of the environments' path globs, in runs and
// interleaved, with and without a declared environment.
func TestRulesInEnvironment(t *testing.T) {
	cfg, err := LoadConfig("config.yaml", strings.NewReader(`default_environment: staging
environments:
  production:
    paths: ["prompts/prod/**"]
    rules: {r-b: off, r-c: notice}
  staging:
    paths: ["prompts/exp/**"]
    rules: {r-a: error}
  dev:
    rules: {r-a: off, r-b: warning}
`))
	if err != nil {
		t.Fatal(err)
	}
	run := func(*Pass) {}
	registry := []*Rule{
		{ID: "parse-error", Severity: Error, Doc: "d"},
		{ID: "r-a", Severity: Warning, Doc: "d", Run: run},
		{ID: "r-b", Severity: Error, Doc: "d", Run: run, Requires: []*Producer{VersionPolicy}},
		{ID: "r-c", Severity: Warning, Doc: "d", Run: run},
		{ID: "r-d", Severity: Notice, Doc: "d"},
	}
	c := newCollector(cfg, registry)
	paths := []string{"prompts/prod/a.yaml", "prompts/exp/b.yaml", "prompts/c.yaml", "other/d.yaml"}
	envs := []string{"", "", "", "production", "staging", "dev", "qa"}
	seed := uint32(3)
	next := func(n int) int { // a fixed pseudo-random sequence
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	for i := range 2000 {
		p := &Prompt{Path: paths[next(len(paths))], Environment: envs[next(len(envs))], Name: fmt.Sprint(i)}
		env := c.ruleEnvironment(p)
		if want := cfg.RuleEnvironment(p); env != want {
			t.Fatalf("prompt %d of %s, environment %q: ruleEnvironment %q, Config.RuleEnvironment %q", i, p.Path, p.Environment, env, want)
		}
		overrides := cfg.Environments[env].Rules
		for k, r := range c.rulesIn(env) {
			want := c.order[k].rule
			if want != nil && (want.Run == nil || want.ID == ParseErrorRule || severityOf(overrides, want) == Off) {
				want = nil
			}
			switch {
			case want == nil && r != nil, want != nil && r == nil:
				t.Fatalf("environment %s, node %d: rule %v, want %v", env, k, r, want)
			case r != nil && (r.ID != want.ID || r.Severity != severityOf(overrides, want)):
				t.Fatalf("environment %s: rule %s at %v, want %s at %v", env, r.ID, r.Severity, want.ID, severityOf(overrides, want))
			}
		}
	}
}
