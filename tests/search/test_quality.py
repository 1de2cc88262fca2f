"""Search quality on the demo data: nDCG@10 over a judged query set must stay above the stated floor.

nDCG@k = DCG@k / IDCG@k, DCG@k = sum over ranks i of (2^grade - 1) / log2(i + 1). The ideal ranking orders
every judged document by grade. A document's grade is the highest grade of the judgment whose title part it
contains (the most specific judgment is listed first).
"""

import json
import math
from pathlib import Path

import pytest

from gongkai.search import service
from gongkai.search.models import SearchDocument
from tests.demo_snapshot import restore

JUDGMENTS = json.loads((Path(__file__).parent / "judgments.json").read_text(encoding="utf-8"))


def grade(title: str, relevant: list[dict]) -> int:
    return max((r["grade"] for r in relevant if r["title"] in title), default=0)


def ndcg(ranked_titles: list[str], all_titles: list[str], relevant: list[dict], k: int) -> float:
    def dcg(grades):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted((grade(t, relevant) for t in all_titles), reverse=True))
    return dcg([grade(t, relevant) for t in ranked_titles]) / ideal if ideal else 0.0


def test_ndcg_helper_on_a_worked_example():
    judged = [{"title": "甲", "grade": 3}, {"title": "乙", "grade": 1}]
    assert ndcg(["甲", "乙", "丙"], ["甲", "乙", "丙"], judged, 10) == 1.0
    swapped = ndcg(["乙", "甲"], ["甲", "乙"], judged, 10)
    assert swapped == pytest.approx((1 + 7 / math.log2(3)) / (7 + 1 / math.log2(3)))
    assert ndcg(["丙"], ["甲", "丙"], judged, 10) == 0.0


@pytest.mark.django_db
def test_judged_queries_keep_ndcg_at_10_above_the_floor(demo_snapshots):
    restore(demo_snapshots["full"])  # the demo, as load_demo leaves it
    all_titles = list(SearchDocument.objects.values_list("title", flat=True))
    k = JUDGMENTS["cutoff"]
    scores = {}
    for judged in JUDGMENTS["queries"]:
        results = service.search(judged["query"])
        assert results.redirect is None
        scores[judged["query"]] = ndcg([h.doc.title for h in results.hits], all_titles, judged["relevant"], k)
    mean = sum(scores.values()) / len(scores)
    report = ", ".join(f"{q} {s:.2f}" for q, s in sorted(scores.items(), key=lambda p: p[1]))
    assert mean >= JUDGMENTS["floor"], f"mean nDCG@{k} {mean:.3f} below {JUDGMENTS['floor']}: {report}"
    assert min(scores.values()) > 0, f"a judged query found nothing relevant: {report}"
    print(f"mean nDCG@{k} = {mean:.3f}; {report}")
