package checklist

import (
	"regexp"
	"strings"
	"testing"
)

// TestHowIn: each item's How calls the change request "PR" only as that
// word, so that HowIn names it as another host does.
func TestHowIn(t *testing.T) {
	word := regexp.MustCompile(`\w*PR\w*`)
	for _, it := range Items {
		for _, w := range word.FindAllString(it.How, -1) {
			if w != "PR" {
				t.Errorf("%s: How has %q, which HowIn would change too", it.ID, w)
			}
		}
		if got := it.HowIn("MR"); strings.Contains(got, "PR") || strings.Count(got, "MR") != strings.Count(it.How, "PR") {
			t.Errorf("%s: HowIn(\"MR\") = %q", it.ID, got)
		}
	}
}
