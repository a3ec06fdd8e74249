// Package checks holds promptlint's rules, one file per rule, and the
// registry All. Each rule is a *lint.Rule value: an id, a default severity,
// its documentation and a Run function that reports through a lint.Pass.
package checks

import (
	"sort"
	"strconv"
	"strings"

	"github.com/promptlint/promptlint/lint"
)

// All is every rule promptlint knows, sorted by id. The engine runs the
// single-file rules in `lint` and all of them in `check` and the action.
var All = []*lint.Rule{
	ChangelogMissing,
	ChecklistABTested,
	ChecklistDocsUpdated,
	ChecklistErrorHandling,
	ChecklistMetricsImproved,
	ChecklistMonitoring,
	ChecklistRollbackPlan,
	ChecklistSemver,
	ChecklistTeamReviewed,
	CommitMessageGeneric,
	DescriptionMissing,
	DevMarkerInProduction,
	GateWeakened,
	IgnoreMalformed,
	IgnoreUnused,
	ParseError,
	PrereleaseInProduction,
	PromptNameDuplicate,
	PromptNameStyle,
	PromptRemoved,
	SecretInTemplate,
	SlashCommandRenamed,
	TemplateEmpty,
	TemplateMultiTask,
	TemplateSyntax,
	TemplateTooLong,
	TestDataMissingVariable,
	VariableNameCryptic,
	VariableNameStyle,
	VariableSpacing,
	VariableUndefined,
	VariableUnused,
	VersionBumpTooSmall,
	VersionBumpUnneeded,
	VersionDecreased,
	VersionInvalid,
	VersionMissing,
	VersionNotBumped,
	VersionSkipped,
}

// ByID returns the rule of All with the given id, or nil.
func ByID(id string) *lint.Rule {
	i := sort.Search(len(All), func(i int) bool { return All[i].ID >= id })
	if i < len(All) && All[i].ID == id {
		return All[i]
	}
	return nil
}

// promptPos is where a finding about the prompt as a whole goes: its
// declared name, else its start.
func promptPos(p *lint.Prompt) lint.Pos {
	if p.NamePos.IsValid() {
		return p.NamePos
	}
	return p.Pos
}

// quoteList quotes each string and joins them: "a", "b" and "c".
func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
