package gitlab

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// MaxDiffPages bounds the pages of a merge request's diffs that are read:
// 100 pages of 100 files, past any diff limit GitLab applies.
const MaxDiffPages = 100

// MaxCommitPages bounds the pages of a merge request's commits that are
// read (100 a page).
const MaxCommitPages = 10

// maxCommitDiffPages bounds the pages of one commit's files (100 a page).
const maxCommitDiffPages = 30

// MergeRequest is the part of a merge request that promptlint reads.
type MergeRequest struct {
	IID             int
	ProjectID       int64 // the target project
	SourceProjectID int64
	TargetProjectID int64
	Title           string
	Description     string // "" when null
	State           string // opened, closed, locked or merged
	Draft           bool
	Author          string // username
	SourceBranch    string
	TargetBranch    string
	SHA             string // the head of the source branch
	// BaseSHA is the merge base the diff starts from, HeadSHA the commit
	// it ends at, StartSHA the target branch's head when the diff was
	// made (diff_refs). They are empty while GitLab is still preparing a
	// new merge request.
	BaseSHA, HeadSHA, StartSHA string
	// ChangesCount is GitLab's count of changed files, a string: "12",
	// or "1000+" when the diff is over GitLab's limits and lists only
	// part of them.
	ChangesCount string
	WebURL       string
}

// Fork reports whether the merge request comes from another project.
func (m *MergeRequest) Fork() bool {
	return m.SourceProjectID != 0 && m.SourceProjectID != m.TargetProjectID
}

// Overflow reports whether the merge request changes more files than
// GitLab's diff lists (its ChangesCount ends in "+").
func (m *MergeRequest) Overflow() bool {
	return strings.HasSuffix(m.ChangesCount, "+")
}

type user struct {
	Username string `json:"username"`
}

func mrPath(project string, iid int) string {
	return "projects/" + ProjectPath(project) + "/merge_requests/" + strconv.Itoa(iid)
}

// MergeRequest reads merge request iid of project (a numeric ID or a
// namespaced path).
func (c *Client) MergeRequest(ctx context.Context, project string, iid int) (*MergeRequest, error) {
	var mr struct {
		IID             int     `json:"iid"`
		ProjectID       int64   `json:"project_id"`
		SourceProjectID int64   `json:"source_project_id"`
		TargetProjectID int64   `json:"target_project_id"`
		Title           string  `json:"title"`
		Description     *string `json:"description"`
		State           string  `json:"state"`
		Draft           bool    `json:"draft"`
		Author          *user   `json:"author"`
		SourceBranch    string  `json:"source_branch"`
		TargetBranch    string  `json:"target_branch"`
		SHA             string  `json:"sha"`
		DiffRefs        *struct {
			BaseSHA  string `json:"base_sha"`
			HeadSHA  string `json:"head_sha"`
			StartSHA string `json:"start_sha"`
		} `json:"diff_refs"`
		ChangesCount *string `json:"changes_count"`
		WebURL       string  `json:"web_url"`
	}
	if _, err := c.do(ctx, http.MethodGet, mrPath(project, iid), nil, nil, &mr); err != nil {
		return nil, fmt.Errorf("reading merge request !%d of project %s: %w", iid, project, err)
	}
	out := &MergeRequest{
		IID: mr.IID, ProjectID: mr.ProjectID, SourceProjectID: mr.SourceProjectID, TargetProjectID: mr.TargetProjectID,
		Title: mr.Title, State: mr.State, Draft: mr.Draft, SourceBranch: mr.SourceBranch, TargetBranch: mr.TargetBranch,
		SHA: mr.SHA, WebURL: mr.WebURL,
	}
	if mr.Description != nil {
		out.Description = *mr.Description
	}
	if mr.Author != nil {
		out.Author = mr.Author.Username
	}
	if mr.DiffRefs != nil {
		out.BaseSHA, out.HeadSHA, out.StartSHA = mr.DiffRefs.BaseSHA, mr.DiffRefs.HeadSHA, mr.DiffRefs.StartSHA
	}
	if mr.ChangesCount != nil {
		out.ChangesCount = *mr.ChangesCount
	}
	return out, nil
}

// Diff is one file a merge request or a commit changes.
type Diff struct {
	OldPath string `json:"old_path"`
	NewPath string `json:"new_path"`
	// AMode and BMode are the git modes before and after: "100644" or
	// "100755" for a file, "120000" for a symbolic link, "160000" for a
	// submodule, "0" on the side where the file does not exist.
	AMode       string `json:"a_mode"`
	BMode       string `json:"b_mode"`
	NewFile     bool   `json:"new_file"`
	RenamedFile bool   `json:"renamed_file"`
	DeletedFile bool   `json:"deleted_file"`
}

// Diffs lists the files merge request iid changes, in its latest version
// (GET .../diffs, GitLab 15.7 and later), reading up to MaxDiffPages
// pages; truncated says there are more. When the merge request's
// ChangesCount says it overflows, the list holds only the files within
// GitLab's diff limits. A GitLab older than the diffs API (a 404 for it,
// the merge request being there) is asked GET .../changes instead, whose
// overflow says the same as truncated.
func (c *Client) Diffs(ctx context.Context, project string, iid int) (diffs []Diff, truncated bool, err error) {
	diffs, truncated, err = list[Diff](ctx, c, mrPath(project, iid)+"/diffs", nil, MaxDiffPages)
	if IsNotFound(err) {
		var ch struct {
			Changes  []Diff `json:"changes"`
			Overflow bool   `json:"overflow"`
		}
		if _, cerr := c.do(ctx, http.MethodGet, mrPath(project, iid)+"/changes", nil, nil, &ch); cerr == nil {
			return ch.Changes, ch.Overflow, nil
		}
	}
	if err != nil {
		return nil, false, fmt.Errorf("listing the changes of merge request !%d: %w", iid, err)
	}
	return diffs, truncated, nil
}

// Approvals returns the usernames of the users who approved merge request
// iid, in GitLab's order.
func (c *Client) Approvals(ctx context.Context, project string, iid int) ([]string, error) {
	var a struct {
		ApprovedBy []struct {
			User *user `json:"user"`
		} `json:"approved_by"`
	}
	if _, err := c.do(ctx, http.MethodGet, mrPath(project, iid)+"/approvals", nil, nil, &a); err != nil {
		return nil, fmt.Errorf("reading the approvals of merge request !%d: %w", iid, err)
	}
	var out []string
	for _, ab := range a.ApprovedBy {
		if ab.User != nil && ab.User.Username != "" {
			out = append(out, ab.User.Username)
		}
	}
	return out, nil
}

// Reviewer is a reviewer of a merge request and where their review stands:
// unreviewed, review_started, reviewed, requested_changes, approved or
// unapproved.
type Reviewer struct {
	User  string
	State string
}

// Reviewers lists the reviewers of merge request iid.
func (c *Client) Reviewers(ctx context.Context, project string, iid int) ([]Reviewer, error) {
	var list []struct {
		User  *user  `json:"user"`
		State string `json:"state"`
	}
	if _, err := c.do(ctx, http.MethodGet, mrPath(project, iid)+"/reviewers", nil, nil, &list); err != nil {
		return nil, fmt.Errorf("reading the reviewers of merge request !%d: %w", iid, err)
	}
	var out []Reviewer
	for _, r := range list {
		if r.User != nil && r.User.Username != "" {
			out = append(out, Reviewer{User: r.User.Username, State: r.State})
		}
	}
	return out, nil
}

// Commit is one commit of a merge request.
type Commit struct {
	SHA     string `json:"id"`
	Message string `json:"message"`
	Author  string `json:"author_name"`
}

// Commits lists the commits of merge request iid, oldest first (GitLab
// lists the newest first), up to MaxCommitPages pages; truncated says
// there are more.
func (c *Client) Commits(ctx context.Context, project string, iid int) (commits []Commit, truncated bool, err error) {
	commits, truncated, err = list[Commit](ctx, c, mrPath(project, iid)+"/commits", nil, MaxCommitPages)
	if err != nil {
		return nil, false, fmt.Errorf("listing the commits of merge request !%d: %w", iid, err)
	}
	slices.Reverse(commits)
	return commits, truncated, nil
}

// CommitPaths returns the paths a commit changes (for a rename, both the
// old and the new path).
func (c *Client) CommitPaths(ctx context.Context, project, sha string) ([]string, error) {
	diffs, _, err := list[Diff](ctx, c, "projects/"+ProjectPath(project)+"/repository/commits/"+url.PathEscape(sha)+"/diff", nil, maxCommitDiffPages)
	if err != nil {
		return nil, fmt.Errorf("reading the files of commit %s: %w", sha, err)
	}
	var paths []string
	for _, d := range diffs {
		paths = append(paths, d.NewPath)
		if d.OldPath != "" && d.OldPath != d.NewPath {
			paths = append(paths, d.OldPath)
		}
	}
	return paths, nil
}
