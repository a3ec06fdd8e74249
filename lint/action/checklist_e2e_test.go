package action_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint/action"
	"github.com/promptlint/promptlint/lint/checklist"
	"github.com/promptlint/promptlint/lint/github/githubtest"
)

const (
	e2eBase = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"
	e2eHead = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
)

// TestChecklistGateOpensAfterTickAndApproval runs the action on a
// production prompt whose evidence covers everything a file can prove. It
// fails while error handling is not attested and nobody approved; ticking
// the box in the PR body and an approving review (the pull_request_review
// re-run) turn it green, editing the same comment.
func TestChecklistGateOpensAfterTickAndApproval(t *testing.T) {
	s := githubtest.NewServer(t)
	s.SetMergeBase(e2eBase)
	s.AddPRFile(githubtest.File{Name: "prompts/support.yaml", Status: "modified"})
	s.SetFile(e2eBase, "prompts/support.yaml", "name: support_reply\nversion: 1.0.0\nenvironment: production\ndescription: Replies to tickets.\nvariables:\n  customer_name: null\ntemplate: Write a reply to {customer_name}.\nchangelog:\n  - version: 1.0.0\n    changes: First version.\n")
	s.SetFile(e2eHead, "prompts/support.yaml", `name: support_reply
version: 1.0.1
environment: production
description: Replies to tickets.
variables:
  customer_name: null
template: Write a short, kind reply to {customer_name}.
evaluation:
  ab_test:
    control: {samples: 500, successes: 400}
    candidate: {samples: 500, successes: 425}
  metrics:
    satisfaction: {baseline: 4.1, candidate: 4.3, goal: increase}
monitoring:
  alerts:
    quality_score_below: 0.7
rollback: Revert to 1.0.0.
changelog:
  - version: 1.0.1
    changes: Shorter, kinder replies.
  - version: 1.0.0
    changes: First version.
`)

	dir := t.TempDir()
	payload := func(body string) string {
		fixtures, err := githubtest.FixturesDir()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(filepath.Join(fixtures, "webhook-pull_request-opened.json"))
		if err != nil {
			t.Fatal(err)
		}
		var ev map[string]any
		if err := json.Unmarshal(raw, &ev); err != nil {
			t.Fatal(err)
		}
		pr := ev["pull_request"].(map[string]any)
		pr["body"] = body
		out, _ := json.Marshal(ev)
		p := filepath.Join(dir, "event.json")
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	run := func(event, body string) (int, string) {
		env := map[string]string{
			"GITHUB_ACTIONS":      "true",
			"GITHUB_EVENT_NAME":   event,
			"GITHUB_EVENT_PATH":   payload(body),
			"GITHUB_REPOSITORY":   "Codertocat/Hello-World",
			"GITHUB_API_URL":      s.URL,
			"GITHUB_WORKSPACE":    dir,
			"RUNNER_TEMP":         dir,
			"INPUT_GITHUB-TOKEN":  "t0ken",
			"GITHUB_OUTPUT":       filepath.Join(dir, "output"),
			"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary"),
		}
		var stdout, stderr bytes.Buffer
		res, err := action.Run(context.Background(), action.Options{
			Getenv: func(k string) string { return env[k] }, Stdout: &stdout, Stderr: &stderr,
			Rules: checks.All, Version: "test", HTTPClient: s.Client(),
			Sleep: func(context.Context, time.Duration) error { return nil },
		})
		if err != nil {
			t.Fatalf("action.Run: %v\n%s", err, stderr.String())
		}
		return res.ExitCode, stdout.String()
	}

	code, out := run("pull_request", "")
	if code != 1 {
		t.Fatalf("exit %d before the tick and the approval, want 1\n%s", code, out)
	}
	for _, rule := range []string{"checklist-error-handling", "checklist-team-reviewed"} {
		if !strings.Contains(out, "title="+rule+"::") {
			t.Errorf("no %s annotation before the tick and the approval:\n%s", rule, out)
		}
	}
	for _, verified := range []string{"checklist-ab-tested", "checklist-metrics-improved", "checklist-monitoring", "checklist-rollback-plan", "checklist-docs-updated", "checklist-semver"} {
		if strings.Contains(out, "title="+verified+"::") {
			t.Errorf("%s fired though the prompt file carries its evidence:\n%s", verified, out)
		}
	}
	comments := s.Comments()
	if len(comments) != 1 || !strings.Contains(comments[0].Body, "❌ missing") {
		t.Fatalf("want one comment showing missing items, got %+v", comments)
	}
	first := comments[0].ID

	// The author ticks error handling in the PR template; a teammate approves.
	body := strings.Replace(checklist.PRTemplate, "- [ ] <!-- promptlint:error-handling -->", "- [x] <!-- promptlint:error-handling -->", 1)
	if body == checklist.PRTemplate {
		t.Fatal("the PR template has no error-handling box to tick")
	}
	s.AddReview(githubtest.Review{User: "octocat", State: "APPROVED", SubmittedAt: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), CommitID: e2eHead})
	code, out = run("pull_request_review", body)
	if code != 0 {
		t.Fatalf("exit %d after the tick and the approval, want 0\n%s", code, out)
	}
	comments = s.Comments()
	if len(comments) != 1 || comments[0].ID != first {
		t.Fatalf("the re-run did not edit the same comment: %+v", comments)
	}
	for _, want := range []string{"✅ verified | approved by octocat", "☑️ attested"} {
		if !strings.Contains(comments[0].Body, want) {
			t.Errorf("comment lacks %q:\n%s", want, comments[0].Body)
		}
	}
}
