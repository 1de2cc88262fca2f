"""A visitor opens a published annual report from the navigation; its tables are the computed ones."""

from gongkai.reports.models import AnnualReport
from tests.browser.conftest import axe_violations


def test_visitor_opens_a_published_report(live_server, page, demo_items):
    # The city's newest report (the demo publishes seven years for several units; the list leads with them).
    report = (
        AnnualReport.objects.filter(status="published", unit__parent__isnull=True).order_by("-year").first()
    )
    page.goto(live_server.url + "/")
    # The annual reports are linked from every footer (the main menu keeps to a portal's entries).
    page.get_by_role("navigation", name="网站导航").get_by_role("link", name="政府信息公开年报").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=report.title).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == report.title
    table3 = page.locator("table.report-table").nth(1)
    new_row = table3.locator("tr", has_text="一、本年新收政府信息公开申请数量")
    assert new_row.locator("td").last.inner_text() == str(report.tables["t3"]["new_received"]["total"])
    assert axe_violations(page) == []
    docx = page.request.get(live_server.url + f"/reports/{report.unit_id}/{report.year}/report.docx")
    assert docx.status == 200 and docx.body()[:2] == b"PK"
