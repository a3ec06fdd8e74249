package checks

import (
	"path"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// VariableUnused reports declared variables the template never uses.
var VariableUnused = &lint.Rule{
	ID:       "variable-unused",
	Severity: lint.Warning,
	Doc: `A declared variable (or one given a default) is never used in the template.

An unused input is dead weight at best; more often it is a placeholder
deleted by mistake, or a rename done in the declaration but not in the
template, and callers keep sending a value the model never sees. Use the
variable or remove its declaration (removing a variable is a breaking
change: bump the major version). Variables of a Dotprompt template count as
used when a partial it includes uses them (when an included partial is not
among the files linted, the prompt is not checked), and Prompty inputs
count as used when a tool binding passes them on
("bindings: {unit: {input: preferred_unit}}"). The finding points at the
declaration.

Bad:

    -- prompts/answer.yaml --
    version: 1.0.0
    variables:
      question: null
      tone: friendly
    template: "Answer {question}."

Good:

    -- prompts/answer.yaml --
    version: 1.0.0
    variables:
      question: null
      tone: friendly
    template: "Answer {question} in a {tone} tone."`,
	Run: runVariableUnused,
}

func runVariableUnused(pass *lint.Pass) {
	p := pass.Prompt
	if !p.Declares {
		return
	}
	used, ok := usedWithPartials(p, pass.All)
	if !ok {
		return
	}
	boundInputs(p.Meta, false, used)
	for _, v := range p.Variables {
		if used[v.Name] || v.Name == "(*)" || v.Name == "*" {
			continue
		}
		pos := v.Pos
		if !pos.IsValid() {
			pos = promptPos(p)
		}
		if v.HasDefault {
			pass.Reportf(pos, "variable %q has a default but is never used in the template", v.Name)
			continue
		}
		pass.Reportf(pos, "variable %q is declared but never used in the template", v.Name)
	}
}

// usedWithPartials returns the names p's template uses, with those of the
// partials it includes, transitively. ok is false when a partial is not
// among all.
func usedWithPartials(p *lint.Prompt, all func() []*lint.Prompt) (used map[string]bool, ok bool) {
	used = map[string]bool{}
	seen := map[*lint.Prompt]bool{}
	queue := []*lint.Prompt{p}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		if seen[q] {
			continue
		}
		seen[q] = true
		for _, u := range q.Uses {
			used[u.Name] = true
		}
		for _, name := range q.Partials {
			part := findPartial(name, q, all()) // the repository, read only now
			if part == nil {
				return nil, false
			}
			queue = append(queue, part)
		}
	}
	return used, true
}

// findPartial finds the Dotprompt partial a prompt includes as {{> name}}:
// a file _name.prompt (or name.prompt) in the including file's directory or
// a parent of it, nearest first.
func findPartial(name string, from *lint.Prompt, all []*lint.Prompt) *lint.Prompt {
	var best *lint.Prompt
	bestDepth := -1
	dir := path.Dir(from.Path)
	for _, q := range all {
		if q.Format != lint.FormatDotprompt || q == from {
			continue
		}
		if dotpromptName(q.Path) != name {
			continue
		}
		qd := path.Dir(q.Path)
		if qd == "." || qd == dir || strings.HasPrefix(dir+"/", qd+"/") || strings.HasPrefix(qd+"/", dir+"/") {
			depth := strings.Count(qd, "/")
			if best == nil || depth > bestDepth {
				best, bestDepth = q, depth
			}
		}
	}
	return best
}

// dotpromptName is the name a Dotprompt file is known by: its base name
// without ".prompt", the variant ("name.variant.prompt") and a partial's
// leading underscore.
func dotpromptName(p string) string {
	base := strings.TrimSuffix(path.Base(p), ".prompt")
	base, _, _ = strings.Cut(base, ".")
	return strings.TrimPrefix(base, "_")
}

// boundInputs adds to used the inputs that tool bindings pass on: the
// "input" values under any "bindings" key of a Prompty file.
func boundInputs(v any, inBindings bool, used map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && inBindings && k == "input" {
				used[s] = true
				continue
			}
			boundInputs(x, inBindings || k == "bindings", used)
		}
	case []any:
		for _, x := range v {
			boundInputs(x, inBindings, used)
		}
	}
}
