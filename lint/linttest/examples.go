package linttest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/promptlint/promptlint/lint"
)

// Example is one example of a rule's doc.
type Example struct {
	Good    bool   // a Good example; else a Bad one
	Label   string // the label line as written: "Bad (the wording changed):"
	Line    int    // the label's line in the doc, 1-based
	Archive *txtar.Archive
}

// label matches an example's label line: "Bad:", "Good:", or either with a
// note in parentheses before the colon.
var label = regexp.MustCompile(`^(Bad|Good)( \([^\n]*\))?:$`)

// Examples returns the examples of a rule's doc. An example is a label
// line, "Bad:" or "Good:" (or "Bad (note):"), a blank line, and a block
// indented by four spaces that is a txtar archive of the example's files,
// in the form Run reads (see the package doc):
//
//	Bad:
//
//	    -- prompts/support.yaml --
//	    version: 1.0.0
//	    template: "Hello {customer_nme}"
//
// The block ends at the first line that is neither blank nor indented. A
// label followed by anything else, or a block that names no file, is an
// error, so that an example cannot be prose that no test runs.
func Examples(doc string) ([]Example, error) {
	lines := strings.Split(doc, "\n")
	var out []Example
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if !strings.HasPrefix(line, "Bad") && !strings.HasPrefix(line, "Good") {
			continue
		}
		if !label.MatchString(line) {
			if strings.Contains(line, ":") {
				return nil, fmt.Errorf("line %d: %q: an example's label is a line of its own, like \"Bad:\" or \"Good (note):\"", i+1, line)
			}
			continue // a sentence that starts with the word
		}
		ex := Example{Good: strings.HasPrefix(line, "Good"), Label: line, Line: i + 1}
		if i+2 >= len(lines) || lines[i+1] != "" || !strings.HasPrefix(lines[i+2], "    ") {
			return nil, fmt.Errorf("line %d: %q is not followed by a blank line and an archive indented by four spaces", i+1, line)
		}
		var block []string
		j := i + 2
		for ; j < len(lines) && (strings.TrimSpace(lines[j]) == "" || strings.HasPrefix(lines[j], "    ")); j++ {
			block = append(block, strings.TrimPrefix(lines[j], "    "))
		}
		ex.Archive = txtar.Parse([]byte(strings.TrimRight(strings.Join(block, "\n"), "\n") + "\n"))
		if len(ex.Archive.Files) == 0 {
			return nil, fmt.Errorf("line %d: the archive of %q names no file (a line like \"-- prompts/support.yaml --\")", i+1, line)
		}
		out = append(out, ex)
		i = j - 1
	}
	return out, nil
}

// RunExamples checks the examples of rule's doc with the rules of
// registry, as Run checks an archive: the doc has a Bad and a Good
// example; every Bad example produces a finding of rule; every Good
// example produces none, and the engine reads a prompt in it with no
// parse error (a Good example must not pass by being no prompt at all).
func RunExamples(t testing.TB, registry []*lint.Rule, rule *lint.Rule) {
	t.Helper()
	examples, err := Examples(rule.Doc)
	if err != nil {
		t.Fatalf("%s: doc: %v", rule.ID, err)
	}
	var bad, good int
	for _, ex := range examples {
		rep := Check(t, registry, rule, ex.Archive)
		var own, parse []string
		for _, f := range rep.Findings {
			switch f.Rule {
			case rule.ID:
				own = append(own, f.String())
			case lint.ParseErrorRule:
				parse = append(parse, f.String())
			}
		}
		switch {
		case !ex.Good:
			bad++
			if len(own) == 0 {
				t.Errorf("%s: doc line %d: the example %q produces no %s finding", rule.ID, ex.Line, ex.Label, rule.ID)
			}
		default:
			good++
			if len(own) > 0 {
				t.Errorf("%s: doc line %d: the example %q produces:\n%s", rule.ID, ex.Line, ex.Label, strings.Join(own, "\n"))
			}
			if len(parse) > 0 {
				t.Errorf("%s: doc line %d: the example %q cannot be read:\n%s", rule.ID, ex.Line, ex.Label, strings.Join(parse, "\n"))
			}
			if len(rep.Prompts) == 0 {
				t.Errorf("%s: doc line %d: the example %q holds no prompt promptlint reads", rule.ID, ex.Line, ex.Label)
			}
		}
	}
	if bad == 0 || good == 0 {
		t.Errorf("%s: doc has %d Bad and %d Good examples; want one of each at least", rule.ID, bad, good)
	}
}
