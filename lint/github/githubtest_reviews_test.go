package github_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/apitest"
	"github.com/promptlint/promptlint/lint/github/githubtest"
)

// send makes a request with a JSON body and returns the status and body.
func send(t *testing.T, s *githubtest.Server, method, path, body string) (int, []byte) {
	t.Helper()
	resp, data := request(t, s, method, path, body)
	return resp.StatusCode, data
}

// TestReviews: a review is created with comments on lines of the diff
// only, at the head commit; its comments are listed with GitHub's example
// keys, edited and deleted when the bot wrote them, refused (403) when a
// person did; an outdated comment has a null line.
func TestReviews(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddPRFile(githubtest.File{Name: "a.yaml", Status: "modified", Patch: "@@ -1,2 +1,3 @@\n name: a\n+version: 1.0.0\n x: 1"})
	base := "/repos/Codertocat/Hello-World/pulls/"
	head := headSHA(t)
	review := func(line, start int) (int, []byte) {
		body := map[string]any{"commit_id": head, "body": "b", "event": "COMMENT",
			"comments": []any{map[string]any{"path": "a.yaml", "body": "c", "line": line, "side": "RIGHT"}}}
		if start > 0 {
			body["comments"].([]any)[0].(map[string]any)["start_line"] = start
			body["comments"].([]any)[0].(map[string]any)["start_side"] = "RIGHT"
		}
		b, _ := json.Marshal(body)
		return send(t, s, "POST", base+"2/reviews", string(b))
	}
	if code, _ := review(4, 0); code != http.StatusUnprocessableEntity {
		t.Errorf("a comment outside the diff: %d, want 422", code)
	}
	if code, data := review(2, 1); code != http.StatusOK || !strings.Contains(string(data), `"state":"COMMENTED"`) {
		t.Fatalf("a review on lines 1-2: %d %s", code, data)
	}
	person := s.AddReviewComment(githubtest.ReviewComment{User: "octocat", Body: "mine", Path: "a.yaml", Line: 1})
	resp, data := get(t, s, base+"2/comments")
	var list []map[string]any
	if err := json.Unmarshal(data, &list); err != nil || resp.StatusCode != 200 || len(list) != 2 {
		t.Fatalf("list: %d %v %s", resp.StatusCode, err, data)
	}
	for key := range firstFixture(t, "rest-pulls-list-review-comments.json") {
		if _, ok := list[0][key]; !ok && key != "in_reply_to_id" { // only a reply has one
			t.Errorf("a listed review comment lacks %q", key)
		}
	}
	if list[0]["line"] != float64(2) || list[0]["start_line"] != float64(1) || list[0]["side"] != "RIGHT" {
		t.Errorf("listed: line %v start_line %v side %v", list[0]["line"], list[0]["start_line"], list[0]["side"])
	}
	bot := s.ReviewComments()[0]
	if code, _ := send(t, s, "PATCH", "/repos/Codertocat/Hello-World/pulls/comments/"+itoa(bot.ID), `{"body":"new"}`); code != 200 || s.ReviewComments()[0].Body != "new" {
		t.Errorf("edit: %d", code)
	}
	if code, _ := send(t, s, "DELETE", "/repos/Codertocat/Hello-World/pulls/comments/"+itoa(person.ID), ""); code != http.StatusForbidden {
		t.Errorf("deleting a person's comment: %d, want 403", code)
	}
	if code, _ := send(t, s, "PUT", base+"2/reviews/"+itoa(bot.ReviewID), `{"body":"replaced"}`); code != 200 || s.Reviews()[0].Body != "replaced" {
		t.Errorf("update review: %d", code)
	}
	s.OutdateReviewComments()
	_, data = get(t, s, base+"2/comments")
	if err := json.Unmarshal(data, &list); err != nil || list[0]["line"] != nil {
		t.Errorf("an outdated comment's line: %v", list[0]["line"])
	}
	if code, _ := send(t, s, "DELETE", "/repos/Codertocat/Hello-World/pulls/comments/"+itoa(bot.ID), ""); code != http.StatusNoContent || len(s.ReviewComments()) != 1 {
		t.Errorf("delete: %d", code)
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// headSHA is the head commit of the pull request of GitHub's example
// webhook payload, the fake's pull request.
func headSHA(t *testing.T) string {
	t.Helper()
	var event map[string]any
	readFixture(t, "webhook-pull_request-opened.json", &event)
	sha := apitest.Str(apitest.Dig(event, "pull_request", "head", "sha"))
	if sha == "" {
		t.Fatal("the webhook fixture's pull request has no head sha")
	}
	return sha
}
