package lint

import "testing"

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
