package lint

import (
	"fmt"
	"strings"
)

// A Producer works out something about one prompt that rules, or other
// producers, read: the version policy's verdict, the production
// checklist. It is go/analysis's analyzer with a result and no
// diagnostics. A rule names the producers it reads in Rule.Requires and
// gets their results from its Pass (Pass.Version, Pass.Checklist); the
// engine runs each producer once per prompt, before everything that
// requires it, and only when an enabled rule (or the report) needs it.
type Producer struct {
	// Name is a short kebab-case name, for messages.
	Name string
	// Doc says what the producer works out, and what requiring it means.
	Doc string
	// Requires are the producers whose results Run reads.
	Requires []*Producer
	// After are producers whose consumers' findings Run reads (through
	// Pass.FindingsOf): it runs after every rule that requires one of them.
	After []*Producer
	// Run works out the result for the pass's prompt; nil when there is
	// none to work out (the checklist of a removed prompt).
	Run func(*Pass) any
}

// VersionPolicy works out whether a prompt's version follows the version
// policy (Pass.Version). The rules that require it enforce the policy: a
// finding of theirs on a prompt leaves its semver checklist item missing,
// and the item names the rule instead of repeating its message.
var VersionPolicy = &Producer{
	Name: "version-policy",
	Doc:  "whether the prompt's version is valid and bumped as its change requires",
	Run:  func(p *Pass) any { return versionCheck(p) },
}

// ProductionChecklist evaluates the production checklist of a changed prompt
// (Pass.Checklist): each item's status and evidence, whether the prompt's
// environment requires it, and which version rule already reported a
// missing semver item. The report shows it whether or not a rule reads
// it; the checklist rules report its missing required items.
var ProductionChecklist = &Producer{
	Name:     "checklist",
	Doc:      "the production checklist items of a changed prompt",
	Requires: []*Producer{VersionPolicy},
	After:    []*Producer{VersionPolicy},
	Run:      func(p *Pass) any { return evaluateChecklist(p) },
}

// reportNeeds are the producers whose results go into a check's report
// whether or not a rule reads them.
var reportNeeds = []*Producer{ProductionChecklist}

// Validate checks a rule registry, as go/analysis's Validate checks
// analyzers: rule ids are kebab-case, unique and sorted; every rule has a
// severity, a doc that starts with a summary line, and a Run function
// (the engine reports parse-error and gate-weakened itself); the
// producers the rules require are named, documented and form no cycle,
// counting the order After imposes. The engine validates the registry it
// is handed before every run.
func Validate(registry []*Rule) error {
	var errs []string
	seen := map[string]bool{}
	for i, r := range registry {
		if r == nil {
			errs = append(errs, fmt.Sprintf("rule %d is nil", i))
			continue
		}
		switch {
		case !ValidRuleID(r.ID):
			errs = append(errs, fmt.Sprintf("rule id %q is not kebab-case", r.ID))
		case seen[r.ID]:
			errs = append(errs, fmt.Sprintf("rule id %q appears twice", r.ID))
		case i > 0 && registry[i-1] != nil && registry[i-1].ID >= r.ID:
			errs = append(errs, fmt.Sprintf("rules are not sorted by id: %q before %q", registry[i-1].ID, r.ID))
		}
		seen[r.ID] = true
		if r.Severity < Notice || r.Severity > Error {
			errs = append(errs, fmt.Sprintf("rule %s: default severity %v", r.ID, r.Severity))
		}
		if r.Summary() == "" {
			errs = append(errs, fmt.Sprintf("rule %s: no doc (a one-line summary, then why and how)", r.ID))
		}
		if r.Run == nil && !engineReported[r.ID] {
			errs = append(errs, fmt.Sprintf("rule %s: no Run function", r.ID))
		}
		for _, p := range r.Requires {
			if p == nil || p.Name == "" || p.Doc == "" || p.Run == nil {
				errs = append(errs, fmt.Sprintf("rule %s: requires a producer without a name, doc or Run function", r.ID))
			}
		}
	}
	if len(errs) == 0 {
		if _, err := schedule(registry); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid rule registry: %s", strings.Join(errs, "; "))
	}
	return nil
}

// node is one step of a pass: a rule or a producer.
type node struct {
	rule     *Rule
	producer *Producer
}

// schedule orders the rules of registry and the producers they need so
// that everything runs after what it requires, and a producer after the
// consumers of the producers it runs After. Rules keep their registry
// order where nothing constrains it. It fails on a cycle.
func schedule(registry []*Rule) ([]node, error) {
	consumers := map[*Producer][]*Rule{}
	for _, r := range registry {
		for _, p := range r.Requires {
			consumers[p] = append(consumers[p], r)
		}
	}
	const (
		visiting = 1
		done     = 2
	)
	state := map[any]int{}
	var order []node
	var visitRule func(r *Rule, path []string) error
	var visitProducer func(p *Producer, path []string) error
	visitProducer = func(p *Producer, path []string) error {
		switch state[p] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("producer %s depends on itself: %s", p.Name, strings.Join(append(path, p.Name), " → "))
		}
		state[p] = visiting
		path = append(path, p.Name)
		for _, q := range p.Requires {
			if err := visitProducer(q, path); err != nil {
				return err
			}
		}
		for _, q := range p.After {
			for _, r := range consumers[q] {
				if err := visitRule(r, path); err != nil {
					return err
				}
			}
		}
		state[p] = done
		order = append(order, node{producer: p})
		return nil
	}
	visitRule = func(r *Rule, path []string) error {
		switch state[r] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("rule %s depends on itself: %s", r.ID, strings.Join(append(path, r.ID), " → "))
		}
		state[r] = visiting
		path = append(path, r.ID)
		for _, p := range r.Requires {
			if err := visitProducer(p, path); err != nil {
				return err
			}
		}
		state[r] = done
		order = append(order, node{rule: r})
		return nil
	}
	for _, r := range registry {
		if err := visitRule(r, nil); err != nil {
			return nil, err
		}
	}
	for _, p := range reportNeeds {
		if err := visitProducer(p, nil); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// requires reports whether r requires p.
func (r *Rule) requires(p *Producer) bool {
	for _, q := range r.Requires {
		if q == p {
			return true
		}
	}
	return false
}
