package lint_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

// runTrees lints head, or checks it against base when base is not nil, with
// every rule, and returns the findings as text lines; config is an
// optional .promptlint.yaml.
func runTrees(t *testing.T, base, head map[string]string, config string) []string {
	t.Helper()
	cfg := lint.DefaultConfig()
	if config != "" {
		var err error
		if cfg, err = lint.LoadConfig("config.yaml", bytes.NewReader([]byte(config))); err != nil {
			t.Fatal(err)
		}
	}
	_, err := cfg.Apply(checks.All)
	if err != nil {
		t.Fatal(err)
	}
	tree := func(files map[string]string) fstest.MapFS {
		fsys := fstest.MapFS{}
		for k, v := range files {
			fsys[k] = &fstest.MapFile{Data: []byte(v), Mode: 0o644}
		}
		return fsys
	}
	var rep *lint.Report
	if base == nil {
		rep, err = lint.Run(context.Background(), lint.Input{Lint: true, Head: tree(head), Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
	} else {
		rep, err = lint.Run(context.Background(), lint.Input{Base: tree(base), Head: tree(head), Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.String())
	}
	return out
}

// findingsMatch checks that each of want (a "path:line: rule" prefix
// and rule pair written "path:line [rule]") is among got, and none of
// absent.
func findingsMatch(t *testing.T, got []string, want, absent []string) {
	t.Helper()
	match := func(spec string) bool {
		loc, rule, _ := strings.Cut(spec, " ")
		for _, g := range got {
			if strings.HasPrefix(g, loc+":") && strings.HasSuffix(g, rule) {
				return true
			}
		}
		return false
	}
	for _, w := range want {
		if !match(w) {
			t.Errorf("no finding %s in:\n%s", w, strings.Join(got, "\n"))
		}
	}
	for _, a := range absent {
		if match(a) {
			t.Errorf("finding %s, which should not be there, in:\n%s", a, strings.Join(got, "\n"))
		}
	}
}

// TestSuppression: promptlint:ignore comments drop the findings of their
// rules on the lines they cover, in every comment syntax that does not
// reach the model, and nothing else; text that reaches the model is never
// a directive.
func TestSuppression(t *testing.T) {
	cases := []struct {
		name         string
		files        map[string]string
		config       string
		want, absent []string
	}{{
		name:   "trailing YAML comment covers its line only",
		files:  map[string]string{"prompts/a.yaml": "name: a\nversion: 1.0.0\ndescription: A.\nsyntax: python\nmessages:\n  - role: system\n    content: \"Hi {x}.\"  # promptlint:ignore variable-name-cryptic -- the product's term\n  - role: user\n    content: \"Then {y}.\"\n"},
		want:   []string{"prompts/a.yaml:9 [variable-name-cryptic]"},
		absent: []string{"prompts/a.yaml:7 [variable-name-cryptic]", "prompts/a.yaml:7 [ignore-unused]"},
	}, {
		name:   "a comment above a block scalar covers the block",
		files:  map[string]string{"prompts/a.yaml": "name: a\nversion: 1.0.0\ndescription: A.\n# promptlint:ignore variable-name-cryptic -- legacy names\ntemplate: |\n  Hello {x}.\n\n  Bye {y}.\nother: {z}\n"},
		absent: []string{"prompts/a.yaml:6 [variable-name-cryptic]", "prompts/a.yaml:8 [variable-name-cryptic]", "[ignore-unused]"},
	}, {
		name:   "a directive in a block scalar is text the model reads",
		files:  map[string]string{"prompts/a.yaml": "name: a\nversion: 1.0.0\ndescription: A.\ntemplate: |\n  # promptlint:ignore variable-name-cryptic -- not a comment\n  Hello {x}.\n"},
		want:   []string{"prompts/a.yaml:6 [variable-name-cryptic]"},
		absent: []string{"[ignore-unused]", "[ignore-malformed]"},
	}, {
		name:   "a directive in a quoted string is text the model reads",
		files:  map[string]string{"prompts/a.yaml": "name: a\nversion: 1.0.0\ndescription: A.\ntemplate: \"Say it:\n  # promptlint:ignore variable-name-cryptic -- not a comment\n  Hello {x}.\"\n"},
		want:   []string{"prompts/a.yaml:6 [variable-name-cryptic]"},
		absent: []string{"[ignore-unused]", "[ignore-malformed]"},
	}, {
		name:   "a comment above the first key covers the prompt's own position",
		files:  map[string]string{"prompts/a.yaml": "# promptlint:ignore version-missing,description-missing -- generated, versioned by its generator\ntemplate: \"Hello {customer_name}.\"\n"},
		absent: []string{"[version-missing]", "[description-missing]", "[ignore-unused]"},
	}, {
		name:   "a comment above a list entry covers the entry",
		files:  map[string]string{"prompts/a.yaml": "version: 1.0.0\nprompts:\n  # promptlint:ignore variable-name-cryptic -- legacy\n  - name: one\n    description: One.\n    template: \"Hi {x}.\"\n  - name: two\n    description: Two.\n    template: \"Hi {y}.\"\n"},
		want:   []string{"prompts/a.yaml:9 [variable-name-cryptic]"},
		absent: []string{"prompts/a.yaml:6 [variable-name-cryptic]", "[ignore-unused]"},
	}, {
		name:   "a Jinja comment covers the next line",
		files:  map[string]string{"prompts/a.prompty": "---\nname: a\nversion: 1.0.0\ndescription: A.\n---\nsystem:\n{# promptlint:ignore variable-name-cryptic -- the caller's name #}\nAnswer {{x}}.\nAsk {{y}}.\n"},
		want:   []string{"prompts/a.prompty:9 [variable-name-cryptic]"},
		absent: []string{"prompts/a.prompty:8 [variable-name-cryptic]", "[ignore-unused]"},
	}, {
		name:   "an indented Handlebars comment alone on its line covers the next line",
		files:  map[string]string{"prompts/a.yaml": "name: a\nversion: 1.0.0\ndescription: A.\nsyntax: handlebars\ntemplate: |\n  Hi.\n  \t {{!-- promptlint:ignore variable-name-cryptic -- the caller's name --}}\n  Answer {{x}}.\n  Ask {{y}}.\n"},
		want:   []string{"prompts/a.yaml:9 [variable-name-cryptic]"},
		absent: []string{"prompts/a.yaml:8 [variable-name-cryptic]", "[ignore-unused]"},
	}, {
		name:   "a Handlebars comment after code on a long line covers its line",
		files:  map[string]string{"prompts/a.prompt": "---\nname: a\nversion: 1.0.0\ndescription: A.\n---\n" + strings.Repeat("Answer briefly. ", 1000) + "Answer {{x}}. {{!-- promptlint:ignore variable-name-cryptic -- the caller's name --}}\nAsk {{y}}.\n"},
		want:   []string{"prompts/a.prompt:7 [variable-name-cryptic]"},
		absent: []string{"prompts/a.prompt:6 [variable-name-cryptic]", "[ignore-unused]"},
	}, {
		name:   "a Handlebars comment after code covers its line",
		files:  map[string]string{"prompts/a.prompt": "---\nname: a\nversion: 1.0.0\ndescription: A.\n---\nAnswer {{x}}. {{!-- promptlint:ignore variable-name-cryptic -- the caller's name --}}\nAsk {{y}}.\n"},
		want:   []string{"prompts/a.prompt:7 [variable-name-cryptic]"},
		absent: []string{"prompts/a.prompt:6 [variable-name-cryptic]", "[ignore-unused]"},
	}, {
		name:   "a Mustache comment in a GitHub Models message reaches the model",
		files:  map[string]string{"prompts/a.prompt.yml": "name: a\nversion: 1.0.0\ndescription: A.\nmessages:\n  - role: user\n    content: \"{{! promptlint:ignore variable-spacing -- no }} Hi {{ who }}\"\n"},
		want:   []string{"prompts/a.prompt.yml:6 [variable-spacing]"},
		absent: []string{"[ignore-unused]", "[ignore-malformed]"},
	}, {
		name:   "a YAML comment in GitHub Models covers the message",
		files:  map[string]string{"prompts/a.prompt.yml": "name: a\nversion: 1.0.0\ndescription: A.\nmessages:\n  - role: user\n    # promptlint:ignore variable-spacing -- rendered by our own tool\n    content: \"Hi {{ who }}\"\n"},
		absent: []string{"[variable-spacing]", "[ignore-unused]"},
	}, {
		name:   "each rule of a directive that drops nothing is reported",
		files:  map[string]string{"prompts/a.yaml": "name: a\nversion: 1.0.0\ndescription: A.\ntemplate: \"Hi {x}.\"  # promptlint:ignore variable-name-cryptic,template-too-long -- short on purpose\n"},
		want:   []string{"prompts/a.yaml:4 [ignore-unused]"},
		absent: []string{"[variable-name-cryptic]"},
	}, {
		name:   "ignore-unused turned off",
		files:  map[string]string{"prompts/a.yaml": "name: a\nversion: 1.0.0\ndescription: A.\ntemplate: \"Hi {customer_name}.\"  # promptlint:ignore variable-name-cryptic -- stale\n"},
		config: "rules:\n  ignore-unused: off\n",
		absent: []string{"[ignore-unused]"},
	}, {
		name:   "a directive for a rule turned off is known, and unused is not reported",
		files:  map[string]string{"prompts/a.yaml": "name: a\nversion: 1.0.0\ndescription: A.\ntemplate: \"Hi {x}.\"  # promptlint:ignore variable-name-cryptic -- off anyway\n"},
		config: "rules:\n  variable-name-cryptic: off\n",
		absent: []string{"[ignore-unused]", "[ignore-malformed]"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			findingsMatch(t, runTrees(t, nil, c.files, c.config), c.want, c.absent)
		})
	}
}

// TestSuppressionCheck: in check, a directive drops a change rule's
// finding, and the gate reports the directive the change adds (not one
// the base had); a stale directive in an unchanged file is not reported,
// since no rule ran on it.
func TestSuppressionCheck(t *testing.T) {
	base := map[string]string{
		"prompts/a.yaml":     "name: a\nversion: 1.0.0\ndescription: A.\ntemplate: \"Hi {customer_name}.\"\n",
		"prompts/old.yaml":   "name: old\nversion: 1.0.0\ndescription: Old.\ntemplate: \"Hi {x}.\"  # promptlint:ignore variable-name-cryptic -- legacy\n",
		"prompts/stale.yaml": "name: stale\nversion: 1.0.0\ndescription: Stale.\ntemplate: \"Hi {customer_name}.\"  # promptlint:ignore variable-name-cryptic -- stale\n",
	}
	head := map[string]string{
		"prompts/a.yaml":     "name: a\n# promptlint:ignore version-not-bumped -- released with the app's 4.2 tag\nversion: 1.0.0\ndescription: A.\ntemplate: \"Hello {customer_name}.\"\n",
		"prompts/old.yaml":   "name: old\nversion: 1.0.1\ndescription: Old.\ntemplate: \"Hello {x}.\"  # promptlint:ignore variable-name-cryptic -- legacy\n",
		"prompts/stale.yaml": base["prompts/stale.yaml"],
	}
	got := runTrees(t, base, head, "")
	findingsMatch(t, got,
		[]string{"prompts/a.yaml:2 [gate-weakened]"},
		[]string{"[version-not-bumped]", "prompts/old.yaml:4 [gate-weakened]", "[variable-name-cryptic]", "[ignore-unused]"})
	for _, g := range got {
		if strings.HasSuffix(g, "[gate-weakened]") && !strings.Contains(g, `suppresses rule "version-not-bumped" on lines 2 to 3: "released with the app's 4.2 tag"`) {
			t.Errorf("gate-weakened does not name the rule, lines and reason: %s", g)
		}
	}
}

// TestSuppressedNotFixed: a finding a directive drops is not fixed.
func TestSuppressedNotFixed(t *testing.T) {
	file := "name: a\nversion: 1.0.0\ndescription: A.\nmessages:\n  - role: user\n    content: \"Hi {{ who }}\"  # promptlint:ignore variable-spacing -- our renderer trims\n"
	head := fstest.MapFS{"prompts/a.prompt.yml": &fstest.MapFile{Data: []byte(file), Mode: 0o644}}
	cfg := lint.DefaultConfig()
	_, err := cfg.Apply(checks.All)
	if err != nil {
		t.Fatal(err)
	}
	res, err := lint.RunFix(cfg, func(edited map[string][]byte) (*lint.Report, error) {
		return lint.Run(context.Background(), lint.Input{Lint: true, Head: lint.Overlay(head, edited), Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
	}, func(p string) ([]byte, error) { return []byte(file), nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 0 || len(res.Fixed) != 0 {
		t.Errorf("a suppressed finding was fixed: %+v", res.Fixed)
	}
}
