package lint

import (
	"fmt"
	"testing"
)

func TestInputsOfAnImplicitPrompt(t *testing.T) {
	p := &Prompt{Uses: []Use{{Name: "article"}, {Name: "tone", Spaced: true}, {Name: "article"}, {Name: "audience"}}}
	var names []string
	for _, v := range p.Inputs() {
		if !v.Required {
			t.Errorf("implicit input %q is not required", v.Name)
		}
		names = append(names, v.Name)
	}
	// {{ tone }} is left unsubstituted by GitHub's tools, so it is no input.
	if got := fmt.Sprint(names); got != "[article audience]" {
		t.Errorf("Inputs = %s, want [article audience]", got)
	}
	p.Declares = true
	p.Variables = []Variable{{Name: "declared"}}
	if got := p.Inputs(); len(got) != 1 || got[0].Name != "declared" {
		t.Errorf("a declaring prompt's inputs are its declarations, got %+v", got)
	}
}
