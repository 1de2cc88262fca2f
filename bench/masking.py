"""Benchmark: masking of free text, per kind of personal data, against the regex-only masking it replaced.

Run: .venv/bin/python bench/masking.py [--repeat 20]
Scores both functions on the hand-written sentences of tests/core/masking_cases.json (the "tuning" sentences
the rules were developed on, and the "holdout" sentences written afterwards and never tuned on), then times
them (sentences per second, one process). The baseline is a verbatim copy of the rules before issue 15
(regular expressions for numbers and the writer's own name only); it is kept here and nowhere else.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gongkai.core import idcard, masking
from tests.core import masking_score

# The baseline: gongkai/core/masking.py text() before issue 15, as spans (same regexes, same order) -------

OLD_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
OLD_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{5,6})(\d{2})(?!\d)")
OLD_ID_CARD = re.compile(r"(?<![\dXx])([1-9]\d{16}[\dXx])(?![\dXx])")
OLD_PLATE = re.compile(
    r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z])([A-HJ-NP-Z0-9]{5,6})"
)
OLD_HOUSE_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12}(?:路|街|大道|巷|胡同|小区|村|社区))(\d+号(?:院|楼)?(?:\d+(?:号楼|栋|幢|单元|室|号))*)"
)


def old_spans(value: str, names=()) -> list[masking.Span]:
    found: list[masking.Span] = []

    def add(start, end, kind, replacement):
        if all(end <= s.start or start >= s.end for s in found):
            found.append(masking.Span(start, end, kind, replacement))

    for m in OLD_ID_CARD.finditer(value):
        if idcard.problem(m.group(1)) is None:
            add(*m.span(1), "ids", masking.id_number(m.group(1)))
    for m in OLD_MOBILE.finditer(value):
        add(*m.span(), "phones", f"{m.group(1)}****{m.group(3)}")
    for m in OLD_LANDLINE.finditer(value):
        add(*m.span(), "phones", f"{m.group(1)}-{'*' * len(m.group(2))}{m.group(3)}")
    for m in OLD_PLATE.finditer(value):
        add(*m.span(), "plates", m.group(1) + "*" * len(m.group(2)))
    for m in OLD_HOUSE_NUMBER.finditer(value):
        add(*m.span(2), "addresses", "**号")
    for person in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        if len(person) >= 2 and not masking.ORGANIZATION_SUFFIX.search(person):
            for m in re.finditer(re.escape(person), value):
                add(*m.span(), "names", masking.name(person))
    return sorted(found)


def apply(value: str, spans) -> str:
    out, last = [], 0
    for span in sorted(spans):
        out += [value[last : span[0]], span[3]]
        last = span[1]
    return "".join(out) + value[last:]


def per_second(function, sentences, repeat: int) -> float:
    function(sentences[0], [])  # the segmenter's dictionary is loaded at import; warm the caches
    started = time.perf_counter()
    for _ in range(repeat):
        for sentence in sentences:
            function(sentence, [])
    return repeat * len(sentences) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    cases = masking_score.load()
    print(f"{len(cases)} hand-written sentences (tuning {sum(c['set'] == 'tuning' for c in cases)}, "
          f"holdout {sum(c['set'] == 'holdout' for c in cases)})\n")  # fmt: skip
    print("| set | kind | expected | baseline recall | baseline precision | new recall | new precision |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for subset in ("tuning", "holdout"):
        chosen = [c for c in cases if c["set"] == subset]
        old = masking_score.evaluate(chosen, old_spans, apply)
        new = masking_score.evaluate(chosen, masking.spans, apply)
        for kind in (*masking_score.KINDS, "all"):
            o, n = old[kind], new[kind]
            print(f"| {subset} | {kind} | {n.expected} | {o.recall:.2f} | {o.precision:.2f} | "
                  f"{n.recall:.2f} | {n.precision:.2f} |")  # fmt: skip
    sentences = [c["text"] for c in cases]
    print()
    print("| function | sentences/s | µs per sentence |")
    print("|---|---:|---:|")
    for label, function in (("baseline (regex only)", lambda t, n: apply(t, old_spans(t, n))),
                            ("new (regex + rjieba tags + surnames)", masking.text)):  # fmt: skip
        rate = per_second(function, sentences, args.repeat)
        print(f"| {label} | {rate:,.0f} | {1e6 / rate:.0f} |")
    misses = [m for c in ("names",) for m in masking_score.evaluate(cases, masking.spans, apply)[c].wrong]
    if misses:
        print("\nNames masked that should not be (all sets):")
        for line in misses:
            print("  ", line)


if __name__ == "__main__":
    main()
