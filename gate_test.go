package main

import (
	"strings"
	"testing"
)

// TestCheckGateWeakened: `check --base REV` reads the base side's config
// at REV and reports what the change does to its own gate, with the
// severity the base config gives gate-weakened.
func TestCheckGateWeakened(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	const prompt = "name: answer_question\nversion: 1.0.0\ndescription: Answers a question.\ntemplate: \"Answer {question}.\"\nvariables:\n  question: null\n"
	g.commit(t, "Add the answer prompt and the team's config", map[string]string{
		".promptlint.yaml":             "default_environment: development\nrules:\n  gate-weakened: error\n",
		"prompts/answer_question.yaml": prompt,
	})
	// The change rewords the prompt without a bump and turns the rule
	// that would catch it off; it also tries to turn the gate rule off.
	writeTree(t, g.dir, map[string]string{
		".promptlint.yaml":             "default_environment: development\nrules:\n  gate-weakened: \"off\"\n  version-not-bumped: \"off\"\n",
		"prompts/answer_question.yaml": strings.Replace(prompt, "Answer {question}.", "Answer {question} in one paragraph.", 1),
	})
	r := g.promptlint(t, "", "check", "--base", "HEAD")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (gate-weakened is an error in the base config)\n%s", r.code, r)
	}
	want := []string{
		`.promptlint.yaml:3:3: error: rule "gate-weakened" is turned off (was error) in the configuration [gate-weakened]`,
		`.promptlint.yaml:4:3: error: rule "version-not-bumped" is turned off (was error) in the configuration [gate-weakened]`,
	}
	if got := textFindings(t, r.stdout); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	md := g.promptlint(t, "", "check", "--base", "HEAD", "--format", "markdown")
	if !strings.Contains(md.stdout, "This change weakens the gate") || !strings.Contains(md.stdout, "`version-not-bumped` (.promptlint.yaml:4)") {
		t.Errorf("the comment has no gate section naming the rule:\n%s", md.stdout)
	}
}
