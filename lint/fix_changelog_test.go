package lint

import (
	"fmt"
	"reflect"
	"testing"
)

// TestChangelogFixWithoutReading: ChangelogFix answers as if it read the
// file again (the same fix, or the same reason for none), and reads it
// again only when the file may keep a changelog.
func TestChangelogFixWithoutReading(t *testing.T) {
	t.Parallel()
	cases := []struct {
		path, data string
		reread     bool // the file may keep a changelog: read again
	}{
		{"prompts/a.yaml", "name: a\nversion: 1.0.0\ntemplate: hi {x}\n", false},
		{"prompts/a.yaml", "name: a\nversion: 1.0.0\ntemplate: hi {x}\nchangelog:\n  - version: 0.9.0\n    changes: c\n", true},
		{"prompts/a.yaml", "name: a\nversion: 1.0.0\ntemplate: tell the history of {x}\n", true},
		{"prompts/a.yaml", "name: a\nversion: 1.0.0\ntemplate: hi {x}\n\"change\\x6cog\": []\n", true},
		{"prompts/a.yaml", "version: 1.0.0\nchangelog: []\nprompts:\n  - {name: a, template: \"hi {x}\"}\n", true},
		{"prompts/a.yaml", "version: 1.0.0\nprompts:\n  - {name: a, template: \"hi {x}\"}\n", false},
		{"prompts/a.prompt.yml", "name: a\nversion: 1.0.0\nmessages:\n  - role: user\n    content: hi {{x}}\n", false},
		{"prompts/a.prompt.yml", "name: a\nversion: 1.0.0\nhistory: null\nmessages:\n  - role: user\n    content: hi {{x}}\n", true},
		{"prompts/a.prompt", "---\nversion: 1.0.0\n---\nhi {{x}}\n", false},
		{"prompts/a.prompt", "# license\n---\nversion: 1.0.0\nchangelog:\n  1.0.0: c\n---\nhi {{x}}\n", true},
		{"prompts/a.prompty", "---\nname: a\nversion: 1.0.0\n---\nsystem:\nhi {{x}}\n", false},
		{"prompts/a.prompty", "---\r\nname: a\r\nversion: 1.0.0\r\nchangelog: []\r\n---\r\nsystem:\r\nhi {{x}}\r\n", true},
		{".github/prompts/a.prompt.md", "---\ndescription: d\nversion: 1.0.0\n---\nhi ${input:x}\n", false},
		{"prompts/a.md", "---\nversion: 1.0.0\nsyntax: mustache\n---\nhi {{x}}\n", false},
		{"prompts/a.j2", "---\n[not, a, mapping]\n---\nhi {{ x }}\n", true},
		{"prompts/a.j2", "---\n: : bad yaml\n---\nhi {{ x }}\n", true},
		{"prompts/a.j2", "hi {{ x }}\n", true},
	}
	for i, c := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			parse := func() *Prompt {
				prompts, err := Parse(c.path, []byte(c.data), nil)
				if err != nil || len(prompts) == 0 {
					t.Fatalf("Parse(%q) = %d prompts, %v", c.data, len(prompts), err)
				}
				return prompts[0]
			}
			quick, slow := parse(), parse()
			_, _ = slow.fixFile() // read again first: ChangelogFix cannot skip it
			fix, err := quick.ChangelogFix("1.0.0", "2026-01-01", "Changed.")
			want, wantErr := slow.ChangelogFix("1.0.0", "2026-01-01", "Changed.")
			if !reflect.DeepEqual(fix, want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("ChangelogFix = %+v, %v; reading the file again gives %+v, %v", fix, err, want, wantErr)
			}
			if read := quick.fixed != nil || quick.fixedErr != nil; read != c.reread {
				t.Errorf("read the file again: %v, want %v", read, c.reread)
			}
		})
	}
}
