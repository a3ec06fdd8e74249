package lint

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/Masterminds/semver/v3"
)

// Fix is a mechanical change of a prompt file that resolves a finding:
// edits of the file's bytes at exact positions. Everything else in the
// file (comments, quoting, key order, indentation, line endings) stays as
// it was.
type Fix struct {
	// Message says what the fix does, one lower-case line: `set the
	// version to 1.3.0`.
	Message string
	// Edits replace ranges of the file; they do not overlap.
	Edits []Edit

	// version is the version the prompt has after the fix ("" when the
	// fix does not touch the version); changelog is the version a new
	// changelog entry names. The fixer checks the fixed file against them.
	version   string
	changelog string
}

// Edit replaces the text from Start up to End (exclusive) with Text. Start
// equal to End inserts. Positions are those of findings (1-based line,
// column in code points); Text is written as is, with the line endings of
// the line it goes into.
type Edit struct {
	Start Pos
	End   Pos
	Text  string
}

// ReportFixf is Reportf for a finding the rule can fix: fix holds the
// edits that resolve it. When err is set, no fix could be made safely for
// this finding; it is reported with why (Finding.NoFix), so that `fix`
// says what it skipped. As Reportf, it formats the message only for a
// finding listed.
func (p *Pass) ReportFixf(pos Pos, fix *Fix, err error, format string, args ...any) {
	msg := ""
	if p.Listed() {
		msg = fmt.Sprintf(format, args...)
	}
	f := p.finding(pos, msg)
	switch {
	case err != nil:
		f.NoFix = err.Error()
	case fix != nil && len(fix.Edits) > 0:
		f.Fix = fix
	}
	p.report(f)
}

// offsets converts the edits' positions to byte offsets in data, the
// file's content as stored (a byte order mark, CRLF line endings). It
// fails when a position is not in the file.
func offsets(data []byte, edits []Edit) ([][2]int, error) {
	lineStarts := []int{0}
	for i, b := range data {
		if b == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	at := func(p Pos) (int, error) {
		if p.Line < 1 || p.Line > len(lineStarts) || p.Col < 1 {
			return 0, fmt.Errorf("position %d:%d is not in the file", p.Line, p.Col)
		}
		off := lineStarts[p.Line-1]
		if p.Line == 1 && bytes.HasPrefix(data, []byte("\ufeff")) {
			off += 3 // readers count columns after the byte order mark
		}
		for col := 1; col < p.Col; col++ {
			if off >= len(data) || data[off] == '\n' || data[off] == '\r' && off+1 < len(data) && data[off+1] == '\n' {
				return 0, fmt.Errorf("position %d:%d is past the end of its line", p.Line, p.Col)
			}
			_, size := utf8.DecodeRune(data[off:])
			off += size
		}
		return off, nil
	}
	out := make([][2]int, len(edits))
	for i, e := range edits {
		s, err := at(e.Start)
		if err != nil {
			return nil, err
		}
		end, err := at(e.End)
		if err != nil {
			return nil, err
		}
		if end < s {
			return nil, fmt.Errorf("edit ends at %d:%d before it starts at %d:%d", e.End.Line, e.End.Col, e.Start.Line, e.Start.Col)
		}
		out[i] = [2]int{s, end}
	}
	return out, nil
}

// ApplyEdits returns data with the edits made. Edits may come in any
// order; identical edits count once; edits that overlap otherwise (or
// insert at the same place different text) are an error, as is a
// position outside the file.
func ApplyEdits(data []byte, edits []Edit) ([]byte, error) {
	offs, err := offsets(data, edits)
	if err != nil {
		return nil, err
	}
	type span struct {
		start, end int
		text       string
	}
	spans := make([]span, len(edits))
	for i, e := range edits {
		spans[i] = span{offs[i][0], offs[i][1], e.Text}
	}
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end < spans[j].end
	})
	var out bytes.Buffer
	last := 0
	for i, s := range spans {
		if i > 0 {
			prev := spans[i-1]
			if prev == s {
				continue
			}
			if s.start < prev.end || s.start == prev.start {
				return nil, fmt.Errorf("edits overlap at byte %d", s.start)
			}
		}
		out.Write(data[last:s.start])
		out.WriteString(s.text)
		last = s.end
	}
	out.Write(data[last:])
	return out.Bytes(), nil
}

// FixedVersion is the version a prompt should have when its version went
// from old to cur and the change requires the bump required: the version
// the check's message names (old bumped by required) when cur is a
// release. A prerelease keeps its meaning: when cur is a prerelease the
// fixed version is one too, old's prerelease counted up (2.2.0-rc1 →
// 2.2.0-rc2) when old is a prerelease and a patch is enough, else cur's
// prerelease on the bumped number (2.1.0 → 2.2.0-rc1). cur's build
// metadata is kept. ok is false when either version is invalid or no such
// version satisfies the requirement.
func FixedVersion(old, cur string, required Bump) (string, bool) {
	o, err := ParseVersion(strings.TrimSpace(old))
	if err != nil {
		return "", false
	}
	c, err := ParseVersion(strings.TrimSpace(cur))
	if err != nil {
		return "", false
	}
	var s string
	switch {
	case c.Prerelease() == "":
		s = NextVersion(o.Original(), required)
	case o.Prerelease() != "" && required <= BumpPatch:
		s = fmt.Sprintf("%d.%d.%d-%s", o.Major(), o.Minor(), o.Patch(), nextPrerelease(o.Prerelease()))
	default:
		s = NextVersion(o.Original(), required) + "-" + c.Prerelease()
	}
	if c.Metadata() != "" {
		s += "+" + c.Metadata()
	}
	if b, ok := VersionBump(o.Original(), s); !ok || b < required || s == o.Original() {
		return "", false
	}
	return s, true
}

// nextPrerelease counts a prerelease up: its last numeric identifier, or
// the digits that end its last identifier, plus one (rc.1 → rc.2, rc1 →
// rc2); ".1" appended when neither gives a higher prerelease (beta →
// beta.1, rc9 → rc9.1).
func nextPrerelease(pre string) string {
	ids := strings.Split(pre, ".")
	last := ids[len(ids)-1]
	i := len(last)
	for i > 0 && last[i-1] >= '0' && last[i-1] <= '9' {
		i--
	}
	if i < len(last) {
		if n, err := strconv.Atoi(last[i:]); err == nil {
			ids[len(ids)-1] = last[:i] + strconv.Itoa(n+1)
			next := strings.Join(ids, ".")
			a, err1 := semver.NewVersion("0.0.0-" + pre)
			b, err2 := semver.NewVersion("0.0.0-" + next)
			if err1 == nil && err2 == nil && b.GreaterThan(a) {
				return next
			}
		}
	}
	return pre + ".1"
}
