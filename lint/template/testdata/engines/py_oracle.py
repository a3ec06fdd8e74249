"""Python str.format oracle: JSON lines {template} in, {names, error} out.

names: the root keys str.format looks up, nested spec fields included, in
order. error: str.format raises on the template when every key is supplied
with an object that accepts any attribute, index and format spec.
"""
import json, string, sys

class Any:
    def __getattr__(self, n): return Any()
    def __getitem__(self, k): return Any()
    def __format__(self, spec): return ""

class Rec(dict):
    def __init__(self): self.order = []
    def __missing__(self, k):
        if k not in self.order: self.order.append(k)
        return Any()

def names_of(tmpl, depth=2):
    out = []
    for lit, field, spec, conv in string.Formatter().parse(tmpl):
        if field is None: continue
        root = field
        for i, ch in enumerate(field):
            if ch in '.[':
                root = field[:i]; break
        out.append(root)
        if spec and depth > 1: out += names_of(spec, depth - 1)
    return out

class F(string.Formatter):
    """str.format's parsing and lookup, with conversions that keep Any."""
    def convert_field(self, value, conversion):
        if conversion not in (None, "r", "s", "a"):
            raise ValueError("Unknown conversion specifier " + conversion)
        return value
    def format_field(self, value, spec):
        return format(value, spec)

def oracle(tmpl):
    m = Rec()
    err = False
    try:
        F().vformat(tmpl, (), m)
    except (ValueError, IndexError, KeyError) as e:
        err = True
    if not err:
        # string.Formatter looks up "{.x}" as the key ""; str.format numbers it.
        try:
            tmpl.format_map(Rec())
        except ValueError as e:
            err = "positional" in str(e)
        except Exception:
            pass
    names = list(m.order)
    if not err:
        # cross-check against Formatter().parse
        try:
            p = []
            for n in names_of(tmpl):
                if n not in p: p.append(n)
            if p != names: names = p
        except ValueError:
            err = True
    return {"names": names, "error": err}

if __name__ == "__main__":
    for line in sys.stdin:
        c = json.loads(line)
        print(json.dumps(oracle(c["template"])))
