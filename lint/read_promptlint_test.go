package lint

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template"
)

// promptsListFiles are files of prompts: lists whose file keys and entry
// keys overlap in every way: each header key in the file, in the entries
// or both, extra keys, nested values, and anchors, aliases and merges
// (an entry's test data an alias of another entry).
func promptsListFiles() []string {
	fileKeys := []string{
		"version: 1.0.0", "version: [1, 2]", "version: {major: 1}", "version:", "description: the file",
		"environment: staging", "labels: [production, a]", "labels: {team: x}", "tags: solo",
		"changelog:\n  - {version: 1.0.0, date: 2024-01-01, changes: first}\n  - just text",
		"history: {1.0.0: first, 1.1.0: [a, b]}", "promptlint: {disable: [some-rule, other]}",
		"owner: someone", "metadata: {team: a, version: 3}", "syntax: jinja2", "model: gpt-4o",
		"defaults: &defaults\n  owner: merged\n  extra: [1, 2]",
	}
	entryKeys := []string{
		"name: own", "version: 2.0.0", "description: the entry", "environment: production", "labels: [b]",
		"changelog: [{version: 2.0.0, changes: x}]", "promptlint: {disable: [x]}", "owner: entry",
		"metadata: {team: b}", "extra: 5", "prompts: nested", "model: {name: m, temperature: 0.5}",
	}
	rng := rand.New(rand.NewSource(11))
	var out []string
	for trial := 0; trial < 200; trial++ {
		var b strings.Builder
		anchored := false
		for _, k := range fileKeys {
			if rng.Intn(3) == 0 {
				b.WriteString(k + "\n")
				anchored = anchored || strings.Contains(k, "&defaults")
			}
		}
		b.WriteString("prompts:\n")
		for e := 0; e < 1+rng.Intn(5); e++ {
			fmt.Fprintf(&b, "  - &e%d\n    template: \"hello {x} %d\"\n", e, e)
			for _, k := range entryKeys {
				if rng.Intn(4) == 0 {
					b.WriteString("    " + strings.ReplaceAll(k, "\n", "\n    ") + "\n")
				}
			}
			if anchored && rng.Intn(2) == 0 {
				b.WriteString("    <<: *defaults\n")
			}
			if e > 0 && rng.Intn(3) == 0 {
				fmt.Fprintf(&b, "    testData: *e%d\n", rng.Intn(e))
			} else if rng.Intn(3) == 0 {
				b.WriteString("    testData: [{x: 1, y: [a]}]\n")
			}
		}
		out = append(out, b.String())
		// The same without anchors: what fastYAML reads.
		plain := strings.NewReplacer("&defaults", "", "    <<: *defaults\n", "").Replace(b.String())
		var lines []string
		for _, l := range strings.Split(plain, "\n") {
			if strings.Contains(l, "*e") {
				continue
			}
			if i := strings.Index(l, "- &e"); i >= 0 {
				l = l[:i+1]
			}
			lines = append(lines, l)
		}
		out = append(out, strings.Join(lines, "\n"))
	}
	return out
}

// TestPromptsListHeaders holds the entries of a prompts: list, which
// share the file's header read once, to what reading the file's header
// and then the entry's for each entry gives: the same header fields, the
// same Meta, syntax and model, and test data rows that are their own
// mappings' values.
func TestPromptsListHeaders(t *testing.T) {
	compared := 0
	for _, src := range promptsListFiles() {
		ps, err := Parse("prompts/list.yaml", []byte(src), DefaultConfig())
		if err != nil {
			continue // a combination the reader rejects, as it should
		}
		ref := newReader("prompts/list.yaml", []byte(src), DefaultConfig())
		root, err := ref.parseYAML(src, 1)
		if err != nil {
			t.Fatal(err)
		}
		_, entries := mapGet(root, "prompts")
		if len(ps) != len(entries.Content) {
			t.Fatalf("%d prompts of %d entries:\n%s", len(ps), len(entries.Content), src)
		}
		for i, e := range entries.Content {
			e = resolve(e)
			want := &Prompt{Name: fmt.Sprintf("list#%d", i+1)}
			if err := ref.header(want, root, true); err != nil {
				t.Fatal(err)
			}
			delete(want.Meta, "prompts")
			if err := ref.header(want, e, false); err != nil {
				t.Fatal(err)
			}
			ref.environmentFromLabels(want)
			want.Syntax = ref.syntax
			for _, mm := range []*yaml.Node{root, e} {
				if syn, ok, _ := ref.syntaxKey(mm); ok {
					want.Syntax = syn
				}
				if err := ref.model(want, mm, "parameters", "modelParameters"); err != nil {
					t.Fatal(err)
				}
			}
			got := ps[i]
			type header struct {
				Name, Version, VersionKind, Description, Environment string
				VersionSet                                           bool
				VersionPos                                           Pos
				Labels, Disabled                                     []string
				Changelog                                            []ChangelogEntry
				Meta, Model                                          map[string]any
				Syntax                                               template.Syntax
			}
			g := header{got.Name, got.Version, got.VersionKind, got.Description, got.Environment, got.VersionSet, got.VersionPos, got.Labels, got.Disabled, got.Changelog, got.Meta, got.Model, got.Syntax}
			w := header{want.Name, want.Version, want.VersionKind, want.Description, want.Environment, want.VersionSet, want.VersionPos, want.Labels, want.Disabled, want.Changelog, want.Meta, want.Model, want.Syntax}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("entry %d:\n got %+v\nwant %+v\n%s", i+1, g, w, src)
			}
			if _, v := mapGet(e, "testData"); v != nil {
				rows := v.Content
				if v.Kind == yaml.MappingNode {
					rows = []*yaml.Node{v}
				}
				for k, row := range rows {
					own, _ := newReader("prompts/list.yaml", []byte(src), DefaultConfig()).mapValue(resolve(row))
					if k >= len(got.TestData) || !reflect.DeepEqual(got.TestData[k].Values, own) {
						t.Errorf("entry %d row %d: %v, want %v\n%s", i+1, k, got.TestData, own, src)
					}
				}
			}
			compared++
		}
	}
	if compared < 500 {
		t.Errorf("compared %d entries, want many more", compared)
	}
}
