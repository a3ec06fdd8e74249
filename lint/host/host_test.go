package host_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/host"
)

func TestOverrides(t *testing.T) {
	cfg, rules, err := host.Overrides{ReviewThreshold: -1}.Apply(lint.ConfigFile{}, checks.All)
	if err != nil {
		t.Fatal(err)
	}
	def := lint.DefaultConfig()
	if !reflect.DeepEqual(cfg.Files, def.Files) || cfg.Diff.ReviewThreshold != def.Diff.ReviewThreshold || cfg.OnlyNew || len(rules) == 0 {
		t.Errorf("no overrides changed the defaults: %+v", cfg)
	}
	yes := true
	cfg, _, err = host.Overrides{Files: []string{"ai/**/*.yaml"}, ReviewThreshold: 0.5, OnlyNew: &yes}.Apply(lint.ConfigFile{Config: lint.DefaultConfig()}, checks.All)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg.Files, []string{"ai/**/*.yaml"}) || cfg.Diff.ReviewThreshold != 0.5 || !cfg.OnlyNew {
		t.Errorf("overrides not applied: files %q, threshold %v, only_new %v", cfg.Files, cfg.Diff.ReviewThreshold, cfg.OnlyNew)
	}
	// A config that names an unknown rule is an error of the config.
	bad, err := lint.LoadConfig(".promptlint.yaml", strings.NewReader("rules:\n  no-such-rule: off\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := (host.Overrides{ReviewThreshold: -1}).Apply(lint.ConfigFile{Path: ".promptlint.yaml", Config: bad}, checks.All); err == nil {
		t.Error("an unknown rule was accepted")
	}
}

// TestCommitFiles: each commit the engine asks about costs one lookup, up
// to MaxCommitLookups; one the host may not read, and those past the
// bound, touch nothing, with a note; another error fails the run.
func TestCommitFiles(t *testing.T) {
	ctx := context.Background()
	var looked []string
	cf := &host.CommitFiles{
		Lookup: func(_ context.Context, sha string) ([]string, error) {
			looked = append(looked, sha)
			switch sha {
			case "secret":
				return nil, errors.New("403")
			case "broken":
				return nil, errors.New("500")
			}
			return []string{"prompts/" + sha + ".yaml"}, nil
		},
		Unreadable: func(err error) bool { return err.Error() == "403" },
	}
	if paths, known, err := cf.Files(ctx, "g1"); err != nil || !known || !reflect.DeepEqual(paths, []string{"prompts/g1.yaml"}) {
		t.Errorf("Files(g1) = %q, %v, %v", paths, known, err)
	}
	if paths, known, err := cf.Files(ctx, "secret"); err != nil || !known || len(paths) != 0 {
		t.Errorf("Files(secret) = %q, %v, %v; want no files, known", paths, known, err)
	}
	if _, _, err := cf.Files(ctx, "broken"); err == nil {
		t.Error("a lookup that fails the run was swallowed")
	}
	if notes := cf.Notes(); len(notes) != 1 || !strings.Contains(notes[0], "could not read the files of commit secret") {
		t.Errorf("notes %q", notes)
	}

	// The lookups are bounded.
	cf = &host.CommitFiles{Lookup: cf.Lookup, Unreadable: cf.Unreadable}
	looked = nil
	for i := range host.MaxCommitLookups + 5 {
		if _, known, err := cf.Files(ctx, fmt.Sprint(i)); err != nil || !known {
			t.Fatalf("Files(%d): %v, %v", i, known, err)
		}
	}
	if len(looked) != host.MaxCommitLookups {
		t.Errorf("%d lookups, want %d", len(looked), host.MaxCommitLookups)
	}
	if notes := cf.Notes(); len(notes) != 1 || !strings.HasPrefix(notes[0], "5 more commits with a generic message were not checked") {
		t.Errorf("notes %q", notes)
	}
}

func TestGlobsAndDedupe(t *testing.T) {
	cfg := lint.DefaultConfig()
	cfg.Files = []string{"a/**", "b/*.{yml,yaml}"}
	if got := host.Globs(cfg); got != "`a/**`, `b/*.{yml,yaml}`" {
		t.Errorf("Globs = %q", got)
	}
	if got := host.Dedupe([]string{"b", "a", "b", "c", "a"}); !reflect.DeepEqual(got, []string{"b", "a", "c"}) {
		t.Errorf("Dedupe = %q", got)
	}
}
