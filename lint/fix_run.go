package lint

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

// maxFixRounds bounds the rounds of a fix run. A fix can bring up a
// finding another fix resolves (a bumped version wants a changelog entry,
// an exact placeholder becomes an input that needs a bigger bump); each
// round runs the rules again over the fixed files.
const maxFixRounds = 5

// FixedFile is a file a fix run changed.
type FixedFile struct {
	Path string
	Old  []byte // the content before the run
	New  []byte // the content after it
}

// SkippedFix is a fixable finding the run left as it was, and why.
type SkippedFix struct {
	Finding Finding
	Reason  string // one lower-case line
}

// FixResult is what a fix run did.
type FixResult struct {
	Files   []FixedFile  // the files changed, sorted by path
	Fixed   []Finding    // the findings fixed, round by round
	Skipped []SkippedFix // the fixable findings left, and why, sorted
	Report  *Report      // the rules' report over the fixed files
}

// RunFix runs the rules and applies the fixes of their findings, round after
// round, until a round fixes nothing (at most maxFixRounds rounds). run
// runs the rules over the files as they stand: edited holds the new
// content of every file fixed so far, by path. read returns the content
// of a file of the report before the run. keep selects the findings to
// fix; nil keeps all.
//
// Each file's fixes are applied together and the file is read again: it
// must parse, and parse to the same prompts except for what the fixes
// change (the version, a changelog entry, placeholder spacing). A fix
// that does not pass alone, or overlaps a fix applied before it, is
// skipped and reported.
func RunFix(cfg *Config, run func(edited map[string][]byte) (*Report, error), read func(path string) ([]byte, error), keep func(Finding) bool) (*FixResult, error) {
	edited := map[string][]byte{}
	original := map[string][]byte{}
	failed := map[string]string{} // fix key → why it was skipped
	res := &FixResult{}
	var rep *Report
	for round := 0; ; round++ {
		var err error
		if rep, err = run(edited); err != nil {
			return nil, err
		}
		if round == maxFixRounds {
			break
		}
		byPath := map[string][]Finding{}
		var paths []string
		for _, f := range rep.Findings {
			if f.Fix == nil || keep != nil && !keep(f) || failed[fixKey(f)] != "" {
				continue
			}
			if byPath[f.Path] == nil {
				paths = append(paths, f.Path)
			}
			byPath[f.Path] = append(byPath[f.Path], f)
		}
		if len(paths) == 0 {
			break
		}
		sort.Strings(paths)
		progress := false
		for _, p := range paths {
			data, ok := edited[p]
			if !ok {
				if data, err = read(p); err != nil {
					return nil, fmt.Errorf("reading %s to fix it: %w", p, err)
				}
				original[p] = data
			}
			out, applied, skipped := applyFixes(p, data, byPath[p], cfg)
			for _, s := range skipped {
				failed[fixKey(s.Finding)] = s.Reason
			}
			if len(applied) > 0 {
				edited[p] = out
				res.Fixed = append(res.Fixed, applied...)
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	for _, f := range rep.Findings {
		switch {
		case keep != nil && !keep(f):
		case f.NoFix != "":
			res.Skipped = append(res.Skipped, SkippedFix{Finding: f, Reason: f.NoFix})
		case f.Fix != nil && failed[fixKey(f)] != "":
			res.Skipped = append(res.Skipped, SkippedFix{Finding: f, Reason: failed[fixKey(f)]})
		case f.Fix != nil:
			res.Skipped = append(res.Skipped, SkippedFix{Finding: f, Reason: fmt.Sprintf("still fixable after %d rounds of fixes", maxFixRounds)})
		}
	}
	for p, data := range edited {
		if !bytes.Equal(data, original[p]) {
			res.Files = append(res.Files, FixedFile{Path: p, Old: original[p], New: data})
		}
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	res.Report = rep
	return res, nil
}

// fixKey identifies a finding's fix across rounds.
func fixKey(f Finding) string {
	var b strings.Builder
	b.WriteString(f.Rule + "\x00" + f.Path + "\x00" + f.Prompt + "\x00" + f.Message)
	if f.Fix != nil {
		for _, e := range f.Fix.Edits {
			fmt.Fprintf(&b, "\x00%d:%d-%d:%d=%s", e.Start.Line, e.Start.Col, e.End.Line, e.End.Col, e.Text)
		}
	}
	return b.String()
}

// applyFixes applies the fixes of the findings of one file to data: all
// at once when the result passes verifyFix, else one after the other,
// each kept only when the file with it still passes.
func applyFixes(path string, data []byte, findings []Finding, cfg *Config) ([]byte, []Finding, []SkippedFix) {
	try := func(fs []Finding) ([]byte, error) {
		var edits []Edit
		for _, f := range fs {
			edits = append(edits, f.Fix.Edits...)
		}
		out, err := ApplyEdits(data, edits)
		if err != nil {
			return nil, err
		}
		return out, verifyFix(path, data, out, fs, cfg)
	}
	if out, err := try(findings); err == nil {
		return out, findings, nil
	}
	var kept []Finding
	var skipped []SkippedFix
	out := data
	for _, f := range findings {
		next, err := try(append(kept[:len(kept):len(kept)], f))
		if err != nil {
			if _, alone := try([]Finding{f}); alone == nil {
				err = errors.New("it conflicts with another fix of the file; run fix again")
			}
			skipped = append(skipped, SkippedFix{Finding: f, Reason: err.Error()})
			continue
		}
		kept, out = append(kept, f), next
	}
	return out, kept, skipped
}

// verifyFix checks that after, the content of path with the fixes of
// findings applied to before, parses to the same prompts as before except
// for what the fixes change, and that each fix did what it says.
func verifyFix(path string, before, after []byte, findings []Finding, cfg *Config) error {
	old, new := ParseFile(path, before, cfg), ParseFile(path, after, cfg)
	if new.Err != nil {
		return fmt.Errorf("the fixed file does not parse: %s", new.Err.Msg)
	}
	if old.Err != nil || len(old.Prompts) != len(new.Prompts) {
		return errors.New("the fixed file holds other prompts")
	}
	for i := range old.Prompts {
		if err := SameExceptFixes(old.Prompts[i], new.Prompts[i]); err != nil {
			return err
		}
	}
	for _, f := range findings {
		var p *Prompt
		for _, np := range new.Prompts {
			if np.Name == f.Prompt {
				p = np
			}
		}
		if p == nil {
			return fmt.Errorf("prompt %q is not in the fixed file", f.Prompt)
		}
		if v := f.Fix.version; v != "" && p.Version != v {
			return fmt.Errorf("the fixed file gives version %q, not %q", p.Version, v)
		}
		if v := f.Fix.changelog; v != "" && !hasChangelogEntry(p, v) {
			return fmt.Errorf("the fixed file has no changelog entry for %s", v)
		}
	}
	return nil
}

// hasChangelogEntry reports whether p's changelog names version v.
func hasChangelogEntry(p *Prompt, v string) bool {
	for _, e := range p.Changelog {
		if strings.TrimPrefix(strings.TrimSpace(e.Version), "v") == v {
			return true
		}
	}
	return false
}

// fixView is what a fix must leave as it was in a prompt: everything but
// positions, the version, the changelog, and the spacing inside GitHub
// Models placeholders.
type fixView struct {
	Name, Description, Environment string
	Format                         Format
	Syntax                         string
	Labels                         []string
	Messages                       [][2]string
	Declares, OpenInputs, Partial  bool
	Variables                      []Variable
	Uses                           []string
	TemplateErrors                 []string
	Partials                       []string
	TestData                       []map[string]any
	Disabled                       []string
	Model                          map[string]any
	Meta                           map[string]any
}

// spacedPlaceholder matches a GitHub Models placeholder with white space
// inside its braces.
var spacedPlaceholder = regexp.MustCompile(`\{\{[ \t]*([A-Za-z0-9_.-]+)[ \t]*\}\}`)

func viewOf(p *Prompt) fixView {
	v := fixView{Name: p.Name, Description: p.Description, Environment: p.Environment, Format: p.Format, Syntax: string(p.Syntax),
		Labels: p.Labels, Declares: p.Declares, OpenInputs: p.OpenInputs, Partial: p.Partial, Partials: p.Partials,
		Disabled: p.Disabled, Model: p.Model}
	for _, m := range p.Messages {
		text := m.Text
		if p.Format == FormatGitHubModels {
			text = spacedPlaceholder.ReplaceAllString(text, "{{$1}}")
		}
		v.Messages = append(v.Messages, [2]string{m.Role, text})
	}
	for _, vr := range p.Variables {
		vr.Pos = Pos{}
		v.Variables = append(v.Variables, vr)
	}
	for _, u := range p.Uses {
		v.Uses = append(v.Uses, u.Name)
	}
	for _, e := range p.TemplateErrors {
		v.TemplateErrors = append(v.TemplateErrors, e.Msg)
	}
	for _, r := range p.TestData {
		v.TestData = append(v.TestData, r.Values)
	}
	v.Meta = map[string]any{}
	for k, val := range p.Meta {
		switch k {
		case "version", "changelog", "history":
			continue
		case "metadata":
			if md, ok := val.(map[string]any); ok {
				cp := map[string]any{}
				for mk, mv := range md {
					if mk != "version" {
						cp[mk] = mv
					}
				}
				val = cp
			}
		}
		if p.Format == FormatGitHubModels && k == "messages" {
			val = unspaced(val)
		}
		v.Meta[k] = val
	}
	return v
}

// unspaced is v with the spaces inside GitHub Models placeholders of every
// string in it removed.
func unspaced(v any) any {
	switch v := v.(type) {
	case string:
		return spacedPlaceholder.ReplaceAllString(v, "{{$1}}")
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = unspaced(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = unspaced(e)
		}
		return out
	}
	return v
}

// SameExceptFixes reports how b differs from a beyond what a fix may
// change (the version, the changelog, spacing inside GitHub Models
// placeholders, positions); nil when it does not.
func SameExceptFixes(a, b *Prompt) error {
	va, vb := viewOf(a), viewOf(b)
	ra, rb := reflect.ValueOf(va), reflect.ValueOf(vb)
	for i := 0; i < ra.NumField(); i++ {
		if !reflect.DeepEqual(ra.Field(i).Interface(), rb.Field(i).Interface()) {
			return fmt.Errorf("the fix would change the prompt's %s", strings.ToLower(ra.Type().Field(i).Name))
		}
	}
	return nil
}
