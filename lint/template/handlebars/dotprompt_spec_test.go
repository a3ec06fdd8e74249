package handlebars

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template/templatetest"
)

type specSuite struct {
	Name     string `yaml:"name"`
	Template string `yaml:"template"`
	Tests    []struct {
		Desc string `yaml:"desc"`
		Data struct {
			Input   map[string]any `yaml:"input"`
			Context map[string]any `yaml:"context"`
		} `yaml:"data"`
		Options struct {
			Input struct {
				Default map[string]any `yaml:"default"`
			} `yaml:"input"`
		} `yaml:"options"`
		Expect struct {
			Messages []struct {
				Role    string `yaml:"role"`
				Content []struct {
					Text *string `yaml:"text"`
				} `yaml:"content"`
			} `yaml:"messages"`
		} `yaml:"expect"`
	} `yaml:"tests"`
}

// TestRenderDotpromptSpec renders the templates of Dotprompt's own
// conformance suite (google/dotprompt spec/*.yaml) whose expected output is
// one user message of plain text, and compares with the expected text.
func TestRenderDotpromptSpec(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(templatetest.CorpusDir, "google__dotprompt/spec/*.yaml"))
	more, _ := filepath.Glob(filepath.Join(templatetest.CorpusDir, "google__dotprompt/spec/helpers/*.yaml"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("corpus not present")
	}
	checked := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var suites []specSuite
		if err := yaml.Unmarshal(raw, &suites); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, s := range suites {
			// Every spec template must scan cleanly.
			if r := Scan(s.Template); len(r.Errors) > 0 {
				t.Errorf("%s/%s: Scan errors %v", filepath.Base(f), s.Name, r.Errors)
			}
			if strings.Contains(s.Template, "{{>") || strings.Contains(s.Template, "{{#>") || strings.HasPrefix(s.Template, "---") {
				continue // partials need their text; front matter is Dotprompt's, not the template's
			}
			for _, tc := range s.Tests {
				msgs := tc.Expect.Messages
				if len(msgs) != 1 || msgs[0].Role != "user" || tc.Data.Context != nil {
					continue
				}
				var want strings.Builder
				textOnly := true
				for _, c := range msgs[0].Content {
					if c.Text == nil {
						textOnly = false
						break
					}
					want.WriteString(*c.Text)
				}
				if !textOnly {
					continue
				}
				data := map[string]any{}
				for k, v := range tc.Options.Input.Default {
					data[k] = v
				}
				for k, v := range tc.Data.Input {
					data[k] = v
				}
				got, err := Render(s.Template, data)
				// Dotprompt turns a leading role marker into the message.
				got = strings.TrimPrefix(got, "<<<dotprompt:role:user>>>")
				if err != nil {
					t.Errorf("%s/%s/%s: %v", filepath.Base(f), s.Name, tc.Desc, err)
					continue
				}
				if got != want.String() {
					t.Errorf("%s/%s/%s:\ntemplate %q\ngot  %q\nwant %q", filepath.Base(f), s.Name, tc.Desc, s.Template, got, want.String())
				}
				checked++
			}
		}
	}
	t.Logf("checked %d spec cases", checked)
	if checked < 20 {
		t.Errorf("only %d spec cases checked", checked)
	}
}
