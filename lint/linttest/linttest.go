// Package linttest runs promptlint's rules over small trees written as
// txtar archives and compares a rule's findings with the expected ones, as
// golang.org/x/tools/go/analysis/analysistest does for analyzers. A rule's
// test is a few lines:
//
//	func TestRules(t *testing.T) {
//		for _, r := range checks.All {
//			t.Run(r.ID, func(t *testing.T) {
//				linttest.Run(t, checks.All, r, filepath.Join("testdata", r.ID+".txtar"))
//			})
//		}
//	}
//
// An archive (see golang.org/x/tools/txtar) holds the two trees of a
// change and what a host would supply besides:
//
//	base/PATH    a file of the base tree
//	head/PATH    a file of the head tree; a file named without base/ or
//	             head/ (and not one of the names below) is in head too
//	config.yaml  the configuration of the run and of both sides; without
//	             it, each side has its own .promptlint.yaml or the
//	             defaults, and head's is the run's, as on a pull request
//	pr-body.md   the pull request's description
//	commits      the change's commits, oldest first, one a line:
//	             "<sha> <message>", or "<sha>:<path>,<path> <message>" for
//	             a commit whose files are known ("\n" in a message is a
//	             line break)
//	want         the expected findings of the rule, one a line as text
//	             output writes them
//
// An archive with no base/ file, for a rule that is not a change rule,
// runs as `promptlint lint` does (lint.Run with Input.Lint, over the head
// tree). Any other runs as `promptlint check` does, with an empty base
// when the archive has none: every prompt is new. The gate (gate-weakened)
// compares the two sides' configurations. Every rule of the registry runs, so that a rule that reads
// others' results sees what it would in production; only the findings of
// the rule under test are compared.
package linttest

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/promptlint/promptlint/lint"
)

// update makes Run rewrite the want sections instead of comparing them.
var update = flag.Bool("update", false, "rewrite the want sections of the txtar archives that linttest.Run compares")

// Run runs the rules of registry over the archive in the file at path and
// compares the findings of rule with the archive's want section. With
// -update it rewrites the want section instead.
func Run(t *testing.T, registry []*lint.Rule, rule *lint.Rule, path string) {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := Findings(t, registry, rule, ar)
	if *update {
		setFile(ar, "want", got)
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want, _ := file(ar, "want"); got != string(want) {
		t.Errorf("%s: findings of %s:\n%s\nwant:\n%s", path, rule.ID, got, want)
	}
}

// Findings runs the rules of registry over ar and returns the findings of
// rule, one text line each.
func Findings(t testing.TB, registry []*lint.Rule, rule *lint.Rule, ar *txtar.Archive) string {
	t.Helper()
	var b strings.Builder
	for _, f := range Check(t, registry, rule, ar).Findings {
		if f.Rule == rule.ID {
			b.WriteString(f.String())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Check runs the rules of registry over ar, for rule, and returns the
// whole report: a lint of the head tree when ar has no base tree and rule
// is not a change rule, else a check. A run that cannot be done fails t.
func Check(t testing.TB, registry []*lint.Rule, rule *lint.Rule, ar *txtar.Archive) *lint.Report {
	t.Helper()
	base, head, hasBase := trees(ar)
	cfg := lint.DefaultConfig()
	if c, ok := file(ar, "config.yaml"); ok {
		var err error
		if cfg, err = lint.LoadConfig("config.yaml", bytes.NewReader(c)); err != nil {
			t.Fatal(err)
		}
	} else {
		cfg = treeConfig(t, head, cfg).Config
	}
	if !rule.Change && !hasBase {
		rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: head, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: registry})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	var req lint.LocalRequest
	if body, ok := file(ar, "pr-body.md"); ok {
		req.Body = string(body)
	}
	if c, ok := file(ar, "commits"); ok {
		req.Log = commits(string(c))
	}
	// Without config.yaml, a side without a file has the defaults.
	sides := cfg
	if _, ok := file(ar, "config.yaml"); !ok {
		sides = lint.DefaultConfig()
	}
	baseCfg, headCfg := treeConfig(t, base, sides), treeConfig(t, head, sides)
	rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Request: req,
		Config: lint.ConfigFile{Config: cfg}, BaseConfig: &baseCfg, HeadConfig: &headCfg, Registry: registry})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// trees returns the base and head trees of ar, and whether it has a base
// tree (a base/ file, or a base/ entry alone for an empty one).
func trees(ar *txtar.Archive) (base, head fstest.MapFS, hasBase bool) {
	base, head = fstest.MapFS{}, fstest.MapFS{}
	for _, f := range ar.Files {
		switch name := f.Name; {
		case strings.HasPrefix(name, "base/"):
			hasBase = true
			if rest := strings.TrimPrefix(name, "base/"); rest != "" {
				base[rest] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
			}
		case strings.HasPrefix(name, "head/"):
			head[strings.TrimPrefix(name, "head/")] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		case !special[name]:
			head[name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
	}
	return base, head, hasBase
}

// special are the archive's files that are no file of a tree.
var special = map[string]bool{"config.yaml": true, "pr-body.md": true, "commits": true, "want": true}

// commits reads the commits section: "<sha> <message>" lines, where
// "<sha>:<path>,<path>" lists the files a commit touches.
func commits(s string) []lint.Commit {
	var out []lint.Commit
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		sha, msg, _ := strings.Cut(line, " ")
		c := lint.Commit{SHA: sha, Message: strings.ReplaceAll(msg, `\n`, "\n")}
		if sha, paths, ok := strings.Cut(sha, ":"); ok {
			c.SHA, c.PathsKnown = sha, true
			if paths != "" {
				c.Paths = strings.Split(paths, ",")
			}
		}
		out = append(out, c)
	}
	return out
}

// treeConfig is the tree's .promptlint.yaml, else cfg.
func treeConfig(t testing.TB, fsys fs.FS, cfg *lint.Config) lint.ConfigFile {
	t.Helper()
	cf, err := lint.ReadConfigFile(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if cf.Path == "" {
		cf.Config = cfg
	}
	return cf
}

// file returns the data of the archive's file name.
func file(ar *txtar.Archive, name string) ([]byte, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// setFile sets the data of the archive's file name, adding it last when
// there is none.
func setFile(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}
