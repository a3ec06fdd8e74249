package checklist

import (
	"fmt"
	"sort"
	"strings"
)

// Review is one pull request review, as the GitHub API lists it.
type Review struct {
	User  string
	State string // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
	Order int    // position in time; reviews are sorted by it, ties keep their order
}

// EvaluateReviews decides whether a pull request is approved by its team.
// Each reviewer's latest deciding review counts: APPROVED and
// CHANGES_REQUESTED replace the reviewer's earlier state, DISMISSED cancels
// it, and COMMENTED and PENDING (or any other state) change nothing, so a
// comment after an approval leaves the approval standing. Logins compare
// case-insensitively; the PR author's own reviews never count.
//
// ok needs at least minApprovals approvers and no outstanding request for
// changes. approvers and blocking are the logins, sorted; reason is one
// lower-case line for the PR comment.
func EvaluateReviews(reviews []Review, author string, minApprovals int) (ok bool, approvers []string, blocking []string, reason string) {
	sorted := append([]Review(nil), reviews...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Order < sorted[j].Order })

	author = strings.ToLower(strings.TrimSpace(author))
	state := map[string]string{} // lower-case login → APPROVED or CHANGES_REQUESTED
	login := map[string]string{} // lower-case login → login as last written
	selfApproved := false
	for _, r := range sorted {
		user := strings.TrimSpace(r.User)
		key := strings.ToLower(user)
		if key == "" {
			continue
		}
		st := strings.ToUpper(strings.TrimSpace(r.State))
		if key == author {
			selfApproved = selfApproved || st == "APPROVED"
			continue
		}
		switch st {
		case "APPROVED", "CHANGES_REQUESTED":
			state[key] = st
			login[key] = user
		case "DISMISSED":
			delete(state, key)
		}
	}
	for key, st := range state {
		if st == "APPROVED" {
			approvers = append(approvers, login[key])
		} else {
			blocking = append(blocking, login[key])
		}
	}
	sort.Strings(approvers)
	sort.Strings(blocking)

	switch {
	case len(blocking) > 0:
		reason = "changes requested by " + strings.Join(blocking, ", ")
	case len(approvers) < minApprovals:
		reason = fmt.Sprintf("%d approving %s, %d required", len(approvers), plural(len(approvers), "review", "reviews"), minApprovals)
		if selfApproved {
			reason += " (the author's own approval does not count)"
		}
	case len(approvers) == 0:
		ok, reason = true, "no approvals required"
	default:
		ok, reason = true, "approved by "+strings.Join(approvers, ", ")
	}
	return ok, approvers, blocking, reason
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
