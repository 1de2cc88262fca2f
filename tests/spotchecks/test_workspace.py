"""The workspace pages of 双随机抽查 render in every state of a plan, in Chinese only."""

import pytest

from gongkai.spotchecks import services
from tests.conftest import logged_in
from tests.spotchecks.conftest import SYSTEM
from tests.staff_pages import data_values, english_on_page

pytestmark = pytest.mark.django_db

PAGES = ["/manage/spotchecks/", "/manage/spotchecks/plans/new/", "/manage/spotchecks/matters/new/",
         "/manage/spotchecks/inspectors/new/", "/manage/spotchecks/entities/new/", "/manage/spotchecks/entities/import/",
         "/manage/spotchecks/entities/?q=%E4%B8%B4%E6%B2%82"]  # fmt: skip


def chinese_only(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert english_on_page(response.content.decode(), data_values()) == {}, url


def test_every_page_renders_in_chinese_through_a_plans_life(plan, editor_a, matters):
    client = logged_in(editor_a)
    for url in [*PAGES, f"/manage/spotchecks/plans/{plan.pk}/", f"/manage/spotchecks/plans/{plan.pk}/edit/",
                f"/manage/spotchecks/matters/{matters[0].pk}/"]:  # fmt: skip
        chinese_only(client, url)
    services.commit_plan(actor=SYSTEM, plan=plan)
    chinese_only(client, f"/manage/spotchecks/plans/{plan.pk}/")
    assert (
        client.get(f"/manage/spotchecks/plans/{plan.pk}/edit/").status_code == 302
    )  # no edits once committed
    services.draw_plan(actor=SYSTEM, plan=plan)
    chinese_only(client, f"/manage/spotchecks/plans/{plan.pk}/")


def test_an_import_check_reports_without_importing(unit_a, editor_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.spotchecks.models import Entity
    from tests.spotchecks.conftest import code

    data = f"检查对象名称,统一社会信用代码\n只检查的公司,{code(77)}\n".encode()
    response = logged_in(editor_a).post("/manage/spotchecks/entities/import/", {
        "unit": unit_a.pk, "upload": SimpleUploadedFile("a.csv", data), "action": "check"})  # fmt: skip
    assert response.status_code == 200 and "可新增1户" in response.content.decode()
    assert not Entity.objects.filter(credit_code=code(77)).exists()


def test_a_conflict_is_recorded_on_a_draft_plan_and_shown(plan, editor_a, editor_b):
    from gongkai.spotchecks.models import Entity, Inspector

    entity = Entity.objects.filter(unit=plan.unit).first()
    inspector = Inspector.objects.filter(unit=plan.unit).first()
    url = f"/manage/spotchecks/plans/{plan.pk}/conflict/"
    assert logged_in(editor_b).post(url, {"entity": entity.pk, "inspector": inspector.pk}).status_code == 404
    assert logged_in(editor_a).post(url, {"entity": entity.pk, "inspector": inspector.pk}).status_code == 302
    plan.refresh_from_db()
    assert plan.conflicts == {entity.credit_code: [inspector.certificate_no]}
    page = logged_in(editor_a).get(f"/manage/spotchecks/plans/{plan.pk}/").content.decode()
    assert f"{inspector.name}（{inspector.certificate_no}） 回避 {entity.name}" in page
    response = logged_in(editor_a).post(url, {"entity": "", "inspector": inspector.pk})
    assert response.status_code == 200 and "请选择检查对象。" in response.content.decode()


def test_the_directory_is_searched_by_name_or_code(unit_a, editor_a, editor_b):
    from tests.spotchecks.conftest import code

    page = logged_in(editor_a).get(f"/manage/spotchecks/entities/?q={code(3).lower()}").content.decode()
    assert "临沂测试商贸有限公司03" in page and "临沂测试商贸有限公司04" not in page
    assert (
        "临沂测试商贸有限公司03"
        not in logged_in(editor_b).get("/manage/spotchecks/entities/").content.decode()
    )
