package github_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint/github/githubtest"
)

const treeRef = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"

// TestTreeStatsBeforeReading: Lstat answers type and size from one
// request per path; Open reads a small file from that same answer, and a
// file over the contents API's 1 MB from the blobs API, only when opened.
func TestTreeStatsBeforeReading(t *testing.T) {
	s := githubtest.NewServer(t)
	c, _ := newClient(t, s)
	big := strings.Repeat("x", githubtest.MaxContentSize+10)
	s.SetFile(treeRef, "prompts/a.yaml", "name: a\n")
	s.SetFile(treeRef, "prompts/big.yaml", big)
	s.SetFile(treeRef, "secret.yaml", "key: CANARY\n")
	s.SetSymlink(treeRef, "prompts/in.yaml", "../secret.yaml") // the API resolves it
	s.SetSymlink(treeRef, "prompts/out.yaml", "/etc/passwd")   // it does not
	s.SetSubmodule(treeRef, "prompts/sub", "https://example.com/x.git")
	tree := c.Tree(context.Background(), "Codertocat", "Hello-World", treeRef)

	for _, tc := range []struct {
		name   string
		mode   fs.FileMode
		size   int64
		target string
	}{
		{"prompts/a.yaml", 0, 8, ""},
		{"prompts/big.yaml", 0, int64(len(big)), ""},
		{"prompts/in.yaml", fs.ModeSymlink, -1, "secret.yaml"},
		{"prompts/out.yaml", fs.ModeSymlink, -1, "/etc/passwd"},
		{"prompts/sub", fs.ModeIrregular, -1, ""},
		{"prompts", fs.ModeDir, -1, ""},
	} {
		fi, err := fs.Lstat(tree, tc.name)
		if err != nil {
			t.Fatalf("Lstat(%s): %v", tc.name, err)
		}
		if fi.Mode().Type() != tc.mode || tc.size >= 0 && fi.Size() != tc.size {
			t.Errorf("Lstat(%s): mode %v size %d, want %v %d", tc.name, fi.Mode(), fi.Size(), tc.mode, tc.size)
		}
		if tc.target != "" {
			if got, err := fs.ReadLink(tree, tc.name); err != nil || got != tc.target {
				t.Errorf("ReadLink(%s) = %q, %v; want %q", tc.name, got, err, tc.target)
			}
		}
	}
	if n := s.Count("GET", "/repos/Codertocat/Hello-World/git/blobs/"); n != 0 {
		t.Errorf("%d blob reads before any Open", n)
	}
	before := len(s.Requests())
	if data, err := fs.ReadFile(tree, "prompts/a.yaml"); err != nil || string(data) != "name: a\n" {
		t.Errorf("ReadFile(a.yaml) = %q, %v", data, err)
	}
	if n := len(s.Requests()) - before; n != 0 {
		t.Errorf("reading a file already stat'ed made %d requests, want 0", n)
	}
	if data, err := fs.ReadFile(tree, "prompts/big.yaml"); err != nil || len(data) != len(big) {
		t.Errorf("ReadFile(big.yaml): %d bytes, %v", len(data), err)
	}
	if n := s.Count("GET", "/repos/Codertocat/Hello-World/git/blobs/"); n != 1 {
		t.Errorf("%d blob reads for the big file, want 1", n)
	}
	for _, name := range []string{"prompts/in.yaml", "prompts/out.yaml", "prompts/sub"} {
		if data, err := fs.ReadFile(tree, name); err == nil || strings.Contains(string(data), "CANARY") {
			t.Errorf("ReadFile(%s) followed the link: %q, %v", name, data, err)
		}
	}
	if _, err := fs.Stat(tree, "prompts/none.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat of a missing file: %v, want fs.ErrNotExist", err)
	}
	if _, err := fs.Stat(tree, "prompts/../secret.yaml"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("Stat of an unclean path: %v, want fs.ErrInvalid", err)
	}
	entries, err := fs.ReadDir(tree, "prompts")
	if err != nil || len(entries) != 5 {
		t.Fatalf("ReadDir(prompts): %d entries, %v", len(entries), err)
	}
	if entries[0].Name() != "a.yaml" || !entries[0].Type().IsRegular() {
		t.Errorf("first entry %s %v", entries[0].Name(), entries[0].Type())
	}
}

// TestLazyTreeResolvesOnFirstRead: a tree at a commit not known yet costs
// nothing until read, and resolves its commit once.
func TestLazyTreeResolvesOnFirstRead(t *testing.T) {
	s := githubtest.NewServer(t)
	c, _ := newClient(t, s)
	s.SetFile(treeRef, "a.yaml", "a\n")
	s.SetFile(treeRef, "b.yaml", "b\n")
	resolved := 0
	tree := c.LazyTree(context.Background(), "Codertocat", "Hello-World", func(context.Context) (string, error) {
		resolved++
		return treeRef, nil
	})
	if resolved != 0 || len(s.Requests()) != 0 {
		t.Fatalf("the tree resolved (%d) or asked (%d) before any read", resolved, len(s.Requests()))
	}
	for _, name := range []string{"a.yaml", "b.yaml"} {
		if data, err := fs.ReadFile(tree, name); err != nil || string(data) != name[:1]+"\n" {
			t.Errorf("ReadFile(%s) = %q, %v", name, data, err)
		}
	}
	if resolved != 1 {
		t.Errorf("resolved %d times, want 1", resolved)
	}
	failing := c.LazyTree(context.Background(), "Codertocat", "Hello-World", func(context.Context) (string, error) {
		return "", errors.New("no merge base")
	})
	if _, err := fs.Stat(failing, "a.yaml"); err == nil || !strings.Contains(err.Error(), "no merge base") {
		t.Errorf("Stat on a tree that cannot resolve: %v", err)
	}
}
