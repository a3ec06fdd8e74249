package checklist

import (
	"strings"
	"testing"
)

// defaultDeny is the default commits.deny list of package lint.
var defaultDeny = []string{"fix", "fixes", "fixed", "update", "updates", "updated",
	"update prompt", "update prompts", "updated prompt", "wip", "changes", "change", "tweak", "tweaks",
	"prompt update", "misc", "minor", "stuff", "edit prompt", "prompt changes"}

func TestGenericMessageGood(t *testing.T) {
	good := []string{
		"prompts: improve customer service response clarity\n\n- Added an instruction for concrete next steps\n- A/B tested with 1000 interactions",
		"fix(prompts): escape braces in the support prompt",
		"feat(support): ask for the order number before troubleshooting",
		"Add few-shot examples for refund requests",
		"Tighten the summarizer's length limit to 120 words",
		"Rename {customer} to {customer_name} in billing prompts",
		"Bump support_agent to 2.1.0 after the tone A/B test",
		"Bump version to 2.1.0",
		"Fix typos in the onboarding prompt",
		"refactor!: split the triage prompt into system and user messages",
		"Remove the deprecated apology template",
		"Translate the escalation prompt into German",
		"Update support prompt to ask one clarifying question",
		"chore(prompts): drop unused variable {ticket_url}",
		"Switch the classifier prompt to gpt-4o response format",
		"Clarify refusal wording for medical questions",
		"Merge pull request #42 from acme/prompt-v3",
		"Merge branch 'main' into feature/support-tone",
		"Merge remote-tracking branch 'origin/main'",
		`Revert "update prompt"`,
		"fixup! update prompt",
		"  docs: explain the rollback switch for prompt 2.1.0  \r\nbody",
	}
	for _, msg := range good {
		if generic, reason := GenericMessage(msg, 3, defaultDeny); generic {
			t.Errorf("GenericMessage(%q) = generic (%s), want fine", msg, reason)
		}
	}
}

func TestGenericMessageBad(t *testing.T) {
	bad := []struct{ msg, reason string }{
		{"update prompt", `subject "update prompt" has 2 words, want at least 3`},
		{"prompt v3", `subject "prompt v3" has 2 words, want at least 3`},
		{"fix", `subject "fix" has 1 word, want at least 3`},
		{"fix: typo", `subject "fix: typo" has 1 word, want at least 3`},
		{"feat(prompts): new prompt", `subject "feat(prompts): new prompt" has 2 words, want at least 3`},
		{"updated", `subject "updated" has 1 word, want at least 3`},
		{"WIP", `subject "WIP" has 1 word, want at least 3`},
		{"v2", `subject "v2" has 1 word, want at least 3`},
		{"", "the commit message is empty"},
		{"   \n\nreal text in the body", "the commit message is empty"},
		{"update prompt v2", `subject "update prompt v2" is on the deny list ("update prompt")`},
		{"Updated prompt (v2.1.0)", `subject "Updated prompt (v2.1.0)" is on the deny list ("updated prompt")`},
		{"prompts: Update prompts v3.1", `subject "prompts: Update prompts v3.1" is on the deny list ("update prompts")`},
		{"Update the prompts again", `subject "Update the prompts again" does not say what changed`},
		{"Minor prompt tweaks", `subject "Minor prompt tweaks" does not say what changed`},
		{"fix: update prompt version 3", `subject "fix: update prompt version 3" does not say what changed`},
		{"Prompt changes for v3", `subject "Prompt changes for v3" does not say what changed`},
		{"Small fixes to the prompt\n\nsee ticket", `subject "Small fixes to the prompt" does not say what changed`},
		{"chore: misc prompt updates", `subject "chore: misc prompt updates" does not say what changed`},
		{"- - 1.2.3", `subject "- - 1.2.3" has 0 words, want at least 3`},
	}
	for _, tt := range bad {
		generic, reason := GenericMessage(tt.msg, 3, defaultDeny)
		if !generic || reason != tt.reason {
			t.Errorf("GenericMessage(%q) = %v, %q, want generic, %q", tt.msg, generic, reason, tt.reason)
		}
		if strings.Contains(reason, "\n") {
			t.Errorf("reason %q is not one line", reason)
		}
	}
}

func TestGenericMessageOptions(t *testing.T) {
	tests := []struct {
		msg      string
		minWords int
		deny     []string
		generic  bool
	}{
		{"prompt v3", 1, nil, true}, // words that name no change
		{"tone", 1, nil, false},     // one word, allowed by min_words 1
		{"Ship the holiday prompt", 3, []string{"ship the holiday prompt"}, true}, // custom deny
		{"Ship the holiday prompt!", 3, []string{"Ship the holiday prompt"}, true},
		{"Ship the holiday prompt", 3, nil, false},
		{"update prompt", 0, nil, true},
		{"fix: typo", 0, nil, false},
		{"fix: typo", 0, []string{"fix typo"}, true}, // deny matches the whole subject too
	}
	for _, tt := range tests {
		if generic, reason := GenericMessage(tt.msg, tt.minWords, tt.deny); generic != tt.generic {
			t.Errorf("GenericMessage(%q, %d, %q) = %v (%s), want %v", tt.msg, tt.minWords, tt.deny, generic, reason, tt.generic)
		}
	}
}

func FuzzGenericMessage(f *testing.F) {
	for _, seed := range []string{"fix: typo", "prompt v3", "Merge branch 'x'", "feat(a)!: b c d", "\r\n", "v1.2.3.4.5"} {
		f.Add(seed, 3)
	}
	f.Fuzz(func(t *testing.T, msg string, minWords int) {
		generic, reason := GenericMessage(msg, minWords, defaultDeny)
		if generic == (reason == "") || strings.Contains(reason, "\n") {
			t.Fatalf("GenericMessage(%q) = %v, %q", msg, generic, reason)
		}
	})
}
