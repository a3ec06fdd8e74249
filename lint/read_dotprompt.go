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

// dotpromptInput reads input.schema and input.default, and checks
// input.schema and output.schema as the reference library reads them.
func (r *reader) dotpromptInput(p *Prompt, root *yaml.Node) error {
	if _, out := mapGet(root, "output"); out != nil && out.Kind == yaml.MappingNode {
		if _, schema := mapGet(out, "schema"); schema != nil {
			if err := r.checkSchema("output.schema", schema); err != nil {
				return err
			}
		}
	}
	_, in := mapGet(root, "input")
	if in == nil || in.Kind != yaml.MappingNode {
		return nil
	}
	if _, schema := mapGet(in, "schema"); schema != nil {
		if err := r.checkSchema("input.schema", schema); err != nil {
			return err
		}
		switch classifySchema(schema) {
		case schemaPico:
			p.Declares = true
			r.picoschemaVars(p, schema)
		case schemaJSON:
			p.Declares = true
			r.jsonSchemaVars(p, schema)
		case schemaScalar, schemaNamed:
			// One value, or a schema promptlint cannot see: the template's
			// names cannot be checked against it.
			p.Declares, p.OpenInputs = true, true
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

// jsonSchemaVars declares the properties of a JSON Schema object; those
// in `required` are required. A schema without properties (an array, a
// string) admits names promptlint cannot list.
func (r *reader) jsonSchemaVars(p *Prompt, schema *yaml.Node) {
	required := map[string]bool{}
	if _, req := mapGet(schema, "required"); req != nil {
		for _, s := range scalarList(req) {
			required[s] = true
		}
	}
	_, props := mapGet(schema, "properties")
	if props == nil || props.Kind != yaml.MappingNode {
		p.OpenInputs = true
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
