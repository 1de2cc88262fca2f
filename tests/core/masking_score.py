"""Scoring a masking function against the hand-written cases in ``masking_cases.json`` (used by the test and
by ``bench/masking.py``). Pure Python, no Django.

A case lists, per kind (names, addresses, phones, ids, plates), the stretches that must be masked, and words
that must stay. An expected stretch is *caught* when a masked span overlaps it and it no longer appears in
the output; a masked span is *correct* when it overlaps some expected stretch. Recall per kind = caught /
expected; precision per kind = correct spans / spans of that kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CASES = Path(__file__).with_name("masking_cases.json")
KINDS = ("names", "addresses", "phones", "ids", "plates")


def load() -> list[dict]:
    return json.loads(CASES.read_text(encoding="utf-8"))


@dataclass
class Score:
    expected: int = 0
    caught: int = 0
    predicted: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def _occurrences(text: str, part: str) -> list[tuple[int, int]]:
    found, start = [], text.find(part)
    while start >= 0:
        found.append((start, start + len(part)))
        start = text.find(part, start + 1)
    return found


def evaluate(cases: list[dict], spans: Callable[[str, list[str]], list], apply: Callable) -> dict[str, Score]:
    """``spans(text, names)`` gives (start, end, kind, replacement) tuples; ``apply(text, spans)`` the output."""
    scores = {kind: Score() for kind in (*KINDS, "all")}
    for case in cases:
        text, names = case["text"], [case["writer"]] if case.get("writer") else []
        found = spans(text, names)
        output = apply(text, found)
        expected = [
            (kind, part, where)
            for kind, parts in case.get("mask", {}).items()
            for part in parts
            for where in _occurrences(text, part)
        ]
        for kind, part, (start, end) in expected:
            hit = any(s[0] < end and start < s[1] for s in found) and part not in output
            for key in (kind, "all"):
                scores[key].expected += 1
                scores[key].caught += hit
            if not hit:
                scores[kind].misses.append(f"{part} ← {text}")
        for s in found:
            right = any(s[0] < end and start < s[1] for _k, _p, (start, end) in expected)
            for key in (s[2], "all"):
                scores[key].predicted += 1
                scores[key].correct += right
            if not right:
                scores[s[2]].wrong.append(f"{text[s[0] : s[1]]} ← {text}")
    return scores


def kept_words_lost(cases: list[dict], masked: Callable[[str, list[str]], str]) -> list[str]:
    lost = []
    for case in cases:
        output = masked(case["text"], [case["writer"]] if case.get("writer") else [])
        lost += [f"{word} ← {case['text']}" for word in case.get("keep", []) if word not in output]
    return lost
