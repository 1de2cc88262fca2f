"""The inspection for the office and the units: the API's shape (`GET /api/v1/staff/inspection?site=`), the
daily job's history, the dashboard pages, manual findings with evidence, to-dos for the responsible units, and
no site outside one's reach."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gongkai.core import todo
from gongkai.inspection import services
from gongkai.inspection.models import DailyResult, Incident
from gongkai.sites.models import Site
from tests.conftest import api_client, logged_in

from .conftest import channel, column, message, published

pytestmark = pytest.mark.django_db
BUILT_IN = {"VETO_SECURITY", "VETO_UNREACHABLE", "VETO_HOME_STALE", "VETO_COLUMNS_STALE", "VETO_INTERACTION",
            "NM_VETO_SECURITY"}  # fmt: skip


@pytest.fixture
def stale(site, tree):
    """Five stale news columns of 市发展改革委 (the column veto trips) and a message of 市教育局 near three months."""
    from gongkai.supervision.models import UpdateCategory

    for i in range(5):
        c = column(tree.dept_a, f"dt{i}", f"工作动态{i}", UpdateCategory.NEWS)
        published(tree.dept_a, "动态", days_ago=30, columns=[c])
    message(channel(tree.city), tree.dept_b, received_days_ago=70)
    return site


def test_the_api_gives_every_indicator_with_value_threshold_status_and_records(stale, office):
    response = api_client(office).get(f"/api/v1/staff/inspection?site={stale.pk}")
    assert response.status_code == 200
    rows = {r["code"]: r for r in response.json()}
    assert set(rows) >= BUILT_IN
    columns = rows["VETO_COLUMNS_STALE"]
    assert set(columns) >= {"code", "label", "status", "value", "threshold", "items"}
    assert columns["status"] == "red" and columns["label"] == "栏目不更新"
    assert columns["value"].startswith("未按期更新5个") and "≥5" in columns["threshold"]
    assert (
        columns["items"][0]["url"].startswith("/xxgk/")
        and columns["items"][0]["unit"] == "临沂市发展和改革委员会"
    )
    assert rows["VETO_INTERACTION"]["status"] == "amber"


def test_another_governments_office_and_an_editor_cannot_read_the_site(stale, tree, county_office, editor_a):
    assert api_client(county_office).get(f"/api/v1/staff/inspection?site={stale.pk}").status_code == 404
    assert api_client(editor_a).get(f"/api/v1/staff/inspection?site={stale.pk}").status_code == 404
    assert api_client(county_office).get("/api/v1/staff/inspection?site=abc").status_code == 422
    assert logged_in(editor_a).get(reverse("workspace:inspection")).status_code == 403


def test_the_daily_job_keeps_each_days_results_and_a_rerun_replaces_them(stale, office):
    call_command("run_inspection", "--date", timezone.localdate().isoformat())
    call_command("run_inspection")
    kept = DailyResult.objects.filter(site=stale, day=timezone.localdate())
    assert kept.filter(code="VETO_COLUMNS_STALE", status="red").count() == 1
    history = api_client(office).get(f"/api/v1/staff/inspection/history?site={stale.pk}&days=7").json()
    assert {"day", "code", "label", "status", "value"} <= set(history[0])


def test_the_responsible_unit_gets_a_to_do_and_the_office_one_per_failing_site(
    stale, tree, editor_a, editor_b, office
):
    services.run_daily()
    rows = [r for group in todo.todo_for(editor_a) for r in group[1] if r.kind == "inspection.fix"]
    assert len(rows) == 5 and all(r.urgent for r in rows)
    assert rows[0].title.startswith("栏目不更新：工作动态")
    # 市教育局's message is on its list already (interaction's own to-dos); not twice
    assert not [r for g in todo.todo_for(editor_b) for r in g[1] if r.kind == "inspection.fix"]
    site_rows = [r for g in todo.todo_for(office) for r in g[1] if r.kind == "inspection.site"]
    assert [r.url for r in site_rows] == [reverse("workspace:inspection-site", args=[stale.pk])]
    assert "单项否决" in site_rows[0].title


def test_rerunning_one_site_keeps_the_other_sites_to_dos_and_one_failing_site_does_not_stop_the_job(
    stale, tree, office, monkeypatch
):
    county = Site.objects.create(root=tree.county, name="临沂市兰山区人民政府")
    services.run_daily(timezone.localdate() - dt.timedelta(days=1))
    services.run_daily(timezone.localdate(), sites=[county])  # "重新检查" of the county site only
    titles = [r.title for g in todo.todo_for(office) for r in g[1] if r.kind == "inspection.site"]
    assert any(t.startswith("临沂市人民政府") for t in titles)

    from gongkai.inspection import builtin

    real = builtin.column_freshness

    def broken(site, day):
        if site.pk == stale.pk:
            raise RuntimeError("broken indicator")
        return real(site, day)

    from gongkai.inspection import indicators

    original = indicators._indicators["VETO_COLUMNS_STALE"]
    monkeypatch.setitem(
        indicators._indicators, "VETO_COLUMNS_STALE", dataclasses.replace(original, compute=broken)
    )
    DailyResult.objects.all().delete()
    services.run_daily()
    assert (
        DailyResult.objects.filter(site=county).exists()
        and not DailyResult.objects.filter(site=stale).exists()
    )


def test_the_dashboard_shows_each_site_and_a_sites_page_says_what_to_fix(stale, tree, office):
    county = Site.objects.create(root=tree.county, name="临沂市兰山区人民政府")
    client = logged_in(office)
    overview = client.get(reverse("workspace:inspection")).content.decode()
    assert "临沂市人民政府" in overview and "临沂市兰山区人民政府" in overview and "不合格" in overview
    page = client.get(reverse("workspace:inspection-site", args=[stale.pk])).content.decode()
    assert "怎么改" in page and "工作动态0（市发展改革委）" in page
    assert client.get(reverse("workspace:inspection-site", args=[county.pk])).status_code == 200
    assert client.get(reverse("workspace:inspection-site", args=[999999])).status_code == 404


def test_a_finding_is_entered_with_evidence_resolved_and_its_evidence_is_private(site, office, citizen):
    client = logged_in(office)
    response = client.post(reverse("workspace:inspection-incident-new", args=[site.pk]), {
        "scope": "website", "kind": "wording", "occurred_on": timezone.localdate().isoformat(),
        "found_by": "省政务公开办", "description": "领导职务表述错误", "location": "/xxgk/items/1/",
        "evidence": SimpleUploadedFile("截图.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png"),
    })  # fmt: skip
    incident = Incident.objects.get()
    assert response.status_code == 302 and incident.evidence
    assert services.inspect(site)[0].status == "red"
    evidence = reverse("workspace:inspection-incident-evidence", args=[incident.pk])
    assert client.get(evidence).status_code == 200
    assert citizen.get(evidence).status_code in (302, 403)

    bad = client.post(reverse("workspace:inspection-incident", args=[incident.pk]),
                      {"resolved_on": "2000-01-01", "resolution": "已更正"})  # fmt: skip
    assert "整改完成日期不能早于发现日期" in bad.content.decode()
    client.post(reverse("workspace:inspection-incident", args=[incident.pk]),
                {"resolved_on": timezone.localdate().isoformat(), "resolution": "已更正原文"})  # fmt: skip
    incident.refresh_from_db()
    assert incident.resolution == "已更正原文"


def test_evidence_of_the_wrong_type_and_a_future_date_are_refused_in_chinese(site, office):
    client = logged_in(office)
    response = client.post(reverse("workspace:inspection-incident-new", args=[site.pk]), {
        "scope": "website", "kind": "wording", "occurred_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        "found_by": "x", "description": "y", "evidence": SimpleUploadedFile("a.exe", b"MZ"),
    })  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200 and "发现日期不能晚于今天" in body and "证据材料只能是" in body
    assert not Incident.objects.exists()


def test_the_api_records_and_resolves_a_finding(site, office):
    client = api_client(office)
    created = client.post("/api/v1/staff/inspection/incidents", {
        "site": site.pk, "scope": "newmedia", "kind": "opinion", "occurred_on": timezone.localdate().isoformat(),
        "found_by": "网信部门通报", "description": "账号发布不当内容引发负面舆情"}, content_type="application/json")  # fmt: skip
    assert created.status_code == 201
    codes = {r.code: r.status for r in services.inspect(site)}
    assert codes["NM_VETO_SECURITY"] == "red" and codes["VETO_SECURITY"] == "green"
    bad = client.post("/api/v1/staff/inspection/incidents", {**created.json(), "site": site.pk, "kind": "nope"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and "kind" in bad.json()["error"]["fields"]
    done = client.post(f"/api/v1/staff/inspection/incidents/{created.json()['id']}/resolve",
                       {"resolved_on": timezone.localdate().isoformat(), "resolution": "已删除并致歉"},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["resolved_on"] == timezone.localdate().isoformat()


def test_the_probe_settings_are_saved_and_a_path_without_a_slash_refused(site, office):
    client = logged_in(office)
    url = reverse("workspace:inspection-site", args=[site.pk])
    bad = client.post(url, {"probe-probe_base": "http://127.0.0.1:8000/", "probe-probe_paths": "xxgk",
                            "probe-probes_per_day": "48", "probe-is_active": "on"})  # fmt: skip
    assert "以“/”开头" in bad.content.decode()
    few = client.post(url, {"probe-probe_base": "", "probe-probe_paths": "/", "probe-probes_per_day": "5"})
    assert few.status_code == 200  # below 20 a day: refused
    client.post(url, {"probe-probe_base": "http://127.0.0.1:8000/", "probe-probe_paths": "/ /xxgk/",
                      "probe-probes_per_day": "96", "probe-is_active": "on"})  # fmt: skip
    assert services.probe_base(site) == "http://127.0.0.1:8000/"
    assert services.settings_for(site).probes_per_day == 96


def test_a_sites_page_shows_the_mornings_results_until_it_is_inspected_again(stale, tree, office):
    client = logged_in(office)
    url = reverse("workspace:inspection-site", args=[stale.pk])
    services.run_daily()
    page = client.get(url).content.decode()
    assert "检查的结果" in page and "未按期更新5个" in page
    from gongkai.publishing.models import Column

    for c in Column.objects.filter(code__startswith="dt"):
        published(tree.dept_a, "新动态", days_ago=0, columns=[c])
    assert "未按期更新5个" in client.get(url).content.decode()  # the kept result, until rerun
    assert client.post(reverse("workspace:inspection-run", args=[stale.pk])).status_code == 302
    assert "未按期更新0个" in client.get(url).content.decode()
