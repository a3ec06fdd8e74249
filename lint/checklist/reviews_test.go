package checklist

import (
	"reflect"
	"testing"
)

func TestEvaluateReviews(t *testing.T) {
	rv := func(order int, user, state string) Review { return Review{User: user, State: state, Order: order} }
	tests := []struct {
		name      string
		reviews   []Review
		author    string
		min       int
		ok        bool
		approvers []string
		blocking  []string
		reason    string
	}{
		{
			name:    "one approval",
			reviews: []Review{rv(1, "alice", "APPROVED")},
			author:  "octocat", min: 1, ok: true, approvers: []string{"alice"}, reason: "approved by alice",
		},
		{
			name:   "no reviews",
			author: "octocat", min: 1, reason: "0 approving reviews, 1 required",
		},
		{
			name:    "comment after approval keeps it",
			reviews: []Review{rv(1, "alice", "APPROVED"), rv(2, "alice", "COMMENTED")},
			author:  "octocat", min: 1, ok: true, approvers: []string{"alice"}, reason: "approved by alice",
		},
		{
			name:    "changes requested after approval blocks",
			reviews: []Review{rv(1, "alice", "APPROVED"), rv(2, "alice", "CHANGES_REQUESTED"), rv(3, "bob", "APPROVED")},
			author:  "octocat", min: 1, approvers: []string{"bob"}, blocking: []string{"alice"}, reason: "changes requested by alice",
		},
		{
			name:    "approval after changes requested clears the block",
			reviews: []Review{rv(1, "alice", "CHANGES_REQUESTED"), rv(2, "alice", "COMMENTED"), rv(3, "alice", "APPROVED")},
			author:  "octocat", min: 1, ok: true, approvers: []string{"alice"}, reason: "approved by alice",
		},
		{
			name:    "dismissed approval no longer counts",
			reviews: []Review{rv(1, "alice", "APPROVED"), rv(2, "alice", "DISMISSED")},
			author:  "octocat", min: 1, reason: "0 approving reviews, 1 required",
		},
		{
			name:    "dismissed change request no longer blocks",
			reviews: []Review{rv(1, "carol", "CHANGES_REQUESTED"), rv(2, "carol", "DISMISSED"), rv(3, "bob", "APPROVED")},
			author:  "octocat", min: 1, ok: true, approvers: []string{"bob"}, reason: "approved by bob",
		},
		{
			name:    "re-approval after a dismissal",
			reviews: []Review{rv(1, "alice", "APPROVED"), rv(2, "alice", "DISMISSED"), rv(3, "alice", "APPROVED")},
			author:  "octocat", min: 1, ok: true, approvers: []string{"alice"}, reason: "approved by alice",
		},
		{
			name:    "the author's approval does not count, whatever the case",
			reviews: []Review{rv(1, "OctoCat", "APPROVED")},
			author:  "octocat", min: 1, reason: "0 approving reviews, 1 required (the author's own approval does not count)",
		},
		{
			name:    "logins compare case-insensitively",
			reviews: []Review{rv(1, "Alice", "CHANGES_REQUESTED"), rv(2, "alice", "APPROVED")},
			author:  "octocat", min: 1, ok: true, approvers: []string{"alice"}, reason: "approved by alice",
		},
		{
			name:    "pending and comments are ignored",
			reviews: []Review{rv(1, "alice", "PENDING"), rv(2, "bob", "COMMENTED")},
			author:  "octocat", min: 1, reason: "0 approving reviews, 1 required",
		},
		{
			name:    "two required, one given",
			reviews: []Review{rv(1, "alice", "APPROVED"), rv(2, "alice", "APPROVED")},
			author:  "octocat", min: 2, approvers: []string{"alice"}, reason: "1 approving review, 2 required",
		},
		{
			name:    "two required, sorted approvers",
			reviews: []Review{rv(1, "zoe", "approved"), rv(2, "bob", "APPROVED"), rv(3, "", "APPROVED")},
			author:  "octocat", min: 2, ok: true, approvers: []string{"bob", "zoe"}, reason: "approved by bob, zoe",
		},
		{
			name:    "order field wins over slice order",
			reviews: []Review{rv(3, "alice", "APPROVED"), rv(1, "alice", "CHANGES_REQUESTED")},
			author:  "octocat", min: 1, ok: true, approvers: []string{"alice"}, reason: "approved by alice",
		},
		{
			name:    "equal orders keep slice order",
			reviews: []Review{{User: "alice", State: "APPROVED"}, {User: "alice", State: "CHANGES_REQUESTED"}},
			author:  "octocat", min: 1, blocking: []string{"alice"}, reason: "changes requested by alice",
		},
		{
			name:   "none required",
			author: "octocat", min: 0, ok: true, reason: "no approvals required",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, approvers, blocking, reason := EvaluateReviews(tt.reviews, tt.author, tt.min)
			if ok != tt.ok || !reflect.DeepEqual(approvers, tt.approvers) || !reflect.DeepEqual(blocking, tt.blocking) || reason != tt.reason {
				t.Errorf("EvaluateReviews = %v, %q, %q, %q\nwant %v, %q, %q, %q",
					ok, approvers, blocking, reason, tt.ok, tt.approvers, tt.blocking, tt.reason)
			}
		})
	}
}

func TestEvaluateReviewsDoesNotReorderInput(t *testing.T) {
	in := []Review{{User: "a", State: "APPROVED", Order: 2}, {User: "b", State: "APPROVED", Order: 1}}
	EvaluateReviews(in, "c", 1)
	if in[0].User != "a" {
		t.Errorf("EvaluateReviews reordered its input: %+v", in)
	}
}
