package checks

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/lint"
)

// TestVSCodeVersionOptIn checks that VS Code prompt files need a version
// only when versions.require_vscode is set, and that the finding then
// says where their version goes.
func TestVSCodeVersionOptIn(t *testing.T) {
	fsys := fstest.MapFS{
		".github/prompts/review.prompt.md":  {Data: []byte("---\ndescription: Review.\nagent: agent\n---\nReview ${selection}.\n")},
		".github/prompts/explain.prompt.md": {Data: []byte("---\n# version: 1.2.0\ndescription: Explain.\n---\nExplain ${selection}.\n")},
		".github/prompts/bare.prompt.md":    {Data: []byte("Say hi to ${input:name}.\n")},
	}
	for _, require := range []bool{false, true} {
		cfg := lint.DefaultConfig()
		cfg.Versions.RequireVSCode = require
		rep, err := lint.Run(context.Background(), lint.Input{Lint: true, Head: fsys, Paths: []string{"."}, Config: lint.ConfigFile{Config: cfg}, Registry: []*lint.Rule{VersionMissing}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.String())
		}
		switch {
		case !require && len(got) != 0:
			t.Errorf("without require_vscode: %q, want no findings", got)
		case require && len(got) != 2:
			t.Errorf("with require_vscode: %q, want bare.prompt.md and review.prompt.md", got)
		case require:
			for _, f := range got {
				if !strings.Contains(f, `"# version: 1.0.0" comment line`) || strings.Contains(f, "explain") {
					t.Errorf("finding %q", f)
				}
			}
		}
	}
}
