"""An editor writes, checks and submits an item in the back office; a reviewer approves it; the public finds
it in its column, its feed and the API with its index number."""

import pytest
from django.utils import timezone

from gongkai.publishing.models import Column, InformationItem
from tests.browser.conftest import axe_violations

PASSWORD = "gongkai-demo-2026"


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/manage/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()


def test_write_check_submit_approve_and_find(live_server, page, demo_items):
    base = live_server.url
    login(page, base, "fgw_editor")
    page.goto(base + "/manage/admin/publishing/informationitem/add/")
    page.fill("#id_title", "临沂市发展和改革委员会关于公布第三批市级服务业集聚区名单的通知")
    page.fill("#id_summary", "公布第三批市级服务业集聚区名单。")
    page.fill("#id_doc_number", "临发改[2026]88号")
    page.fill("#id_written_on", timezone.localdate().isoformat())
    page.select_option("#id_topic", "国民经济管理")
    page.select_option("#id_genre", "通知")
    page.fill("#id_body", "<p>各县区发展改革局：</p><p>现将第三批市级服务业集聚区名单予以公布。</p>")
    page.select_option("#id_columns_from", label="市发展改革委 · 政策文件")
    page.click("#id_columns_add")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert "发布前检查：未发现问题。" in page.content()

    page.get_by_role("button", name="送审").click()
    page.wait_for_load_state()
    assert "已送审" in page.content()
    item = InformationItem.objects.get(title__contains="第三批市级服务业集聚区")
    assert item.status == "submitted" and item.doc_number == "临发改〔2026〕88号"

    login(page, base, "fgw_reviewer")
    page.goto(base + "/manage/admin/publishing/informationitem/?queue=review")
    page.get_by_role("link", name=item.title).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_load_state()
    assert "审核通过" in page.content()
    item.refresh_from_db()
    year = timezone.localdate().year
    assert item.status == "published"
    assert item.index_no.startswith(f"{item.unit.credit_code}/{year}-")

    policy = Column.objects.get(unit=item.unit, code="policy")
    page.context.clear_cookies()
    page.goto(base + policy.get_absolute_url())
    page.get_by_role("link", name=item.title).click()
    page.wait_for_load_state()
    assert item.index_no in page.locator("table.metadata").inner_text()
    assert axe_violations(page) == []

    feed = page.request.get(base + f"/xxgk/{item.unit_id}/columns/{policy.pk}/rss/")
    assert item.title in feed.text()
    api = page.request.get(base + f"/api/v1/items/by-index/{item.index_no}").json()
    assert api["id"] == item.pk


@pytest.mark.parametrize("elder", [False, True])
def test_openness_pages_have_no_serious_accessibility_findings(live_server, page, demo_items, elder):
    if elder:
        page.context.add_cookies([{"name": "gk_elder", "value": "1", "url": live_server.url}])
    item = InformationItem.objects.published().filter(validity="repealed").first()
    column = item.columns.first()
    paths = [
        "/xxgk/",
        f"/xxgk/{item.unit_id}/",
        f"/xxgk/{item.unit_id}/guide/",
        column.get_absolute_url(),
        item.get_absolute_url(),
        f"/xxgk/items/{item.pk}/print/",
    ]
    problems = {}
    for path in paths:
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}
