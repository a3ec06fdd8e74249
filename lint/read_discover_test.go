package lint

import (
	"path"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// discoverTree is a repository shaped like the real ones promptlint was
// run over: prompts next to their documentation, generated copies that
// git ignores, and project documents.
var discoverTree = fstest.MapFS{
	".gitignore":                          {Data: []byte("# build output\ndist/\n*.bak.prompt\n.venv/\n!keep.bak.prompt\n")},
	"prompts/support.yaml":                {Data: []byte("version: 1.0.0\ntemplate: Hi {name}\n")},
	"prompts/README.md":                   {Data: []byte("# Prompts\n\nEach file holds a prompt with {placeholders}.\n")},
	"prompts/CHANGELOG.md":                {Data: []byte("## 1.0.0\n- first\n")},
	"prompts/guide.md":                    {Data: []byte("How we write prompts: use {name}.\n")},
	"prompts/system.md":                   {Data: []byte("---\nversion: 1.0.0\n---\nYou are helpful.\n")},
	"prompts/notes.txt":                   {Data: []byte("Remember {this}.\n")},
	"prompts/old.bak.prompt":              {Data: []byte("---\nversion: 1.0.0\n---\nold\n")},
	"prompts/keep.bak.prompt":             {Data: []byte("---\nversion: 1.0.0\n---\nkept\n")},
	"prompts/.gitignore":                  {Data: []byte("scratch/\n")},
	"prompts/scratch/try.prompt":          {Data: []byte("---\nversion: 1.0.0\n---\ntry\n")},
	"dist/prompts/support.yaml":           {Data: []byte("version: 1.0.0\ntemplate: Hi {name}\n")},
	".venv/lib/pkg/x.prompty":             {Data: []byte("---\nname: x\n---\nhi\n")},
	"LICENSE.prompt.md":                   {Data: []byte("---\nagent: agent\n---\nhi\n")},
	"README.prompt.yml":                   {Data: []byte("messages: [{role: user, content: hi}]\n")},
	".github/prompts/review.prompt.md":    {Data: []byte("---\nagent: agent\n---\nReview ${input:file}.\n")},
	"license_check.prompt.yml":            {Data: []byte("messages: [{role: user, content: check}]\n")},
	"docs/CONTRIBUTING.md":                {Data: []byte("how to help\n")},
	"node_modules/pkg/support.prompt.yml": {Data: []byte("messages: []\n")},
}

func TestDiscoverOnlyPrompts(t *testing.T) {
	cfg := DefaultConfig()
	names, err := Discover(discoverTree, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		".github/prompts/review.prompt.md",
		"license_check.prompt.yml",
		"prompts/guide.md", // selected by its name; its content says it is not a prompt
		"prompts/keep.bak.prompt",
		"prompts/notes.txt",
		"prompts/support.yaml",
		"prompts/system.md",
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("Discover:\n got %q\nwant %q", names, want)
	}
	files, err := ReadFiles(discoverTree, names, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var read []string
	for _, f := range files {
		read = append(read, f.Path)
		if f.Err != nil {
			t.Errorf("%s: %v", f.Path, f.Err)
		}
	}
	wantRead := []string{".github/prompts/review.prompt.md", "license_check.prompt.yml", "prompts/keep.bak.prompt", "prompts/support.yaml", "prompts/system.md"}
	if !reflect.DeepEqual(read, wantRead) {
		t.Errorf("ReadFiles kept %q, want %q (Markdown and text without front matter are not prompts)", read, wantRead)
	}

	// A file or an ignored directory named on the command line is read.
	names, err = Discover(discoverTree, []string{"dist", "prompts/scratch/try.prompt"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"dist/prompts/support.yaml", "prompts/scratch/try.prompt"}; !reflect.DeepEqual(names, want) {
		t.Errorf("named paths: got %q, want %q", names, want)
	}
}

func TestIsProjectDoc(t *testing.T) {
	for p, want := range map[string]bool{
		"README.md": true, "docs/readme.txt": true, "README": true, "README.zh-CN.md": true,
		"CHANGELOG.md": true, "changelog": true, "CONTRIBUTING.md": true, "LICENSE": true,
		"LICENSE-MIT": true, "prompts/LICENSE.txt": true, "COPYING": true, "Licence.md": true,
		"license_check.prompt.yml": false, "readme_writer.prompt.md": false, "changelogger.prompty": false,
		"prompts/support.yaml": false, "contributing_guide_bot.prompt": false,
	} {
		if got := IsProjectDoc(p); got != want {
			t.Errorf("IsProjectDoc(%q) = %v, want %v", p, got, want)
		}
	}
	cfg := DefaultConfig()
	if cfg.Match("prompts/README.yaml") || !cfg.Match("prompts/readme_writer.yaml") {
		t.Errorf("Match must leave out project documents only")
	}
}

// TestLintLiteralMarkdown checks that a Markdown prompt with front matter
// but no variables and no syntax raises no template errors on the JSON
// and code it quotes.
func TestLintLiteralMarkdown(t *testing.T) {
	src := "---\nversion: 1.0.0\ndescription: formats a reply\n---\nReply as JSON:\n\n```json\n{\"answer\": \"...\", \"sources\": [{\"url\": \"...\"}]}\n```\n\nIn code, write `if (x) { y(); }` and `}`.\n"
	ps, err := Parse("prompts/reply.md", []byte(src), DefaultConfig())
	if err != nil || len(ps) != 1 {
		t.Fatalf("Parse: %v, %d prompts", err, len(ps))
	}
	if p := ps[0]; len(p.TemplateErrors) != 0 || len(p.Uses) != 0 {
		t.Errorf("literal text: errors %+v, uses %+v; want none", p.TemplateErrors, p.Uses)
	}
	if !strings.Contains(ps[0].Text(), `"sources"`) {
		t.Errorf("text %q", ps[0].Text())
	}
}

// FuzzIsProjectDoc: the hand-written match says what projectDocRE says,
// for any name.
func FuzzIsProjectDoc(f *testing.F) {
	for _, s := range []string{"README.md", "readme", "Readme-x", "LICENCE", "licenſe", "changelog\n.md", "CHANGELOG.\n", "copyingx", "contributing.", "r", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		p := "dir/" + name
		if got, want := IsProjectDoc(p), projectDocRE.MatchString(path.Base(p)); got != want {
			t.Errorf("IsProjectDoc(%q) = %v, projectDocRE says %v", p, got, want)
		}
	})
}
