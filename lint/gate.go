package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// GateRule is the id of the rule under which a change that weakens
// promptlint's own gate is reported. Gate reports it, with the severity
// the base side's configuration gives it, so that the change under check
// cannot turn it down itself.
const GateRule = "gate-weakened"

// ConfigNames are the file names a configuration is looked for under, in
// order, when none is named.
var ConfigNames = []string{".promptlint.yaml", ".promptlint.yml"}

// ConfigFile is a configuration together with where it came from.
type ConfigFile struct {
	// Path is the file's slash-separated path in its tree; "" when no file
	// was found and Config is the defaults.
	Path   string
	Data   []byte
	Config *Config
}

// ReadConfigFile reads the configuration name from fsys, or the first of
// ConfigNames when name is "". A file that is not there gives the defaults
// with an empty Path (a caller that requires it checks Path).
func ReadConfigFile(fsys fs.FS, name string) (ConfigFile, error) {
	cands := ConfigNames
	if name != "" {
		cands = []string{path.Clean(strings.TrimPrefix(name, "./"))}
	}
	return FindConfigFile(fsys, cands)
}

// MaxConfigSize is the largest configuration file read, in bytes.
const MaxConfigSize = 1 << 20

// FindConfigFile reads the first of the candidate paths (slash-separated)
// that fsys has. None there gives the defaults with an empty Path. A
// candidate that is a symbolic link, not a regular file or over
// MaxConfigSize is a usage error: promptlint does not follow links, nor
// read a config without bound, whatever the tree (a checkout, a git
// revision, a host's API).
func FindConfigFile(fsys fs.FS, candidates []string) (ConfigFile, error) {
	for _, c := range candidates {
		info, err := fs.Lstat(fsys, c)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return ConfigFile{}, fmt.Errorf("reading config %s: %w", c, err)
		}
		if !info.Mode().IsRegular() {
			return ConfigFile{}, Usagef("config %s is not a regular file; promptlint does not follow links", c)
		}
		if info.Size() > MaxConfigSize {
			return ConfigFile{}, Usagef("config %s is %d bytes, over the %d a config may have", c, info.Size(), MaxConfigSize)
		}
		data, err := fs.ReadFile(fsys, c)
		if err != nil {
			return ConfigFile{}, fmt.Errorf("reading config %s: %w", c, err)
		}
		cfg, err := LoadConfig(c, bytes.NewReader(data))
		if err != nil {
			return ConfigFile{}, err
		}
		return ConfigFile{Path: c, Data: data, Config: cfg}, nil
	}
	return ConfigFile{Config: DefaultConfig()}, nil
}

// GateChange is one way a change weakens the gate: an in-file disable it
// adds, a prompt it moves to a less strict environment, or a rule,
// checklist item or threshold its configuration turns off or down.
type GateChange struct {
	Path    string // the prompt file, or the configuration file
	Pos     Pos
	Prompt  string // the prompt concerned; "" for a configuration change
	Subject string // the rule id, checklist item or setting weakened
	Message string // one lower-case line that names what was weakened
}

// maxGateChanges bounds the changes recorded for one run: a hostile
// configuration can list thousands of ignore entries.
const maxGateChanges = 200

// Gate compares the gate of base with that of head for every prompt of
// the report and for the configuration itself, records the weakenings in
// rep.Gate, and reports each as a GateRule finding with the severity that
// base's configuration gives the rule (none when it is off there). Prompts
// with a new error finding are recommended for review.
func Gate(rep *Report, base, head ConfigFile, registry []*Rule) {
	if base.Config == nil {
		base.Config = DefaultConfig()
	}
	if head.Config == nil {
		head.Config = DefaultConfig()
	}
	changes := configWeakening(base, head, registry)
	for i := range rep.Prompts {
		changes = append(changes, promptWeakening(&rep.Prompts[i], base.Config, head.Config, registry)...)
	}
	changes = append(changes, suppressionWeakening(rep, base.Config, registry)...)
	if len(changes) > maxGateChanges {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the change weakens the gate in %d ways; only the first %d are listed", len(changes), maxGateChanges))
		changes = changes[:maxGateChanges]
	}
	rep.Gate = changes
	sev := baseSeverity(base.Config, registry, GateRule)
	if sev == Off || len(changes) == 0 {
		return
	}
	review := map[string]bool{}
	for _, c := range changes {
		if base.Config.Ignored(c.Path, GateRule) {
			continue
		}
		rep.Findings = append(rep.Findings, Finding{Rule: GateRule, Severity: sev, Path: c.Path, Pos: c.Pos, Prompt: c.Prompt, Message: c.Message})
		if sev == Error {
			review[c.Path+"\x00"+c.Prompt] = true
		}
	}
	SortFindings(rep.Findings)
	for i := range rep.Prompts {
		if s := rep.Prompts[i].Subject(); s != nil && review[s.Path+"\x00"+s.Name] && rep.Prompts[i].Recommendation != "" {
			rep.Prompts[i].Recommendation = "review"
		}
	}
}

// baseSeverity is a rule's severity under cfg: its configured one, else
// its default; Off when the registry does not have it.
func baseSeverity(cfg *Config, registry []*Rule, id string) Severity {
	for _, r := range registry {
		if r.ID != id {
			continue
		}
		if s, ok := cfg.Rules[id]; ok {
			sev, err := ParseSeverity(s)
			if err == nil {
				return sev
			}
		}
		return r.Severity
	}
	return Off
}

// envSeverity is a rule's severity for the prompts of environment env
// under cfg: the environment's override, else baseSeverity.
func envSeverity(cfg *Config, registry []*Rule, env, id string) Severity {
	if s, ok := cfg.Environments[env].Rules[id]; ok {
		if sev, err := ParseSeverity(s); err == nil {
			return sev
		}
	}
	return baseSeverity(cfg, registry, id)
}

// lowered says how a severity went down, "" when it did not.
func lowered(from, to Severity) string {
	switch {
	case to >= from:
		return ""
	case to == Off:
		return fmt.Sprintf("turned off (was %s)", from)
	}
	return fmt.Sprintf("turned down from %s to %s", from, to)
}

// configWeakening lists what head's configuration turns off or down
// compared with base's.
func configWeakening(base, head ConfigFile, registry []*Rule) []GateChange {
	b, h := base.Config, head.Config
	p := head.Path
	if p == "" {
		p = base.Path
	}
	if p == "" {
		return nil // the defaults on both sides
	}
	doc := yamlDoc(head.Data)
	var out []GateChange
	add := func(subject string, pos Pos, format string, args ...any) {
		out = append(out, GateChange{Path: p, Pos: pos, Subject: subject, Message: fmt.Sprintf(format, args...)})
	}
	if head.Path == "" {
		add(p, Pos{}, "the configuration %s is removed, so the defaults apply", p)
	}
	for _, r := range registry {
		if why := lowered(baseSeverity(b, registry, r.ID), baseSeverity(h, registry, r.ID)); why != "" {
			add(r.ID, keyPos(doc, "rules", r.ID), "rule %q is %s in the configuration", r.ID, why)
		}
	}
	envs := append([]string(nil), b.EnvironmentOrder...)
	sort.Strings(envs)
	for _, env := range envs {
		be, he := b.Environments[env], h.Environments[env]
		if _, ok := h.Environments[env]; !ok {
			add(env, Pos{}, "environment %q is removed from the configuration", env)
			continue
		}
		for _, item := range missingFrom(be.Requires, he.Requires) {
			add(item, keyPos(doc, "environments", env, "requires"), "environment %q no longer requires checklist item %q", env, item)
		}
		for _, r := range registry {
			_, bo := be.Rules[r.ID]
			_, ho := he.Rules[r.ID]
			if !bo && !ho {
				continue // covered by the rule's own severity above
			}
			if why := lowered(envSeverity(b, registry, env, r.ID), envSeverity(h, registry, env, r.ID)); why != "" {
				add(r.ID, keyPos(doc, "environments", env, "rules", r.ID), "rule %q is %s for environment %q", r.ID, why, env)
			}
		}
		for _, g := range missingFrom(he.Paths, be.Paths) {
			if len(missingFrom(b.Environments[b.DefaultEnvironment].Requires, he.Requires)) > 0 {
				add(env, keyPos(doc, "environments", env, "paths"), "environment %q now takes the prompts under %q, and requires less than the default %q", env, g, b.DefaultEnvironment)
			}
		}
		for _, g := range missingFrom(be.Paths, he.Paths) {
			if len(be.Requires) > 0 {
				add(env, keyPos(doc, "environments", env, "paths"), "environment %q no longer takes the prompts under %q", env, g)
			}
		}
	}
	if b.DefaultEnvironment != h.DefaultEnvironment {
		lost := missingFrom(b.Environments[b.DefaultEnvironment].Requires, h.Environments[h.DefaultEnvironment].Requires)
		if len(lost) > 0 {
			add("default_environment", keyPos(doc, "default_environment"), "default_environment changes from %q to %q: prompts without an environment no longer require %s", b.DefaultEnvironment, h.DefaultEnvironment, quoteList(lost))
		}
	}
	seen := map[string]bool{}
	for _, ig := range b.Ignore {
		seen[ignoreKey(ig)] = true
	}
	for i, ig := range h.Ignore {
		if seen[ignoreKey(ig)] {
			continue
		}
		where := "everywhere"
		if ig.Path != "" {
			where = fmt.Sprintf("in %q", ig.Path)
		}
		pos := keyPos(doc, "ignore")
		if n := seqItem(doc, i, "ignore"); n != nil {
			pos = Pos{Line: n.Line, Col: n.Column}
		}
		if len(ig.Rules) == 0 {
			add("ignore", pos, "ignore drops the findings of every rule %s", where)
			continue
		}
		for _, id := range ig.Rules {
			add(id, pos, "ignore drops the findings of rule %q %s", id, where)
		}
	}
	for _, g := range missingFrom(h.Exclude, b.Exclude) {
		add("exclude", keyPos(doc, "exclude"), "exclude %q: the prompt files it matches are no longer checked", g)
	}
	for _, g := range missingFrom(b.Files, h.Files) {
		add("files", keyPos(doc, "files"), "files no longer lists %q: the prompt files only it matched are no longer checked", g)
	}
	policy := []struct{ key, from, to string }{
		{"breaking", b.Versions.Breaking, h.Versions.Breaking},
		{"feature", b.Versions.Feature, h.Versions.Feature},
		{"wording", b.Versions.Wording, h.Versions.Wording},
	}
	for _, v := range policy {
		from, _ := ParseBump(v.from)
		to, _ := ParseBump(v.to)
		if to < from {
			add("versions."+v.key, keyPos(doc, "versions", v.key), "versions.%s asks for a %s bump instead of %s", v.key, v.to, v.from)
		}
	}
	if b.Versions.RequireVSCode && !h.Versions.RequireVSCode {
		add("versions.require_vscode", keyPos(doc, "versions", "require_vscode"), "versions.require_vscode is turned off: VS Code prompt files need no version")
	}
	type number struct {
		key      string
		from, to float64
		lower    bool // true: a lower value is weaker
	}
	for _, n := range []number{
		{"checklist.min_approvals", float64(b.Checklist.MinApprovals), float64(h.Checklist.MinApprovals), true},
		{"checklist.min_sample_size", float64(b.Checklist.MinSampleSize), float64(h.Checklist.MinSampleSize), true},
		{"checklist.confidence", b.Checklist.Confidence, h.Checklist.Confidence, true},
		{"checklist.tolerance", b.Checklist.Tolerance, h.Checklist.Tolerance, false},
		{"commits.min_words", float64(b.Commits.MinWords), float64(h.Commits.MinWords), true},
		{"naming.min_length", float64(b.Naming.MinLength), float64(h.Naming.MinLength), true},
		{"tokens.budget", float64(b.Tokens.Budget), float64(h.Tokens.Budget), false},
		{"diff.review_threshold", b.Diff.ReviewThreshold, h.Diff.ReviewThreshold, true},
	} {
		if n.lower && n.to < n.from || !n.lower && n.to > n.from {
			section, key, _ := strings.Cut(n.key, ".")
			add(n.key, keyPos(doc, section, key), "%s goes from %v to %v", n.key, n.from, n.to)
		}
	}
	if h.OnlyNew && !b.OnlyNew {
		add("only_new", keyPos(doc, "only_new"), "only_new lets the findings the base already had pass the check")
	}
	for _, name := range missingFrom(h.Naming.Allow, b.Naming.Allow) {
		add("naming.allow", keyPos(doc, "naming", "allow"), "naming.allow exempts %q from variable-name-cryptic", name)
	}
	return out
}

// promptWeakening lists what the change does to one prompt's own gate:
// rules the file newly disables, and a move to an environment that
// requires fewer checklist items or checks rules less severely.
func promptWeakening(r *PromptReport, base, head *Config, registry []*Rule) []GateChange {
	hp, bp := r.Prompt, r.Base
	if hp == nil {
		return nil
	}
	var out []GateChange
	add := func(subject string, format string, args ...any) {
		out = append(out, GateChange{Path: hp.Path, Pos: hp.Pos, Prompt: hp.Name, Subject: subject, Message: fmt.Sprintf(format, args...)})
	}
	var disabled []string
	if bp != nil {
		disabled = bp.Disabled
	}
	env := base.RuleEnvironment(hp)
	if bp != nil {
		env = base.RuleEnvironment(bp)
	}
	for _, id := range missingFrom(hp.Disabled, disabled) {
		if envSeverity(base, registry, env, id) == Off {
			continue // nothing to weaken
		}
		add(id, "the prompt file now disables rule %q (promptlint: {disable: [...]})", id)
	}
	if bp == nil {
		return out
	}
	// A prompt with no environment is held to no item (the checklist is
	// advice) and checked by production's rules.
	benv, henv := base.EnvironmentOf(bp), head.EnvironmentOf(hp)
	if benv == henv {
		return out
	}
	name := func(env string) string {
		if env == "" {
			return "none"
		}
		return fmt.Sprintf("%q", env)
	}
	// The move is judged within the head's configuration: what the
	// configuration itself turns down is reported on its own.
	from := head
	if _, ok := head.Environments[benv]; !ok {
		from = base
	}
	var had, has []string
	if benv != "" {
		had = from.Environments[benv].Requires
	}
	if henv != "" {
		has = head.Environments[henv].Requires
	}
	if lost := missingFrom(had, has); len(lost) > 0 {
		add("environment", "the prompt moves from environment %s to %s, which does not require %s", name(benv), name(henv), quoteList(lost))
	}
	brule, hrule := from.RuleEnvironment(bp), head.RuleEnvironment(hp)
	for _, rule := range registry {
		if why := lowered(envSeverity(from, registry, brule, rule.ID), envSeverity(head, registry, hrule, rule.ID)); why != "" {
			add(rule.ID, "the prompt moves from environment %s to %s, where rule %q is %s", name(benv), name(henv), rule.ID, why)
		}
	}
	return out
}

// missingFrom returns the strings of a that b lacks, in a's order, once
// each.
func missingFrom(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			in[s] = true
			out = append(out, s)
		}
	}
	return out
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func ignoreKey(ig Ignore) string {
	rules := append([]string(nil), ig.Rules...)
	sort.Strings(rules)
	return ig.Path + "\x00" + strings.Join(rules, "\x00")
}

// yamlDoc parses a configuration for positions; nil when it does not
// parse (it did, to be loaded) or is empty.
func yamlDoc(data []byte) *yaml.Node {
	var doc yaml.Node
	if len(data) == 0 || yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// keyPos is the position of the deepest key of the path that the document
// has; the zero Pos when it has none of it.
func keyPos(n *yaml.Node, keys ...string) Pos {
	var pos Pos
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			break
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				pos = Pos{Line: n.Content[i].Line, Col: n.Content[i].Column}
				next = n.Content[i+1]
				break
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return pos
}

// seqItem returns item i of the sequence at the path of keys, or nil.
func seqItem(n *yaml.Node, i int, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == k {
				next = n.Content[j+1]
				break
			}
		}
		n = next
	}
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return nil
	}
	return n.Content[i]
}
