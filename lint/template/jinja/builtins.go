package jinja

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/promptlint/promptlint/lint/template"
	"github.com/promptlint/promptlint/lint/template/python"
)

// The builtins a template calls: the Python methods templates commonly
// use, and Jinja's default filters and tests.

// callMethod calls the few Python methods templates commonly use.
func callMethod(recv any, name string, args []any) (any, error) {
	switch x := recv.(type) {
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		switch name {
		case "items":
			out := make([]any, len(keys))
			for i, k := range keys {
				out[i] = []any{k, x[k]}
			}
			return out, nil
		case "keys":
			out := make([]any, len(keys))
			for i, k := range keys {
				out[i] = k
			}
			return out, nil
		case "values":
			out := make([]any, len(keys))
			for i, k := range keys {
				out[i] = x[k]
			}
			return out, nil
		case "get":
			if len(args) > 0 {
				if v, ok := x[toString(args[0])]; ok {
					return v, nil
				}
				if len(args) > 1 {
					return args[1], nil
				}
				return nil, nil
			}
		}
	case string:
		switch name {
		case "upper":
			return strings.ToUpper(x), nil
		case "lower":
			return strings.ToLower(x), nil
		case "strip":
			return strings.TrimSpace(x), nil
		case "startswith":
			if len(args) == 1 {
				return strings.HasPrefix(x, toString(args[0])), nil
			}
		case "endswith":
			if len(args) == 1 {
				return strings.HasSuffix(x, toString(args[0])), nil
			}
		case "split":
			var parts []string
			if len(args) == 0 {
				parts = strings.Fields(x)
			} else {
				parts = strings.Split(x, toString(args[0]))
			}
			out := make([]any, len(parts))
			for i, p := range parts {
				out[i] = p
			}
			return out, nil
		}
	case undefined:
		return nil, fmt.Errorf("%q is undefined", x.named())
	}
	return nil, fmt.Errorf("unsupported method %q on a %s value", name, python.TypeName(recv))
}

func (r *renderer) applyFilters(chain node, v any, s *renderScope) (any, error) {
	f, ok := chain.(*filterNode)
	if !ok {
		return v, nil
	}
	in := v
	if f.x != nil {
		var err error
		if in, err = r.applyFilters(f.x, v, s); err != nil {
			return nil, err
		}
	}
	return r.filter(f, in, s)
}

func (r *renderer) filter(f *filterNode, v any, s *renderScope) (any, error) {
	args, kw, err := r.args(&f.call, s)
	if err != nil {
		return nil, err
	}
	arg := func(i int, name string, def any) any {
		if i < len(args) {
			return args[i]
		}
		if x, ok := kw[name]; ok {
			return x
		}
		return def
	}
	_, undef := v.(undefined)
	switch f.name {
	case "default", "d":
		if undef || (truthy(arg(1, "boolean", false)) && !truthy(v)) {
			return arg(0, "default_value", ""), nil
		}
		return v, nil
	case "upper":
		return strings.ToUpper(toString(v)), nil
	case "lower":
		return strings.ToLower(toString(v)), nil
	case "trim":
		return strings.TrimSpace(toString(v)), nil
	case "capitalize":
		rs := []rune(strings.ToLower(toString(v)))
		if len(rs) > 0 {
			rs[0] = unicode.ToUpper(rs[0])
		}
		return string(rs), nil
	case "title":
		var b strings.Builder
		prev := false
		for _, c := range toString(v) {
			if unicode.IsLetter(c) || unicode.IsDigit(c) || c == '\'' {
				if prev {
					b.WriteRune(unicode.ToLower(c))
				} else {
					b.WriteRune(unicode.ToUpper(c))
				}
				prev = true
			} else {
				b.WriteRune(c)
				prev = false
			}
		}
		return b.String(), nil
	case "replace":
		n := -1
		if c, ok := arg(2, "count", nil).(int); ok {
			n = c
		}
		return strings.Replace(toString(v), toString(arg(0, "old", "")), toString(arg(1, "new", "")), n), nil
	case "string":
		return toString(v), nil
	case "length", "count":
		switch x := v.(type) {
		case string:
			return len([]rune(x)), nil
		case []any:
			return len(x), nil
		case map[string]any:
			return len(x), nil
		case undefined:
			return 0, nil
		}
		return nil, fmt.Errorf("filter %q: %s value has no length", f.name, python.TypeName(v))
	case "join":
		items, _ := iterable(v)
		attr, _ := arg(1, "attribute", nil).(string)
		parts := make([]string, len(items))
		for i, it := range items {
			if attr != "" {
				it, _ = getattr(it, attr)
			}
			parts[i] = toString(it)
		}
		return strings.Join(parts, toString(arg(0, "d", ""))), nil
	case "first", "last":
		items, _ := iterable(v)
		if len(items) == 0 {
			return undefined{}, nil
		}
		if f.name == "first" {
			return items[0], nil
		}
		return items[len(items)-1], nil
	case "list":
		items, _ := iterable(v)
		return items, nil
	case "int":
		switch x := v.(type) {
		case int:
			return x, nil
		case float64:
			return int(x), nil
		case bool:
			if x {
				return 1, nil
			}
			return 0, nil
		}
		var n int
		if _, err := fmt.Sscan(strings.TrimSpace(toString(v)), &n); err != nil {
			return arg(0, "default", 0), nil
		}
		return n, nil
	case "float":
		if n, ok := template.Number(v); ok {
			return n, nil
		}
		var x float64
		if _, err := fmt.Sscan(strings.TrimSpace(toString(v)), &x); err != nil {
			return arg(0, "default", 0.0), nil
		}
		return x, nil
	case "abs":
		if n, ok := v.(int); ok {
			if n < 0 {
				return -n, nil
			}
			return n, nil
		}
		if n, ok := template.Number(v); ok {
			return math.Abs(n), nil
		}
	case "round":
		n, ok := template.Number(v)
		if !ok {
			break
		}
		prec, _ := arg(0, "precision", 0).(int)
		p := math.Pow(10, float64(prec))
		return math.RoundToEven(n*p) / p, nil
	case "tojson":
		s, err := toJSON(v)
		return s, err
	case "sort", "unique":
		items, _ := iterable(v)
		out := append([]any(nil), items...)
		if f.name == "unique" {
			seen := map[string]bool{}
			out = out[:0]
			for _, it := range items {
				k := python.Repr(it)
				if !seen[k] {
					seen[k] = true
					out = append(out, it)
				}
			}
			return out, nil
		}
		sort.SliceStable(out, func(i, j int) bool { ok, _ := compareOp("<", out[i], out[j]); return ok })
		return out, nil
	default:
		return nil, fmt.Errorf("unsupported filter %q", f.name)
	}
	return nil, fmt.Errorf("filter %q cannot take a %s value", f.name, python.TypeName(v))
}

func toJSON(v any) (string, error) {
	switch x := v.(type) {
	case undefined:
		return "", fmt.Errorf("%q is undefined", x.named())
	}
	s, err := jsonMarshalSorted(template.JSONValue(v))
	return s, err
}

func (r *renderer) test(t *testNode, v any, s *renderScope) (bool, error) {
	args, _, err := r.args(&t.call, s)
	if err != nil {
		return false, err
	}
	_, undef := v.(undefined)
	switch t.name {
	case "defined":
		return !undef, nil
	case "undefined":
		return undef, nil
	case "none":
		return v == nil, nil
	case "string":
		_, ok := v.(string)
		return ok, nil
	case "number":
		_, ok := template.Number(v)
		return ok, nil
	case "mapping":
		_, ok := v.(map[string]any)
		return ok, nil
	case "sequence", "iterable":
		_, ok := iterable(v)
		return ok, nil
	case "true":
		return v == true, nil
	case "false":
		return v == false, nil
	case "even", "odd":
		n, ok := v.(int)
		return ok && (n%2 == 0) == (t.name == "even"), nil
	case "divisibleby":
		n, ok1 := v.(int)
		d, ok2 := firstArg(args).(int)
		return ok1 && ok2 && d != 0 && n%d == 0, nil
	case "eq", "equalto", "==", "sameas":
		return compareOp("==", v, firstArg(args))
	case "ne", "!=":
		return compareOp("!=", v, firstArg(args))
	case "in":
		return compareOp("in", v, firstArg(args))
	case "lower":
		str, ok := v.(string)
		return ok && str == strings.ToLower(str), nil
	case "upper":
		str, ok := v.(string)
		return ok && str == strings.ToUpper(str), nil
	}
	return false, fmt.Errorf("unsupported test %q", t.name)
}

func firstArg(args []any) any {
	if len(args) > 0 {
		return args[0]
	}
	return nil
}
