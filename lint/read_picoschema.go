package lint

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Dotprompt's schemas, read as its reference library (npm dotprompt) reads
// them, and checked where the library would fail at render time or build
// a schema nobody meant.
//
// A schema is JSON Schema when its top-level `type` is a JSON Schema type
// (any, boolean, integer, null, number, string, object, array) or it has a
// `properties` key; a string is a scalar type or the name of a schema the
// application registers; otherwise it is Picoschema: a mapping whose keys
// are `name`, `name?` (optional), `name(object)`, `name(array)` or
// `name(enum)`, optionally with `, description` inside the parentheses,
// and `(*)` for any other field. A field's value is a type string
// ("string, a description"), a mapping of fields (an object), or for
// (enum) a list of values.
//
// Where promptlint accepts more than the library: white space around
// types and descriptions is trimmed (`items(array , the list)`, `string ,
// desc`), and `string[]` is an array of strings.

// picoScalarTypes are Picoschema's scalar types.
var picoScalarTypes = map[string]bool{"any": true, "boolean": true, "integer": true, "null": true, "number": true, "string": true}

// jsonSchemaTypes are the top-level types that mark a JSON Schema.
var jsonSchemaTypes = map[string]bool{"any": true, "boolean": true, "integer": true, "null": true, "number": true, "string": true, "object": true, "array": true}

// schemaKind says how a Dotprompt schema is written.
type schemaKind int

const (
	schemaNone   schemaKind = iota // absent or null
	schemaPico                     // a Picoschema mapping of fields
	schemaJSON                     // a JSON Schema object
	schemaScalar                   // a scalar type such as "string"
	schemaNamed                    // the name of a schema the application registers
)

// classifySchema tells how schema n is written, as the library decides it.
func classifySchema(n *yaml.Node) schemaKind {
	n = resolve(n)
	if isNull(n) {
		return schemaNone
	}
	if n.Kind == yaml.ScalarNode {
		if s, ok := scalarValue12(n).(string); ok {
			if picoScalarTypes[baseType(s)] && !strings.Contains(s, "[]") {
				return schemaScalar
			}
			return schemaNamed
		}
		return schemaPico // not a string: invalid, reported by checkPicoschema
	}
	if n.Kind != yaml.MappingNode {
		return schemaPico
	}
	if _, t := mapGet(n, "type"); t != nil {
		if s, ok := scalarValue12(t).(string); ok && t.Kind == yaml.ScalarNode && jsonSchemaTypes[s] {
			return schemaJSON
		}
	}
	// The library tests typeof properties === "object": a mapping, a list
	// or null.
	if k, props := mapGet(n, "properties"); k != nil && (props == nil || props.Kind != yaml.ScalarNode || isNull(props)) {
		return schemaJSON
	}
	return schemaPico
}

// checkSchema reports what makes the library reject schema n (the value
// of input.schema or output.schema, named key in messages).
func (r *reader) checkSchema(key string, n *yaml.Node) error {
	n = resolve(n)
	switch classifySchema(n) {
	case schemaNone, schemaJSON, schemaScalar:
		return nil
	case schemaNamed:
		s, _ := scalar(n)
		return r.checkTypeName(n, s)
	}
	if n.Kind != yaml.MappingNode {
		return r.errorf(nodePos(n), "%s is %s; want a mapping of Picoschema fields, a JSON Schema or a schema name", key, kindName(n))
	}
	return r.checkPicoObject(n, 0)
}

// checkPicoObject checks the fields of a Picoschema object.
func (r *reader) checkPicoObject(n *yaml.Node, depth int) error {
	if depth > 100 {
		return r.errorf(nodePos(n), "Picoschema is nested too deeply")
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		key, _ := scalar(k)
		if k.Kind != yaml.ScalarNode {
			return r.errorf(nodePos(k), "Picoschema field name is %s, want a name such as topic or topic?", kindName(k))
		}
		if key == "(*)" {
			if err := r.checkPicoValue(v, "", depth); err != nil {
				return err
			}
			continue
		}
		f, err := r.picoKey(k)
		if err != nil {
			return err
		}
		if first := seen[f.name]; first != nil {
			return r.errorf(nodePos(k), "Picoschema field %q is declared twice (first at line %d); remove one", f.name, first.Line)
		}
		seen[f.name] = k
		if err := r.checkPicoValue(v, f.typ, depth); err != nil {
			return err
		}
	}
	return nil
}

// picoKeyInfo is a Picoschema key taken apart.
type picoKeyInfo struct {
	name     string // the field name, without "?" and parentheses
	optional bool   // name?
	typ      string // object, array or enum from the parentheses, or ""
	desc     string // the description in the parentheses
}

// picoKey reads and checks a Picoschema key: "name", "name?",
// "name(array, a description)". The wildcard "(*)" is not a field.
func (r *reader) picoKey(k *yaml.Node) (picoKeyInfo, error) {
	key, _ := scalar(k)
	name, paren, hasParen := strings.Cut(key, "(")
	var f picoKeyInfo
	if hasParen {
		inner, ok := strings.CutSuffix(paren, ")")
		if !ok || strings.ContainsAny(inner, "()") {
			return f, r.errorf(nodePos(k), "Picoschema key %q has an unclosed or nested parenthesis; write name(type, description)", key)
		}
		typ, desc, _ := strings.Cut(inner, ",")
		f.typ, f.desc = strings.TrimSpace(typ), strings.TrimSpace(desc)
		switch f.typ {
		case "object", "array", "enum":
		default:
			return f, r.errorf(nodePos(k), "Picoschema type in parentheses is %q; only object, array and enum go there (write %s: %s)", f.typ, strings.TrimSpace(name), f.typ)
		}
	}
	f.name, f.optional = strings.CutSuffix(name, "?")
	if strings.TrimSpace(f.name) == "" {
		return f, r.errorf(nodePos(k), "Picoschema key %q has no field name", key)
	}
	if strings.ContainsAny(f.name, " \t") {
		return f, r.errorf(nodePos(k), "Picoschema field name %q has white space in it; Dotprompt keeps it as part of the name, which no template can use", f.name)
	}
	return f, nil
}

// checkPicoValue checks the value of a field whose parenthetical type is
// typ ("" when none).
func (r *reader) checkPicoValue(v *yaml.Node, typ string, depth int) error {
	if typ == "enum" {
		if v.Kind != yaml.SequenceNode {
			return r.errorf(nodePos(v), "(enum) field is %s; want a list of values such as [low, high]", kindName(v))
		}
		return nil
	}
	switch v.Kind {
	case yaml.MappingNode:
		return r.checkPicoObject(v, depth+1)
	case yaml.SequenceNode:
		return r.errorf(nodePos(v), "Picoschema field is a list; a list of allowed values needs (enum) after the name, as in status(enum): [open, closed]")
	case yaml.ScalarNode:
		if isNull(v) {
			return nil // the library reads an empty value as an object without fields
		}
		s, ok := scalarValue12(v).(string)
		if !ok {
			return r.errorf(nodePos(v), "Picoschema field is %s; want a type such as string, a mapping of fields, or a list under (enum)", kindName(v))
		}
		return r.checkTypeName(v, s)
	}
	return nil
}

// checkTypeName checks a type string "type, description": a scalar type,
// its [] array form, or a schema name, which starts with an upper-case
// letter by convention (Invoice); anything else is a misspelled type.
func (r *reader) checkTypeName(n *yaml.Node, s string) error {
	typ := baseType(s)
	if picoScalarTypes[typ] || typ != "" && typ[0] >= 'A' && typ[0] <= 'Z' {
		return nil
	}
	return r.errorf(nodePos(n), "unknown Picoschema type %q; want any, boolean, integer, null, number or string, or the name of a registered schema such as Invoice", typ)
}

// picoschemaVars declares the fields of a Picoschema object: `name` is
// required, `name?` optional, `name(type, description)` carries its type
// in parentheses, and `(*)` (any other field) declares nothing but opens
// the inputs. checkSchema has accepted the schema.
func (r *reader) picoschemaVars(p *Prompt, schema *yaml.Node) {
	for i := 0; i+1 < len(schema.Content); i += 2 {
		k, v := schema.Content[i], resolve(schema.Content[i+1])
		if key, _ := scalar(k); key == "(*)" {
			p.OpenInputs = true
			continue
		}
		f, err := r.picoKey(k)
		if err != nil {
			continue
		}
		vr := Variable{Name: f.name, Pos: nodePos(k), Required: !f.optional, Type: f.typ, Description: f.desc}
		switch v.Kind {
		case yaml.ScalarNode:
			if s, _ := scalar(v); s != "" {
				t, d := picoType(s)
				if vr.Type == "" { // else s is the type of the items
					vr.Type = t
				}
				if vr.Description == "" {
					vr.Description = d
				}
			}
		case yaml.MappingNode:
			if vr.Type == "" {
				vr.Type = "object"
			}
		case yaml.SequenceNode:
			if vr.Type == "" {
				vr.Type = "enum"
			}
		}
		p.Variables = append(p.Variables, vr)
	}
}

// picoType splits a Picoschema scalar "type, description"; "string[]"
// is an array.
func picoType(s string) (typ, desc string) {
	typ, desc, _ = strings.Cut(s, ",")
	typ, desc = strings.TrimSpace(typ), strings.TrimSpace(desc)
	if strings.HasSuffix(typ, "[]") {
		typ = "array"
	}
	return typ, desc
}

// baseType is the type of a type string "type, description" with white
// space and an array suffix ("string[]") removed.
func baseType(s string) string {
	typ, _, _ := strings.Cut(s, ",")
	return strings.TrimSuffix(strings.TrimSpace(typ), "[]")
}
