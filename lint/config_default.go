package lint

import "strings"

// DefaultConfigYAML is the commented configuration `promptlint init`
// writes. Loading it gives exactly DefaultConfig (a test checks that).
var DefaultConfigYAML = strings.Replace(defaultConfigYAML, "{{items}}", strings.Join(ChecklistItems, ", "), 1)

const defaultConfigYAML = `# promptlint configuration. Every value below is the default; delete what
# you do not change. Docs: promptlint rules --format markdown

# Globs (doublestar syntax, relative to the directory of this file) that select
# prompt files. A file named on the command line is linted even when no
# glob matches it.
files:
  - "prompts/**/*.{yaml,yml,json}"
  - "**/*.prompt.{yml,yaml}"
  - "**/*.prompt"
  - "**/*.prompty"
  - "**/*.prompt.md"
  - "prompts/**/*.{md,txt}"
exclude: []

# Template syntax of our YAML and plain-text prompts that do not say
# (python, mustache, handlebars, jinja2).
syntax: python

# Larger files are reported under parse-error and not read.
max_file_size: 1048576

# Per-rule severity: error, warning, notice or off. For example:
#   variable-unused: off
#   template-too-long: error
rules: {}

# Drop findings by path glob and rule ids (all rules when rules is empty).
#   - path: "prompts/legacy/**"
#     rules: [variable-name-style]
ignore: []

naming:
  variables: snake_case   # snake_case, camelCase, PascalCase, kebab-case, SCREAMING_SNAKE_CASE
  prompts: snake_case
  min_length: 3           # shorter variable names are cryptic
  deny: [x, y, z, a, b, c, foo, bar, baz, tmp, temp, var, val, data, input, text, thing, stuff]
  allow: []               # names exempt from variable-name-cryptic

tokens:
  encoding: cl100k_base   # or o200k_base
  budget: 4000            # template-too-long above this many tokens per prompt

# The bump each kind of change requires (major, minor, patch or none).
versions:
  breaking: major   # variable removed or renamed, required variable added, role changed, output schema broken
  feature: minor    # variable with a default added, default changed, messages added or removed, model changed
  wording: patch    # template wording
  initial: 1.0.0    # the version a fix gives a prompt that has none (or 0.1.0)
  # VS Code prompt files (.prompt.md) need no version unless this is true;
  # theirs is a "# version: 1.0.0" comment line in the front matter.
  require_vscode: false

diff:
  review_threshold: 0.8   # similarity below this asks for review instead of deploy
  rename_threshold: 0.7   # a removed and an added prompt this similar are a rename
  max_diff_lines: 400     # unified diff lines kept per prompt in the PR comment

commits:
  min_words: 3
  deny: [fix, fixes, fixed, update, updates, updated, update prompt, update prompts, updated prompt,
    wip, changes, change, tweak, tweaks, prompt update, misc, minor, stuff, edit prompt, prompt changes]

checklist:
  min_sample_size: 100   # per A/B arm
  confidence: 0.95       # for the A/B significance test
  min_approvals: 1       # approving reviews for team-reviewed
  tolerance: 0           # relative slack for metrics whose goal is "maintain"

# Fail check and the action only on findings the base does not already
# have, like golangci-lint's only-new-issues: pre-existing findings are still
# reported, folded in the PR comment. Also: check --only-new.
only_new: false

# The environment of a prompt that declares none ("environment:" in the
# file) and matches no environments.<name>.paths glob below. Left empty, such
# a prompt has no environment: its rules run as for production, but its
# checklist is advisory (the PR comment shows it, marked "not enforced", and
# no checklist-* finding fails the check). To enforce the checklist on every
# prompt that has no environment of its own, set:
#   default_environment: production
default_environment: ""

# Environments: path globs, and the checklist items required before merge
# (production requires every one), and rule severities for that
# environment only (rules: {template-too-long: error}). Globs are tried in
# order. An environment named here overrides the default of that name (one
# without requires keeps the default items); the others stay.
environments:
  production:
    requires: [{{items}}]
  staging:
    requires: [semver, rollback-plan, team-reviewed]
  development:
    requires: []
`
