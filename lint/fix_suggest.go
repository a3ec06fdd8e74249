package lint

import (
	"bytes"
	"strings"
)

// Suggestion is a fix as a code host's suggested change: whole lines of
// a head file replaced by new ones, for a reviewer to commit in one click.
type Suggestion struct {
	Finding Finding
	Path    string
	// StartLine and EndLine are the lines replaced, 1-based and inclusive.
	StartLine, EndLine int
	// Text is what replaces them: whole lines without a final line break
	// (several lines for an insertion, none for a deletion), broken as
	// the file breaks them: CRLF between the lines of a CRLF file, since
	// GitHub commits a suggestion's line breaks as the comment writes
	// them.
	Text string
}

// Suggestions turns the fixable findings of rep into suggested changes on
// the head files rep's prompts came from: each fix's edits made on the
// lines they touch. A suggestion is kept only when every line it replaces
// is one touched accepts (a line the change adds, for a pull request),
// and does not overlap one kept before it; at most max are returned, in
// the order of the findings.
func Suggestions(rep *Report, touched func(path string, line int) bool, max int) []Suggestion {
	sources := map[string][]byte{}
	for _, p := range rep.Prompts {
		if p.Prompt != nil && p.Prompt.source != nil {
			sources[p.Prompt.Path] = p.Prompt.source
		}
	}
	findings := append([]Finding(nil), rep.Findings...)
	SortFindings(findings)
	var out []Suggestion
	taken := map[string][][2]int{}
	for _, f := range findings {
		if len(out) >= max {
			break
		}
		data := sources[f.Path]
		if f.Fix == nil || data == nil {
			continue
		}
		s, ok := suggestion(f, data)
		if !ok {
			continue
		}
		fits := true
		for l := s.StartLine; l <= s.EndLine && fits; l++ {
			fits = touched(s.Path, l)
		}
		for _, r := range taken[s.Path] {
			if s.StartLine <= r[1] && r[0] <= s.EndLine {
				fits = false
			}
		}
		if fits {
			taken[s.Path] = append(taken[s.Path], [2]int{s.StartLine, s.EndLine})
			out = append(out, s)
		}
	}
	return out
}

// suggestion is finding f's fix on data as whole lines replaced.
func suggestion(f Finding, data []byte) (Suggestion, bool) {
	offs, err := offsets(data, f.Fix.Edits)
	if err != nil || len(offs) == 0 {
		return Suggestion{}, false
	}
	lo, hi := len(data), 0
	for _, o := range offs {
		lo, hi = min(lo, o[0]), max(hi, o[1])
	}
	// The lines from the one lo is on to the one hi is on; an edit that
	// ends at a line's start ends on the line before, unless it inserts
	// there.
	start := bytes.LastIndexByte(data[:lo], '\n') + 1
	end := hi
	if hi > lo && hi > 0 && data[hi-1] == '\n' {
		end = hi - 1
	}
	if k := bytes.IndexByte(data[end:], '\n'); k >= 0 {
		end += k
	} else {
		end = len(data)
	}
	if end < hi {
		return Suggestion{}, false
	}
	fixed, err := ApplyEdits(data, f.Fix.Edits)
	if err != nil {
		return Suggestion{}, false
	}
	newEnd := end + len(fixed) - len(data)
	if newEnd < start {
		return Suggestion{}, false
	}
	startLine := 1 + bytes.Count(data[:start], []byte("\n"))
	text := string(fixed[start:newEnd])
	if startLine == 1 {
		text = strings.TrimPrefix(text, "\ufeff")
	}
	return Suggestion{
		Finding:   f,
		Path:      f.Path,
		StartLine: startLine,
		EndLine:   startLine + bytes.Count(data[start:end], []byte("\n")),
		Text:      strings.TrimSuffix(text, "\r"),
	}, true
}
