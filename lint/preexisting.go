package lint

import (
	"regexp"
	"strconv"
	"strings"
)

// A finding is pre-existing when the base already had it: the single-file
// rules, run on the base version of each changed prompt, report the same
// rule on the same prompt with the same message. Positions are left out of
// the comparison, so a finding whose lines moved (text inserted above it)
// is still the same finding, and so is one whose ordinal moved ("test data
// row 3" that a row inserted above made row 4); a prompt renamed or moved
// keeps its findings,
// its old name and path read as the new ones. Counts matter: when the base
// had one "variable x is never used" and the head has two, one is new.

// positionInMessage matches "path:line" and "path:line:col" inside a
// message (prompt-name-duplicate names where the other prompt is), which
// change when lines move.
var positionInMessage = regexp.MustCompile(`([\w./-]*[\w/-]):\d+(?::\d+)?\b`)

// ordinalInMessage matches an ordinal inside a message ("test data row 3",
// "message 2", "prompts entry 4"), which changes when a row or a message
// is inserted above the one the finding is about.
var ordinalInMessage = regexp.MustCompile(`\b(row|message|entry) \d+\b`)

// findingIdentity is what makes two findings the same finding across base
// and head: the rule, the file, the prompt and the message without
// positions and ordinals.
func findingIdentity(f Finding) string {
	// Each pattern needs text that few messages hold (a colon before a
	// digit; "row ", "message " or "entry "): a message without it skips
	// the regexp, whose scan of a long quoted value costs milliseconds.
	msg := f.Message
	if colonDigit(msg) {
		msg = positionInMessage.ReplaceAllString(msg, "$1")
	}
	if strings.Contains(msg, "row ") || strings.Contains(msg, "message ") || strings.Contains(msg, "entry ") {
		msg = ordinalInMessage.ReplaceAllString(msg, "$1 #")
	}
	return f.Rule + "\x00" + f.Path + "\x00" + f.Prompt + "\x00" + msg
}

// colonDigit reports whether s holds a colon followed by an ASCII digit,
// which every match of positionInMessage does.
func colonDigit(s string) bool {
	for {
		i := strings.IndexByte(s, ':')
		if i < 0 || i+1 >= len(s) {
			return false
		}
		if c := s[i+1]; c >= '0' && c <= '9' {
			return true
		}
		s = s[i+1:]
	}
}

// asHead rewrites a finding on a base prompt as if it were on the head
// prompt paired with it: its path, prompt name and the quoted old name or
// old path in its message.
func asHead(f Finding, base, head *Prompt) Finding {
	if base.Path != head.Path {
		if f.Path == base.Path {
			f.Path = head.Path
		}
		f.Message = strings.ReplaceAll(f.Message, base.Path, head.Path)
	}
	if base.Name != head.Name {
		if f.Prompt == base.Name {
			f.Prompt = head.Name
		}
		f.Message = strings.ReplaceAll(f.Message, strconv.Quote(base.Name), strconv.Quote(head.Name))
	}
	return f
}

// markPreexisting marks the findings that the base already had. It runs
// the single-file rules on the base side of every prompt that has one and
// compares the unreadable files the head shares with the base.
func markPreexisting(findings []Finding, reports []PromptReport, ch *change, s *session) {
	cfg := s.cfg
	baseByPath := map[string]*File{}
	for _, f := range ch.base.files {
		baseByPath[f.Path] = f
	}
	bc := newCollector(cfg, s.rules)
	had := map[string]int{}
	for i := range reports {
		r := &reports[i]
		if r.Base == nil || r.Prompt == nil {
			continue
		}
		before := len(bc.findings)
		pass := &Pass{Config: cfg, Prompt: r.Base, Status: Unchanged, run: s, tree: ch.base, index: -1}
		if r.Change != nil && !strings.Contains(r.Base.Text(), "\r") {
			pass.tokens = r.Change.TokensOld + 1 // counted over the same text (stats)
		}
		bc.run(pass, false)
		for _, f := range bc.findings[before:] {
			had[findingIdentity(asHead(f, r.Base, r.Prompt))]++
		}
	}
	for _, f := range ch.head.files {
		if b := baseByPath[f.Path]; f.Err != nil && b != nil {
			before := len(bc.findings)
			bc.parseError(b)
			for _, bf := range bc.findings[before:] {
				had[findingIdentity(bf)]++
			}
		}
	}
	if len(had) == 0 {
		return
	}
	for i := range findings {
		id := findingIdentity(findings[i])
		if had[id] > 0 {
			had[id]--
			findings[i].Preexisting = true
		}
	}
}

// New returns the findings the base did not already have.
func New(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if !f.Preexisting {
			out = append(out, f)
		}
	}
	return out
}

// Gating returns the findings that decide the exit code: all of them, or
// with OnlyNew only those the base did not already have.
func (r *Report) Gating() []Finding {
	if r.OnlyNew {
		return New(r.Findings)
	}
	return r.Findings
}

// Fails reports whether the run fails at threshold: a gating finding at or
// above it (see Gating).
func (r *Report) Fails(threshold Severity) bool {
	return AtLeast(r.Gating(), threshold)
}
