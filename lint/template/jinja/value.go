package jinja

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/promptlint/promptlint/lint/template"
	"github.com/promptlint/promptlint/lint/template/python"
)

// Values in a render are Python's: comparison, equality, truthiness, str()
// and json.dumps of decoded YAML/JSON data.

func compareOp(op string, l, r any) (bool, error) {
	switch op {
	case "==":
		return equal(l, r), nil
	case "!=":
		return !equal(l, r), nil
	case "in", "notin":
		var in bool
		switch c := r.(type) {
		case string:
			in = strings.Contains(c, toString(l))
		case []any:
			for _, e := range c {
				if equal(e, l) {
					in = true
					break
				}
			}
		case map[string]any:
			_, in = c[toString(l)]
		default:
			return false, fmt.Errorf("argument of type %s is not iterable", python.TypeName(r))
		}
		return in == (op == "in"), nil
	}
	lf, lNum := template.Number(l)
	rf, rNum := template.Number(r)
	var c int
	switch {
	case lNum && rNum:
		c = cmpFloat(lf, rf)
	default:
		ls, ok1 := l.(string)
		rs, ok2 := r.(string)
		if !ok1 || !ok2 {
			return false, fmt.Errorf("%q not supported between %s and %s", op, python.TypeName(l), python.TypeName(r))
		}
		c = strings.Compare(ls, rs)
	}
	switch op {
	case "<":
		return c < 0, nil
	case "<=":
		return c <= 0, nil
	case ">":
		return c > 0, nil
	case ">=":
		return c >= 0, nil
	}
	return false, fmt.Errorf("unknown comparison %q", op)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func equal(a, b any) bool {
	if na, ok := template.Number(a); ok {
		if nb, ok := template.Number(b); ok {
			return na == nb
		}
	}
	if ba, ok := a.(bool); ok {
		bb, ok := b.(bool)
		return ok && ba == bb
	}
	return python.Repr(a) == python.Repr(b)
}

// truthy is Python truthiness; Undefined is false.
func truthy(v any) bool {
	switch x := v.(type) {
	case undefined, nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	if n, ok := template.Number(v); ok {
		return n != 0
	}
	return true
}

// toString prints a value as Jinja does (Python str; Undefined is empty).
func toString(v any) string {
	switch x := v.(type) {
	case undefined:
		return ""
	case *loopValue:
		return "<LoopContext>"
	case *macroValue:
		return "<Macro " + x.m.name + ">"
	}
	return python.Str(v)
}

// jsonMarshalSorted writes v as Python's json.dumps(v, sort_keys=True)
// does, with the HTML-safe escapes of Jinja's tojson filter.
func jsonMarshalSorted(v any) (string, error) {
	var b strings.Builder
	if err := writeJSON(&b, v); err != nil {
		return "", err
	}
	return jsonEscaper.Replace(b.String()), nil
}

// jsonEscaper is the tojson filter's HTML-safe escaping, built once.
var jsonEscaper = strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`, "'", `\u0027`)

func writeJSON(b *strings.Builder, v any) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case string:
		out, err := json.Marshal(x)
		if err != nil {
			return err
		}
		b.Write(out)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeJSON(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			out, _ := json.Marshal(k)
			b.Write(out)
			b.WriteString(": ")
			if err := writeJSON(b, x[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		if f, ok := v.(float64); ok {
			b.WriteString(python.FloatRepr(f))
			return nil
		}
		if _, ok := template.Number(v); ok {
			fmt.Fprint(b, v)
			return nil
		}
		return fmt.Errorf("%s value is not JSON serializable", python.TypeName(v))
	}
	return nil
}
