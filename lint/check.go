package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/checklist"
	"github.com/promptlint/promptlint/lint/diff"
)

// check compares the prompt files the change touches: it pairs prompts,
// classifies each change, computes its diff statistics, runs the
// single-file rules on changed prompts and the change rules on every
// pair (with the checklist), and marks the findings the base already
// had.
func (s *session) check(ch *change) *Report {
	cfg := s.cfg
	baseFiles, headFiles := ch.base.files, ch.head.files
	rep := &Report{Check: true, Files: ch.files, ChangedFiles: len(headFiles) + len(ch.missing)}
	baseByPath := map[string]*File{}
	for _, f := range baseFiles {
		baseByPath[f.Path] = f
	}
	inHead := map[string]bool{}
	for _, f := range headFiles {
		inHead[f.Path] = true
	}
	for _, f := range baseFiles {
		if !inHead[f.Path] {
			rep.ChangedFiles++
		}
	}
	c := newCollector(cfg, s.rules)
	c.sup = newSuppressor(headFiles)
	for _, f := range headFiles {
		if b := baseByPath[f.Path]; b == nil || !bytes.Equal(b.Data, f.Data) {
			c.parseError(f)
		}
	}

	pairs, cut := pairPrompts(baseFiles, headFiles, cfg)
	if cut {
		rep.Notes = append(rep.Notes, "renames were looked for among the first of the removed and added prompts only: the change removes and adds too many to compare each pair in bounded time; the rest are listed as removed and added")
	}
	formatOnly := formattingOnly(pairs, baseByPath, headFiles)
	for i := range pairs {
		if formatOnly[pairs[i].head] != "" {
			pairs[i].status = Modified
		}
	}
	var changed []pair
	for _, pr := range pairs {
		if pr.status != Unchanged {
			changed = append(changed, pr)
		}
	}
	// Each change is described on its own (diff, tokens, classification),
	// shared among the cores; the notes follow in order.
	if len(changed) > 0 {
		rep.Prompts = make([]PromptReport, len(changed))
	}
	parallel(len(changed), func(i int) {
		pr := changed[i]
		subj := pr.head
		if subj == nil {
			subj = pr.base
		}
		r := PromptReport{Prompt: pr.head, Base: pr.base, Status: pr.status, Environment: cfg.EnvironmentOf(subj)}
		switch {
		case pr.base == nil:
			r.Change = oneSided(nil, pr.head, cfg)
		case pr.head == nil:
			r.Change = oneSided(pr.base, nil, cfg)
		default:
			ch := &Change{Status: pr.status, OldVersion: pr.base.Version, NewVersion: pr.head.Version}
			if pr.status == Renamed {
				ch.OldPath = pr.base.Path
			}
			ch.Bump, _ = VersionBump(pr.base.Version, pr.head.Version)
			// classify and stats read the prompts and write fields of
			// their own: a large pair has them run at the same time.
			var classified sync.WaitGroup
			classifyPair := func() {
				classify(ch, pr.base, pr.head, cfg)
				if why := formatOnly[pr.head]; why != "" {
					ch.WhitespaceOnly, ch.MetadataOnly = true, false
					ch.Reasons = []Reason{{Bump: BumpNone, Text: why}}
				}
			}
			if textSize(pr.base)+textSize(pr.head) >= parallelText {
				classified.Go(classifyPair)
			} else {
				classifyPair()
			}
			stats(ch, pr.base, pr.head, cfg)
			classified.Wait()
			r.Change = ch
		}
		rep.Prompts[i] = r
	})
	for _, r := range rep.Prompts {
		ch := r.Change
		if r.Base == nil || r.Prompt == nil || ch == nil {
			continue
		}
		if rc := ch.Rendered; rc != nil && rc.Total > len(rc.Rows) {
			rep.Notes = append(rep.Notes, fmt.Sprintf("only the first %d of the %d test rows of %s were rendered for the output comparison", len(rc.Rows), rc.Total, r.Prompt.Path))
		}
		if ch.Approximate {
			rep.Notes = append(rep.Notes, "similarity of "+r.Prompt.Path+" was approximated: the texts are too large for an exact diff in bounded time")
		}
	}
	s.prompts = rep.Prompts

	required := false
	// Each prompt's items, joined once at the end: a file of thousands
	// of prompts has tens of thousands.
	items := make([][]ChecklistItem, len(rep.Prompts))
	var lazy sync.Mutex // what the run and the trees read on demand
	c.runAll(len(rep.Prompts), func(i int) (*Pass, bool) {
		r := &rep.Prompts[i]
		change := r.Change
		if r.Base == nil || r.Prompt == nil {
			change = nil // rules see a Change only for a base-and-head pair
		}
		tree := ch.head
		if r.Prompt == nil {
			tree = ch.base
		}
		pass := &Pass{Config: cfg, Prompt: r.Prompt, Base: r.Base, Status: r.Status, Change: change, run: s, tree: tree, index: i, lazy: &lazy}
		if r.Prompt != nil && r.Change != nil && !strings.Contains(r.Prompt.Text(), "\r") {
			pass.tokens = r.Change.TokensNew + 1 // counted over the same text
		}
		return pass, r.Status == Removed
	}, func(i int, results map[*Producer]any) {
		items[i], _ = results[ProductionChecklist].([]ChecklistItem)
	})
	for _, l := range items {
		for _, it := range l {
			required = required || it.Required
		}
	}
	rep.Checklist = slices.Concat(items...)
	if required {
		if d := s.description(); d != nil {
			rep.Notes = append(rep.Notes, emptySections(d.Body, d.noun())...)
		}
	}
	for _, p := range ch.missing {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the change lists %s, but the head does not have it, so it was not checked", p))
	}
	for _, f := range c.sup.findings(c) {
		c.add(f)
	}
	rep.Findings, rep.Cut = c.result()
	SortFindings(rep.Findings)
	markPreexisting(rep.Findings, rep.Prompts, ch, s)
	rep.OnlyNew = cfg.OnlyNew
	errs := errorsOf(rep.Findings)
	for i := range rep.Prompts {
		r := &rep.Prompts[i]
		r.Recommendation = recommend(r, errs, cfg)
	}
	return rep
}

// formattingOnly finds the files whose bytes changed while every prompt
// in them stayed the same (line endings, indentation, comments, key
// order): their prompts are reported as modified, needing no bump, rather
// than left out as unchanged. The value says what changed.
func formattingOnly(pairs []pair, baseByPath map[string]*File, headFiles []*File) map[*Prompt]string {
	samePrompts := map[string]bool{}
	for _, p := range pairs {
		if p.head == nil || p.base == nil || p.base.Path != p.head.Path {
			continue
		}
		if v, seen := samePrompts[p.head.Path]; !seen || v {
			samePrompts[p.head.Path] = p.status == Unchanged
		}
	}
	out := map[*Prompt]string{}
	for _, f := range headFiles {
		b := baseByPath[f.Path]
		if b == nil || !samePrompts[f.Path] || bytes.Equal(b.Data, f.Data) {
			continue
		}
		why := "only formatting changed (white space, comments or key order); the prompt is the same"
		if normalizeEOL(string(b.Data)) == normalizeEOL(string(f.Data)) {
			why = "only line endings changed"
		}
		for _, p := range f.Prompts {
			out[p] = why
		}
	}
	return out
}

// prSections are the sections of the PR template a reviewer reads.
var prSections = []string{"What changed", "Testing results", "Rollout plan", "Rollback plan"}

// emptySections notes the PR template sections a description leaves
// empty (an empty section does not count); asked when a changed prompt
// requires checklist items.
func emptySections(description, noun string) []string {
	body := checklist.ParseBody(description)
	var empty []string
	for _, s := range prSections {
		if body.SectionText(s) == "" {
			empty = append(empty, strconv.Quote(s))
		}
	}
	if len(empty) == 0 {
		return nil
	}
	return []string{"the " + noun + " description has no content under " + strings.Join(empty, ", ") + "; reviewers of production prompts rely on them"}
}

// oneSided describes an added prompt (base nil) or a removed one (head
// nil) as a change from or to nothing.
func oneSided(base, head *Prompt, cfg *Config) *Change {
	c := &Change{Status: Added}
	text := ""
	if base != nil {
		c.Status, c.OldVersion, text = Removed, base.Version, normalizeEOL(base.Text())
		for _, v := range base.Interface() {
			c.VarsRemoved = append(c.VarsRemoved, v.Name)
		}
		c.TokensOld = countTokens(cfg, text)
		c.RemovedLines = lineCount(text)
		c.UnifiedDiff = withoutEOFMarkers(diff.Unified("a/"+base.Path, "/dev/null", text, "", 3))
	} else {
		c.NewVersion, text = head.Version, normalizeEOL(head.Text())
		for _, v := range head.Interface() {
			c.VarsAdded = append(c.VarsAdded, v.Name)
		}
		c.TokensNew = countTokens(cfg, text)
		c.AddedLines = lineCount(text)
		c.UnifiedDiff = withoutEOFMarkers(diff.Unified("/dev/null", "b/"+head.Path, "", text, 3))
		c.ContentChanged = true
	}
	sort.Strings(c.VarsAdded)
	sort.Strings(c.VarsRemoved)
	return c
}

func lineCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(strings.TrimSuffix(s, "\n"), "\n") + 1
}

// textSize is the length of a prompt's messages.
func textSize(p *Prompt) int {
	n := 0
	for _, m := range p.Messages {
		n += len(m.Text)
	}
	return n
}

// promptKey names a prompt by path and name; a name of "" stands for the
// whole file.
type promptKey struct{ path, name string }

// errorsOf lists where findings of severity error are: their file, or
// their prompt in it.
func errorsOf(findings []Finding) map[promptKey]bool {
	errs := map[promptKey]bool{}
	for _, f := range findings {
		if f.Severity == Error {
			errs[promptKey{f.Path, f.Prompt}] = true
		}
	}
	return errs
}

// recommend says "deploy" when the prompt is similar enough to its base and
// has no error finding (errs, see errorsOf), else "review".
func recommend(r *PromptReport, errs map[promptKey]bool, cfg *Config) string {
	subj := r.Subject()
	if errs[promptKey{subj.Path, ""}] || errs[promptKey{subj.Path, subj.Name}] {
		return "review"
	}
	if r.Status == Removed {
		return "review"
	}
	if r.Change != nil && r.Change.Similarity < cfg.Diff.ReviewThreshold {
		return "review"
	}
	return "deploy"
}

type pair struct {
	base, head *Prompt
	status     Status
}

// pairPrompts matches base prompts with head prompts: by path and name
// first, then a prompt that disappeared from one place and appeared in
// another with mostly the same text is a rename.
func pairPrompts(baseFiles, headFiles []*File, cfg *Config) (pairs []pair, cut bool) {
	key := func(p *Prompt) promptKey { return promptKey{p.Path, p.Name} }
	baseByKey := map[promptKey]*Prompt{}
	var baseOrder []*Prompt
	for _, f := range baseFiles {
		for _, p := range f.Prompts {
			if _, dup := baseByKey[key(p)]; !dup {
				baseByKey[key(p)] = p
				baseOrder = append(baseOrder, p)
			}
		}
	}
	matched := map[*Prompt]bool{}
	var added []*Prompt
	for _, f := range headFiles {
		for _, p := range f.Prompts {
			b := baseByKey[key(p)]
			if b == nil || matched[b] {
				added = append(added, p)
				continue
			}
			matched[b] = true
			st := Modified
			if samePrompt(b, p) {
				st = Unchanged
			}
			pairs = append(pairs, pair{base: b, head: p, status: st})
		}
	}
	var removed []*Prompt
	for _, b := range baseOrder {
		if !matched[b] {
			removed = append(removed, b)
		}
	}
	// A prompt renamed in place: the only prompt left on each side of the
	// same file is the same prompt under a new name.
	leftAt := func(ps []*Prompt) map[string][]int {
		m := map[string][]int{}
		for i, p := range ps {
			m[p.Path] = append(m[p.Path], i)
		}
		return m
	}
	removedAt, addedAt := leftAt(removed), leftAt(added)
	inPlace := map[*Prompt]*Prompt{}
	for path, ri := range removedAt {
		if ai := addedAt[path]; len(ri) == 1 && len(ai) == 1 {
			inPlace[removed[ri[0]]] = added[ai[0]]
		}
	}
	if len(inPlace) > 0 {
		var keptR, keptA []*Prompt
		usedHead := map[*Prompt]bool{}
		for _, b := range removed {
			if h, ok := inPlace[b]; ok {
				usedHead[h] = true
				pairs = append(pairs, pair{base: b, head: h, status: Renamed})
				continue
			}
			keptR = append(keptR, b)
		}
		for _, h := range added {
			if !usedHead[h] {
				keptA = append(keptA, h)
			}
		}
		removed, added = keptR, keptA
	}

	// Renames: greedy, best similarity first, deterministic ties.
	type cand struct {
		r, a int
		sim  float64
	}
	var cands []cand
	// The texts and their lengths in code points, once each: a
	// similarity is at most 2·min/(sum of the lengths) (all of the
	// shorter text matched), so a pair whose lengths rule the threshold
	// out is not compared (a file of thousands of added prompts against
	// one removed).
	type sized struct {
		text string
		n    int
	}
	measure := func(ps []*Prompt) []sized {
		out := make([]sized, len(ps))
		for i, p := range ps {
			t := diff.Normalize(p.Text())
			out[i] = sized{t, utf8.RuneCountInString(t)}
		}
		return out
	}
	var removedText, addedText []sized
	if len(removed) > 0 && len(added) > 0 {
		removedText, addedText = measure(removed), measure(added)
	}
	renamable := func(b, h *Prompt) bool { return b.Format == h.Format || b.Path == h.Path }
	// A prompt whose text did not change (similarity 1, which only the
	// same normalized text has) is paired first, as the greedy pass below
	// would pair it (the first added prompt of the same text, format or
	// path not taken yet), by a lookup rather than a comparison with
	// every added prompt: a pull request that renames thousands of
	// prompts (a naming fix) costs one lookup each.
	usedR, usedA := make([]bool, len(removed)), make([]bool, len(added))
	type textAt struct {
		byPath      bool
		where, text string
	}
	// The added prompts by text and format, and by text and path (none
	// when no prompt was removed), each kind a list in order: the first
	// index of a text (-1 once all are used), and next[kind][j] the one
	// after j.
	sameText := make(map[textAt]int, 2*len(addedText))
	next := [2][]int{make([]int, len(addedText)), make([]int, len(addedText))}
	for j := len(addedText) - 1; j >= 0; j-- {
		h := added[j]
		for kind, k := range [2]textAt{{false, string(h.Format), addedText[j].text}, {true, h.Path, addedText[j].text}} {
			next[kind][j] = -1
			if f, ok := sameText[k]; ok {
				next[kind][j] = f
			}
			sameText[k] = j
		}
	}
	firstFree := func(k textAt) int {
		j, ok := sameText[k]
		if !ok {
			return -1
		}
		kind := 0
		if k.byPath {
			kind = 1
		}
		for j >= 0 && usedA[j] {
			j = next[kind][j]
		}
		sameText[k] = j
		return j
	}
	for i, b := range removed {
		if len(sameText) == 0 || cfg.Diff.RenameThreshold > 1 {
			break
		}
		j := firstFree(textAt{false, string(b.Format), removedText[i].text})
		if k := firstFree(textAt{true, b.Path, removedText[i].text}); k >= 0 && (j < 0 || k < j) {
			j = k
		}
		if j >= 0 {
			cands = append(cands, cand{i, j, 1})
			usedR[i], usedA[j] = true, true
		}
	}
	// The rest is compared pair by pair, within a budget of work: a pull
	// request that removes and adds thousands of different prompts cannot
	// make the check quadratic. Past the budget, the prompts not paired
	// yet stay removed and added, and the report says so.
	var free []int
	for j := range added {
		if !usedA[j] {
			free = append(free, j)
		}
	}
	// The budget counts from the texts' lengths only, so the pairs it
	// admits are listed first, in order, and compared on every core.
	var compare []cand
	work := 0
	for i, b := range removed {
		if usedR[i] {
			continue
		}
		for _, j := range free {
			if work >= maxRenameWork {
				cut = true
				break
			}
			work++
			h := added[j]
			if !renamable(b, h) {
				continue
			}
			x, y := removedText[i], addedText[j]
			if x.n+y.n > 0 && 2*float64(min(x.n, y.n))/float64(x.n+y.n) < cfg.Diff.RenameThreshold {
				continue
			}
			work += renamePairWork + 4*(x.n+y.n) + (min(x.n, y.n)+63)/64*max(x.n, y.n)
			compare = append(compare, cand{r: i, a: j})
		}
		if cut {
			break
		}
	}
	parallel(len(compare), func(k int) {
		c := &compare[k]
		// A pair whose characters rule the threshold out is not diffed.
		c.sim, _ = diff.SimilarityFrom(removedText[c.r].text, addedText[c.a].text, cfg.Diff.RenameThreshold)
	})
	for _, c := range compare {
		if c.sim >= cfg.Diff.RenameThreshold {
			cands = append(cands, c)
		}
	}
	slices.SortStableFunc(cands, func(x, y cand) int { return cmp.Compare(y.sim, x.sim) })
	clear(usedR)
	clear(usedA)
	for _, c := range cands {
		if usedR[c.r] || usedA[c.a] {
			continue
		}
		usedR[c.r], usedA[c.a] = true, true
		pairs = append(pairs, pair{base: removed[c.r], head: added[c.a], status: Renamed})
	}
	for j, h := range added {
		if !usedA[j] {
			pairs = append(pairs, pair{head: h, status: Added})
		}
	}
	for i, b := range removed {
		if !usedR[i] {
			pairs = append(pairs, pair{base: b, status: Removed})
		}
	}
	// Each pair's key once, not once per comparison.
	type keyed struct {
		key string
		p   pair
	}
	byKey := make([]keyed, len(pairs))
	for i, p := range pairs {
		byKey[i] = keyed{pairKey(p), p}
	}
	slices.SortStableFunc(byKey, func(x, y keyed) int { return strings.Compare(x.key, y.key) })
	for i := range byKey {
		pairs[i] = byKey[i].p
	}
	return pairs, cut
}

// Rename detection compares removed and added prompts within a budget of
// work, in units of about a nanosecond: a pair costs renamePairWork, four
// per code point of its texts and the steps of their exact LCS (see
// lint/diff); a pair that cannot be a rename (its format and path differ,
// or its lengths rule it out) costs one. The budget is some 0.15 s of
// comparisons: every pair of 200 removed and 200 added prompts of a
// sentence each, and more where lengths differ or texts are the same; a
// pair started within it finishes.
const (
	maxRenameWork  = 1 << 27
	renamePairWork = 2048
)

func pairKey(p pair) string {
	s := p.head
	if s == nil {
		s = p.base
	}
	return s.Path + "\x00" + s.Name + "\x00" + string(p.status)
}

// samePrompt reports whether two prompts are the same in everything that
// matters: text, roles, variables and metadata.
func samePrompt(a, b *Prompt) bool {
	if a.Text() != b.Text() || len(a.Messages) != len(b.Messages) {
		return false
	}
	for i := range a.Messages {
		if a.Messages[i].Role != b.Messages[i].Role || a.Messages[i].Text != b.Messages[i].Text {
			return false
		}
	}
	return reflect.DeepEqual(a.Meta, b.Meta) && a.Version == b.Version && strings.EqualFold(a.Description, b.Description)
}
