"""Random Jinja2 templates from grammar fragments."""
import json, random, sys

NAMES = ["user", "items", "x", "name", "loop", "caller", "range", "ns", "self", "varargs", "kwargs",
         "topic", "é", "data", "i", "item", "k", "v", "super", "namespace", "dict", "lipsum", "joiner", "cycler"]

def nm(r): return r.choice(NAMES)

def atom(r, d):
    k = r.random()
    if d > 3 or k < 0.45: return nm(r)
    if k < 0.55: return r.choice(["1", "2.5", "'s'", '"q"', "true", "None", "1_000", "1e3", "'a' 'b'"])
    if k < 0.62: return "[" + ", ".join(expr(r, d + 1) for _ in range(r.randint(0, 3))) + "]"
    if k < 0.67: return "{" + ", ".join(expr(r, d + 1) + ": " + expr(r, d + 1) for _ in range(r.randint(0, 2))) + "}"
    if k < 0.72: return "(" + expr(r, d + 1) + r.choice(["", ",", ", " + expr(r, d + 1)]) + ")"
    if k < 0.8: return nm(r) + "(" + args(r, d) + ")"
    return nm(r) + r.choice([".a", "[0]", "['k']", ".b.c", "[" + nm(r) + "]", "[1:2]", "[:" + nm(r) + "]", ".0", "[::2]"])

def args(r, d):
    out = []
    for _ in range(r.randint(0, 3)):
        k = r.random()
        if k < 0.6: out.append(expr(r, d + 1))
        elif k < 0.85: out.append(r.choice(["a", "key", "default"]) + "=" + expr(r, d + 1))
        else: out.append(r.choice(["*", "**"]) + nm(r))
    return ", ".join(out)

def expr(r, d=0):
    x = atom(r, d)
    for _ in range(r.randint(0, 2)):
        k = r.random()
        if d > 3: break
        if k < 0.3: x += " | " + r.choice(["upper", "default(" + expr(r, d + 1) + ")", "join(', ')", "length", "map(attribute='a')", "e", "replace('a', " + nm(r) + ")"])
        elif k < 0.45: x += " " + r.choice(["+", "-", "*", "/", "//", "%", "~", "**", "==", "!=", "<", ">=", "and", "or", "in", "not in"]) + " " + atom(r, d + 1)
        elif k < 0.55: x += " is " + r.choice(["defined", "not none", "divisibleby 3", "sameas " + nm(r), "string", "eq(" + nm(r) + ")"])
        elif k < 0.62: x += " if " + atom(r, d + 1) + r.choice(["", " else " + atom(r, d + 1)])
        elif k < 0.66: x = "not " + x
        elif k < 0.7: x = "-" + x
    return x

def target(r):
    k = r.random()
    if k < 0.6: return nm(r)
    if k < 0.85: return nm(r) + ", " + nm(r)
    return "(" + nm(r) + ", " + nm(r) + ")"

def ws(r):
    return r.choice(["", "", "", "-", "+"])

def tag(r, body):
    return "{%" + ws(r) + " " + body + " " + ws(r).replace("+", "") + "%}"

def block(r, d):
    k = r.random()
    if d > 3: k = 0.99
    if k < 0.16:
        s = tag(r, "for " + target(r) + " in " + expr(r) + r.choice(["", "", " if " + expr(r), " recursive"])) + stmts(r, d + 1)
        if r.random() < 0.3: s += tag(r, "else") + stmts(r, d + 1)
        return s + tag(r, "endfor")
    if k < 0.3:
        s = tag(r, "if " + expr(r)) + stmts(r, d + 1)
        for _ in range(r.randint(0, 2)):
            s += tag(r, "elif " + expr(r)) + stmts(r, d + 1)
        if r.random() < 0.4: s += tag(r, "else") + stmts(r, d + 1)
        return s + tag(r, "endif")
    if k < 0.42: return tag(r, "set " + r.choice([target(r), "ns.attr"]) + " = " + expr(r))
    if k < 0.46: return tag(r, "set " + nm(r) + r.choice(["", " | upper"])) + stmts(r, d + 1) + tag(r, "endset")
    if k < 0.52:
        ps = ", ".join(r.sample(["a", "b=" + nm(r), "c=1", "x", "item"], r.randint(0, 2)))
        return tag(r, "macro " + nm(r) + "(" + ps + ")") + stmts(r, d + 1) + tag(r, "endmacro")
    if k < 0.56: return tag(r, "call" + r.choice(["", "(a)", "(x, y=" + nm(r) + ")"]) + " " + nm(r) + "(" + args(r, d) + ")") + stmts(r, d + 1) + tag(r, "endcall")
    if k < 0.6: return tag(r, "filter upper") + stmts(r, d + 1) + tag(r, "endfilter")
    if k < 0.65: return tag(r, "with " + ", ".join(nm(r) + " = " + expr(r) for _ in range(r.randint(0, 2)))) + stmts(r, d + 1) + tag(r, "endwith")
    if k < 0.68: return tag(r, "block " + r.choice(["content", "b2"]) + r.choice(["", " scoped"])) + stmts(r, d + 1) + tag(r, "endblock")
    if k < 0.7: return tag(r, "raw") + r.choice(["{{ x }}", "{% if %}", "{{", "a"]) + tag(r, "endraw")
    if k < 0.72: return tag(r, r.choice(["include 'a.j2'", "include " + nm(r), "import 'm' as " + nm(r), "from 'm' import " + nm(r) + " as " + nm(r), "extends " + nm(r)]))
    if k < 0.74: return tag(r, "autoescape " + r.choice(["true", nm(r)])) + stmts(r, d + 1) + tag(r, "endautoescape")
    if k < 0.75: return tag(r, r.choice(["do " + nm(r), "break", "continue"]))
    if k < 0.77: return "{#" + r.choice([" comment {{ x }} ", "- c -", " % "]) + "#}"
    if k < 0.8:
        return r.choice(["{{", "{%", "}}", "%}", "{% endif %}", "{{ }}", "{% if x %}", "{{ x y }}", "{{ x.1 }}", "{{ 'a\\'b' }}", "{{ x[ }}", "{# ", "{% endfor %}", "{{ x | }}", "{% set %}", "{% for in x %}", "{{ x }", "{{- x -}}", "{{+ x }}", "{{ x +}}"])
    return "{{" + ws(r).replace("+", "") + " " + expr(r) + " " + ws(r).replace("+", "") + "}}"

TEXT = ["Hello ", "\n", "\r\n", " ", "{", "}", "x", "\t", "😀", "é", "{ a }", "#", "%"]

def stmts(r, d=0):
    return "".join(block(r, d) if r.random() < 0.6 else r.choice(TEXT) for _ in range(r.randint(0, 4)))

if __name__ == "__main__":
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    r = random.Random(seed)
    for _ in range(n):
        print(json.dumps(stmts(r)))
