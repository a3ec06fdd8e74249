package lint

import (
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/promptlint/promptlint/lint/template"
)

// readDotprompt reads a Dotprompt .prompt file: optional YAML front matter
// (name, version, description, model, config, input.schema in Picoschema
// or JSON Schema, input.default) and a Handlebars body, kept as one
// message. Lines of # comments before the front matter are skipped. A file
// named _name.prompt is a partial called name.
func (r *reader) readDotprompt() ([]*Prompt, error) {
	fm, root, err := r.frontMatterRoot(true)
	if err != nil {
		return nil, err
	}
	p := r.newPrompt(FormatDotprompt, template.Handlebars)
	if base := path.Base(r.path); strings.HasPrefix(base, "_") {
		p.Partial = true
		p.Name = strings.TrimPrefix(p.Name, "_")
	}
	if root != nil {
		if err := r.header(p, root, false); err != nil {
			return nil, err
		}
		r.environmentFromLabels(p)
		if err := r.model(p, root, "config"); err != nil {
			return nil, err
		}
		if err := r.dotpromptInput(p, root); err != nil {
			return nil, err
		}
	}
	addMessage(p, "", fm.body, verbatim(Pos{Line: fm.bodyLine, Col: 1}))
	return []*Prompt{p}, nil
}

// dotpromptInput reads input.schema and input.default.
func (r *reader) dotpromptInput(p *Prompt, root *yaml.Node) error {
	_, in := mapGet(root, "input")
	if in == nil || in.Kind != yaml.MappingNode {
		return nil
	}
	if _, schema := mapGet(in, "schema"); schema != nil && schema.Kind == yaml.MappingNode {
		p.Declares = true
		if isJSONSchema(schema) {
			r.jsonSchemaVars(p, schema)
		} else {
			r.picoschemaVars(p, schema)
		}
	}
	_, defs := mapGet(in, "default")
	if defs == nil || defs.Kind != yaml.MappingNode {
		return nil
	}
	p.Declares = true
	for i := 0; i+1 < len(defs.Content); i += 2 {
		k := defs.Content[i]
		d, err := r.value(defs.Content[i+1])
		if err != nil {
			return err
		}
		v := p.Variable(k.Value)
		if v == nil {
			p.Variables = append(p.Variables, Variable{Name: k.Value, Pos: nodePos(k)})
			v = &p.Variables[len(p.Variables)-1]
		}
		v.Default, v.HasDefault, v.Required = d, true, false
	}
	return nil
}

// isJSONSchema tells a JSON Schema object from Picoschema, as Dotprompt
// does: a `properties` mapping or `type: object` at the top.
func isJSONSchema(n *yaml.Node) bool {
	if _, props := mapGet(n, "properties"); props != nil && props.Kind == yaml.MappingNode {
		return true
	}
	_, t := mapGet(n, "type")
	s, _ := scalar(t)
	return s == "object"
}

// jsonSchemaVars declares the properties of a JSON Schema object; those
// in `required` are required.
func (r *reader) jsonSchemaVars(p *Prompt, schema *yaml.Node) {
	required := map[string]bool{}
	if _, req := mapGet(schema, "required"); req != nil {
		for _, s := range scalarList(req) {
			required[s] = true
		}
	}
	_, props := mapGet(schema, "properties")
	if props == nil || props.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(props.Content); i += 2 {
		k, v := props.Content[i], resolve(props.Content[i+1])
		vr := Variable{Name: k.Value, Pos: nodePos(k), Required: required[k.Value]}
		if v.Kind == yaml.MappingNode {
			if _, t := mapGet(v, "type"); t != nil {
				vr.Type, _ = scalar(t)
			}
			if _, d := mapGet(v, "description"); d != nil {
				vr.Description, _ = scalar(d)
			}
			if k, d := mapGet(v, "default"); k != nil {
				if val, err := r.value(d); err == nil {
					vr.Default, vr.HasDefault = val, true
				}
			}
		} else if s, ok := scalar(v); ok {
			vr.Type, vr.Description = picoType(s)
		}
		p.Variables = append(p.Variables, vr)
	}
}

// picoschemaVars declares the fields of a Picoschema object: `name` is
// required, `name?` optional, `name(type, description)` carries its type
// in parentheses, and `(*)` (any other field) declares nothing.
func (r *reader) picoschemaVars(p *Prompt, schema *yaml.Node) {
	for i := 0; i+1 < len(schema.Content); i += 2 {
		k, v := schema.Content[i], resolve(schema.Content[i+1])
		name, typ, desc, optional := parsePicoKey(k.Value)
		if name == "" {
			p.OpenInputs = true // (*): any other field, not a variable
			continue
		}
		vr := Variable{Name: name, Pos: nodePos(k), Required: !optional, Type: typ, Description: desc}
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

// parsePicoKey splits a Picoschema key: "name?", "items(array, the list)",
// "(*)".
func parsePicoKey(key string) (name, typ, desc string, optional bool) {
	name = strings.TrimSpace(key)
	if i := strings.IndexByte(name, '('); i >= 0 {
		inner := strings.TrimSuffix(name[i+1:], ")")
		name = strings.TrimSpace(name[:i])
		typ, desc, _ = strings.Cut(inner, ",")
		typ, desc = strings.TrimSpace(typ), strings.TrimSpace(desc)
	}
	if strings.HasSuffix(name, "?") {
		name, optional = strings.TrimSuffix(name, "?"), true
	}
	if name == "*" {
		name = ""
	}
	return name, typ, desc, optional
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
