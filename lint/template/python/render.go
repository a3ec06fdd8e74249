package python

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/promptlint/promptlint/lint/template"
)

// Render fills a str.format template from data, as
// template.format(**data) does. A missing key is an error, like Python's
// KeyError.
func Render(text string, data map[string]any) (string, error) {
	return Compile(text)(data)
}

// Compile scans text once and returns a function that renders it with
// data, as Render does. A render stops at its first error, as Python's
// does, so a template of many fields costs a row without them little.
func Compile(text string) func(data map[string]any) (string, error) {
	if r := Scan(text); len(r.Errors) > 0 {
		err := fmt.Errorf("python format: %w", r.Errors[0])
		return func(map[string]any) (string, error) { return "", err }
	}
	return func(data map[string]any) (string, error) { return render(text, data) }
}

// render fills text, which scans without errors, from data.
func render(text string, data map[string]any) (string, error) {
	var b strings.Builder
	var err error
	var p *scanner
	p = &scanner{text: text}
	p.onText = func(s string) { b.WriteString(s) }
	var budget template.Budget
	p.onField = func(f replField, depth int) {
		if err == nil {
			err = budget.Check(&b)
		}
		if err == nil {
			var s string
			s, err = p.renderField(f, data)
			b.WriteString(s)
		}
		p.stop = err != nil
	}
	p.markup(0, len(text), maxDepth)
	if err != nil {
		return "", err
	}
	return b.String(), nil
}

// renderField formats one field; nested spec fields are rendered first.
func (p *scanner) renderField(f replField, data map[string]any) (string, error) {
	v, err := lookup(f.name, data)
	if err != nil {
		return "", err
	}
	spec := f.spec
	if f.specFields {
		spec, err = Render(f.spec, data)
		if err != nil {
			return "", fmt.Errorf("format spec of field %q: %w", f.name, err)
		}
	}
	switch f.conv {
	case 'r', 'a':
		v = Repr(v)
	case 's':
		v = Str(v)
	}
	s, err := formatValue(v, spec)
	if err != nil {
		return "", fmt.Errorf("field %q: %w", f.name, err)
	}
	return s, nil
}

// lookup resolves a field name ("user[0]", "cfg[key]") against data.
func lookup(name string, data map[string]any) (any, error) {
	k := strings.IndexAny(name, ".[")
	if k < 0 {
		k = len(name)
	}
	v, ok := data[name[:k]]
	if !ok {
		return nil, fmt.Errorf("missing value for %q (python raises KeyError)", name[:k])
	}
	rest := name[k:]
	for rest != "" {
		if rest[0] == '.' {
			e := strings.IndexAny(rest[1:], ".[")
			if e < 0 {
				e = len(rest) - 1
			}
			return nil, fmt.Errorf("field %q reads attribute %q, which python does not find on plain data; use %q", name, rest[1:1+e], "["+rest[1:1+e]+"]")
		}
		e := strings.IndexByte(rest, ']')
		key := rest[1:e]
		rest = rest[e+1:]
		switch c := v.(type) {
		case map[string]any:
			x, ok := c[key]
			if !ok {
				return nil, fmt.Errorf("field %q: key %q not found", name, key)
			}
			v = x
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(c) {
				return nil, fmt.Errorf("field %q: index %q out of range", name, key)
			}
			v = c[i]
		default:
			return nil, fmt.Errorf("field %q: %s value cannot be indexed", name, TypeName(v))
		}
	}
	return v, nil
}
