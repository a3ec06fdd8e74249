package lint_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/output"
)

// countingFS records every path of a tree the engine looks at.
type countingFS struct {
	fs.FS
	mu    sync.Mutex
	read  map[string]int // Open
	stats map[string]int // Stat and Lstat
}

func counting(fsys fs.FS) *countingFS {
	return &countingFS{FS: fsys, read: map[string]int{}, stats: map[string]int{}}
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.read[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

func (c *countingFS) Lstat(name string) (fs.FileInfo, error) {
	c.mu.Lock()
	c.stats[name]++
	c.mu.Unlock()
	return fs.Stat(c.FS, name)
}

func (c *countingFS) ReadLink(name string) (string, error) { return fs.ReadLink(c.FS, name) }

// files lists the files of the tree that were opened (directories left
// out), sorted.
func (c *countingFS) files() []string {
	var out []string
	for name := range c.read {
		if fi, err := fs.Stat(c.FS, name); err == nil && !fi.IsDir() {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// repoTrees returns a base and a head of n prompts that differ in one, and
// the change between them.
func repoTrees(n int) (base, head fstest.MapFS, changes []lint.FileChange) {
	base, head = fstest.MapFS{}, fstest.MapFS{}
	for i := range n {
		path, data := benchPrompt(i*6, "Answer the customer.\nKeep it short.\n", "1.0.0")
		base[path] = &fstest.MapFile{Data: []byte(data)}
		head[path] = &fstest.MapFile{Data: []byte(data)}
	}
	path, data := benchPrompt(6, "Answer the customer kindly.\nKeep it short.\n", "1.0.1")
	head[path] = &fstest.MapFile{Data: []byte(data)}
	return base, head, []lint.FileChange{{Path: path, OldPath: path}, {Path: "README.md", OldPath: "README.md"}}
}

// TestRunReadsTheChange: with the changed files given, the engine reads
// only those of the base; of the head it reads the rest only where the
// host says it lists the tree cheaply (Scan), and then only the bytes a
// repository-wide rule asks for. The report is the same either way,
// except for the count of prompt files.
func TestRunReadsTheChange(t *testing.T) {
	base, head, changes := repoTrees(40)
	changed := changes[0].Path
	var reports [][]byte
	for _, scan := range []bool{false, true} {
		b, h := counting(base), counting(head)
		rep, err := lint.Run(context.Background(), lint.Input{Base: b, Head: h, Changes: changes, Scan: scan, Registry: checks.All})
		if err != nil {
			t.Fatal(err)
		}
		if got := b.files(); !slices.Equal(got, []string{changed}) {
			t.Errorf("scan %v: base files read %q, want only %s", scan, got, changed)
		}
		if !scan {
			if got := h.files(); !slices.Equal(got, []string{changed}) {
				t.Errorf("scan %v: head files read %q, want only %s", scan, got, changed)
			}
			if rep.Files != 1 {
				t.Errorf("scan %v: Files = %d, want 1 (the changed file read)", scan, rep.Files)
			}
		} else if rep.Files != 40 {
			t.Errorf("scan %v: Files = %d, want 40 (every prompt file of the head)", scan, rep.Files)
		}
		if len(rep.Prompts) != 1 || rep.ChangedFiles != 1 {
			t.Fatalf("scan %v: %d prompts, %d changed files; want one each", scan, len(rep.Prompts), rep.ChangedFiles)
		}
		rep.Files = 0
		var buf bytes.Buffer
		if err := output.JSON(&buf, rep); err != nil {
			t.Fatal(err)
		}
		reports = append(reports, buf.Bytes())
	}
	if !bytes.Equal(reports[0], reports[1]) {
		t.Errorf("the reports differ with and without the scan:\n%s\n%s", reports[0], reports[1])
	}
}

// TestRunChangesMatchTreeComparison runs every check scenario of the
// command line's golden tests twice, comparing the trees (no changes
// given) and with the changes given and the head scanned as the command
// line does with git: the reports are the same.
func TestRunChangesMatchTreeComparison(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("..", "testdata", "check", "*.txtar"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			base, head := fstest.MapFS{}, fstest.MapFS{}
			cfg := lint.DefaultConfig()
			var req lint.LocalRequest
			for _, f := range ar.Files {
				switch {
				case strings.HasPrefix(f.Name, "base/"):
					base[strings.TrimPrefix(f.Name, "base/")] = &fstest.MapFile{Data: f.Data}
				case strings.HasPrefix(f.Name, "head/"):
					head[strings.TrimPrefix(f.Name, "head/")] = &fstest.MapFile{Data: f.Data}
				case f.Name == "config.yaml":
					if cfg, err = lint.LoadConfig("config.yaml", bytes.NewReader(f.Data)); err != nil {
						t.Fatal(err)
					}
				case f.Name == "pr-body.md":
					req.Body = string(f.Data)
				}
			}
			changes := []lint.FileChange{}
			for p, f := range head {
				if b, ok := base[p]; !ok {
					changes = append(changes, lint.FileChange{Path: p})
				} else if !bytes.Equal(b.Data, f.Data) {
					changes = append(changes, lint.FileChange{Path: p, OldPath: p})
				}
			}
			for p := range base {
				if _, ok := head[p]; !ok {
					changes = append(changes, lint.FileChange{OldPath: p})
				}
			}
			var out []string
			for _, ch := range [][]lint.FileChange{nil, changes} {
				rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Changes: ch, Scan: true, Request: req,
					Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := output.JSON(&buf, rep); err != nil {
					t.Fatal(err)
				}
				out = append(out, buf.String())
			}
			if out[0] != out[1] {
				t.Errorf("reports differ:\ncompared trees:\n%s\nchanges given:\n%s", out[0], out[1])
			}
		})
	}
}

// TestRunNamesAcrossTheRepository: prompt-name-duplicate sees a name an
// unchanged prompt declares, also when it is spelled with an escape, and
// says where; a name used nowhere else gives nothing.
func TestRunNamesAcrossTheRepository(t *testing.T) {
	for _, tc := range []struct {
		other, want string
	}{
		{"name: shared_reply\n", "prompts/a.yaml:1"},
		{"name: \"shared\\u005freply\"\n", "prompts/a.yaml:1"},
		{"name: other_reply\n", ""},
	} {
		body := "version: 1.0.0\ndescription: Replies.\ntemplate: Reply to {question}.\nvariables:\n  question: null\n"
		base := fstest.MapFS{
			"prompts/a.yaml": {Data: []byte(tc.other + body)},
			"prompts/b.yaml": {Data: []byte("name: shared_reply\n" + body)},
		}
		head := fstest.MapFS{
			"prompts/a.yaml": base["prompts/a.yaml"],
			"prompts/b.yaml": {Data: []byte("name: shared_reply\n" + strings.Replace(body, "Reply", "Answer", 1))},
		}
		rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Scan: true,
			Changes: []lint.FileChange{{Path: "prompts/b.yaml", OldPath: "prompts/b.yaml"}}, Registry: checks.All})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range rep.Findings {
			if f.Rule == "prompt-name-duplicate" {
				got = append(got, f.Message)
			}
		}
		switch {
		case tc.want == "" && len(got) != 0:
			t.Errorf("%q: findings %q, want none", tc.other, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%q: findings %q, want one naming %s", tc.other, got, tc.want)
		}
	}
}

// fakeRequest counts what the engine asks.
type fakeRequest struct {
	desc    *lint.Description
	reviews []lint.Review
	commits []lint.Commit
	files   map[string][]string
	asked   map[string]int
	fail    error
}

func (r *fakeRequest) Description(context.Context) (*lint.Description, error) {
	r.asked["description"]++
	return r.desc, r.fail
}

func (r *fakeRequest) Reviews(context.Context) ([]lint.Review, error) {
	r.asked["reviews"]++
	return r.reviews, nil
}

func (r *fakeRequest) Commits(context.Context) ([]lint.Commit, error) {
	r.asked["commits"]++
	return r.commits, nil
}

func (r *fakeRequest) CommitFiles(_ context.Context, sha string) ([]string, bool, error) {
	r.asked["files "+sha]++
	return r.files[sha], true, nil
}

// TestRunAsksTheRequestLazily: the engine asks the request only what an
// enabled rule or the checklist needs, once: the reviews when a prompt's
// environment requires team-reviewed, the commits when
// commit-message-generic runs, a commit's files only for a generic
// message; a change without a description (a push) has no checklist.
func TestRunAsksTheRequestLazily(t *testing.T) {
	base, head, changes := repoTrees(3)
	commits := []lint.Commit{
		{SHA: "aaaaaaaa", Message: "fix"},
		{SHA: "bbbbbbbb", Message: "Ask the answer prompts for a kinder tone"},
		{SHA: "cccccccc", Message: "update prompt", Paths: []string{changes[0].Path}, PathsKnown: true},
	}
	for _, tc := range []struct {
		name, config string
		desc         *lint.Description
		want         map[string]int
		checklist    bool
	}{
		{"production", "default_environment: production\n", &lint.Description{Reviews: true},
			map[string]int{"description": 1, "reviews": 1, "commits": 1, "files aaaaaaaa": 1}, true},
		{"development", "default_environment: development\nrules:\n  commit-message-generic: \"off\"\n", &lint.Description{Reviews: true},
			map[string]int{"description": 1}, true},
		{"locally", "default_environment: production\n", &lint.Description{},
			map[string]int{"description": 1, "commits": 1, "files aaaaaaaa": 1}, true},
		{"push", "default_environment: production\n", nil,
			map[string]int{"description": 1, "commits": 1, "files aaaaaaaa": 1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := lint.LoadConfig("c.yaml", strings.NewReader(tc.config))
			if err != nil {
				t.Fatal(err)
			}
			req := &fakeRequest{desc: tc.desc, commits: commits, files: map[string][]string{"aaaaaaaa": {changes[0].Path}}, asked: map[string]int{}}
			rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Changes: changes, Request: req,
				Config: lint.ConfigFile{Config: cfg}, Registry: checks.All})
			if err != nil {
				t.Fatal(err)
			}
			if len(req.asked) != len(tc.want) {
				t.Errorf("asked %v, want %v", req.asked, tc.want)
			}
			for k, n := range tc.want {
				if req.asked[k] != n {
					t.Errorf("asked %v, want %v", req.asked, tc.want)
					break
				}
			}
			if got := len(rep.Checklist) > 0; got != tc.checklist {
				t.Errorf("checklist %v, want %v", got, tc.checklist)
			}
		})
	}

	req := &fakeRequest{fail: errors.New("the API is down"), asked: map[string]int{}}
	if _, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head, Changes: changes, Request: req, Registry: checks.All}); err == nil || !strings.Contains(err.Error(), "the API is down") {
		t.Errorf("a request that fails: %v, want its error", err)
	}
}

// TestValidate: the engine refuses a registry it cannot run.
func TestValidate(t *testing.T) {
	run := func(*lint.Pass) {}
	a := &lint.Producer{Name: "a", Doc: "a", Run: func(*lint.Pass) any { return nil }}
	b := &lint.Producer{Name: "b", Doc: "b", Requires: []*lint.Producer{a}, Run: func(*lint.Pass) any { return nil }}
	cyclic := &lint.Producer{Name: "c", Doc: "c", Run: func(*lint.Pass) any { return nil }}
	cyclic.After = []*lint.Producer{cyclic}
	rule := func(id string, req ...*lint.Producer) *lint.Rule {
		return &lint.Rule{ID: id, Severity: lint.Warning, Doc: "Does something.", Requires: req, Run: run}
	}
	if err := lint.Validate(checks.All); err != nil {
		t.Errorf("checks.All: %v", err)
	}
	if err := lint.Validate([]*lint.Rule{rule("x", b), rule("y", a)}); err != nil {
		t.Errorf("a valid registry: %v", err)
	}
	for _, tc := range []struct {
		name string
		reg  []*lint.Rule
		want string
	}{
		{"duplicate", []*lint.Rule{rule("x"), rule("x")}, `"x" appears twice`},
		{"unsorted", []*lint.Rule{rule("y"), rule("x")}, "not sorted"},
		{"id", []*lint.Rule{rule("Bad_ID")}, "not kebab-case"},
		{"no run", []*lint.Rule{{ID: "x", Severity: lint.Error, Doc: "X."}}, "no Run"},
		{"no doc", []*lint.Rule{{ID: "x", Severity: lint.Error, Run: run}}, "no doc"},
		{"unnamed producer", []*lint.Rule{rule("x", &lint.Producer{Run: func(*lint.Pass) any { return nil }})}, "producer without a name"},
		{"cycle", []*lint.Rule{rule("x", cyclic)}, "depends on itself"},
	} {
		err := lint.Validate(tc.reg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.want)
		}
		if _, err := lint.Run(context.Background(), lint.Input{Head: fstest.MapFS{}, Registry: tc.reg}); err == nil {
			t.Errorf("%s: Run accepted the registry", tc.name)
		}
	}
}

// idFS is a tree that names its files' content, as a git revision does.
type idFS struct{ fstest.MapFS }

func (t idFS) ContentID(name string) (string, bool) {
	f, ok := t.MapFS[name]
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%x", sha256.Sum256(f.Data)), true
}

// mapIndex is an Index in memory.
type mapIndex map[string][]string

func (m mapIndex) Names(key string) ([]string, bool)   { n, ok := m[key]; return n, ok }
func (m mapIndex) SetNames(key string, names []string) { m[key] = names }

// TestRunIndexesNames: with an Index and a base that names its files'
// content, the first check reads every unchanged file once to learn its
// names; the next reads none of them unless it holds the name looked for,
// and finds the same duplicate.
func TestRunIndexesNames(t *testing.T) {
	base, head, changes := repoTrees(30)
	changed := changes[0].Path
	// An unchanged prompt, earlier in path order, that declares the
	// changed prompt's name.
	dup := "prompts/team00/reply_00000.yaml"
	name := "reply_00006"
	data := strings.Replace(string(head[dup].Data), "name: reply_00000", "name: "+name, 1)
	if strings.Count(string(head[changed].Data), "name: "+name) != 1 || data == string(head[dup].Data) {
		t.Fatalf("the trees are not as the test expects")
	}
	base[dup], head[dup] = &fstest.MapFile{Data: []byte(data)}, &fstest.MapFile{Data: []byte(data)}

	index := mapIndex{}
	for run := 1; run <= 2; run++ {
		h := counting(head)
		rep, err := lint.Run(context.Background(), lint.Input{Base: idFS{base}, Head: h, Changes: changes, Scan: true, Index: index, Registry: checks.All})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range rep.Findings {
			if f.Rule == "prompt-name-duplicate" {
				got = append(got, f.Path+": "+f.Message)
			}
		}
		if len(got) != 1 || !strings.Contains(got[0], dup) {
			t.Errorf("run %d: duplicate findings %q, want one naming %s", run, got, dup)
		}
		read := h.files()
		switch {
		case run == 1 && len(read) < 29:
			t.Errorf("run 1 read %d files, want every one to learn their names", len(read))
		case run == 2 && !slices.Equal(read, sortedOf(changed, dup)):
			t.Errorf("run 2 read %q, want only the changed file and the one holding its name", read)
		}
	}
	if len(index) != 29 {
		t.Errorf("the index holds %d files, want the 29 unchanged ones", len(index))
	}
}

// TestFileIndex: what one run saves the next reads, under the same salt
// only, whatever bytes the names hold; a file cut short, with bytes after
// its end, or that is not an index at all reads as an empty one; past
// maxIndexEntries, Save keeps the entries the run used.
func TestFileIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache", "names.idx")
	x := lint.OpenFileIndex(path, "v1")
	if _, ok := x.Names("k"); ok {
		t.Fatal("a new index knows a key")
	}
	want := map[string][]string{
		"k":          {"a", "b"},
		"none":       {},
		"odd\x00key": {"tab\there", "line\nbreak", "", "ünïcode", strings.Repeat("long", 100)},
	}
	for k, names := range want {
		x.SetNames(k, names)
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	y := lint.OpenFileIndex(path, "v1")
	for k, names := range want {
		if got, ok := y.Names(k); !ok || !slices.Equal(got, names) {
			t.Errorf("reopened %q: %q, %v; want %q", k, got, ok, names)
		}
	}
	if _, ok := lint.OpenFileIndex(path, "v2").Names("k"); ok {
		t.Error("another salt reads the names")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"{not an index", string(data) + "x"} {
		if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, ok := lint.OpenFileIndex(path, "v1").Names("k"); ok {
			t.Errorf("a corrupt index (%.20q) answered", bad)
		}
	}
	for n := range len(data) {
		if err := os.WriteFile(path, data[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		if _, ok := lint.OpenFileIndex(path, "v1").Names("k"); ok {
			t.Errorf("an index cut to %d of its %d bytes answered", n, len(data))
		}
	}
}

// TestFileIndexBounded: past maxIndexEntries entries, Save keeps only
// those the run asked for or set.
func TestFileIndexBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "names.idx")
	x := lint.OpenFileIndex(path, "v1")
	for i := range 100_001 {
		x.SetNames(fmt.Sprint("old", i), []string{"n"})
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	y := lint.OpenFileIndex(path, "v1")
	if _, ok := y.Names("old7"); !ok {
		t.Fatal("the index lost an entry it had set")
	}
	y.SetNames("new", []string{"m"})
	if err := y.Save(); err != nil {
		t.Fatal(err)
	}
	z := lint.OpenFileIndex(path, "v1")
	for key, want := range map[string]bool{"old7": true, "new": true, "old8": false} {
		if _, ok := z.Names(key); ok != want {
			t.Errorf("after a run that used old7 and set new: %s kept %v, want %v", key, ok, want)
		}
	}
}

func sortedOf(list ...string) []string {
	slices.Sort(list)
	return list
}

// TestFindConfigFile: the first candidate present is read; one that is a
// link or over MaxConfigSize is refused without being read; none present
// gives the defaults.
func TestFindConfigFile(t *testing.T) {
	big := "# " + strings.Repeat("x", lint.MaxConfigSize) + "\n"
	tree := fstest.MapFS{
		"svc/.promptlint.yml":   {Data: []byte("only_new: true\n")},
		"big/.promptlint.yaml":  {Data: []byte(big)},
		"link/.promptlint.yaml": {Data: []byte("../svc/.promptlint.yml"), Mode: fs.ModeSymlink},
	}
	cf, err := lint.FindConfigFile(tree, []string{"svc/.promptlint.yaml", "svc/.promptlint.yml"})
	if err != nil || cf.Path != "svc/.promptlint.yml" || !cf.Config.OnlyNew {
		t.Errorf("FindConfigFile(svc) = %q, %v", cf.Path, err)
	}
	if cf, err := lint.FindConfigFile(tree, []string{"none/.promptlint.yaml"}); err != nil || cf.Path != "" || cf.Config == nil {
		t.Errorf("FindConfigFile(none) = %q, %v; want the defaults", cf.Path, err)
	}
	var ue *lint.UsageError
	for _, p := range []string{"big/.promptlint.yaml", "link/.promptlint.yaml"} {
		if _, err := lint.FindConfigFile(tree, []string{p}); !errors.As(err, &ue) {
			t.Errorf("FindConfigFile(%s): %v, want a usage error", p, err)
		}
	}
}

// grepFS is a base that searches its files itself, as a git revision
// does (git grep), and counts the searches.
type grepFS struct {
	idFS
	searches *int
}

func (g grepFS) FilesContaining(strs []string) ([]string, error) {
	*g.searches++
	var out []string
	for name, f := range g.MapFS {
		for _, s := range strs {
			if strings.Contains(string(f.Data), s) {
				out = append(out, name)
				break
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// TestRunGrepsNames: with a base that searches its files (a git revision),
// a check reads of the unchanged files only those that may hold the name
// looked for, on the first run as on the next; it finds the duplicate
// declared as written and one spelled with an escape, and the index
// learns the names of the files it parsed.
func TestRunGrepsNames(t *testing.T) {
	base, head, changes := repoTrees(30)
	changed := changes[0].Path
	name := "reply_00006"
	plain, escaped := "prompts/team00/reply_00000.yaml", "prompts/team04/reply_00054.yaml"
	for p, spelt := range map[string]string{plain: "name: " + name, escaped: `name: "reply\u005f00006"`} {
		data := strings.Replace(string(head[p].Data), "name: "+strings.TrimSuffix(path.Base(p), ".yaml"), spelt, 1)
		if data == string(head[p].Data) {
			t.Fatalf("the trees are not as the test expects")
		}
		base[p], head[p] = &fstest.MapFile{Data: []byte(data)}, &fstest.MapFile{Data: []byte(data)}
	}
	index := mapIndex{}
	for run := 1; run <= 2; run++ {
		searches := 0
		h := counting(head)
		rep, err := lint.Run(context.Background(), lint.Input{Base: grepFS{idFS{base}, &searches}, Head: h, Changes: changes, Scan: true, Index: index, Registry: checks.All})
		if err != nil {
			t.Fatal(err)
		}
		got := messagesOf(rep, "prompt-name-duplicate")
		if len(got) != 1 || !strings.Contains(got[0], plain) {
			t.Errorf("run %d: duplicate findings %q, want one naming %s", run, got, plain)
		}
		if read := h.files(); !slices.Equal(read, sortedOf(changed, plain, escaped)) {
			t.Errorf("run %d read %q, want the changed file and the two that may hold its name", run, read)
		}
		if searches != 1 {
			t.Errorf("run %d searched the base %d times, want once", run, searches)
		}
	}
	if len(index) != 2 {
		t.Errorf("the index holds %d files, want the two parsed", len(index))
	}
	// The escaped spelling is the same name: with the plain one gone,
	// the duplicate found is the escaped one.
	delete(base, plain)
	delete(head, plain)
	searches := 0
	rep, err := lint.Run(context.Background(), lint.Input{Base: grepFS{idFS{base}, &searches}, Head: head, Changes: changes, Scan: true, Registry: checks.All})
	if err != nil {
		t.Fatal(err)
	}
	if got := messagesOf(rep, "prompt-name-duplicate"); len(got) != 1 || !strings.Contains(got[0], escaped) {
		t.Errorf("no duplicate found in %s, which spells the name with an escape", escaped)
	}
}

// TestRunIndexFillsInSteps: a base that cannot be searched is scanned,
// and each scan parses a share of the files the index does not know (at
// least 64), so that a run without an index costs little more than the
// scan; the index grows with every run until the runs read only the
// changed file and the one holding its name.
func TestRunIndexFillsInSteps(t *testing.T) {
	base, head, changes := repoTrees(300)
	changed := changes[0].Path
	dup := "prompts/team00/reply_00000.yaml"
	data := strings.Replace(string(head[dup].Data), "name: reply_00000", "name: reply_00006", 1)
	base[dup], head[dup] = &fstest.MapFile{Data: []byte(data)}, &fstest.MapFile{Data: []byte(data)}
	index := mapIndex{}
	last := 0
	for run := 1; ; run++ {
		h := counting(head)
		rep, err := lint.Run(context.Background(), lint.Input{Base: idFS{base}, Head: h, Changes: changes, Scan: true, Index: index, Registry: checks.All})
		if err != nil {
			t.Fatal(err)
		}
		if got := messagesOf(rep, "prompt-name-duplicate"); len(got) != 1 || !strings.Contains(got[0], dup) {
			t.Fatalf("run %d: duplicate findings %q, want one naming %s", run, got, dup)
		}
		if len(index) == last {
			if read := h.files(); !slices.Equal(read, sortedOf(changed, dup)) {
				t.Errorf("run %d, with the index full, read %d files, want the changed one and %s", run, len(read), dup)
			}
			break
		}
		if grown := len(index) - last; grown < 64 && len(index) != 299 {
			t.Errorf("run %d: the index learned %d files, want at least 64", run, grown)
		}
		if run == 1 && len(index) > 299/2 {
			t.Errorf("run 1 parsed %d of 299 unchanged files for the index, want a share", len(index))
		}
		last = len(index)
		if run > 10 {
			t.Fatalf("the index holds %d of 299 files after %d runs", len(index), run)
		}
	}
	if last != 299 {
		t.Errorf("the index holds %d files, want the 299 unchanged ones", last)
	}
}

// messagesOf returns the messages of a rule's findings in a report.
func messagesOf(rep *lint.Report, rule string) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Rule == rule {
			out = append(out, f.Message)
		}
	}
	return out
}

// TestRunReadsAheadOnDisk: with the head a directory on disk and a base
// that cannot be searched, the engine reads the unchanged files ahead in
// the background; the findings, the index it fills and an error of a
// file it cannot read are those of a head it cannot read ahead (a tree
// in memory). Run returns only when that reading is done (under -race,
// the index would otherwise be written while the test reads it).
func TestRunReadsAheadOnDisk(t *testing.T) {
	base, head, changes := repoTrees(300)
	dup := "prompts/team00/reply_00000.yaml"
	data := strings.Replace(string(head[dup].Data), "name: reply_00000", "name: reply_00006", 1)
	base[dup], head[dup] = &fstest.MapFile{Data: []byte(data)}, &fstest.MapFile{Data: []byte(data)}
	dir := t.TempDir()
	for p, f := range head {
		if err := os.MkdirAll(filepath.Join(dir, path.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check := func(head fs.FS, index mapIndex) (*lint.Report, error) {
		return lint.Run(context.Background(), lint.Input{Base: idFS{base}, Head: head, Changes: changes, Scan: true, Index: index, Registry: checks.All})
	}
	onDisk, inMemory := mapIndex{}, mapIndex{}
	for run := 1; run <= 2; run++ {
		got, err := check(lint.DirFS(dir), onDisk)
		if err != nil {
			t.Fatal(err)
		}
		want, err := check(head, inMemory)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Findings, want.Findings) || got.Files != want.Files {
			t.Errorf("run %d: on disk %d files, findings %v; in memory %d files, findings %v", run, got.Files, got.Findings, want.Files, want.Findings)
		}
		if msgs := messagesOf(got, "prompt-name-duplicate"); len(msgs) != 1 || !strings.Contains(msgs[0], dup) {
			t.Errorf("run %d: duplicate findings %q, want one naming %s", run, msgs, dup)
		}
		if !reflect.DeepEqual(onDisk, inMemory) || len(onDisk) < 64*run {
			t.Errorf("run %d: the index on disk holds %d files, in memory %d; want the same, at least %d", run, len(onDisk), len(inMemory), 64*run)
		}
	}
	// A changed prompt without a declared name looks no name up: what
	// was read ahead fills the index all the same, before Run returns.
	changed := changes[0].Path
	unnamed := regexp.MustCompile(`(?m)^name: .*\n`)
	if err := os.WriteFile(filepath.Join(dir, changed), unnamed.ReplaceAll(head[changed].Data, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	named := base[changed]
	base[changed] = &fstest.MapFile{Data: unnamed.ReplaceAll(named.Data, nil)}
	index := mapIndex{}
	if _, err := check(lint.DirFS(dir), index); err != nil {
		t.Fatal(err)
	}
	if len(index) < 64 {
		t.Errorf("the index holds %d files after a run that read ahead, want at least 64", len(index))
	}
	base[changed] = named
	if err := os.WriteFile(filepath.Join(dir, changed), head[changed].Data, 0o644); err != nil {
		t.Fatal(err)
	}
	// A file the base lists and the change leaves alone, gone from the
	// disk: the scan reports it, as it does for a tree in memory.
	paths := slices.Sorted(maps.Keys(head))
	gone := paths[len(paths)-1]
	if gone == changes[0].Path || gone == dup || !strings.HasSuffix(gone, ".yaml") {
		t.Fatalf("the trees are not as the test expects: %s", gone)
	}
	if err := os.Remove(filepath.Join(dir, gone)); err != nil {
		t.Fatal(err)
	}
	delete(head, gone)
	for name, fsys := range map[string]fs.FS{"on disk": lint.DirFS(dir), "in memory": head} {
		if _, err := check(fsys, mapIndex{}); err == nil || !strings.Contains(err.Error(), gone) {
			t.Errorf("%s, without %s: %v, want an error naming it", name, gone, err)
		}
	}
}
