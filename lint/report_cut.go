package lint

import (
	"fmt"
	"unicode/utf8"
)

// What one file can put in a written report. A pull request controls the
// files, so a report that grew with their content (a prompt per line, a
// variable per word, a name of megabytes repeated in every finding) would
// let it write hundreds of megabytes of JSON. Bounded applies these caps
// before a report is written; no real repository's report comes near
// them (in testdata/corpus a file holds one prompt, with at most 5
// variables and 2 messages).
const (
	// MaxPromptsPerFile is how many prompts of one file a written report
	// lists, in the order of the report; the rest are counted.
	MaxPromptsPerFile = 100
	// MaxChecklistPerFile is how many checklist items of one file a
	// written report lists: the 8 items of MaxPromptsPerFile prompts.
	MaxChecklistPerFile = 8 * MaxPromptsPerFile
	// MaxListed is how many entries a written report lists of each list
	// of one prompt's change: variables added, removed and with a changed
	// default, reasons, messages and rendered test rows.
	MaxListed = 100
	// MaxDiffPerFile is how many bytes of unified diff a written report
	// holds for the prompts of one file, cut at a line end, counted as
	// JSON escapes them (a control character takes 6).
	MaxDiffPerFile = 1 << 20
	// MaxNotes is how many notes a written report lists.
	MaxNotes = 100
	// MaxNameBytes is the longest name a written report shows (prompt,
	// variable, role, version, environment), in bytes; a longer one ends
	// with "…".
	MaxNameBytes = 256
	// MaxTextBytes is the longest text a written report shows (a
	// finding's message, a reason, evidence, a note), in bytes; a longer
	// one ends with "…".
	MaxTextBytes = 2048
)

// The kinds of Cut.What other than findings.
const (
	CutPrompts         = "prompts"                   // a file's prompts
	CutChecklist       = "checklist"                 // a file's checklist items
	CutDiff            = "unified_diff"              // bytes of a prompt's unified diff
	CutReasons         = "reasons"                   // a prompt's reasons
	CutVarsAdded       = "variables.added"           // a prompt's added variables
	CutVarsRemoved     = "variables.removed"         // a prompt's removed variables
	CutDefaultsChanged = "variables.default_changed" // a prompt's variables whose default changed
	CutMessages        = "messages"                  // a prompt's messages
	CutRows            = "rendered.rows"             // a prompt's rendered test rows
	CutNotes           = "notes"                     // the report's notes
)

// Kind is what the cut left out: "findings" (of Rule, cut by the engine
// at MaxFindingsPerRule), or one of the Cut* constants (cut by Bounded).
func (c Cut) Kind() string {
	if c.What == "" {
		return "findings"
	}
	return c.What
}

// Bounded returns the report as it is written: at most MaxPromptsPerFile
// prompts and MaxChecklistPerFile checklist items per file, MaxListed
// entries per list of a prompt, MaxDiffPerFile bytes of diff per file,
// MaxNotes notes, and names and texts clipped to MaxNameBytes and
// MaxTextBytes. Each cut is appended to Cut, and a note says which
// files' prompts were left out. The findings are all kept (the engine
// caps them); Summary still counts every prompt and finding, and the
// verdicts were computed over everything before: a cut report fails the
// run as the whole one does. r is not modified; a report within the caps
// is returned as it is, so Bounded of a bounded report changes nothing.
func (r *Report) Bounded() *Report {
	if r.summary != nil {
		return r // bounded already
	}
	b := &bounder{}
	out := *r
	out.Prompts = b.prompts(r.Prompts)
	out.Checklist = b.checklist(r.Checklist)
	out.Findings = b.findings(r.Findings)
	out.Gate = b.gate(r.Gate)
	out.Notes = b.notes(r.Notes)
	if !b.changed {
		return r
	}
	sum := r.Summary()
	out.summary = &sum
	out.Cut = append(append([]Cut(nil), r.Cut...), b.cuts...)
	return &out
}

// bounder cuts a report's parts and records what it cut.
type bounder struct {
	cuts     []Cut
	cutNotes []string // notes on what was cut, after the report's own
	changed  bool     // something was cut or clipped
}

func (b *bounder) cut(c Cut) {
	b.cuts = append(b.cuts, c)
	b.changed = true
}

// clip returns s, or its first bytes ending with "…" within n bytes,
// cut at a character boundary.
func (b *bounder) clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	b.changed = true
	i := n - len("…")
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// list returns the first MaxListed entries of l, recording a cut of what
// in the prompt named name of path when there were more.
func list[T any](b *bounder, l []T, path, name, what string) []T {
	if len(l) <= MaxListed {
		return l
	}
	b.cut(Cut{Path: path, Prompt: name, What: what, Found: len(l), Reported: MaxListed})
	return l[:MaxListed:MaxListed]
}

// perFile keeps the first limit items of each file (path tells an
// item's file), each passed through keep, and records a cut of what for
// every file that had more. The items of one file mostly come one after
// the other: an item of the last item's file is counted without hashing
// its path, which a file of thousands of prompts would do for each.
func perFile[T any](b *bounder, items []T, limit int, what string, path func(*T) string, keep func(T) T) []T {
	index := map[string]int{} // a file's place in order and counts
	var order []string
	var counts []int
	out := make([]T, 0, min(len(items), limit)) // a file of thousands of prompts keeps limit
	cur := -1                                   // the last item's file
	for i := range items {
		p := path(&items[i])
		if cur < 0 || order[cur] != p {
			n, seen := index[p]
			if !seen {
				n = len(order)
				index[p] = n
				order, counts = append(order, p), append(counts, 0)
			}
			cur = n
		}
		counts[cur]++
		if counts[cur] > limit {
			b.changed = true
			continue
		}
		out = append(out, keep(items[i]))
	}
	for i, p := range order {
		if n := counts[i]; n > limit {
			b.cut(Cut{Path: p, What: what, Found: n, Reported: limit})
		}
	}
	return out
}

func (b *bounder) prompts(ps []PromptReport) []PromptReport {
	subject := func(p *PromptReport) (path, name string) {
		if s := p.Subject(); s != nil {
			return s.Path, s.Name
		}
		return "", ""
	}
	diff := map[string]int{} // diff bytes kept per file
	out := perFile(b, ps, MaxPromptsPerFile, CutPrompts, func(p *PromptReport) string {
		path, _ := subject(p)
		return path
	}, func(p PromptReport) PromptReport {
		p.Prompt, p.Base = b.prompt(p.Prompt), b.prompt(p.Base)
		p.Environment = b.clip(p.Environment, MaxNameBytes)
		if p.Change != nil {
			path, name := subject(&p)
			p.Change = b.change(p.Change, path, name, diff)
		}
		return p
	})
	for _, c := range b.cuts {
		if c.What == CutPrompts {
			b.cutNotes = append(b.cutNotes, fmt.Sprintf("the report lists the first %d of the %d prompts of %s (at most %d per file); the findings, the counts and the verdicts cover them all", c.Reported, c.Found, c.Path, MaxPromptsPerFile))
		}
	}
	return out
}

// prompt returns p, or a copy with its name, version and environment
// clipped when one is too long.
func (b *bounder) prompt(p *Prompt) *Prompt {
	if p == nil || len(p.Name) <= MaxNameBytes && len(p.Version) <= MaxNameBytes && len(p.Environment) <= MaxNameBytes {
		return p
	}
	c := *p
	c.Name = b.clip(c.Name, MaxNameBytes)
	c.Version = b.clip(c.Version, MaxNameBytes)
	c.Environment = b.clip(c.Environment, MaxNameBytes)
	return &c
}

// change returns a copy of c within the caps; diff holds the diff bytes
// the file's prompts before it kept.
func (b *bounder) change(c *Change, path, name string, diff map[string]int) *Change {
	out := *c
	name = b.clip(name, MaxNameBytes)
	out.OldVersion = b.clip(out.OldVersion, MaxNameBytes)
	out.NewVersion = b.clip(out.NewVersion, MaxNameBytes)
	out.Reasons = append([]Reason(nil), list(b, out.Reasons, path, name, CutReasons)...)
	for i := range out.Reasons {
		out.Reasons[i].Text = b.clip(out.Reasons[i].Text, MaxTextBytes)
	}
	out.VarsAdded = b.texts(list(b, out.VarsAdded, path, name, CutVarsAdded), MaxNameBytes)
	out.VarsRemoved = b.texts(list(b, out.VarsRemoved, path, name, CutVarsRemoved), MaxNameBytes)
	out.DefaultsChanged = b.texts(list(b, out.DefaultsChanged, path, name, CutDefaultsChanged), MaxNameBytes)
	out.Messages = append([]MessageChange(nil), list(b, out.Messages, path, name, CutMessages)...)
	for i := range out.Messages {
		m := &out.Messages[i]
		m.Role, m.OldRole = b.clip(m.Role, MaxNameBytes), b.clip(m.OldRole, MaxNameBytes)
	}
	if rc := out.Rendered; rc != nil {
		cp := *rc
		cp.Rows = append([]RenderedRow(nil), list(b, rc.Rows, path, name, CutRows)...)
		for i := range cp.Rows {
			cp.Rows[i].Error = b.clip(cp.Rows[i].Error, MaxTextBytes)
		}
		out.Rendered = &cp
	}
	kept, size := prefixWithin(out.UnifiedDiff, MaxDiffPerFile-diff[path])
	if len(kept) < len(out.UnifiedDiff) {
		b.cut(Cut{Path: path, Prompt: name, What: CutDiff, Found: len(out.UnifiedDiff), Reported: len(kept)})
		out.UnifiedDiff = kept
	}
	diff[path] += size
	return &out
}

// prefixWithin returns the longest prefix of the diff d that ends at a
// line end (or is d) and takes at most n bytes escaped in a JSON string,
// and the bytes it takes: a control character takes the 6 of its \u
// escape, a line break, tab, quote or backslash 2. Counting escaped bytes
// keeps a diff of control characters from taking 6 times the budget.
func prefixWithin(d string, n int) (string, int) {
	size, end, endSize := 0, 0, 0
	for i := 0; i < len(d); i++ {
		switch c := d[i]; {
		case c == '\n' || c == '\t' || c == '\r' || c == '"' || c == '\\':
			size += 2
		case c < 0x20:
			size += 6
		default:
			size++
		}
		if size > n {
			return d[:end], endSize
		}
		if d[i] == '\n' {
			end, endSize = i+1, size
		}
	}
	return d, size
}

// texts returns l with each entry clipped to n bytes, copied when one is.
func (b *bounder) texts(l []string, n int) []string {
	return clipEach(l, func(s *string) bool {
		k := len(*s)
		*s = b.clip(*s, n)
		return len(*s) < k
	})
}

func (b *bounder) checklist(items []ChecklistItem) []ChecklistItem {
	if len(items) == 0 {
		return items
	}
	return perFile(b, items, MaxChecklistPerFile, CutChecklist, func(it *ChecklistItem) string { return it.Path }, func(it ChecklistItem) ChecklistItem {
		it.Prompt = b.clip(it.Prompt, MaxNameBytes)
		it.Environment = b.clip(it.Environment, MaxNameBytes)
		it.Evidence = b.clip(it.Evidence, MaxTextBytes)
		return it
	})
}

// clipEach returns l, or a copy with clip applied to every entry when it
// shortens one (clip reports whether it did).
func clipEach[T any](l []T, clip func(*T) bool) []T {
	for i := range l {
		if v := l[i]; clip(&v) {
			out := append([]T(nil), l...)
			out[i] = v
			for k := i + 1; k < len(out); k++ {
				clip(&out[k])
			}
			return out
		}
	}
	return l
}

func (b *bounder) findings(fs []Finding) []Finding {
	return clipEach(fs, func(f *Finding) bool {
		n := len(f.Message) + len(f.Prompt)
		f.Message, f.Prompt = b.clip(f.Message, MaxTextBytes), b.clip(f.Prompt, MaxNameBytes)
		return len(f.Message)+len(f.Prompt) < n
	})
}

func (b *bounder) gate(gs []GateChange) []GateChange {
	return clipEach(gs, func(g *GateChange) bool {
		n := len(g.Message) + len(g.Prompt) + len(g.Subject)
		g.Message, g.Prompt, g.Subject = b.clip(g.Message, MaxTextBytes), b.clip(g.Prompt, MaxNameBytes), b.clip(g.Subject, MaxNameBytes)
		return len(g.Message)+len(g.Prompt)+len(g.Subject) < n
	})
}

// notes returns the report's notes, at most MaxNotes, each clipped, then
// the notes on what was cut (one per file, so bounded by the change).
func (b *bounder) notes(notes []string) []string {
	out := notes
	if len(out) > MaxNotes {
		b.cut(Cut{What: CutNotes, Found: len(out), Reported: MaxNotes})
		out = out[:MaxNotes:MaxNotes]
	}
	out = b.texts(out, MaxTextBytes)
	if len(b.cutNotes) > 0 {
		out = append(append([]string(nil), out...), b.cutNotes...)
	}
	return out
}
