package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestTopVersionEdits holds the version fix read off a file's first
// lines (topVersionEdits) to the one made by parsing the file again
// (replaceVersion): wherever the first lines give edits, parsing gives
// the same, over the corpus and files built around a version line with
// what comes before it and after it, its quotes, anchors, tags,
// comments, nulls and continuations.
func TestTopVersionEdits(t *testing.T) {
	files := map[string][]byte{}
	filepath.WalkDir("../testdata/corpus", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if data, err := os.ReadFile(p); err == nil {
				files[p] = data
			}
		}
		return nil
	})
	heads := []string{"", "# c\n", "\n", "# " + strings.Repeat("x", topBytes-20) + "\n", "# " + strings.Repeat("x", topBytes) + "\n", "  # indented\n\n", " \t\n", "---\n", "&a\n", "%YAML 1.2\n---\n", "\ufeff", "\r\n", "name: first\n"}
	versions := []string{
		"version: 1.0.0", "version:  1.0.0", "version: 1.0.0 # c", "version: 1.0.0  #c", "version: 1.0.0#c", "version: 1.0.0 ",
		"version: '1.0.0'", `version: "1.0.0"`, "version: &v 1.0.0", "version: !!str 1.0.0", "version: 1.0.0-rc.1+b.2",
		"version: 1.0", "version: 1", "version: null", "version: Null", "version: ~", "version:", "version: 1.0.0 extra",
		"version:\t1.0.0", "version: v1", "version: 1.0.0_x", "version: 1.0.0:x", "version: -1", "version: 1.0.0\r", "version : 1.0.0",
		"  version: 1.0.0", "Version: 1.0.0", "version: true",
	}
	tails := []string{
		"\nname: a\ntemplate: hi {x}\n", "\n\nname: a\ntemplate: hi\n", "\n  more\nname: a\ntemplate: t\n",
		"\n# c\n  more\nname: a\ntemplate: t\n", "\n  # c\nname: a\ntemplate: t\n", "\n\t\nname: a\ntemplate: t\n",
		"\nprompts:\n  - {name: a, template: \"x {q}\"}\n  - name: b\n    template: y\n    version: 2.0.0\n",
		"\n\n  continued\nname: a\ntemplate: t\n", "\nname: a\r\ntemplate: t\r\n", "\nname: a\ntemplate: t", "",
		"\n" + strings.Repeat("# long\n", topBytes/7) + "name: a\ntemplate: t\n",
	}
	for hi, head := range heads {
		for vi, v := range versions {
			for ti, tail := range tails {
				name := "gen/" + string(rune('a'+hi)) + string(rune('a'+vi)) + string(rune('a'+ti))
				for _, ext := range []string{".yaml", ".prompt.yml", ".json"} {
					files[name+ext] = []byte(head + v + tail)
				}
			}
		}
	}
	fast := 0
	for name, data := range files {
		f := ParseFile(name, data, DefaultConfig())
		for _, p := range f.Prompts {
			for _, next := range []string{"1.0.1", "2.0.0-rc.1", "1.0.1 # x"} {
				edits, ok := p.topVersionEdits(next)
				if !ok {
					continue
				}
				fast++
				ff, err := p.readFixFile()
				var want []Edit
				if err == nil {
					want, err = ff.replaceVersion(next)
				}
				if err != nil || !reflect.DeepEqual(edits, want) {
					t.Errorf("%s, prompt %q, version %q → %q: from the first lines %+v; parsed again %+v, %v\n%s", name, p.Name, p.Version, next, edits, want, err, data)
				}
			}
		}
	}
	if fast < 100 {
		t.Errorf("the first lines gave the edits %d times; the cases do not exercise them", fast)
	}
	t.Logf("%d files, %d fixes read off the first lines", len(files), fast)
}
