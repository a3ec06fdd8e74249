"""Jinja2 optional-input oracle: JSON lines {template} in, {optional, required} out.

A name of find_undeclared_variables is required when leaving it out makes
the template read its value: print it, iterate it, take an attribute or
item of it, call it, do arithmetic on it. Leaving it out is tried with the
other names all given a truthy value, and all left out too. Asking for its
truth, "is defined", "| default" and == / != are not reads.
"""
import json, sys
from jinja2 import Environment, meta, Undefined


class Read(Exception):
    pass


def make_env(target):
    class Recording(Undefined):
        def _read(self, *a, **k):
            if self._undefined_name == target:
                raise Read()
            return Undefined._fail_with_undefined_error(self, *a, **k)

        def __str__(self):
            if self._undefined_name == target:
                raise Read()
            return ""

        def __iter__(self):
            if self._undefined_name == target:
                raise Read()
            return iter(())

        def __len__(self):
            if self._undefined_name == target:
                raise Read()
            return 0

        __getattr__ = lambda self, name: (_ for _ in ()).throw(AttributeError(name)) if name[:2] == "__" else self._read()
        __getitem__ = __call__ = __add__ = __radd__ = __mul__ = __rmul__ = __sub__ = __rsub__ = _read
        __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __pos__ = __neg__ = _read
        __lt__ = __le__ = __gt__ = __ge__ = __int__ = __float__ = __complex__ = __pow__ = __rpow__ = _read

    return Environment(undefined=Recording)


class Any:
    def __bool__(self): return True
    def __str__(self): return "v"
    def __iter__(self): return iter([Any()])
    def __len__(self): return 1
    def __getattr__(self, name):
        if name[:2] == "__":
            raise AttributeError(name)
        return Any()
    def __getitem__(self, k): return Any()
    def __call__(self, *a, **k): return Any()


def reads(tmpl, name, names):
    env = make_env(name)
    for others in ({n: Any() for n in names if n != name}, {}):
        try:
            env.from_string(tmpl).render(**others)
        except Read:
            return True
        except Exception:
            pass
    return False


def oracle(tmpl):
    names = sorted(meta.find_undeclared_variables(Environment().parse(tmpl)))
    req = [n for n in names if reads(tmpl, n, names)]
    return {"optional": [n for n in names if n not in req], "required": req}


if __name__ == "__main__":
    for line in sys.stdin:
        t = json.loads(line)["template"]
        print(json.dumps(dict(template=t, **oracle(t))))
