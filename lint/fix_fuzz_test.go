package lint_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

// fuzzPaths are the paths a fuzzed prompt file is read under, one per
// format (and JSON).
var fuzzPaths = []string{"prompts/p.yaml", "prompts/p.json", "p.prompt.yml", "p.prompt", "p.prompty", ".github/prompts/p.prompt.md", "prompts/p.md"}

// FuzzFix: for any file that parses (and a base, when one is given), the
// fix's output parses to the same prompts except for the fixed fields (the
// version, the changelog, GitHub Models placeholder spacing), every fix
// that claims a version or changelog entry made it, and a second fix
// changes nothing. The seeds are the files of testdata/fix.
func FuzzFix(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "fix", "*.txtar"))
	for _, name := range names {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		files := map[string][]byte{}
		for _, file := range ar.Files {
			files[file.Name] = file.Data
		}
		for _, file := range ar.Files {
			p, ok := strings.CutPrefix(file.Name, "head/")
			if !ok {
				continue
			}
			for i, fp := range fuzzPaths {
				if filepath.Ext(fp) == filepath.Ext(p) && strings.HasSuffix(p, strings.TrimPrefix(fp[strings.Index(fp, "p."):], "p")) {
					f.Add(files["base/"+p], file.Data, uint8(i))
					break
				}
			}
		}
	}
	cfg := lint.DefaultConfig()
	cfg.Versions.RequireVSCode = true
	cfg.Today = "2026-12-01"
	if _, err := cfg.Apply(checks.All); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, base, head []byte, kind uint8) {
		if len(head) > 8<<10 || len(base) > 8<<10 {
			return
		}
		path := fuzzPaths[int(kind)%len(fuzzPaths)]
		before := lint.ParseFile(path, head, cfg)
		if before.Err != nil || before.NotPrompt {
			return
		}
		tree := fstest.MapFS{path: &fstest.MapFile{Data: head, Mode: 0o644}}
		var baseTree fs.FS
		if len(base) > 0 {
			baseTree = fstest.MapFS{path: &fstest.MapFile{Data: base, Mode: 0o644}}
		}
		run := func(root fs.FS) func(map[string][]byte) (*lint.Report, error) {
			return func(edited map[string][]byte) (*lint.Report, error) {
				h := lint.Overlay(root, edited)
				if baseTree != nil {
					return lint.Run(context.Background(), lint.Input{Base: baseTree, Head: h, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
				}
				return lint.Run(context.Background(), lint.Input{Lint: true, Head: h, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
			}
		}
		res, err := lint.RunFix(cfg, run(tree), func(p string) ([]byte, error) { return fs.ReadFile(tree, p) }, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Files) == 0 {
			return
		}
		fixed := res.Files[0].New
		after := lint.ParseFile(path, fixed, cfg)
		if after.Err != nil {
			t.Fatalf("the fixed file does not parse: %s\n%s", after.Err.Msg, fixed)
		}
		if len(after.Prompts) != len(before.Prompts) {
			t.Fatalf("the fix changed the number of prompts from %d to %d:\n%s", len(before.Prompts), len(after.Prompts), fixed)
		}
		for i := range before.Prompts {
			if err := lint.SameExceptFixes(before.Prompts[i], after.Prompts[i]); err != nil {
				t.Fatalf("%v:\n%s\nfixed:\n%s", err, head, fixed)
			}
		}
		again, err := lint.RunFix(cfg, run(fstest.MapFS{path: &fstest.MapFile{Data: fixed, Mode: 0o644}}), func(string) ([]byte, error) { return fixed, nil }, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Files) > 0 {
			t.Fatalf("a second fix changed the file again:\n%s\nthen:\n%s", fixed, again.Files[0].New)
		}
	})
}
