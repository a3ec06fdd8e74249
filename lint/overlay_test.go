//go:build linux || darwin

package lint_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

// TestLintMountedTree: a command line's tree (the config's directory, a
// folder outside it mounted under its path from there, a file laid over
// it, the standard input under a name outside it) is read by the engine
// as any tree: within the same limits (size, links, what is not a
// prompt), under the names the report gives, each layer for its paths.
// A name outside the tree that no layer holds is refused as unclean, not
// read.
func TestLintMountedTree(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	described := "name: greet\nversion: 1.0.0\ndescription: Greets.\ntemplate: Hello {user_name}.\n"
	bare := "name: %s\nversion: 1.0.0\ntemplate: Hello {user_name}.\n"
	writeTree(t, dir, fstest.MapFS{
		"repo/prompts/a.yaml":    {Data: []byte(described)},
		"repo/prompts/kept.yaml": {Data: []byte(described)},
		"shared/b.yaml":          {Data: []byte(strings.Replace(bare, "%s", "shared_b", 1))},
		"shared/big.yaml":        {Data: []byte(described + "# " + strings.Repeat("x", 400) + "\n")},
		"shared/notes.md":        {Data: []byte("# Notes\n\nHow we write prompts.\n")},
	})
	if err := os.Symlink("b.yaml", filepath.Join(dir, "shared/link.yaml")); err != nil {
		t.Fatal(err)
	}
	tree := lint.Mount(lint.DirFS(filepath.Join(dir, "repo")), "../shared", lint.DirFS(filepath.Join(dir, "shared")))
	tree = lint.Overlay(tree, map[string][]byte{
		"prompts/a.yaml":   []byte(strings.Replace(bare, "%s", "edited_a", 1)), // over a file of the root
		"../draft.yaml":    []byte(strings.Replace(bare, "%s", "draft", 1)),    // the standard input
		"../big-stdin.yml": []byte("name: x\n" + strings.Repeat("#", 400) + "\n"),
	})
	cfg := lint.DefaultConfig()
	cfg.MaxFileSize = 300
	paths := []string{"prompts/a.yaml", "prompts/kept.yaml", "../shared/b.yaml", "../shared/big.yaml", "../shared/link.yaml", "../shared/notes.md", "../draft.yaml", "../big-stdin.yml", "../nowhere/c.yaml"}
	rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: tree, Paths: paths, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Check {
		t.Error("a lint's report says check")
	}
	if want := []string{"../shared/notes.md"}; !slices.Equal(rep.NotPrompts, want) {
		t.Errorf("not prompts %q, want %q", rep.NotPrompts, want)
	}
	if rep.Files != 8 {
		t.Errorf("%d prompt files, want 8 (every path but the notes)", rep.Files)
	}
	var prompts []string
	for _, p := range rep.Prompts {
		if p.Status != lint.Unchanged || p.Base != nil || p.Change != nil {
			t.Errorf("%s: status %s, base %v, change %v; a lint reports prompts as read", p.Prompt.Path, p.Status, p.Base, p.Change)
		}
		prompts = append(prompts, p.Prompt.Path+" "+p.Prompt.Name)
	}
	if want := []string{"../draft.yaml draft", "../shared/b.yaml shared_b", "prompts/a.yaml edited_a", "prompts/kept.yaml greet"}; !slices.Equal(prompts, want) {
		t.Errorf("prompts %q, want %q", prompts, want)
	}
	found := map[string]string{}
	for _, f := range rep.Findings {
		if f.Rule == lint.ParseErrorRule || f.Rule == "description-missing" {
			found[f.Path] += f.Rule + ": " + f.Message + "\n"
		}
	}
	for path, want := range map[string]string{
		"../shared/big.yaml":  "over the 300-byte limit",
		"../big-stdin.yml":    "file is 409 bytes, over the 300-byte limit",
		"../shared/link.yaml": "is a symbolic link",
		"../nowhere/c.yaml":   "not a clean path inside the repository",
		"../shared/b.yaml":    "description-missing",
		"../draft.yaml":       "description-missing",
		"prompts/a.yaml":      "description-missing",
	} {
		if !strings.Contains(found[path], want) {
			t.Errorf("%s: findings %q, want %q", path, found[path], want)
		}
	}
	if found["prompts/kept.yaml"] != "" {
		t.Errorf("prompts/kept.yaml: %q, want none", found["prompts/kept.yaml"])
	}
}

// TestLintInput: a lint reads the paths it is given, and only those (none
// reads nothing); the inputs of a check are refused rather than ignored.
func TestLintInput(t *testing.T) {
	t.Parallel()
	head := fstest.MapFS{
		"prompts/a.yaml":     {Data: []byte("name: a\nversion: 1.0.0\ntemplate: Hi.\n")},
		"prompts/sub/b.yaml": {Data: []byte("name: b\nversion: 1.0.0\ntemplate: Hi.\n")},
		"notes/c.txt":        {Data: []byte("---\nname: c\n---\nHi.\n")},
		"README.md":          {Data: []byte("# Prompts\n")},
	}
	lintOf := func(in lint.Input) (*lint.Report, error) {
		in.Lint, in.Head, in.Registry = true, head, checks.All
		return lint.Run(context.Background(), in)
	}
	rep, err := lintOf(lint.Input{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 0 || len(rep.Prompts) != 0 || len(rep.Findings) != 0 {
		t.Errorf("no paths: %d files, %d prompts, %d findings; want nothing read", rep.Files, len(rep.Prompts), len(rep.Findings))
	}
	rep, err = lintOf(lint.Input{Paths: []string{".", "README.md"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 2 || len(rep.Prompts) != 2 || !slices.Equal(rep.NotPrompts, []string{"README.md"}) {
		t.Errorf("whole tree and the README: %d files, %d prompts, not prompts %q; want 2, 2, README.md", rep.Files, len(rep.Prompts), rep.NotPrompts)
	}
	// A file named is read whatever its name, once even when a folder
	// named holds it too; the prompts come in path order.
	rep, err = lintOf(lint.Input{Paths: []string{"prompts/sub/b.yaml", "notes/c.txt", "./prompts", "prompts/sub/b.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Prompts {
		got = append(got, p.Prompt.Path)
	}
	if want := []string{"notes/c.txt", "prompts/a.yaml", "prompts/sub/b.yaml"}; rep.Files != 3 || !slices.Equal(got, want) {
		t.Errorf("files and a folder: %d files, prompts %q; want 3, %q", rep.Files, got, want)
	}
	if _, err := lintOf(lint.Input{Paths: []string{"prompts/gone.yaml"}}); err == nil || !strings.Contains(err.Error(), "prompts/gone.yaml") {
		t.Errorf("a path the tree does not have: error %v, want one naming it", err)
	}
	for name, in := range map[string]lint.Input{
		"base":        {Base: head},
		"dir":         {Dir: "prompts"},
		"changes":     {Changes: []lint.FileChange{{Path: "prompts/a.yaml"}}},
		"request":     {Request: lint.LocalRequest{}},
		"base config": {BaseConfig: &lint.ConfigFile{}},
	} {
		in.Paths = []string{"."}
		if _, err := lintOf(in); err == nil || !strings.Contains(err.Error(), "a lint reads the paths of one tree") {
			t.Errorf("lint with a %s: error %v, want a refusal", name, err)
		}
	}
}

// TestParseCache: a lint given the cache of an earlier one parses again
// only the files whose bytes changed (the rounds of a fix); its report is
// the one a lint without the cache makes. Another Config parses afresh.
func TestParseCache(t *testing.T) {
	t.Parallel()
	head := fstest.MapFS{}
	for i := range 200 {
		head[fmt.Sprintf("prompts/p%03d.yaml", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("name: p%d\nversion: 1.0.0\ntemplate: Hi {user_name}.\n", i))}
	}
	head["prompts/bad.yaml"] = &fstest.MapFile{Data: []byte("name: [\n")}
	cfg := lint.DefaultConfig()
	cache := &lint.ParseCache{}
	lintOf := func(fsys fs.FS, cfg *lint.Config, cache *lint.ParseCache) *lint.Report {
		rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: fsys, Paths: []string{"."}, Parsed: cache, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	prompts := func(rep *lint.Report) map[string]*lint.Prompt {
		m := map[string]*lint.Prompt{}
		for _, p := range rep.Prompts {
			m[p.Prompt.Path] = p.Prompt
		}
		return m
	}
	first := prompts(lintOf(head, cfg, cache))
	edited := map[string][]byte{"prompts/p007.yaml": []byte("name: p7\nversion: 1.0.1\ntemplate: Hello {user_name}.\n")}
	rep := lintOf(lint.Overlay(head, edited), cfg, cache)
	if want := lintOf(lint.Overlay(head, edited), cfg, nil); !reflect.DeepEqual(rep.Findings, want.Findings) || len(rep.Prompts) != len(want.Prompts) {
		t.Fatalf("with the cache: %d findings, %d prompts; without: %d, %d", len(rep.Findings), len(rep.Prompts), len(want.Findings), len(want.Prompts))
	}
	second := prompts(rep)
	for path, p := range second {
		if reused := first[path] == p; reused != (path != "prompts/p007.yaml") {
			t.Errorf("%s: parsed again %v; want again only the edited file", path, !reused)
		}
	}
	if second["prompts/p007.yaml"].Version != "1.0.1" {
		t.Errorf("the edited file reads version %q, want 1.0.1", second["prompts/p007.yaml"].Version)
	}
	other := *cfg
	if third := prompts(lintOf(head, &other, cache)); third["prompts/p000.yaml"] == first["prompts/p000.yaml"] {
		t.Error("another config reused a parse of the first")
	}
}
