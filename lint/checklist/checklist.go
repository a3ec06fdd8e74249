// Package checklist holds the pieces of the production checklist that do
// not depend on the lint engine: the statistics behind the A/B evidence,
// the readers of the evaluation, metrics and monitoring blocks of a prompt
// file, the PR body parser (task-list checkboxes and sections), review and
// commit-message judgements, and the PR template `promptlint init` writes.
//
// Everything here works on plain Go values (strings, numbers, the decoded
// YAML or JSON of a prompt file), so the engine in package lint can call it
// without this package knowing the engine's types.
package checklist

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// asMap returns v as a map with string keys, accepting the two shapes
// decoders produce: map[string]any (JSON, yaml.v3) and map[any]any (YAML
// with non-string keys).
func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, val := range m {
			out[fmt.Sprint(k)] = val
		}
		return out, true
	}
	return nil, false
}

// number converts a decoded YAML or JSON value to a finite float64. Strings
// holding a number are accepted; key names the value in the error.
func number(key string, v any) (float64, error) {
	var f float64
	switch n := v.(type) {
	case nil:
		return 0, fmt.Errorf("%s is missing", key)
	case int:
		f = float64(n)
	case int8:
		f = float64(n)
	case int16:
		f = float64(n)
	case int32:
		f = float64(n)
	case int64:
		f = float64(n)
	case uint:
		f = float64(n)
	case uint8:
		f = float64(n)
	case uint16:
		f = float64(n)
	case uint32:
		f = float64(n)
	case uint64:
		f = float64(n)
	case float32:
		f = float64(n)
	case float64:
		f = n
	case json.Number:
		x, err := n.Float64()
		if err != nil {
			return 0, fmt.Errorf("%s: %q is not a number", key, n.String())
		}
		f = x
	case string:
		x, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %q is not a number", key, n)
		}
		f = x
	default:
		return 0, fmt.Errorf("%s: %s is not a number", key, describe(v))
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s: %v is not a finite number", key, f)
	}
	return f, nil
}

// count converts a decoded value to a non-negative whole number.
func count(key string, v any) (int, error) {
	f, err := number(key, v)
	if err != nil {
		return 0, err
	}
	if f < 0 {
		return 0, fmt.Errorf("%s: %v is negative", key, f)
	}
	if f != math.Trunc(f) {
		return 0, fmt.Errorf("%s: %v is not a whole number", key, f)
	}
	if f > 1<<53 {
		return 0, fmt.Errorf("%s: %v is too large", key, f)
	}
	return int(f), nil
}

// formatNumber writes f in its shortest form: 4.1, 2, 0.7.
func formatNumber(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// describe names a decoded YAML value in a message without Go's
// formatting: null, a mapping, a list, or the quoted text.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.Quote(strconv.FormatBool(x))
	case string:
		return strconv.Quote(x)
	case map[string]any, map[any]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return strconv.Quote(fmt.Sprint(v))
}
