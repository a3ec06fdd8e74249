package lint_test

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

// TestLintParallel: a lint shares the files among workers, and the
// report is the one a single worker makes, finding for finding and in the
// same order: duplicate names across files (Named), the repository-wide
// variable style (Memo), used and unused promptlint:ignore directives,
// parse errors and a rule over the per-file cap.
func TestLintParallel(t *testing.T) {
	fsys := fstest.MapFS{}
	r := rng(3)
	for i := range 400 {
		var data string
		switch i % 8 {
		case 0: // a name another file has too
			data = fmt.Sprintf("name: shared_%d\nversion: 1.0.0\ndescription: D.\ntemplate: Hello {customer_name}.\n", i%3)
		case 1: // a suppressed finding and an unused directive
			data = "name: n" + fmt.Sprint(i) + "\nversion: 1.0.0\n# promptlint:ignore description-missing -- described elsewhere\ndescription: D.\n# promptlint:ignore variable-name-cryptic -- the product's term\ntemplate: |\n  Hello {x}.\n"
		case 2: // not YAML
			data = "name: [\n"
		case 3: // more findings of one rule than the cap
			data = fmt.Sprintf("name: many_%d\nversion: 1.0.0\ndescription: D.\ntemplate: \"%s\"\n", i, strings.Repeat("{} ", lint.MaxFindingsPerRule+20))
		case 4: // camelCase among snake_case names
			data = fmt.Sprintf("name: camel_%d\nversion: 1.0\ntemplate: Hi {userName}, {orderId}.\n", i)
		default:
			_, data = benchFile(6*i, &r, 200, "1.0.0") // promptlint YAML
			data = strings.Replace(data, "version: 1.0.0", "version: 1.0.0\n# TODO: shorter", 1)
		}
		fsys[fmt.Sprintf("prompts/p%03d.yaml", i)] = &fstest.MapFile{Data: []byte(data)}
	}
	cfg, _ := benchConfig(t)
	lintWith := func(procs int) *lint.Report {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: fsys, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	one, many := lintWith(1), lintWith(4)
	rules2 := map[string]int{}
	for _, f := range one.Findings {
		rules2[f.Rule]++
	}
	for _, id := range []string{"prompt-name-duplicate", "ignore-unused", "parse-error", "template-syntax", "variable-name-style", "version-invalid"} {
		if rules2[id] == 0 {
			t.Errorf("no %s finding: the test does not test what it says (%v)", id, rules2)
		}
	}
	if len(one.Cut) == 0 {
		t.Error("no rule went over the cap")
	}
	if !reflect.DeepEqual(one, many) {
		for i := range min(len(one.Findings), len(many.Findings)) {
			if one.Findings[i] != many.Findings[i] {
				t.Fatalf("finding %d: one worker %s, several %s", i, one.Findings[i], many.Findings[i])
			}
		}
		t.Fatalf("reports differ: %d and %d findings, %d and %d prompts, cuts %v and %v", len(one.Findings), len(many.Findings), len(one.Prompts), len(many.Prompts), one.Cut, many.Cut)
	}
}
