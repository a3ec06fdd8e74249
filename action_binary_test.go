package main

import (
	"bytes"
	"debug/elf"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/action"
	"github.com/promptlint/promptlint/lint/github"
	"github.com/promptlint/promptlint/lint/github/githubtest"
)

// e2eVersion is the version the tests' builds are stamped with, as the
// release workflow passes VERSION to the Dockerfile.
const e2eVersion = "v9.8.7-e2e"

// dockerBuild returns the environment and the go command line of the
// Dockerfile's build step (RUN CGO_ENABLED=0 ... go build ... -o
// /promptlint .), with its build arguments put in and the output
// redirected to out, so that the tests build what the image ships.
func dockerBuild(tb testing.TB, out string) (env, args []string) {
	tb.Helper()
	data, err := os.ReadFile("Dockerfile")
	if err != nil {
		tb.Fatal(err)
	}
	vars := map[string]string{"VERSION": e2eVersion, "TARGETOS": runtime.GOOS, "TARGETARCH": runtime.GOARCH}
	for _, line := range strings.Split(string(data), "\n") {
		cmd, ok := strings.CutPrefix(strings.TrimSpace(line), "RUN ")
		if !ok || !strings.Contains(cmd, "go build") {
			continue
		}
		words := shellWords(os.Expand(cmd, func(k string) string { return vars[k] }))
		for len(words) > 0 && strings.Contains(words[0], "=") {
			env = append(env, words[0])
			words = words[1:]
		}
		for i := range words {
			if words[i] == "-o" && i+1 < len(words) {
				words[i+1] = out
			}
		}
		return env, words
	}
	tb.Fatal("the Dockerfile has no RUN ... go build line")
	return nil, nil
}

// shellWords splits a command line as sh would for the simple lines of
// the Dockerfile's RUN and the README's examples: on blanks, with single-
// and double-quoted parts kept whole.
func shellWords(s string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// buildBinary builds promptlint with the Dockerfile's build step, once
// per run of the tests: into a temporary directory that TestMain removes,
// checked to be statically linked and to print its version. It returns
// its path; every test that asks reports what was wrong with the build.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("builds the binary; skipped with -short")
	}
	built.once.Do(func() {
		// What the others see when the first stops before buildOnce
		// returns (tb.Fatal in dockerBuild).
		built.problems = []string{"the binary was not built: see the first test that asked for it"}
		built.path, built.log, built.problems = buildOnce(tb)
	})
	for _, l := range built.log {
		tb.Log(l)
	}
	for _, p := range built.problems {
		tb.Error(p)
	}
	if built.path == "" {
		tb.FailNow()
	}
	return built.path
}

// built is the binary buildBinary built.
var built struct {
	once     sync.Once
	dir      string // removed by TestMain
	path     string // "" when the build failed
	log      []string
	problems []string
}

func TestMain(m *testing.M) {
	// The tests run the command in this process, as main would, so they
	// collect garbage as main does under its memory limit.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// buildOnce builds the binary for buildBinary; tb is only read for the
// Dockerfile's build step.
func buildOnce(tb testing.TB) (bin string, log, problems []string) {
	dir, err := os.MkdirTemp("", "promptlint-bin-")
	if err != nil {
		return "", nil, []string{err.Error()}
	}
	built.dir = dir
	bin = filepath.Join(dir, "promptlint")
	env, args := dockerBuild(tb, bin)
	if len(args) < 2 || args[0] != "go" || args[1] != "build" {
		return "", nil, []string{fmt.Sprintf("the Dockerfile's build step is %q, not a go build", args)}
	}
	// The step's flags, run by go run instead of go build: go run keeps
	// the executable it links in the build cache, so when the sources
	// have not changed since the tests last ran, the binary is copied
	// from there (-exec cp, to bin) instead of linked again, about a
	// second of CPU. The binary is the same.
	run := []string{"run", "-exec", "cp"}
	for i := 2; i < len(args); i++ {
		if args[i] == "-o" {
			i++
			continue
		}
		run = append(run, args[i])
	}
	run = append(run, bin)
	cmd := exec.Command(args[0], run...)
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", nil, []string{fmt.Sprintf("%s go %s: %v\n%s", strings.Join(env, " "), strings.Join(run, " "), err, out)}
	}
	log = append(log, fmt.Sprintf("built with the Dockerfile's step (%s %s) in %s, as: go %s", strings.Join(env, " "), strings.Join(args, " "), time.Since(start).Round(time.Millisecond), strings.Join(run, " ")))
	f, err := elf.Open(bin)
	if err != nil {
		return "", log, []string{fmt.Sprintf("the binary is not ELF: %v", err)}
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			problems = append(problems, fmt.Sprintf("the binary has a %v program header: it is dynamically linked", p.Type))
		}
	}
	if s := f.Section(".dynamic"); s != nil {
		problems = append(problems, "the binary has a .dynamic section: it is dynamically linked")
	}
	if out, err := exec.Command(bin, "version").Output(); err != nil || strings.TrimSpace(string(out)) != "promptlint "+e2eVersion {
		problems = append(problems, fmt.Sprintf("%s version: %q, %v; want promptlint %s", bin, out, err, e2eVersion))
	}
	st, err := os.Stat(bin)
	if err != nil {
		return "", log, append(problems, err.Error())
	}
	log = append(log, fmt.Sprintf("static binary: %d bytes (%.1f MB)", st.Size(), float64(st.Size())/1e6))
	return bin, log, problems
}

const binToken = "ghs_BinaryTestTokenNeverPrinted7"

// actionWorld is a PR of n changed prompts on the fake, an event payload
// and the files GitHub gives a Docker action.
type actionWorld struct {
	srv *githubtest.Server
	dir string
	env []string
}

func newActionWorld(tb testing.TB, n int) *actionWorld {
	tb.Helper()
	w := &actionWorld{srv: githubtest.NewServer(tb), dir: tb.TempDir()}
	w.srv.RequireToken(binToken)
	fixtures, err := githubtest.FixturesDir()
	if err != nil {
		tb.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(fixtures, "webhook-pull_request-opened.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal(data, &ev); err != nil {
		tb.Fatal(err)
	}
	pr := ev["pull_request"].(map[string]any)
	pr["changed_files"] = n
	base := pr["base"].(map[string]any)["sha"].(string)
	head := pr["head"].(map[string]any)["sha"].(string)
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("prompts/answer_%03d.yaml", i)
		w.srv.AddPRFile(githubtest.File{Name: name, Status: "modified", Additions: 1, Deletions: 1})
		w.srv.SetFile(base, name, binPrompt(i, "1.0.0", "Be brief."))
		// The first prompt is not bumped: one error.
		version := "1.0.1"
		if i == 0 {
			version = "1.0.0"
		}
		w.srv.SetFile(head, name, binPrompt(i, version, "Be brief and kind."))
	}
	ws := filepath.Join(w.dir, "workspace")
	tmp := filepath.Join(w.dir, "temp")
	for _, d := range []string{ws, tmp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	cfg := "default_environment: development\nenvironments:\n  development:\n    requires: []\nrules:\n  commit-message-generic: \"off\"\n"
	// The repository's config, as the API serves it at the head (the job
	// need not check out the repository).
	w.srv.SetFile(head, ".promptlint.yaml", cfg)
	out, _ := json.Marshal(ev)
	if err := os.WriteFile(filepath.Join(w.dir, "event.json"), out, 0o644); err != nil {
		tb.Fatal(err)
	}
	// The environment a Docker action gets, hyphenated input names and all.
	w.env = []string{
		"HOME=" + w.dir,
		"GITHUB_ACTIONS=true",
		"CI=true",
		"GITHUB_EVENT_NAME=pull_request",
		"GITHUB_EVENT_PATH=" + filepath.Join(w.dir, "event.json"),
		"GITHUB_REPOSITORY=Codertocat/Hello-World",
		"GITHUB_REPOSITORY_OWNER=Codertocat",
		"GITHUB_API_URL=" + w.srv.URL,
		"GITHUB_SERVER_URL=https://github.com",
		"GITHUB_RUN_ID=7",
		"GITHUB_SHA=" + head,
		"GITHUB_REF=refs/pull/2/merge",
		"GITHUB_OUTPUT=" + filepath.Join(w.dir, "output"),
		"GITHUB_STEP_SUMMARY=" + filepath.Join(w.dir, "summary"),
		"GITHUB_WORKSPACE=" + ws,
		"RUNNER_TEMP=" + tmp,
		"INPUT_GITHUB-TOKEN=" + binToken,
		"INPUT_FAIL-ON=error",
		"INPUT_COMMENT=on-change",
		"INPUT_CONFIG=",
		"INPUT_FILES=",
		"INPUT_REVIEW-THRESHOLD=",
		"INPUT_SARIF-FILE=promptlint.sarif",
		"INPUT_WORKING-DIRECTORY=",
	}
	return w
}

func binPrompt(i int, version, sentence string) string {
	return fmt.Sprintf("name: answer_%03d\nversion: %s\ndescription: Answers a customer's question.\nvariables:\n  customer_question: null\ntemplate: |\n  You are a support agent for Acme. %s\n\n  Question: {customer_question}\nchangelog:\n  - version: %s\n    date: 2026-01-02\n    changes: %s\n", i, version, sentence, version, sentence)
}

func (w *actionWorld) run(tb testing.TB, bin string) (code int, stdout, stderr string) {
	tb.Helper()
	cmd := exec.Command(bin, "action")
	cmd.Env = w.env
	cmd.Dir = filepath.Join(w.dir, "workspace")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	}
	if err != nil {
		tb.Fatalf("running %s action: %v", bin, err)
	}
	return 0, out.String(), errb.String()
}

func TestBinaryAction(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	w := newActionWorld(t, 3)
	code, stdout, stderr := w.run(t, bin)
	if code != 1 {
		t.Fatalf("exit code %d, want 1 (one error)\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	comments := w.srv.Comments()
	if len(comments) != 1 || !github.IsSticky(comments[0].Body) {
		t.Fatalf("comments %+v, want one sticky comment", comments)
	}
	output, err := os.ReadFile(filepath.Join(w.dir, "output"))
	if err != nil {
		t.Fatal(err)
	}
	// go-githubactions writes each output as name<<DELIMITER, value, DELIMITER.
	const delim = "_GitHubActionsFileCommandDelimeter_"
	got := map[string]string{}
	var names []string
	lines := strings.Split(strings.TrimSuffix(string(output), "\n"), "\n")
	for i := 0; i+2 < len(lines); i += 3 {
		name, d, ok := strings.Cut(lines[i], "<<")
		if !ok || d != delim || lines[i+2] != delim {
			t.Fatalf("outputs:\n%s\nline %d is not a one-line heredoc value", output, i+1)
		}
		got[name] = lines[i+1]
		names = append(names, name)
	}
	if strings.Join(names, ",") != strings.Join(action.Outputs, ",") {
		t.Errorf("outputs %q, want %q", names, action.Outputs)
	}
	for k, v := range map[string]string{"errors": "1", "warnings": "0", "changed-prompts": "3",
		"report": filepath.Join(w.dir, "temp", action.ReportName), "comment-url": comments[0].HTMLURL} {
		if got[k] != v {
			t.Errorf("output %s = %q, want %q", k, got[k], v)
		}
	}
	if !regexp.MustCompile(`^0\.\d+$`).MatchString(got["min-similarity"]) {
		t.Errorf("min-similarity = %q, want a value below 1", got["min-similarity"])
	}
	if _, err := os.Stat(filepath.Join(w.dir, "workspace", "promptlint.sarif")); err != nil {
		t.Errorf("no SARIF file: %v", err)
	}
	lines = strings.Split(stdout, "\n")
	if lines[0] != "::add-mask::"+binToken {
		t.Errorf("first stdout line %q, want the mask", lines[0])
	}
	if !strings.Contains(stdout, "::error file=prompts/answer_000.yaml,line=") {
		t.Errorf("no error annotation for prompts/answer_000.yaml:\n%s", stdout)
	}
	for _, l := range append(lines[1:], strings.Split(stderr, "\n")...) {
		if strings.Contains(l, binToken) {
			t.Errorf("a log line shows the token: %q", l)
		}
	}
}

// TestActionYAMLMatchesCode: action.yml declares exactly the inputs the
// action reads and the outputs it writes.
func TestActionYAMLMatchesCode(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		Name        string `yaml:"name"`
		Description string `yaml:"description"`
		Branding    struct {
			Icon  string `yaml:"icon"`
			Color string `yaml:"color"`
		} `yaml:"branding"`
		Inputs  map[string]any `yaml:"inputs"`
		Outputs map[string]any `yaml:"outputs"`
		Runs    struct {
			Using string `yaml:"using"`
			Image string `yaml:"image"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	keys := func(m map[string]any) string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return strings.Join(ks, ",")
	}
	sorted := func(list []string) string {
		l := append([]string(nil), list...)
		sort.Strings(l)
		return strings.Join(l, ",")
	}
	if got, want := keys(meta.Inputs), sorted(action.Inputs); got != want {
		t.Errorf("action.yml inputs %s; the action reads %s", got, want)
	}
	if got, want := keys(meta.Outputs), sorted(action.Outputs); got != want {
		t.Errorf("action.yml outputs %s; the action writes %s", got, want)
	}
	// What the Marketplace asks: a name, a description under 125
	// characters, branding; and every input's default, documented.
	if meta.Name == "" || meta.Branding.Icon == "" || meta.Branding.Color == "" {
		t.Errorf("action.yml: name %q, branding %+v; the Marketplace wants both", meta.Name, meta.Branding)
	}
	if n := len([]rune(meta.Description)); n == 0 || n >= 125 {
		t.Errorf("action.yml: the description has %d characters; the Marketplace wants fewer than 125", n)
	}
	for name, v := range meta.Inputs {
		in, _ := v.(map[string]any)
		desc, _ := in["description"].(string)
		if _, ok := in["default"]; !ok || !strings.Contains(desc, "Default") {
			t.Errorf("action.yml: input %s has no default, or its description does not say it", name)
		}
	}
	if meta.Runs.Using != "docker" || meta.Runs.Image != "Dockerfile" {
		t.Errorf("runs: using %q, image %q; want docker and Dockerfile", meta.Runs.Using, meta.Runs.Image)
	}
}

func TestDockerfile(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var entry []string
	sawCGO := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		switch strings.ToUpper(word) {
		case "USER":
			t.Errorf("Dockerfile has a USER line (%q): GitHub runs Docker actions as root", line)
		case "ENTRYPOINT":
			if err := json.Unmarshal([]byte(rest), &entry); err != nil {
				t.Errorf("ENTRYPOINT %q is not in exec form: %v", rest, err)
			}
		case "RUN":
			if strings.Contains(rest, "go build") && strings.Contains(rest, "CGO_ENABLED=0") {
				sawCGO = true
			}
		}
	}
	if strings.Join(entry, " ") != "/promptlint action" {
		t.Errorf("ENTRYPOINT %q, want [\"/promptlint\", \"action\"]", entry)
	}
	if !sawCGO {
		t.Errorf("no RUN line builds with CGO_ENABLED=0")
	}
}

// BenchmarkBinaryAction runs `promptlint action` on a 50-prompt PR against
// the local fake, and reports the requests of each run and the binary's
// size.
func BenchmarkBinaryAction(b *testing.B) {
	bin := buildBinary(b)
	st, err := os.Stat(bin)
	if err != nil {
		b.Fatal(err)
	}
	w := newActionWorld(b, 50)
	requests := 0
	var wall time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.srv.ClearRequests()
		start := time.Now()
		if code, stdout, stderr := w.run(b, bin); code != 1 {
			b.Fatalf("exit code %d\n%s\n%s", code, stdout, stderr)
		}
		wall += time.Since(start)
		requests += len(w.srv.Requests())
	}
	b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
	b.ReportMetric(float64(st.Size()), "binary-bytes")
	b.Logf("N=50: %d runs, mean wall %s, %d requests per run, binary %d bytes", b.N, wall/time.Duration(b.N), requests/b.N, st.Size())
}
