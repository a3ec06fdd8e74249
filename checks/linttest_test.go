package checks_test

// The tests of linttest, the harness of the rules' tests, live here with
// the tests that use it: one test binary for both.

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/linttest"
)

// shout reports every prompt whose template text has an exclamation mark.
var shout = &lint.Rule{
	ID:       "template-shouts",
	Severity: lint.Warning,
	Doc: `The template shouts.

Bad:

    -- prompts/a.yaml --
    version: 1.0.0
    template: "Answer {question}!"

Good:

    -- prompts/a.yaml --
    version: 1.0.0
    template: "Answer {question}."`,
	Run: func(pass *lint.Pass) {
		if strings.Contains(pass.Prompt.Text(), "!") {
			pass.Reportf(pass.Prompt.Pos, "the template shouts")
		}
	},
}

// renamed reports prompts whose version changed (a change rule).
var renamed = &lint.Rule{
	ID:       "version-moved",
	Severity: lint.Notice,
	Doc:      "The version moved.",
	Change:   true,
	Run: func(pass *lint.Pass) {
		if pass.Base != nil && pass.Prompt != nil && pass.Base.Version != pass.Prompt.Version {
			pass.Reportf(pass.Prompt.Pos, "version %q was %q", pass.Prompt.Version, pass.Base.Version)
		}
	},
}

// parseError is reported by the engine itself.
var parseError = &lint.Rule{ID: lint.ParseErrorRule, Severity: lint.Error, Doc: "The file cannot be read."}

// gate is reported by the engine itself.
var gate = &lint.Rule{ID: lint.GateRule, Severity: lint.Warning, Doc: "The change weakens the gate.", Change: true}

var registry = []*lint.Rule{gate, parseError, shout, renamed}

func TestFindings(t *testing.T) {
	tests := []struct {
		name    string
		rule    *lint.Rule
		archive string
		want    string
	}{
		{"plain names are head files", shout, `
-- prompts/a.yaml --
version: 1.0.0
template: "Hi!"
-- head/prompts/b.yaml --
version: 1.0.0
template: "Hi."
`, "prompts/a.yaml:1:1: warning: the template shouts [template-shouts]\n"},
		{"a change compares base and head", renamed, `
-- base/prompts/a.yaml --
version: 1.0.0
template: "Hi."
-- head/prompts/a.yaml --
version: 1.1.0
template: "Hi."
`, "prompts/a.yaml:1:1: notice: version \"1.1.0\" was \"1.0.0\" [version-moved]\n"},
		{"the trusted config is head's .promptlint.yaml", shout, `
-- .promptlint.yaml --
rules:
  template-shouts: error
-- prompts/a.yaml --
version: 1.0.0
template: "Hi!"
`, "prompts/a.yaml:1:1: error: the template shouts [template-shouts]\n"},
		{"config.yaml overrides head's", shout, `
-- config.yaml --
rules:
  template-shouts: off
-- .promptlint.yaml --
rules:
  template-shouts: error
-- prompts/a.yaml --
version: 1.0.0
template: "Hi!"
`, ""},
		{"the gate compares base's defaults with head's file", gate, `
-- base/prompts/a.yaml --
version: 1.0.0
template: "Hi!"
-- .promptlint.yaml --
rules:
  template-shouts: off
-- prompts/a.yaml --
version: 1.0.1
template: "Hi there!"
`, ".promptlint.yaml:2:3: warning: rule \"template-shouts\" is turned off (was warning) in the configuration [gate-weakened]\n"},
		{"config.yaml is both sides' configuration", gate, `
-- config.yaml --
rules:
  template-shouts: off
-- base/prompts/a.yaml --
version: 1.0.0
template: "Hi!"
-- prompts/a.yaml --
version: 1.0.1
template: "Hi there!"
`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := linttest.Findings(t, registry, tt.rule, txtar.Parse([]byte(tt.archive)))
			if got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestCommits reads an archive's commits section: "<sha> <message>"
// lines, "\n" in a message a line break, and "<sha>:<path>,<path>" for a
// commit whose files are known (none after the colon: no file). A change
// rule is offered every commit of the change, as the archive lists them.
func TestCommits(t *testing.T) {
	var got []lint.Commit
	offered := &lint.Rule{ID: "commits-offered", Severity: lint.Notice, Doc: "Records the commits offered to a rule.", Change: true,
		Run: func(pass *lint.Pass) {
			pass.Commits(func(c lint.Commit) bool {
				got = append(got, c)
				return false
			})
		},
	}
	ar := txtar.Parse([]byte(`-- commits --
abc1234 fix\nmore
def5678:prompts/a.yaml,prompts/b.yaml update
0000000: none
-- base/prompts/a.yaml --
version: 1.0.0
template: "Hi."
-- prompts/a.yaml --
version: 1.1.0
template: "Hi."
`))
	linttest.Check(t, append([]*lint.Rule{offered}, registry...), offered, ar)
	if len(got) != 3 || got[0].SHA != "abc1234" || got[0].Message != "fix\nmore" || got[0].PathsKnown ||
		got[1].SHA != "def5678" || got[1].Message != "update" || strings.Join(got[1].Paths, ",") != "prompts/a.yaml,prompts/b.yaml" ||
		got[2].SHA != "0000000" || !got[2].PathsKnown || got[2].Paths != nil {
		t.Errorf("commits = %+v", got)
	}
}

func TestExamples(t *testing.T) {
	ex, err := linttest.Examples(shout.Doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 2 || ex[0].Good || !ex[1].Good || ex[0].Line != 3 || ex[1].Label != "Good:" ||
		len(ex[0].Archive.Files) != 1 || ex[0].Archive.Files[0].Name != "prompts/a.yaml" ||
		string(ex[0].Archive.Files[0].Data) != "version: 1.0.0\ntemplate: \"Answer {question}!\"\n" {
		t.Errorf("Examples = %+v", ex)
	}
	for _, doc := range []string{
		"Sum.\n\nGood: leave it as it is.",                       // prose after the label
		"Sum.\n\nBad:\n\n    version: 1.0.0\n",                   // no file
		"Sum.\n\nBad:\n    -- prompts/a.yaml --\n    x: 1\n",     // no blank line
		"Sum.\n\nBad (note):\n\nversion: 1.0.0\n",                // not indented
		"Sum.\n\nGood:\n\n    -- a.yaml --\n    x\nBad: prose\n", // a second label with prose
	} {
		if _, err := linttest.Examples(doc); err == nil {
			t.Errorf("Examples(%q) accepted", doc)
		}
	}
	if ex, err := linttest.Examples("Sum.\n\nGood practice is to say why."); err != nil || len(ex) != 0 {
		t.Errorf("a sentence starting with Good: %v, %v", ex, err)
	}
}

// TestRunExamples runs a doc whose examples hold, then docs whose examples
// do not, on a test that records the failures instead of failing.
func TestRunExamples(t *testing.T) {
	linttest.RunExamples(t, registry, shout)
	for _, tc := range []struct{ doc, want string }{
		{strings.Replace(shout.Doc, `{question}!"`, `{question}."`, 1), "produces no template-shouts finding"},
		{strings.Replace(shout.Doc, `{question}."`, `{question}!"`, 1), "produces:"},
		{strings.Replace(shout.Doc, "-- prompts/a.yaml --\n    version: 1.0.0\n    template: \"Answer {question}.\"", "-- notes.txt --\n    hello", 1), "holds no prompt"},
		{strings.Replace(shout.Doc, "template: \"Answer {question}.\"", "template: [", 1), "cannot be read"},
		{shout.Doc[:strings.Index(shout.Doc, "Good:")], "want one of each"},
	} {
		r := *shout
		r.Doc = tc.doc
		rec := &recorder{TB: t}
		func() {
			defer func() { _ = recover() }()
			linttest.RunExamples(rec, []*lint.Rule{gate, parseError, &r, renamed}, &r)
		}()
		if !strings.Contains(rec.errs.String(), tc.want) {
			t.Errorf("doc %q: errors %q, want %q", tc.doc, rec.errs.String(), tc.want)
		}
	}
}

// recorder is a testing.TB that records errors instead of failing.
type recorder struct {
	testing.TB
	errs strings.Builder
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs.WriteString(strings.TrimSpace(fmt.Sprintf(format, args...)) + "\n")
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic("fatal")
}

func (r *recorder) Fatal(args ...any) {
	r.errs.WriteString(fmt.Sprintln(args...))
	panic("fatal")
}
