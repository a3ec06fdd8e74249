#!/usr/bin/env python3
"""Times Python's difflib on the pairs of BenchmarkCompare, for comparison.

    go test ./lint/diff -run TestWritePairs -pairs-dir DIR
    python3 lint/diff/testdata/difflib_bench.py DIR

or, for the template texts of lint's BenchmarkCheck1000Pairs:

    go test ./lint -run TestWriteCheckPairs -check-pairs-dir DIR
    python3 lint/diff/testdata/difflib_bench.py DIR

Either writes NNNN.a / NNNN.b (the 1,000 pairs, LF line endings) and
ours.tsv (index, similarity, approximate, added, removed, from diff.Compare or
from check).
This script times difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
plus difflib.unified_diff(n=3) over the same pairs, and reports how far
difflib's ratio is from ours (difflib's matching blocks are not always a
longest common subsequence, so it can only be lower or equal).
"""
import difflib
import os
import sys
import time


def main():
    d = sys.argv[1]
    ours = {}
    with open(os.path.join(d, "ours.tsv")) as f:
        for line in f:
            i, ratio, approx, added, removed = line.split("\t")
            ours[int(i)] = (float(ratio), approx == "true", int(added), int(removed))
    pairs = []
    for i in sorted(ours):
        with open(os.path.join(d, "%04d.a" % i), encoding="utf-8", newline="") as f:
            a = f.read()
        with open(os.path.join(d, "%04d.b" % i), encoding="utf-8", newline="") as f:
            b = f.read()
        pairs.append((a, b))

    start, cpu = time.perf_counter(), time.process_time()
    ratios = []
    for a, b in pairs:
        ratios.append(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio())
    t_ratio = time.perf_counter() - start

    start = time.perf_counter()
    line_counts = []
    for a, b in pairs:
        out = list(difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                        "a", "b", n=3))
        added = sum(1 for l in out[2:] if l.startswith("+"))
        removed = sum(1 for l in out[2:] if l.startswith("-"))
        line_counts.append((added, removed))
    t_unified = time.perf_counter() - start
    t_cpu = time.process_time() - cpu

    diffs = [abs(r - ours[i][0]) for i, r in enumerate(ratios)]
    worst = max(range(len(diffs)), key=diffs.__getitem__)
    higher = sum(1 for i, r in enumerate(ratios) if r > ours[i][0] + 1e-12)
    same_lines = sum(1 for i, c in enumerate(line_counts) if c == ours[i][2:])
    total_bytes = sum(len(a.encode()) + len(b.encode()) for a, b in pairs)
    print("pairs: %d (%.1f MB)" % (len(pairs), total_bytes / 1e6))
    print("difflib SequenceMatcher(autojunk=False).ratio(): %.3f s" % t_ratio)
    print("difflib unified_diff(n=3):                      %.3f s" % t_unified)
    print("difflib total:                                  %.3f s (%.3f s of CPU time)" % (t_ratio + t_unified, t_cpu))
    print("ratio: max |difflib - ours| = %.6f (pair %d: difflib %.6f, ours %.6f); "
          "mean %.6f; equal (1e-12) on %d pairs; difflib higher on %d"
          % (diffs[worst], worst, ratios[worst], ours[worst][0], sum(diffs) / len(diffs),
             sum(1 for x in diffs if x <= 1e-12), higher))
    print("line counts (added, removed) equal to ours on %d of %d pairs" % (same_lines, len(pairs)))
    print("approximate results of ours: %d" % sum(1 for v in ours.values() if v[1]))


main()
