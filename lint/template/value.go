package template

import (
	"fmt"
	"strings"
)

// The values renderers substitute are decoded YAML or JSON: strings,
// numbers, booleans, nil, []any, map[string]any (map[any]any from some
// decoders).

// WriteValue writes a value substituted as plain text, as GitHub's and VS
// Code's substitution does: a string as is, anything else in its default
// form.
func WriteValue(b *strings.Builder, v any) {
	if s, ok := v.(string); ok {
		b.WriteString(s)
		return
	}
	fmt.Fprintf(b, "%v", v)
}

// Number returns the value of a decoded YAML/JSON number as a float64;
// ok is false for any other value.
func Number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// JSONValue converts YAML-decoded values (map[any]any) for encoding/json.
func JSONValue(v any) any {
	switch x := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = JSONValue(e)
		}
		return m
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = JSONValue(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = JSONValue(e)
		}
		return out
	}
	return v
}
