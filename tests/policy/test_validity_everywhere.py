"""A document whose 有效期至 was yesterday reads 失效 on every surface from today on, before the daily
``expire_documents`` job has recorded it: its page, the items API (field and filter), the policy list and API,
the register (page, filter, API) and search (hits, facets, filter)."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.policy import services as policy
from gongkai.policy.models import IssuingBody
from gongkai.publishing.models import InformationItem, Validity
from gongkai.search import service
from tests.publishing.conftest import make_item, publish

pytestmark = pytest.mark.django_db

RAN_OUT = "临沂市城区停车收费管理暂行办法"
IN_FORCE = "临沂市城区停车场建设管理办法"


@pytest.fixture
def documents(catalogs, editor_a, reviewer_a, django_capture_on_commit_callbacks):
    """Two normative documents of 市发展改革委, both registered: one whose period ended yesterday (nobody has
    run expire_documents), one in force until tomorrow."""
    today = timezone.localdate()
    body = IssuingBody.objects.create(organization=catalogs.dept_a, basis="市政府办公室公布的制发主体清单")
    made = {}
    for title, valid_until in (
        (RAN_OUT, today - dt.timedelta(days=1)),
        (IN_FORCE, today + dt.timedelta(days=1)),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            item = make_item(catalogs.dept_a, actor=editor_a, title=title, genre="办法",
                             body=f"<p>{title}停车收费。</p>", effective_on=dt.date(2024, 4, 1))  # fmt: skip
            item = publish(item, editor_a, reviewer_a)
            policy.register(actor=reviewer_a, item=item, issuing_body=body, review_unit="临沂市司法局",
                            reviewed_on=dt.date(2024, 2, 20), valid_until=valid_until)  # fmt: skip
        made[title] = InformationItem.objects.get(pk=item.pk)
    ran_out = made[RAN_OUT]
    assert (ran_out.validity, ran_out.valid_until) == ("valid", today - dt.timedelta(days=1))  # not recorded
    return made


def test_the_items_api_derives_the_validity(client, documents):
    ran_out, in_force = documents[RAN_OUT], documents[IN_FORCE]
    detail = client.get(f"/api/v1/items/{ran_out.pk}").json()
    assert (detail["validity"], detail["validity_label"]) == ("expired", "失效")
    assert detail["validity_changed_on"] == timezone.localdate().isoformat()
    assert client.get(f"/api/v1/items/{in_force.pk}").json()["validity"] == "valid"
    expired = [row["id"] for row in client.get("/api/v1/items", {"validity": "expired"}).json()["items"]]
    valid = [row["id"] for row in client.get("/api/v1/items", {"validity": "valid"}).json()["items"]]
    assert expired == [ran_out.pk]
    assert valid == [in_force.pk]
    assert client.get("/api/v1/items").json()["items"][0]["validity"] in ("valid", "expired")


def test_the_policy_list_and_api_derive_the_validity(client, documents):
    page = client.get("/policy/").text
    listed = page[page.index(RAN_OUT) :]
    assert '<span class="tag tag-warn">失效</span>' in listed[: listed.index("</li>")]
    policies = {row["title"]: row["validity"] for row in client.get("/api/v1/policies").json()["items"]}
    assert policies == {RAN_OUT: "expired", IN_FORCE: "valid"}


def test_the_register_derives_the_validity(client, documents):
    number = documents[RAN_OUT].register_entry.registration_number
    expired_page = client.get("/policy/register/", {"state": "expired"}).text
    valid_page = client.get("/policy/register/", {"state": "valid"}).text
    assert RAN_OUT in expired_page and IN_FORCE not in expired_page
    assert IN_FORCE in valid_page and RAN_OUT not in valid_page
    rows = client.get("/api/v1/register", {"validity": "expired"}).json()["items"]
    assert [(row["title"], row["validity"], row["validity_since"]) for row in rows] == [
        (RAN_OUT, "expired", timezone.localdate().isoformat())
    ]
    assert number in expired_page


def test_search_derives_the_validity_in_hits_facets_and_filter(client, documents):
    found = service.search("停车收费")
    by_title = {hit.doc.title: hit.doc for hit in found.hits}
    assert by_title[RAN_OUT].current_validity == "expired" and by_title[RAN_OUT].validity_label == "失效"
    assert by_title[IN_FORCE].current_validity == "valid"
    assert {value: n for value, _label, n in found.facets["validity"]} == {"expired": 1, "valid": 1}
    expired = service.search("停车收费", filters={"validity": "expired"})
    assert [hit.doc.title for hit in expired.hits] == [RAN_OUT]
    assert [hit.doc.title for hit in service.search("停车收费", filters={"validity": "valid"}).hits] == [
        IN_FORCE
    ]
    hits = client.get("/api/v1/search", {"q": "停车收费", "scope": "all"}).json()
    assert {hit["title"]: hit["validity"] for hit in hits["hits"]} == {RAN_OUT: "expired", IN_FORCE: "valid"}
    page = client.get("/search/", {"q": "停车收费管理暂行办法"}).text
    assert '<span class="tag tag-warn">失效</span>' in page


def test_an_item_page_says_when_it_lapsed_and_labels_its_date_of_entry_into_force(client, documents):
    today = timezone.localdate()
    page = client.get(documents[RAN_OUT].get_absolute_url()).text
    cell = page[page.index('<th scope="row">有效性</th>') :]
    cell = cell[: cell.index("</td>")]
    assert f"失效（自{today.year}年{today.month}月{today.day}日起）" in cell
    assert "施行日期：2024年4月1日" in cell and "起施行" not in cell
    valid = client.get(documents[IN_FORCE].get_absolute_url()).text
    cell = valid[valid.index('<th scope="row">有效性</th>') :]
    assert cell[: cell.index("</td>")].startswith(
        '<th scope="row">有效性</th><td>有效<br>施行日期：2024年4月1日'
    )


@pytest.mark.parametrize(
    ("recorded", "ends", "today_is"),
    [
        ("valid", None, "valid"),
        ("valid", 0, "valid"),  # the last day of the period
        ("valid", -1, "expired"),  # the day after
        ("valid", 1, "valid"),
        ("expired", 5, "expired"),
        ("repealed", -1, "repealed"),
        ("amended", -3, "amended"),
    ],
)
def test_the_database_and_the_item_agree_on_the_validity(catalogs, recorded, ends, today_is):
    from gongkai.publishing.models import in_validity

    today = dt.date(2026, 8, 4)
    valid_until = today + dt.timedelta(days=ends) if ends is not None else None
    item = make_item(catalogs.dept_a, effective_on=dt.date(2024, 4, 1))
    InformationItem.objects.filter(pk=item.pk).update(validity=recorded, valid_until=valid_until)
    item.refresh_from_db()
    assert item.current_validity(today=today).validity == today_is
    for value in Validity.values:
        chosen = InformationItem.objects.in_validity(value, today).filter(pk=item.pk).exists()
        assert chosen == (value == today_is), value
        assert InformationItem.objects.filter(in_validity(value, today=today), pk=item.pk).exists() == chosen


def test_column_and_unit_listings_derive_the_validity(client, documents):
    ran_out = documents[RAN_OUT]
    column = ran_out.columns.first()
    for path in (
        f"/xxgk/{column.unit_id}/columns/{column.pk}/",
        f"/xxgk/{column.unit_id}/",
    ):
        page = client.get(path).text
        if RAN_OUT not in page:
            continue
        row = page[page.index(RAN_OUT) :].split("</li>")[0]
        assert "失效" in row, path
        if IN_FORCE in page:
            assert "失效" not in page[page.index(IN_FORCE) :].split("</li>")[0], path
    page = client.get(f"/xxgk/{column.unit_id}/columns/{column.pk}/").text
    assert RAN_OUT in page
