package lint

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The answers of the reference readers in testdata/reference, written by
// its gen.mjs with Node and the npm packages dotprompt and yaml (run by
// hand, not in CI).

func loadReference(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "reference", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// jsonValue is v as encoding/json reads it back: numbers are float64, and
// infinities and NaN (which JSON cannot hold) are nil, as JSON.stringify
// writes them.
func jsonValue(t *testing.T, v any) any {
	t.Helper()
	var fix func(any) any
	fix = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				v[k] = fix(e)
			}
		case []any:
			for i, e := range v {
				v[i] = fix(e)
			}
		case float64:
			if math.IsInf(v, 0) || math.IsNaN(v) {
				return nil
			}
		}
		return v
	}
	data, err := json.Marshal(fix(v))
	if err != nil {
		t.Fatalf("marshal %v: %v", v, err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestYAMLMatchesReference reads YAML documents as the prompt tools'
// YAML 1.2 reader does: "?" inside flow collections, duplicate keys, and
// the core schema's scalars.
func TestYAMLMatchesReference(t *testing.T) {
	var ref struct {
		Cases []struct {
			Src   string `json:"src"`
			Value any    `json:"value"`
			Error string `json:"error"`
		} `json:"cases"`
	}
	loadReference(t, "yaml.json", &ref)
	if len(ref.Cases) < 40 {
		t.Fatalf("only %d reference cases", len(ref.Cases))
	}
	for _, c := range ref.Cases {
		r := newReader("prompts/a.yaml", []byte(c.Src), DefaultConfig())
		root, err := r.parseYAML(c.Src, 1)
		if c.Error != "" {
			if err == nil {
				t.Errorf("%q: parsed, want an error like the reference's %q", c.Src, c.Error)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v; the reference reads %v", c.Src, err, c.Value)
			continue
		}
		got, err := r.value(root)
		if err != nil {
			t.Fatal(err)
		}
		if g := jsonValue(t, got); !reflect.DeepEqual(g, c.Value) {
			t.Errorf("%q:\n got %v\nwant %v", c.Src, g, c.Value)
		}
	}
}

// dotpromptDivergences are the reference cases where promptlint
// deliberately reads differently from npm dotprompt 1.1.2, with why. The
// test asserts that promptlint does differ there.
var dotpromptDivergences = map[string]string{
	// Stricter: the library builds a schema nobody meant.
	"pico-enum-string-required": "an (enum) whose value is not a list: the library keeps it as the enum",
	"pico-list-types":           "a list without (enum): the library makes an object with a field named 0",
	"schema-list-maps":          "a schema that is a list: the library makes an object with a field named 0",
	"json-type-list":            "a JSON Schema type list is not detected as JSON Schema by the library, which makes a field named type",
	"dup-field-optional":        "one field declared twice (a and a?): the library keeps the last one's type and the first one's requiredness",
	"space-in-name":             "white space in a field name: no template can use the name",
	"space-before-paren":        "white space before the parenthesis becomes part of the library's field name (\"tags \")",
	"empty-name":                "a key without a field name: the library declares a field named \"\"",
	// Looser: documented in the README.
	"trimmed-type":   "white space around a parenthetical type is trimmed",
	"trimmed-scalar": "white space around a scalar type is trimmed",
	"string-array":   "string[] is an array of strings",
	"license-header": "comment lines before the opening --- are a license header, as upstream head reads them",
}

// TestDotpromptMatchesReference compares the Dotprompt reader with the
// reference library on generated files, the corpus's .prompt files and the
// templates of Dotprompt's spec: the same files fail, and the others
// declare the same inputs.
func TestDotpromptMatchesReference(t *testing.T) {
	type schemaAnswer struct {
		Schema map[string]any `json:"schema"`
		Error  string         `json:"error"`
	}
	var ref struct {
		Cases []struct {
			Name          string        `json:"name"`
			Src           string        `json:"src"`
			FrontMatter   bool          `json:"frontMatter"`
			YAMLError     string        `json:"yamlError"`
			Input         *schemaAnswer `json:"input"`
			Output        *schemaAnswer `json:"output"`
			InputDefaults []string      `json:"inputDefaults"`
		} `json:"cases"`
	}
	loadReference(t, "dotprompt.json", &ref)
	if len(ref.Cases) < 100 {
		t.Fatalf("only %d reference cases", len(ref.Cases))
	}
	seen := map[string]bool{}
	for _, c := range ref.Cases {
		t.Run(c.Name, func(t *testing.T) {
			refErr := c.YAMLError
			if c.Input != nil && c.Input.Error != "" {
				refErr = c.Input.Error
			}
			if c.Output != nil && c.Output.Error != "" && refErr == "" {
				refErr = c.Output.Error
			}
			ps, err := Parse("case.prompt", []byte(c.Src), DefaultConfig())
			why, diverges := dotpromptDivergences[c.Name]
			seen[c.Name] = diverges
			switch {
			case diverges:
			case strings.Contains(refErr, "[]'"):
				diverges, why = true, dotpromptDivergences["string-array"]
			case !c.FrontMatter && strings.HasPrefix(c.Src, "#"):
				// The library reads no front matter after a license header.
				return
			}
			if diverges {
				if c.Name == "license-header" {
					if err != nil || c.FrontMatter || len(ps) != 1 || ps[0].Variable("name") == nil {
						t.Errorf("we read the front matter after a license header (%s): %v", why, err)
					}
					return
				}
				if (err != nil) == (refErr != "") {
					t.Errorf("expected to differ from the reference (%s), but both say error=%v (%v)", why, err != nil, err)
				}
				return
			}
			if refErr != "" {
				if err == nil {
					t.Errorf("parsed, but the reference rejects it: %s", refErr)
				} else if pe := err.(*ParseError); !pe.Pos.IsValid() {
					t.Errorf("error %q has no position", pe.Msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("the reference reads it, we do not: %v", err)
			}
			if c.Input == nil || c.Input.Schema == nil {
				return
			}
			p := ps[0]
			s := c.Input.Schema
			props, _ := s["properties"].(map[string]any)
			if s["type"] != "object" || props == nil {
				if !p.OpenInputs {
					t.Errorf("schema %v lists no fields, so any name may be used; want OpenInputs", s)
				}
				return
			}
			want := map[string]bool{}
			for name := range props {
				want[name] = true
			}
			for _, d := range c.InputDefaults {
				want[d] = true
			}
			var wantNames, gotNames []string
			for name := range want {
				wantNames = append(wantNames, name)
			}
			for _, v := range p.Variables {
				gotNames = append(gotNames, v.Name)
			}
			sort.Strings(wantNames)
			sort.Strings(gotNames)
			if !reflect.DeepEqual(gotNames, wantNames) {
				t.Errorf("declared %q, the reference %q", gotNames, wantNames)
			}
			required := map[string]bool{}
			if req, ok := s["required"].([]any); ok {
				for _, r := range req {
					required[r.(string)] = true
				}
			}
			for _, v := range p.Variables {
				if !v.HasDefault && v.Required != required[v.Name] {
					t.Errorf("variable %q: required %v, the reference %v", v.Name, v.Required, required[v.Name])
				}
			}
			if ap, isPico := s["additionalProperties"]; isPico {
				if open := ap != false; open != p.OpenInputs {
					t.Errorf("OpenInputs %v, the reference's additionalProperties %v", p.OpenInputs, ap)
				}
			}
		})
	}
	for name := range dotpromptDivergences {
		if _, ok := seen[name]; !ok {
			t.Errorf("divergence %q has no reference case", name)
		}
	}
	if testing.Verbose() {
		n := 0
		for _, d := range seen {
			if !d {
				n++
			}
		}
		t.Logf("%d cases agree with the reference, %d differ deliberately", n, len(dotpromptDivergences))
	}
}
