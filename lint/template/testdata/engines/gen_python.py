"""Random str.format templates from grammar fragments."""
import json, random, sys

NAMES = ["name", "user", "topic", "x", "_p", "my_var", "é", "名前", "a1", "Question", "n2"]
def name(r):
    return r.choice(NAMES)
def accessor(r):
    return r.choice([".attr", "[0]", "[key]", ".a.b", "[1][x]", "[ ]", ".", "[}", "[a]b", ".x[0]", "[a:b]", "[!]"])
def field_name(r):
    k = r.random()
    if k < 0.55: return name(r)
    if k < 0.75: return name(r) + accessor(r)
    return r.choice(["", "0", "1", " name ", "-1", "a b", '"k"', "a-b", "0x", "١", "a{", "¹", "na\tme", "a\u0301"])
def spec(r, depth):
    parts = []
    for _ in range(r.randint(0, 3)):
        k = r.random()
        if k < 0.5: parts.append(r.choice([">10", "<5", "^", "05", ",", ".2f", "x", "+", "s", "d", "=", " ", "*^9", "!", ":", "}"]))
        elif depth < 3: parts.append(field(r, depth + 1))
        else: parts.append("{{")
    return "".join(parts)
def field(r, depth=0):
    s = "{" + field_name(r)
    k = r.random()
    if k < 0.2: s += "!" + r.choice("rsax") + ("" if r.random() < .9 else " ")
    if r.random() < 0.35: s += ":" + spec(r, depth)
    if r.random() < 0.97: s += "}"
    return s
TEXT = ["Hello ", "\n", "\r\n", " and ", "{{", "}}", "}", "{", "{{literal}}", "json: ", "ü ", "\t", "x", "😀 ", '{"k": 1}', "}}}"]
def template(r):
    out = []
    for _ in range(r.randint(1, 6)):
        out.append(field(r) if r.random() < 0.5 else r.choice(TEXT))
    return "".join(out)

if __name__ == "__main__":
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    r = random.Random(seed)
    for _ in range(n):
        print(json.dumps(template(r)))

def soup(r):
    alpha = ["{", "}", "[", "]", ":", "!", ".", "a", "r", "s", "0", " ", "x", "{{", "}}", "b", "\n", "é"]
    return "".join(r.choice(alpha) for _ in range(r.randint(1, 12)))
