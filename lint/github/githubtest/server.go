// Package githubtest is a stateful fake of the part of the GitHub REST API
// that promptlint uses, served by httptest on 127.0.0.1: one repository
// with one pull request, its changed files, file contents per ref, issue
// comments (created and edited through the API), reviews and commits, with
// a request log and fault injection.
//
// Responses take the shape of GitHub's own examples: the JSON objects are
// built from the fixtures in testdata/fixtures/github (GitHub's REST
// examples and an octokit webhook payload), with the fake's values put in.
package githubtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/apitest"
)

const (
	// MaxFiles is how many files GitHub lists for one pull request.
	MaxFiles = 3000
	// MaxCommits is how many commits GitHub lists for one pull request.
	MaxCommits = 250
	// MaxContentSize is the largest file the contents API returns inline;
	// larger ones come back with encoding "none" and empty content.
	MaxContentSize = 1 << 20
	// MaxCommentLength is GitHub's limit on a comment body, in characters.
	MaxCommentLength = 65536
	// Bot is the login that comments created through the fake get.
	Bot = "github-actions[bot]"
)

// epoch is the fake's clock for created_at and friends, so responses are
// deterministic.
var epoch = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// File is one file of the pull request, as the files API lists it.
type File struct {
	Name         string
	PreviousName string // for renamed or copied
	Status       string // added, removed, modified, renamed, copied, changed, unchanged
	SHA          string
	Additions    int
	Deletions    int
	Patch        string // left out of the response when empty
}

// Comment is an issue comment on the pull request.
type Comment struct {
	ID      int64
	Body    string
	User    string
	HTMLURL string
}

// Review is a review of the pull request.
type Review struct {
	ID          int64 // assigned by AddReview when zero
	User        string
	State       string    // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
	SubmittedAt time.Time // zero: left out (a pending review)
	CommitID    string
	Body        string
}

// Commit is a commit of the pull request.
type Commit struct {
	SHA     string
	Message string
	Author  string   // GitHub login; empty gives "author": null, as for an unlinked email
	Paths   []string // the files it changes, as GET commits/{sha} lists them
}

// entry is one path at one ref.
type entry struct {
	kind   string // file, symlink, submodule
	data   []byte // file content
	target string // symlink target, submodule URL
}

// Server is the fake API. Its methods are safe for concurrent use.
type Server struct {
	// URL is the root of the API, to pass as GITHUB_API_URL.
	URL string

	srv *httptest.Server

	mu        sync.Mutex
	owner     string
	repo      string
	number    int
	baseSHA   string
	headSHA   string
	mergeBase string
	token     string
	files     []File
	contents  map[string]map[string]entry
	blobs     map[string][]byte
	comments  []Comment
	nextID    int64
	reviews   []Review
	commits   []Commit

	reviewComments []ReviewComment
	reviewT        reviewTemplates
	faults         apitest.Faults
	log            apitest.Log
	editPR         []func(map[string]any)

	compareWithoutCommits bool

	fileT, commentT, createT, commitT, prT map[string]any
}

// Option configures NewServer.
type Option func(*config)

type config struct{ fixtures string }

// WithFixtures names the directory holding GitHub's example payloads.
// Without it NewServer uses FixturesDir.
func WithFixtures(dir string) Option {
	return func(c *config) { c.fixtures = dir }
}

// NewServer starts a fake on 127.0.0.1, closed when the test ends. It
// starts as the fixtures' pull request: Codertocat/Hello-World #2, base
// f95f852 and head ec26c3e, with no files, contents or comments.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	var c config
	for _, opt := range opts {
		opt(&c)
	}
	dir := c.fixtures
	if dir == "" {
		var err error
		if dir, err = FixturesDir(); err != nil {
			t.Fatalf("githubtest: %v", err)
		}
	}
	s := &Server{
		contents: map[string]map[string]entry{},
		blobs:    map[string][]byte{},
		nextID:   1001,
	}
	s.log.Root = "/api/v3"
	if err := s.loadTemplates(dir); err != nil {
		t.Fatalf("githubtest: %v", err)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// FixturesDir finds GitHub's example payloads from the working directory up:
// the repository's testdata/fixtures/github, else the workplace's
// shared/fixtures/github.
func FixturesDir() (string, error) {
	return apitest.FindFixtures("testdata/fixtures/github", "shared/fixtures/github")
}

func (s *Server) loadTemplates(dir string) error {
	read := func(name string, v any) error { return apitest.ReadFixture(dir, name, v) }
	if err := s.loadReviewTemplates(dir); err != nil {
		return err
	}
	first := func(name string) (map[string]any, error) {
		var list []map[string]any
		if err := read(name, &list); err != nil {
			return nil, err
		}
		if len(list) == 0 {
			return nil, fmt.Errorf("fixture %s is an empty list", name)
		}
		return list[0], nil
	}
	var err error
	if s.fileT, err = first("rest-pulls-list-files.json"); err != nil {
		return err
	}
	if s.commentT, err = first("rest-issues-list-comments.json"); err != nil {
		return err
	}
	if s.commitT, err = first("rest-pulls-list-commits.json"); err != nil {
		return err
	}
	if err := read("rest-issues-create-comment.json", &s.createT); err != nil {
		return err
	}
	var event struct {
		PullRequest map[string]any `json:"pull_request"`
	}
	if err := read("webhook-pull_request-opened.json", &event); err != nil {
		return err
	}
	if event.PullRequest == nil {
		return fmt.Errorf("fixture webhook-pull_request-opened.json has no pull_request")
	}
	s.prT = event.PullRequest
	s.number = int(apitest.Num(s.prT["number"]))
	s.baseSHA = apitest.Str(apitest.Dig(s.prT, "base", "sha"))
	s.headSHA = apitest.Str(apitest.Dig(s.prT, "head", "sha"))
	s.owner, s.repo, _ = strings.Cut(apitest.Str(apitest.Dig(s.prT, "base", "repo", "full_name")), "/")
	return nil
}

// EnterpriseURL is the API root as GitHub Enterprise Server spells it
// (URL + "/api/v3"); the fake serves both.
func (s *Server) EnterpriseURL() string { return s.URL + "/api/v3" }

// Client is an http.Client for the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// SetRepo sets the repository the fake serves; requests for any other get
// 404.
func (s *Server) SetRepo(owner, repo string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.owner, s.repo = owner, repo
}

// SetPullRequest sets the pull request's number and base and head SHAs.
func (s *Server) SetPullRequest(number int, baseSHA, headSHA string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.number, s.baseSHA, s.headSHA = number, baseSHA, headSHA
}

// EditPullRequest registers a change to the JSON object that GET
// pulls/{n} returns (after the fake's own values are put in).
func (s *Server) EditPullRequest(edit func(pr map[string]any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.editPR = append(s.editPR, edit)
}

// CompareWithoutCommits makes the compare API leave its commits list empty
// (total_commits still counts them), as a terse fake of GitHub might.
func (s *Server) CompareWithoutCommits() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.compareWithoutCommits = true
}

// SetMergeBase sets what the compare API returns as merge_base_commit;
// empty (the default) echoes the base of the comparison.
func (s *Server) SetMergeBase(sha string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mergeBase = sha
}

// RequireToken makes every request without "Authorization: Bearer token"
// (or "token token") fail with 401.
func (s *Server) RequireToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = token
}

// AddPRFile appends files to the pull request's changed files. A file
// without a SHA gets the blob SHA of its name.
func (s *Server) AddPRFile(files ...File) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range files {
		if f.SHA == "" && f.Status != "removed" {
			f.SHA = BlobSHA([]byte(f.Name))
		}
		s.files = append(s.files, f)
	}
}

// SetFile stores a regular file at path in ref (any string: a SHA, a
// branch).
func (s *Server) SetFile(ref, path, content string) {
	s.set(ref, path, entry{kind: "file", data: []byte(content)})
}

// RemoveFile removes path from ref.
func (s *Server) RemoveFile(ref, path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.contents[ref], path)
}

// SetSymlink stores a symlink at path in ref. As on GitHub, reading it
// gives the target file when the target is a file at ref, else an object
// of type "symlink".
func (s *Server) SetSymlink(ref, path, target string) {
	s.set(ref, path, entry{kind: "symlink", target: target})
}

// SetSubmodule stores a submodule at path in ref.
func (s *Server) SetSubmodule(ref, path, gitURL string) {
	s.set(ref, path, entry{kind: "submodule", target: gitURL})
}

func (s *Server) set(ref, p string, e entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.contents[ref] == nil {
		s.contents[ref] = map[string]entry{}
	}
	s.contents[ref][p] = e
	if e.kind == "file" {
		s.blobs[BlobSHA(e.data)] = e.data
	}
}

// AddComment adds an existing comment by user and returns it with its id
// and URL.
func (s *Server) AddComment(user, body string) Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addComment(user, body)
}

func (s *Server) addComment(user, body string) Comment {
	c := Comment{ID: s.nextID, Body: body, User: user}
	c.HTMLURL = fmt.Sprintf("https://github.com/%s/%s/pull/%d#issuecomment-%d", s.owner, s.repo, s.number, c.ID)
	s.nextID++
	s.comments = append(s.comments, c)
	return c
}

// Comments returns the pull request's comments, by ascending id.
func (s *Server) Comments() []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Comment(nil), s.comments...)
}

// AddReview adds a review; a zero ID is assigned.
func (s *Server) AddReview(r Review) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.ID == 0 {
		r.ID = 80 + int64(len(s.reviews))
	}
	s.reviews = append(s.reviews, r)
}

// AddCommit appends commits to the pull request.
func (s *Server) AddCommit(commits ...Commit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commits = append(s.commits, commits...)
}

// FailNext makes the next times requests whose method is method (empty:
// any) and whose path, without a leading /api/v3, starts with pathPrefix
// answer status with the given headers and a GitHub-like error body.
func (s *Server) FailNext(method, pathPrefix string, status int, headers map[string]string, times int) {
	s.faults.Add(method, pathPrefix, status, headers, times)
}

// Requests returns every request received, in order, as
// "METHOD /path?query" with the path as sent (still escaped).
func (s *Server) Requests() []string { return s.log.Requests() }

// Count returns how many requests had method (empty: any) and a path,
// without a leading /api/v3, starting with pathPrefix.
func (s *Server) Count(method, pathPrefix string) int { return s.log.Count(method, pathPrefix) }

// ClearRequests empties the request log.
func (s *Server) ClearRequests() { s.log.Clear() }

// BlobSHA is git's object name for a blob with content data.
func BlobSHA(data []byte) string { return apitest.BlobSHA(data) }

// serve answers one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	logged := s.log.Record(r)
	p := strings.TrimPrefix(r.URL.EscapedPath(), "/api/v3")

	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(5000-logged, 1)))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")

	if s.injectFault(w, r.Method, p) {
		return
	}
	if s.token != "" {
		if a := r.Header.Get("Authorization"); a != "Bearer "+s.token && a != "token "+s.token {
			writeError(w, http.StatusUnauthorized, "Bad credentials", "https://docs.github.com/rest")
			return
		}
	}
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if len(segs) < 4 || segs[0] != "repos" || !strings.EqualFold(apitest.Unescape(segs[1]), s.owner) || !strings.EqualFold(apitest.Unescape(segs[2]), s.repo) {
		notFound(w)
		return
	}
	rest := segs[3:]
	n := func(i int) (int, bool) {
		v, err := strconv.Atoi(rest[i])
		return v, err == nil && v == s.number
	}
	switch {
	case r.Method == http.MethodGet && len(rest) == 2 && rest[0] == "pulls":
		if _, ok := n(1); ok {
			s.pull(w)
			return
		}
	case r.Method == http.MethodGet && len(rest) == 3 && rest[0] == "pulls" && rest[2] == "files":
		if _, ok := n(1); ok {
			s.listFiles(w, r)
			return
		}
	case r.Method == http.MethodGet && len(rest) == 3 && rest[0] == "pulls" && rest[2] == "reviews":
		if _, ok := n(1); ok {
			s.listReviews(w, r)
			return
		}
	case r.Method == http.MethodGet && len(rest) == 3 && rest[0] == "pulls" && rest[2] == "commits":
		if _, ok := n(1); ok {
			s.listCommits(w, r)
			return
		}
	case r.Method == http.MethodGet && len(rest) == 2 && rest[0] == "commits":
		s.commit(w, r, apitest.Unescape(rest[1]))
		return
	case r.Method == http.MethodGet && len(rest) == 2 && rest[0] == "compare":
		s.compare(w, apitest.Unescape(rest[1]))
		return
	case r.Method == http.MethodGet && len(rest) >= 1 && rest[0] == "contents":
		s.content(w, r, apitest.Unescape(strings.Join(rest[1:], "/")))
		return
	case r.Method == http.MethodGet && len(rest) == 3 && rest[0] == "git" && rest[1] == "blobs":
		s.blob(w, r, apitest.Unescape(rest[2]))
		return
	case len(rest) == 3 && rest[0] == "issues" && rest[2] == "comments":
		if _, ok := n(1); ok {
			switch r.Method {
			case http.MethodGet:
				s.listComments(w, r)
				return
			case http.MethodPost:
				s.createComment(w, r)
				return
			}
		}
	case r.Method == http.MethodPatch && len(rest) == 3 && rest[0] == "issues" && rest[1] == "comments":
		s.editComment(w, r, rest[2])
		return
	case len(rest) == 3 && rest[0] == "pulls" && rest[2] == "comments" && r.Method == http.MethodGet:
		if _, ok := n(1); ok {
			s.listReviewComments(w, r)
			return
		}
	case len(rest) == 3 && rest[0] == "pulls" && rest[2] == "reviews" && r.Method == http.MethodPost:
		if _, ok := n(1); ok {
			s.createReview(w, r)
			return
		}
	case len(rest) == 4 && rest[0] == "pulls" && rest[2] == "reviews" && r.Method == http.MethodPut:
		if _, ok := n(1); ok {
			s.updateReview(w, r, rest[3])
			return
		}
	case len(rest) == 3 && rest[0] == "pulls" && rest[1] == "comments" && r.Method == http.MethodPatch:
		s.editReviewComment(w, r, rest[2])
		return
	case len(rest) == 3 && rest[0] == "pulls" && rest[1] == "comments" && r.Method == http.MethodDelete:
		s.deleteReviewComment(w, rest[2])
		return
	}
	notFound(w)
}

func (s *Server) injectFault(w http.ResponseWriter, method, p string) bool {
	f, ok := s.faults.Take(method, p)
	if !ok {
		return false
	}
	f.Apply(w)
	msg, doc := http.StatusText(f.Status), "https://docs.github.com/rest"
	switch {
	case f.Status == http.StatusForbidden && w.Header().Get("X-RateLimit-Remaining") == "0":
		msg = "API rate limit exceeded for installation ID 1."
		doc = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"
	case f.Status == http.StatusForbidden && w.Header().Get("Retry-After") != "":
		msg = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
		doc = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
	case f.Status == http.StatusForbidden:
		msg = "Resource not accessible by integration"
	case f.Status == http.StatusTooManyRequests:
		msg = "API rate limit exceeded"
	case f.Status >= 500:
		msg = "Server Error"
	}
	writeError(w, f.Status, msg, doc)
	return true
}

func writeError(w http.ResponseWriter, status int, msg, doc string) {
	apitest.WriteJSON(w, status, map[string]any{"message": msg, "documentation_url": doc})
}

func notFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest")
}

// page serves n items a page at a time as GitHub does: per_page (default
// 30, at most 100) and page (from 1), with a Link header. item builds the
// JSON object of item i.
func page(w http.ResponseWriter, r *http.Request, n int, item func(i int) any) {
	q := r.URL.Query()
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per <= 0 {
		per = 30
	}
	per = min(per, 100)
	pg, err := strconv.Atoi(q.Get("page"))
	if err != nil || pg <= 0 {
		pg = 1
	}
	last := max((n+per-1)/per, 1)
	link := func(n int, rel string) string {
		q.Set("page", strconv.Itoa(n))
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: q.Encode()}
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if pg > 1 {
		links = append(links, link(min(pg-1, last), "prev"))
	}
	if pg < last {
		links = append(links, link(pg+1, "next"), link(last, "last"))
	}
	if pg > 1 {
		links = append(links, link(1, "first"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	items := []any{}
	for i := min((pg-1)*per, n); i < min(pg*per, n); i++ {
		items = append(items, item(i))
	}
	apitest.WriteJSON(w, http.StatusOK, items)
}

func (s *Server) api(format string, args ...any) string {
	return fmt.Sprintf("https://api.github.com/repos/%s/%s/", s.owner, s.repo) + fmt.Sprintf(format, args...)
}

func (s *Server) web(format string, args ...any) string {
	return fmt.Sprintf("https://github.com/%s/%s/", s.owner, s.repo) + fmt.Sprintf(format, args...)
}

func (s *Server) pull(w http.ResponseWriter) {
	pr := apitest.Clone(s.prT)
	pr["number"] = s.number
	pr["url"] = s.api("pulls/%d", s.number)
	pr["html_url"] = s.web("pull/%d", s.number)
	pr["changed_files"] = len(s.files)
	pr["commits"] = len(s.commits)
	pr["comments"] = len(s.comments)
	if base, ok := pr["base"].(map[string]any); ok {
		base["sha"] = s.baseSHA
	}
	if head, ok := pr["head"].(map[string]any); ok {
		head["sha"] = s.headSHA
	}
	for _, edit := range s.editPR {
		edit(pr)
	}
	apitest.WriteJSON(w, http.StatusOK, pr)
}

func (s *Server) listFiles(w http.ResponseWriter, r *http.Request) {
	page(w, r, min(len(s.files), MaxFiles), func(i int) any { return s.fileObject(s.files[i]) })
}

// fileObject is a changed file as the PR files and compare APIs list it.
func (s *Server) fileObject(f File) map[string]any {
	o := apitest.Clone(s.fileT)
	o["sha"] = f.SHA
	o["filename"] = f.Name
	o["status"] = f.Status
	o["additions"] = f.Additions
	o["deletions"] = f.Deletions
	o["changes"] = f.Additions + f.Deletions
	o["blob_url"] = s.web("blob/%s/%s", s.headSHA, f.Name)
	o["raw_url"] = s.web("raw/%s/%s", s.headSHA, f.Name)
	o["contents_url"] = s.api("contents/%s?ref=%s", f.Name, s.headSHA)
	if f.Patch == "" {
		delete(o, "patch")
	} else {
		o["patch"] = f.Patch
	}
	if f.PreviousName != "" {
		o["previous_filename"] = f.PreviousName
	}
	return o
}

// commit serves GET commits/{sha}: the commit with the files it changes,
// 300 a page by default (per_page up to 300), as GitHub pages them.
func (s *Server) commit(w http.ResponseWriter, r *http.Request, sha string) {
	for i, c := range s.commits {
		if c.SHA != sha {
			continue
		}
		o := s.commitObject(i).(map[string]any)
		q := r.URL.Query()
		per, err := strconv.Atoi(q.Get("per_page"))
		if err != nil || per <= 0 || per > 300 {
			per = 300
		}
		pg, err := strconv.Atoi(q.Get("page"))
		if err != nil || pg <= 0 {
			pg = 1
		}
		files := []any{}
		for j := (pg - 1) * per; j < min(pg*per, len(c.Paths)); j++ {
			files = append(files, s.fileObject(File{Name: c.Paths[j], Status: "modified", SHA: BlobSHA([]byte(c.Paths[j]))}))
		}
		if pg*per < len(c.Paths) {
			q.Set("page", strconv.Itoa(pg+1))
			u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
			w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", u.String()))
		}
		o["files"] = files
		apitest.WriteJSON(w, http.StatusOK, o)
		return
	}
	writeError(w, http.StatusUnprocessableEntity, "No commit found for SHA: "+sha, "https://docs.github.com/rest/commits/commits#get-a-commit")
}

func (s *Server) user(login string) map[string]any {
	tmpl, _ := s.commentT["user"].(map[string]any)
	u := apitest.Clone(tmpl)
	u["login"] = login
	u["url"] = "https://api.github.com/users/" + login
	u["html_url"] = "https://github.com/" + login
	if strings.HasSuffix(login, "[bot]") {
		u["type"] = "Bot"
	}
	return u
}

func (s *Server) listReviews(w http.ResponseWriter, r *http.Request) {
	page(w, r, len(s.reviews), func(i int) any {
		rv := s.reviews[i]
		o := map[string]any{
			"id":                 rv.ID,
			"node_id":            base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("PullRequestReview%d", rv.ID))),
			"user":               s.user(rv.User),
			"body":               rv.Body,
			"state":              rv.State,
			"html_url":           s.web("pull/%d#pullrequestreview-%d", s.number, rv.ID),
			"pull_request_url":   s.api("pulls/%d", s.number),
			"author_association": "COLLABORATOR",
			"commit_id":          rv.CommitID,
		}
		if !rv.SubmittedAt.IsZero() {
			o["submitted_at"] = rv.SubmittedAt.UTC().Format(time.RFC3339)
		}
		return o
	})
}

func (s *Server) listCommits(w http.ResponseWriter, r *http.Request) {
	page(w, r, min(len(s.commits), MaxCommits), s.commitObject)
}

// commitObject is commit i as the PR commits and compare APIs show it.
func (s *Server) commitObject(i int) any {
	c := s.commits[i]
	o := apitest.Clone(s.commitT)
	o["sha"] = c.SHA
	o["url"] = s.api("commits/%s", c.SHA)
	o["html_url"] = s.web("commit/%s", c.SHA)
	if gc, ok := o["commit"].(map[string]any); ok {
		gc["message"] = c.Message
	}
	if c.Author == "" {
		o["author"] = nil
	} else {
		o["author"] = s.user(c.Author)
	}
	return o
}

func (s *Server) compare(w http.ResponseWriter, basehead string) {
	base, head, ok := strings.Cut(basehead, "...")
	if !ok || base == "" || head == "" {
		notFound(w)
		return
	}
	mb := s.mergeBase
	if mb == "" {
		mb = base
	}
	commit := func(sha string) map[string]any {
		return map[string]any{"sha": sha, "url": s.api("commits/%s", sha), "html_url": s.web("commit/%s", sha)}
	}
	// Like GitHub, the comparison lists up to 250 of its commits.
	commits := []any{}
	if !s.compareWithoutCommits {
		for i := 0; i < min(len(s.commits), MaxCommits); i++ {
			commits = append(commits, s.commitObject(i))
		}
	}
	// Like GitHub, the comparison lists up to 300 of its files: the fake's
	// changed files.
	files := []any{}
	for i := 0; i < min(len(s.files), 300); i++ {
		files = append(files, s.fileObject(s.files[i]))
	}
	apitest.WriteJSON(w, http.StatusOK, map[string]any{
		"url":               s.api("compare/%s...%s", base, head),
		"html_url":          s.web("compare/%s...%s", base, head),
		"status":            "ahead",
		"ahead_by":          len(s.commits),
		"behind_by":         0,
		"total_commits":     len(s.commits),
		"base_commit":       commit(base),
		"merge_base_commit": commit(mb),
		"commits":           commits,
		"files":             files,
	})
}

func (s *Server) content(w http.ResponseWriter, r *http.Request, p string) {
	ref := r.URL.Query().Get("ref")
	tree, ok := s.contents[ref]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("No commit found for the ref %s", ref), "https://docs.github.com/rest/repos/contents#get-repository-content")
		return
	}
	p = strings.Trim(p, "/")
	if e, ok := tree[p]; ok {
		if e.kind == "symlink" {
			target := path.Join(path.Dir(p), e.target)
			if te, ok := tree[target]; ok && te.kind == "file" {
				apitest.WriteJSON(w, http.StatusOK, s.contentObject(ref, target, te, true))
				return
			}
		}
		apitest.WriteJSON(w, http.StatusOK, s.contentObject(ref, p, e, true))
		return
	}
	// A directory: the entries right under it.
	var names []string
	seen := map[string]bool{}
	for q := range tree {
		rest, ok := strings.CutPrefix(q, p+"/")
		if p == "" {
			rest, ok = q, true
		}
		if !ok {
			continue
		}
		child, _, _ := strings.Cut(rest, "/")
		if !seen[child] {
			seen[child] = true
			names = append(names, child)
		}
	}
	if len(names) == 0 {
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/repos/contents#get-repository-content")
		return
	}
	sort.Strings(names)
	list := make([]any, 0, len(names))
	for _, name := range names {
		q := path.Join(p, name)
		e, ok := tree[q]
		if !ok {
			e = entry{kind: "dir"}
		}
		list = append(list, s.contentObject(ref, q, e, false))
	}
	apitest.WriteJSON(w, http.StatusOK, list)
}

// contentObject is the contents API's object for p, with the content when
// full (a single file's response) and the file is small enough.
func (s *Server) contentObject(ref, p string, e entry, full bool) map[string]any {
	sha := BlobSHA(e.data)
	if e.kind == "symlink" {
		sha = BlobSHA([]byte(e.target))
	}
	self := s.api("contents/%s?ref=%s", p, ref)
	o := map[string]any{
		"type":         e.kind,
		"name":         path.Base(p),
		"path":         p,
		"sha":          sha,
		"size":         len(e.data),
		"url":          self,
		"git_url":      s.api("git/blobs/%s", sha),
		"html_url":     s.web("blob/%s/%s", ref, p),
		"download_url": "https://raw.githubusercontent.com/" + s.owner + "/" + s.repo + "/" + ref + "/" + p,
		"_links":       map[string]any{"self": self, "git": s.api("git/blobs/%s", sha), "html": s.web("blob/%s/%s", ref, p)},
	}
	switch e.kind {
	case "symlink":
		o["target"] = e.target
		o["size"] = len(e.target)
	case "submodule":
		o["submodule_git_url"] = e.target
		o["download_url"] = nil
	case "dir":
		o["size"] = 0
		o["download_url"] = nil
	case "file":
		if full {
			if len(e.data) > MaxContentSize {
				o["encoding"] = "none"
				o["content"] = ""
			} else {
				o["encoding"] = "base64"
				o["content"] = wrapBase64(e.data)
			}
		}
	}
	return o
}

// wrapBase64 encodes data as GitHub does: lines of 60 characters, each
// ended by a newline.
func wrapBase64(data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(enc) > 60 {
		b.WriteString(enc[:60])
		b.WriteByte('\n')
		enc = enc[60:]
	}
	if enc != "" {
		b.WriteString(enc)
		b.WriteByte('\n')
	}
	return b.String()
}

func (s *Server) blob(w http.ResponseWriter, r *http.Request, sha string) {
	data, ok := s.blobs[sha]
	if !ok {
		notFound(w)
		return
	}
	if accept := r.Header.Get("Accept"); strings.Contains(accept, "raw") {
		w.Header().Set("Content-Type", "application/vnd.github.raw; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		w.Write(data)
		return
	}
	apitest.WriteJSON(w, http.StatusOK, map[string]any{
		"sha":      sha,
		"node_id":  base64.StdEncoding.EncodeToString([]byte("Blob" + sha)),
		"size":     len(data),
		"url":      s.api("git/blobs/%s", sha),
		"content":  wrapBase64(data),
		"encoding": "base64",
	})
}

func (s *Server) commentObject(tmpl map[string]any, c Comment) map[string]any {
	i := c.ID - 1000
	o := apitest.Clone(tmpl)
	o["id"] = c.ID
	o["node_id"] = base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("IssueComment%d", c.ID)))
	o["url"] = s.api("issues/comments/%d", c.ID)
	o["html_url"] = c.HTMLURL
	o["body"] = c.Body
	o["user"] = s.user(c.User)
	o["issue_url"] = s.api("issues/%d", s.number)
	o["created_at"] = epoch.Add(time.Duration(i) * time.Minute).Format(time.RFC3339)
	o["updated_at"] = o["created_at"]
	if c.User == Bot {
		o["author_association"] = "NONE"
	}
	return o
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	page(w, r, len(s.comments), func(i int) any {
		return s.commentObject(s.commentT, s.comments[i])
	})
}

// readBody decodes the {"body": "..."} of a comment request, answering 422
// itself when it is missing or too long.
func readBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	var req struct {
		Body *string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON", "https://docs.github.com/rest")
		return "", false
	}
	if req.Body == nil || *req.Body == "" {
		apitest.WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"message": "Validation Failed",
			"errors":  []any{map[string]any{"resource": "IssueComment", "code": "missing_field", "field": "body"}},
		})
		return "", false
	}
	if utf8.RuneCountInString(*req.Body) > MaxCommentLength {
		apitest.WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"message": "Validation Failed",
			"errors": []any{map[string]any{"resource": "IssueComment", "code": "custom", "field": "body",
				"message": fmt.Sprintf("body is too long (maximum is %d characters)", MaxCommentLength)}},
		})
		return "", false
	}
	return *req.Body, true
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	c := s.addComment(Bot, body)
	w.Header().Set("Location", s.api("issues/comments/%d", c.ID))
	apitest.WriteJSON(w, http.StatusCreated, s.commentObject(s.createT, c))
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request, id string) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		notFound(w)
		return
	}
	for i := range s.comments {
		c := &s.comments[i]
		if c.ID != n {
			continue
		}
		if c.User != Bot {
			// The workflow token may edit only its own comments.
			writeError(w, http.StatusForbidden, "Resource not accessible by integration", "https://docs.github.com/rest/issues/comments#update-an-issue-comment")
			return
		}
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		c.Body = body
		o := s.commentObject(s.createT, *c)
		o["updated_at"] = epoch.Add(24 * time.Hour).Format(time.RFC3339)
		apitest.WriteJSON(w, http.StatusOK, o)
		return
	}
	notFound(w)
}
