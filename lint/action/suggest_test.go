package action

import (
	"regexp"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/diff"
	"github.com/promptlint/promptlint/lint/github/githubtest"
	"github.com/promptlint/promptlint/lint/output"
)

// suggestBase is a prompt at the base; the PR adds a required variable,
// which needs a major bump.
const suggestBase = `name: order_status
version: 1.0.0
description: Tells a customer where their order is.
variables:
  customer_question: null
template: |
  Answer the customer's question about their order: {customer_question}
`

// suggestHead is the PR's version of it with the given version.
func suggestHead(version string) string {
	return `name: order_status
version: ` + version + `   # bumped for the order id
description: Tells a customer where their order is.
variables:
  customer_question: null
  order_id: null
template: |
  Answer the customer's question about order {order_id}: {customer_question}
`
}

// push makes head the PR's version of path, with the patch GitHub would
// list for it against base.
func (h *harness) push(path, base, head string) {
	h.t.Helper()
	u := diff.Unified("a/"+path, "b/"+path, base, head, 3)
	_, hunks, _ := strings.Cut(u, "\n@@")
	h.srv.SetPRFile(githubtest.File{Name: path, Status: "modified", Additions: 1, Deletions: 1, Patch: "@@" + hunks})
	h.srv.SetFile(baseSHA, path, base)
	h.srv.SetFile(headSHA, path, head)
}

// suggestions returns promptlint's review comments and reviews on the fake.
func (h *harness) suggestions() ([]githubtest.ReviewComment, []githubtest.Review) {
	var rcs []githubtest.ReviewComment
	for _, c := range h.srv.ReviewComments() {
		if output.IsSuggestion(c.Body) {
			rcs = append(rcs, c)
		}
	}
	var rvs []githubtest.Review
	for _, r := range h.srv.Reviews() {
		if strings.HasPrefix(r.Body, output.ReviewMarker) {
			rvs = append(rvs, r)
		}
	}
	return rcs, rvs
}

var suggestionBlock = regexp.MustCompile("(?s)\n(`{3,})suggestion\n(.*?)\n?(`{3,})\n")

// apply applies a suggestion comment to content: its lines replaced by
// the block's, as GitHub's "Commit suggestion" does.
func apply(t *testing.T, content string, c githubtest.ReviewComment) string {
	t.Helper()
	block, lines, start := suggested(t, content, c)
	repl := strings.SplitAfter(block+"\n", "\n")
	repl = repl[:len(repl)-1]
	out := append(append(append([]string(nil), lines[:start-1]...), repl...), lines[c.Line:]...)
	return strings.Join(out, "")
}

// suggested returns a suggestion comment's block text, the lines of
// content and the first line the comment replaces.
func suggested(t *testing.T, content string, c githubtest.ReviewComment) (block string, lines []string, start int) {
	t.Helper()
	m := suggestionBlock.FindStringSubmatch(c.Body)
	if m == nil || m[1] != m[3] {
		t.Fatalf("no suggestion block in:\n%s", c.Body)
	}
	start = c.StartLine
	if start == 0 {
		start = c.Line
	}
	return m[2], strings.SplitAfter(content, "\n"), start
}

// TestSuggestedChanges: a PR whose bump is too small gets one review with
// one suggestion, on the version line; committing it makes the check
// pass. A re-run adds nothing; a push that changes the finding edits the
// suggestion in place; once the PR is fixed the suggestion is deleted and
// its review says it was replaced.
func TestSuggestedChanges(t *testing.T) {
	const path = "prompts/order_status.yaml"
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.push(path, suggestBase, suggestHead("1.0.1"))

	res := h.mustRun(1)
	if !strings.Contains(findingsText(res.Report), "[version-bump-too-small]") {
		t.Fatalf("no version-bump-too-small:\n%s", findingsText(res.Report))
	}
	rcs, rvs := h.suggestions()
	if len(rvs) != 1 || rvs[0].State != "COMMENTED" || len(rcs) != 1 {
		t.Fatalf("%d reviews and %d suggestions, want one of each: %+v %+v", len(rvs), len(rcs), rvs, rcs)
	}
	c := rcs[0]
	if c.Path != path || c.Line != 2 || c.StartLine != 0 || c.ReviewID != rvs[0].ID {
		t.Errorf("the suggestion is on %s:%d-%d, want the version line %s:2", c.Path, c.StartLine, c.Line, path)
	}
	if !strings.Contains(c.Body, "```suggestion\nversion: 2.0.0   # bumped for the order id\n```") {
		t.Errorf("suggestion body:\n%s", c.Body)
	}
	fixed := apply(t, suggestHead("1.0.1"), c)
	if fixed != suggestHead("2.0.0") {
		t.Fatalf("the suggestion applied gives:\n%s", fixed)
	}

	// A re-run on the same head: nothing new, nothing edited.
	h.mustRun(1)
	if n := h.srv.Count("POST", "/repos/Codertocat/Hello-World/pulls/2/reviews"); n != 0 {
		t.Errorf("a re-run created %d reviews", n)
	}
	if n := h.srv.Count("PATCH", "/repos/Codertocat/Hello-World/pulls/comments/"); n != 0 {
		t.Errorf("a re-run edited %d suggestions", n)
	}
	if rcs, rvs := h.suggestions(); len(rcs) != 1 || len(rvs) != 1 {
		t.Errorf("after a re-run: %d reviews, %d suggestions", len(rvs), len(rcs))
	}

	// A push that bumps too little again: the suggestion is edited in place.
	h.push(path, suggestBase, suggestHead("1.1.0"))
	h.mustRun(1)
	rcs, rvs = h.suggestions()
	if len(rcs) != 1 || len(rvs) != 1 || rcs[0].ID != c.ID || !strings.Contains(rcs[0].Body, "got minor (1.1.0)") {
		t.Errorf("after a push, want the one suggestion edited: %d reviews, %+v", len(rvs), rcs)
	}
	if n := h.srv.Count("POST", "/repos/Codertocat/Hello-World/pulls/2/reviews"); n != 0 {
		t.Errorf("the push created %d reviews", n)
	}

	// The suggestion committed: the check passes, the suggestion goes.
	h.push(path, suggestBase, fixed)
	res = h.mustRun(0)
	if strings.Contains(findingsText(res.Report), "error:") {
		t.Errorf("errors after the suggestion was committed:\n%s", findingsText(res.Report))
	}
	rcs, rvs = h.suggestions()
	if len(rcs) != 0 || len(rvs) != 1 || rvs[0].Body != output.ReviewSuperseded {
		t.Errorf("after the fix: %d suggestions left, reviews %+v", len(rcs), rvs)
	}
	if n := h.srv.Count("POST", "/repos/Codertocat/Hello-World/pulls/2/reviews"); n != 0 {
		t.Errorf("a clean run created %d reviews", n)
	}
}

// TestSuggestedChangesReplaced: when a push outdates the suggestion, the
// next run deletes it and posts the new one in a new review; the old
// review says it was replaced. A person's review comment, even one that
// quotes the marker elsewhere than its first line, is never touched.
func TestSuggestedChangesReplaced(t *testing.T) {
	const path = "prompts/order_status.yaml"
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.push(path, suggestBase, suggestHead("1.0.1"))
	person := h.srv.AddReviewComment(githubtest.ReviewComment{User: "octocat", Body: "Why not 2.0.0?\n" + output.SuggestionMarker, Path: path, Line: 2, CommitID: headSHA})
	h.mustRun(1)
	h.srv.OutdateReviewComments()
	h.mustRun(1)
	rcs, rvs := h.suggestions()
	if len(rcs) != 1 || len(rvs) != 2 || rvs[0].Body != output.ReviewSuperseded || rcs[0].ReviewID != rvs[1].ID || rcs[0].Line != 2 {
		t.Errorf("after an outdating push: reviews %+v, suggestions %+v", rvs, rcs)
	}
	found := false
	for _, c := range h.srv.ReviewComments() {
		found = found || c.ID == person.ID && c.Body == person.Body
	}
	if !found {
		t.Errorf("the person's review comment was changed or deleted")
	}
}

// TestSuggestedChangesOff: suggestions: false costs no request, and a
// token that may not review (a fork's) leaves a note, not a failure.
func TestSuggestedChangesOff(t *testing.T) {
	const path = "prompts/order_status.yaml"
	t.Run("off", func(t *testing.T) {
		h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
		h.vars["INPUT_SUGGESTIONS"] = "false"
		h.push(path, suggestBase, suggestHead("1.0.1"))
		h.mustRun(1)
		if n := h.srv.Count("GET", "/repos/Codertocat/Hello-World/pulls/2/comments"); n != 0 {
			t.Errorf("suggestions off listed the review comments %d times", n)
		}
		if rcs, rvs := h.suggestions(); len(rcs)+len(rvs) != 0 {
			t.Errorf("suggestions off posted %d reviews", len(rvs))
		}
	})
	t.Run("fork", func(t *testing.T) {
		h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
		h.push(path, suggestBase, suggestHead("1.0.1"))
		h.srv.FailNext("POST", "/repos/Codertocat/Hello-World/pulls/2/reviews", 403, nil, 1)
		h.mustRun(1)
		warn := strings.Join(h.annotations("warning"), "\n")
		if !strings.Contains(warn, "could not post its suggested changes") || !strings.Contains(h.file("GITHUB_STEP_SUMMARY"), "could not post its suggested changes") {
			t.Errorf("no note of the refused review:\n%s", warn)
		}
	})
	t.Run("bad input", func(t *testing.T) {
		h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
		h.vars["INPUT_SUGGESTIONS"] = "maybe"
		if _, err := h.run(); err == nil || !strings.Contains(err.Error(), "input suggestions") {
			t.Errorf("suggestions: maybe: %v", err)
		}
	})
}

// TestSuggestedChangesKeepCRLF: in a CRLF file a suggestion that spans
// lines breaks them with CRLF, so that committing it (GitHub writes the
// block's line breaks as the comment has them, the last replaced line
// keeping its own) leaves no LF-only line, and the check passes.
func TestSuggestedChangesKeepCRLF(t *testing.T) {
	const path = "prompts/order_status.yaml"
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	// A new prompt without a version: the fix inserts a version line.
	head := crlf(strings.Replace(suggestHead("x"), "version: x   # bumped for the order id\n", "", 1))
	h := newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	u := diff.Unified("/dev/null", "b/"+path, "", head, 3)
	_, hunks, _ := strings.Cut(u, "\n@@")
	h.srv.SetPRFile(githubtest.File{Name: path, Status: "added", Additions: strings.Count(head, "\n"), Patch: "@@" + hunks})
	h.srv.SetFile(headSHA, path, head)

	res := h.mustRun(1)
	if !strings.Contains(findingsText(res.Report), "[version-missing]") {
		t.Fatalf("no version-missing:\n%s", findingsText(res.Report))
	}
	rcs, _ := h.suggestions()
	if len(rcs) != 1 || rcs[0].StartLine != 0 || rcs[0].Line != 2 {
		t.Fatalf("want one suggestion on line 2: %+v", rcs)
	}
	if !strings.Contains(rcs[0].Body, "```suggestion\nversion: 1.0.0\r\ndescription: Tells a customer where their order is.\n```") {
		t.Errorf("the suggestion does not break its lines with CRLF:\n%q", rcs[0].Body)
	}
	fixed := applyRaw(t, head, rcs[0])
	if strings.Count(fixed, "\n") != strings.Count(fixed, "\r\n") || !strings.Contains(fixed, "\r\nversion: 1.0.0\r\n") {
		t.Fatalf("the suggestion applied leaves LF-only lines:\n%q", fixed)
	}
	h.srv.SetFile(headSHA, path, fixed)
	res = h.mustRun(0)
	if strings.Contains(findingsText(res.Report), "version-missing") {
		t.Errorf("version-missing after the suggestion was committed:\n%s", findingsText(res.Report))
	}

	// Were the stored body's line breaks made LF, the suggestion is still
	// the same one: a re-run neither edits it nor posts it again.
	h = newHarness(t, "pull_request", "webhook-pull_request-opened.json", changedFiles(1))
	h.srv.SetPRFile(githubtest.File{Name: path, Status: "added", Additions: strings.Count(head, "\n"), Patch: "@@" + hunks})
	h.srv.SetFile(headSHA, path, head)
	h.srv.AddReviewComment(githubtest.ReviewComment{User: "github-actions[bot]", Body: strings.ReplaceAll(rcs[0].Body, "\r\n", "\n"), Path: path, Line: 2, CommitID: headSHA})
	h.mustRun(1)
	if n := h.srv.Count("PATCH", "/repos/Codertocat/Hello-World/pulls/comments/") + h.srv.Count("POST", "/repos/Codertocat/Hello-World/pulls/2/reviews"); n != 0 {
		t.Errorf("a suggestion stored with LF line breaks was edited or posted again (%d requests)", n)
	}
}

// applyRaw applies a suggestion comment as GitHub writes a suggestion
// into a file: the block's text with its line breaks as they are, the
// last replaced line keeping its own line break.
func applyRaw(t *testing.T, content string, c githubtest.ReviewComment) string {
	t.Helper()
	block, lines, start := suggested(t, content, c)
	last := lines[c.Line-1]
	end := last[len(strings.TrimRight(last, "\r\n")):]
	return strings.Join(lines[:start-1], "") + block + end + strings.Join(lines[c.Line:], "")
}
