"""Writes testdata/optional.json of lint/template/jinja and
lint/template/handlebars: which of a template's variables the real engine
lets a caller leave out (optional_jinja.py, optional_hbs.js).

    NODE_PATH=/tmp/engines/node_modules python3 optional_build.py
"""
import json, subprocess
from optional_jinja import oracle

JINJA = [
    '{% if tone %}Use a {{ tone }} tone.{% endif %}',
    'Use a {{ tone | default("neutral") }} tone.',
    '{{ tone | d("neutral") }}',
    '{% if tone is defined %}Tone: {{ tone }}{% endif %}',
    '{% if tone is not defined %}neutral{% else %}{{ tone }}{% endif %}',
    '{% if not tone %}neutral{% else %}{{ tone }}{% endif %}',
    '{% if tone %}{{ tone }}{% endif %} Always {{ tone }}.',
    '{{ tone }}',
    '{% if user.name %}{{ user.name }}{% endif %}',
    '{% if user %}Hello {{ user.name }}{% endif %}',
    '{% if a and b %}{{ a }}{{ b }}{% endif %}',
    '{% if a or b %}{{ a }}{% endif %}',
    '{{ tone or "neutral" }}',
    '{{ tone if tone else "neutral" }}',
    '{{ "formal" if tone == "formal" else "casual" }}',
    '{% if tone == "formal" %}Dear Sir{% endif %}',
    '{% if tone != "formal" %}Hi{% endif %}',
    '{% for x in items %}{{ x }}{% endfor %}',
    '{% if items %}{% for x in items %}{{ x }}{% endfor %}{% endif %}',
    '{% if ctx is defined and ctx %}Context: {{ ctx }}{% endif %}',
    '{% if a %}x{% elif b %}{{ b }}{% else %}{{ c }}{% endif %}',
    '{% if not a %}x{% elif b %}{{ a }}{% endif %}',
    '{% if examples %}Examples:\n{% for e in examples %}- {{ e.input }} -> {{ e.output }}\n{% endfor %}{% endif %}',
    '{{ question }}{% if context %}\n\nContext:\n{{ context }}{% endif %}',
    '{{ a and a.b }}',
    '{{ a.b | default("x") }}',
    '{% if a is none %}none{% endif %}',
    '{{ n + 1 if n else 0 }}',
    '{% set t = tone | default("neutral") %}{{ t }}',
    '{% if tone %}{% for x in xs %}{{ tone }}{{ x }}{% endfor %}{% endif %}',
    '{{ tone is defined and tone }}',
    '{% if a > 1 %}x{% endif %}',
    '{{ tone | upper }}',
    '{% if tone | length %}x{% endif %}',
]

HBS = [
    '{{#if tone}}Use a {{tone}} tone.{{/if}}',
    '{{#unless tone}}neutral{{else}}{{tone}}{{/unless}}',
    '{{#if tone}}{{tone}}{{/if}} Always {{tone}}.',
    '{{tone}}',
    '{{#tone}}Use a tone.{{/tone}}',
    '{{^tone}}neutral{{/tone}}',
    '{{^tone}}neutral{{else}}{{tone}}{{/tone}}',
    '{{#if user.name}}{{user.name}}{{/if}}',
    '{{#if user}}Hello {{user.name}}{{/if}}',
    '{{#if a}}{{#if b}}{{a}}{{b}}{{/if}}{{/if}}',
    '{{#if a}}x{{else if b}}{{b}}{{else}}{{c}}{{/if}}',
    '{{#if a}}x{{else}}{{a}}{{/if}}',
    '{{#unless a}}{{a}}{{/unless}}',
    '{{question}}{{#if context}}\n\nContext:\n{{context}}{{/if}}',
    '{{#if tone}}{{@root.tone}}{{/if}}',
    '{{#if tone includeZero=true}}{{tone}}{{/if}}',
    '{{#if tone}}{{tone}}{{/if}}{{#unless tone}}neutral{{/unless}}',
]

MUSTACHE = [
    '{{#tone}}Use a tone.{{/tone}}',
    '{{^tone}}neutral{{/tone}}',
    '{{tone}}',
    '{{#tone}}x{{/tone}} {{tone}}',
    '{{^ctx}}none{{/ctx}}{{#ctx}}Context follows.{{/ctx}}',
]


def hbs(templates):
    inp = "".join(json.dumps({"template": t}) + "\n" for t in templates)
    out = subprocess.run(["node", "optional_hbs.js"], input=inp, capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.splitlines()]


def write(path, rows):
    with open(path, "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n")


write("../../jinja/testdata/optional.json", [dict(template=t, **oracle(t)) for t in JINJA])
write("../../handlebars/testdata/optional.json", hbs(HBS))
write("../../handlebars/testdata/optional_mustache.json", hbs(MUSTACHE))
