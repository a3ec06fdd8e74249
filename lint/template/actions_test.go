package template

import (
	"fmt"
	"testing"
)

// TestActionsExpressions: a quoted GitHub Actions expression is literal in
// GitHub Models syntax (no use, spaced or not, when rooted in an Actions
// context; no use when spaced), and a marked use in the engines that do
// substitute it; "${{price}}" stays a dollar sign and a placeholder.
func TestActionsExpressions(t *testing.T) {
	tests := []struct {
		syntax Syntax
		text   string
		want   string // the uses as name/actions
	}{
		{GitHubModels, "Pass ${{ secrets.GITHUB_TOKEN }} and ${{ github.sha }}.", "[]"},
		{GitHubModels, "Runs on ${{matrix.os}} with {{text}}.", "[text/false]"},
		{GitHubModels, "Costs ${{price}}; ${{ budget }} is literal.", "[price/false]"},
		{GitHubModels, "Say {{ name }} and ${name}.", "[name/false]"},
		{Handlebars, "Costs ${{price}}; token ${{ secrets.NPM_TOKEN }}.", "[price/false secrets/true]"},
		{Mustache, "Key ${{ github.event.number }} for {{user}}.", "[github/true user/false]"},
		{Jinja, "Payload ${{ toJSON(github.event) }}; env {{ env }}.", "[toJSON/true github/false env/false]"},
	}
	for _, tt := range tests {
		var got []string
		for _, u := range Scan(tt.syntax, tt.text).Uses {
			got = append(got, fmt.Sprintf("%s/%v", u.Name, u.Actions))
		}
		if s := fmt.Sprint(got); s != tt.want && !(len(got) == 0 && tt.want == "[]") {
			t.Errorf("%s %q: uses %s, want %s", tt.syntax, tt.text, s, tt.want)
		}
	}
}
