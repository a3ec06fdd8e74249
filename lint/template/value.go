package template

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
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

// maxJSONDepth bounds the nesting JSONValue copies; deeper values are cut
// to "…". Readers bound nesting already; this keeps a message or a
// comparison of a pathological value small.
const maxJSONDepth = 64

// JSONValue converts a decoded YAML or JSON value into one encoding/json
// writes deterministically and without error, for the JSON report, for
// messages and comparisons (lint's canonical JSON) and for the renderers'
// json helpers: mapping keys become strings (a non-string key as its
// JSON text, never Go's formatting such as <nil> or map[...]), NaN and
// the infinities become the strings "NaN", "+Inf" and "-Inf", and nesting
// deeper than 64 levels is cut to "…".
func JSONValue(v any) any { return jsonValue(v, 0) }

func jsonValue(v any, depth int) any {
	if depth > maxJSONDepth {
		return "…"
	}
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = jsonValue(e, depth+1)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[jsonKey(k, depth)] = jsonValue(e, depth+1)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e, depth+1)
		}
		return out
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
	case float32:
		return jsonValue(float64(x), depth)
	}
	return v
}

// jsonKey is a mapping key of a decoded value as a JSON object key: a
// string as it is, anything else as its JSON text (null, 2, true,
// ["a","b"]).
func jsonKey(k any, depth int) string {
	if s, ok := k.(string); ok {
		return s
	}
	b, err := json.Marshal(jsonValue(k, depth+1))
	if err != nil {
		return strconv.Quote(fmt.Sprintf("%T", k))
	}
	return string(b)
}
