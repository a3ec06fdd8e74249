package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/checklist"
	"github.com/promptlint/promptlint/lint/template"
	"github.com/promptlint/promptlint/lint/tokens"
)

// Config is the content of .promptlint.yaml. The zero value is not useful;
// start from DefaultConfig.
type Config struct {
	// Files are the globs that select prompt files, relative to the tree root.
	Files []string `yaml:"files"`
	// Exclude are globs of files never read.
	Exclude []string `yaml:"exclude"`
	// Syntax is the default template syntax of our YAML and text formats.
	Syntax string `yaml:"syntax"`
	// MaxFileSize is the largest prompt file read, in bytes.
	MaxFileSize int64 `yaml:"max_file_size"`

	// Rules sets a rule's severity ("error", "warning", "notice", "off").
	Rules map[string]string `yaml:"rules"`
	// Ignore drops findings of some rules (all when Rules is empty) in files
	// matching Path.
	Ignore []Ignore `yaml:"ignore"`

	Naming    Naming    `yaml:"naming"`
	Tokens    Tokens    `yaml:"tokens"`
	Versions  Versions  `yaml:"versions"`
	Diff      DiffConf  `yaml:"diff"`
	Commits   Commits   `yaml:"commits"`
	Checklist Checklist `yaml:"checklist"`

	// OnlyNew makes only findings the base did not already have fail
	// check and the action; pre-existing ones are still reported.
	OnlyNew bool `yaml:"only_new"`

	// DefaultEnvironment is the environment of a prompt that declares none
	// and matches no Environments path glob. Empty (the default), such a
	// prompt has no environment: its checklist is advisory.
	DefaultEnvironment string `yaml:"default_environment"`
	// Environments maps an environment name to its path globs and the
	// checklist items it requires.
	Environments map[string]Environment `yaml:"environments"`
	// EnvironmentOrder is the order in which Environments' globs are tried;
	// filled from the file's key order when loading.
	EnvironmentOrder []string `yaml:"-"`
	// Today is the date (YYYY-MM-DD) a fix writes into a new changelog
	// entry. The caller sets it; a config file cannot. Empty leaves the
	// date out, so that runs stay deterministic.
	Today string `yaml:"-"`

	// src is where the config was loaded from, for Apply's messages; nil
	// for DefaultConfig.
	src *configSource
	// ruleIDs are the ids of the registry Apply was given, rules turned
	// off included: a promptlint:ignore directive may name any of them.
	ruleIDs map[string]bool
}

// Ignore drops findings by path glob and rule ids.
type Ignore struct {
	Path  string   `yaml:"path"`
	Rules []string `yaml:"rules"`
}

// Naming configures the naming rules.
type Naming struct {
	Variables string   `yaml:"variables"`  // case of variable names: snake_case, camelCase, PascalCase, kebab-case
	Prompts   string   `yaml:"prompts"`    // case of prompt names
	MinLength int      `yaml:"min_length"` // shorter variable names are cryptic
	Deny      []string `yaml:"deny"`       // cryptic variable names
	Allow     []string `yaml:"allow"`      // names exempt from the cryptic check
}

// Tokens configures token counting.
type Tokens struct {
	Encoding string `yaml:"encoding"` // cl100k_base or o200k_base
	Budget   int    `yaml:"budget"`   // template-too-long above this many tokens per prompt
}

// Versions is the version policy: the bump each kind of change requires.
type Versions struct {
	Breaking string `yaml:"breaking"` // variable removed/renamed, required variable added, ... (default major)
	Feature  string `yaml:"feature"`  // variable with default added, default changed, messages added/removed, model changed (default minor)
	Wording  string `yaml:"wording"`  // template wording (default patch)
	// Initial is the version a fix gives a prompt that has none (and no
	// base version to bump): "1.0.0" for prompts in use, "0.1.0" for a
	// team that starts below 1.
	Initial string `yaml:"initial"`
	// RequireVSCode makes version-missing apply to VS Code prompt files,
	// whose version is a "# version: 1.0.0" comment line in the front
	// matter (VS Code warns on front-matter keys it does not know).
	RequireVSCode bool `yaml:"require_vscode"`
}

// DiffConf configures the diff summary.
type DiffConf struct {
	ReviewThreshold float64 `yaml:"review_threshold"` // similarity below this asks for review
	RenameThreshold float64 `yaml:"rename_threshold"` // similarity at or above this pairs a removed and an added file as a rename
	MaxDiffLines    int     `yaml:"max_diff_lines"`   // unified diff lines kept per prompt in the comment
}

// Commits configures commit-message-generic.
type Commits struct {
	MinWords int      `yaml:"min_words"`
	Deny     []string `yaml:"deny"`
}

// Checklist configures the production checklist.
type Checklist struct {
	MinSampleSize int     `yaml:"min_sample_size"`
	Confidence    float64 `yaml:"confidence"`
	MinApprovals  int     `yaml:"min_approvals"`
	Tolerance     float64 `yaml:"tolerance"` // relative slack for metrics that must not regress
}

// Environment is one deployment environment.
type Environment struct {
	Paths    []string `yaml:"paths"`    // prompt path globs in this environment
	Requires []string `yaml:"requires"` // checklist item ids required before merge
	// Rules overrides rule severities ("error", "warning", "notice",
	// "off") for the prompts in this environment.
	Rules map[string]string `yaml:"rules"`
}

// ChecklistItems are the production checklist's item ids, in display
// order (checklist.Items).
var ChecklistItems = checklistIDs()

func checklistIDs() []string {
	ids := make([]string, len(checklist.Items))
	for i, it := range checklist.Items {
		ids[i] = it.ID
	}
	return ids
}

// DefaultFiles are the default prompt globs.
var DefaultFiles = []string{
	"prompts/**/*.{yaml,yml,json}",
	"**/*.prompt.{yml,yaml}",
	"**/*.prompt",
	"**/*.prompty",
	"**/*.prompt.md",
	"prompts/**/*.{md,txt}",
}

// DefaultConfig returns the configuration used when there is no file.
func DefaultConfig() *Config {
	return &Config{
		Files:       append([]string(nil), DefaultFiles...),
		Syntax:      string(template.Python),
		MaxFileSize: 1 << 20,
		Rules:       map[string]string{},
		Naming: Naming{
			Variables: "snake_case",
			Prompts:   "snake_case",
			MinLength: 3,
			Deny: []string{"x", "y", "z", "a", "b", "c", "foo", "bar", "baz", "tmp", "temp", "var", "val",
				"data", "input", "text", "thing", "stuff"},
		},
		Tokens:   Tokens{Encoding: "cl100k_base", Budget: 4000},
		Versions: Versions{Breaking: "major", Feature: "minor", Wording: "patch", Initial: "1.0.0"},
		Diff:     DiffConf{ReviewThreshold: 0.8, RenameThreshold: 0.7, MaxDiffLines: 400},
		Commits: Commits{MinWords: 3, Deny: []string{"fix", "fixes", "fixed", "update", "updates", "updated",
			"update prompt", "update prompts", "updated prompt", "wip", "changes", "change", "tweak", "tweaks",
			"prompt update", "misc", "minor", "stuff", "edit prompt", "prompt changes"}},
		Checklist:          Checklist{MinSampleSize: 100, Confidence: 0.95, MinApprovals: 1, Tolerance: 0},
		DefaultEnvironment: "",
		Environments: map[string]Environment{
			"production":  {Requires: append([]string(nil), ChecklistItems...)},
			"staging":     {Requires: []string{"semver", "rollback-plan", "team-reviewed"}},
			"development": {Requires: []string{}},
		},
		EnvironmentOrder: []string{"production", "staging", "development"},
	}
}

// hasKey reports whether a YAML mapping node has the key.
func hasKey(n *yaml.Node, key string) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// UsageError is a problem with the command line or the configuration: the
// exit code is 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// LoadConfig reads a configuration file over the defaults. Every error is
// a UsageError that names the file, the line and the column: YAML syntax,
// a key defined twice, an unknown key (with the closest known key), a
// value of the wrong kind or out of range. name is used in messages.
func LoadConfig(name string, r io.Reader) (*Config, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading config %s: %w", name, err)
	}
	src := &configSource{name: name, values: map[string]Pos{}, keys: map[string]Pos{}}
	if len(data) > maxConfigSize {
		return nil, Usagef("%s: the config is over %d bytes", name, maxConfigSize)
	}
	cfg := DefaultConfig()
	cfg.src = src
	if len(bytes.TrimSpace(data)) == 0 {
		return cfg, nil
	}
	doc, err := unmarshalYAML(string(data))
	if err != nil {
		msg, line := strings.TrimPrefix(err.Error(), "yaml: "), 1
		if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = err.Error()[len(m[0]):]
		}
		return nil, Usagef("%s:%d:1: invalid YAML: %s", name, line, msg)
	}
	if dup, first := duplicateKey(doc); dup != nil {
		return nil, Usagef("%s:%d:%d: key %q is defined twice (first at line %d)", name, dup.Line, dup.Column, dup.Value, first.Line)
	}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	root := doc.Content[0]
	w := &configWalker{src: src}
	if err := w.walk(root, reflect.TypeOf(Config{}), ""); err != nil {
		return nil, src.usage(err)
	}
	// Environments named in the file override the defaults of the same
	// name and keep the others; one that leaves out `requires` keeps the
	// default items. The file's order comes first for glob matching.
	defaults := cfg.Environments
	keepRequires := map[string]bool{}
	var order []string
	if _, envs := mapGet(root, "environments"); envs != nil && envs.Kind == yaml.MappingNode {
		cfg.Environments = map[string]Environment{}
		for i := 0; i+1 < len(envs.Content); i += 2 {
			env, body := envs.Content[i].Value, resolve(envs.Content[i+1])
			order = append(order, env)
			keepRequires[env] = !hasKey(body, "requires")
		}
	}
	if err := root.Decode(cfg); err != nil {
		return nil, Usagef("%s: %s", name, yamlMessage(err))
	}
	if order != nil {
		for env, def := range defaults {
			e, named := cfg.Environments[env]
			switch {
			case !named:
				cfg.Environments[env] = def
			case keepRequires[env]:
				e.Requires = def.Requires
				cfg.Environments[env] = e
			}
		}
		for _, env := range cfg.EnvironmentOrder {
			if !contains(order, env) {
				order = append(order, env)
			}
		}
		cfg.EnvironmentOrder = order
	}
	if err := cfg.check(); err != nil {
		return nil, src.usage(err)
	}
	return cfg, nil
}

var caseNames = map[string]bool{"snake_case": true, "camelCase": true, "PascalCase": true, "kebab-case": true, "SCREAMING_SNAKE_CASE": true}

// check validates values that do not depend on the rule registry; its
// errors are fieldErrors, at the path of the bad value.
func (c *Config) check() error {
	if _, ok := template.ParseSyntax(c.Syntax); !ok {
		return fieldErrorf("syntax", "unknown template syntax %q", c.Syntax)
	}
	for _, list := range []struct {
		key   string
		globs []string
	}{{"files", c.Files}, {"exclude", c.Exclude}} {
		for i, g := range list.globs {
			if !doublestar.ValidatePattern(g) {
				return fieldErrorf(fmt.Sprintf("%s[%d]", list.key, i), "bad glob %q", g)
			}
		}
	}
	for i, ig := range c.Ignore {
		if ig.Path != "" && !doublestar.ValidatePattern(ig.Path) {
			return fieldErrorf(fmt.Sprintf("ignore[%d].path", i), "bad glob %q", ig.Path)
		}
	}
	cases := "snake_case, camelCase, PascalCase, kebab-case or SCREAMING_SNAKE_CASE"
	for _, k := range []struct{ key, val string }{{"naming.variables", c.Naming.Variables}, {"naming.prompts", c.Naming.Prompts}} {
		if !caseNames[k.val] {
			return fieldErrorf(k.key, "unknown case %q (want %s)%s", k.val, cases, DidYouMean(k.val, slices.Sorted(maps.Keys(caseNames))))
		}
	}
	for _, k := range []struct{ key, val string }{{"versions.breaking", c.Versions.Breaking}, {"versions.feature", c.Versions.Feature}, {"versions.wording", c.Versions.Wording}} {
		if _, err := ParseBump(k.val); err != nil {
			return fieldErrorf(k.key, "%v", err)
		}
	}
	if _, err := ParseVersion(c.Versions.Initial); err != nil {
		return fieldErrorf("versions.initial", "%q is not a strict semantic version such as 1.0.0 or 0.1.0", c.Versions.Initial)
	}
	if !tokens.Known(c.Tokens.Encoding) {
		return fieldErrorf("tokens.encoding", "unknown encoding %q (want %s)", c.Tokens.Encoding, strings.Join(tokens.Encodings, " or "))
	}
	if c.Tokens.Budget <= 0 {
		return fieldErrorf("tokens.budget", "must be positive")
	}
	if c.Diff.ReviewThreshold < 0 || c.Diff.ReviewThreshold > 1 {
		return fieldErrorf("diff.review_threshold", "%v is not between 0 and 1", c.Diff.ReviewThreshold)
	}
	if c.Checklist.Confidence <= 0 || c.Checklist.Confidence >= 1 {
		return fieldErrorf("checklist.confidence", "%v is not between 0 and 1", c.Checklist.Confidence)
	}
	if c.MaxFileSize <= 0 {
		return fieldErrorf("max_file_size", "must be positive")
	}
	for _, name := range c.EnvironmentOrder {
		for i, id := range c.Environments[name].Requires {
			if !contains(ChecklistItems, id) {
				return fieldErrorf(fmt.Sprintf("environments.%s.requires[%d]", name, i), "unknown checklist item %q (want one of %s)%s", id, strings.Join(ChecklistItems, ", "), DidYouMean(id, ChecklistItems))
			}
		}
	}
	if _, ok := c.Environments[c.DefaultEnvironment]; !ok && c.DefaultEnvironment != "" {
		return fieldErrorf("default_environment", "%q is not in environments%s", c.DefaultEnvironment, DidYouMean(c.DefaultEnvironment, c.EnvironmentOrder))
	}
	return nil
}

var unknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)

// yamlMessage turns a YAML decoding error into one line that names the
// offending key and its line, without Go type names.
func yamlMessage(err error) string {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return strings.TrimPrefix(err.Error(), "yaml: ")
	}
	msgs := make([]string, len(te.Errors))
	for i, e := range te.Errors {
		if m := unknownField.FindStringSubmatch(e); m != nil {
			msgs[i] = fmt.Sprintf("line %s: unknown key %q", m[1], m[2])
			continue
		}
		msgs[i] = strings.ReplaceAll(e, "lint.", "")
	}
	return strings.Join(msgs, "; ")
}

// ParseBump reads "major", "minor", "patch" or "none".
func ParseBump(s string) (Bump, error) {
	switch s {
	case "major":
		return BumpMajor, nil
	case "minor":
		return BumpMinor, nil
	case "patch":
		return BumpPatch, nil
	case "none":
		return BumpNone, nil
	}
	return BumpNone, fmt.Errorf("unknown bump %q (want major, minor, patch or none)", s)
}

var ruleIDPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Apply validates the rule ids the config names against the registry and
// returns a copy of rules with severities overridden; rules set to "off"
// are left out. An unknown id is a usage error.
func (c *Config) Apply(rules []*Rule) ([]*Rule, error) {
	byID := map[string]*Rule{}
	var all []string
	for _, r := range rules {
		byID[r.ID] = r
		all = append(all, r.ID)
	}
	// unknown reports id, a key of the mapping at path (key) or an item of
	// the list at path (at).
	unknown := func(path, at, id string, key bool) error {
		return c.src.usage(&fieldError{path: path, at: at, key: key, msg: fmt.Sprintf("unknown rule %q%s", id, DidYouMean(id, all))})
	}
	for _, id := range slices.Sorted(maps.Keys(c.Rules)) {
		if byID[id] == nil {
			return nil, unknown("rules", "rules."+id, id, true)
		}
		if _, err := ParseSeverity(c.Rules[id]); err != nil {
			return nil, c.src.usage(fieldErrorf("rules."+id, "%v", err))
		}
	}
	for i, ig := range c.Ignore {
		for j, id := range ig.Rules {
			if byID[id] == nil {
				return nil, unknown("ignore", fmt.Sprintf("ignore[%d].rules[%d]", i, j), id, false)
			}
		}
	}
	for _, name := range c.EnvironmentOrder {
		for _, id := range slices.Sorted(maps.Keys(c.Environments[name].Rules)) {
			path := "environments." + name + ".rules"
			if byID[id] == nil {
				return nil, unknown(path, path+"."+id, id, true)
			}
			if _, err := ParseSeverity(c.Environments[name].Rules[id]); err != nil {
				return nil, c.src.usage(fieldErrorf(path+"."+id, "%v", err))
			}
		}
	}
	c.ruleIDs = map[string]bool{}
	for _, r := range rules {
		c.ruleIDs[r.ID] = true
	}
	var out []*Rule
	for _, r := range rules {
		sev := r.Severity
		if s, ok := c.Rules[r.ID]; ok {
			sev, _ = ParseSeverity(s)
		}
		if sev == Off {
			continue
		}
		cp := *r
		cp.Severity = sev
		out = append(out, &cp)
	}
	return out, nil
}

// Ignored reports whether a finding of rule in path is dropped by an
// `ignore` entry.
func (c *Config) Ignored(path, rule string) bool {
	for _, ig := range c.Ignore {
		if ig.Path != "" {
			if ok, _ := doublestar.Match(ig.Path, path); !ok {
				continue
			}
		}
		if len(ig.Rules) == 0 {
			return true
		}
		for _, id := range ig.Rules {
			if id == rule {
				return true
			}
		}
	}
	return false
}

// severityIn returns a rule's severity for prompts of an environment:
// the environment's override, else the rule's own.
func (c *Config) severityIn(env string, r *Rule) Severity {
	return severityOf(c.Environments[env].Rules, r)
}

// severityOf returns a rule's severity under an environment's overrides
// (its rules:), else the rule's own.
func severityOf(overrides map[string]string, r *Rule) Severity {
	if len(overrides) == 0 {
		return r.Severity
	}
	if s, ok := overrides[r.ID]; ok {
		sev, _ := ParseSeverity(s)
		return sev
	}
	return r.Severity
}

// RuleOff reports whether the config turns rule id off for prompt p: in
// rules, in the rules of p's environment, or by an ignore entry for its
// path. (An inline promptlint:ignore is not seen here.)
func (c *Config) RuleOff(id string, p *Prompt) bool {
	sev, set := c.Rules[id]
	if s, ok := c.Environments[c.RuleEnvironment(p)].Rules[id]; ok {
		sev, set = s, true
	}
	if set {
		if s, err := ParseSeverity(sev); err == nil && s == Off {
			return true
		}
	}
	return c.Ignored(p.Path, id)
}

// EnvironmentOf returns a prompt's environment: its declared environment,
// else the first environment whose path globs match, else the default
// environment; "" when none of these assigns one.
func (c *Config) EnvironmentOf(p *Prompt) string {
	if p.Environment != "" {
		return p.Environment
	}
	for _, name := range c.EnvironmentOrder {
		for _, g := range c.Environments[name].Paths {
			if ok, _ := doublestar.Match(g, p.Path); ok {
				return name
			}
		}
	}
	return c.DefaultEnvironment
}

// ValidRuleID reports whether id is a well-formed kebab-case rule id.
func ValidRuleID(id string) bool { return ruleIDPattern.MatchString(id) }

// Production is the environment whose rules and checklist apply to a
// prompt that has no environment.
const Production = "production"

// RuleEnvironment returns the environment whose rule settings apply to a
// prompt: its environment, or production when it has none. A prompt with
// no environment is checked like a production prompt (development markers,
// prerelease versions, environments.production.rules); only its checklist
// is advisory (see ChecklistOf).
func (c *Config) RuleEnvironment(p *Prompt) string {
	if env := c.EnvironmentOf(p); env != "" {
		return env
	}
	return Production
}

// ChecklistOf returns the checklist a prompt is held to: its environment,
// the items that environment requires, and whether they are enforced. A
// prompt with no environment is shown the items production requires, as
// advice: enforced is false, and no checklist rule reports on it.
func (c *Config) ChecklistOf(p *Prompt) (env string, requires []string, enforced bool) {
	if env = c.EnvironmentOf(p); env != "" {
		return env, c.Environments[env].Requires, true
	}
	return "", c.Environments[Production].Requires, false
}
