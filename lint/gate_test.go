package lint

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// gateRules is a registry of a few rules, enough for the gate.
var gateRules = []*Rule{
	{ID: "description-missing", Severity: Warning},
	{ID: GateRule, Severity: Warning, Change: true},
	{ID: "version-not-bumped", Severity: Error, Change: true},
}

func configFile(t *testing.T, path, yaml string) ConfigFile {
	t.Helper()
	if path == "" {
		return ConfigFile{Config: DefaultConfig()}
	}
	cfg, err := LoadConfig(path, bytes.NewReader([]byte(yaml)))
	if err != nil {
		t.Fatal(err)
	}
	return ConfigFile{Path: path, Data: []byte(yaml), Config: cfg}
}

func gateMessages(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Rule == GateRule {
			out = append(out, f.String())
		}
	}
	return out
}

func TestGateSeverityComesFromTheBase(t *testing.T) {
	base := configFile(t, ".promptlint.yaml", "rules:\n  gate-weakened: error\n")
	// The change turns the gate rule itself off, and another rule too.
	head := configFile(t, ".promptlint.yaml", "rules:\n  gate-weakened: \"off\"\n  version-not-bumped: warning\n")
	p := &Prompt{Path: "prompts/a.yaml", Name: "a", Pos: Pos{Line: 1, Col: 1}}
	rep := &Report{Prompts: []PromptReport{{Prompt: p, Base: p, Status: Modified, Recommendation: "deploy"}}}
	Gate(rep, base, head, gateRules)
	got := gateMessages(rep)
	want := []string{
		`.promptlint.yaml:2:3: error: rule "gate-weakened" is turned off (was error) in the configuration [gate-weakened]`,
		`.promptlint.yaml:3:3: error: rule "version-not-bumped" is turned down from error to warning in the configuration [gate-weakened]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(rep.Gate) != 2 {
		t.Errorf("rep.Gate has %d changes, want 2", len(rep.Gate))
	}
}

func TestGateOffInTheBaseStillListsTheChanges(t *testing.T) {
	base := configFile(t, ".promptlint.yaml", "rules:\n  gate-weakened: \"off\"\n")
	head := configFile(t, ".promptlint.yaml", "rules:\n  gate-weakened: \"off\"\n  description-missing: \"off\"\n")
	rep := &Report{}
	Gate(rep, base, head, gateRules)
	if len(rep.Findings) != 0 {
		t.Errorf("findings %v, want none: the base turns the rule off", rep.Findings)
	}
	if len(rep.Gate) != 1 || rep.Gate[0].Subject != "description-missing" {
		t.Errorf("gate %+v, want the change listed for the comment", rep.Gate)
	}
}

func TestGateNothingWeakened(t *testing.T) {
	for _, tc := range []struct{ name, base, head string }{
		{"same", "rules:\n  description-missing: notice\n", "rules:\n  description-missing: notice\n"},
		{"stricter", "rules:\n  description-missing: notice\n", "rules:\n  description-missing: error\nchecklist:\n  min_approvals: 3\n"},
		{"no config on either side", "", ""},
		{"a config that restates the defaults", "", "default_environment: production\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bp, hp := ".promptlint.yaml", ".promptlint.yaml"
			if tc.base == "" {
				bp = ""
			}
			if tc.head == "" {
				hp = ""
			}
			rep := &Report{}
			Gate(rep, configFile(t, bp, tc.base), configFile(t, hp, tc.head), gateRules)
			if len(rep.Gate) != 0 || len(rep.Findings) != 0 {
				t.Errorf("gate %+v, findings %v; want nothing", rep.Gate, rep.Findings)
			}
		})
	}
}

func TestGateConfigRemoved(t *testing.T) {
	base := configFile(t, ".promptlint.yaml", "rules:\n  description-missing: error\n")
	rep := &Report{}
	Gate(rep, base, ConfigFile{Config: DefaultConfig()}, gateRules)
	got := strings.Join(gateMessages(rep), "\n")
	for _, want := range []string{"the configuration .promptlint.yaml is removed", `rule "description-missing" is turned down from error to warning`} {
		if !strings.Contains(got, want) {
			t.Errorf("findings:\n%s\nwant one saying %q", got, want)
		}
	}
}

func TestGateErrorAsksForReview(t *testing.T) {
	cfg := configFile(t, ".promptlint.yaml", "rules:\n  gate-weakened: error\n")
	base := &Prompt{Path: "prompts/a.yaml", Name: "a", Pos: Pos{Line: 1, Col: 1}}
	head := &Prompt{Path: "prompts/a.yaml", Name: "a", Pos: Pos{Line: 1, Col: 1}, Disabled: []string{"description-missing"}}
	rep := &Report{Prompts: []PromptReport{{Prompt: head, Base: base, Status: Modified, Recommendation: "deploy"}}}
	Gate(rep, cfg, cfg, gateRules)
	if got := gateMessages(rep); len(got) != 1 || !strings.Contains(got[0], `disables rule "description-missing"`) {
		t.Errorf("findings %q, want the in-file disable", got)
	}
	if rep.Prompts[0].Recommendation != "review" {
		t.Errorf("recommendation %q, want review", rep.Prompts[0].Recommendation)
	}
}

func TestReadConfigFile(t *testing.T) {
	fsys := fstest.MapFS{
		".promptlint.yml": {Data: []byte("rules:\n  description-missing: \"off\"\n")},
		"ci/lint.yaml":    {Data: []byte("rules: [\n")},
	}
	cf, err := ReadConfigFile(fsys, "")
	if err != nil || cf.Path != ".promptlint.yml" || cf.Config.Rules["description-missing"] != "off" {
		t.Errorf("ReadConfigFile: %+v, %v; want .promptlint.yml", cf, err)
	}
	if cf, err := ReadConfigFile(fsys, "ci/missing.yaml"); err != nil || cf.Path != "" {
		t.Errorf("a named config that is missing: %+v, %v; want the defaults", cf, err)
	}
	if _, err := ReadConfigFile(fsys, "./ci/lint.yaml"); err == nil || !strings.Contains(err.Error(), "ci/lint.yaml") {
		t.Errorf("a config that does not parse: %v", err)
	}
	cf, err = ReadConfigFile(fstest.MapFS{}, "")
	if err != nil || cf.Path != "" || cf.Config == nil {
		t.Errorf("no config: %+v, %v; want the defaults", cf, err)
	}
}

func TestGateVSCodeVersionsNoLongerRequired(t *testing.T) {
	base := configFile(t, ".promptlint.yaml", "versions:\n  require_vscode: true\n")
	head := configFile(t, ".promptlint.yaml", "versions:\n  require_vscode: false\n")
	rep := &Report{}
	Gate(rep, base, head, gateRules)
	want := `.promptlint.yaml:2:3: warning: versions.require_vscode is turned off: VS Code prompt files need no version [gate-weakened]`
	if got := strings.Join(gateMessages(rep), "\n"); got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
}
