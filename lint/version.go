package lint

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/Masterminds/semver/v3"
)

// ParseVersion parses a strict Semantic Versioning 2.0.0 version: `1.0`
// and `v1` are rejected, `2.2.0-rc1` is accepted. A version is parsed
// once per process (see parsedVersions): the one returned is shared, and
// must not be modified.
func ParseVersion(s string) (*semver.Version, error) {
	if len(s) > maxCachedVersion {
		return semver.StrictNewVersion(s)
	}
	if pv, ok := parsedVersions.Load(s); ok {
		pv := pv.(*parsedVersion)
		return pv.v, pv.err
	}
	// A copy: the version keeps its text, which can be a slice of a
	// whole file.
	s = strings.Clone(s)
	v, err := semver.StrictNewVersion(s)
	if parsedVersionCount.Add(1) <= maxParsedVersions {
		parsedVersions.Store(s, &parsedVersion{v: v, err: err})
	}
	return v, err
}

// parsedVersions are the results of ParseVersion by text, for at most
// maxParsedVersions texts of at most maxCachedVersion bytes: a check of
// thousands of prompts parses a handful of versions tens of thousands
// of times, and a file of thousands of distinct ones fills no more.
var (
	parsedVersions     sync.Map
	parsedVersionCount atomic.Int64
)

const (
	maxParsedVersions = 4096
	maxCachedVersion  = 64
)

type parsedVersion struct {
	v   *semver.Version
	err error
}

// VersionBump says how big the step from old to new is. ok is false when
// either version is invalid or new is lower than old. A release of a
// prerelease (2.2.0-rc1 → 2.2.0) counts as the bump its number implies:
// x.0.0 major, x.y.0 minor, x.y.z patch. A step between prereleases of the
// same version (2.2.0-rc1 → 2.2.0-rc2) counts as a patch.
func VersionBump(old, new string) (b Bump, ok bool) {
	o, err := ParseVersion(old)
	if err != nil {
		return BumpNone, false
	}
	n, err := ParseVersion(new)
	if err != nil {
		return BumpNone, false
	}
	switch n.Compare(o) {
	case 0:
		return BumpNone, true
	case -1:
		return BumpNone, false
	}
	sameNumbers := n.Major() == o.Major() && n.Minor() == o.Minor() && n.Patch() == o.Patch()
	switch {
	case sameNumbers && o.Prerelease() != "" && n.Prerelease() == "":
		return impliedBump(n), true
	case n.Major() > o.Major():
		return BumpMajor, true
	case n.Minor() > o.Minor():
		return BumpMinor, true
	}
	return BumpPatch, true
}

// impliedBump is the bump a version's number implies: x.0.0 major, x.y.0
// minor, anything else patch.
func impliedBump(v *semver.Version) Bump {
	switch {
	case v.Minor() == 0 && v.Patch() == 0:
		return BumpMajor
	case v.Patch() == 0:
		return BumpMinor
	}
	return BumpPatch
}

// NextVersion suggests the version that old bumped by b should become:
// 1.2.3 + minor = 1.3.0. It returns "" when old is invalid.
func NextVersion(old string, b Bump) string {
	o, err := ParseVersion(old)
	if err != nil {
		return ""
	}
	var n semver.Version
	switch b {
	case BumpMajor:
		n = o.IncMajor()
	case BumpMinor:
		n = o.IncMinor()
	case BumpPatch:
		n = o.IncPatch()
	default:
		return o.String()
	}
	return n.String()
}
