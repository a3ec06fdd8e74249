package git

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/promptlint/promptlint/lint"
)

// TestDiscoverIgnoresTheSameOnBothSides checks that a git revision and the
// working tree leave out the same files that .gitignore matches: generated
// copies in the work tree, and a file force-added to the repository.
func TestDiscoverIgnoresTheSameOnBothSides(t *testing.T) {
	dir, g := repo(t)
	write(t, dir, ".gitignore", "dist/\n*.bak.prompt\n")
	write(t, dir, "prompts/.gitignore", "scratch/\n!keep.bak.prompt\n")
	write(t, dir, "prompts/a.prompt", "---\nversion: 1.0.0\n---\nHi\n")
	write(t, dir, "prompts/keep.bak.prompt", "---\nversion: 1.0.0\n---\nKept\n")
	write(t, dir, "prompts/old.bak.prompt", "---\nversion: 1.0.0\n---\nOld\n")
	g("add", "-A")
	g("add", "-f", "prompts/old.bak.prompt")
	g("commit", "-q", "-m", "add the prompts and their ignore rules")
	// Untracked and ignored: only the working tree has them.
	write(t, dir, "dist/prompts/a.prompt", "---\nversion: 1.0.0\n---\nHi\n")
	write(t, dir, "prompts/scratch/try.prompt", "---\nversion: 1.0.0\n---\nTry\n")

	tree, err := Repo{Dir: dir}.Open(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	cfg := lint.DefaultConfig()
	atRev, err := lint.Discover(tree, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	inTree, err := lint.Discover(os.DirFS(dir), nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"prompts/a.prompt", "prompts/keep.bak.prompt"}
	if !reflect.DeepEqual(atRev, want) || !reflect.DeepEqual(inTree, want) {
		t.Errorf("Discover at HEAD %q, in the working tree %q; want %q on both", atRev, inTree, want)
	}
}
