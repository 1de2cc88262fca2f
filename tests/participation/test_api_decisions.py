"""The decision catalogs over the API are a paged list like every other list."""

import pytest

from gongkai.participation.models import DecisionCatalog, DecisionMatter

pytestmark = pytest.mark.django_db


def test_decision_catalogs_are_paged_like_the_other_lists(catalogs, client):
    for year in (2024, 2025, 2026):
        catalog = DecisionCatalog.objects.create(unit=catalogs.dept_a, year=year, is_published=True)
        DecisionMatter.objects.create(catalog=catalog, order=1, title=f"{year}年停车收费标准调整",
                                      lead_unit=catalogs.dept_a, planned="第三季度", methods=["online"])  # fmt: skip
    body = client.get("/api/v1/decisions", {"page_size": 2}).json()
    assert set(body) == {"items", "count", "page", "page_size"}
    assert (body["count"], body["page"], body["page_size"]) == (3, 1, 2)
    assert [c["year"] for c in body["items"]] == [2026, 2025]
    assert body["items"][0]["matters"][0]["title"] == "2026年停车收费标准调整"
    last = client.get("/api/v1/decisions", {"page_size": 2, "page": 2}).json()
    assert [c["year"] for c in last["items"]] == [2024]
    assert client.get("/api/v1/decisions", {"year": 2025}).json()["count"] == 1
