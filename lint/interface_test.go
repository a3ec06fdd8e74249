package lint_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/lint"
)

// checkOne runs check with every rule over one file changed from base to
// head and returns the one changed prompt and every finding as text.
func checkOne(t *testing.T, path, base, head string) (lint.PromptReport, []string) {
	t.Helper()
	rep := checkAll(t, lint.DefaultConfig(), fstest.MapFS{path: {Data: []byte(base)}}, fstest.MapFS{path: {Data: []byte(head)}})
	if len(rep.Prompts) != 1 || rep.Prompts[0].Change == nil {
		t.Fatalf("%d prompts reported, want one change", len(rep.Prompts))
	}
	var findings []string
	for _, f := range rep.Findings {
		findings = append(findings, f.String())
	}
	return rep.Prompts[0], findings
}

// supportDotprompt declares name and email in its input schema, and also
// uses company, which it does not declare (as in the Dotprompt examples).
const supportDotprompt = `---
version: 1.1.0
description: Customer support assistant.
model: gemini-2.5-flash
input:
  schema:
    name: string
    email: string
---
{{#role "system"}}
You are a helpful customer support assistant for Acme Corp.
{{/role}}

{{#role "user"}}
Hello, my name is {{name}} and I work at {{company}}.
My email is {{email}}.
{{/role}}
`

// TestInterfaceIsDeclaredAndUsed checks that the version policy and the
// variables of the summary see the union of declared and used variables.
func TestInterfaceIsDeclaredAndUsed(t *testing.T) {
	t.Run("renaming a used but undeclared variable is breaking", func(t *testing.T) {
		head := strings.Replace(strings.Replace(supportDotprompt, "{{company}}", "{{employer}}", 1), "1.1.0", "1.1.1", 1)
		r, findings := checkOne(t, "prompts/support.prompt", supportDotprompt, head)
		c := r.Change
		if c.Required != lint.BumpMajor {
			t.Errorf("required %s, want major; reasons %+v", c.Required, c.Reasons)
		}
		if !hasReason(c, `variable "company" renamed to "employer"`) {
			t.Errorf("reasons %+v lack the rename", c.Reasons)
		}
		if !hasFinding(findings, "[version-bump-too-small]") {
			t.Errorf("a patch bump for a renamed input passes: %q", findings)
		}
	})
	t.Run("an undeclared variable still used is not removed", func(t *testing.T) {
		// The declaration of email goes; the template still uses it.
		head := strings.Replace(strings.Replace(supportDotprompt, "    email: string\n", "", 1), "1.1.0", "1.1.1", 1)
		r, findings := checkOne(t, "prompts/support.prompt", supportDotprompt, head)
		c := r.Change
		for _, name := range c.VarsRemoved {
			if name == "email" {
				t.Errorf("email, still used, reported as removed: %+v", c.Reasons)
			}
		}
		for _, rs := range c.Reasons {
			if strings.Contains(rs.Text, `"email" removed`) {
				t.Errorf("reason %q about a variable still used", rs.Text)
			}
		}
		if !hasFinding(findings, `variable "email" is used but not declared`) {
			t.Errorf("no variable-undefined for email: %q", findings)
		}
		if c.Required != lint.BumpNone {
			t.Errorf("required %s, want none (callers still pass email); reasons %+v", c.Required, c.Reasons)
		}
	})
	t.Run("a new undeclared use is a required input", func(t *testing.T) {
		head := strings.Replace(strings.Replace(supportDotprompt, "My email is {{email}}.", "My email is {{email}}, order {{order_id}}.", 1), "1.1.0", "1.2.0", 1)
		r, _ := checkOne(t, "prompts/support.prompt", supportDotprompt, head)
		c := r.Change
		if c.Required != lint.BumpMajor || strings.Join(c.VarsAdded, ",") != "order_id" {
			t.Errorf("required %s, added %v; want major and order_id", c.Required, c.VarsAdded)
		}
	})
	t.Run("a declared variable dropped from the template is removed", func(t *testing.T) {
		head := strings.Replace(strings.Replace(supportDotprompt, "    email: string\n", "", 1), "My email is {{email}}.\n", "", 1)
		head = strings.Replace(head, "1.1.0", "2.0.0", 1)
		r, findings := checkOne(t, "prompts/support.prompt", supportDotprompt, head)
		if strings.Join(r.Change.VarsRemoved, ",") != "email" || r.Change.Required != lint.BumpMajor {
			t.Errorf("removed %v, required %s; want email and major", r.Change.VarsRemoved, r.Change.Required)
		}
		if hasFinding(findings, "[version-bump-too-small]") || hasFinding(findings, "[version-not-bumped]") {
			t.Errorf("a major bump for a removed input fails: %q", findings)
		}
	})
}

func hasReason(c *lint.Change, text string) bool {
	for _, r := range c.Reasons {
		if r.Text == text {
			return true
		}
	}
	return false
}

func hasFinding(findings []string, substr string) bool {
	for _, f := range findings {
		if strings.Contains(f, substr) {
			return true
		}
	}
	return false
}
