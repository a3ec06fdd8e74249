package output

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/sticky"
)

// Marker is the first line of promptlint's sticky pull request comment
// (sticky.Marker). A host edits the comment whose first line is exactly
// this, and no other line of the body ever is.
const Marker = sticky.Marker

// DefaultMaxSize is the largest comment body, in bytes, that Markdown
// writes by default: GitHub's limit is 65,536 characters, and counting
// bytes keeps us under it whatever the text.
const DefaultMaxSize = 65536

// MarkdownOptions tunes the Markdown body.
type MarkdownOptions struct {
	// MaxSize is the largest body in bytes; 0 or less means
	// DefaultMaxSize. Diffs are cut first, then checklist rows, then
	// findings rows, then prompt table rows, each with a note.
	MaxSize int
	// Title names the tool in the verdict line; "" means "promptlint".
	Title string
	// RunURL links the workflow run at the end of the body; "" for none.
	// Only http and https URLs are shown.
	RunURL string
	// Clean says that an earlier run reported changed prompts, so a run
	// without any says "prompts are clean again".
	Clean bool
	// Summary says the body is the job summary, not the PR comment, so
	// notes about cuts point at the JSON report only.
	Summary bool
	// Host names what the body mentions of the host; its zero value is
	// GitHub's words.
	Host HostWords
}

// HostWords are a host's names for the things the body mentions. An empty
// field means GitHub's word.
type HostWords struct {
	// Run is what RunURL links, after "View the": "workflow run".
	Run string
	// Limit is the size limit the body was cut to fit, after "to fit":
	// "GitHub's comment limit", or with Summary "GitHub's job summary
	// limit".
	Limit string
	// Elsewhere is where the whole report can be read when the body was
	// cut: "the job summary or the JSON report", or with Summary "the
	// JSON report".
	Elsewhere string
}

// words returns opts.Host with GitHub's words where it has none.
func (opts MarkdownOptions) words() HostWords {
	w := opts.Host
	if w.Run == "" {
		w.Run = "workflow run"
	}
	switch {
	case w.Limit != "":
	case opts.Summary:
		w.Limit = "GitHub's job summary limit"
	default:
		w.Limit = "GitHub's comment limit"
	}
	switch {
	case w.Elsewhere != "":
	case opts.Summary:
		w.Elsewhere = "the JSON report"
	default:
		w.Elsewhere = "the job summary or the JSON report"
	}
	return w
}

// Markdown writes the report as the body of the sticky pull request
// comment: the marker line, a one-line verdict, then in check mode a table
// of the changed prompts (versions, bumps, similarity, lines, variables,
// tokens, verdict), each prompt's unified diff folded under <details>, the
// findings, the production checklist and the notes; in lint mode the
// findings and the notes. Untrusted text is escaped (see the package
// comment), and the body is byte-identical for the same report and stays
// within opts.MaxSize bytes.
func Markdown(w io.Writer, r *lint.Report, opts MarkdownOptions) error {
	_, err := io.WriteString(w, MarkdownString(r, opts))
	return err
}

// MarkdownString returns the body that Markdown writes.
func MarkdownString(r *lint.Report, opts MarkdownOptions) string {
	r = r.Bounded()
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	d := buildDoc(r, opts)
	return d.fit(opts.MaxSize)
}

// mdDoc is the comment in parts, so that parts can be cut to fit the size
// limit without rendering the whole body again.
type mdDoc struct {
	words     HostWords // the host's words, none empty
	head      string    // marker, verdict
	gate      string    // the changes that weaken the gate, "" when none
	tableHead string    // prompt table header, "" when there is no table
	tableRows []string  // one per changed prompt
	details   []mdDetails
	findHead  string // findings heading and table header, "" when none
	findRows  []string
	preHead   string   // the folded pre-existing findings' summary and table header, "" when none
	preRows   []string // findings the base already had
	checkHead string   // checklist heading, "" when empty
	checkRows []mdCheckRow
	notes     []string // the report's notes as list items, escaped once
	footer    string
	changed   int // changed prompts
	withDiffs int // details that hold a diff
}

// mdDetails is the folded section of one prompt, whole and with its diff
// cut.
type mdDetails struct {
	full, cut string
	hasDiff   bool
}

// mdCheckRow is one checklist table row; group is the heading and table
// header written before the first row of each prompt.
type mdCheckRow struct {
	group string
	row   string
}

// mdCuts says what was cut to fit.
type mdCuts struct {
	diffs     map[int]bool // details whose diff is cut
	noDetails bool         // every details section dropped
	findings  int          // findings rows kept
	pre       int          // pre-existing findings rows kept
	checklist int          // checklist rows kept
	prompts   int          // prompt table rows kept
}

func buildDoc(r *lint.Report, opts MarkdownOptions) *mdDoc {
	d := &mdDoc{words: opts.words()}
	var changed []*lint.PromptReport
	for i := range r.Prompts {
		if r.Prompts[i].Status != lint.Unchanged || !r.Check {
			changed = append(changed, &r.Prompts[i])
		}
	}
	if r.Check {
		d.changed = r.Summary().Changed // the prompts a cut left out too
	}
	d.head = Marker + "\n" + verdict(r, d.changed, opts) + "\n"
	d.gate = gateSection(r.Gate)

	if r.Check && len(changed) > 0 {
		d.tableHead = "\n| Prompt | Version | Bump | Similarity | Lines | Variables | Tokens | Verdict |\n" +
			"| --- | --- | --- | --- | --- | --- | --- | --- |\n"
		more := listCuts(r.Cut)
		for _, p := range changed {
			d.tableRows = append(d.tableRows, promptRow(p, more))
		}
		for _, p := range changed {
			if det, ok := promptDetails(p, d.words.Limit, more); ok {
				d.details = append(d.details, det)
				if det.hasDiff {
					d.withDiffs++
				}
			}
		}
	}

	// most serious first, so that cutting rows to fit keeps the errors;
	// the findings the base already had are folded apart
	findings := sortedFindings(r.Findings)
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].Severity > findings[j].Severity })
	fixNew, fixPre := "", ""
	for _, f := range findings {
		if f.Preexisting {
			d.preRows = append(d.preRows, findingRow(f))
			if f.Fix != nil {
				fixPre = fixLegend
			}
		} else {
			d.findRows = append(d.findRows, findingRow(f))
			if f.Fix != nil {
				fixNew = fixLegend
			}
		}
	}
	if len(d.findRows) > 0 {
		d.findHead = "\n#### Findings\n\n" + fixNew + findingsTableHead
	}
	if len(d.preRows) > 0 {
		what := plural(len(d.preRows), "pre-existing finding: the base has it too", "pre-existing findings: the base has them too")
		if r.OnlyNew {
			what += "; only new findings fail this check (only_new)"
		}
		d.preHead = "\n<details><summary>" + htmlText(what) + "</summary>\n\n" + fixPre + findingsTableHead
	}

	for _, note := range append(append([]string(nil), r.Notes...), checklistNotes(r.Checklist)...) {
		d.notes = append(d.notes, noteLine(note))
	}
	if r.Check {
		d.checkHead, d.checkRows = checklistSection(r.Checklist)
	}

	if u := safeURL(opts.RunURL); u != "" {
		d.footer = "\n[View the " + mdText(d.words.Run) + "](" + u + ")\n"
	}
	return d
}

// verdict is the one-line heading: an icon, the title, and the counts.
func verdict(r *lint.Report, changed int, opts MarkdownOptions) string {
	title := "promptlint"
	if opts.Title != "" {
		title = mdText(opts.Title)
	}
	s := r.Summary()
	icon := "✅"
	switch gErrors, gWarnings, _ := lint.Count(r.Gating()); {
	case gErrors > 0:
		icon = "❌"
	case gWarnings > 0:
		icon = "⚠️"
	}
	// The counts are of new findings; those the base already had are
	// counted apart.
	errors, warnings, notices := lint.Count(lint.New(r.Findings))
	var counts []string
	if errors > 0 {
		counts = append(counts, plural(errors, "error", "errors"))
	}
	if warnings > 0 {
		counts = append(counts, plural(warnings, "warning", "warnings"))
	}
	if notices > 0 {
		counts = append(counts, plural(notices, "notice", "notices"))
	}
	if s.PreExisting > 0 {
		counts = append(counts, plural(s.PreExisting, "pre-existing finding", "pre-existing findings"))
	}
	found := strings.Join(counts, ", ")
	var text string
	switch {
	case !r.Check:
		files := plural(s.Files, "prompt file", "prompt files")
		if found == "" {
			text = files + ", no findings"
		} else {
			text = found + " in " + files
		}
	case changed > 0:
		prompts := plural(changed, "changed prompt", "changed prompts")
		if found == "" {
			text = prompts + ", no findings"
		} else {
			text = found + " in " + prompts
		}
	case found != "":
		text = found + ", no changed prompts"
	case opts.Clean:
		text = "no changed prompts, prompts are clean again"
	default:
		text = "no changed prompts"
	}
	return "### " + icon + " " + title + ": " + text
}

// promptRow is one row of the changed prompts table; more says how many
// variables of a list the report left out, so the cell counts them all.
func promptRow(p *lint.PromptReport, more func(p *lint.Prompt, what string) int) string {
	st := statsOf(p)
	s := p.Subject()
	var name, path string
	if s != nil {
		name, path = s.Name, s.Path
	}
	cell := ""
	if name != "" {
		cell = "**" + mdText(name) + "**"
	}
	if p.Status != lint.Modified {
		cell += " (" + string(p.Status) + ")"
	}
	loc := mdText(path)
	if p.Status == lint.Renamed && p.Base != nil && p.Base.Path != path {
		loc = mdText(p.Base.Path) + " → " + loc
	}
	cell = strings.TrimSpace(cell) + "<br>" + loc

	version := orDash(mdText(st.oldVersion)) + " → " + orDash(mdText(st.newVersion))
	bump, sim, tokens := "—", "—", "—"
	if p.Change != nil && p.Base != nil && p.Prompt != nil { // added and removed prompts have neither
		bump = codeSpan(st.bump.String())
		if st.required > st.bump {
			bump += " / needs " + codeSpan(st.required.String()) + " ❌"
		} else {
			bump += " ✅"
		}
		sim = percent(st.similarity)
		if st.approximate {
			sim = "≈" + sim
		}
	}
	if st.hasTokens {
		tokens = strconv.Itoa(st.tokensOld) + " → " + strconv.Itoa(st.tokensNew)
		if st.tokensOld > 0 {
			delta := float64(st.tokensNew-st.tokensOld) / float64(st.tokensOld) * 100
			tokens += " (" + signedPercent(delta) + ")"
		}
	}
	lines := fmt.Sprintf("+%d −%d", st.added, st.removed)
	var vars []string
	vars = append(vars, nameList("+", st.varsAdded, more(s, lint.CutVarsAdded))...)
	vars = append(vars, nameList("−", st.varsRemoved, more(s, lint.CutVarsRemoved))...)
	vars = append(vars, nameList("~", st.defaultsChanged, more(s, lint.CutDefaultsChanged))...)
	varCell := "—"
	if len(vars) > 0 {
		varCell = strings.Join(vars, " ")
	}
	rec := "—"
	switch p.Recommendation {
	case "deploy":
		rec = "✅ deploy"
	case "review":
		rec = "👀 review"
	case "":
	default:
		rec = mdText(p.Recommendation)
	}
	return "| " + strings.Join([]string{cell, version, bump, sim, lines, varCell, tokens, rec}, " | ") + " |\n"
}

// maxNames is how many variable names of each kind a table cell lists.
const maxNames = 8

// nameList formats variable names with a prefix, at most maxNames of them;
// cut more names were left out of the report before.
func nameList(prefix string, names []string, cut int) []string {
	var out []string
	for i, n := range names {
		if i == maxNames {
			out = append(out, fmt.Sprintf("(%s%d more)", prefix, len(names)+cut-maxNames))
			break
		}
		out = append(out, prefix+mdText(n))
	}
	return out
}

func signedPercent(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	} else {
		s = "−" + s[1:]
	}
	return s + "%"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// listCuts returns how many entries the report left out of each list of
// a prompt (lint.Report.Bounded), by path, prompt name and kind.
func listCuts(cuts []lint.Cut) func(p *lint.Prompt, what string) int {
	more := map[[3]string]int{}
	for _, c := range cuts {
		if c.Prompt != "" {
			more[[3]string{c.Path, c.Prompt, c.Kind()}] += c.Found - c.Reported
		}
	}
	return func(p *lint.Prompt, what string) int {
		if p == nil {
			return 0
		}
		return more[[3]string{p.Path, p.Name, what}]
	}
}

// promptDetails is the folded section of one prompt: why its bump is what
// it is, how its messages and rendered outputs changed, and its diff; more
// says how many entries of a list of the prompt the report left out.
func promptDetails(p *lint.PromptReport, limit string, more func(p *lint.Prompt, what string) int) (mdDetails, bool) {
	c := p.Change
	if c == nil {
		return mdDetails{}, false
	}
	s := p.Subject()
	var b strings.Builder
	summary := ""
	if s != nil {
		summary = s.Name
		if summary != "" {
			summary += ": "
		}
		if c.OldPath != "" && c.OldPath != s.Path {
			summary += c.OldPath + " → "
		}
		summary += s.Path
	}
	fmt.Fprintf(&b, "\n<details><summary>%s (+%d −%d)</summary>\n\n", htmlText(summary), c.AddedLines, c.RemovedLines)
	for _, r := range c.Reasons {
		fmt.Fprintf(&b, "- %s: %s\n", codeSpan(r.Bump.String()), mdText(r.Text))
	}
	if n := more(s, lint.CutReasons); n > 0 {
		fmt.Fprintf(&b, "- and %s, not listed (at most %d per prompt)\n", plural(n, "more reason", "more reasons"), lint.MaxListed)
	}
	if len(c.Reasons) > 0 {
		b.WriteByte('\n')
	}
	if len(c.Messages) > 0 {
		var parts []string
		for _, m := range c.Messages {
			role := m.Role
			if role == "" {
				role = "message"
			}
			part := fmt.Sprintf("%d %s %s", m.Index+1, mdText(role), m.Status)
			if m.OldRole != "" && m.OldRole != m.Role {
				part += " (was " + mdText(m.OldRole) + ")"
			}
			if m.Status == lint.Modified || m.Status == lint.Unchanged {
				part += " " + percent(m.Similarity)
			}
			parts = append(parts, part)
		}
		if n := more(s, lint.CutMessages); n > 0 {
			parts = append(parts, fmt.Sprintf("and %s, not listed", plural(n, "more message", "more messages")))
		}
		b.WriteString("Messages: " + strings.Join(parts, "; ") + ".\n\n")
	}
	if rc := c.Rendered; rc != nil {
		fmt.Fprintf(&b, "Rendered test inputs: %d of %d outputs changed; similarity average %s, min %s, max %s",
			rc.Changed, len(rc.Rows), percent(rc.Average), percent(rc.Min), percent(rc.Max))
		if rc.Errors > 0 {
			fmt.Fprintf(&b, "; %s could not be rendered", plural(rc.Errors, "row", "rows"))
		}
		b.WriteString(".\n\n")
	}
	head := b.String()
	if c.UnifiedDiff == "" {
		if len(c.Reasons) == 0 && len(c.Messages) == 0 && c.Rendered == nil {
			return mdDetails{}, false
		}
		text := head + "</details>\n"
		return mdDetails{full: text, cut: text}, true
	}
	full := head + fencedBlock("diff", c.UnifiedDiff) + "\n</details>\n"
	cut := head + fmt.Sprintf("_diff cut to fit %s (%s)_\n\n</details>\n", mdText(limit), plural(lineCount(c.UnifiedDiff), "line", "lines"))
	return mdDetails{full: full, cut: cut, hasDiff: true}, true
}

// findingsTableHead is the header of a findings table.
const findingsTableHead = "| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n"

// preSection is the folded table of the pre-existing findings with the
// rows kept, or "" when none is kept.
func (d *mdDoc) preSection(c mdCuts) string {
	if d.preHead == "" || c.pre == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(d.preHead)
	for _, r := range d.preRows[:c.pre] {
		b.WriteString(r)
	}
	b.WriteString(d.moreLine(c.pre, len(d.preRows), "pre-existing finding", "pre-existing findings"))
	b.WriteString("\n</details>\n")
	return b.String()
}

var severityIcon = map[lint.Severity]string{lint.Error: "❌", lint.Warning: "⚠️", lint.Notice: "ℹ️"}

// fixMark starts the message of a fixable finding in a findings table,
// and fixLegend, above a table with one, says what it means.
const (
	fixMark   = "🔧 "
	fixLegend = fixMark + "marks a finding that `promptlint fix` fixes in place (give it `--base` and the base branch for a version bump).\n\n"
)

// findingRow is one row of the findings table.
func findingRow(f lint.Finding) string {
	sev := f.Severity.String()
	if icon, ok := severityIcon[f.Severity]; ok {
		sev = icon + " " + sev
	}
	loc := mdText(f.Path) + fmt.Sprintf(":%d:%d", max(f.Pos.Line, 1), max(f.Pos.Col, 1))
	msg := mdText(f.Message)
	if f.Fix != nil {
		msg = fixMark + msg
	}
	return "| " + sev + " | " + codeSpan(f.Rule) + " | " + loc + " | " + msg + " |\n"
}

// howToEnforce is the line under an advisory checklist that says how to
// enforce it.
const howToEnforce = "_Not enforced: these prompts have no environment, so their checklist is advice and fails nothing. " +
	"To enforce it, set `default_environment: production` in `.promptlint.yaml`, " +
	"or give a prompt `environment: production` or a path under `environments.production.paths`._\n"

// checklistKey identifies the prompt a checklist item belongs to.
func checklistKey(c lint.ChecklistItem) string { return c.Path + "\x00" + c.Prompt }

// checklistSection is the checklist heading and its rows: one table per
// prompt that has required or advisory items, advisory tables marked as
// not enforced, with one line that says how to enforce them.
func checklistSection(items []lint.ChecklistItem) (string, []mdCheckRow) {
	shown := map[string]bool{}
	enforced, advisory := false, false
	for _, c := range items {
		if c.Required || c.Advisory {
			shown[checklistKey(c)] = true
			enforced = enforced || c.Required
			advisory = advisory || c.Advisory
		}
	}
	if len(shown) == 0 {
		return "", nil
	}
	head := "\n#### Production checklist\n"
	if !enforced {
		head = "\n#### Production checklist (advisory, not enforced)\n"
	}
	if advisory {
		head += "\n" + howToEnforce
	}
	var rows []mdCheckRow
	last := ""
	for _, c := range items {
		key := checklistKey(c)
		if !shown[key] {
			continue
		}
		row := mdCheckRow{row: checklistRow(c)}
		if key != last {
			row.group = "\n" + checklistGroup(c) + "\n\n| Item | Required | Status | Evidence |\n| --- | --- | --- | --- |\n"
			last = key
		}
		rows = append(rows, row)
	}
	return head, rows
}

// checklistNotes are one line for the prompts whose checklist requires
// nothing: those whose environment requires no item, and those whose
// change needs no version bump.
func checklistNotes(items []lint.ChecklistItem) []string {
	asked := map[string]bool{}
	for _, c := range items {
		asked[checklistKey(c)] = asked[checklistKey(c)] || c.Required || c.Advisory
	}
	var byEnv, noBump []string
	seen := map[string]bool{}
	for _, c := range items {
		key := checklistKey(c)
		if asked[key] || seen[key] {
			continue
		}
		seen[key] = true
		switch {
		case c.Evidence == lint.NoBumpNeeded:
			noBump = append(noBump, c.Prompt)
		case c.Environment == "":
			byEnv = append(byEnv, c.Prompt+" (no environment)")
		default:
			byEnv = append(byEnv, c.Prompt+" ("+c.Environment+")")
		}
	}
	var notes []string
	if len(byEnv) > 0 {
		notes = append(notes, "No checklist items are required for "+strings.Join(byEnv, ", ")+".")
	}
	if len(noBump) > 0 {
		notes = append(notes, "No checklist items are asked of "+strings.Join(noBump, ", ")+": the change needs no version bump.")
	}
	return notes
}

func checklistGroup(c lint.ChecklistItem) string {
	var parts []string
	if c.Prompt != "" {
		parts = append(parts, "**"+mdText(c.Prompt)+"**")
	}
	if c.Path != "" {
		parts = append(parts, mdText(c.Path))
	}
	switch {
	case c.Advisory:
		parts = append(parts, "no environment: advisory, not enforced")
	case c.Environment != "":
		parts = append(parts, "environment "+mdText(c.Environment))
	}
	if len(parts) == 0 {
		return "**checklist**"
	}
	return strings.Join(parts, " · ")
}

var statusIcon = map[lint.ChecklistStatus]string{
	lint.Verified:    "✅",
	lint.Attested:    "☑️",
	lint.Missing:     "❌",
	lint.NotRequired: "➖",
}

func checklistRow(c lint.ChecklistItem) string {
	required := "no"
	switch {
	case c.Required:
		required = "yes"
	case c.Advisory:
		required = "advisory"
	}
	status := mdText(string(c.Status))
	switch icon, ok := statusIcon[c.Status]; {
	case c.Advisory && c.Status == lint.Missing:
		status = "⬜ " + status // not enforced: no failure mark
	case ok:
		status = icon + " " + status
	}
	return "| " + codeSpan(c.ID) + " | " + required + " | " + status + " | " + orDash(mdText(c.Evidence)) + " |\n"
}

// fit renders the body within max bytes, cutting parts in order: diffs
// (largest first), every details section, findings rows, checklist rows,
// prompt table rows; a note says what was cut.
func (d *mdDoc) fit(limit int) string {
	c := mdCuts{diffs: map[int]bool{}, findings: len(d.findRows), pre: len(d.preRows), checklist: len(d.checkRows), prompts: len(d.tableRows)}
	if d.size(c) <= limit {
		return d.render(c)
	}
	order := make([]int, 0, len(d.details))
	for i, det := range d.details {
		if det.hasDiff {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		da, db := d.details[order[a]], d.details[order[b]]
		return len(da.full)-len(da.cut) > len(db.full)-len(db.cut)
	})
	// The fewest diffs to cut, largest first, are found by binary search
	// too: a size is O(diffs), and a PR can change thousands of prompts.
	cut := func(k int) {
		clear(c.diffs)
		for _, i := range order[:k] {
			c.diffs[i] = true
		}
	}
	if k := sort.Search(len(order)+1, func(k int) bool { cut(k); return d.size(c) <= limit }); k <= len(order) {
		cut(k)
		return d.render(c)
	}
	cut(len(order))
	if len(d.details) > 0 {
		c.noDetails = true
		if d.size(c) <= limit {
			return d.render(c)
		}
	}
	// Rows are cut from the end; the most rows that fit are found by
	// binary search, since a size is O(rows) and a hostile PR can have
	// hundreds of thousands of findings.
	for _, kept := range []*int{&c.pre, &c.checklist, &c.findings, &c.prompts} {
		if *kept == 0 {
			continue
		}
		total := *kept
		// The size grows with the rows kept (below all of them: the note
		// and the "and N more" line vary by a few bytes, a row is longer).
		n := sort.Search(total, func(n int) bool {
			*kept = n
			return d.size(c) > limit
		})
		if n > 0 {
			*kept = n - 1
			return d.render(c)
		}
		*kept = 0
	}
	return truncateLines(d.render(c), limit)
}

// truncateLines cuts s to at most limit bytes at a line boundary. It is the
// last resort, when even the marker, verdict and notes do not fit; by then
// no code block is left to break.
func truncateLines(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := strings.LastIndexByte(s[:limit], '\n')
	if cut < 0 {
		return ""
	}
	return s[:cut+1]
}

// size is the length of render(c), computed without rendering.
func (d *mdDoc) size(c mdCuts) int {
	n := len(d.head) + len(d.gate) + len(d.footer)
	if d.tableHead != "" {
		n += len(d.promptsHead(c)) + len(d.moreLine(c.prompts, len(d.tableRows), "changed prompt", "changed prompts"))
		for _, r := range d.tableRows[:c.prompts] {
			n += len(r)
		}
	}
	if !c.noDetails {
		for i, det := range d.details {
			if c.diffs[i] {
				n += len(det.cut)
			} else {
				n += len(det.full)
			}
		}
	}
	if d.findHead != "" {
		n += len(d.findingsHead(c)) + len(d.moreLine(c.findings, len(d.findRows), "finding", "findings"))
		for _, r := range d.findRows[:c.findings] {
			n += len(r)
		}
	}
	n += len(d.preSection(c))
	if d.checkHead != "" && c.checklist > 0 {
		n += len(d.checkHead)
	}
	for _, r := range d.checkRows[:c.checklist] {
		n += len(r.group) + len(r.row)
	}
	if d.checkHead != "" {
		n += len(d.moreLine(c.checklist, len(d.checkRows), "checklist item", "checklist items"))
	}
	if notes := d.allNotes(c); len(notes) > 0 {
		n += len("\n#### Notes\n\n")
		for _, line := range notes {
			n += len(line)
		}
	}
	return n
}

// render writes the body with the given cuts.
func (d *mdDoc) render(c mdCuts) string {
	var b strings.Builder
	b.Grow(d.size(c))
	b.WriteString(d.head)
	b.WriteString(d.gate)
	if d.tableHead != "" {
		b.WriteString(d.promptsHead(c))
		for _, r := range d.tableRows[:c.prompts] {
			b.WriteString(r)
		}
		b.WriteString(d.moreLine(c.prompts, len(d.tableRows), "changed prompt", "changed prompts"))
	}
	if !c.noDetails {
		for i, det := range d.details {
			if c.diffs[i] {
				b.WriteString(det.cut)
			} else {
				b.WriteString(det.full)
			}
		}
	}
	if d.findHead != "" {
		b.WriteString(d.findingsHead(c))
		for _, r := range d.findRows[:c.findings] {
			b.WriteString(r)
		}
		b.WriteString(d.moreLine(c.findings, len(d.findRows), "finding", "findings"))
	}
	b.WriteString(d.preSection(c))
	if d.checkHead != "" && c.checklist > 0 {
		b.WriteString(d.checkHead)
	}
	for _, r := range d.checkRows[:c.checklist] {
		b.WriteString(r.group)
		b.WriteString(r.row)
	}
	if d.checkHead != "" {
		b.WriteString(d.moreLine(c.checklist, len(d.checkRows), "checklist item", "checklist items"))
	}
	if notes := d.allNotes(c); len(notes) > 0 {
		b.WriteString("\n#### Notes\n\n")
		for _, line := range notes {
			b.WriteString(line)
		}
	}
	b.WriteString(d.footer)
	return b.String()
}

// promptsHead is the prompt table header, or "" when every row is cut.
func (d *mdDoc) promptsHead(c mdCuts) string {
	if c.prompts == 0 {
		return ""
	}
	return d.tableHead
}

// findingsHead is the findings heading with the table header, or without
// it when every row is cut.
func (d *mdDoc) findingsHead(c mdCuts) string {
	if c.findings == 0 {
		return "\n#### Findings\n"
	}
	return d.findHead
}

// moreLine says how many rows of a table were left out, or is "".
func (d *mdDoc) moreLine(kept, total int, one, many string) string {
	if kept >= total {
		return ""
	}
	return "\n_and " + plural(total-kept, "more "+one, "more "+many) + ", see " + d.elsewhere() + "_\n"
}

// elsewhere says where what was cut can be read in full.
func (d *mdDoc) elsewhere() string { return d.words.Elsewhere }

// allNotes are the report's notes and those that say what was cut, as
// list items.
func (d *mdDoc) allNotes(c mdCuts) []string {
	notes := append([]string(nil), d.notes...)
	var cuts []string
	limit := "to fit " + d.words.Limit
	switch {
	case c.noDetails && d.withDiffs > 0:
		cuts = append(cuts, "The diffs of "+plural(d.withDiffs, "changed prompt were", "changed prompts were")+" left out "+limit+"; see "+d.elsewhere()+".")
	case len(c.diffs) > 0:
		cuts = append(cuts, plural(len(c.diffs), "diff was", "diffs were")+" cut "+limit+", largest first; see "+d.elsewhere()+".")
	}
	if c.findings < len(d.findRows) {
		cuts = append(cuts, plural(len(d.findRows)-c.findings, "finding was", "findings were")+" left out of the table "+limit+".")
	}
	if c.pre < len(d.preRows) {
		cuts = append(cuts, plural(len(d.preRows)-c.pre, "pre-existing finding was", "pre-existing findings were")+" left out "+limit+".")
	}
	if c.checklist < len(d.checkRows) {
		cuts = append(cuts, plural(len(d.checkRows)-c.checklist, "checklist item was", "checklist items were")+" left out "+limit+".")
	}
	if c.prompts < len(d.tableRows) {
		cuts = append(cuts, plural(len(d.tableRows)-c.prompts, "changed prompt was", "changed prompts were")+" left out of the table "+limit+".")
	}
	for _, note := range cuts {
		notes = append(notes, noteLine(note))
	}
	return notes
}

// noteLine formats a note as a list item. Report notes are untrusted:
// they may quote paths.
func noteLine(note string) string {
	return "- " + escapeBlockStart(mdText(note)) + "\n"
}

// maxGateLines is how many gate changes the comment lists.
const maxGateLines = 30

// gateSection lists the ways the change weakens the gate, right under the
// verdict, so that a reviewer cannot miss them.
func gateSection(changes []lint.GateChange) string {
	if len(changes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n#### ⚠️ This change weakens the gate\n\n")
	for i, c := range changes {
		if i == maxGateLines {
			fmt.Fprintf(&b, "- _and %s, see the findings_\n", plural(len(changes)-maxGateLines, "more", "more"))
			break
		}
		loc := mdText(c.Path)
		if c.Pos.Line > 0 {
			loc += fmt.Sprintf(":%d", c.Pos.Line)
		}
		b.WriteString("- " + codeSpan(clip(c.Subject, 100)) + " (" + clip(loc, 200) + "): " + mdText(clip(c.Message, 300)) + "\n")
	}
	return b.String()
}

// clip cuts s to at most n characters, the last an ellipsis when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
