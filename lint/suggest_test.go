package lint

import "testing"

func TestSuggest(t *testing.T) {
	cands := []string{"files", "exclude", "rules", "ignore", "naming", "tokens", "versions", "environments", "default_environment"}
	for _, tt := range []struct{ in, want string }{
		{"rule", "rules"},
		{"rulse", "rules"}, // swapped neighbours
		{"enviroments", "environments"},
		{"default_env", "default_environment"}, // a unique prefix
		{"tokenz", "tokens"},
		{"x", ""},
		{"completely_different", ""},
		{"rules", ""}, // itself is not a suggestion
	} {
		if got := Suggest(tt.in, cands); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := DidYouMean("lnit", []string{"lint", "check"}); got != ` (did you mean "lint"?)` {
		t.Errorf("DidYouMean = %q", got)
	}
	if got := EditDistance("lnit", "lint"); got != 1 {
		t.Errorf("EditDistance(lnit, lint) = %d, want 1 (a swap)", got)
	}
}
