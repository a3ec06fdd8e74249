// Package gitlabtest is a stateful fake of the part of the GitLab REST API
// (v4) that promptlint uses, served by httptest on 127.0.0.1: one project
// with one merge request, its diffs, repository files and trees per ref,
// approvals, reviewers, commits, and notes created and edited through the
// API, with tokens that may or may not write, a request log and fault
// injection.
//
// Responses take the shape GitLab documents: the JSON objects start from
// the fixtures in testdata/fixtures/gitlab (see their SOURCES.md), with
// the fake's values put in. Lists are paginated as GitLab paginates
// (page, per_page up to 100, X-Next-Page and friends, a Link header).
// Note bodies are stored as GitLab stores them (no carriage returns, no
// trailing white space), and a line that is a quick action is executed
// (recorded, see QuickActions) and removed, as GitLab does.
package gitlabtest

import (
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"regexp"
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
	// ProjectID and ProjectPath name the project the fake serves.
	ProjectID   = 42
	ProjectPath = "promptlab/prompts"
	// IID is the merge request's number.
	IID = 7
	// Token writes (a project access token with the api scope);
	// ReadToken may read but not post notes (read_api, or a fork's
	// token on the parent project).
	Token     = "glpat-promptlint-test"
	ReadToken = "glpat-read-only"
	// Bot is the user of Token: the author of the notes it posts.
	Bot = "project_42_bot_promptlint"
	// Reader is the user of ReadToken.
	Reader = "contributor"
	// MaxNoteLength is GitLab's limit on a note body, in characters.
	MaxNoteLength = 1_000_000
)

// epoch is the fake's clock for created_at, so responses are
// deterministic.
var epoch = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// Diff is one changed file of the merge request, as the diffs API lists it.
type Diff struct {
	OldPath, NewPath string
	AMode, BMode     string // default "100644"; "0" on the side where the file is absent
	NewFile          bool
	RenamedFile      bool
	DeletedFile      bool
}

// Note is a note on the merge request.
type Note struct {
	ID     int64
	Body   string
	Author string
	System bool
}

// Commit is a commit of the merge request.
type Commit struct {
	SHA     string
	Message string
	Author  string
	Paths   []string // the files it changes
}

// Reviewer is a reviewer of the merge request and their state.
type Reviewer struct {
	User  string
	State string
}

type entry struct {
	mode string // 100644, 100755, 120000, 160000
	data []byte // file content, or a link's target
}

// Server is the fake API. Its methods are safe for concurrent use.
type Server struct {
	// URL is the root of the instance (CI_SERVER_URL); the API is at
	// APIURL.
	URL string

	srv *httptest.Server

	mu           sync.Mutex
	public       bool
	author       string
	title        string
	description  *string
	sourceProj   int64
	baseSHA      string
	headSHA      string
	changesCount string
	noDiffRefs   bool
	diffs        []Diff
	files        map[string]map[string]entry // ref → path → entry
	approvals    []string
	reviewers    []Reviewer
	noReviewers  bool
	noDiffs      bool
	commits      []Commit
	notes        []Note
	nextNote     int64
	quick        []string
	faults       apitest.Faults
	log          apitest.Log
	linkOnly     bool

	mrT, diffT, approvalsT, reviewerT, commitT, noteT, treeT map[string]any
}

// Option configures NewServer.
type Option func(*config)

type config struct {
	fixtures string
	tls      bool
}

// WithTLS serves HTTPS with httptest's own certificate (see
// CertificatePEM), as a self-managed GitLab behind a private CA does.
func WithTLS() Option {
	return func(c *config) { c.tls = true }
}

// WithFixtures names the directory holding the GitLab fixtures. Without
// it NewServer uses FixturesDir.
func WithFixtures(dir string) Option {
	return func(c *config) { c.fixtures = dir }
}

// NewServer starts a fake on 127.0.0.1, closed when the test ends. It
// serves project 42 (promptlab/prompts, private) with merge request !7 by
// alice from the same project, base 1a2b3c4 and head 9b1f2c3, with no
// diffs, files, approvals, commits or notes.
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
			t.Fatalf("gitlabtest: %v", err)
		}
	}
	s := &Server{files: map[string]map[string]entry{}, nextNote: 301, sourceProj: ProjectID}
	s.log.Root = "/api/v4"
	if err := s.loadTemplates(dir); err != nil {
		t.Fatalf("gitlabtest: %v", err)
	}
	if c.tls {
		s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
		// A client that does not trust the certificate is what the tests
		// check; the handshake errors it causes are not news.
		s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		s.srv.StartTLS()
	} else {
		s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	}
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// FixturesDir finds the GitLab fixtures from the working directory up:
// the repository's testdata/fixtures/gitlab.
func FixturesDir() (string, error) {
	return apitest.FindFixtures("testdata/fixtures/gitlab")
}

func (s *Server) loadTemplates(dir string) error {
	read := func(name string, v any) error { return apitest.ReadFixture(dir, name, v) }
	first := func(name string, into *map[string]any) error {
		var list []map[string]any
		if err := read(name, &list); err != nil {
			return err
		}
		if len(list) == 0 {
			return fmt.Errorf("fixture %s is an empty list", name)
		}
		*into = list[0]
		return nil
	}
	for _, step := range []error{
		read("merge_request.json", &s.mrT),
		read("merge_request_approvals.json", &s.approvalsT),
		read("note.json", &s.noteT),
		first("merge_request_diffs.json", &s.diffT),
		first("merge_request_reviewers.json", &s.reviewerT),
		first("merge_request_commits.json", &s.commitT),
		first("repository_tree.json", &s.treeT),
	} {
		if step != nil {
			return step
		}
	}
	s.author = apitest.Str(apitest.Dig(s.mrT, "author", "username"))
	s.title = apitest.Str(s.mrT["title"])
	d := apitest.Str(s.mrT["description"])
	s.description = &d
	s.baseSHA = apitest.Str(apitest.Dig(s.mrT, "diff_refs", "base_sha"))
	s.headSHA = apitest.Str(apitest.Dig(s.mrT, "diff_refs", "head_sha"))
	return nil
}

// APIURL is the API root (CI_API_V4_URL).
func (s *Server) APIURL() string { return s.URL + "/api/v4" }

// CertificatePEM returns the certificate of a fake made WithTLS, PEM
// encoded: what a runner's CI_SERVER_TLS_CA_FILE would hold.
func (s *Server) CertificatePEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
}

// Client is an http.Client for the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// SetPublic makes the project readable without a token.
func (s *Server) SetPublic(public bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.public = public
}

// SetMergeRequest sets the merge request's base (the merge base) and head
// SHAs.
func (s *Server) SetMergeRequest(baseSHA, headSHA string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.baseSHA, s.headSHA = baseSHA, headSHA
}

// SetAuthor sets the merge request's author.
func (s *Server) SetAuthor(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.author = username
}

// SetDescription sets the merge request's description; nil gives null.
func (s *Server) SetDescription(d *string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.description = d
}

// SetFork makes the merge request come from project sourceProjectID.
func (s *Server) SetFork(sourceProjectID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sourceProj = sourceProjectID
}

// SetChangesCount overrides changes_count ("1000+" for a merge request
// over GitLab's diff limits); "" counts the diffs.
func (s *Server) SetChangesCount(n string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changesCount = n
}

// WithoutDiffRefs makes the merge request's diff_refs null, as while
// GitLab still prepares a new merge request.
func (s *Server) WithoutDiffRefs() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noDiffRefs = true
}

// LinkOnly makes lists paginate with the Link header alone, as GitLab's
// keyset pagination does (no X-Next-Page or X-Page).
func (s *Server) LinkOnly() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.linkOnly = true
}

// SetDiffs replaces the merge request's changed files.
func (s *Server) SetDiffs(diffs ...Diff) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.diffs = append([]Diff(nil), diffs...)
}

// AddDiff appends changed files to the merge request.
func (s *Server) AddDiff(diffs ...Diff) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.diffs = append(s.diffs, diffs...)
}

// SetFile stores a regular file at p in ref.
func (s *Server) SetFile(ref, p, content string) {
	s.set(ref, p, entry{mode: "100644", data: []byte(content)})
}

// SetSymlink stores a symbolic link at p in ref.
func (s *Server) SetSymlink(ref, p, target string) {
	s.set(ref, p, entry{mode: "120000", data: []byte(target)})
}

// SetSubmodule stores a submodule at p in ref.
func (s *Server) SetSubmodule(ref, p string) {
	s.set(ref, p, entry{mode: "160000"})
}

func (s *Server) set(ref, p string, e entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files[ref] == nil {
		s.files[ref] = map[string]entry{}
	}
	s.files[ref][p] = e
}

// AddApproval records an approval by username.
func (s *Server) AddApproval(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.approvals = append(s.approvals, username)
}

// AddReviewer adds a reviewer in a state (reviewed, requested_changes,
// approved, ...).
func (s *Server) AddReviewer(username, state string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reviewers = append(s.reviewers, Reviewer{User: username, State: state})
}

// WithoutDiffsAPI makes the diffs endpoint answer 404, as a GitLab older
// than 15.7 does; such a GitLab lists the changes at .../changes.
func (s *Server) WithoutDiffsAPI() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noDiffs = true
}

// WithoutReviewersAPI makes the reviewers endpoint answer 404, as a GitLab
// older than it does.
func (s *Server) WithoutReviewersAPI() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noReviewers = true
}

// AddCommit appends commits to the merge request, oldest first.
func (s *Server) AddCommit(commits ...Commit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commits = append(s.commits, commits...)
}

// AddNote adds a note by author, stored as GitLab would store it, and
// returns it.
func (s *Server) AddNote(author, body string) Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addNote(author, body, false)
}

// AddSystemNote adds a system note ("added 1 commit").
func (s *Server) AddSystemNote(body string) Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addNote("alice", body, true)
}

func (s *Server) addNote(author, body string, system bool) Note {
	n := Note{ID: s.nextNote, Body: body, Author: author, System: system}
	s.nextNote++
	s.notes = append(s.notes, n)
	return n
}

// Notes returns the merge request's notes, oldest first.
func (s *Server) Notes() []Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Note(nil), s.notes...)
}

// QuickActions returns the quick actions that note bodies carried and the
// fake executed, as "/command args".
func (s *Server) QuickActions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.quick...)
}

// FailNext makes the next times requests whose method is method (empty:
// any) and whose path, after /api/v4, starts with pathPrefix answer status
// with the given headers and a GitLab error body.
func (s *Server) FailNext(method, pathPrefix string, status int, headers map[string]string, times int) {
	s.faults.Add(method, pathPrefix, status, headers, times)
}

// Requests returns every request received, in order, as
// "METHOD /path?query" with the path as sent (still escaped).
func (s *Server) Requests() []string { return s.log.Requests() }

// Count returns how many requests had method (empty: any) and a path,
// after /api/v4, starting with pathPrefix.
func (s *Server) Count(method, pathPrefix string) int { return s.log.Count(method, pathPrefix) }

// BlobSHA is git's object name for a blob with content data.
func BlobSHA(data []byte) string { return apitest.BlobSHA(data) }

// ClearRequests empties the request log.
func (s *Server) ClearRequests() { s.log.Clear() }

// access is what the request's token may do.
type access struct {
	user  string
	read  bool
	write bool
}

func (s *Server) access(r *http.Request) (access, bool) {
	tok := r.Header.Get("PRIVATE-TOKEN")
	if tok == "" {
		if a, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			tok = a
		}
	}
	switch tok {
	case "":
		return access{read: s.public}, true
	case Token:
		return access{user: Bot, read: true, write: true}, true
	case ReadToken:
		return access{user: Reader, read: true}, true
	}
	return access{}, false
}

// serve answers one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.log.Record(r)
	raw, ok := strings.CutPrefix(r.URL.EscapedPath(), "/api/v4/")
	if !ok {
		writeError(w, http.StatusNotFound, "404 Not Found")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("RateLimit-Limit", "2000")
	w.Header().Set("RateLimit-Remaining", strconv.Itoa(max(2000-n, 1)))
	if s.injectFault(w, r.Method, "/"+raw) {
		return
	}
	acc, ok := s.access(r)
	if !ok {
		writeError(w, http.StatusUnauthorized, "401 Unauthorized")
		return
	}
	segs := strings.Split(raw, "/")
	if len(segs) < 3 || segs[0] != "projects" || !s.isProject(apitest.Unescape(segs[1])) {
		writeError(w, http.StatusNotFound, "404 Project Not Found")
		return
	}
	if !acc.read {
		// GitLab hides a private project from who may not see it.
		writeError(w, http.StatusNotFound, "404 Project Not Found")
		return
	}
	rest := segs[2:]
	get := r.Method == http.MethodGet
	switch {
	case len(rest) >= 2 && rest[0] == "merge_requests":
		if rest[1] != strconv.Itoa(IID) {
			writeError(w, http.StatusNotFound, "404 Not found")
			return
		}
		switch {
		case get && len(rest) == 2:
			s.mergeRequest(w)
		case get && len(rest) == 3 && rest[2] == "diffs" && !s.noDiffs:
			s.page(w, r, len(s.diffs), func(i int) any { return s.diffObject(s.diffs[i]) })
		case get && len(rest) == 3 && rest[2] == "changes":
			s.changes(w)
		case get && len(rest) == 3 && rest[2] == "approvals":
			s.approvalsObject(w)
		case get && len(rest) == 3 && rest[2] == "reviewers" && !s.noReviewers:
			s.reviewersList(w)
		case get && len(rest) == 3 && rest[2] == "commits":
			// GitLab lists a merge request's commits newest first.
			n := len(s.commits)
			s.page(w, r, n, func(i int) any { return s.commitObject(s.commits[n-1-i]) })
		case len(rest) == 3 && rest[2] == "notes":
			switch r.Method {
			case http.MethodGet:
				s.listNotes(w, r)
			case http.MethodPost:
				s.createNote(w, r, acc)
			default:
				writeError(w, http.StatusMethodNotAllowed, "405 Method Not Allowed")
			}
		case r.Method == http.MethodPut && len(rest) == 4 && rest[2] == "notes":
			s.editNote(w, r, acc, rest[3])
		default:
			writeError(w, http.StatusNotFound, "404 Not found")
		}
	case get && len(rest) == 4 && rest[0] == "repository" && rest[1] == "commits" && rest[3] == "diff":
		s.commitDiff(w, r, apitest.Unescape(rest[2]))
	case (get || r.Method == http.MethodHead) && len(rest) >= 3 && rest[0] == "repository" && rest[1] == "files":
		s.file(w, r, rest[2:])
	case get && len(rest) == 2 && rest[0] == "repository" && rest[1] == "tree":
		s.tree(w, r)
	default:
		writeError(w, http.StatusNotFound, "404 Not Found")
	}
}

func (s *Server) isProject(id string) bool {
	return id == strconv.Itoa(ProjectID) || id == ProjectPath
}

func (s *Server) injectFault(w http.ResponseWriter, method, p string) bool {
	f, ok := s.faults.Take(method, p)
	if !ok {
		return false
	}
	f.Apply(w)
	msg := fmt.Sprintf("%d %s", f.Status, http.StatusText(f.Status))
	if f.Status == http.StatusTooManyRequests {
		msg = "Retry later"
	}
	writeError(w, f.Status, msg)
	return true
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	apitest.WriteJSON(w, status, map[string]any{"message": msg})
}

// page serves n items a page at a time as GitLab does: per_page (default
// 20, at most 100) and page (from 1), with the X-* pagination headers and
// a Link header. item builds the JSON object of item i.
func (s *Server) page(w http.ResponseWriter, r *http.Request, n int, item func(i int) any) {
	q := r.URL.Query()
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per <= 0 {
		per = 20
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
	if pg > 1 && !s.linkOnly {
		links = append(links, link(min(pg-1, last), "prev"))
	}
	if pg < last {
		links = append(links, link(pg+1, "next"))
	}
	if !s.linkOnly {
		links = append(links, link(1, "first"), link(last, "last"))
	}
	h := w.Header()
	if len(links) > 0 {
		h.Set("Link", strings.Join(links, ", "))
	}
	if !s.linkOnly {
		h.Set("X-Page", strconv.Itoa(pg))
		h.Set("X-Per-Page", strconv.Itoa(per))
		h.Set("X-Total", strconv.Itoa(n))
		h.Set("X-Total-Pages", strconv.Itoa(last))
		h.Set("X-Next-Page", "")
		h.Set("X-Prev-Page", "")
		if pg < last {
			h.Set("X-Next-Page", strconv.Itoa(pg+1))
		}
		if pg > 1 {
			h.Set("X-Prev-Page", strconv.Itoa(min(pg-1, last)))
		}
	}
	items := []any{}
	for i := min((pg-1)*per, n); i < min(pg*per, n); i++ {
		items = append(items, item(i))
	}
	apitest.WriteJSON(w, http.StatusOK, items)
}

func (s *Server) web(format string, args ...any) string {
	return "https://gitlab.example.com/" + ProjectPath + "/-/" + fmt.Sprintf(format, args...)
}

func (s *Server) userObject(username string) map[string]any {
	tmpl, _ := s.mrT["author"].(map[string]any)
	u := apitest.Clone(tmpl)
	u["username"] = username
	u["name"] = username
	u["web_url"] = "https://gitlab.example.com/" + username
	return u
}

func (s *Server) mergeRequest(w http.ResponseWriter) {
	apitest.WriteJSON(w, http.StatusOK, s.mergeRequestObject())
}

func (s *Server) mergeRequestObject() map[string]any {
	mr := apitest.Clone(s.mrT)
	mr["iid"] = IID
	mr["project_id"] = ProjectID
	mr["target_project_id"] = ProjectID
	mr["source_project_id"] = s.sourceProj
	mr["title"] = s.title
	if s.description == nil {
		mr["description"] = nil
	} else {
		mr["description"] = *s.description
	}
	mr["author"] = s.userObject(s.author)
	mr["sha"] = s.headSHA
	mr["web_url"] = s.web("merge_requests/%d", IID)
	mr["user_notes_count"] = len(s.notes)
	count := s.changesCount
	if count == "" {
		count = strconv.Itoa(len(s.diffs))
	}
	mr["changes_count"] = count
	if s.noDiffRefs {
		mr["diff_refs"] = nil
	} else {
		mr["diff_refs"] = map[string]any{"base_sha": s.baseSHA, "head_sha": s.headSHA, "start_sha": s.baseSHA}
	}
	return mr
}

// changes serves the deprecated GET .../changes: the merge request with
// every changed file (up to GitLab's limits; overflow says there were
// more).
func (s *Server) changes(w http.ResponseWriter) {
	mr := s.mergeRequestObject()
	changes := []any{}
	for _, d := range s.diffs {
		changes = append(changes, s.diffObject(d))
	}
	mr["changes"] = changes
	mr["overflow"] = strings.HasSuffix(s.changesCount, "+")
	apitest.WriteJSON(w, http.StatusOK, mr)
}

func (s *Server) diffObject(d Diff) map[string]any {
	o := apitest.Clone(s.diffT)
	a, b := orDefault(d.AMode, "100644"), orDefault(d.BMode, "100644")
	if d.NewFile {
		a = "0"
	}
	if d.DeletedFile {
		b = "0"
	}
	o["old_path"], o["new_path"] = d.OldPath, d.NewPath
	o["a_mode"], o["b_mode"] = a, b
	o["new_file"], o["renamed_file"], o["deleted_file"] = d.NewFile, d.RenamedFile, d.DeletedFile
	o["diff"] = ""
	return o
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (s *Server) approvalsObject(w http.ResponseWriter) {
	o := apitest.Clone(s.approvalsT)
	by := []any{}
	for _, u := range s.approvals {
		by = append(by, map[string]any{"user": s.userObject(u), "approved_at": epoch.Format(time.RFC3339)})
	}
	o["iid"], o["project_id"] = IID, ProjectID
	o["approved_by"] = by
	o["approved"] = len(by) > 0
	o["approvals_left"] = max(0, 1-len(by))
	apitest.WriteJSON(w, http.StatusOK, o)
}

func (s *Server) reviewersList(w http.ResponseWriter) {
	out := []any{}
	for _, r := range s.reviewers {
		o := apitest.Clone(s.reviewerT)
		o["user"] = s.userObject(r.User)
		o["state"] = r.State
		out = append(out, o)
	}
	apitest.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) commitObject(c Commit) map[string]any {
	o := apitest.Clone(s.commitT)
	o["id"] = c.SHA
	o["short_id"] = c.SHA[:min(8, len(c.SHA))]
	title, _, _ := strings.Cut(c.Message, "\n")
	o["title"] = title
	o["message"] = c.Message
	o["author_name"] = c.Author
	o["committer_name"] = c.Author
	o["web_url"] = s.web("commit/%s", c.SHA)
	return o
}

func (s *Server) commitDiff(w http.ResponseWriter, r *http.Request, sha string) {
	for _, c := range s.commits {
		if c.SHA != sha {
			continue
		}
		s.page(w, r, len(c.Paths), func(i int) any {
			return s.diffObject(Diff{OldPath: c.Paths[i], NewPath: c.Paths[i]})
		})
		return
	}
	writeError(w, http.StatusNotFound, "404 Commit Not Found")
}

// file serves the repository files API: GET or HEAD of
// files/:file_path (JSON) and files/:file_path/raw.
func (s *Server) file(w http.ResponseWriter, r *http.Request, rest []string) {
	rawMode := len(rest) == 2 && rest[1] == "raw"
	if len(rest) != 1 && !rawMode {
		writeError(w, http.StatusNotFound, "404 Not Found")
		return
	}
	// GitLab's route wants the path URL-encoded whole: a path sent with
	// its slashes is more segments, and not found above.
	p := apitest.Unescape(rest[0])
	ref := r.URL.Query().Get("ref")
	tree, ok := s.files[ref]
	if !ok {
		writeError(w, http.StatusNotFound, "404 Commit Not Found")
		return
	}
	e, ok := tree[p]
	if !ok || e.mode == "160000" {
		writeError(w, http.StatusNotFound, "404 File Not Found")
		return
	}
	blob := apitest.BlobSHA(e.data)
	h := w.Header()
	h.Set("X-Gitlab-Blob-Id", blob)
	h.Set("X-Gitlab-Commit-Id", ref)
	h.Set("X-Gitlab-Encoding", "base64")
	h.Set("X-Gitlab-File-Name", path.Base(p))
	h.Set("X-Gitlab-File-Path", p)
	h.Set("X-Gitlab-Last-Commit-Id", ref)
	h.Set("X-Gitlab-Ref", ref)
	h.Set("X-Gitlab-Size", strconv.Itoa(len(e.data)))
	h.Set("X-Gitlab-Execute-Filemode", strconv.FormatBool(e.mode == "100755"))
	if rawMode {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(e.data)))
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			w.Write(e.data)
		}
		return
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	apitest.WriteJSON(w, http.StatusOK, map[string]any{
		"file_name": path.Base(p), "file_path": p, "size": len(e.data), "encoding": "base64",
		"content": base64.StdEncoding.EncodeToString(e.data), "content_sha256": "",
		"ref": ref, "blob_id": blob, "commit_id": ref, "last_commit_id": ref,
		"execute_filemode": e.mode == "100755",
	})
}

// tree serves the repository tree API: the entries right under path.
func (s *Server) tree(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	files, ok := s.files[q.Get("ref")]
	if !ok {
		writeError(w, http.StatusNotFound, "404 Tree Not Found")
		return
	}
	dir := strings.Trim(q.Get("path"), "/")
	type child struct{ name, mode, id string }
	seen := map[string]child{}
	for p, e := range files {
		rest := p
		if dir != "" {
			var ok bool
			if rest, ok = strings.CutPrefix(p, dir+"/"); !ok {
				continue
			}
		}
		name, deeper, _ := strings.Cut(rest, "/")
		if deeper != "" {
			seen[name] = child{name: name, mode: "040000", id: apitest.BlobSHA([]byte(path.Join(dir, name)))}
			continue
		}
		seen[name] = child{name: name, mode: e.mode, id: apitest.BlobSHA(e.data)}
	}
	if len(seen) == 0 && dir != "" {
		writeError(w, http.StatusNotFound, "404 Tree Not Found")
		return
	}
	var list []child
	for _, c := range seen {
		list = append(list, c)
	}
	// GitLab lists folders first, then files, each by name.
	sort.Slice(list, func(i, j int) bool {
		if (list[i].mode == "040000") != (list[j].mode == "040000") {
			return list[i].mode == "040000"
		}
		return list[i].name < list[j].name
	})
	s.page(w, r, len(list), func(i int) any {
		o := apitest.Clone(s.treeT)
		c := list[i]
		o["id"], o["name"], o["path"], o["mode"] = c.id, c.name, path.Join(dir, c.name), c.mode
		switch c.mode {
		case "040000":
			o["type"] = "tree"
		case "160000":
			o["type"] = "commit"
		default:
			o["type"] = "blob"
		}
		return o
	})
}

func (s *Server) noteObject(n Note) map[string]any {
	o := apitest.Clone(s.noteT)
	o["id"] = n.ID
	o["body"] = n.Body
	o["author"] = s.userObject(n.Author)
	o["system"] = n.System
	o["noteable_iid"] = IID
	o["project_id"] = ProjectID
	at := epoch.Add(time.Duration(n.ID) * time.Minute).Format(time.RFC3339)
	o["created_at"], o["updated_at"] = at, at
	return o
}

func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) {
	notes := append([]Note(nil), s.notes...)
	// GitLab's default order is newest first.
	if r.URL.Query().Get("sort") != "asc" {
		for i, j := 0, len(notes)-1; i < j; i, j = i+1, j-1 {
			notes[i], notes[j] = notes[j], notes[i]
		}
	}
	s.page(w, r, len(notes), func(i int) any { return s.noteObject(notes[i]) })
}

// quickAction matches a line that GitLab runs as a quick action: a slash
// at the very start of the line and a command name.
var quickAction = regexp.MustCompile(`^/([a-z_]+)(?: (.*))?$`)

// store turns a note body into what GitLab keeps: quick-action lines
// (outside ``` code blocks) executed and removed, carriage returns
// dropped, trailing white space cut.
func (s *Server) store(body string) string {
	body = strings.ReplaceAll(body, "\r", "")
	var kept []string
	fence := false
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, "```") {
			fence = !fence
		}
		if !fence && quickAction.MatchString(l) {
			s.quick = append(s.quick, l)
			continue
		}
		kept = append(kept, l)
	}
	return strings.TrimRight(strings.Join(kept, "\n"), " \t\n")
}

// readBody decodes the {"body": "..."} of a note request, answering 400
// itself when it is missing or too long.
func readBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	var req struct {
		Body *string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Body == nil || *req.Body == "" {
		writeError(w, http.StatusBadRequest, "400 Bad request - body is missing")
		return "", false
	}
	if utf8.RuneCountInString(*req.Body) > MaxNoteLength {
		apitest.WriteJSON(w, http.StatusBadRequest, map[string]any{"message": map[string]any{
			"note": []string{fmt.Sprintf("is too long (maximum is %d characters)", MaxNoteLength)}}})
		return "", false
	}
	return *req.Body, true
}

func (s *Server) createNote(w http.ResponseWriter, r *http.Request, acc access) {
	if !acc.write {
		if acc.user == "" {
			writeError(w, http.StatusUnauthorized, "401 Unauthorized")
		} else {
			writeError(w, http.StatusForbidden, "403 Forbidden")
		}
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	n := s.addNote(acc.user, s.store(body), false)
	apitest.WriteJSON(w, http.StatusCreated, s.noteObject(n))
}

func (s *Server) editNote(w http.ResponseWriter, r *http.Request, acc access, id string) {
	nid, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		writeError(w, http.StatusNotFound, "404 Note Not Found")
		return
	}
	for i := range s.notes {
		n := &s.notes[i]
		if n.ID != nid {
			continue
		}
		if !acc.write || n.Author != acc.user || n.System {
			writeError(w, http.StatusForbidden, "403 Forbidden")
			return
		}
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		n.Body = s.store(body)
		o := s.noteObject(*n)
		o["updated_at"] = epoch.Add(24 * time.Hour).Format(time.RFC3339)
		apitest.WriteJSON(w, http.StatusOK, o)
		return
	}
	writeError(w, http.StatusNotFound, "404 Note Not Found")
}
