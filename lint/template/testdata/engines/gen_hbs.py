"""Random Handlebars templates from grammar fragments."""
import json, random, sys

IDS = ["name", "user", "items", "x", "title", "role", "json", "lookup", "foo", "item", "i", "é", "this", "else", "true", "as", "a-b", "log", "media", "section", "history"]

def pid(r): return r.choice(IDS)

def path(r):
    k = r.random()
    if k < 0.45: return pid(r)
    if k < 0.6: return pid(r) + r.choice([".a", ".b.c", "/x", ".[lit seg]", ".0", ".length"])
    if k < 0.7: return r.choice(["../", "../../", "../../../"]) + pid(r)
    if k < 0.78: return r.choice(["@root.", "@root/"]) + pid(r) + r.choice(["", ".x"])
    if k < 0.86: return r.choice(["this", ".", "this.", "./", "@index", "@key", "@first", "@last", "this/"]) + r.choice(["", "", pid(r)])
    if k < 0.9: return "[" + r.choice(["a b", "x", "0", "@x"]) + "]"
    return r.choice(["@root", "../this", "this.this", "a..b", "foo.this", "../../", "..", "@../x"])

def param(r, d):
    k = r.random()
    if k < 0.6 or d > 2: return path(r)
    if k < 0.8: return r.choice(['"s"', "'t'", "1", "-2.5", "true", "null", "undefined", '"a\\"b"'])
    return "(" + call(r, d + 1) + ")"

def call(r, d=0):
    s = path(r) if r.random() < 0.9 else r.choice(['"lit"', "1", "true"])
    for _ in range(r.randint(0, 2)):
        s += " " + param(r, d)
    for _ in range(r.choice([0, 0, 0, 1, 2])):
        s += " " + r.choice(["k", "indent", "x", "a-b"]) + "=" + param(r, d)
    return s

def t(r): return r.choice(["", "", "", "~"])
def sp(r): return r.choice(["", "", " ", "  ", "\n"])

def open_(r, body):
    return "{{" + t(r) + body + t(r) + "}}"

def block(r, d):
    k = r.random()
    if d > 3: k = 0.9
    if k < 0.18:
        name = r.choice(["each", "with", "if", "unless", "foo", "item", "ifEquals", "x", "section"])
        head = name + (" " + param(r, d) if r.random() < 0.8 else "") + (" " + param(r, d) if r.random() < 0.15 else "")
        if name in ("each", "with") and r.random() < 0.35:
            head += " as |" + " ".join(r.sample(["item", "i", "x", "name"], r.randint(1, 2))) + "|"
        s = open_(r, "#" + sp(r) + head) + body(r, d + 1)
        if r.random() < 0.3:
            s += open_(r, r.choice(["else", "^"])) + body(r, d + 1)
        elif r.random() < 0.15:
            s += open_(r, "else if " + param(r, d)) + body(r, d + 1) + (open_(r, "else") + body(r, d + 1) if r.random() < .5 else "")
        closer = name if r.random() < 0.93 else r.choice(["if", "each", "with", "foo"])
        return s + open_(r, "/" + sp(r) + closer + sp(r))
    if k < 0.23:
        name = pid(r)
        return open_(r, "^" + name + (" " + param(r, d) if r.random() < .3 else "")) + body(r, d + 1) + (open_(r, "else") + body(r, d + 1) if r.random() < .3 else "") + open_(r, "/" + name)
    if k < 0.28: return open_(r, "> " + r.choice(["card", "'quoted'", "(dyn)", "p"]) + r.choice(["", " " + path(r), " k=" + param(r, d), " " + path(r) + " " + path(r)]))
    if k < 0.3: return open_(r, "#> layout" + r.choice(["", " " + path(r)])) + body(r, d + 1) + open_(r, "/layout")
    if k < 0.32: return open_(r, '#*inline "p"') + body(r, d + 1) + open_(r, "/inline")
    if k < 0.36: return r.choice(["{{!-- c {{x}} --}}", "{{! c }}", "{{!-- a }} --}}", "{{~!-- c --~}}", "{{! {{y}} }}", "{{!--", "{{!"])
    if k < 0.39: return "{{{{raw}}}}" + r.choice(["{{x}}", "{{#if}}", "a"]) + r.choice(["{{{{/raw}}}}", "{{{{/raw}}}}", "{{{{/other}}}}", ""])
    if k < 0.44: return r.choice(["\\{{x}}", "\\\\{{y}}", "\\{{", "{{", "}}", "{", "}", "{{}}", "{{ }}", "{{#}}", "{{/x}}", "{{else}}", "{{x y=}}", "{{x", "{{{x}}", "{{x}}}", "{{@}}", "{{..}}", "{{#each}}{{/each}}", "{{> }}", "{{*dec x}}", "{{x as |y|}}"])
    if k < 0.5: return "{{{" + t(r) + call(r) + t(r) + "}}}"
    if k < 0.53: return "{{&" + sp(r) + call(r) + "}}"
    return open_(r, sp(r) + call(r) + sp(r))

TEXT = ["Hello ", "\n", "\r\n", " ", "x", "\t", "😀", "é", "{ a }", "[", "]", "\\"]

def body(r, d=0):
    return "".join(block(r, d) if r.random() < 0.6 else r.choice(TEXT) for _ in range(r.randint(0, 4)))

if __name__ == "__main__":
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    r = random.Random(seed)
    for _ in range(n):
        print(json.dumps(body(r)))
