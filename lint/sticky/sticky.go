// Package sticky keeps promptlint's one comment on a change request up to
// date, on any host: the marker rule that tells the comment from every
// other one, and the create-or-edit protocol that never posts it twice.
//
// A host (GitHub's issue comments, GitLab's merge request notes) supplies
// a Thread; Put does the rest.
package sticky

import (
	"context"
	"fmt"
	"strings"
)

// Marker is the first line of promptlint's sticky comment. A comment is
// promptlint's only when its first line is exactly this.
const Marker = "<!-- promptlint -->"

// Is reports whether body is promptlint's sticky comment: its first line,
// without a trailing carriage return, is exactly Marker. A comment that
// quotes the marker, or carries another tool's, is not.
func Is(body string) bool {
	line, _, _ := strings.Cut(body, "\n")
	return strings.TrimSuffix(line, "\r") == Marker
}

// Comment is one comment of a thread.
type Comment struct {
	ID   int64
	Body string
	User string // the author's login or username
	URL  string // the comment on the host's web UI
}

// Thread is the comments of one change request on a host.
type Thread interface {
	// Find returns the first comment, oldest first, for which Is holds,
	// or nil when there is none.
	Find(ctx context.Context) (*Comment, error)
	// Create posts a new comment. It must not repeat the request after a
	// server error or a broken connection: Put decides.
	Create(ctx context.Context, body string) (*Comment, error)
	// Edit replaces the body of comment c.
	Edit(ctx context.Context, c *Comment, body string) (*Comment, error)
	// ServerError reports whether err, from Create, is a 5xx: the host
	// may have created the comment before failing.
	ServerError(err error) bool
}

// Actions Put reports.
const (
	Created   = "created"
	Updated   = "updated"
	Unchanged = "unchanged"
)

// Put makes body the sticky comment of th: it creates the comment when
// existing is nil, edits existing, or leaves it alone when its body is
// already byte-identical (so a re-run notifies nobody), and returns the
// comment's URL and what it did (Created, Updated or Unchanged). body
// must start with the Marker line. A create that fails with a server
// error is not repeated blindly: the thread is read again, and the
// comment edited if the failed request made it after all, else posted at
// most once more.
func Put(ctx context.Context, th Thread, existing *Comment, body string) (url, action string, err error) {
	if !Is(body) {
		return "", "", fmt.Errorf("comment body must start with the line %q", Marker)
	}
	if existing != nil {
		if existing.Body == body {
			return existing.URL, Unchanged, nil
		}
		c, err := th.Edit(ctx, existing, body)
		if err != nil {
			return "", "", err
		}
		if c == nil || c.URL == "" {
			return existing.URL, Updated, nil
		}
		return c.URL, Updated, nil
	}
	c, err := th.Create(ctx, body)
	if err != nil && th.ServerError(err) {
		found, ferr := th.Find(ctx)
		if ferr != nil {
			return "", "", err
		}
		if found != nil && found.Body == body {
			return found.URL, Created, nil
		}
		if found != nil {
			return Put(ctx, th, found, body)
		}
		c, err = th.Create(ctx, body)
	}
	if err != nil {
		return "", "", err
	}
	return c.URL, Created, nil
}
