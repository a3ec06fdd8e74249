package github

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v62/github"
)

// MaxReviewCommentPages bounds the pages of review comments read for one
// pull request (100 a page).
const MaxReviewCommentPages = 10

// ReviewComment is a comment of a pull request review, on lines of a file.
type ReviewComment struct {
	ID       int64
	ReviewID int64 // the review it belongs to
	User     string
	Body     string
	Path     string
	// Line and StartLine are the lines it covers on the side it was made
	// on (StartLine 0 for one line); Line is 0 once the comment is
	// outdated: a later commit changed those lines.
	Line, StartLine int
	Side            string // RIGHT (the head) or LEFT (the base)
}

// ReviewComments lists the review comments of pull request number, oldest
// first, up to MaxReviewCommentPages pages; truncated says there are
// more.
func (c *Client) ReviewComments(ctx context.Context, owner, repo string, number int) (comments []ReviewComment, truncated bool, err error) {
	pages := 0
	err = paginate(MaxReviewCommentPages, func(lo *gh.ListOptions) (int, error) {
		pages++
		list, resp, err := c.gh.PullRequests.ListComments(ctx, owner, repo, number, &gh.PullRequestListCommentsOptions{ListOptions: *lo})
		for _, pc := range list {
			comments = append(comments, ReviewComment{
				ID: pc.GetID(), ReviewID: pc.GetPullRequestReviewID(), User: pc.GetUser().GetLogin(), Body: pc.GetBody(),
				Path: pc.GetPath(), Line: pc.GetLine(), StartLine: pc.GetStartLine(), Side: pc.GetSide(),
			})
		}
		next := nextPage(resp)
		truncated = next > 0 && pages >= MaxReviewCommentPages
		return next, err
	})
	if err != nil {
		return nil, false, fmt.Errorf("listing the review comments of %s/%s#%d: %w", owner, repo, number, err)
	}
	return comments, truncated, nil
}

// DraftComment is a comment of a review to create: on lines StartLine to
// Line of the head's version of Path (StartLine 0 for one line).
type DraftComment struct {
	Path            string
	StartLine, Line int
	Body            string
}

// CreateReview submits a review of pull request number at head commit
// commitID, a COMMENT (it neither approves nor blocks), with body and
// comments. It returns the review's id and URL.
func (c *Client) CreateReview(ctx context.Context, owner, repo string, number int, commitID, body string, comments []DraftComment) (id int64, url string, err error) {
	req := &gh.PullRequestReviewRequest{CommitID: &commitID, Body: &body, Event: gh.String("COMMENT")}
	for _, d := range comments {
		dc := &gh.DraftReviewComment{Path: gh.String(d.Path), Body: gh.String(d.Body), Line: gh.Int(d.Line), Side: gh.String("RIGHT")}
		if d.StartLine > 0 && d.StartLine < d.Line {
			dc.StartLine, dc.StartSide = gh.Int(d.StartLine), gh.String("RIGHT")
		}
		req.Comments = append(req.Comments, dc)
	}
	r, _, err := c.gh.PullRequests.CreateReview(ctx, owner, repo, number, req)
	if err != nil {
		return 0, "", fmt.Errorf("creating a review of %s/%s#%d: %w", owner, repo, number, err)
	}
	return r.GetID(), r.GetHTMLURL(), nil
}

// EditReviewComment replaces the body of review comment id.
func (c *Client) EditReviewComment(ctx context.Context, owner, repo string, id int64, body string) error {
	if _, _, err := c.gh.PullRequests.EditComment(ctx, owner, repo, id, &gh.PullRequestComment{Body: &body}); err != nil {
		return fmt.Errorf("editing review comment %d of %s/%s: %w", id, owner, repo, err)
	}
	return nil
}

// DeleteReviewComment deletes review comment id.
func (c *Client) DeleteReviewComment(ctx context.Context, owner, repo string, id int64) error {
	if _, err := c.gh.PullRequests.DeleteComment(ctx, owner, repo, id); err != nil {
		return fmt.Errorf("deleting review comment %d of %s/%s: %w", id, owner, repo, err)
	}
	return nil
}

// UpdateReview replaces the body of review id of pull request number.
func (c *Client) UpdateReview(ctx context.Context, owner, repo string, number int, id int64, body string) error {
	if _, _, err := c.gh.PullRequests.UpdateReview(ctx, owner, repo, number, id, body); err != nil {
		return fmt.Errorf("editing review %d of %s/%s#%d: %w", id, owner, repo, number, err)
	}
	return nil
}

// AddedLines returns the lines of the head's version of the file that its
// patch adds (the "+" lines of each hunk), nil when there is no patch.
func (f File) AddedLines() map[int]bool {
	if f.Patch == "" {
		return nil
	}
	out := map[int]bool{}
	line := 0
	for _, l := range strings.Split(f.Patch, "\n") {
		switch {
		case strings.HasPrefix(l, "@@"):
			m := hunkHeaderRE.FindStringSubmatch(l)
			if m == nil {
				return out
			}
			line, _ = strconv.Atoi(m[1])
		case strings.HasPrefix(l, "+"):
			out[line] = true
			line++
		case strings.HasPrefix(l, " ") || l == "":
			line++
		}
		// "-" lines and "\ No newline at end of file" are not on the head.
	}
	return out
}

// hunkHeaderRE matches a hunk header and captures its first head line.
var hunkHeaderRE = regexp.MustCompile(`^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@`)
