"""The 政府信息公开指南 generated from the unit's own data (Art. 12), its additions, and the to-do when
contact data is missing."""

import pytest
from django.urls import reverse

from gongkai.core import services as core_services
from gongkai.core import todo
from gongkai.core.actors import SYSTEM
from gongkai.publishing import guide
from tests.conftest import logged_in
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db

CONTACT = {
    "foi_office": "办公室（政务公开科）",
    "address": "临沂市北城新区市政府办公楼A座",
    "postcode": "276001",
    "office_hours": "工作日上午9:00-12:00，下午13:30-17:00",
    "phone": "0539-8721234",
    "fax": "0539-8721235",
    "email": "fgw@linyi.example.cn",
}


def fill(unit, **fields):
    return core_services.update_organization(actor=SYSTEM, organization=unit, **(fields or CONTACT))


def test_the_guide_lists_every_contact_line_and_channel(client, catalogs):
    fill(catalogs.dept_a)
    page = client.get(f"/xxgk/{catalogs.dept_a.pk}/guide/").text
    for value in CONTACT.values():
        assert value in page
    assert "依申请公开的受理机构：临沂市发展和改革委员会办公室（政务公开科）。" in page
    assert f'href="/foi/apply/?unit={catalogs.dept_a.pk}"' in page
    for channel in ("网上申请", "当面提交", "信函申请", "传真申请"):
        assert channel in page
    assert "12345政务服务便民热线" not in page  # complete data needs no fallback


def test_the_guide_states_the_fee_rule_and_the_remedies(client, catalogs):
    page = client.get(f"/xxgk/{catalogs.dept_a.pk}/guide/").text
    assert "国办函〔2020〕109号" in page
    assert "100元/件" in page and "40元/页（张）" in page
    assert "六十日内向临沂市人民政府申请行政复议" in page  # a department: its people's government
    assert "六个月内依法向人民法院提起行政诉讼" in page
    assert "行政复议法》第二十三条" in page


@pytest.mark.parametrize(
    ("unit", "organ"),
    [("county", "临沂市人民政府"), ("street", "临沂市兰山区人民政府"), ("city", "上一级人民政府")],
)
def test_the_reconsideration_organ_is_the_government_above(catalogs, unit, organ):
    assert guide.build(getattr(catalogs, unit)).reconsideration_organ == organ


def test_the_guide_names_the_organ_the_unit_sets(client, catalogs):
    """A vertically managed organ, or the top of the tree, names its own (the notices' organ too)."""
    catalogs.city.reconsideration_organ = "山东省人民政府"
    catalogs.city.save(update_fields=["reconsideration_organ"])
    assert "六十日内向山东省人民政府申请行政复议" in client.get(f"/xxgk/{catalogs.city.pk}/guide/").text


def test_the_top_government_names_the_government_above_generically(client, catalogs):
    page = client.get(f"/xxgk/{catalogs.city.pk}/guide/").text
    assert "六十日内向上一级人民政府申请行政复议" in page


def test_missing_contact_data_is_left_out_never_a_dash(client, catalogs):
    fill(catalogs.dept_a, phone="0539-8721234")
    page = client.get(f"/xxgk/{catalogs.dept_a.pk}/guide/").text
    main = page[page.index("<main") : page.index("</main>")]
    assert "—" not in main
    assert "0539-8721234" in main
    assert "<dt>办公地址</dt>" not in main and "传真号码" not in main
    assert "当面提交" not in main and "信函申请" not in main  # no address: nowhere to go or write to
    assert "12345政务服务便民热线" in main
    assert "网上申请" in main
    assert "依申请公开的受理机构：临沂市发展和改革委员会。" in main


def test_the_guide_lists_the_units_catalog_with_counts(client, catalogs, editor_a, reviewer_a):
    publish(
        make_item(catalogs.dept_a, actor=editor_a, columns=[column(catalogs.dept_a, "a20-07")]),
        editor_a,
        reviewer_a,
    )
    page = client.get(f"/xxgk/{catalogs.dept_a.pk}/guide/").text
    catalog = page[page.index('class="guide-catalog"') :]
    a20 = column(catalogs.dept_a, "a20-07")
    assert (
        f'<a href="{a20.get_absolute_url()}">财政预算、决算信息</a> <span class="count">1条</span>' in catalog
    )


def test_the_units_own_guide_text_is_shown_as_its_additions(client, catalogs, editor_a, reviewer_a):
    own = make_item(
        catalogs.dept_a,
        actor=editor_a,
        columns=[column(catalogs.dept_a, "xxgk-guide")],
        title="临沂市发展和改革委员会政府信息公开指南补充说明",
        body="<p>本机关在市政务服务中心二楼设有政府信息公开查阅点。</p>",
    )
    publish(own, editor_a, reviewer_a)
    page = client.get(f"/xxgk/{catalogs.dept_a.pk}/guide/").text
    assert page.index("三、监督和救济") < page.index("四、本机关补充说明") < page.index("政府信息公开查阅点")
    assert f'href="{own.get_absolute_url()}"' in page
    assert "一、主动公开" in page  # the generated part stays


def rows_for(user, kind="guide.contact"):
    return [row for row in todo.flat_todo_for(user) if row.kind == kind]


def test_missing_contact_data_is_a_to_do_for_the_unit_admin(catalogs, admin_a):
    fill(catalogs.dept_a, phone="0539-8721234", address="临沂市北城新区")
    rows = rows_for(admin_a)
    assert [row.title for row in rows] == ["补全政府信息公开指南的联系信息：临沂市发展和改革委员会"]
    assert rows[0].url == reverse("admin:core_organization_change", args=[catalogs.dept_a.pk])
    missing = rows[0].note.split("。")[0]
    assert "传真" in missing and "办公地址" not in missing


def test_the_to_do_goes_once_the_data_is_complete(catalogs, admin_a):
    fill(catalogs.dept_a)
    assert rows_for(admin_a) == []


def test_the_openness_office_sees_its_subtree_and_editors_see_nothing(
    catalogs, office, editor_a, county_office
):
    fill(catalogs.dept_a)
    office_units = {row.unit for row in rows_for(office)}
    assert "临沂市发展和改革委员会" not in office_units
    assert {"临沂市人民政府", "临沂市教育局", "临沂市兰山区人民政府", "兰山街道办事处"} <= office_units
    assert {row.unit for row in rows_for(county_office)} == {"临沂市兰山区人民政府", "兰山街道办事处"}
    assert rows_for(editor_a) == []


def test_the_to_do_opens_a_page_where_the_admin_fills_in_the_fax(catalogs, admin_a):
    client = logged_in(admin_a)
    url = rows_for(admin_a)[0].url
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="fax"' in page.text and 'name="foi_office"' in page.text


def test_the_online_form_link_chooses_the_unit(client, catalogs):
    page = client.get(f"/foi/apply/?unit={catalogs.dept_a.pk}").text
    assert f'<option value="{catalogs.dept_a.pk}" selected>' in page
    assert client.get("/foi/apply/?unit=abc").status_code == 200
