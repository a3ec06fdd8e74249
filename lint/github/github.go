// Package github is promptlint's client for the GitHub REST API: the files
// of a pull request, its merge base, file contents at a commit, reviews and
// commits, and the one sticky comment that promptlint keeps up to date.
//
// It is built on go-github, below which sits lint/retry's transport: it
// retries what GitHub says is transient (5xx, 429, rate-limit 403s,
// secondary limits included) within a bounded wait, so one slow minute of
// the API does not fail a check.
package github

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	pathpkg "path"
	"strings"
	"time"
	"unicode/utf8"

	gh "github.com/google/go-github/v62/github"

	"github.com/promptlint/promptlint/lint/retry"
	"github.com/promptlint/promptlint/lint/sticky"
)

// Marker is the first line of promptlint's sticky comment (sticky.Marker).
const Marker = sticky.Marker

// MaxPullFiles is the most files GitHub's API lists for one pull request.
const MaxPullFiles = 3000

// MaxPullCommits is the most commits GitHub's API lists for one pull
// request.
const MaxPullCommits = 250

// MaxCommentLength is GitHub's limit on a comment body, in characters.
const MaxCommentLength = 65536

// DefaultMaxWait is how long, in total, the client waits between retries of
// one request unless WithMaxWait says otherwise.
const DefaultMaxWait = retry.DefaultMaxWait

// perPage is the largest page GitHub serves.
const perPage = 100

// Client talks to the GitHub REST API, on github.com or on a GitHub
// Enterprise Server.
type Client struct {
	gh *gh.Client
	rt *retry.Transport
}

// Option configures a Client (see lint/retry).
type Option = retry.Option

// The options of New.
var (
	// WithHTTPClient makes the client send its requests through hc's
	// transport (and use its timeout, jar and redirect policy).
	WithHTTPClient = retry.WithHTTPClient
	// WithSleep replaces the wait between retries; tests pass a
	// function that records the duration and returns at once.
	WithSleep = retry.WithSleep
	// WithLogf receives warnings: each retry, and giving up.
	WithLogf = retry.WithLogf
	// WithMaxWait bounds the total wait between retries of one request.
	// A response asking for a longer wait is returned as an error
	// instead.
	WithMaxWait = retry.WithMaxWait
	// WithClock replaces the clock used to turn x-ratelimit-reset and a
	// Retry-After date into a wait.
	WithClock = retry.WithClock
)

// New returns a client for the API at apiURL (the GITHUB_API_URL of a
// workflow: https://api.github.com, or https://HOST/api/v3 on GitHub
// Enterprise Server; empty means github.com), authenticated with token
// when it is not empty.
func New(token, apiURL string, opts ...Option) (*Client, error) {
	rt := &retry.Transport{Name: "github", RateLimitPrefix: "X-RateLimit-", SecondaryLimit: secondaryLimit}
	hc := retry.NewClient(rt, opts...)
	c := gh.NewClient(hc)
	if token != "" {
		c = c.WithAuthToken(token)
	}
	c.UserAgent = "promptlint"
	if apiURL != "" {
		u, err := url.Parse(apiURL)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("GitHub API URL %q is not an http(s) URL", apiURL)
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
		}
		u.RawPath = ""
		c.BaseURL = u
	}
	return &Client{gh: c, rt: rt}, nil
}

// Requests returns how many HTTP requests the client has sent, retries
// included.
func (c *Client) Requests() int {
	return len(c.rt.Requests())
}

// RequestLog returns "METHOD /path?query" for every HTTP request sent, in
// order, retries included.
func (c *Client) RequestLog() []string {
	return c.rt.Requests()
}

// secondaryLimit reports whether a 403 without rate-limit headers is one
// of GitHub's secondary rate limits, which say so only in the message.
func secondaryLimit(resp *http.Response) bool {
	return bytes.Contains(bytes.ToLower(retry.PeekBody(resp)), []byte("secondary rate limit"))
}

// File is one file changed by a pull request.
type File struct {
	Name         string // path at the head
	PreviousName string // path at the base, for a renamed or copied file; else empty
	// Status is added, removed, modified, renamed, copied, changed or
	// unchanged.
	Status    string
	SHA       string // blob at the head; empty for a removed file
	Additions int
	Deletions int
	// Patch is the file's unified diff hunks, as the files API gives
	// them; empty for a binary file or a diff too large to show.
	Patch string
}

// PullFiles lists the files changed by pull request number, up to GitHub's
// cap of MaxPullFiles. truncated is true when the list reached the cap: the
// API cannot tell a pull request of exactly MaxPullFiles files from a
// larger one, so that one counts as truncated too; PullFilesCounted knows
// better.
func (c *Client) PullFiles(ctx context.Context, owner, repo string, number int) (files []File, truncated bool, err error) {
	files, err = c.pullFiles(ctx, owner, repo, number)
	return files, err == nil && len(files) >= MaxPullFiles, err
}

// PullFilesCounted is PullFiles for a caller that knows the pull request's
// changed_files count: truncated is true when the listing stopped at
// GitHub's cap and the PR has more. Below the cap a count that disagrees
// with the listing (a stale payload) does not make it truncated.
func (c *Client) PullFilesCounted(ctx context.Context, owner, repo string, number, changedFiles int) (files []File, truncated bool, err error) {
	files, err = c.pullFiles(ctx, owner, repo, number)
	return files, err == nil && len(files) >= MaxPullFiles && changedFiles > len(files), err
}

func (c *Client) pullFiles(ctx context.Context, owner, repo string, number int) ([]File, error) {
	var files []File
	err := paginate(MaxPullFiles/perPage, func(opts *gh.ListOptions) (int, error) {
		list, resp, err := c.gh.PullRequests.ListFiles(ctx, owner, repo, number, opts)
		for _, f := range list {
			files = append(files, fileOf(f))
		}
		return nextPage(resp), err
	})
	if err != nil {
		return nil, fmt.Errorf("listing the files of %s/%s#%d: %w", owner, repo, number, err)
	}
	if len(files) > MaxPullFiles {
		files = files[:MaxPullFiles]
	}
	return files, nil
}

// paginate calls list for page 1, 2, ... with per_page 100 until list
// returns no next page (0) or maxPages pages were read (0: no limit). A
// next page that does not move forward ends the walk, so a broken Link
// header cannot loop.
func paginate(maxPages int, list func(*gh.ListOptions) (next int, err error)) error {
	opts := &gh.ListOptions{PerPage: perPage, Page: 1}
	for n := 1; ; n++ {
		next, err := list(opts)
		if err != nil {
			return err
		}
		if next <= opts.Page || (maxPages > 0 && n >= maxPages) {
			return nil
		}
		opts.Page = next
	}
}

// nextPage is the page after resp, 0 when there is none.
func nextPage(resp *gh.Response) int {
	if resp == nil {
		return 0
	}
	return resp.NextPage
}

// MergeBase returns the best common ancestor of base and head: the commit
// that the pull request's three-dot diff starts from.
func (c *Client) MergeBase(ctx context.Context, owner, repo, base, head string) (string, error) {
	cmp, err := c.Compare(ctx, owner, repo, base, head)
	if err != nil {
		return "", err
	}
	return cmp.MergeBase, nil
}

// MaxCompareFiles is the most files the compare API lists.
const MaxCompareFiles = 300

// Comparison is what the compare API says of base...head: the merge base,
// the commits on head since it, and the files they change.
type Comparison struct {
	MergeBase string
	Commits   []Commit // oldest first; up to 250
	// Complete is true when Commits holds every commit of the comparison
	// (GitHub lists at most 250 in one response).
	Complete bool
	// Files are the files changed between the merge base and head, up to
	// MaxCompareFiles; FilesTruncated is true when the list reached that
	// cap, so it may be cut.
	Files          []File
	FilesTruncated bool
}

// Compare reads base...head (the PR's three-dot diff) in one request: the
// merge base, and the commits with their messages, which spares the PR
// commits API when there are no more than GitHub lists at once.
func (c *Client) Compare(ctx context.Context, owner, repo, base, head string) (*Comparison, error) {
	cmp, _, err := c.gh.Repositories.CompareCommits(ctx, owner, repo, base, head, nil)
	if err != nil {
		return nil, fmt.Errorf("comparing %s...%s in %s/%s: %w", base, head, owner, repo, err)
	}
	out := &Comparison{MergeBase: cmp.GetMergeBaseCommit().GetSHA()}
	if out.MergeBase == "" {
		return nil, fmt.Errorf("comparing %s...%s in %s/%s: the response has no merge base commit", base, head, owner, repo)
	}
	for _, rc := range cmp.Commits {
		out.Commits = append(out.Commits, commitOf(rc))
	}
	out.Complete = cmp.TotalCommits != nil && len(out.Commits) == cmp.GetTotalCommits()
	for _, f := range cmp.Files {
		out.Files = append(out.Files, fileOf(f))
	}
	out.FilesTruncated = len(out.Files) >= MaxCompareFiles
	return out, nil
}

func fileOf(f *gh.CommitFile) File {
	return File{
		Name:         f.GetFilename(),
		PreviousName: f.GetPreviousFilename(),
		Status:       f.GetStatus(),
		SHA:          f.GetSHA(),
		Additions:    f.GetAdditions(),
		Deletions:    f.GetDeletions(),
		Patch:        f.GetPatch(),
	}
}

// maxCommitFilePages bounds the pages of files read for one commit:
// GitHub lists up to 3000 files of a commit, 300 a page.
const maxCommitFilePages = 10

// CommitFiles returns the paths a commit changes (for a rename, both the
// old and the new path), up to GitHub's 3000 files of a commit.
func (c *Client) CommitFiles(ctx context.Context, owner, repo, sha string) ([]string, error) {
	var paths []string
	opts := &gh.ListOptions{PerPage: 300, Page: 1}
	for n := 1; ; n++ {
		rc, resp, err := c.gh.Repositories.GetCommit(ctx, owner, repo, sha, opts)
		if err != nil {
			return nil, fmt.Errorf("reading the files of commit %s in %s/%s: %w", sha, owner, repo, err)
		}
		for _, f := range rc.Files {
			paths = append(paths, f.GetFilename())
			if p := f.GetPreviousFilename(); p != "" {
				paths = append(paths, p)
			}
		}
		next := nextPage(resp)
		if next <= opts.Page || n >= maxCommitFilePages {
			return paths, nil
		}
		opts.Page = next
	}
}

func commitOf(rc *gh.RepositoryCommit) Commit {
	author := rc.GetAuthor().GetLogin()
	if author == "" {
		author = rc.GetCommit().GetAuthor().GetName()
	}
	return Commit{SHA: rc.GetSHA(), Message: rc.GetCommit().GetMessage(), Author: author}
}

// contentEntry is the contents API's description of one path.
type contentEntry struct {
	Type     string `json:"type"`
	Encoding string `json:"encoding"`
	Size     int    `json:"size"`
	Path     string `json:"path"`
	Content  string `json:"content"`
	SHA      string `json:"sha"`
	Target   string `json:"target"`

	dir  bool           // the path is a directory, listed in list
	list []contentEntry // a directory's entries (no content)
}

// Content returns the file at path in ref. A path that does not exist at
// ref gives found false and no error. A path that is not a regular file (a
// symlink, a submodule, a directory) gives an *ErrNotFile. Files over the
// contents API's 1 MB limit are read from the git blobs API. path is
// cleaned first ("./a", "a//b") and each segment escaped.
func (c *Client) Content(ctx context.Context, owner, repo, path, ref string) (data []byte, found bool, err error) {
	return c.ContentLimited(ctx, owner, repo, path, ref, 0)
}

// ErrTooLarge is a file over the size the caller will read.
type ErrTooLarge struct {
	Path  string
	Size  int64
	Limit int64
}

func (e *ErrTooLarge) Error() string {
	return fmt.Sprintf("%s is %d bytes, over the %d-byte limit", e.Path, e.Size, e.Limit)
}

// ContentLimited is Content that refuses, with an *ErrTooLarge and before
// downloading it, a file larger than maxSize bytes (0: no limit). The
// contents API reports a file's size up front, so an untrusted PR cannot
// make the runner download a 100 MB blob.
func (c *Client) ContentLimited(ctx context.Context, owner, repo, path, ref string, maxSize int64) (data []byte, found bool, err error) {
	clean := strings.TrimPrefix(pathpkg.Clean("/"+path), "/")
	e, err := c.entryAt(ctx, owner, repo, clean, ref)
	switch {
	case err != nil:
		return nil, false, fmt.Errorf("reading %s at %s: %w", path, ref, err)
	case e == nil:
		return nil, false, nil
	case e.dir:
		return nil, false, &ErrNotFile{Path: path, Type: "dir"}
	case e.Type != "file":
		return nil, false, &ErrNotFile{Path: path, Type: e.Type, Target: e.Target}
	case e.Path != "" && e.Path != clean:
		// The API follows a symlink to a file in the repository and
		// describes the target instead.
		return nil, false, &ErrNotFile{Path: path, Type: "symlink", Target: e.Path}
	}
	if maxSize > 0 && int64(e.Size) > maxSize {
		return nil, false, &ErrTooLarge{Path: path, Size: int64(e.Size), Limit: maxSize}
	}
	if data, err = c.entryData(ctx, owner, repo, e); err != nil {
		return nil, false, fmt.Errorf("reading %s at %s: %w", path, ref, err)
	}
	return data, true, nil
}

// entryAt asks the contents API about the cleaned path p at ref: nil when
// nothing is there; for a directory, an entry with dir set and its list.
func (c *Client) entryAt(ctx context.Context, owner, repo, p, ref string) (*contentEntry, error) {
	u := "repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo) + "/contents/" + escapePath(p)
	if ref != "" {
		u += "?" + url.Values{"ref": {ref}}.Encode()
	}
	req, err := c.gh.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if _, err := c.gh.Do(ctx, req, &raw); err != nil {
		if IsNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '[' {
		e := &contentEntry{Type: "dir", Path: p, dir: true}
		if err := json.Unmarshal(raw, &e.list); err != nil {
			return nil, fmt.Errorf("decoding the response: %w", err)
		}
		return e, nil
	}
	var e contentEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, fmt.Errorf("decoding the response: %w", err)
	}
	return &e, nil
}

// entryData returns a file entry's content: inline, or from the blobs API
// for a file over the contents API's 1 MB.
func (c *Client) entryData(ctx context.Context, owner, repo string, e *contentEntry) ([]byte, error) {
	switch e.Encoding {
	case "base64":
		data, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\n", "", "\r", "").Replace(e.Content))
		if err != nil {
			return nil, fmt.Errorf("decoding base64 content: %w", err)
		}
		return data, nil
	case "none", "":
		if e.Content == "" && e.Size == 0 {
			return []byte{}, nil
		}
		// 1 MB to 100 MB: the contents API leaves the content out.
		if e.SHA == "" {
			return nil, fmt.Errorf("the response has neither content nor a blob sha")
		}
		data, _, err := c.gh.Git.GetBlobRaw(ctx, owner, repo, e.SHA)
		if err != nil {
			return nil, fmt.Errorf("blob %s: %w", e.SHA, err)
		}
		return data, nil
	}
	return nil, fmt.Errorf("unknown content encoding %q", e.Encoding)
}

// escapePath escapes each segment of a slash-separated repository path for
// a URL, keeping the slashes.
func escapePath(p string) string {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// Comment is an issue or pull request comment.
type Comment = sticky.Comment

// IsSticky reports whether body is promptlint's sticky comment (see
// sticky.Is).
func IsSticky(body string) bool { return sticky.Is(body) }

// FindComment returns the first comment on pull request number that is
// promptlint's sticky comment (see IsSticky), reading every page, or nil
// when there is none.
func (c *Client) FindComment(ctx context.Context, owner, repo string, number int) (*Comment, error) {
	var found *Comment
	err := paginate(0, func(lo *gh.ListOptions) (int, error) {
		list, resp, err := c.gh.Issues.ListComments(ctx, owner, repo, number, &gh.IssueListCommentsOptions{ListOptions: *lo})
		for _, ic := range list {
			if found == nil && IsSticky(ic.GetBody()) {
				found = &Comment{ID: ic.GetID(), Body: ic.GetBody(), User: ic.GetUser().GetLogin(), URL: ic.GetHTMLURL()}
			}
		}
		if found != nil {
			// The first sticky comment is the one: stop here.
			return 0, err
		}
		return nextPage(resp), err
	})
	if err != nil {
		return nil, fmt.Errorf("listing the comments of %s/%s#%d: %w", owner, repo, number, err)
	}
	return found, nil
}

// UpsertComment makes body promptlint's sticky comment on pull request
// number: it creates the comment, or edits the existing one, or leaves it
// alone when its body is already byte-identical. action says which:
// "created", "updated" or "unchanged". body must start with the Marker
// line. No other comment is touched.
func (c *Client) UpsertComment(ctx context.Context, owner, repo string, number int, body string) (url, action string, err error) {
	if err := checkComment(body); err != nil {
		return "", "", err
	}
	existing, err := c.FindComment(ctx, owner, repo, number)
	if err != nil {
		return "", "", err
	}
	return c.PutComment(ctx, owner, repo, number, existing, body)
}

// PutComment is UpsertComment for a caller that has already looked for the
// sticky comment with FindComment (existing, nil when there is none), so
// the comments are not listed twice. It follows sticky.Put: a create that
// fails with a server error is not repeated before the comments are read
// again.
func (c *Client) PutComment(ctx context.Context, owner, repo string, number int, existing *Comment, body string) (url, action string, err error) {
	if err := checkComment(body); err != nil {
		return "", "", err
	}
	return sticky.Put(ctx, &thread{c: c, owner: owner, repo: repo, number: number}, existing, body)
}

func checkComment(body string) error {
	if !IsSticky(body) {
		return fmt.Errorf("comment body must start with the line %q", Marker)
	}
	if n := utf8.RuneCountInString(body); n > MaxCommentLength {
		return fmt.Errorf("comment body is %d characters, over GitHub's limit of %d", n, MaxCommentLength)
	}
	return nil
}

// thread is a pull request's issue comments, as a sticky.Thread.
type thread struct {
	c      *Client
	owner  string
	repo   string
	number int
}

func (t *thread) Find(ctx context.Context) (*Comment, error) {
	return t.c.FindComment(ctx, t.owner, t.repo, t.number)
}

func (t *thread) Create(ctx context.Context, body string) (*Comment, error) {
	ic, _, err := t.c.gh.Issues.CreateComment(ctx, t.owner, t.repo, t.number, &gh.IssueComment{Body: &body})
	if err != nil {
		return nil, fmt.Errorf("commenting on %s/%s#%d: %w", t.owner, t.repo, t.number, err)
	}
	return &Comment{ID: ic.GetID(), Body: ic.GetBody(), User: ic.GetUser().GetLogin(), URL: ic.GetHTMLURL()}, nil
}

func (t *thread) Edit(ctx context.Context, existing *Comment, body string) (*Comment, error) {
	ic, _, err := t.c.gh.Issues.EditComment(ctx, t.owner, t.repo, existing.ID, &gh.IssueComment{Body: &body})
	if err != nil {
		return nil, fmt.Errorf("editing comment %d on %s/%s#%d: %w", existing.ID, t.owner, t.repo, t.number, err)
	}
	return &Comment{ID: ic.GetID(), Body: ic.GetBody(), User: ic.GetUser().GetLogin(), URL: ic.GetHTMLURL()}, nil
}

func (t *thread) ServerError(err error) bool { return StatusCode(err) >= 500 }

// Review is one review of a pull request.
type Review struct {
	ID          int64
	User        string    // login of the reviewer
	State       string    // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING
	SubmittedAt time.Time // zero for a pending review
	CommitID    string    // the head commit the review was made on
}

// Reviews lists the reviews of pull request number, oldest first.
func (c *Client) Reviews(ctx context.Context, owner, repo string, number int) ([]Review, error) {
	var reviews []Review
	err := paginate(0, func(opts *gh.ListOptions) (int, error) {
		list, resp, err := c.gh.PullRequests.ListReviews(ctx, owner, repo, number, opts)
		for _, r := range list {
			reviews = append(reviews, Review{
				ID:          r.GetID(),
				User:        r.GetUser().GetLogin(),
				State:       r.GetState(),
				SubmittedAt: r.GetSubmittedAt().Time,
				CommitID:    r.GetCommitID(),
			})
		}
		return nextPage(resp), err
	})
	if err != nil {
		return nil, fmt.Errorf("listing the reviews of %s/%s#%d: %w", owner, repo, number, err)
	}
	return reviews, nil
}

// Commit is one commit of a pull request.
type Commit struct {
	SHA     string
	Message string
	// Author is the GitHub login of the commit's author, or its git author
	// name when the commit is not linked to an account.
	Author string
}

// Commits lists the commits of pull request number, oldest first, up to
// GitHub's cap of MaxPullCommits.
func (c *Client) Commits(ctx context.Context, owner, repo string, number int) ([]Commit, error) {
	var commits []Commit
	err := paginate((MaxPullCommits+perPage-1)/perPage, func(opts *gh.ListOptions) (int, error) {
		list, resp, err := c.gh.PullRequests.ListCommits(ctx, owner, repo, number, opts)
		for _, rc := range list {
			commits = append(commits, commitOf(rc))
		}
		return nextPage(resp), err
	})
	if err != nil {
		return nil, fmt.Errorf("listing the commits of %s/%s#%d: %w", owner, repo, number, err)
	}
	return commits, nil
}

// PullRequest is the part of a pull request that promptlint reads.
type PullRequest struct {
	Number       int
	Title        string
	Body         string
	State        string // open or closed
	Draft        bool
	User         string // login of the author
	BaseRef      string
	BaseSHA      string
	BaseRepo     string // owner/name
	HeadRef      string
	HeadSHA      string
	HeadRepo     string // owner/name; empty when the fork was deleted
	ChangedFiles int
}

// Fork reports whether the pull request comes from another repository
// (or from a fork that no longer exists).
func (p *PullRequest) Fork() bool {
	return p.HeadRepo != p.BaseRepo
}

// PullRequest reads pull request number.
func (c *Client) PullRequest(ctx context.Context, owner, repo string, number int) (*PullRequest, error) {
	pr, _, err := c.gh.PullRequests.Get(ctx, owner, repo, number)
	if err != nil {
		return nil, fmt.Errorf("reading %s/%s#%d: %w", owner, repo, number, err)
	}
	return &PullRequest{
		Number:       pr.GetNumber(),
		Title:        pr.GetTitle(),
		Body:         pr.GetBody(),
		State:        pr.GetState(),
		Draft:        pr.GetDraft(),
		User:         pr.GetUser().GetLogin(),
		BaseRef:      pr.GetBase().GetRef(),
		BaseSHA:      pr.GetBase().GetSHA(),
		BaseRepo:     pr.GetBase().GetRepo().GetFullName(),
		HeadRef:      pr.GetHead().GetRef(),
		HeadSHA:      pr.GetHead().GetSHA(),
		HeadRepo:     pr.GetHead().GetRepo().GetFullName(),
		ChangedFiles: pr.GetChangedFiles(),
	}, nil
}

// ErrNotFile is the error for a path that exists but is not a regular
// file.
type ErrNotFile struct {
	Path   string
	Type   string // symlink, submodule or dir
	Target string // a symlink's target, when the API says
}

// Error says what the path is instead of a file.
func (e *ErrNotFile) Error() string {
	if e.Target != "" {
		return fmt.Sprintf("%s is a %s to %s, not a file", e.Path, e.Type, e.Target)
	}
	return fmt.Sprintf("%s is a %s, not a file", e.Path, e.Type)
}

// StatusCode returns the HTTP status of the GitHub API error in err's
// chain, or 0 when there is none (a network error, say).
func StatusCode(err error) int {
	var (
		er  *gh.ErrorResponse
		rl  *gh.RateLimitError
		arl *gh.AbuseRateLimitError
	)
	switch {
	case errors.As(err, &er) && er.Response != nil:
		return er.Response.StatusCode
	case errors.As(err, &rl) && rl.Response != nil:
		return rl.Response.StatusCode
	case errors.As(err, &arl) && arl.Response != nil:
		return arl.Response.StatusCode
	}
	return 0
}

// IsForbidden reports whether err is a 403 that is not a rate limit: the
// token lacks the permission (a fork's read-only token commenting, say).
func IsForbidden(err error) bool {
	var (
		rl  *gh.RateLimitError
		arl *gh.AbuseRateLimitError
	)
	if errors.As(err, &rl) || errors.As(err, &arl) {
		return false
	}
	return StatusCode(err) == http.StatusForbidden
}

// IsNotFound reports whether err is a 404 from the API.
func IsNotFound(err error) bool {
	return StatusCode(err) == http.StatusNotFound
}
