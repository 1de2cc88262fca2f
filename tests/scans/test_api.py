"""The staff API: findings scoped to the token's units, dismissal with a reason, a run queued (202)."""

from gongkai.scans.models import FindingStatus, RunStatus, ScanFinding, ScanRun
from tests.conftest import api_client

from .conftest import MOBILE, published, scan


def _findings(tree):
    published(tree.dept_a, "甲单位公示", f"<p>联系手机{MOBILE}</p>")
    published(tree.dept_b, "乙单位公示", f"<p>联系手机{MOBILE}</p>")
    scan()
    return {f.unit_id: f for f in ScanFinding.objects.all()}


def test_findings_are_listed_for_the_own_units_only_and_masked(tree, editor_a):
    _findings(tree)
    response = api_client(editor_a).get("/api/v1/staff/scans/findings?status=open")
    assert response.status_code == 200
    body = response.json()
    assert [row["item_title"] for row in body["items"]] == ["甲单位公示"]
    row = body["items"][0]
    assert row["kind"] == "personal" and row["rule_value"] == "mobile" and "139****2345" in row["excerpt"]
    assert MOBILE not in response.content.decode()
    assert api_client(editor_a).get("/api/v1/staff/scans/findings?kind=nope").status_code == 422


def test_dismissing_without_a_reason_is_refused_in_chinese_and_changes_nothing(tree, editor_a):
    mine = _findings(tree)[tree.dept_a.pk]
    client = api_client(editor_a)
    response = client.post(f"/api/v1/staff/scans/findings/{mine.pk}/dismiss", {"reason": "  "},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert "理由" in response.json()["error"]["message"] + str(response.json()["error"]["fields"])
    mine.refresh_from_db()
    assert mine.status == FindingStatus.OPEN
    response = client.post(f"/api/v1/staff/scans/findings/{mine.pk}/dismiss", {"reason": "单位公开电话"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    again = client.post(f"/api/v1/staff/scans/findings/{mine.pk}/dismiss", {"reason": "再次"},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 422


def test_another_units_finding_is_not_found(tree, editor_a):
    other = _findings(tree)[tree.dept_b.pk]
    response = api_client(editor_a).post(f"/api/v1/staff/scans/findings/{other.pk}/dismiss", {"reason": "x"},
                                         content_type="application/json")  # fmt: skip
    assert response.status_code == 404


def test_the_office_queues_a_run_an_editor_may_not(tree, office, editor_a):
    refused = api_client(editor_a).post("/api/v1/staff/scans/runs", {}, content_type="application/json")
    assert refused.status_code == 403
    response = api_client(office).post("/api/v1/staff/scans/runs", {"kind": "links"},
                                       content_type="application/json")  # fmt: skip
    assert response.status_code == 202
    run = ScanRun.objects.get()
    assert (response.json()["id"], run.kind, run.status) == (run.pk, "links", RunStatus.QUEUED)
    bad = api_client(office).post(
        "/api/v1/staff/scans/runs", {"kind": "all"}, content_type="application/json"
    )
    assert bad.status_code == 422 and ScanRun.objects.count() == 1
