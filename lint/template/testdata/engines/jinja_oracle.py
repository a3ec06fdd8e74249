"""Jinja2 oracle: JSON lines {template} in, {names, error} out."""
import json, sys
from jinja2 import Environment, meta, TemplateSyntaxError

env = Environment()

def oracle(tmpl):
    try:
        ast = env.parse(tmpl)
        names = meta.find_undeclared_variables(ast)
    except TemplateSyntaxError as e:  # TemplateAssertionError too
        return {"names": [], "error": True, "msg": str(e).split("\n")[0]}
    return {"names": sorted(names), "error": False}

if __name__ == "__main__":
    for line in sys.stdin:
        print(json.dumps(oracle(json.loads(line)["template"])))
