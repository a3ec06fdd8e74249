package template

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestParseSyntax(t *testing.T) {
	cases := map[string]Syntax{
		"python": Python, " Format ": Python, "fstring": Python, "mustache": Mustache,
		"hbs": Handlebars, "dotprompt": Handlebars, "jinja": Jinja, "nunjucks": Jinja,
		"gh-models": GitHubModels, "copilot": VSCode,
	}
	for in, want := range cases {
		if got, ok := ParseSyntax(in); !ok || got != want {
			t.Errorf("ParseSyntax(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseSyntax("erb"); ok {
		t.Error(`ParseSyntax("erb") accepted`)
	}
}

// TestCollectorFinish: Finish sorts uses and errors by offset, fills in
// every position, and marks the uses that start a GitHub Actions
// expression; an empty name is no use, and a partial is recorded once.
func TestCollectorFinish(t *testing.T) {
	text := "a ${{ github.sha }}\n{b} {c"
	var c Collector
	c.Use("b", "b", 21)
	c.Use("github", "github.sha", 6)
	c.Use("", "", 0)
	c.Errorf(25, "unclosed %q", "{")
	c.Errorf(2, "fixed message with no arguments")
	c.Comment(20, 23, "b")
	c.Partial("p")
	c.Partial("p")
	r := c.Finish(text)
	if len(r.Uses) != 2 || r.Uses[0].Name != "github" || !r.Uses[0].Actions || r.Uses[1].Actions ||
		r.Uses[0].Pos != (Pos{Offset: 6, Line: 1, Col: 7}) || r.Uses[1].Pos != (Pos{Offset: 21, Line: 2, Col: 2}) {
		t.Errorf("uses = %+v", r.Uses)
	}
	if len(r.Errors) != 2 || r.Errors[0].Pos.Offset != 2 || r.Errors[1].Msg != `unclosed "{"` || r.Errors[1].Pos != (Pos{Offset: 25, Line: 2, Col: 6}) {
		t.Errorf("errors = %+v", r.Errors)
	}
	if len(r.Comments) != 1 || r.Comments[0].End != (Pos{Offset: 23, Line: 2, Col: 4}) {
		t.Errorf("comments = %+v", r.Comments)
	}
	if len(r.Partials) != 1 {
		t.Errorf("partials = %q", r.Partials)
	}
	if got := r.Names(); len(got) != 2 || got[0] != "github" {
		t.Errorf("names = %q", got)
	}
}

func TestExcerpt(t *testing.T) {
	for in, want := range map[string]string{
		"short":                          "short",
		"first line\nsecond":             "first line",
		"abcdefghijklmnopqrstuvwxyz0123": "abcdefghijklmnopqrstuvwx…",
		strings.Repeat("é", 200):         strings.Repeat("é", 24) + "…",
	} {
		if got := Excerpt(in); got != want {
			t.Errorf("Excerpt(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestJSONValue checks that any decoded value converts to one
// encoding/json writes, with no Go formatting in keys or values, and that
// nesting is bounded.
func TestJSONValue(t *testing.T) {
	deep := any("leaf")
	for range 100 {
		deep = []any{deep}
	}
	for _, tc := range []struct {
		v    any
		want string
	}{
		{map[string]any{"b": 1, "a": []any{nil, 1.5}}, `{"a":[null,1.5],"b":1}`},
		{map[any]any{nil: "x", 2: "y", false: "z", 1.5: "w"}, `{"1.5":"w","2":"y","false":"z","null":"x"}`},
		{[]any{math.NaN(), math.Inf(1), float32(0.5)}, `["NaN","+Inf",0.5]`},
		{deep, strings.Repeat("[", 65) + `"…"` + strings.Repeat("]", 65)},
	} {
		b, err := json.Marshal(JSONValue(tc.v))
		if err != nil {
			t.Fatalf("%#v: %v", tc.v, err)
		}
		if string(b) != tc.want {
			t.Errorf("JSONValue(%v) = %s, want %s", tc.v, b, tc.want)
		}
	}
}

// TestAppend: Append keeps every value in order, as append does, and a
// slice it grows at least doubles, so n appends copy O(n) items.
func TestAppend(t *testing.T) {
	var s []int
	grows := 0
	for i := range 100_000 {
		before := cap(s)
		s = Append(s, i)
		if cap(s) != before {
			grows++
			if before > 0 && cap(s) < 2*before {
				t.Fatalf("capacity grew from %d to %d, want at least double", before, cap(s))
			}
		}
	}
	for i, v := range s {
		if v != i {
			t.Fatalf("s[%d] = %d", i, v)
		}
	}
	if grows > 20 {
		t.Errorf("%d reallocations for 100,000 appends, want at most 20", grows)
	}
}
