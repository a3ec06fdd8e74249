package lint

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/promptlint/promptlint/lint/diff"
	"github.com/promptlint/promptlint/lint/tokens"
)

// metadataKeys are keys whose change alone needs no version bump.
var metadataKeys = map[string]bool{
	"description": true, "changelog": true, "history": true, "version": true, "metadata": true,
	"authors": true, "author": true, "tags": true, "labels": true, "evaluation": true,
	"monitoring": true, "rollback": true, "promptlint": true, "environment": true,
	"testData": true, "test_data": true, "examples": true, "sample": true, "evaluators": true,
	"name": true, "title": true, "argument-hint": true,
}

// classify fills the change's classification and required bump: what
// changed between base and head and what bump the policy asks for.
func classify(c *Change, base, head *Prompt, cfg *Config) {
	breaking, _ := ParseBump(cfg.Versions.Breaking)
	feature, _ := ParseBump(cfg.Versions.Feature)
	wording, _ := ParseBump(cfg.Versions.Wording)
	add := func(b Bump, format string, args ...any) {
		c.Reasons = append(c.Reasons, Reason{Bump: b, Text: fmt.Sprintf(format, args...)})
	}
	// addVar is add for the reasons of a variable added or removed, one
	// per variable: without fmt, since a prompt can have tens of
	// thousands (strconv.Quote is %q).
	addVar := func(b Bump, before, name, after string) {
		c.Reasons = append(c.Reasons, Reason{Bump: b, Text: before + strconv.Quote(name) + after})
	}

	// Variables: the interface a caller sees, declared and used.
	oldVars, newVars := indexVars(base.Interface()), indexVars(head.Interface())
	oldSchemas, newSchemas := inputSchemas(base), inputSchemas(head)
	oldDeclared, newDeclared := declared(base), declared(head)
	for _, name := range slices.Sorted(maps.Keys(oldVars)) {
		if _, ok := newVars[name]; !ok {
			c.VarsRemoved = append(c.VarsRemoved, name)
			if ov := oldVars[name]; !ov.Required && !oldDeclared[name] {
				// Used only optionally and declared nowhere: a caller that
				// still passes it gets no error, only a different text.
				addVar(feature, "optional variable ", name, " removed")
			} else {
				addVar(breaking, "variable ", name, " removed")
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(newVars)) {
		nv := newVars[name]
		ov, ok := oldVars[name]
		if !ok {
			c.VarsAdded = append(c.VarsAdded, name)
			switch {
			case nv.HasDefault:
				addVar(feature, "variable ", name, " added with a default")
			case !nv.Required:
				addVar(feature, "optional variable ", name, " added")
			default:
				addVar(breaking, "required variable ", name, " added")
			}
			continue
		}
		switch {
		case ov.HasDefault && !nv.HasDefault && nv.Required:
			c.DefaultsChanged = append(c.DefaultsChanged, name)
			add(breaking, "default of variable %q removed", name)
		case !ov.Required && nv.Required && !nv.HasDefault:
			add(breaking, "variable %q became required", name)
		case ov.HasDefault && nv.HasDefault && !reflect.DeepEqual(ov.Default, nv.Default):
			c.DefaultsChanged = append(c.DefaultsChanged, name)
			add(feature, "default of variable %q changed", name)
		case !ov.HasDefault && nv.HasDefault:
			c.DefaultsChanged = append(c.DefaultsChanged, name)
			add(feature, "variable %q got a default", name)
		}
		switch ot, nt := inputType(ov.Type), inputType(nv.Type); {
		case ot == nt || !oldDeclared[name] || !newDeclared[name]:
			// a declaration dropped or added is variable-undefined's
		case nt == "" || ot == "integer" && nt == "number":
			add(feature, "variable %q accepts more: its type %s became %s", name, typeText(ot), typeText(nt))
		case ot == "":
			add(feature, "variable %q is now declared %s", name, typeText(nt))
		default:
			// Dotprompt and Prompty check inputs against the declared
			// type: a caller that passed the old type now fails.
			add(breaking, "type of variable %q changed from %s to %s", name, typeText(ot), typeText(nt))
		}
		if inputType(ov.Type) == inputType(nv.Type) {
			// Allowed values and the fields of an object input.
			var brk, cmp []string
			o, n := oldSchemas[name], newSchemas[name]
			if o != nil && n != nil && ov.Required != nv.Required {
				o, n = withoutNull(o), withoutNull(n)
			}
			compareInput(o, n, "variable "+strconv.Quote(name), 0, &brk, &cmp)
			for _, why := range brk {
				add(breaking, "%s", why)
			}
			for _, why := range cmp {
				add(feature, "%s", why)
			}
		}
	}

	// One variable out and one in reads as a rename; of a variable used
	// only optionally on both sides, callers that pass the old name get no
	// error, only a different text.
	if len(c.VarsRemoved) == 1 && len(c.VarsAdded) == 1 {
		from, to := c.VarsRemoved[0], c.VarsAdded[0]
		bump := breaking
		if ov, nv := oldVars[from], newVars[to]; !ov.Required && !nv.Required && !oldDeclared[from] && !newDeclared[to] {
			bump = feature
		}
		kept := c.Reasons[:0]
		for _, r := range c.Reasons {
			if !strings.Contains(r.Text, strconv.Quote(from)) && !strings.Contains(r.Text, strconv.Quote(to)) {
				kept = append(kept, r)
			}
		}
		c.Reasons = append(kept, Reason{Bump: bump, Text: fmt.Sprintf("variable %q renamed to %q", from, to)})
	}

	// Messages and roles.
	if base.Format != head.Format || base.Syntax != head.Syntax {
		add(breaking, "prompt type changed from %s/%s to %s/%s", base.Format, base.Syntax, head.Format, head.Syntax)
	}
	added, removed := 0, 0
	for _, m := range alignMessages(base.Messages, head.Messages) {
		switch {
		case m.old < 0:
			added++
		case m.new < 0:
			removed++
		case base.Messages[m.old].Role != head.Messages[m.new].Role:
			add(breaking, "role of message %d changed from %q to %q", m.new+1, base.Messages[m.old].Role, head.Messages[m.new].Role)
		}
	}
	if added > 0 {
		add(feature, "%d message(s) added", added)
	}
	if removed > 0 {
		add(feature, "%d message(s) removed", removed)
	}

	// Output: the response format, and the schema compared by meaning.
	classifyOutput(outputOf(base), outputOf(head), breaking, feature, wording, add)

	// Model and settings. Deployment configuration and keys the format's
	// tools ignore are metadata.
	for _, why := range modelChanges(modelOf(base), modelOf(head)) {
		add(feature, "%s", why)
	}
	for _, why := range settingChanges(base, head) {
		add(feature, "%s", why)
	}

	// Template text.
	oldText, newText := normalizeEOL(base.Text()), normalizeEOL(head.Text())
	textChanged := oldText != newText
	if textChanged {
		if diff.WhitespaceOnly(oldText, newText) {
			c.WhitespaceOnly = true
		} else {
			add(wording, "template wording changed")
		}
	}

	for _, r := range c.Reasons {
		c.Required = max(c.Required, r.Bump)
	}
	c.ContentChanged = len(c.Reasons) > 0
	c.MetadataOnly = !c.ContentChanged && !c.WhitespaceOnly
	switch {
	case c.ContentChanged:
	case c.WhitespaceOnly:
		add(BumpNone, "only white space or line endings changed")
	case c.MetadataOnly:
		add(BumpNone, "only metadata changed (description, changelog, evidence, test data, deployment settings): nothing the model or its callers see")
	}
	// While the major version is 0, a breaking change requires a minor bump.
	if c.Required == BumpMajor && strings.HasPrefix(strings.TrimSpace(base.Version), "0.") {
		c.Required = BumpMinor
	}
}

// declared is the set of the variables p declares: a set, since a file
// can declare tens of thousands.
func declared(p *Prompt) map[string]bool {
	out := make(map[string]bool, len(p.Variables))
	for _, v := range p.Variables {
		out[v.Name] = true
	}
	return out
}

// inputType normalizes a declared input type for comparison: the spellings
// of one type in Picoschema, JSON Schema and Prompty ("float" is "number",
// "int" is "integer", "str" is "string", "bool" is "boolean") and "" for
// any type.
func inputType(t string) string {
	switch t = strings.ToLower(strings.TrimSpace(t)); t {
	case "any", "unknown":
		return ""
	case "float", "double":
		return "number"
	case "int":
		return "integer"
	case "str":
		return "string"
	case "bool":
		return "boolean"
	}
	return t
}

// typeText names a normalized input type in a message.
func typeText(t string) string {
	if t == "" {
		return "any type"
	}
	return strconv.Quote(t)
}

// Interface returns the variables a caller of the prompt sees: those it
// declares, in file order, then those its template uses without declaring
// them, which are required inputs whatever the declaration says unless
// every use of one is optional ({% if name %}, {{#if name}},
// name | default(...): the engine renders it missing). A spaced GitHub
// Models placeholder ({{ name }}) is not an input: GitHub's tools leave it
// as written. The version policy and the "variables added, removed,
// renamed" of the diff summary compare interfaces, so a variable the
// template still uses is never reported as removed.
//
// The answer is computed once and shared: callers must not modify it.
func (p *Prompt) Interface() []Variable {
	if p.iface == nil {
		return p.computeInterface()
	}
	p.iface.once.Do(func() { p.iface.vars = p.computeInterface() })
	return p.iface.vars
}

// computeInterface is Interface computed: the declared variables, then a
// variable for each distinct name the template uses that is not
// declared, in order of first use, required unless every use of it is
// optional. One table tells both apart (-1: declared; else the used
// variable's index), sized for every use up front.
func (p *Prompt) computeInterface() []Variable {
	vars := append(make([]Variable, 0, len(p.Variables)), p.Variables...)
	index := make(map[string]int, len(p.Variables)+len(p.Uses))
	for _, v := range vars {
		index[v.Name] = -1
	}
	for _, u := range p.Uses {
		if u.Spaced {
			continue
		}
		if i, ok := index[u.Name]; ok {
			if i >= 0 {
				vars[i].Required = vars[i].Required || !u.Optional
			}
			continue
		}
		index[u.Name] = len(vars)
		vars = append(vars, Variable{Name: u.Name, Required: !u.Optional, Pos: u.Pos})
	}
	return slices.Clip(vars)
}

func isTemplateKey(k string) bool {
	switch k {
	case "template", "messages", "prompt", "body", "variables", "inputs", "input", "inputSchema", "syntax", "prompts":
		return true
	}
	return false
}

// classifyOutput adds the reasons an output changed: a new response
// format (text to JSON breaks callers that read text, and the reverse
// breaks those that parse JSON), a schema added or removed, and a schema
// changed, compared by meaning. A schema promptlint cannot resolve is
// "cannot compare", never fields removed.
func classifyOutput(o, n promptOutput, breaking, feature, wording Bump, add func(Bump, string, ...any)) {
	switch {
	case o.format != n.format && o.format == "text" && n.schema != nil:
		add(breaking, "the prompt returned free text and now returns %s with an output schema; callers that read text break", formatName(n.format))
		return
	case o.format != n.format:
		add(breaking, "response format changed from %s to %s", formatName(o.format), formatName(n.format))
		return
	case o.format == "text":
		return // a schema is not used for text
	case o.schema == nil && n.schema == nil:
		return
	case o.schema == nil:
		add(feature, "output schema added")
		return
	case n.schema == nil:
		add(breaking, "output schema removed")
		return
	}
	c := compareSchemas(o.schema, n.schema)
	if len(c.breaking) > 0 {
		add(breaking, "output schema changed incompatibly: %s", summarize(c.breaking))
	}
	if len(c.unknown) > 0 {
		add(feature, "output schema cannot be compared: %s; check its callers", summarize(c.unknown))
	}
	if len(c.compatible) > 0 && len(c.breaking) == 0 {
		add(feature, "output schema changed compatibly: %s", summarize(c.compatible))
	}
	if len(c.wording) > 0 {
		add(wording, "output schema descriptions changed: %s", summarize(c.wording))
	}
}

// summarize joins up to three texts and counts the rest.
func summarize(texts []string) string {
	if len(texts) <= 3 {
		return strings.Join(texts, "; ")
	}
	return strings.Join(texts[:3], "; ") + fmt.Sprintf("; and %d more", len(texts)-3)
}

// stats fills the diff statistics of a change between two prompts.
func stats(c *Change, base, head *Prompt, cfg *Config) {
	oldText, newText := normalizeEOL(base.Text()), normalizeEOL(head.Text())
	// Large texts are counted in tokens while they are compared.
	var counted sync.WaitGroup
	count := func() { c.TokensOld, c.TokensNew = countTokens(cfg, oldText), countTokens(cfg, newText) }
	if len(oldText)+len(newText) >= parallelText {
		counted.Go(count)
	} else {
		count()
	}
	st := diff.Compare(oldText, newText, 3)
	c.Similarity, c.Approximate = st.Similarity, st.Approximate
	if oldText != newText && c.Similarity >= 1 {
		c.Similarity = math.Nextafter(1, 0) // an approximation must not call a changed text identical
	}
	c.AddedLines, c.RemovedLines = st.Added, st.Removed
	c.UnifiedDiff = st.Unified("a/"+base.Path, "b/"+head.Path)
	if !strings.HasSuffix(oldText, "\n") && !strings.HasSuffix(newText, "\n") {
		c.UnifiedDiff = withoutEOFMarkers(c.UnifiedDiff)
	}
	counted.Wait()
	if len(base.Messages) > 1 || len(head.Messages) > 1 {
		for _, m := range alignMessages(base.Messages, head.Messages) {
			var mc MessageChange
			switch {
			case m.old < 0:
				mc = MessageChange{Index: m.new, Role: head.Messages[m.new].Role, Status: Added}
			case m.new < 0:
				r := base.Messages[m.old].Role
				mc = MessageChange{Index: m.old, OldRole: r, Role: r, Status: Removed}
			default:
				o, n := normalizeEOL(base.Messages[m.old].Text), normalizeEOL(head.Messages[m.new].Text)
				mc = MessageChange{Index: m.new, OldRole: base.Messages[m.old].Role, Role: head.Messages[m.new].Role, Status: Unchanged}
				mc.Similarity, _ = diff.Similarity(o, n)
				if o != n || mc.OldRole != mc.Role {
					mc.Status = Modified
				}
			}
			c.Messages = append(c.Messages, mc)
		}
	}
	c.Rendered = renderCompare(base, head)
}

// parallelText is the size of a pair of texts from which stats counts
// their tokens on a goroutine of its own.
const parallelText = 64 << 10

// noEOLMarker is the line a unified diff writes after a last line that
// has no newline.
const noEOLMarker = "\n\\ No newline at end of file\n"

// withoutEOFMarkers drops the "\ No newline at end of file" lines of a
// unified diff of two prompt texts neither of which ends with a newline:
// a prompt's text is a YAML scalar or a front-matter body, whose last
// newline is the file's, not the prompt's, so the marker would follow
// every single-line template on both sides and say nothing. Diffed as if
// both ended with one, the diff is otherwise the same. An added or removed
// prompt's diff (one side empty, with no last line to compare) drops it
// too. When exactly one side ends with a newline the marker stays, as GNU
// diff -u writes it. (Every line of a
// hunk starts with ' ', '-' or '+', so only a marker starts with '\'.)
func withoutEOFMarkers(unified string) string {
	return strings.ReplaceAll(unified, noEOLMarker, "\n")
}

// msgPair pairs message old of the base with message new of the head; -1
// on one side means the message was added (old) or removed (new).
type msgPair struct{ old, new int }

// maxAlignCells bounds the alignment table; past it messages pair by
// position.
const maxAlignCells = 1 << 20

// alignMessages pairs the messages of two prompts, in order, maximizing a
// score: a pair with the same role scores 3 (4 when the text is the same
// too), a pair whose role changed scores 1, a message left unpaired 0. So
// removing the system message pairs the user messages and reports one
// removal, while replacing "system" by "developer" in place is a role
// change.
func alignMessages(a, b []Message) []msgPair {
	n, m := len(a), len(b)
	if n*m > maxAlignCells {
		var out []msgPair
		for i := 0; i < max(n, m); i++ {
			p := msgPair{old: i, new: i}
			if i >= n {
				p.old = -1
			}
			if i >= m {
				p.new = -1
			}
			out = append(out, p)
		}
		return out
	}
	score := func(i, j int) int {
		switch {
		case a[i].Role != b[j].Role:
			return 1
		case a[i].Text == b[j].Text:
			return 4
		}
		return 3
	}
	// best[i][j] is the best score aligning a[i:] with b[j:].
	best := make([][]int, n+1)
	for i := range best {
		best[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			best[i][j] = max(best[i+1][j], best[i][j+1], best[i+1][j+1]+score(i, j))
		}
	}
	var out []msgPair
	i, j := 0, 0
	for i < n && j < m {
		switch best[i][j] {
		case best[i+1][j+1] + score(i, j):
			out = append(out, msgPair{i, j})
			i, j = i+1, j+1
		case best[i+1][j]:
			out = append(out, msgPair{i, -1})
			i++
		default:
			out = append(out, msgPair{-1, j})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, msgPair{i, -1})
	}
	for ; j < m; j++ {
		out = append(out, msgPair{-1, j})
	}
	return out
}

// maxRenderedRows bounds the test rows rendered per prompt; each render is
// bounded too (lint/template), so a PR cannot make check run for long.
const maxRenderedRows = 100

// renderBudget bounds the template text rendered for one prompt, summed
// over its rows (base and head): each row scans and renders the whole
// template, so a 1 MiB template renders a handful of rows, not 100.
const renderBudget = 8 << 20

// renderedRows is how many of n test rows renderCompare renders for
// templates of the given sizes: at most maxRenderedRows, and at least one.
func renderedRows(n, baseSize, headSize int) int {
	n = min(n, maxRenderedRows)
	if size := baseSize + headSize; size > 0 {
		n = min(n, max(1, renderBudget/size))
	}
	return n
}

// renderCompare renders every test row with the old and the new template
// and compares the outputs; nil when the head prompt has no test rows.
func renderCompare(base, head *Prompt) *RenderedChange {
	rows := head.TestData
	if len(rows) == 0 {
		return nil
	}
	rc := &RenderedChange{Min: 1, Total: len(rows)}
	rows = rows[:renderedRows(len(rows), len(base.Text()), len(head.Text()))]
	sum, ok := 0.0, 0
	renderBase, renderHead := base.Renderer(), head.Renderer()
	for i, row := range rows {
		rr := RenderedRow{Index: i}
		oldOut, err1 := renderBase(withDefaults(row.Values, base))
		newOut, err2 := renderHead(withDefaults(row.Values, head))
		switch {
		case err1 != nil:
			rr.Error = "old template: " + err1.Error()
		case err2 != nil:
			rr.Error = "new template: " + err2.Error()
		}
		if rr.Error != "" {
			rc.Errors++
			rc.Rows = append(rc.Rows, rr)
			continue
		}
		rr.Similarity, _ = diff.Similarity(oldOut, newOut)
		rr.Changed = oldOut != newOut
		if rr.Changed {
			rc.Changed++
		}
		sum += rr.Similarity
		ok++
		rc.Min = min(rc.Min, rr.Similarity)
		rc.Max = max(rc.Max, rr.Similarity)
		rc.Rows = append(rc.Rows, rr)
	}
	if ok == 0 {
		rc.Min = 0
	} else {
		rc.Average = sum / float64(ok)
	}
	return rc
}

func withDefaults(values map[string]any, p *Prompt) map[string]any {
	data := map[string]any{}
	for _, v := range p.Variables {
		if v.HasDefault {
			data[v.Name] = v.Default
		}
	}
	for k, v := range values {
		data[k] = v
	}
	return data
}

func countTokens(cfg *Config, text string) int {
	n, err := tokens.Count(cfg.Tokens.Encoding, text)
	if err != nil {
		return 0
	}
	return n
}

func normalizeEOL(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// indexVars maps each name of vs to its last variable (vs is read only).
func indexVars(vs []Variable) map[string]*Variable {
	m := make(map[string]*Variable, len(vs))
	for i := range vs {
		m[vs[i].Name] = &vs[i]
	}
	return m
}

func unionKeys(a, b map[string]any) map[string]bool {
	u := map[string]bool{}
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func toStrings(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
