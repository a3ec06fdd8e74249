package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
)

func TestVersionBump(t *testing.T) {
	for _, tc := range []struct {
		old, new string
		want     Bump
		ok       bool
	}{
		{"1.0.0", "1.0.0", BumpNone, true},
		{"1.0.0", "1.0.1", BumpPatch, true},
		{"1.0.9", "1.1.0", BumpMinor, true},
		{"1.9.9", "2.0.0", BumpMajor, true},
		{"1.0.0", "3.0.0", BumpMajor, true},
		{"2.0.0", "1.9.0", BumpNone, false},            // decreased
		{"2.2.0-rc1", "2.2.0", BumpMinor, true},        // a release counts as its number implies
		{"3.0.0-beta.2", "3.0.0", BumpMajor, true},     // x.0.0 is major
		{"2.2.1-rc.1", "2.2.1", BumpPatch, true},       // x.y.z is patch
		{"2.2.0-rc1", "2.2.0-rc2", BumpPatch, true},    // between prereleases
		{"2.2.0-rc.10", "2.2.0-rc.9", BumpNone, false}, // numeric identifiers compare numerically
		{"2.1.0", "2.2.0-rc1", BumpMinor, true},
		{"2.2.0", "2.2.0-rc1", BumpNone, false}, // a prerelease precedes its release
		{"1.0", "1.0.1", BumpNone, false},
		{"v1.0.0", "1.0.1", BumpNone, false},
		{"1.0.0", "", BumpNone, false},
		{"1.0.0+build.1", "1.0.0+build.2", BumpNone, true}, // build metadata does not count
	} {
		got, ok := VersionBump(tc.old, tc.new)
		if got != tc.want || ok != tc.ok {
			t.Errorf("VersionBump(%q, %q) = %v, %v; want %v, %v", tc.old, tc.new, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseVersionStrict(t *testing.T) {
	for v, valid := range map[string]bool{
		"1.0.0": true, "0.1.0": true, "2.2.0-rc1": true, "1.0.0-alpha.1+sha.5114f85": true,
		"1.0": false, "v1": false, "v1.0.0": false, "1.0.0.0": false, "01.0.0": false, "1.0.0-": false, "": false, " 1.0.0": false,
	} {
		_, err := ParseVersion(v)
		if (err == nil) != valid {
			t.Errorf("ParseVersion(%q) error = %v, want valid=%v", v, err, valid)
		}
	}
}

func TestNextVersion(t *testing.T) {
	for _, tc := range []struct {
		old  string
		b    Bump
		want string
	}{{"1.2.3", BumpMajor, "2.0.0"}, {"1.2.3", BumpMinor, "1.3.0"}, {"1.2.3", BumpPatch, "1.2.4"}, {"bad", BumpPatch, ""}} {
		if got := NextVersion(tc.old, tc.b); got != tc.want {
			t.Errorf("NextVersion(%q, %v) = %q, want %q", tc.old, tc.b, got, tc.want)
		}
	}
}

// TestParseVersionCached holds ParseVersion, which remembers what it
// parsed, to semver.StrictNewVersion, the first time and every time
// after, over versions valid and not, short and past maxCachedVersion.
func TestParseVersionCached(t *testing.T) {
	var texts []string
	for _, core := range []string{"1.0.0", "0.1.0", "10.20.30", "01.0.0", "1.0", "v1.0.0", "1.0.0.0", "", " 1.0.0", "1.0.0 ", "1.a.0", "99999999999999999999.0.0"} {
		for _, suffix := range []string{"", "-rc1", "-rc.1", "-", "-01", "+build.5", "-alpha.1+sha.5114f85", "+", "-a..b", "-" + strings.Repeat("x", 70)} {
			texts = append(texts, core+suffix)
		}
	}
	for i := range 200 {
		texts = append(texts, fmt.Sprintf("%d.%d.%d", i%7, i%13, i))
	}
	describe := func(v *semver.Version, err error) string {
		if err != nil {
			return "error " + err.Error()
		}
		return fmt.Sprintf("%s %s %d %d %d %q %q", v.Original(), v.String(), v.Major(), v.Minor(), v.Patch(), v.Prerelease(), v.Metadata())
	}
	for round := range 3 {
		for _, s := range texts {
			want := describe(semver.StrictNewVersion(s))
			if got := describe(ParseVersion(s)); got != want {
				t.Errorf("round %d: ParseVersion(%q) = %s, want %s", round, s, got, want)
			}
		}
	}
}
