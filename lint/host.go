package lint

import (
	"context"
	"io/fs"
)

// A host runs promptlint where a change is reviewed: the command line
// (git or two directories), the GitHub Action, GitLab CI. It supplies an
// Input, calls Run, and publishes the Report its own way (a comment,
// annotations, report files, the exit code). Everything between is the
// engine's: which files are prompts, the limits on reading them, the
// pairing of base and head, the rules and the checklist. A host never
// reads prompt files, applies a size limit or knows a rule id itself.
//
// A lint of one tree goes through the same Run (Input.Lint): `promptlint
// lint`, whose tree is the config's directory with the files it names
// elsewhere and the standard input laid over it (Mount, Overlay), and a
// host's run without a change to compare (a schedule, a change past what
// its API lists).
//
// A new host implements three things: an fs.FS for each side of the
// change (the GitHub contents API at a commit is lint/github's Tree; a git
// revision is lint/git's Tree; a directory is os.DirFS), a Request that
// answers the engine's questions about the change request, and the
// publishing of the Report.

// Input is what a host hands the engine for one run: of `check` (a
// change: two trees), or of `lint` (one tree, Lint).
type Input struct {
	// Base and Head are the two sides of the change. Base may be nil (no
	// old side: every prompt is new). Paths in both are slash-separated
	// and relative to the repository root (or to the directory compared).
	// The engine reads files with fs.Lstat first, so a Head or Base that
	// implements fs.ReadLinkFS reports symbolic links, sizes and types
	// before any content is read: the max_file_size limit and the refusal
	// of links and of what is not a file apply in one place, the engine.
	Base, Head fs.FS

	// Dir is the directory of the trees that Config governs ("" for the
	// root): only files under it are prompts, and the globs of Config
	// match relative to it. Paths in the report stay relative to the
	// tree root.
	Dir string

	// Changes lists the files the change touches, when the host knows
	// them (a pull request's file list, git's diff): the engine then reads
	// only those files of Base and Head. nil means the host does not know,
	// and the engine finds them by comparing the trees (sizes, then
	// bytes).
	Changes []FileChange

	// Scan says the rest of Head can be listed and read cheaply (a
	// directory, a git revision): rules that look across the repository
	// (prompt-name-duplicate, variable-name-style's repository case,
	// Dotprompt partials) then see every prompt of Head, read only when
	// such a rule asks and only as much as it asks for; Report.Files
	// counts every prompt file of Head. Without Scan (a host API, where
	// each file costs a request) they see the changed prompts only, and
	// Files counts the changed prompt files read. Scan is implied when
	// Changes is nil.
	Scan bool

	// Index remembers the names of the prompts of files across runs, so
	// that with Scan a rule that looks for a name does not read every
	// unchanged file (see Index); nil means no memory.
	Index Index

	// Request is the change request under check. nil is a change with
	// nothing known about it beyond its trees (no description, no
	// reviews, no commits), as LocalRequest{} is.
	Request Request

	// Config is the configuration the run obeys: the trusted one (the
	// head's on a pull request, the base's under pull_request_target), as
	// the host found it. A zero Config means the defaults.
	Config ConfigFile
	// BaseConfig and HeadConfig are the configurations each side of the
	// change carries, compared to report what the change does to its own
	// gate (gate-weakened); nil means the side has Config.
	BaseConfig, HeadConfig *ConfigFile

	// Lint makes the run a lint of Head alone, as `promptlint lint` and
	// a host's run without a change (a schedule, a push past what its API
	// lists) do: no base, no change rules, no checklist, no gate; every
	// prompt read is Unchanged and Report.Check is false. Base, Dir,
	// Changes, Scan, Index, Request and the sides' configurations belong
	// to a check, and a lint given them fails.
	Lint bool
	// Paths are the files and directories of Head that a lint reads
	// (slash-separated; "." is the whole tree): a directory is walked
	// with the config's globs, which also match relative to it, leaving
	// out what git ignores (see Discover); a file named is read whatever
	// its name. None reads nothing. A command line that names files
	// outside its root, or the standard input, puts them in Head (see
	// Mount and Overlay) under the paths the report gives them.
	Paths []string
	// Parsed remembers the files a lint parsed for the next lint of the
	// same tree (the rounds of a fix): a file read with the same bytes is
	// not parsed again. nil parses every file.
	Parsed *ParseCache

	// Registry is every rule the run may use (checks.All); Config turns
	// rules off and changes their severity. Run validates it first.
	Registry []*Rule
}

// FileChange is one file a change touches. A file added has no OldPath; a
// file removed has no Path; a file renamed or moved has both.
type FileChange struct {
	Path    string // in Head; "" when the change removes the file
	OldPath string // in Base; "" when the change adds the file
}

// Request is what the engine asks a host about the change request under
// check: a pull request, a merge request, a push, a branch checked
// locally. Each method is called only when a rule or the checklist needs
// its answer, and at most once per run for the same arguments (the
// engine keeps the answers), so that a host behind an API makes only the
// calls the run uses. An error fails the run (the tool could not do its
// job); a host that can degrade (a token without the permission) answers
// what it can instead and says why in its own notes.
type Request interface {
	// Description returns the request's description and author; nil
	// when the change has none (a push), which is held to no checklist.
	Description(ctx context.Context) (*Description, error)
	// Reviews returns the request's reviews, oldest first. It is called
	// only when Description says the host can read them.
	Reviews(ctx context.Context) ([]Review, error)
	// Commits returns the commits of the change, oldest first.
	Commits(ctx context.Context) ([]Commit, error)
	// CommitFiles returns the paths a commit touches (for a rename, the
	// old and the new path), for a commit listed without them
	// (Commit.PathsKnown false). known false says the host cannot tell:
	// the commit is then given to the first changed prompt.
	CommitFiles(ctx context.Context, sha string) (paths []string, known bool, err error)
}

// Description is a change request's description.
type Description struct {
	Author string
	Body   string // "" when empty or null
	// Reviews says the host reads the request's reviews (Request.Reviews):
	// team-reviewed is verified from them only, and a ticked box does not
	// stand in for an approval. Locally it is false, and the box attests.
	Reviews bool
	// Noun is what the host calls a change request, short, in the
	// findings and notes: "PR" when "" (GitHub, and locally), "MR" on
	// GitLab.
	Noun string
}

// noun is the description's Noun, "PR" by default.
func (d *Description) noun() string {
	if d.Noun == "" {
		return "PR"
	}
	return d.Noun
}

// LocalRequest is a change request known only from what a person passes
// on the command line: a description (check --pr-body) and the commits
// git lists, with their files. Reviews cannot be read: a ticked
// team-reviewed box attests.
type LocalRequest struct {
	Body string
	Log  []Commit // the commits of the change, oldest first
}

// Description returns the body, with reviews unknown.
func (r LocalRequest) Description(context.Context) (*Description, error) {
	return &Description{Body: r.Body}, nil
}

// Reviews returns none: they are unknown locally.
func (r LocalRequest) Reviews(context.Context) ([]Review, error) { return nil, nil }

// Commits returns Log.
func (r LocalRequest) Commits(context.Context) ([]Commit, error) { return r.Log, nil }

// CommitFiles says the files are unknown: git lists them with the log.
func (r LocalRequest) CommitFiles(context.Context, string) ([]string, bool, error) {
	return nil, false, nil
}

// Commit is a commit of the change under check.
type Commit struct {
	SHA     string
	Message string
	// Paths are files the commit touches (all of them, or at least the
	// prompt files among them).
	Paths []string
	// PathsKnown says Paths is the commit's whole list of files, even
	// when empty (an empty commit, a merge). Without it, and with no
	// Paths, the engine asks Request.CommitFiles when a rule needs them.
	PathsKnown bool
}
