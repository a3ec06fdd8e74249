#!/usr/bin/env python3
"""Regenerates the unified-diff golden files under testdata/unified.

Run from lint/diff:  python3 testdata/gen_unified.py [CORPUS_DIR]

Synthetic cases are written as NAME.old / NAME.new; corpus cases are the
consecutive revisions of the history directories of CORPUS_DIR (default
../../testdata/corpus), numbered in the order the Go test walks them. The
goldens NAME.uN.diff come from GNU `diff -u -UN --label a/NAME --label
b/NAME` over the LF-normalized texts. Each is cross-checked against Python's
difflib.unified_diff (which writes no "\\ No newline at end of file" marker);
disagreements are printed, not written.
"""
import difflib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "unified")
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "testdata", "corpus")
CONTEXTS = (0, 1, 3)

lines20 = "".join("line %d\n" % i for i in range(1, 21))


def edit(text, i, new):
    ls = text.splitlines(keepends=True)
    ls[i] = new
    return "".join(ls)


SYNTHETIC = {
    "empty-to-text": ("", "one\ntwo\n"),
    "text-to-empty": ("one\ntwo\n", ""),
    "one-line-change": (lines20, edit(lines20, 9, "line ten\n")),
    "one-char-change": ("You are a helpful assistant.\n", "You are a helpful assistant!\n"),
    "insert-at-start": (lines20, "first\n" + lines20),
    "insert-at-end": (lines20, lines20 + "last\n"),
    "delete-first-and-last": (lines20, "".join(lines20.splitlines(keepends=True)[1:-1])),
    # Changes 6 equal lines apart share a hunk with context 3; 7 apart do not.
    "gap-6": (lines20, edit(edit(lines20, 5, "six\n"), 12, "thirteen\n")),
    "gap-7": (lines20, edit(edit(lines20, 5, "six\n"), 13, "fourteen\n")),
    "no-newline-both": ("a\nb\nc", "a\nb\nC"),
    "no-newline-context": ("a\nb\nc\nd", "A\nb\nc\nd"),
    "no-newline-added": ("a\nb\nc", "a\nb\nc\n"),
    "no-newline-removed": ("a\nb\nc\n", "a\nb\nc"),
    "no-newline-append": ("a\nb", "a\nb\nc"),
    "unicode": ("héllo wörld\n日本語のテキスト\n🙂 emoji\n", "héllo world\n日本語のテキスト\n🙂👍🏽 emoji\n"),
    "replace-block": (lines20, lines20.replace("line 8\nline 9\nline 10\n", "eight\nnine\n")),
    "blank-lines": ("a\n\nb\n\nc\n", "a\n\nb\nc\n\n"),
}


def gnu_diff(old, new, name, n):
    with tempfile.TemporaryDirectory() as d:
        po, pn = os.path.join(d, "old"), os.path.join(d, "new")
        for p, text in ((po, old), (pn, new)):
            with open(p, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        r = subprocess.run(["diff", "-U%d" % n, "--label", "a/" + name, "--label", "b/" + name, po, pn],
                           capture_output=True)
        if r.returncode not in (0, 1):
            raise SystemExit(r.stderr.decode())
        return r.stdout.decode("utf-8")


def py_diff(old, new, name, n):
    out = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                               "a/" + name, "b/" + name, n=n)
    return "".join(l if l.endswith("\n") else l + "\n" for l in out)


def normalize(s):
    return s.replace("\r\n", "\n").replace("\r", "\n")


def corpus_pairs():
    pairs = []
    for repo in ("github__gh-models", "microsoft__prompty", "github__awesome-copilot"):
        root = os.path.join(CORPUS, repo, "history")
        by_dir = {}
        for d, _, files in os.walk(root):
            for f in files:
                by_dir.setdefault(d, []).append(os.path.join(d, f))
        for d in sorted(by_dir):
            files = sorted(by_dir[d])
            for i in range(1, len(files)):
                pairs.append(tuple(open(p, encoding="utf-8", newline="").read() for p in files[i - 1:i + 1]))
    return pairs


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for name, (old, new) in sorted(SYNTHETIC.items()):
        for ext, text in (("old", old), ("new", new)):
            with open(os.path.join(OUT, name + "." + ext), "w", encoding="utf-8", newline="") as f:
                f.write(text)
        cases.append((name, old, new))
    for i, (old, new) in enumerate(corpus_pairs()):
        cases.append(("corpus-%02d" % i, old, new))
    for name, old, new in cases:
        old, new = normalize(old), normalize(new)
        for n in CONTEXTS:
            gnu = gnu_diff(old, new, name, n)
            py = py_diff(old, new, name, n)
            if gnu.replace("\\ No newline at end of file\n", "") != py:
                print("difflib and GNU diff disagree on %s -U%d" % (name, n))
            with open(os.path.join(OUT, "%s.u%d.diff" % (name, n)), "w", encoding="utf-8", newline="") as f:
                f.write(gnu)
    print("wrote %d cases" % len(cases))


main()
