package gitlab

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/sticky"
)

// MaxNoteLength is GitLab's limit on a note body, in characters.
const MaxNoteLength = 1_000_000

// maxNotePages bounds the pages of notes read looking for the sticky one.
const maxNotePages = 100

// Note is a note (comment) on a merge request.
type Note = sticky.Comment

// Notes is the notes of one merge request: a sticky.Thread.
type Notes struct {
	c       *Client
	project string
	iid     int
	webURL  string // the merge request's page, for the notes' URLs
}

// Notes returns the notes of merge request iid of project; webURL is the
// merge request's page (MergeRequest.WebURL), from which each note's URL
// is made ("...#note_ID"), as the API gives none.
func (c *Client) Notes(project string, iid int, webURL string) *Notes {
	return &Notes{c: c, project: project, iid: iid, webURL: webURL}
}

type noteJSON struct {
	ID     int64  `json:"id"`
	Body   string `json:"body"`
	System bool   `json:"system"`
	Author *user  `json:"author"`
}

func (n *Notes) note(j noteJSON) *Note {
	out := &Note{ID: j.ID, Body: j.Body}
	if j.Author != nil {
		out.User = j.Author.Username
	}
	if n.webURL != "" {
		out.URL = n.webURL + "#note_" + strconv.FormatInt(j.ID, 10)
	}
	return out
}

func (n *Notes) path() string {
	return mrPath(n.project, n.iid) + "/notes"
}

// Find returns the oldest note that is promptlint's sticky note (see
// sticky.Is), or nil when there is none. System notes ("added 1 commit")
// are never it.
func (n *Notes) Find(ctx context.Context) (*Note, error) {
	var found *Note
	q := url.Values{"sort": {"asc"}, "order_by": {"created_at"}}
	_, err := walk(ctx, n.c, n.path(), q, maxNotePages, func(batch []noteJSON) bool {
		for _, j := range batch {
			if !j.System && sticky.Is(j.Body) {
				found = n.note(j)
				return true // the first sticky note is the one
			}
		}
		return false
	})
	if err != nil {
		return nil, fmt.Errorf("listing the notes of merge request !%d: %w", n.iid, err)
	}
	return found, nil
}

// Create posts a new note. A POST is never repeated after a server error
// or a broken connection (the note may exist): sticky.Put looks first.
func (n *Notes) Create(ctx context.Context, body string) (*Note, error) {
	var j noteJSON
	if _, err := n.c.do(ctx, http.MethodPost, n.path(), nil, map[string]string{"body": body}, &j); err != nil {
		return nil, fmt.Errorf("commenting on merge request !%d: %w", n.iid, err)
	}
	return n.note(j), nil
}

// Edit replaces the body of note existing.
func (n *Notes) Edit(ctx context.Context, existing *Note, body string) (*Note, error) {
	var j noteJSON
	p := n.path() + "/" + strconv.FormatInt(existing.ID, 10)
	if _, err := n.c.do(ctx, http.MethodPut, p, nil, map[string]string{"body": body}, &j); err != nil {
		return nil, fmt.Errorf("editing note %d on merge request !%d: %w", existing.ID, n.iid, err)
	}
	return n.note(j), nil
}

// ServerError reports whether err is a 5xx.
func (n *Notes) ServerError(err error) bool { return StatusCode(err) >= 500 }

// Put makes body promptlint's sticky note on the merge request: it creates
// the note, or edits existing (found with Find; nil when there is none),
// or leaves it alone when its body is already the same, and says which
// ("created", "updated" or "unchanged"). body is made Inert first, and
// compared as GitLab stores it (without carriage returns and trailing
// white space), so an unchanged report edits nothing and notifies nobody.
func (n *Notes) Put(ctx context.Context, existing *Note, body string) (url, action string, err error) {
	body = Inert(body)
	if c := utf8.RuneCountInString(body); c > MaxNoteLength {
		return "", "", fmt.Errorf("note body is %d characters, over GitLab's limit of %d", c, MaxNoteLength)
	}
	if existing != nil && Inert(existing.Body) == body {
		same := *existing
		same.Body = body
		existing = &same
	}
	return sticky.Put(ctx, n, existing, body)
}

// zwsp is U+200B ZERO WIDTH SPACE.
const zwsp = "\u200b"

// Inert returns body as GitLab keeps it, with nothing in it that GitLab
// would act on: carriage returns removed and trailing white space cut (as
// GitLab stores a note), and every line that starts with "/" prefixed
// with a zero-width space. GitLab runs a line of a note that starts with
// a quick action (/approve, /merge, /close, /assign_reviewer ...) as the
// note's author, who is promptlint's token, and the report quotes text
// from the merge request; the prefix keeps such a line text.
func Inert(body string) string {
	body = strings.TrimRight(strings.ReplaceAll(body, "\r", ""), " \t\n\v\f")
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "/") {
			lines[i] = zwsp + l
		}
	}
	return strings.Join(lines, "\n")
}
