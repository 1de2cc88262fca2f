"""The workspace: a unit's editor sees and handles its own findings only; the office starts a run and keeps
the leaders' list; every decision is audited."""

import pytest

from gongkai.core.models import AuditEvent, Leader
from gongkai.scans.models import FindingStatus, RunStatus, ScanFinding, ScanRun
from tests.conftest import logged_in

from .conftest import MOBILE, published, scan


@pytest.fixture
def findings(tree):
    published(tree.dept_a, "甲单位公示", f"<p>联系手机{MOBILE}</p>")
    published(tree.dept_b, "乙单位公示", f"<p>联系手机{MOBILE}</p>")
    scan()
    return {f.unit_id: f for f in ScanFinding.objects.all()}


def test_an_editor_sees_only_the_own_units_findings(tree, editor_a, findings):
    page = logged_in(editor_a).get("/manage/scans/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "甲单位公示" in text and "乙单位公示" not in text
    assert MOBILE not in text and "139****2345" in text
    other = findings[tree.dept_b.pk]
    assert logged_in(editor_a).get(f"/manage/scans/findings/{other.pk}/").status_code == 404


def test_dismissing_needs_a_reason_and_is_audited(tree, editor_a, findings):
    mine = findings[tree.dept_a.pk]
    client = logged_in(editor_a)
    page = client.post(f"/manage/scans/findings/{mine.pk}/", {"reason": " "})
    assert page.status_code == 200 and "请填写忽略的理由" in page.content.decode()
    mine.refresh_from_db()
    assert mine.status == FindingStatus.OPEN
    client.post(f"/manage/scans/findings/{mine.pk}/", {"reason": "公开的服务热线"})
    mine.refresh_from_db()
    assert (mine.status, mine.reason, mine.decided_by) == (
        FindingStatus.DISMISSED,
        "公开的服务热线",
        editor_a,
    )
    event = AuditEvent.objects.get(action="scans.finding.dismissed")
    assert event.object_id == str(mine.pk) and event.unit == tree.dept_a
    # a re-scan leaves a dismissal as it is
    scan()
    mine.refresh_from_db()
    assert mine.status == FindingStatus.DISMISSED


def test_marked_fixed_but_still_there_reopens_on_the_next_scan(tree, editor_a, findings):
    mine = findings[tree.dept_a.pk]
    logged_in(editor_a).post(f"/manage/scans/findings/{mine.pk}/fix/")
    mine.refresh_from_db()
    assert mine.status == FindingStatus.FIXED
    assert AuditEvent.objects.filter(action="scans.finding.fixed").count() == 1
    scan()
    mine.refresh_from_db()
    assert mine.status == FindingStatus.OPEN


def test_only_the_office_starts_a_run_and_it_is_queued_not_run(tree, editor_a, office):
    logged_in(editor_a).post("/manage/scans/run/", {"kind": ""})
    assert not ScanRun.objects.exists()
    response = logged_in(office).post("/manage/scans/run/", {"kind": "personal"})
    assert response.status_code == 302
    run = ScanRun.objects.get()
    assert (run.kind, run.status, run.requested_by) == ("personal", RunStatus.QUEUED, office)


def test_the_office_keeps_the_leaders_list(tree, office, editor_a):
    client = logged_in(office)
    assert client.get("/manage/scans/leaders/").status_code == 200
    response = client.post("/manage/scans/leaders/new/", {
        "organization": tree.city.pk, "name": "孙立新", "title": "副市长", "since": "2025-03-01",
        "sort_order": 3, "is_active": "on", "duties": "",
    })  # fmt: skip
    assert response.status_code == 302
    leader = Leader.objects.get(name="孙立新")
    assert str(leader.since) == "2025-03-01"
    assert AuditEvent.objects.filter(action="core.leader.created", object_id=str(leader.pk)).exists()
    page = client.post("/manage/scans/leaders/new/", {"organization": tree.city.pk, "name": "", "title": "",
                                                     "since": "昨天", "sort_order": 1})  # fmt: skip
    assert page.status_code == 200 and "请填写姓名" in page.content.decode()
    assert logged_in(editor_a).post(f"/manage/scans/leaders/{leader.pk}/", {"name": "x"}).status_code == 404
