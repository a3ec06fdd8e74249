// Package outputtest checks, for tests, that a PR comment written from
// untrusted prompt text is inert: the invariants lint/output promises.
package outputtest

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// Marker is the sticky comment's first line (output.Marker; repeated here
// so that the checker does not trust the code it checks).
const Marker = "<!-- promptlint -->"

// fenceLine is a fence opening or closing a code block.
var fenceLine = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})(.*)$")

// allowedTag matches the raw HTML the comment itself writes.
var allowedTag = regexp.MustCompile(`^<(?:details|/details|summary|/summary|br)>`)

// allowedEntity matches the HTML entities the escaping writes.
var allowedEntity = regexp.MustCompile(`^&(?:amp|lt|gt|quot|#8203);`)

// CheckComment asserts the invariants of a Markdown comment body: the
// marker is the first line and no other; it has at most 65,536
// characters; every fence is closed; and outside code no mention or issue
// reference is live, no HTML but ours is raw, no entity but ours is
// written, and no image or javascript: link can form.
func CheckComment(t testing.TB, body string) {
	t.Helper()
	if n := utf8.RuneCountInString(body); n > 65536 {
		t.Errorf("comment has %d characters, over GitHub's 65,536", n)
	}
	if !utf8.ValidString(body) {
		t.Errorf("comment is not valid UTF-8")
	}
	lines := strings.Split(body, "\n")
	if lines[0] != Marker {
		t.Errorf("first line %.200q, want the marker", lines[0])
	}
	fence := ""
	for i, line := range lines {
		if i > 0 && strings.TrimSpace(line) == Marker {
			t.Errorf("line %d is the marker too", i+1)
		}
		if fence != "" {
			if m := fenceLine.FindStringSubmatch(line); m != nil && m[1][0] == fence[0] && len(m[1]) >= len(fence) && strings.TrimSpace(m[2]) == "" {
				fence = ""
			}
			continue
		}
		if m := fenceLine.FindStringSubmatch(line); m != nil {
			fence = m[1]
			continue
		}
		checkInline(t, i+1, line)
	}
	if fence != "" {
		t.Errorf("a code fence %q is never closed", fence)
	}
}

// stripCodeSpans removes inline code spans: a run of backticks up to the
// next run of the same length.
func stripCodeSpans(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '`' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		run := s[i:j]
		end := -1
		for k := j; k < len(s); {
			if s[k] != '`' {
				k++
				continue
			}
			l := k
			for l < len(s) && s[l] == '`' {
				l++
			}
			if l-k == len(run) {
				end = l
				break
			}
			k = l
		}
		if end < 0 {
			b.WriteString(run)
			i = j
			continue
		}
		i = end
	}
	return b.String()
}

// checkInline checks one line outside code blocks.
func checkInline(t testing.TB, n int, line string) {
	t.Helper()
	if n == 1 {
		return
	}
	// A line that starts with raw HTML is an HTML block: GitHub reads no
	// Markdown in it (no image, no link), but it does link mentions.
	html := strings.HasPrefix(line, "<details><summary>")
	// drop backslash escapes, then code spans (only our own text is in them)
	plain := regexp.MustCompile(`\\[\\`+"`"+`*_\[\]~|$!#<>@&-]`).ReplaceAllString(line, "")
	plain = stripCodeSpans(plain)
	for i := 0; i < len(plain); i++ {
		switch plain[i] {
		case '@':
			if i+1 < len(plain) && isWord(plain[i+1]) {
				t.Errorf("line %d has a live mention: %.200q", n, line)
				return
			}
		case '#':
			if i+1 < len(plain) && plain[i+1] >= '0' && plain[i+1] <= '9' && (i == 0 || plain[i-1] != '&') {
				t.Errorf("line %d has a live issue reference: %.200q", n, line)
				return
			}
		case '<':
			if !allowedTag.MatchString(plain[i:]) {
				t.Errorf("line %d has raw HTML %.40q: %.200q", n, plain[i:], line)
				return
			}
		case '&':
			if !allowedEntity.MatchString(plain[i:]) {
				t.Errorf("line %d has an entity we did not write %.20q: %.200q", n, plain[i:], line)
				return
			}
		case '!':
			if !html && i+1 < len(plain) && plain[i+1] == '[' {
				t.Errorf("line %d can start an image: %.200q", n, line)
				return
			}
		case '[':
			if html {
				continue
			}
			t.Errorf("line %d has an unescaped [, which can start a link: %.200q", n, line)
			return
		}
	}
}

func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// NeedTool returns the path of an executable that a test validates with
// (xmllint for the XML reports, pre-commit for the hook). CI (.ci/run
// sets PROMPTLINT_REQUIRE_TOOLS) installs it, and there a missing tool
// fails the test; elsewhere the test is skipped, saying what to install.
func NeedTool(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("PROMPTLINT_REQUIRE_TOOLS") != "" {
		t.Fatalf("%s is not installed (apt-get install %s)", name, debianPackage)
	}
	t.Skipf("%s is not installed: apt-get install %s (bash .ci/run installs it)", name, debianPackage)
	return ""
}
