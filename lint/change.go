package lint

// Bump is the size of a version change, or the size a change requires.
type Bump int

// The bump sizes, in increasing order.
const (
	BumpNone Bump = iota
	BumpPatch
	BumpMinor
	BumpMajor
)

// String returns "none", "patch", "minor" or "major".
func (b Bump) String() string {
	switch b {
	case BumpPatch:
		return "patch"
	case BumpMinor:
		return "minor"
	case BumpMajor:
		return "major"
	}
	return "none"
}

// Reason is one thing that changed between base and head, and the bump it
// requires under the configured policy.
type Reason struct {
	Bump Bump
	Text string // "variable \"tone\" removed"
}

// Change describes what changed in one prompt between base and head: the
// classification that drives the version policy, and the diff statistics of
// the summary comment.
type Change struct {
	Status  Status
	OldPath string // base path, when renamed

	OldVersion string
	NewVersion string
	Bump       Bump // what the versions say (BumpNone when either is invalid or missing)
	Required   Bump // what the change requires under the policy
	Reasons    []Reason

	ContentChanged bool // anything but metadata changed
	WhitespaceOnly bool // the template changed only in white space or line endings
	MetadataOnly   bool // only description, changelog or similar changed

	Similarity   float64 // character-level similarity of Prompt.Text, 0..1
	Approximate  bool    // Similarity was approximated (very large texts)
	AddedLines   int
	RemovedLines int
	UnifiedDiff  string

	VarsAdded       []string
	VarsRemoved     []string
	DefaultsChanged []string

	TokensOld int
	TokensNew int

	Messages []MessageChange // per message, for multi-message prompts
	Rendered *RenderedChange // nil when the prompt has no test inputs
}

// TotalChanges is AddedLines + RemovedLines.
func (c *Change) TotalChanges() int { return c.AddedLines + c.RemovedLines }

// MessageChange is the diff of one message of a multi-message prompt.
type MessageChange struct {
	Index      int
	Role       string
	OldRole    string
	Status     Status // added, removed, modified, unchanged
	Similarity float64
}

// RenderedChange compares the outputs of the old and new templates on the
// prompt's test inputs.
type RenderedChange struct {
	Total   int // test rows the prompt has; only the first 100 are rendered, fewer for a large template
	Rows    []RenderedRow
	Average float64
	Min     float64
	Max     float64
	Changed int // rows whose output differs
	Errors  int // rows that could not be rendered on either side
}

// RenderedRow is one test input rendered with both templates.
type RenderedRow struct {
	Index      int
	Similarity float64
	Changed    bool
	Error      string // why the row could not be rendered, "" when it could
}
