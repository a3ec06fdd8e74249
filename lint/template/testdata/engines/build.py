"""Build testdata/engine.json of lint/template/{python,jinja,handlebars}
from the real engines.

Each file is a list of {"template", "names", "error"} answered by the
engine's oracle script over hand-minimized cases (every disagreement the
differential runs found) and a fixed sample of generated templates.
Usage: see README.md.
"""
import json, os, random, subprocess, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.dirname(os.path.dirname(HERE))  # lint/template
# OUT maps a syntax to the engine answers of its language package.
OUT = {
    syntax: os.path.join(TEMPLATE, pkg, "testdata", "engine.json")
    for syntax, pkg in {"python": "python", "jinja2": "jinja", "handlebars": "handlebars"}.items()
}

SEEDS = {
    "python": [
        "Hello {name}!", "{{name}}", "{{{name}}}", "{user.name} {user[0]} {cfg[key]}", "{x:{width}}",
        "{x:{w}.{p}f}", "{a:{b:{c}}}", "{}", "{0}", "{0.attr}", "{.x}", "{.r}", "{[0]}", "a } b", "a {",
        "{name", "{a[}", "{a[}]}", "{a{b}", "{a:", "{a!}", "{a!rx}", "{name!z}", "{0!x}", "{x!s:d}",
        "{x!r:>10}", "{a.}", "{a[0]b}", "{my-var}", "{é} {名前}", "{a\u0301}", "{-1}", "{0x}", "{١}",
        "}} {{ {a} }}", "{a:{b!r}}", "{a:{}}", "{a:{0}}", "{a!r:{b:{c}}}", "{a[{]}", "{a[b.c]}",
        "{ name }", '{"key": "v"}', "{a b}", "{¹}", "{na\tme}", "line one\r\nsay {greeting} }\n\t{}",
    ],
    "jinja2": [
        "Hello {{ name }}!", "{{ user.name }} {{ items[0] }} {{ d['k'] }}",
        "{% for x in xs %}{{ x }}{{ loop.index }}{% endfor %}", "{% set y = 1 %}{{ y }}",
        "{{ y }}{% set y = 1 %}", "{% if c %}{% set v = 1 %}{% endif %}{{ v }}",
        "{% if c %}{% set v = 1 %}{% else %}{% set v = 2 %}{% endif %}{{ v }}",
        "{{ f(a=1, b) }}", "{{ f(*a, b) }}", "{{ f(**a, b=1) }}", "{{ f(*a, b=1) }}", "{{ f(**a, *b) }}",
        "{{ f(a, *b, **c) }}", "{{ a is string if }}", "{{ user is not none if x }}", "{{ a is divisibleby 3 }}",
        "{% if c %}{% macro m() %}{% endmacro %}{% endif %}{{ m() }}",
        "{% if c %}{% import 'x' as m %}{% endif %}{{ m }}",
        "{% if c %}{% from 'x' import a as b %}{% endif %}{{ b }}",
        "{% for self in xs %}{% endfor %}{{ self }}", "{% set self = 1 %}{{ self }}", "{{ self }}",
        "{% for (a, self) in self %}{% endfor %}",
        "{% with self = caller in self %}{% endwith %}",
        "{% autoescape a %}{% endautoescape %}{% set a = 1 %}",
        "{% autoescape true %}{% set x = 1 %}{% endautoescape %}{{ x }}",
        "{% for i in xs %}{{ y }}{% endfor %}{% set y = 1 %}",
        "{% macro m() %}{% if a %}{% else %}{% set s %}{{ f(x) }}{% endset %}{% endif %}{% macro x() %}{% endmacro %}{% endmacro %}",
        "{% block a %}{% endblock %}{% block a %}{% endblock %}",
        "{% block a %}{% block b %}{% endblock %}{% endblock %}{% block b %}{% endblock %}",
        "{% for x in y %}{% extends 'b' %}{% endfor %}", "{% if c %}{% extends 'b' %}{% endif %}{{ y }}",
        "{% block b %}{% extends 'x' %}{% endblock %}", "{% extends 'b' %}{{ x }}",
        "{% for loop in xs %}{% endfor %}", "{% for x in xs %}{% set loop = 1 %}{% endfor %}",
        "{% for x in xs %}{% with loop = 1 %}{% endwith %}{% endfor %}",
        "{% for x in xs %}{% for a, loop in ys %}{% endfor %}{% endfor %}",
        "{% macro m(caller) %}{{ caller() }}{% endmacro %}", "{% macro m(caller=none) %}{{ caller() }}{% endmacro %}",
        "{% macro m(caller) %}{% endmacro %}", "{% macro m(a) %}{{ varargs }}{{ kwargs }}{{ caller }}{{ b }}{% endmacro %}",
        "{% call(x) f(y) %}{{ x }}{{ z }}{% endcall %}",
        "{#", "a {#", "{#\n", "{#\r\n", "x{#-", "{# a", "{#}", ".{%raw%}", "{% raw %}\n", "{% raw %}x",
        "{% raw %}{{ x }}{% endraw %}{{ y }}", "{# {{ x }} #}{{ y }}", "{{- a -}} {%- if b -%}{%+ endif %}",
        "{{ x }", "{{ x | }}", "{% if %}", "{% endif %}", "{% for in x %}", "{{", "{%", "{{ 'a\\'b' }}",
        "{% for a, b in xs if a %}{{ a|default(b) }}{% else %}{{ a }}{% endfor %}",
        "{% set ns = namespace(a=1) %}{% set ns.b = c %}", "{{ range(n) }} {{ lipsum() }} {{ dict(a=b) }}",
        "{% filter upper %}{{ t }}{% set q = 1 %}{% endfilter %}{{ q }}",
        "{% with a = b %}{{ a }}{{ c }}{% endwith %}{{ a }}",
        "{{ x.1 }} {{ x[1:2] }} {{ [a, b][0] }} {{ {'k': v} }}", "{{ 1_000 + n }}",
        "{% do x %}", "{% for x in y %}{% break %}{% endfor %}", "{% for x in y %}{% continue %}{% endfor %}",
        "{{ x | myfilter }}", "{{ x is mytest }}",
    ],
    "handlebars": [
        "Hello {{name}}!", "{{{html}}} {{& raw}}", "{{user.name}} {{user/id}}", "{{[x]}}", "{{{[@x]}}}",
        "{{\n[x]  }}", "{{x}}}", "{{x}}}}", "{{{x~}}}", "{{{x}~}}", "{{item.0}}", "{{x.true}}", "{{x.length}}",
        "{{a..b}}", "{{this.}}", "{{ this. item }}", "{{[a]b}}", "{{x (y)z}}", "{{x(y)}}", '{{foo"bar"}}',
        '{{foo "a""b" c}}', "{{~\nlog ./  ~}}", "{{../../true~}}", "{{1.5.x}}", "{{-}}", "{{$a:b?}}",
        '{{"a\\"}}', "{{[a\\]b]}}", "{{> p a b}}", "{{> p a k=b}}", "{{> (dyn) x}}", "{{#> layout a b}}{{/layout}}",
        "{{#> layout}}{{else}}{{/layout}}", '{{#*inline "p"}}{{else}}{{/inline}}', '{{#*inline "p"}}{{x}}{{/inline}}',
        "{{^x as |y|}}{{y}}{{/x}}", "{{^a-b 1}}{{/a-b}}", "{{^foo bar}}{{baz}}{{/foo}}",
        "{{^json items}}{{else x}}{{/json}}", "{{^x}}a{{else}}{{name}}{{/x}}", "{{elsewhere}}",
        "{{#if a}}{{else-x}}{{/if}}", "{{#foo.bar}}{{/foo/bar}}", "{{#[a b]}}{{/[a b]}}", "{{#each xs as|a|}}{{/each}}",
        "{{#each xs as  | a |}}{{a}}{{/each}}", "{{x/..}}", "{{../this}}", "{{x as |y|}}", "{{foo bar.baz=1}}",
        "{{x y=1 z}}", "a\x00b", "{{ ^}}", "{{@x.y}}", "{{#if ok}}{{yes}}{{else}}{{no}}{{/if}}",
        "{{#if a}}x{{else if b}}{{c}}{{else}}{{d}}{{/if}}",
        "{{#each items}}{{this}} {{@index}} {{.}} {{name}} {{this.x}}{{/each}}",
        "{{#each items}}{{../title}}{{@root.site}}{{/each}}", "{{#each items as |item i|}}{{item.name}}{{i}}{{/each}}",
        "{{#each xs}}{{else}}{{empty_msg}}{{/each}}", "{{#each outer}}{{#each inner}}{{../../top}}{{../mid}}{{/each}}{{/each}}",
        "{{#with author}}{{name}}{{../book}}{{/with}}", "{{#group}}{{inner}}{{/group}}",
        "{{#ifEquals a b}}{{c}}{{/ifEquals}}", "{{^missing}}{{fallback}}{{/missing}}",
        "{{!-- {{not_a_var}} }} --}}{{! plain {{y}}{{x}}", "\\{{literal}} {{real}}", "\\\\{{real}}",
        "{{{{raw}}}} {{x}} {{{{/raw}}}}", '{{role "system"}}{{history}}{{section "s"}}',
        "{{json data indent=2}} {{media url=img contentType=ct}}", "{{foo bar baz=qux}}",
        '{{helper (inner x) "s" 1 true null}}', "{{lookup obj key}}", "{{> card person title=t}}",
        "{{@root.cfg.x}} {{@index}}", "{{this.top}} {{this}}", "{{foo.[bar baz]}}", "{{#each xs}}",
        "{{#if a}}{{/each}}", "{{/if}}", "{{name", "{{#if detailed\ntext {{name}}", "{{else}}", "{{!-- open",
        "{{{{raw}}}} x", "{{#if age >= 18}}\nadult\n{{else}}\nminor\n{{/if}}",
    ],
}

ORACLE = {
    "python": ["python3", os.path.join(HERE, "py_oracle.py")],
    "jinja2": ["python3", os.path.join(HERE, "jinja_oracle.py")],
    "handlebars": ["node", os.path.join(HERE, "hbs_oracle.js")],
}
GEN = {"python": "gen_python", "jinja2": "gen_jinja", "handlebars": "gen_hbs"}
TOP = {"python": "template", "jinja2": "stmts", "handlebars": "body"}


def plain(name):
    """lint/template/python's isPlainName: letters, their marks, digits, "_", "-"."""
    return name != "" and all(c in "_-" or unicodedata.category(c) in ("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Nd") for c in name)


def by_design(syntax, answer):
    """Generated cases that hit a documented by-design difference (see
    engines_test.go) are left out; the seeds keep a few of each."""
    if syntax == "python":
        return not answer["error"] and not all(plain(n) for n in answer["names"])
    if syntax == "jinja2":
        m = answer.get("msg", "")
        return any(k in m for k in ("unknown tag 'break'", "unknown tag 'continue'", "unknown tag 'do'", "No filter named", "No test named"))
    return False


def run(syntax, templates):
    lines = "".join(json.dumps({"template": t}) + "\n" for t in templates)
    p = subprocess.run(ORACLE[syntax], input=lines, capture_output=True, text=True, check=True)
    return [json.loads(l) for l in p.stdout.splitlines()]


def main(sample):
    sys.path.insert(0, HERE)
    for syntax, seeds in SEEDS.items():
        gen = getattr(__import__(GEN[syntax]), TOP[syntax])
        r = random.Random(1)
        cases = list(dict.fromkeys(seeds))
        pool = []
        while len(pool) < 2 * sample:
            t = gen(r)
            if 0 < len(t) <= 160 and t not in cases and t not in pool:
                pool.append(t)
        for t, a in zip(pool, run(syntax, pool)):
            if len(cases) < len(seeds) + sample and not by_design(syntax, a):
                cases.append(t)
        answers = run(syntax, cases)
        out = [{"template": t, "names": sorted(a["names"]), "error": a["error"]} for t, a in zip(cases, answers)]
        with open(OUT[syntax], "w", encoding="utf-8") as f:
            f.write("[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in out) + "\n]\n")
        print(syntax, len(out), "cases,", sum(c["error"] for c in out), "errors")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 250)
