package lint

import (
	"fmt"
	"sort"
	"strings"
)

// Severity is how serious a finding is. Higher is more serious.
type Severity int

// The severities, in increasing order. Off disables a rule.
const (
	Off Severity = iota
	Notice
	Warning
	Error
)

// String returns the severity's name as written in output and config.
func (s Severity) String() string {
	switch s {
	case Notice:
		return "notice"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "off"
}

// ParseSeverity reads a severity name: error, warning, notice, or off
// (also accepted for --fail-on: none, which means the same as off).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "notice", "info":
		return Notice, nil
	case "off", "none":
		return Off, nil
	}
	return Off, fmt.Errorf("unknown severity %q (want error, warning, notice or off)", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Finding is one rule violation at a place in a file.
type Finding struct {
	Rule     string
	Severity Severity
	Path     string
	Pos      Pos
	Prompt   string // prompt name, "" when the finding is about the file
	Message  string
	// Preexisting says the base already had this finding (same rule,
	// prompt and message; check and the action only).
	Preexisting bool
	// Fix resolves the finding mechanically (`promptlint fix`); nil when
	// the rule has no fix for it.
	Fix *Fix
	// NoFix says why a rule that fixes findings like this one could not
	// fix it safely; "" otherwise.
	NoFix string
}

// String formats the finding as `path:line:col: severity: message [rule-id]`.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f.Path, max(f.Pos.Line, 1), max(f.Pos.Col, 1), f.Severity, f.Message, f.Rule)
}

// SortFindings orders findings by path, line, column, rule and message, so
// output is deterministic.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

// Count returns how many findings have each severity.
func Count(fs []Finding) (errors, warnings, notices int) {
	for _, f := range fs {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		case Notice:
			notices++
		}
	}
	return
}

// AtLeast reports whether any finding is at or above the given severity.
// A threshold of Off never matches.
func AtLeast(fs []Finding, threshold Severity) bool {
	if threshold == Off {
		return false
	}
	for _, f := range fs {
		if f.Severity >= threshold {
			return true
		}
	}
	return false
}
