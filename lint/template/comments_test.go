package template

import (
	"reflect"
	"testing"
)

// TestComments: Scan reports the comments each engine drops, with their
// text and where they start and end, and nothing that the engine renders
// (a raw block, an escaped tag, GitHub Models text).
func TestComments(t *testing.T) {
	tests := []struct {
		syntax Syntax
		text   string
		want   []Comment
	}{
		{Jinja, "a {# one #}\n{#- two -#} {% raw %}{# not #}{% endraw %}", []Comment{
			{Text: " one ", Pos: Pos{Offset: 2, Line: 1, Col: 3}, End: Pos{Offset: 11, Line: 1, Col: 12}},
			{Text: " two -", Pos: Pos{Offset: 12, Line: 2, Col: 1}, End: Pos{Offset: 23, Line: 2, Col: 12}},
		}},
		{Handlebars, "{{!-- a -- b --}} {{! c }} \\{{! d}} {{~! e ~}}", []Comment{
			{Text: " a -- b ", Pos: Pos{Offset: 0, Line: 1, Col: 1}, End: Pos{Offset: 17, Line: 1, Col: 18}},
			{Text: " c ", Pos: Pos{Offset: 18, Line: 1, Col: 19}, End: Pos{Offset: 26, Line: 1, Col: 27}},
			{Text: " e ", Pos: Pos{Offset: 36, Line: 1, Col: 37}, End: Pos{Offset: 46, Line: 1, Col: 47}},
		}},
		{Mustache, "x {{! m }} y", []Comment{
			{Text: " m ", Pos: Pos{Offset: 2, Line: 1, Col: 3}, End: Pos{Offset: 10, Line: 1, Col: 11}},
		}},
		{GitHubModels, "{{! not a comment }} {{name}}", nil},
		{Python, "{# not #}", nil},
	}
	for _, tt := range tests {
		got := Scan(tt.syntax, tt.text).Comments
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %q:\n got %+v\nwant %+v", tt.syntax, tt.text, got, tt.want)
		}
	}
}
