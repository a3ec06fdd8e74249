package output

import (
	"fmt"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// SuggestionMarker is the first line of every review comment promptlint
// posts with a suggested change; a review comment is promptlint's only
// when its first line is exactly this.
const SuggestionMarker = "<!-- promptlint:suggestion -->"

// ReviewMarker is the first line of the body of promptlint's reviews.
const ReviewMarker = "<!-- promptlint:review -->"

// IsSuggestion reports whether a review comment's body is one of
// promptlint's suggestions (see SuggestionMarker).
func IsSuggestion(body string) bool {
	line, _, _ := strings.Cut(body, "\n")
	return strings.TrimSuffix(line, "\r") == SuggestionMarker
}

// SuggestionComment is the body of the review comment that suggests s:
// the marker, the finding (rule, severity and message, escaped like the
// PR comment's text), and the new lines in a suggestion block. The lines
// are written as they are, since committing the suggestion writes them;
// the block's fence is longer than any backtick run in them, so they
// cannot close it.
func SuggestionComment(s lint.Suggestion) string {
	f := s.Finding
	fence := strings.Repeat("`", max(3, longestRun(s.Text, '`')+1))
	text := s.Text
	if text != "" {
		text += "\n"
	}
	return fmt.Sprintf("%s\n**%s** (%s): %s\n\n%s\n%ssuggestion\n%s%s\n", SuggestionMarker, mdText(f.Rule), f.Severity, mdText(f.Message), mdText(f.Fix.Message), fence, text, fence)
}

// ReviewBody is the body of promptlint's review of n suggestions.
func ReviewBody(n int) string {
	what := "a finding"
	if n > 1 {
		what = fmt.Sprintf("%d findings", n)
	}
	return fmt.Sprintf("%s\npromptlint can fix %s on lines this pull request changes: commit the suggestions below, or run `promptlint fix` locally (`promptlint check --base <base branch> --fix` for version bumps). The next run replaces these suggestions.\n", ReviewMarker, what)
}

// ReviewSuperseded is the body a review of promptlint's gets once a later
// run has replaced its suggestions.
const ReviewSuperseded = ReviewMarker + "\npromptlint's suggestions here were replaced by a later run's review.\n"
