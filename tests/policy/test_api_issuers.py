"""The issuing bodies over the API are a paged list like every other list."""

import pytest

from gongkai.policy.models import IssuingBody

pytestmark = pytest.mark.django_db


def test_issuers_are_paged_like_the_other_lists(catalogs, client):
    for unit in (catalogs.dept_a, catalogs.dept_b, catalogs.county):
        IssuingBody.objects.create(organization=unit, basis="市政府办公室公布的制发主体清单")
    body = client.get("/api/v1/issuers", {"page_size": 2}).json()
    assert set(body) == {"items", "count", "page", "page_size"}
    assert (body["count"], len(body["items"])) == (3, 2)
    rest = client.get("/api/v1/issuers", {"page_size": 2, "page": 2}).json()["items"]
    names = {row["name"] for row in body["items"] + rest}
    assert names == {catalogs.dept_a.name, catalogs.dept_b.name, catalogs.county.name}
