package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/gitlab/gitlabtest"
	"github.com/promptlint/promptlint/lint/gitlab/pipeline"
	"github.com/promptlint/promptlint/lint/sticky"
)

const (
	base = "1a2b3c4d5e6f708192a3b4c5d6e7f80912345678"
	head = "9b1f2c3d4e5f60718293a4b5c6d7e8f901234567"
)

const supportV1 = `name: support_reply
version: 1.0.0
description: Reply to a customer support ticket.
template: |
  Hello {customer_name}, thank you for contacting us about {topic}.
  Answer clearly and politely, and offer one concrete next step.
variables:
  customer_name: null
  topic: null
`

// supportReworded changes the wording and keeps the version.
var supportReworded = strings.Replace(supportV1, "Hello {customer_name}, thank you", "Hi {customer_name}, thanks", 1)

// supportBumped changes the wording with a patch bump.
var supportBumped = strings.Replace(supportReworded, "version: 1.0.0", "version: 1.0.1", 1)

// job is one run of the job against a fake GitLab.
type job struct {
	t      *testing.T
	s      *gitlabtest.Server
	env    map[string]string
	dir    string
	opts   pipeline.Options
	waits  []time.Duration
	stdout bytes.Buffer
	stderr bytes.Buffer
}

// newJob is a merge request pipeline for !7 whose diff changes
// prompts/support.yaml from supportV1 to head.
func newJob(t *testing.T, headContent string) *job {
	t.Helper()
	s := gitlabtest.NewServer(t)
	s.SetFile(base, "prompts/support.yaml", supportV1)
	s.SetFile(head, "prompts/support.yaml", headContent)
	s.SetFile(base, "README.md", "# prompts\n")
	s.SetFile(head, "README.md", "# prompts\n")
	s.AddDiff(gitlabtest.Diff{OldPath: "prompts/support.yaml", NewPath: "prompts/support.yaml"})
	dir := t.TempDir()
	return &job{
		t: t, s: s, dir: dir,
		env: map[string]string{
			"GITLAB_CI":                          "true",
			"CI_PIPELINE_SOURCE":                 "merge_request_event",
			"CI_API_V4_URL":                      s.APIURL(),
			"CI_PROJECT_ID":                      "42",
			"CI_MERGE_REQUEST_PROJECT_ID":        "42",
			"CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "42",
			"CI_MERGE_REQUEST_IID":               "7",
			"CI_MERGE_REQUEST_DIFF_BASE_SHA":     base,
			"CI_COMMIT_SHA":                      head,
			"CI_PROJECT_DIR":                     dir,
			"CI_JOB_URL":                         "https://gitlab.example.com/promptlab/prompts/-/jobs/1234",
			pipeline.TokenVariable:               gitlabtest.Token,
		},
		opts: pipeline.Options{
			FailOn: lint.Error, ReviewThreshold: -1,
			CodeQuality: pipeline.DefaultCodeQuality, Report: pipeline.DefaultReport, Markdown: pipeline.DefaultMarkdown,
		},
	}
}

func (j *job) run() (*pipeline.Result, error) {
	j.t.Helper()
	j.stdout.Reset()
	j.stderr.Reset()
	o := j.opts
	o.Getenv = func(k string) string { return j.env[k] }
	o.Stdout, o.Stderr = &j.stdout, &j.stderr
	o.Rules, o.Version = checks.All, "test"
	o.HTTPClient = j.s.Client()
	o.Sleep = func(_ context.Context, d time.Duration) error {
		j.waits = append(j.waits, d)
		return nil
	}
	return pipeline.Run(context.Background(), o)
}

// mustRun runs the job and wants exit code want.
func (j *job) mustRun(want int) *pipeline.Result {
	j.t.Helper()
	res, err := j.run()
	if err != nil {
		j.t.Fatalf("run: %v\nlog:\n%s%s", err, j.stdout.String(), j.stderr.String())
	}
	if res.ExitCode != want {
		j.t.Fatalf("exit code %d, want %d\nlog:\n%s%s", res.ExitCode, want, j.stdout.String(), j.stderr.String())
	}
	return res
}

func (j *job) file(name string) string {
	j.t.Helper()
	data, err := os.ReadFile(filepath.Join(j.dir, name))
	if err != nil {
		j.t.Fatal(err)
	}
	return string(data)
}

// codeQuality decodes the Code Quality report.
func (j *job) codeQuality() []map[string]any {
	j.t.Helper()
	var issues []map[string]any
	if err := json.Unmarshal([]byte(j.file(pipeline.DefaultCodeQuality)), &issues); err != nil {
		j.t.Fatal(err)
	}
	return issues
}

func checkNames(issues []map[string]any) []string {
	var out []string
	for _, is := range issues {
		out = append(out, fmt.Sprint(is["check_name"]))
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestNoteCreatedEditedAndLeftAlone(t *testing.T) {
	j := newJob(t, supportReworded)

	// First run: the version was not bumped; the note is created.
	res := j.mustRun(1)
	notes := j.s.Notes()
	if len(notes) != 1 || !sticky.Is(notes[0].Body) || notes[0].Author != gitlabtest.Bot {
		t.Fatalf("notes %+v", notes)
	}
	if !strings.Contains(notes[0].Body, "version-not-bumped") || !strings.Contains(notes[0].Body, "prompts/support.yaml") {
		t.Errorf("the note does not report the finding:\n%s", notes[0].Body)
	}
	if want := fmt.Sprintf("https://gitlab.example.com/promptlab/prompts/-/merge_requests/7#note_%d", notes[0].ID); res.NoteURL != want {
		t.Errorf("note URL %q, want %q", res.NoteURL, want)
	}
	if names := checkNames(j.codeQuality()); !contains(names, "version-not-bumped") {
		t.Errorf("Code Quality report: %q", names)
	}
	var report struct {
		Prompts []struct {
			Path   string `json:"path"`
			Status string `json:"status"`
		} `json:"prompts"`
		Summary struct {
			Errors int `json:"errors"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(j.file(pipeline.DefaultReport)), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Prompts) != 1 || report.Prompts[0].Path != "prompts/support.yaml" || report.Prompts[0].Status != "modified" || report.Summary.Errors == 0 {
		t.Errorf("JSON report %+v", report)
	}
	if md := j.file(pipeline.DefaultMarkdown); !sticky.Is(md) || !strings.Contains(md, "version-not-bumped") {
		t.Errorf("Markdown report:\n%s", md)
	}
	if !strings.Contains(j.stdout.String(), "prompts/support.yaml:2:10: error:") {
		t.Errorf("the log lacks the finding:\n%s", j.stdout.String())
	}

	// Second run, nothing changed: the note is left alone.
	j.s.ClearRequests()
	j.mustRun(1)
	if n := j.s.Count("PUT", ""); n != 0 || j.s.Count("POST", "") != 0 {
		t.Errorf("an unchanged note was written again: %q", j.s.Requests())
	}
	if got := j.s.Notes(); len(got) != 1 || got[0].Body != notes[0].Body {
		t.Errorf("notes %+v", got)
	}
	if !strings.Contains(j.stderr.String(), "merge request note unchanged") {
		t.Errorf("log:\n%s", j.stderr.String())
	}

	// The author bumps the version: the same note is edited.
	j.s.SetFile(head, "prompts/support.yaml", supportBumped)
	j.s.ClearRequests()
	j.mustRun(0)
	got := j.s.Notes()
	if len(got) != 1 || got[0].ID != notes[0].ID || got[0].Body == notes[0].Body || strings.Contains(got[0].Body, "version-not-bumped") {
		t.Errorf("notes after the fix %+v", got)
	}
	if n := j.s.Count("PUT", "/projects/42/merge_requests/7/notes/"); n != 1 {
		t.Errorf("%d edits, want 1: %q", n, j.s.Requests())
	}
	if names := checkNames(j.codeQuality()); contains(names, "version-not-bumped") {
		t.Errorf("Code Quality report still has the fixed finding: %q", names)
	}
}

func TestOnChangeLeavesAnMRWithoutPromptsAlone(t *testing.T) {
	j := newJob(t, supportV1)
	j.s.SetFile(head, "src/main.go", "package main\n")
	j.s.SetDiffs(gitlabtest.Diff{OldPath: "src/main.go", NewPath: "src/main.go", NewFile: true})
	// No prompt file changed: nothing to say, no note.
	j.mustRun(0)
	if !strings.Contains(j.stderr.String(), "none of the 1 files merge request !7 changes matches the prompt globs") {
		t.Errorf("log:\n%s", j.stderr.String())
	}
	if len(j.s.Notes()) != 0 || j.s.Count("POST", "") != 0 {
		t.Errorf("notes %+v", j.s.Notes())
	}
	// --comment always writes one anyway.
	j.opts.Comment = "always"
	j.mustRun(0)
	if notes := j.s.Notes(); len(notes) != 1 || !sticky.Is(notes[0].Body) {
		t.Errorf("notes %+v", notes)
	}
	// --comment never never touches the notes.
	j.opts.Comment = "never"
	j.s.ClearRequests()
	j.mustRun(0)
	if n := j.s.Count("", "/projects/42/merge_requests/7/notes"); n != 0 {
		t.Errorf("%d note requests with --comment never", n)
	}
}

func TestApprovalsVerifyTeamReviewed(t *testing.T) {
	const cfg = "environments:\n  staging:\n    paths: [\"prompts/**\"]\n    requires: [team-reviewed]\n"
	setup := func(t *testing.T) *job {
		j := newJob(t, supportBumped)
		j.s.SetFile(base, ".promptlint.yaml", cfg)
		j.s.SetFile(head, ".promptlint.yaml", cfg)
		return j
	}
	itemStatus := func(j *job) string {
		var rep struct {
			Checklist struct {
				Items []struct {
					ID     string `json:"id"`
					Status string `json:"status"`
				} `json:"items"`
			} `json:"checklist"`
		}
		if err := json.Unmarshal([]byte(j.file(pipeline.DefaultReport)), &rep); err != nil {
			t.Fatal(err)
		}
		for _, it := range rep.Checklist.Items {
			if it.ID == "team-reviewed" {
				return it.Status
			}
		}
		return ""
	}

	t.Run("no approval", func(t *testing.T) {
		j := setup(t)
		j.mustRun(1)
		if names := checkNames(j.codeQuality()); !contains(names, "checklist-team-reviewed") {
			t.Errorf("findings %q", names)
		}
		if got := itemStatus(j); got != "missing" {
			t.Errorf("team-reviewed is %q", got)
		}
		if j.s.Count("GET", "/projects/42/merge_requests/7/approvals") != 1 {
			t.Errorf("requests %q", j.s.Requests())
		}
	})
	t.Run("the author's own approval", func(t *testing.T) {
		j := setup(t)
		j.s.AddApproval("alice")
		j.mustRun(1)
		if got := itemStatus(j); got != "missing" {
			t.Errorf("team-reviewed is %q", got)
		}
	})
	t.Run("approved", func(t *testing.T) {
		j := setup(t)
		j.s.AddApproval("bob")
		j.mustRun(0)
		if got := itemStatus(j); got != "verified" {
			t.Errorf("team-reviewed is %q", got)
		}
		if names := checkNames(j.codeQuality()); contains(names, "checklist-team-reviewed") {
			t.Errorf("findings %q", names)
		}
	})
	t.Run("approved, but changes requested", func(t *testing.T) {
		j := setup(t)
		j.s.AddApproval("bob")
		j.s.AddReviewer("carol", "requested_changes")
		j.mustRun(1)
		if body := j.s.Notes()[0].Body; !strings.Contains(body, "changes requested by carol") {
			t.Errorf("note:\n%s", body)
		}
	})
	t.Run("a GitLab without the reviewers API", func(t *testing.T) {
		j := setup(t)
		j.s.AddApproval("bob")
		j.s.WithoutReviewersAPI()
		j.mustRun(0)
	})
	t.Run("a ticked box does not stand in for an approval", func(t *testing.T) {
		j := setup(t)
		d := "## Checklist\n\n- [x] Team reviewed <!-- promptlint:team-reviewed -->\n"
		j.s.SetDescription(&d)
		j.mustRun(1)
	})
	t.Run("no prompt needs it: no request", func(t *testing.T) {
		j := newJob(t, supportBumped)
		j.s.SetFile(head, ".promptlint.yaml", "default_environment: development\n")
		j.mustRun(0)
		if n := j.s.Count("GET", "/projects/42/merge_requests/7/approvals"); n != 0 {
			t.Errorf("%d approval requests", n)
		}
	})
}

func TestForkWithoutWriteAccess(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content string
		want    int
	}{
		{"findings fail the job", supportReworded, 1},
		{"a clean change passes", supportBumped, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := newJob(t, tc.content)
			j.s.SetFork(99)
			j.env["CI_MERGE_REQUEST_SOURCE_PROJECT_ID"] = "99"
			j.env[pipeline.TokenVariable] = gitlabtest.ReadToken
			j.mustRun(tc.want)
			if n := len(j.s.Notes()); n != 0 {
				t.Errorf("%d notes", n)
			}
			if j.s.Count("POST", "/projects/42/merge_requests/7/notes") != 1 {
				t.Errorf("requests %q", j.s.Requests())
			}
			log := j.stderr.String()
			if !strings.Contains(log, "promptlint: warning: promptlint could not comment on merge request !7") || !strings.Contains(log, "403 Forbidden") || !strings.Contains(log, "The job still passes or fails on its findings") {
				t.Errorf("log:\n%s", log)
			}
			md := j.file(pipeline.DefaultMarkdown)
			if !strings.Contains(md, "> [!WARNING]\n> promptlint could not comment on merge request !7") {
				t.Errorf("the Markdown report does not say so:\n%s", md)
			}
			// The reports are written all the same.
			j.codeQuality()
		})
	}
}

func TestWithoutAToken(t *testing.T) {
	// A public project is read anonymously; no note can be posted.
	j := newJob(t, supportReworded)
	delete(j.env, pipeline.TokenVariable)
	j.s.SetPublic(true)
	j.mustRun(1)
	if len(j.s.Notes()) != 0 || j.s.Count("", "/projects/42/merge_requests/7/notes") != 0 {
		t.Errorf("notes %+v, requests %q", j.s.Notes(), j.s.Requests())
	}
	if log := j.stderr.String(); !strings.Contains(log, pipeline.TokenVariable+" is not set") {
		t.Errorf("log:\n%s", log)
	}
	if md := j.file(pipeline.DefaultMarkdown); !strings.Contains(md, pipeline.TokenVariable+" is not set") {
		t.Errorf("Markdown:\n%s", md)
	}

	// A private one cannot be read: the tool could not do its job.
	j.s.SetPublic(false)
	_, err := j.run()
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), pipeline.TokenVariable) {
		t.Errorf("err = %v", err)
	}
	var ue *lint.UsageError
	if errors.As(err, &ue) {
		t.Errorf("an unreadable project is a usage error: %v", err)
	}
}

func TestPagination(t *testing.T) {
	j := newJob(t, supportReworded)
	// 240 more changed files that are not prompts, and 230 notes before
	// promptlint's own.
	for i := range 240 {
		p := fmt.Sprintf("src/file%03d.go", i)
		j.s.AddDiff(gitlabtest.Diff{OldPath: p, NewPath: p})
	}
	j.s.AddDiff(gitlabtest.Diff{OldPath: "prompts/new.prompt.md", NewPath: "prompts/new.prompt.md", NewFile: true})
	j.s.SetFile(head, "prompts/new.prompt.md", "---\ndescription: Summarize a ticket.\n---\nSummarize the ticket in two sentences.\n")
	for range 230 {
		j.s.AddNote("bob", "looks fine")
	}
	old := j.s.AddNote(gitlabtest.Bot, sticky.Marker+"\nan earlier run")
	j.mustRun(1)
	notes := j.s.Notes()
	if len(notes) != 231 || notes[230].ID != old.ID || notes[230].Body == old.Body {
		t.Fatalf("%d notes; the last %+v", len(notes), notes[len(notes)-1])
	}
	if !strings.Contains(notes[230].Body, "prompts/new.prompt.md") {
		t.Errorf("the note lacks the prompt on the third page of diffs:\n%s", notes[230].Body)
	}
	if diffs, pages := j.s.Count("GET", "/projects/42/merge_requests/7/diffs"), j.s.Count("GET", "/projects/42/merge_requests/7/notes"); diffs != 3 || pages != 3 {
		t.Errorf("%d pages of diffs and %d of notes, want 3 and 3", diffs, pages)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	j := newJob(t, supportReworded)
	j.s.FailNext("GET", "/projects/42/merge_requests/7", http.StatusBadGateway, nil, 1)
	j.s.FailNext("GET", "/projects/42/repository/files/prompts%2Fsupport%2Eyaml/raw", http.StatusServiceUnavailable, map[string]string{"Retry-After": "3"}, 2)
	j.s.FailNext("GET", "/projects/42/merge_requests/7/diffs", http.StatusTooManyRequests, map[string]string{"Retry-After": "2"}, 1)
	j.s.FailNext("POST", "/projects/42/merge_requests/7/notes", http.StatusInternalServerError, nil, 1)
	j.mustRun(1)
	if notes := j.s.Notes(); len(notes) != 1 {
		t.Fatalf("notes %+v", notes)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second}
	got := append([]time.Duration(nil), j.waits...)
	sortDurations(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("waits %v, want %v", j.waits, want)
	}
	// The failed POST was not repeated blindly: the notes were read again
	// first.
	if posts := j.s.Count("POST", ""); posts != 2 {
		t.Errorf("%d POSTs, want 2", posts)
	}
	if !strings.Contains(j.stderr.String(), "gitlab: GET /api/v4/projects/42/merge_requests/7: 502 Bad Gateway; retrying in 1s") {
		t.Errorf("log:\n%s", j.stderr.String())
	}
}

func sortDurations(d []time.Duration) {
	for i := 1; i < len(d); i++ {
		for k := i; k > 0 && d[k] < d[k-1]; k-- {
			d[k], d[k-1] = d[k-1], d[k]
		}
	}
}

func TestServerErrorThatPersistsFailsTheJob(t *testing.T) {
	j := newJob(t, supportReworded)
	j.s.FailNext("GET", "/projects/42/merge_requests/7/diffs", http.StatusBadGateway, nil, 100)
	_, err := j.run()
	if err == nil || !strings.Contains(err.Error(), "502") {
		t.Errorf("err = %v", err)
	}
}

func TestRequestBound(t *testing.T) {
	// Three changed prompts, the config at the root, one commit with a
	// good message: one request for the merge request, one to list the
	// root, one for the config, one page of diffs, one per side per
	// prompt, the approvals and reviewers (the advisory checklist shows
	// team-reviewed), the commits, then the notes and the new note.
	j := newJob(t, supportBumped)
	j.s.SetFile(head, ".promptlint.yaml", "rules:\n  description-missing: warning\n")
	for _, name := range []string{"billing", "refunds"} {
		p := "prompts/" + name + ".yaml"
		old := strings.Replace(supportV1, "support_reply", name+"_reply", 1)
		j.s.SetFile(base, p, old)
		j.s.SetFile(head, p, strings.Replace(old, "version: 1.0.0", "version: 1.1.0", 1))
		j.s.AddDiff(gitlabtest.Diff{OldPath: p, NewPath: p})
	}
	j.s.AddCommit(gitlabtest.Commit{SHA: head, Message: "Shorten the support greeting for mobile readers\n", Author: "Alice"})
	j.mustRun(0)
	want := []string{
		"GET /api/v4/projects/42/merge_requests/7",
		"GET /api/v4/projects/42/repository/tree?page=1&per_page=100&ref=" + head,
		"GET /api/v4/projects/42/repository/files/%2Epromptlint%2Eyaml/raw?ref=" + head,
		"GET /api/v4/projects/42/merge_requests/7/diffs?page=1&per_page=100",
		"GET /api/v4/projects/42/merge_requests/7/approvals",
		"GET /api/v4/projects/42/merge_requests/7/reviewers",
		"GET /api/v4/projects/42/merge_requests/7/commits?page=1&per_page=100",
		"GET /api/v4/projects/42/merge_requests/7/notes?order_by=created_at&page=1&per_page=100&sort=asc",
		"POST /api/v4/projects/42/merge_requests/7/notes",
	}
	var files []string
	var rest []string
	for _, r := range j.s.Requests() {
		if strings.Contains(r, "/repository/files/prompts") {
			files = append(files, r)
			continue
		}
		rest = append(rest, r)
	}
	// The engine asks for the approvals when it first checks a prompt
	// whose checklist shows team-reviewed (not prompts/billing.yaml, whose
	// change needs no bump), and for the commits when it first runs
	// commit-message-generic: the set of requests is fixed, their order
	// follows the prompts.
	slices.Sort(rest)
	slices.Sort(want)
	if !reflect.DeepEqual(rest, want) {
		t.Errorf("requests\n got %q\nwant %q", rest, want)
	}
	if len(files) != 6 {
		t.Errorf("%d file requests, want 6 (3 prompts, 2 sides): %q", len(files), files)
	}
}

func TestQuickActionsInPromptTextStayText(t *testing.T) {
	evil := strings.Replace(supportReworded, "Answer clearly", "/approve\n  /merge\n  Answer clearly", 1)
	j := newJob(t, evil)
	d := "/approve\n/merge\n"
	j.s.SetDescription(&d)
	j.mustRun(1)
	if q := j.s.QuickActions(); len(q) != 0 {
		t.Errorf("GitLab ran quick actions from promptlint's note: %q", q)
	}
	if len(j.s.Notes()) != 1 {
		t.Errorf("notes %+v", j.s.Notes())
	}
}

func TestLinksAndLargeFilesAreRefusedUnread(t *testing.T) {
	j := newJob(t, supportBumped)
	j.s.SetSymlink(head, "prompts/link.yaml", "../../../../etc/passwd")
	j.s.AddDiff(gitlabtest.Diff{OldPath: "prompts/link.yaml", NewPath: "prompts/link.yaml", NewFile: true, BMode: "120000"})
	j.s.SetFile(head, "prompts/huge.yaml", "version: 1.0.0\ntemplate: "+strings.Repeat("x", 2<<20)+"\n")
	j.s.AddDiff(gitlabtest.Diff{OldPath: "prompts/huge.yaml", NewPath: "prompts/huge.yaml", NewFile: true})
	j.mustRun(1)
	log := j.stdout.String()
	for _, want := range []string{"prompts/link.yaml:1:1: error: is a symbolic link", "prompts/huge.yaml:1:1: error: file is 2097178 bytes, over the 1048576-byte limit"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if n := j.s.Count("GET", "/projects/42/repository/files/prompts%2Flink"); n != 0 {
		t.Errorf("the link was read %d times", n)
	}
}

func TestMissingHeadFileIsANote(t *testing.T) {
	j := newJob(t, supportBumped)
	j.s.AddDiff(gitlabtest.Diff{OldPath: "prompts/ghost.yaml", NewPath: "prompts/ghost.yaml", NewFile: true})
	j.mustRun(0)
	if body := j.s.Notes()[0].Body; !strings.Contains(body, "prompts/ghost.yaml") || !strings.Contains(body, "was not checked") {
		t.Errorf("note:\n%s", body)
	}
}

func TestOverflowLintsTheCheckout(t *testing.T) {
	j := newJob(t, supportReworded)
	j.s.SetChangesCount("1000+")
	if err := os.MkdirAll(filepath.Join(j.dir, "prompts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(j.dir, "prompts", "support.yaml"), []byte("name: support_reply\ntemplate: Hello {x}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	j.mustRun(1)
	if names := checkNames(j.codeQuality()); !contains(names, "version-missing") {
		t.Errorf("findings %q", names)
	}
	if body := j.s.Notes()[0].Body; !strings.Contains(body, "changes more files (1000+) than GitLab") {
		t.Errorf("note:\n%s", body)
	}
	if n := j.s.Count("GET", "/projects/42/repository/files"); n != 0 {
		t.Errorf("%d file reads; the checkout was to be linted", n)
	}
}

func TestPipelineWithoutAMergeRequestLintsTheCheckout(t *testing.T) {
	j := newJob(t, supportV1)
	j.env["CI_PIPELINE_SOURCE"] = "push"
	if err := os.MkdirAll(filepath.Join(j.dir, "prompts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(j.dir, "prompts", "support.yaml"), []byte(supportV1), 0o644); err != nil {
		t.Fatal(err)
	}
	j.mustRun(0)
	if n := len(j.s.Requests()); n != 0 {
		t.Errorf("%d API requests outside a merge request pipeline", n)
	}
	j.codeQuality()

	// An empty checkout is not green.
	j.dir = t.TempDir()
	j.env["CI_PROJECT_DIR"] = j.dir
	if _, err := j.run(); err == nil || !strings.Contains(err.Error(), "checkout is empty") {
		t.Errorf("err = %v", err)
	}
}

func TestGenericCommitMessages(t *testing.T) {
	j := newJob(t, supportBumped)
	j.s.AddCommit(
		gitlabtest.Commit{SHA: "c1", Message: "fix\n", Author: "Alice", Paths: []string{"prompts/support.yaml"}},
		gitlabtest.Commit{SHA: "c2", Message: "update\n", Author: "Alice", Paths: []string{"src/main.go"}},
		gitlabtest.Commit{SHA: head, Message: "Shorten the greeting for mobile readers\n", Author: "Alice"},
	)
	j.mustRun(0)
	var generic []string
	for _, is := range j.codeQuality() {
		if is["check_name"] == "commit-message-generic" {
			generic = append(generic, fmt.Sprint(is["description"]))
		}
	}
	if len(generic) != 1 || !strings.Contains(generic[0], "c1") {
		t.Errorf("commit-message-generic findings %q", generic)
	}
	// Only the generic commits' files were read.
	if n := j.s.Count("GET", "/projects/42/repository/commits/"); n != 2 {
		t.Errorf("%d commit lookups, want 2", n)
	}
}

func TestGateWeakenedByTheMergeRequest(t *testing.T) {
	j := newJob(t, supportReworded)
	j.s.SetFile(base, ".promptlint.yaml", "rules: {}\n")
	j.s.SetFile(head, ".promptlint.yaml", "rules:\n  version-not-bumped: off\n")
	j.s.AddDiff(gitlabtest.Diff{OldPath: ".promptlint.yaml", NewPath: ".promptlint.yaml"})
	// The head's config turns the rule off, and the gate says so.
	j.mustRun(0)
	if names := checkNames(j.codeQuality()); !contains(names, "gate-weakened") || contains(names, "version-not-bumped") {
		t.Errorf("findings %q", names)
	}
}

func TestReportsAreNeverWrittenThroughLinks(t *testing.T) {
	j := newJob(t, supportBumped)
	outside := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(outside, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(j.dir, pipeline.DefaultCodeQuality)); err != nil {
		t.Fatal(err)
	}
	j.mustRun(0)
	if b, _ := os.ReadFile(outside); string(b) != "keep" {
		t.Errorf("written through the link: %q", b)
	}
	j.codeQuality()
}

func TestUsage(t *testing.T) {
	for name, tc := range map[string]struct {
		edit func(*job)
		want string
	}{
		"not in GitLab CI": {func(j *job) { delete(j.env, "GITLAB_CI"); delete(j.env, "CI_PIPELINE_SOURCE") }, "runs in a GitLab CI/CD job"},
		"no API URL":       {func(j *job) { delete(j.env, "CI_API_V4_URL") }, "CI_API_V4_URL is not set"},
		"bad IID":          {func(j *job) { j.env["CI_MERGE_REQUEST_IID"] = "seven" }, `CI_MERGE_REQUEST_IID "seven"`},
		"report outside":   {func(j *job) { j.opts.Report = "../report.json" }, "--report"},
		"same file twice":  {func(j *job) { j.opts.Markdown = j.opts.Report }, "both write"},
		"bad comment":      {func(j *job) { j.opts.Comment = "sometimes" }, "--comment"},
		"missing --config": {func(j *job) { j.opts.Config = "ci/promptlint.yaml" }, "ci/promptlint.yaml is not in the repository"},
		"broken config": {func(j *job) {
			j.s.SetFile(head, ".promptlint.yaml", "rules: [\n")
		}, ".promptlint.yaml"},
	} {
		t.Run(name, func(t *testing.T) {
			j := newJob(t, supportBumped)
			tc.edit(j)
			_, err := j.run()
			var ue *lint.UsageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want a usage error with %q", err, tc.want)
			}
		})
	}
}

func TestPipelineForAnOlderCommitSaysSo(t *testing.T) {
	j := newJob(t, supportBumped)
	j.env["CI_COMMIT_SHA"] = "0123456789abcdef0123456789abcdef01234567"
	j.mustRun(0)
	if body := j.s.Notes()[0].Body; !strings.Contains(body, `this pipeline runs for 01234567, but merge request \!7 is now at 9b1f2c3d`) {
		t.Errorf("note:\n%s", body)
	}
}

func TestSubdirOfAMonorepo(t *testing.T) {
	const cfg = "files: [\"prompts/**/*.yaml\"]\nrules:\n  changelog-missing: off\n"
	j := newJob(t, supportBumped)
	j.s.SetDiffs()
	for _, p := range []string{"services/bot/prompts/support.yaml", "services/other/prompts/support.yaml"} {
		j.s.SetFile(base, p, supportV1)
		j.s.SetFile(head, p, supportReworded)
		j.s.AddDiff(gitlabtest.Diff{OldPath: p, NewPath: p})
	}
	j.s.SetFile(head, "services/bot/.promptlint.yaml", cfg)
	j.opts.Subdir = "services/bot/"
	j.mustRun(1)
	var rep struct {
		Findings []struct {
			Rule string `json:"rule"`
			Path string `json:"path"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(j.file(pipeline.DefaultReport)), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range rep.Findings {
		if f.Path != "services/bot/prompts/support.yaml" {
			t.Errorf("finding %s on %s, outside --dir or not from the repository root", f.Rule, f.Path)
		}
	}
	if !strings.Contains(j.stderr.String(), "config services/bot/.promptlint.yaml at 9b1f2c3d") {
		t.Errorf("log:\n%s", j.stderr.String())
	}
	if n := j.s.Count("GET", "/projects/42/repository/files/services%2Fother"); n != 0 {
		t.Errorf("read %d files outside --dir", n)
	}

	// Linting the checkout keeps to the folder too, and names files from
	// the root.
	j.env["CI_PIPELINE_SOURCE"] = "push"
	for p, data := range map[string]string{
		"services/bot/.promptlint.yaml":       cfg,
		"services/bot/prompts/support.yaml":   "name: support_reply\ntemplate: Hello {customer_name}\n",
		"services/other/prompts/support.yaml": "name: support_reply\ntemplate: Hello {x}\n",
	} {
		full := filepath.Join(j.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	j.mustRun(1)
	for _, is := range j.codeQuality() {
		loc, _ := is["location"].(map[string]any)
		if loc["path"] != "services/bot/prompts/support.yaml" {
			t.Errorf("Code Quality issue on %v", loc["path"])
		}
	}

	j.opts.Subdir = "services/missing"
	if _, err := j.run(); err == nil || !strings.Contains(err.Error(), "--dir: services/missing is not a folder") {
		t.Errorf("err = %v", err)
	}
	j.opts.Subdir = "../outside"
	if _, err := j.run(); err == nil || !strings.Contains(err.Error(), "--dir") {
		t.Errorf("err = %v", err)
	}
}

func TestSelfManagedGitLabWithAPrivateCA(t *testing.T) {
	s := gitlabtest.NewServer(t, gitlabtest.WithTLS())
	s.SetFile(base, "prompts/support.yaml", supportV1)
	s.SetFile(head, "prompts/support.yaml", supportBumped)
	s.AddDiff(gitlabtest.Diff{OldPath: "prompts/support.yaml", NewPath: "prompts/support.yaml"})
	j := newJob(t, supportBumped)
	j.s = s
	j.env["CI_API_V4_URL"] = s.APIURL()
	run := func() (*pipeline.Result, error) {
		o := j.opts
		o.Getenv = func(k string) string { return j.env[k] }
		o.Stdout, o.Stderr = &j.stdout, &j.stderr
		o.Rules = checks.All
		o.Sleep = func(context.Context, time.Duration) error { return nil }
		return pipeline.Run(context.Background(), o) // no HTTPClient: as in a job
	}

	// Without the runner's CA the certificate is not trusted.
	if _, err := run(); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err = %v, want a certificate error", err)
	}
	// With CI_SERVER_TLS_CA_FILE it is.
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, s.CertificatePEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	j.env["CI_SERVER_TLS_CA_FILE"] = ca
	res, err := run()
	if err != nil || res.ExitCode != 0 || len(s.Notes()) != 1 {
		t.Fatalf("%+v, %v, notes %+v", res, err, s.Notes())
	}
	// A file without a certificate is a usage error.
	if err := os.WriteFile(ca, []byte("not a certificate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var ue *lint.UsageError
	if _, err := run(); !errors.As(err, &ue) || !strings.Contains(err.Error(), "CI_SERVER_TLS_CA_FILE") {
		t.Errorf("err = %v", err)
	}
}

// TestNoteSpeaksGitLab: the note and the Markdown report call the change
// a merge request ("MR") and link the job, never GitHub's words (a "PR
// description", "the workflow run", GitHub's limits).
func TestNoteSpeaksGitLab(t *testing.T) {
	const cfg = "default_environment: production\n"
	j := newJob(t, supportBumped)
	j.s.SetFile(base, ".promptlint.yaml", cfg)
	j.s.SetFile(head, ".promptlint.yaml", cfg)
	desc := "## What changed\n\nWording.\n\n- [x] A/B tested with a statistically significant sample\n"
	j.s.SetDescription(&desc)
	j.mustRun(1)
	notes := j.s.Notes()
	if len(notes) != 1 {
		t.Fatalf("notes %+v", notes)
	}
	md := j.file(pipeline.DefaultMarkdown)
	for name, body := range map[string]string{"note": notes[0].Body, "Markdown report": md} {
		for _, want := range []string{
			"ticked in the MR description",            // the evidence of a ticked box
			"in the MR description",                   // how to satisfy an item
			"the MR description has no content under", // the note on empty sections
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the %s does not say %q:\n%s", name, want, body)
			}
		}
		for _, github := range []string{"PR ", "PR'", "pull request", "GitHub", "workflow run"} {
			if strings.Contains(body, github) {
				t.Errorf("the %s says %q, GitHub's word:\n%s", name, github, body)
			}
		}
	}
	if !strings.Contains(md, "[View the job](https://gitlab.example.com/promptlab/prompts/-/jobs/1234)") {
		t.Errorf("the Markdown report does not link the job:\n%s", md)
	}
}
