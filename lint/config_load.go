package lint

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxConfigSize is the largest config file read.
const maxConfigSize = 1 << 20

// maxConfigNodes bounds the nodes a config is walked through, aliases
// expanded: a config can come from an untrusted pull request.
const maxConfigNodes = 200000

// fieldError is a bad value in a config, at the dotted path of its key
// (naming.variables, environments.staging.requires[1]); LoadConfig and
// Apply turn the path into the file's line and column.
type fieldError struct {
	path string // the setting, shown before the message; "" for none
	msg  string
	// at is the path whose position the error points at when it is not
	// path, and key says to point at the key rather than its value (an
	// unknown key, a rule id).
	at  string
	key bool
}

func (e *fieldError) Error() string {
	if e.path == "" {
		return e.msg
	}
	return e.path + ": " + e.msg
}

// fieldErrorf returns a fieldError.
func fieldErrorf(path, format string, args ...any) error {
	return &fieldError{path: path, msg: fmt.Sprintf(format, args...)}
}

// configSource is where a loaded config came from: its file name and the
// position of every key and value, by dotted path.
type configSource struct {
	name   string
	values map[string]Pos // path -> position of the value
	keys   map[string]Pos // path -> position of the key
}

// at returns "name:line:col" for a path of the config, falling back to
// its parents' positions, or the name alone.
func (s *configSource) at(path string, key bool) string {
	if s == nil {
		return ""
	}
	for p := path; ; {
		m := s.values
		if key {
			m = s.keys
		}
		if pos, ok := m[p]; ok && pos.IsValid() {
			return fmt.Sprintf("%s:%d:%d", s.name, pos.Line, pos.Col)
		}
		if pos, ok := s.values[p]; ok && pos.IsValid() {
			return fmt.Sprintf("%s:%d:%d", s.name, pos.Line, pos.Col)
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return s.name
		}
		p = p[:i]
	}
}

// usage turns an error of the config into a usage error that names the
// file, line and column.
func (s *configSource) usage(err error) error {
	fe, ok := err.(*fieldError)
	switch {
	case s == nil:
		return &UsageError{Err: err}
	case !ok:
		return &UsageError{Err: fmt.Errorf("%s: %w", s.name, err)}
	}
	at := fe.at
	if at == "" {
		at = fe.path
	}
	return &UsageError{Err: fmt.Errorf("%s: %s", s.at(at, fe.key), fe.Error())}
}

// configWalker checks a config's YAML against the fields of Config,
// recording positions as it goes.
type configWalker struct {
	src   *configSource
	nodes int
}

// join appends a key to a dotted path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// yamlFields returns the YAML keys of a struct type and their types,
// skipping fields tagged "-".
func yamlFields(t reflect.Type) (map[string]reflect.Type, []string) {
	fields := map[string]reflect.Type{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || name == "" || !f.IsExported() {
			continue
		}
		fields[name] = f.Type
		names = append(names, name)
	}
	return fields, names
}

// walk checks node n against type t at path: unknown keys (with a
// suggestion), and a mapping, list or value where the type wants one.
func (w *configWalker) walk(n *yaml.Node, t reflect.Type, path string) error {
	w.nodes++
	if w.nodes > maxConfigNodes {
		return fieldErrorf(path, "the config expands to more than %d values (YAML aliases?)", maxConfigNodes)
	}
	n = resolve(n)
	if n == nil {
		return nil
	}
	w.src.values[path] = nodePos(n)
	if isNull(n) {
		return nil // the default stays
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return fieldErrorf(path, "want a mapping of settings, not %s", kindName(n))
		}
		fields, names := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				where := ""
				if path != "" {
					where = " in " + path
				}
				w.src.keys[join(path, k.Value)] = nodePos(k)
				return &fieldError{msg: fmt.Sprintf("unknown key %q%s%s", k.Value, where, DidYouMean(k.Value, names)), at: join(path, k.Value), key: true}
			}
			w.src.keys[join(path, k.Value)] = nodePos(k)
			if err := w.walk(v, ft, join(path, k.Value)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return fieldErrorf(path, "want a mapping, not %s", kindName(n))
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			w.src.keys[join(path, k.Value)] = nodePos(k)
			if err := w.walk(v, t.Elem(), join(path, k.Value)); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return fieldErrorf(path, "want a list, not %s", kindName(n))
		}
		for i, item := range n.Content {
			if err := w.walk(item, t.Elem(), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	default:
		if n.Kind != yaml.ScalarNode {
			return fieldErrorf(path, "want %s, not %s", scalarKind(t), kindName(n))
		}
		if ok := scalarFits(n, t); !ok {
			return fieldErrorf(path, "want %s, not %q", scalarKind(t), n.Value)
		}
	}
	return nil
}

// scalarKind names what a scalar field holds, for messages.
func scalarKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	}
	return "a string"
}

// scalarFits reports whether scalar n decodes into a value of type t.
func scalarFits(n *yaml.Node, t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int64:
		return n.ShortTag() == "!!int"
	case reflect.Float64:
		return n.ShortTag() == "!!int" || n.ShortTag() == "!!float"
	case reflect.Bool:
		return n.ShortTag() == "!!bool"
	}
	return true
}
