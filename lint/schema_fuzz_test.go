package lint

import (
	"encoding/json"
	"testing"
)

// FuzzSchema normalizes any JSON value as JSON Schema and as Picoschema,
// as an output schema from a pull request is read: no panic, no endless
// recursion, and a schema compared with itself, or with its own second
// reading, has no change at all.
func FuzzSchema(f *testing.F) {
	for _, seed := range []string{
		`{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}`,
		`{"type":"object","properties":{"note":{"anyOf":[{"type":"string"},{"type":"null"}]}}}`,
		`{"$defs":{"P":{"type":"object","properties":{"n":{"$ref":"#/$defs/P"}}}},"$ref":"#/$defs/P"}`,
		`{"allOf":[{"$ref":"#"}],"oneOf":[{"enum":[1,null]},{"type":"null"}]}`,
		`{"type":"object","properties":{"a":{"$ref":"#"},"b":{"$ref":"#"},"c":{"anyOf":[{"$ref":"#"},{"$ref":"#"}]}}}`,
		`{"anyOf":[{"anyOf":[{"type":"integer"},{"type":"null"}]},{"type":"string","maxLength":3}]}`,
		`{"queue(enum)":["a","b"],"why?":"string, the reason","(*)":"any","tags(array, labels)":"string"}`,
		`"Invoice"`, `[1,2]`, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		read := []func() *schema{func() *schema { return parsePicoschema(v, 0) }}
		if m, ok := v.(map[string]any); ok {
			read = append(read, func() *schema { return parseJSONSchema(m, newSchemaDoc(m), 0) })
		}
		for _, r := range read {
			a, b := r(), r()
			if a == nil || b == nil {
				continue
			}
			for _, c := range []schemaChange{compareSchemas(a, a), compareSchemas(a, b)} {
				if len(c.breaking)+len(c.compatible)+len(c.unknown)+len(c.wording) > 0 {
					t.Fatalf("%s: a schema differs from itself: %+v", data, c)
				}
			}
		}
	})
}
