package python

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/promptlint/promptlint/lint/template"
)

// The format spec mini-language: [[fill]align][sign][z][#][0][width]
// [grouping][.precision][type], applied as format(v, spec) does.

// formatSpec is a parsed Python format spec.
type formatSpec struct {
	fill      rune
	align     byte
	sign      byte
	alt       bool
	zero      bool
	width     int
	grouping  byte
	precision int // -1 when absent
	typ       byte
}

// parseFormatSpec parses [[fill]align][sign][z][#][0][width][grouping][.precision][type].
func parseFormatSpec(spec string) (formatSpec, error) {
	ps := formatSpec{fill: ' ', precision: -1}
	s := spec
	isAlign := func(c byte) bool { return c == '<' || c == '>' || c == '^' || c == '=' }
	if r, size := utf8.DecodeRuneInString(s); size > 0 && size < len(s) && isAlign(s[size]) {
		ps.fill, ps.align, s = r, s[size], s[size+1:]
	} else if s != "" && isAlign(s[0]) {
		ps.align, s = s[0], s[1:]
	}
	if s != "" && (s[0] == '+' || s[0] == '-' || s[0] == ' ') {
		ps.sign, s = s[0], s[1:]
	}
	s = strings.TrimPrefix(s, "z")
	if s != "" && s[0] == '#' {
		ps.alt, s = true, s[1:]
	}
	if s != "" && s[0] == '0' {
		ps.zero, s = true, s[1:]
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n > 0 {
		ps.width, _ = strconv.Atoi(s[:n])
		if ps.width > template.MaxRenderOutput {
			ps.width = template.MaxRenderOutput + 1 // renders past the limit: refused below
		}
		s = s[n:]
	}
	if s != "" && (s[0] == ',' || s[0] == '_') {
		ps.grouping, s = s[0], s[1:]
	}
	if s != "" && s[0] == '.' {
		n = 1
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 1 {
			return ps, fmt.Errorf("format spec %q: missing precision after \".\"", spec)
		}
		ps.precision, _ = strconv.Atoi(s[1:n])
		s = s[n:]
	}
	if len(s) > 1 {
		return ps, fmt.Errorf("invalid format spec %q", spec)
	}
	if s != "" {
		ps.typ = s[0]
	}
	if ps.zero && ps.align == 0 {
		ps.fill, ps.align = '0', '='
	}
	return ps, nil
}

// formatValue applies a format spec to a value, as format(v, spec) does for
// str, int, float, bool and None.
func formatValue(v any, spec string) (string, error) {
	if spec == "" {
		return Str(v), nil
	}
	ps, err := parseFormatSpec(spec)
	if err != nil {
		return "", err
	}
	switch x := v.(type) {
	case string:
		if ps.typ != 0 && ps.typ != 's' {
			return "", fmt.Errorf("unknown format code %q for a string in spec %q", string(ps.typ), spec)
		}
		if ps.sign != 0 || ps.align == '=' {
			return "", fmt.Errorf("format spec %q: sign and \"=\" alignment are not allowed for a string", spec)
		}
		if ps.precision >= 0 && utf8.RuneCountInString(x) > ps.precision {
			x = string([]rune(x)[:ps.precision])
		}
		return padTo(x, "", ps, '<'), nil
	case bool:
		if x {
			return formatValue(1, spec)
		}
		return formatValue(0, spec)
	case int:
		return formatInt(int64(x), spec, ps)
	case int64:
		return formatInt(x, spec, ps)
	case float64:
		return formatFloat(x, spec, ps)
	}
	return "", fmt.Errorf("unsupported format string %q for a %s value", spec, TypeName(v))
}

func formatInt(n int64, spec string, ps formatSpec) (string, error) {
	var digits string
	u := n
	if u < 0 {
		u = -u
	}
	switch ps.typ {
	case 0, 'd', 'n':
		digits = strconv.FormatInt(u, 10)
	case 'b':
		digits = strconv.FormatInt(u, 2)
	case 'o':
		digits = strconv.FormatInt(u, 8)
	case 'x':
		digits = strconv.FormatInt(u, 16)
	case 'X':
		digits = strings.ToUpper(strconv.FormatInt(u, 16))
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		return formatFloat(float64(n), spec, ps)
	default:
		return "", fmt.Errorf("unknown format code %q for an int in spec %q", string(ps.typ), spec)
	}
	if ps.precision >= 0 {
		return "", fmt.Errorf("format spec %q: precision is not allowed for an int", spec)
	}
	if ps.grouping != 0 {
		digits = group(digits, ps.grouping)
	}
	prefix := signPrefix(n < 0, ps.sign)
	if ps.alt && ps.typ != 0 && ps.typ != 'd' && ps.typ != 'n' {
		prefix += "0" + string(ps.typ)
	}
	return padTo(digits, prefix, ps, '>'), nil
}

func formatFloat(f float64, spec string, ps formatSpec) (string, error) {
	prec := ps.precision
	var body string
	abs := math.Abs(f)
	switch ps.typ {
	case 'f', 'F':
		if prec < 0 {
			prec = 6
		}
		body = strconv.FormatFloat(abs, 'f', prec, 64)
	case 'e', 'E':
		if prec < 0 {
			prec = 6
		}
		body = exponent(strconv.FormatFloat(abs, 'e', prec, 64))
	case '%':
		if prec < 0 {
			prec = 6
		}
		body = strconv.FormatFloat(abs*100, 'f', prec, 64) + "%"
	case 'g', 'G', 'n':
		if prec < 0 {
			prec = 6
		}
		if prec == 0 {
			prec = 1
		}
		body = exponent(strconv.FormatFloat(abs, 'g', prec, 64))
	case 0:
		if prec < 0 {
			body = FloatRepr(abs)
		} else {
			if prec == 0 {
				prec = 1
			}
			body = exponent(strconv.FormatFloat(abs, 'g', prec, 64))
			if !strings.ContainsAny(body, ".e") {
				body += ".0"
			}
		}
	default:
		return "", fmt.Errorf("unknown format code %q for a float in spec %q", string(ps.typ), spec)
	}
	if ps.typ == 'E' || ps.typ == 'G' || ps.typ == 'F' {
		body = strings.ToUpper(body)
	}
	if ps.grouping != 0 {
		intPart, frac, _ := strings.Cut(body, ".")
		if k := strings.IndexFunc(intPart, func(r rune) bool { return r < '0' || r > '9' }); k < 0 {
			body = group(intPart, ps.grouping)
			if frac != "" || strings.Contains(body, ".") {
				body += "." + frac
			}
		}
	}
	return padTo(body, signPrefix(math.Signbit(f) && f != 0, ps.sign), ps, '>'), nil
}

// exponent rewrites Go's exponent (e+06) to Python's (e+06 too, but at least
// two digits, which Go already gives) and is a hook for differences.
func exponent(s string) string { return s }

func signPrefix(neg bool, sign byte) string {
	switch {
	case neg:
		return "-"
	case sign == '+':
		return "+"
	case sign == ' ':
		return " "
	}
	return ""
}

func group(digits string, sep byte) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// padTo pads prefix+body to the spec's width.
func padTo(body, prefix string, ps formatSpec, defAlign byte) string {
	n := utf8.RuneCountInString(body) + utf8.RuneCountInString(prefix)
	if n >= ps.width {
		return prefix + body
	}
	pad := ps.width - n
	fill := string(ps.fill)
	align := ps.align
	if align == 0 {
		align = defAlign
	}
	switch align {
	case '<':
		return prefix + body + strings.Repeat(fill, pad)
	case '^':
		return strings.Repeat(fill, pad/2) + prefix + body + strings.Repeat(fill, pad-pad/2)
	case '=':
		return prefix + strings.Repeat(fill, pad) + body
	}
	return strings.Repeat(fill, pad) + prefix + body
}
