package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/promptlint/promptlint/lint/template"
)

// schema is an output schema in one normalized form, whatever it was
// written in (JSON Schema, Picoschema, a Prompty outputs list), so that two
// schemas are compared by what they let the model return, not by how they
// are spelled. Descriptions are kept apart: they steer the model but do
// not change what a caller parses.
type schema struct {
	// types are the JSON types a value may have ("object", "array",
	// "string", "number", "integer", "boolean", "null"); empty means any.
	types    map[string]bool
	props    map[string]*schema // object properties
	required map[string]bool    // properties always present
	extra    *schema            // schema of properties not listed (a wildcard), nil when none is described
	items    *schema            // array items; nil means any
	enum     []string           // allowed values as canonical JSON, sorted; nil means any value of types
	limits   map[string]any     // other constraints: minimum, maxLength, pattern, format, ...
	desc     string
	// ref is a schema name promptlint cannot resolve (a Dotprompt schema
	// registered by the application, a $ref outside the document): the
	// rest is empty, and only the same name compares equal.
	ref string
	// opaque holds the canonical JSON of constructs not normalized (not,
	// if, and the anyOf, oneOf and allOf that readCombinators cannot read
	// as one schema): a change there cannot be compared.
	opaque string
}

// maxSchemaDepth bounds nesting and $ref resolution: a schema from a pull
// request cannot make the comparison recurse without end.
const maxSchemaDepth = 32

// limitKeys are the JSON Schema constraints compared. lowerBound says the
// key is a lower bound (a smaller value allows more); upper bounds allow
// more with a larger value; the others allow more when removed or changed.
var limitKeys = map[string]string{
	"minimum": "lower", "exclusiveMinimum": "lower", "minLength": "lower", "minItems": "lower", "minProperties": "lower",
	"maximum": "upper", "exclusiveMaximum": "upper", "maxLength": "upper", "maxItems": "upper", "maxProperties": "upper",
	"pattern": "exact", "format": "exact", "multipleOf": "exact", "uniqueItems": "exact",
}

// opaqueKeys are JSON Schema combinators that are kept as written.
var opaqueKeys = []string{"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "prefixItems", "patternProperties", "dependentRequired", "dependentSchemas"}

// nestedTooDeeply is the opaque text of a schema nested past
// maxSchemaDepth.
const nestedTooDeeply = "(nested too deeply)"

// maxSchemaNodes bounds the schemas that expanding local references may
// read in one document. Each reference is expanded where it is used, so a
// definition used twice by one used twice by one ... would otherwise grow
// exponentially with the nesting.
const maxSchemaNodes = 10000

// schemaDoc is a JSON Schema document being read: its root, which holds
// the $defs and definitions that local references name, and the bounds on
// expanding them.
type schemaDoc struct {
	root      map[string]any
	expanding map[string]bool // references being expanded: one met again is recursion
	nodes     int             // schemas read so far
	digest    string          // of the document, once a reference is left unexpanded
}

func newSchemaDoc(root map[string]any) *schemaDoc {
	return &schemaDoc{root: root, expanding: map[string]bool{}}
}

// unexpandedPrefix starts the opaque text of a reference left unexpanded.
const unexpandedPrefix = "(unexpanded) "

// unexpanded is the opaque text of a reference that doc does not expand:
// its name and a digest of the whole document, so that a change anywhere
// in the definitions it may reach makes it differ.
func (doc *schemaDoc) unexpanded(ref string) string {
	if doc.digest == "" {
		sum := sha256.Sum256([]byte(canonicalJSON(doc.root)))
		doc.digest = hex.EncodeToString(sum[:8])
	}
	return unexpandedPrefix + ref + " " + doc.digest
}

// parseJSONSchema normalizes a JSON Schema of doc. A local reference is
// expanded where it is used, except a recursive one (a tree's children
// are trees: met again inside its own expansion), which is compared by
// its name, and those met once doc has read maxSchemaNodes schemas, which
// are compared as written.
func parseJSONSchema(m map[string]any, doc *schemaDoc, depth int) *schema {
	s := &schema{}
	doc.nodes++
	if depth > maxSchemaDepth {
		s.opaque = nestedTooDeeply
		return s
	}
	if ref, ok := m["$ref"].(string); ok {
		target := localRef(doc.root, ref)
		switch {
		case target == nil || doc.expanding[ref]:
			return &schema{ref: ref}
		case doc.nodes > maxSchemaNodes:
			return &schema{opaque: doc.unexpanded(ref)}
		}
		doc.expanding[ref] = true
		r := parseJSONSchema(target, doc, depth+1)
		delete(doc.expanding, ref)
		if d, ok := m["description"].(string); ok {
			r.desc = d
		}
		return r
	}
	switch t := m["type"].(type) {
	case string:
		s.addType(t)
	case []any:
		for _, x := range t {
			if name, ok := x.(string); ok {
				s.addType(name)
			}
		}
	}
	if b, _ := m["nullable"].(bool); b && len(s.types) > 0 {
		s.types["null"] = true
	}
	if props, ok := m["properties"].(map[string]any); ok {
		s.props = map[string]*schema{}
		for _, name := range slices.Sorted(maps.Keys(props)) { // sorted: the references expanded within maxSchemaNodes are the same every time
			v := props[name]
			s.props[name] = subSchema(v, doc, depth)
		}
		if len(s.types) == 0 {
			s.addType("object")
		}
	}
	s.required = map[string]bool{}
	for _, name := range toStrings(m["required"]) {
		s.required[name] = true
	}
	switch ap := m["additionalProperties"].(type) {
	case bool:
		if ap {
			s.extra = &schema{}
		}
	case map[string]any:
		s.extra = parseJSONSchema(ap, doc, depth+1)
	}
	if items, ok := m["items"].(map[string]any); ok {
		s.items = parseJSONSchema(items, doc, depth+1)
		if len(s.types) == 0 {
			s.addType("array")
		}
	}
	if list, ok := m["enum"].([]any); ok {
		s.enum = canonicalSet(list)
	}
	if c, ok := m["const"]; ok {
		s.enum = canonicalSet([]any{c})
	}
	for k := range limitKeys {
		if v, ok := m[k]; ok {
			if s.limits == nil {
				s.limits = map[string]any{}
			}
			s.limits[k] = v
		}
	}
	read := s.readCombinators(m, doc, depth)
	var opaque []string
	for _, k := range opaqueKeys {
		if v, ok := m[k]; ok && !read[k] {
			opaque = append(opaque, strconv.Quote(k)+":"+canonicalJSON(v))
		}
	}
	s.opaque = strings.Join(opaque, ",")
	if d, ok := m["description"].(string); ok {
		s.desc = d // else the description of a branch read into s
	}
	return s
}

// readCombinators reads the combinators of m that say no more than one
// normalized schema can, into s, and returns which it read: the shapes
// that generators write for a nullable or a described field (Pydantic's
// Optional[str] is {"anyOf": [{"type": "string"}, {"type": "null"}]}, a
// described $ref is {"allOf": [{"$ref": ...}]}). An anyOf or oneOf reads
// as one schema when its branches are one schema and any number of
// {"type": "null"} (the null is added to its types and values), or when
// every branch only names types (their union). An allOf of one branch is
// that branch. Anything else, or a combinator beside type, properties,
// items or enum of m's own, stays opaque: cannot be compared.
func (s *schema) readCombinators(m map[string]any, doc *schemaDoc, depth int) map[string]bool {
	if len(s.types) > 0 || s.props != nil || s.items != nil || s.enum != nil || s.extra != nil {
		return nil
	}
	var combinator string
	for _, k := range opaqueKeys {
		if _, ok := m[k]; ok {
			if combinator != "" {
				return nil // two combinators: kept as written
			}
			combinator = k
		}
	}
	list, _ := m[combinator].([]any)
	if len(list) == 0 {
		return nil
	}
	branches := make([]*schema, 0, len(list))
	for _, b := range list {
		bm, ok := b.(map[string]any)
		if !ok {
			return nil
		}
		branches = append(branches, parseJSONSchema(bm, doc, depth+1))
	}
	var one *schema
	switch combinator {
	case "allOf":
		if len(branches) == 1 {
			one = branches[0]
		}
	case "anyOf", "oneOf":
		one = unionOf(branches)
	}
	if one == nil || one.ref != "" {
		return nil
	}
	limits := s.limits
	*s = *one
	for k, v := range limits {
		if s.limits == nil {
			s.limits = map[string]any{}
		}
		s.limits[k] = v
	}
	return map[string]bool{combinator: true}
}

// unionOf is the one schema that anyOf or oneOf branches amount to, or nil
// when they are more than a nullable schema or a union of bare types.
func unionOf(branches []*schema) *schema {
	var rest []*schema
	null := false
	for _, b := range branches {
		if b.typesOnly() && len(b.types) == 1 && b.types["null"] {
			null = true
			continue
		}
		rest = append(rest, b)
	}
	var u *schema
	switch {
	case len(rest) == 1:
		cp := *rest[0]
		u = &cp
	case len(rest) > 1:
		u = &schema{}
		for _, b := range rest {
			if !b.typesOnly() || len(b.types) == 0 {
				return nil
			}
			for t := range b.types {
				u.addType(t)
			}
		}
	default:
		u = &schema{}
	}
	if null {
		if len(u.types) > 0 {
			types := map[string]bool{"null": true}
			for t := range u.types {
				types[t] = true
			}
			u.types = types
		} else if u.enum == nil {
			u.addType("null")
		}
		if u.enum != nil && !contains(u.enum, "null") {
			u.enum = append(append([]string(nil), u.enum...), "null")
			sort.Strings(u.enum)
		}
	}
	return u
}

// typesOnly reports whether s says nothing but its types (and perhaps a
// description).
func (s *schema) typesOnly() bool {
	return s.props == nil && s.extra == nil && s.items == nil && s.enum == nil && len(s.limits) == 0 && s.ref == "" && s.opaque == "" && len(s.required) == 0
}

func subSchema(v any, doc *schemaDoc, depth int) *schema {
	switch x := v.(type) {
	case map[string]any:
		return parseJSONSchema(x, doc, depth+1)
	case bool:
		if x {
			return &schema{}
		}
		return &schema{enum: []string{}} // false: nothing is valid
	}
	return &schema{}
}

// localRef resolves "#/$defs/Name" and "#/definitions/Name" in root.
func localRef(root map[string]any, ref string) map[string]any {
	for _, prefix := range []string{"#/$defs/", "#/definitions/"} {
		if name, ok := strings.CutPrefix(ref, prefix); ok {
			defs, _ := root[strings.Trim(prefix[1:], "/")].(map[string]any)
			target, _ := defs[name].(map[string]any)
			return target
		}
	}
	if ref == "#" {
		return root
	}
	return nil
}

func (s *schema) addType(t string) {
	if t == "any" {
		return
	}
	if s.types == nil {
		s.types = map[string]bool{}
	}
	s.types[t] = true
}

// isJSONSchemaValue reports whether a decoded mapping is JSON Schema rather than
// Picoschema, as Dotprompt decides: a "type" naming a JSON type, or
// "properties".
func isJSONSchemaValue(m map[string]any) bool {
	if t, ok := m["type"].(string); ok && jsonSchemaTypes[t] {
		return true
	}
	if _, ok := m["type"].([]any); ok {
		return true
	}
	if _, ok := m["properties"].(map[string]any); ok {
		return true
	}
	_, schemaKey := m["$schema"]
	_, ref := m["$ref"]
	return schemaKey || ref
}

// parsePicoschema normalizes a Picoschema value: a scalar type with an
// optional description ("number, the score"), a schema name, or an object
// whose keys are `name`, `name?` (optional), `name(array|object|enum,
// description)` and `(*)` (any other field). A mapping that is JSON Schema
// is read as such.
func parsePicoschema(v any, depth int) *schema {
	if depth > maxSchemaDepth {
		return &schema{opaque: nestedTooDeeply}
	}
	switch x := v.(type) {
	case string:
		typ, desc, _ := strings.Cut(x, ",")
		typ, desc = strings.TrimSpace(typ), strings.TrimSpace(desc)
		if elem, ok := strings.CutSuffix(typ, "[]"); ok && picoScalarTypes[strings.TrimSpace(elem)] {
			return &schema{types: map[string]bool{"array": true}, items: parsePicoschema(elem, depth+1), desc: desc}
		}
		if !picoScalarTypes[typ] {
			return &schema{ref: typ, desc: desc}
		}
		s := &schema{desc: desc}
		s.addType(typ)
		return s
	case map[string]any:
		if isJSONSchemaValue(x) {
			return parseJSONSchema(x, newSchemaDoc(x), depth)
		}
		s := &schema{types: map[string]bool{"object": true}, props: map[string]*schema{}, required: map[string]bool{}}
		for _, key := range slices.Sorted(maps.Keys(x)) { // sorted: a field written twice reads the same every time
			val := x[key]
			name, kind, desc, optional := parsePicoKey(key)
			var field *schema
			switch kind {
			case "array":
				field = &schema{types: map[string]bool{"array": true}, items: parsePicoschema(val, depth+1)}
			case "object":
				field = parsePicoschema(val, depth+1)
				if len(field.types) == 0 && field.ref == "" {
					field.addType("object")
				}
			case "enum":
				list, _ := val.([]any)
				field = &schema{enum: canonicalSet(list)}
			default:
				field = parsePicoschema(val, depth+1)
			}
			if desc != "" {
				field.desc = desc
			}
			if name == "*" {
				s.extra = field
				continue
			}
			if optional {
				if len(field.types) > 0 {
					field.types["null"] = true
				}
				if field.enum != nil {
					field.enum = canonicalSet(append(decodeAll(field.enum), nil))
				}
			} else {
				s.required[name] = true
			}
			s.props[name] = field
		}
		return s
	case nil:
		return &schema{}
	}
	return &schema{opaque: canonicalJSON(v)}
}

// parsePicoKey reads a Picoschema key: `name`, `name?`, `name(kind)`,
// `name?(kind, description)`, `(*)`.
func parsePicoKey(key string) (name, kind, desc string, optional bool) {
	name = strings.TrimSpace(key)
	if i := strings.IndexByte(name, '('); i >= 0 && strings.HasSuffix(name, ")") {
		inner := name[i+1 : len(name)-1]
		name = strings.TrimSpace(name[:i])
		kind, desc, _ = strings.Cut(inner, ",")
		kind, desc = strings.TrimSpace(kind), strings.TrimSpace(desc)
		if kind == "*" && name == "" {
			return "*", "", desc, false
		}
	}
	if n, ok := strings.CutSuffix(name, "?"); ok {
		name, optional = n, true
	}
	return name, kind, desc, optional
}

// promptyKinds maps Prompty property kinds to JSON types.
var promptyKinds = map[string]string{"string": "string", "integer": "integer", "float": "number", "number": "number", "boolean": "boolean", "array": "array", "object": "object"}

// parsePromptyOutputs normalizes Prompty's outputs: a list of properties
// (`- name: x, kind: string, required: true`) or a mapping of names to
// properties (or to bare kinds).
func parsePromptyOutputs(v any, depth int) *schema {
	if depth > maxSchemaDepth {
		return &schema{opaque: nestedTooDeeply}
	}
	s := &schema{types: map[string]bool{"object": true}, props: map[string]*schema{}, required: map[string]bool{}}
	add := func(name string, prop map[string]any) {
		field, required := promptyProperty(prop, depth)
		s.props[name] = field
		if required {
			s.required[name] = true
		}
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if prop, ok := e.(map[string]any); ok {
				name, _ := prop["name"].(string)
				add(name, prop)
			}
		}
	case map[string]any:
		for name, e := range x {
			switch prop := e.(type) {
			case map[string]any:
				add(name, prop)
			case string:
				add(name, map[string]any{"kind": prop})
			}
		}
	}
	return s
}

// promptyProperty normalizes one Prompty property: its kind, nullable,
// enumValues, nested properties or items, and description.
func promptyProperty(prop map[string]any, depth int) (field *schema, required bool) {
	field = &schema{}
	kind, _ := prop["kind"].(string)
	if kind == "" {
		kind, _ = prop["type"].(string)
	}
	if t, ok := promptyKinds[kind]; ok {
		field.addType(t)
	} else if kind != "" {
		field.opaque = strconv.Quote(kind)
	}
	if b, _ := prop["nullable"].(bool); b && len(field.types) > 0 {
		field.types["null"] = true
	}
	if list, ok := prop["enumValues"].([]any); ok {
		field.enum = canonicalSet(list)
	}
	if props, ok := prop["properties"]; ok {
		inner := parsePromptyOutputs(props, depth+1)
		field.props, field.required = inner.props, inner.required
	}
	if items, ok := prop["items"].(map[string]any); ok && depth < maxSchemaDepth {
		field.items, _ = promptyProperty(items, depth+1)
	}
	field.desc, _ = prop["description"].(string)
	required, _ = prop["required"].(bool)
	return field, required
}

// schemaChange is what changed between two output schemas, by how it
// affects a caller that reads the output.
type schemaChange struct {
	breaking   []string // the output may now hold what callers did not expect
	compatible []string // callers still get what they expected
	wording    []string // descriptions: what the model is told
	unknown    []string // parts promptlint cannot compare
}

// compareSchemas compares an old output schema with a new one. A change is
// compatible when every output the new schema allows was allowed by the
// old one (fields added, fields made required, types and values
// narrowed); it is breaking when the new schema allows an output the old
// did not (a field removed or made optional, a type or a value added, a
// constraint relaxed).
func compareSchemas(o, n *schema) schemaChange {
	var c schemaChange
	c.compare(o, n, "", 0)
	return c
}

func (c *schemaChange) compare(o, n *schema, at string, depth int) {
	if depth > maxSchemaDepth {
		return
	}
	where := "the output"
	if at != "" {
		where = "field " + strconv.Quote(at)
	}
	if o.ref != "" || n.ref != "" {
		if o.ref != n.ref {
			c.unknown = append(c.unknown, where+" is a schema promptlint cannot resolve ("+refNames(o, n)+")")
		}
		return
	}
	if o.opaque != n.opaque {
		switch {
		case strings.HasPrefix(o.opaque, unexpandedPrefix) || strings.HasPrefix(n.opaque, unexpandedPrefix):
			c.unknown = append(c.unknown, where+" refers to definitions past the "+strconv.Itoa(maxSchemaNodes)+" schemas promptlint expands")
		case o.opaque == nestedTooDeeply || n.opaque == nestedTooDeeply:
			c.unknown = append(c.unknown, where+" is nested deeper than the "+strconv.Itoa(maxSchemaDepth)+" levels promptlint compares")
		default:
			c.unknown = append(c.unknown, where+" uses schema combinators promptlint does not compare (anyOf, oneOf, allOf, ...)")
		}
	}
	// Types: the new ones must be among the old ones.
	if len(o.types) > 0 {
		if len(n.types) == 0 {
			c.breaking = append(c.breaking, where+" may now be of any type")
		} else {
			var added []string
			for _, t := range slices.Sorted(maps.Keys(n.types)) {
				if !o.types[t] && !(t == "integer" && o.types["number"]) {
					added = append(added, t)
				}
			}
			if len(added) > 0 {
				c.breaking = append(c.breaking, fmt.Sprintf("%s may now be %s (was %s)", where, strings.Join(added, " or "), strings.Join(slices.Sorted(maps.Keys(o.types)), " or ")))
			} else if len(n.types) < len(o.types) {
				c.compatible = append(c.compatible, where+" allows fewer types")
			}
		}
	} else if len(n.types) > 0 {
		c.compatible = append(c.compatible, where+" is now typed")
	}
	// Values.
	switch {
	case o.enum != nil && n.enum == nil:
		c.breaking = append(c.breaking, where+" is no longer limited to "+valueList(o.enum))
	case o.enum != nil:
		var added []string
		for _, v := range n.enum {
			if !contains(o.enum, v) {
				added = append(added, v)
			}
		}
		if len(added) > 0 {
			c.breaking = append(c.breaking, where+" may now be "+valueList(added))
		} else if len(n.enum) < len(o.enum) {
			c.compatible = append(c.compatible, where+" allows fewer values")
		}
	case n.enum != nil:
		c.compatible = append(c.compatible, where+" is now limited to "+valueList(n.enum))
	}
	c.compareLimits(o, n, where)
	// Fields.
	prefix := at
	if prefix != "" {
		prefix += "."
	}
	for _, name := range slices.Sorted(maps.Keys(o.props)) {
		np, ok := n.props[name]
		field := strconv.Quote(prefix + name)
		switch {
		case !ok:
			c.breaking = append(c.breaking, "field "+field+" removed")
			continue
		case o.required[name] && !n.required[name]:
			c.breaking = append(c.breaking, "field "+field+" is no longer always returned")
		case !o.required[name] && n.required[name]:
			c.compatible = append(c.compatible, "field "+field+" is now always returned")
		}
		c.compare(o.props[name], np, prefix+name, depth+1)
	}
	for _, name := range slices.Sorted(maps.Keys(n.props)) {
		if _, ok := o.props[name]; !ok {
			c.compatible = append(c.compatible, "field "+strconv.Quote(prefix+name)+" added")
		}
	}
	switch {
	case o.extra == nil && n.extra != nil:
		c.compatible = append(c.compatible, where+" admits fields it does not list")
	case o.extra != nil && n.extra == nil:
		c.compatible = append(c.compatible, where+" no longer admits fields it does not list")
	case o.extra != nil:
		c.compare(o.extra, n.extra, prefix+"*", depth+1)
	}
	// Items.
	switch {
	case o.items != nil && n.items == nil:
		c.breaking = append(c.breaking, "the items of "+where+" may now be anything")
	case o.items == nil && n.items != nil:
		c.compatible = append(c.compatible, "the items of "+where+" are now described")
	case o.items != nil:
		c.compare(o.items, n.items, at+"[]", depth+1)
	}
	if o.desc != n.desc {
		c.wording = append(c.wording, "the description of "+where+" changed")
	}
}

// compareLimits compares constraints such as minimum and maxLength: a
// bound relaxed or removed is breaking, one tightened or added is not.
func (c *schemaChange) compareLimits(o, n *schema, where string) {
	for _, k := range slices.Sorted(maps.Keys(unionKeys(o.limits, n.limits))) {
		ov, hadOld := o.limits[k]
		nv, hasNew := n.limits[k]
		switch {
		case !hadOld:
			c.compatible = append(c.compatible, where+" gained "+k+" "+valueText(nv))
		case !hasNew:
			c.breaking = append(c.breaking, where+" lost "+k+" "+valueText(ov))
		case canonicalJSON(ov) == canonicalJSON(nv):
		default:
			of, ok1 := number(ov)
			nf, ok2 := number(nv)
			relaxed := true
			switch kind := limitKeys[k]; {
			case ok1 && ok2 && kind == "lower":
				relaxed = nf < of
			case ok1 && ok2 && kind == "upper":
				relaxed = nf > of
			}
			text := where + " " + k + " changed from " + valueText(ov) + " to " + valueText(nv)
			if relaxed {
				c.breaking = append(c.breaking, text)
			} else {
				c.compatible = append(c.compatible, text)
			}
		}
	}
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x)
	}
	return 0, false
}

func refNames(o, n *schema) string {
	name := func(s *schema) string {
		if s.ref != "" {
			return strconv.Quote(s.ref)
		}
		return "an inline schema"
	}
	return name(o) + " → " + name(n)
}

// canonicalJSON writes a decoded YAML or JSON value as JSON with sorted
// keys, for comparison and for messages.
func canonicalJSON(v any) string {
	b, err := json.Marshal(template.JSONValue(v))
	if err != nil {
		return strconv.Quote(fmt.Sprint(v))
	}
	return string(b)
}

// canonicalSet returns the canonical JSON of each value, sorted and
// without repeats (never nil).
func canonicalSet(list []any) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, v := range list {
		c := canonicalJSON(v)
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

func decodeAll(canon []string) []any {
	out := make([]any, 0, len(canon))
	for _, c := range canon {
		var v any
		if json.Unmarshal([]byte(c), &v) == nil {
			out = append(out, v)
		}
	}
	return out
}

// maxValueText is the longest value quoted in a message.
const maxValueText = 60

// valueText formats a decoded YAML or JSON value for a message: strings
// quoted, null as null, numbers and booleans as written, lists and
// mappings as compact JSON; never Go's own formatting (<nil>, map[...]).
// Long values are cut with an ellipsis.
func valueText(v any) string {
	var s string
	switch x := v.(type) {
	case string:
		if len([]rune(x)) > maxValueText {
			x = string([]rune(x)[:maxValueText]) + "…"
		}
		return strconv.Quote(x)
	default:
		s = canonicalJSON(x)
	}
	if r := []rune(s); len(r) > maxValueText {
		s = string(r[:maxValueText]) + "…"
	}
	return s
}

// valueList formats canonical JSON values for a message, at most five.
func valueList(canon []string) string {
	if len(canon) == 0 {
		return "no value"
	}
	shown := canon
	more := ""
	if len(shown) > 5 {
		shown, more = shown[:5], fmt.Sprintf(" and %d more", len(canon)-5)
	}
	return strings.Join(shown, ", ") + more
}
