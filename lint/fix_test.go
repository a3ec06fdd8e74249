package lint_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
)

var updateFix = flag.Bool("update-fix", false, "rewrite the want sections of testdata/fix/*.txtar")

// fixCase is one archive of testdata/fix: the trees before the fix, and
// what the fix should make of them.
type fixCase struct {
	ar         *txtar.Archive
	head, base fstest.MapFS
	hasBase    bool
	cfg        *lint.Config
	rules      []*lint.Rule
}

// loadFixCase reads an archive: head/ (and base/, which makes it a check)
// trees, an optional config.yaml, and a comment whose lines "crlf" and
// "bom" turn every file of the trees and of want/ into CRLF line endings
// or give them a byte order mark, so that the archive itself stays plain
// text.
func loadFixCase(t *testing.T, name string) *fixCase {
	t.Helper()
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	c := &fixCase{ar: ar, head: fstest.MapFS{}, base: fstest.MapFS{}, cfg: lint.DefaultConfig()}
	for _, f := range ar.Files {
		data := c.encode(f.Data)
		switch {
		case strings.HasPrefix(f.Name, "head/"):
			c.head[strings.TrimPrefix(f.Name, "head/")] = &fstest.MapFile{Data: data, Mode: 0o644}
		case strings.HasPrefix(f.Name, "base/"):
			c.hasBase = true
			if rest := strings.TrimPrefix(f.Name, "base/"); rest != "" {
				c.base[rest] = &fstest.MapFile{Data: data, Mode: 0o644}
			}
		case f.Name == "config.yaml":
			if c.cfg, err = lint.LoadConfig("config.yaml", bytes.NewReader(f.Data)); err != nil {
				t.Fatal(err)
			}
		}
	}
	c.cfg.Today = "2026-12-01"
	if c.rules, err = c.cfg.Apply(checks.All); err != nil {
		t.Fatal(err)
	}
	return c
}

// encode applies the archive's crlf and bom flags to a file's content.
func (c *fixCase) encode(data []byte) []byte {
	comment := "\n" + string(c.ar.Comment)
	if strings.Contains(comment, "\ncrlf\n") {
		data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
	}
	if strings.Contains(comment, "\nbom\n") {
		data = append([]byte("\ufeff"), data...)
	}
	return data
}

// run runs the rules over head with edited files laid over it.
func (c *fixCase) run(head fs.FS) func(map[string][]byte) (*lint.Report, error) {
	return func(edited map[string][]byte) (*lint.Report, error) {
		h := lint.Overlay(head, edited)
		if c.hasBase {
			return lint.Run(context.Background(), lint.Input{Base: c.base, Head: h, Config: lint.ConfigFile{Config: c.cfg}, Registry: checks.All})
		}
		return lint.Run(context.Background(), lint.Input{Lint: true, Head: h, Paths: []string{"."}, Config: lint.ConfigFile{Config: c.cfg}, Registry: checks.All})
	}
}

// fix runs a fix over head.
func (c *fixCase) fix(t *testing.T, head fs.FS) *lint.FixResult {
	t.Helper()
	res, err := lint.RunFix(c.cfg, c.run(head), func(p string) ([]byte, error) { return fs.ReadFile(head, p) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// after is head with the fixed files written.
func after(head fstest.MapFS, res *lint.FixResult) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range head {
		out[k] = v
	}
	for _, f := range res.Files {
		out[f.Path] = &fstest.MapFile{Data: f.New, Mode: 0o644}
	}
	return out
}

func lines(fs []lint.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.String())
	}
	sort.Strings(out)
	return strings.Join(out, "\n") + "\n"
}

// TestFixGolden runs each archive of testdata/fix: the files after the
// fix must match want/ byte for byte (a file not in want/ must not
// change), and the fixed and skipped findings the fixed and skipped
// sections. Each case also checks that a second fix changes nothing and
// that the rules, run afresh over the fixed files, report none of the
// fixed findings.
func TestFixGolden(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("testdata", "fix", "*.txtar"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no archives in testdata/fix: %v", err)
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			c := loadFixCase(t, name)
			res := c.fix(t, c.head)
			fixed := after(c.head, res)

			var skipped []string
			for _, s := range res.Skipped {
				skipped = append(skipped, s.Finding.String()+": "+s.Reason)
			}
			sort.Strings(skipped)
			got := map[string]string{"fixed": lines(res.Fixed), "skipped": strings.Join(skipped, "\n") + "\n"}
			for p := range c.head {
				got["want/"+p] = string(fixed[p].Data)
			}
			if *updateFix {
				c.update(t, name, got)
				return
			}
			want := map[string]bool{}
			for _, f := range c.ar.Files {
				if f.Name == "fixed" || f.Name == "skipped" || strings.HasPrefix(f.Name, "want/") {
					want[f.Name] = true
					if g, w := got[f.Name], string(c.encode(f.Data)); f.Name == "fixed" || f.Name == "skipped" {
						if g != string(f.Data) {
							t.Errorf("%s:\n%s\nwant:\n%s", f.Name, g, f.Data)
						}
					} else if g != w {
						t.Errorf("%s after the fix:\n%q\nwant:\n%q", f.Name, g, w)
					}
				}
			}
			for p := range c.head {
				if !want["want/"+p] && !bytes.Equal(fixed[p].Data, c.head[p].Data) {
					t.Errorf("%s changed, but want/ does not have it:\n%s", p, fixed[p].Data)
				}
			}
			if !want["fixed"] {
				t.Errorf("no fixed section")
			}
			if !want["skipped"] && got["skipped"] != "\n" {
				t.Errorf("skipped, but the archive has no skipped section:\n%s", got["skipped"])
			}

			// Idempotent: fixing the fixed files changes nothing.
			again := c.fix(t, fixed)
			if len(again.Files) > 0 || len(again.Fixed) > 0 {
				t.Errorf("a second fix changed %d files, fixed:\n%s", len(again.Files), lines(again.Fixed))
			}

			// The rules, run afresh, report none of the fixed findings.
			rep, err := c.run(fixed)(nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Fixed {
				for _, g := range rep.Findings {
					if g.Rule == f.Rule && g.Path == f.Path && g.Prompt == f.Prompt {
						t.Errorf("after the fix, %s is still reported: %s", f.Rule, g)
					}
				}
			}
		})
	}
}

// update rewrites the archive's want sections from got.
func (c *fixCase) update(t *testing.T, name string, got map[string]string) {
	t.Helper()
	var files []txtar.File
	for _, f := range c.ar.Files {
		if f.Name != "fixed" && f.Name != "skipped" && !strings.HasPrefix(f.Name, "want/") {
			files = append(files, f)
		}
	}
	decode := func(s string) []byte {
		b := bytes.TrimPrefix([]byte(s), []byte("\ufeff"))
		return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	var paths []string
	for p := range c.head {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if got["want/"+p] != string(c.head[p].Data) {
			files = append(files, txtar.File{Name: "want/" + p, Data: decode(got["want/"+p])})
		}
	}
	files = append(files, txtar.File{Name: "fixed", Data: []byte(got["fixed"])})
	if got["skipped"] != "\n" {
		files = append(files, txtar.File{Name: "skipped", Data: []byte(got["skipped"])})
	}
	c.ar.Files = files
	if err := os.WriteFile(name, txtar.Format(c.ar), 0o644); err != nil {
		t.Fatal(err)
	}
}
