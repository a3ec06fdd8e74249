package lint

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// inputSchemas returns the normalized schema (see schema.go) of each
// declared input that describes more than its name: Dotprompt's
// input.schema (Picoschema or JSON Schema), Prompty's inputs or
// inputSchema, and the variables of promptlint's own format, whose specs
// may carry a kind or type, enum or enumValues, nested properties and
// items. An input declared by a default alone has none.
func inputSchemas(p *Prompt) map[string]*schema {
	var out map[string]*schema
	if in, ok := p.Meta["input"].(map[string]any); ok && in["schema"] != nil {
		if s := parsePicoschema(in["schema"], 0); s.props != nil {
			return s.props
		}
	}
	if m, ok := p.Meta["inputSchema"].(map[string]any); ok {
		if s := parseJSONSchema(m, newSchemaDoc(m), 0); s.props != nil {
			return s.props
		}
	}
	n := 0 // the inputs at most, to size the map once
	for _, key := range []string{"inputs", "variables"} {
		switch x := p.Meta[key].(type) {
		case map[string]any:
			n += len(x)
		case []any:
			n += len(x)
		}
	}
	out = make(map[string]*schema, n)
	for _, key := range []string{"inputs", "variables"} {
		switch x := p.Meta[key].(type) {
		case map[string]any:
			for name, v := range x {
				if spec, ok := v.(map[string]any); ok && isSpecValue(spec) {
					out[name] = inputProperty(spec)
				}
			}
		case []any:
			for _, e := range x {
				if spec, ok := e.(map[string]any); ok {
					if name, _ := spec["name"].(string); name != "" {
						out[name] = inputProperty(spec)
					}
				}
			}
		}
	}
	return out
}

// isSpecValue reports whether a decoded mapping is a variable spec (as
// isSpec does for a YAML node), not a default that happens to be one.
func isSpecValue(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k := range m {
		if !specKeys[k] && k != "properties" && k != "items" && k != "name" {
			return false
		}
	}
	return true
}

// inputProperty normalizes a Prompty-style property spec; "enum" is read
// as "enumValues" is.
func inputProperty(spec map[string]any) *schema {
	s, _ := promptyProperty(spec, 0)
	if list, ok := spec["enum"].([]any); ok && s.enum == nil {
		s.enum = canonicalSet(list)
	}
	return s
}

// compareInput compares the schema of one input in the base (o) and the
// head (n) by what a caller may pass, the reverse of an output: a value
// no longer allowed or a field now required breaks callers that pass the
// old shape; a value allowed or an optional field added is compatible.
// where names the input ("variable \"tone\"") or a field of it.
func compareInput(o, n *schema, where string, depth int, breaking, compatible *[]string) {
	if o == nil || n == nil || depth > maxSchemaDepth || o.ref != "" || n.ref != "" {
		return
	}
	// Allowed values.
	switch {
	case o.enum == nil && n.enum != nil:
		*breaking = append(*breaking, fmt.Sprintf("%s is now limited to %s", where, valueList(n.enum)))
	case o.enum != nil && n.enum == nil:
		*compatible = append(*compatible, where+" is no longer limited to a list of values")
	case o.enum != nil:
		var removed, added []string
		for _, v := range o.enum {
			if !contains(n.enum, v) {
				removed = append(removed, v)
			}
		}
		for _, v := range n.enum {
			if !contains(o.enum, v) {
				added = append(added, v)
			}
		}
		if len(removed) > 0 {
			*breaking = append(*breaking, fmt.Sprintf("%s no longer accepts %s", where, valueList(removed)))
		}
		if len(added) > 0 {
			*compatible = append(*compatible, fmt.Sprintf("%s now accepts %s", where, valueList(added)))
		}
	}
	// Fields of an object input.
	if o.props != nil && n.props != nil {
		for _, name := range slices.Sorted(maps.Keys(n.props)) {
			field := fieldOf(name, where)
			op, had := o.props[name]
			switch {
			case !had && n.required[name]:
				*breaking = append(*breaking, "required "+field+" added")
			case !had:
				*compatible = append(*compatible, "optional "+field+" added")
			case !o.required[name] && n.required[name]:
				*breaking = append(*breaking, field+" became required")
			case o.required[name] && !n.required[name]:
				*compatible = append(*compatible, field+" became optional")
			}
			if had {
				of, nf := op, n.props[name]
				if o.required[name] != n.required[name] {
					of, nf = withoutNull(of), withoutNull(nf) // Picoschema's optional adds null
				}
				compareInputTypes(of, nf, field, breaking, compatible)
				compareInput(of, nf, field, depth+1, breaking, compatible)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(o.props)) {
			if _, ok := n.props[name]; !ok {
				*compatible = append(*compatible, fieldOf(name, where)+" removed (a caller that passes it is not rejected)")
			}
		}
	}
	if o.items != nil && n.items != nil {
		compareInput(o.items, n.items, "the items of "+where, depth+1, breaking, compatible)
	}
}

// compareInputTypes compares the types of a field of an input: a type no
// longer accepted is breaking, one accepted too is compatible.
func compareInputTypes(o, n *schema, where string, breaking, compatible *[]string) {
	if len(n.types) == 0 {
		if len(o.types) > 0 {
			*compatible = append(*compatible, where+" accepts any type")
		}
		return
	}
	if len(o.types) == 0 {
		*breaking = append(*breaking, where+" now accepts only "+strings.Join(slices.Sorted(maps.Keys(n.types)), " or "))
		return
	}
	var lost []string
	for _, t := range slices.Sorted(maps.Keys(o.types)) {
		if !n.types[t] && !(t == "integer" && n.types["number"]) {
			lost = append(lost, t)
		}
	}
	switch {
	case len(lost) > 0:
		*breaking = append(*breaking, fmt.Sprintf("%s no longer accepts %s (now %s)", where, strings.Join(lost, " or "), strings.Join(slices.Sorted(maps.Keys(n.types)), " or ")))
	case len(n.types) > len(o.types):
		*compatible = append(*compatible, where+" accepts more types")
	}
}

// fieldOf names a field of an input or of one of its fields.
func fieldOf(name, where string) string {
	if rest, ok := strings.CutPrefix(where, "field "); ok {
		// field "a" of variable "user" → field "a.b" of variable "user"
		if q, tail, ok := strings.Cut(rest, " of "); ok {
			if s, err := strconv.Unquote(q); err == nil {
				return "field " + strconv.Quote(s+"."+name) + " of " + tail
			}
		}
	}
	return "field " + strconv.Quote(name) + " of " + where
}

// withoutNull returns s without null among its types and values: the
// null Picoschema adds to an optional field, not to be reported again
// when a change of required already is.
func withoutNull(s *schema) *schema {
	c := *s
	if c.types["null"] {
		c.types = map[string]bool{}
		for t := range s.types {
			if t != "null" {
				c.types[t] = true
			}
		}
	}
	if c.enum != nil {
		c.enum = []string{}
		for _, v := range s.enum {
			if v != "null" {
				c.enum = append(c.enum, v)
			}
		}
	}
	return &c
}
