package lint

import "testing"

// TestPromptyRole: the colon check in front of the regexp changes no
// answer: a line is a role line exactly when Prompty's pattern matches it.
func TestPromptyRole(t *testing.T) {
	lines := []string{
		"user:", "system:", " # System [name=a b] :  \t", "USER :", "assistant:\r",
		"tool[x]:", "developer : ", "user: hi", "user:\v", "users:", "::", ":", "",
		"user", "# user", "function:\f", "Answer the question: briefly.", "user:x:",
	}
	for _, l := range lines {
		want := promptyRoleRE.FindStringSubmatch(l)
		got := promptyRole(l)
		if (got == nil) != (want == nil) || len(got) > 1 && got[1] != want[1] {
			t.Errorf("promptyRole(%q) = %q, the pattern gives %q", l, got, want)
		}
	}
}
