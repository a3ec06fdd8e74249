package action

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/github"
	"github.com/promptlint/promptlint/lint/output"
)

// Bounds on the requests suggested changes cost in one run: besides the
// listing of the PR's review comments (at most
// github.MaxReviewCommentPages pages), at most MaxReviewEdits edits and
// deletions of promptlint's earlier suggestions and of their reviews'
// bodies, and one new review holding at most MaxSuggestions suggestions.
const (
	MaxSuggestions = 25
	MaxReviewEdits = 50
)

// suggest turns the fixable findings on lines the pull request adds into
// suggested changes: one review whose comments each replace the lines of
// one fix. A run replaces what earlier runs suggested rather than adding
// to it: an earlier suggestion on the same lines that is not outdated is
// kept (edited when its text changed), every other earlier suggestion is
// deleted, the review that held them says it was replaced, and only the
// suggestions not already there go into a new review. Nothing fixable
// and nothing suggested before costs one listing and nothing else. A token
// that may not review (a fork's) leaves a note instead.
func (c *apiRun) suggest(ctx context.Context, rep *lint.Report, files []github.File) {
	pr := c.ev.PullRequest
	added := map[string]map[int]bool{}
	for _, f := range files {
		if lines := f.AddedLines(); lines != nil {
			added[f.Name] = lines
		}
	}
	want := lint.Suggestions(rep, func(path string, line int) bool { return added[path][line] }, MaxSuggestions)
	comments, truncated, err := c.client.ReviewComments(ctx, c.owner, c.repo, pr.Number)
	if err != nil {
		c.suggestFailed(err)
		return
	}
	if truncated {
		fmt.Fprintf(c.log, "promptlint: the PR has more than %d review comments; promptlint looked for its earlier suggestions in the first %d only\n", github.MaxReviewCommentPages*100, github.MaxReviewCommentPages*100)
	}
	var ours []github.ReviewComment
	for _, rc := range comments {
		if output.IsSuggestion(rc.Body) {
			ours = append(ours, rc)
		}
	}
	if len(want) == 0 && len(ours) == 0 {
		return
	}
	type span struct {
		path       string
		start, end int
	}
	wanted := map[span]int{}
	for i, s := range want {
		wanted[span{s.Path, s.StartLine, s.EndLine}] = i
	}
	kept := make([]bool, len(want))
	left := map[int64]int{} // earlier reviews: their suggestions still there
	for _, rc := range ours {
		left[rc.ReviewID]++
	}
	edits, failed := 0, false
	for _, rc := range ours {
		if edits >= MaxReviewEdits {
			fmt.Fprintf(c.log, "promptlint: replaced at most %d of its earlier suggestions in this run; the next run goes on\n", MaxReviewEdits)
			break
		}
		start := rc.StartLine
		if start == 0 {
			start = rc.Line
		}
		if i, ok := wanted[span{rc.Path, start, rc.Line}]; ok && rc.Line > 0 && rc.Side != "LEFT" && !kept[i] {
			kept[i] = true
			// GitHub may store a body's line breaks as LF: a suggestion
			// that differs only there is the same one.
			if body := output.SuggestionComment(want[i]); lf(rc.Body) != lf(body) {
				edits++
				if err := c.client.EditReviewComment(ctx, c.owner, c.repo, rc.ID, body); err != nil {
					c.suggestFailed(err)
					return
				}
			}
			continue
		}
		edits++
		if err := c.client.DeleteReviewComment(ctx, c.owner, c.repo, rc.ID); err != nil {
			c.suggestFailed(err)
			failed = true
			break
		}
		left[rc.ReviewID]--
	}
	var drafts []github.DraftComment
	for i, s := range want {
		if !kept[i] {
			drafts = append(drafts, github.DraftComment{Path: s.Path, StartLine: s.StartLine, Line: s.EndLine, Body: output.SuggestionComment(s)})
		}
	}
	if len(drafts) > 0 && !failed {
		_, url, err := c.client.CreateReview(ctx, c.owner, c.repo, pr.Number, pr.Head.SHA, output.ReviewBody(len(drafts)), drafts)
		if err != nil {
			c.suggestFailed(err)
			return
		}
		fmt.Fprintf(c.log, "promptlint: %d suggested changes in review %s\n", len(drafts), url)
	}
	// The earlier reviews whose suggestions are all gone say so.
	var emptied []int64
	for id, n := range left {
		if n == 0 {
			emptied = append(emptied, id)
		}
	}
	sort.Slice(emptied, func(i, j int) bool { return emptied[i] < emptied[j] })
	for _, id := range emptied {
		if edits >= MaxReviewEdits {
			break
		}
		edits++
		if err := c.client.UpdateReview(ctx, c.owner, c.repo, pr.Number, id, output.ReviewSuperseded); err != nil {
			c.suggestFailed(err)
			return
		}
	}
}

// lf is s with its CRLF line breaks made LF.
func lf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// suggestFailed says in the log and the job summary that the suggested
// changes could not be posted; the findings still decide the check.
func (c *apiRun) suggestFailed(err error) {
	msg := "promptlint could not post its suggested changes (" + err.Error() + "). The fixable findings are in the comment and the annotations; `promptlint fix` applies them. The check still passes or fails on its findings."
	if github.IsForbidden(err) || github.IsNotFound(err) {
		msg = "promptlint could not post its suggested changes (" + err.Error() + "): the token may not review this PR, as for a PR from a fork. The fixable findings are in the comment and the annotations; `promptlint fix` applies them. The check still passes or fails on its findings."
	}
	c.warn(msg)
	c.summaryNote(msg)
}
