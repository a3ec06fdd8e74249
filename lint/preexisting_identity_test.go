package lint

import (
	"strings"
	"testing"
)

// TestFindingIdentityPrefilter: findingIdentity skips a regexp only when
// the message cannot match it, so it strips positions and ordinals as the
// two regexps alone do.
func TestFindingIdentityPrefilter(t *testing.T) {
	long := strings.Repeat("#1@<a", 12000)
	for _, msg := range []string{
		"",
		`variable "order_id" is declared but never used`,
		`prompt name "a" is also used by prompts/b.yaml:12:3`,
		`prompt name "a" is also used by prompts/b.yaml:12 and c.yaml:4:1`,
		`test data row 3 lacks "x"`,
		`message 2 and entry 14 and row 1`,
		`rows 3, messages 4: no ordinal`,
		`a colon: and then 5, not a position`,
		`ends with a colon:`,
		`path:1`,
		`f.yaml:0:1`,
		`at f.yaml:0`,
		`prompts entry 4 is empty`,
		`message 10`,
		`:9`,
		`üñí/ç.yaml:3:4 row 7`,
		"name " + `"` + long + `"`,
		"name " + `"` + long + `" at prompts/x.yaml:3 in row 2`,
	} {
		want := ordinalInMessage.ReplaceAllString(positionInMessage.ReplaceAllString(msg, "$1"), "$1 #")
		got := findingIdentity(Finding{Rule: "r", Path: "p", Prompt: "n", Message: msg})
		if want = "r\x00p\x00n\x00" + want; got != want {
			t.Errorf("findingIdentity(%.80q) = %.120q, want %.120q", msg, got, want)
		}
	}
}

// BenchmarkFindingIdentityLong measures the identity of a finding that
// quotes a 60,000-character value, as a hostile prompt name makes.
func BenchmarkFindingIdentityLong(b *testing.B) {
	f := Finding{Rule: "prompt-name-style", Path: "prompts/x.yaml", Message: `prompt name "` + strings.Repeat("@", 60000) + `" is not snake_case`}
	for b.Loop() {
		findingIdentity(f)
	}
}
