package githubtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/promptlint/promptlint/lint/apitest"
)

// ReviewComment is a comment of a review of the pull request, on lines of
// the head's version of a file.
type ReviewComment struct {
	ID        int64
	ReviewID  int64
	User      string
	Body      string
	Path      string
	StartLine int // 0 for a one-line comment
	Line      int // 0 once outdated (see OutdateReviewComments)
	CommitID  string
}

// reviewTemplates are GitHub's examples of review and review comment
// objects (see testdata/fixtures/github/SOURCES.md).
type reviewTemplates struct {
	comment, updated, review map[string]any
}

func (s *Server) loadReviewTemplates(dir string) error {
	var list []map[string]any
	if err := apitest.ReadFixture(dir, "rest-pulls-list-review-comments.json", &list); err != nil {
		return err
	}
	if len(list) == 0 {
		return fmt.Errorf("fixture rest-pulls-list-review-comments.json is an empty list")
	}
	s.reviewT.comment = list[0]
	if err := apitest.ReadFixture(dir, "rest-pulls-update-review-comment.json", &s.reviewT.updated); err != nil {
		return err
	}
	return apitest.ReadFixture(dir, "rest-pulls-create-review.json", &s.reviewT.review)
}

// AddReviewComment adds a review comment (by a person, say); zero IDs
// are assigned.
func (s *Server) AddReviewComment(c ReviewComment) ReviewComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.ID == 0 {
		c.ID = s.nextID
		s.nextID++
	}
	if c.ReviewID == 0 {
		c.ReviewID = 80 + int64(len(s.reviews))
		s.reviews = append(s.reviews, Review{ID: c.ReviewID, User: c.User, State: "COMMENTED", SubmittedAt: epoch, CommitID: s.headSHA})
	}
	s.reviewComments = append(s.reviewComments, c)
	return c
}

// ReviewComments returns the review comments, by ascending id.
func (s *Server) ReviewComments() []ReviewComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ReviewComment(nil), s.reviewComments...)
}

// Reviews returns the reviews, oldest first.
func (s *Server) Reviews() []Review {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Review(nil), s.reviews...)
}

// OutdateReviewComments makes every review comment outdated, as a push
// that changes their lines does: GitHub then gives them a null line.
func (s *Server) OutdateReviewComments() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.reviewComments {
		s.reviewComments[i].StartLine, s.reviewComments[i].Line = 0, 0
	}
}

// reviewComment is c as GitHub's review comment objects show it.
func (s *Server) reviewComment(tmpl map[string]any, c ReviewComment) map[string]any {
	o := apitest.Clone(tmpl)
	o["id"] = c.ID
	o["node_id"] = base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("PullRequestReviewComment%d", c.ID)))
	o["url"] = s.api("pulls/comments/%d", c.ID)
	o["html_url"] = s.web("pull/%d#discussion_r%d", s.number, c.ID)
	o["pull_request_url"] = s.api("pulls/%d", s.number)
	o["pull_request_review_id"] = c.ReviewID
	o["user"] = s.user(c.User)
	o["body"] = c.Body
	o["path"] = c.Path
	o["commit_id"] = c.CommitID
	o["original_commit_id"] = c.CommitID
	delete(o, "in_reply_to_id")
	o["created_at"] = epoch.Format(time.RFC3339)
	o["updated_at"] = epoch.Format(time.RFC3339)
	o["side"], o["start_side"] = "RIGHT", nil
	o["line"], o["start_line"], o["position"] = nil, nil, nil
	if c.Line > 0 {
		o["line"], o["original_line"], o["position"] = c.Line, c.Line, 1
		if c.StartLine > 0 {
			o["start_line"], o["original_start_line"], o["start_side"] = c.StartLine, c.StartLine, "RIGHT"
		}
	}
	if links, ok := o["_links"].(map[string]any); ok {
		links["self"] = map[string]any{"href": o["url"]}
		links["html"] = map[string]any{"href": o["html_url"]}
		links["pull_request"] = map[string]any{"href": o["pull_request_url"]}
	}
	return o
}

func (s *Server) listReviewComments(w http.ResponseWriter, r *http.Request) {
	page(w, r, len(s.reviewComments), func(i int) any { return s.reviewComment(s.reviewT.comment, s.reviewComments[i]) })
}

// hunkRE matches a unified diff hunk header's new side.
var hunkRE = regexp.MustCompile(`(?m)^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@`)

// inDiff reports whether lines from to line of the head's version of path
// lie in one hunk of the file's patch: GitHub takes a review comment only
// there.
func (s *Server) inDiff(path string, from, line int) bool {
	for _, f := range s.files {
		if f.Name != path {
			continue
		}
		for _, m := range hunkRE.FindAllStringSubmatch(f.Patch, -1) {
			start, _ := strconv.Atoi(m[1])
			n := 1
			if m[2] != "" {
				n, _ = strconv.Atoi(m[2])
			}
			if from >= start && line < start+n && from <= line {
				return true
			}
		}
	}
	return false
}

// createReview serves POST pulls/{n}/reviews: a submitted review (or a
// pending one, without an event) with its comments, each of which must
// lie in the diff, at the pull request's head commit.
func (s *Server) createReview(w http.ResponseWriter, r *http.Request) {
	var req struct {
		CommitID string `json:"commit_id"`
		Body     string `json:"body"`
		Event    string `json:"event"`
		Comments []struct {
			Path      string `json:"path"`
			Body      string `json:"body"`
			Line      int    `json:"line"`
			Side      string `json:"side"`
			StartLine int    `json:"start_line"`
			StartSide string `json:"start_side"`
			Position  int    `json:"position"`
		} `json:"comments"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON", "https://docs.github.com/rest")
		return
	}
	unprocessable := func(msg string) {
		apitest.WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"message": "Unprocessable Entity", "errors": []any{msg},
			"documentation_url": "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request", "status": "422",
		})
	}
	state := map[string]string{"APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED", "": "PENDING"}[req.Event]
	switch {
	case state == "":
		unprocessable(fmt.Sprintf("event %q is not APPROVE, REQUEST_CHANGES or COMMENT", req.Event))
		return
	case req.CommitID != "" && req.CommitID != s.headSHA:
		unprocessable("commit_id is not the head of the pull request")
		return
	case req.Event == "COMMENT" && req.Body == "" && len(req.Comments) == 0:
		unprocessable("Review body is required for a comment review without comments")
		return
	}
	for _, c := range req.Comments {
		from := c.Line
		if c.StartLine > 0 {
			from = c.StartLine
		}
		if c.Position > 0 || c.Side != "RIGHT" || c.StartLine > 0 && c.StartSide != "RIGHT" || c.Line <= 0 || !s.inDiff(c.Path, from, c.Line) {
			unprocessable("Line could not be resolved")
			return
		}
	}
	rv := Review{ID: s.nextID, User: Bot, State: state, CommitID: s.headSHA, Body: req.Body}
	s.nextID++
	if state != "PENDING" {
		rv.SubmittedAt = epoch.Add(time.Duration(len(s.reviews)) * time.Minute)
	}
	s.reviews = append(s.reviews, rv)
	for _, c := range req.Comments {
		s.reviewComments = append(s.reviewComments, ReviewComment{ID: s.nextID, ReviewID: rv.ID, User: Bot, Body: c.Body, Path: c.Path, StartLine: c.StartLine, Line: c.Line, CommitID: s.headSHA})
		s.nextID++
	}
	apitest.WriteJSON(w, http.StatusOK, s.reviewObject(rv))
}

// reviewObject is rv as GitHub's review objects show it.
func (s *Server) reviewObject(rv Review) map[string]any {
	o := apitest.Clone(s.reviewT.review)
	o["id"] = rv.ID
	o["node_id"] = base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("PullRequestReview%d", rv.ID)))
	o["user"] = s.user(rv.User)
	o["body"] = rv.Body
	o["state"] = rv.State
	o["html_url"] = s.web("pull/%d#pullrequestreview-%d", s.number, rv.ID)
	o["pull_request_url"] = s.api("pulls/%d", s.number)
	o["commit_id"] = rv.CommitID
	if rv.SubmittedAt.IsZero() {
		delete(o, "submitted_at")
	} else {
		o["submitted_at"] = rv.SubmittedAt.UTC().Format(time.RFC3339)
	}
	if links, ok := o["_links"].(map[string]any); ok {
		links["html"] = map[string]any{"href": o["html_url"]}
		links["pull_request"] = map[string]any{"href": o["pull_request_url"]}
	}
	return o
}

// updateReview serves PUT pulls/{n}/reviews/{id}: a new body.
func (s *Server) updateReview(w http.ResponseWriter, r *http.Request, id string) {
	n, _ := strconv.ParseInt(id, 10, 64)
	for i := range s.reviews {
		rv := &s.reviews[i]
		if rv.ID != n {
			continue
		}
		if rv.User != Bot {
			writeError(w, http.StatusForbidden, "Resource not accessible by integration", "https://docs.github.com/rest/pulls/reviews#update-a-review-for-a-pull-request")
			return
		}
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		rv.Body = body
		apitest.WriteJSON(w, http.StatusOK, s.reviewObject(*rv))
		return
	}
	notFound(w)
}

// reviewCommentAt returns the index of review comment id, or -1 after
// answering 404, or 403 when the workflow token may not change it.
func (s *Server) reviewCommentAt(w http.ResponseWriter, id string, doc string) int {
	n, err := strconv.ParseInt(id, 10, 64)
	if err == nil {
		for i, c := range s.reviewComments {
			if c.ID != n {
				continue
			}
			if c.User != Bot {
				writeError(w, http.StatusForbidden, "Resource not accessible by integration", doc)
				return -1
			}
			return i
		}
	}
	notFound(w)
	return -1
}

func (s *Server) editReviewComment(w http.ResponseWriter, r *http.Request, id string) {
	i := s.reviewCommentAt(w, id, "https://docs.github.com/rest/pulls/comments#update-a-review-comment-for-a-pull-request")
	if i < 0 {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	s.reviewComments[i].Body = body
	apitest.WriteJSON(w, http.StatusOK, s.reviewComment(s.reviewT.updated, s.reviewComments[i]))
}

func (s *Server) deleteReviewComment(w http.ResponseWriter, id string) {
	i := s.reviewCommentAt(w, id, "https://docs.github.com/rest/pulls/comments#delete-a-review-comment-for-a-pull-request")
	if i < 0 {
		return
	}
	s.reviewComments = append(s.reviewComments[:i], s.reviewComments[i+1:]...)
	w.WriteHeader(http.StatusNoContent)
}

// SetPRFile replaces the pull request's file of the same name (a new
// push), or adds it.
func (s *Server) SetPRFile(f File) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.files {
		if s.files[i].Name == f.Name {
			s.files[i] = f
			return
		}
	}
	s.files = append(s.files, f)
}
