"""The normative documents register: issuing bodies, legality review, validity and expiry, clean-ups
changing statuses and banners, versions and their differences."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.policy import services
from gongkai.policy.models import Cleanup, CleanupDecision, IssuingBody, RegisterEntry
from tests.conftest import logged_in
from tests.publishing.conftest import make_item, publish

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def body(catalogs):
    return IssuingBody.objects.create(organization=catalogs.dept_a, basis="市政府办公室公布的制发主体清单")


def normative(catalogs, editor_a, reviewer_a, title="临沂市发展和改革委员会价格监督检查办法", **fields):
    return publish(
        make_item(catalogs.dept_a, actor=editor_a, title=title, genre="办法", **fields), editor_a, reviewer_a
    )


def entry_for(item, reviewer, body, **fields):
    return services.register(
        actor=reviewer, item=item, issuing_body=body, review_unit="临沂市司法局", reviewed_on=dt.date(2024, 2, 20),
        **fields,
    )  # fmt: skip


def test_default_validity_is_five_years_or_two_for_trial_documents():
    assert services.default_valid_until("某某管理办法", dt.date(2024, 3, 1)) == dt.date(2029, 2, 28)
    assert services.default_valid_until("某某管理暂行办法", dt.date(2024, 3, 1)) == dt.date(2026, 2, 28)
    assert services.default_valid_until("某某试行规定", dt.date(2024, 2, 29)) == dt.date(2026, 2, 28)


def test_registration_needs_a_listed_body_and_a_legality_review(catalogs, editor_a, reviewer_a, body):
    item = normative(catalogs, editor_a, reviewer_a, effective_on=dt.date(2024, 4, 1))
    with pytest.raises(ValidationError, match="合法性审核"):
        services.register(actor=reviewer_a, item=item, issuing_body=body)
    other = IssuingBody.objects.create(organization=catalogs.dept_b)
    with pytest.raises(ValidationError, match="制发主体清单"):
        entry_for(item, reviewer_a, other)
    entry = entry_for(item, reviewer_a, body)
    assert entry.registration_number == "LYCR-2024-0001"
    item.refresh_from_db()
    assert (item.effective_on, item.valid_until) == (dt.date(2024, 4, 1), dt.date(2029, 3, 31))
    with pytest.raises(ValidationError, match="已在台账中"):
        entry_for(item, reviewer_a, body)
    regulation = normative(catalogs, editor_a, reviewer_a, title="临沂市城市绿化管理办法")
    rule = services.register(actor=reviewer_a, item=regulation, kind="regulation", issuing_body=body)
    assert rule.registration_number == "临沂市人民政府令第1号"
    regulation.refresh_from_db()
    assert regulation.valid_until is None  # a regulation has no default period


def test_a_registered_document_expires_on_its_day_in_the_register_and_on_its_page(
    client, catalogs, editor_a, reviewer_a, body
):
    item = normative(
        catalogs, editor_a, reviewer_a, title="临沂市某某暂行办法", effective_on=dt.date(2024, 1, 1)
    )
    entry = entry_for(item, reviewer_a, body)
    with time_machine.travel(dt.datetime(2025, 12, 31, 23, 59, tzinfo=BEIJING)):
        assert client.get("/api/v1/register", {"validity": "valid"}).json()["count"] == 1
        assert "本文件已于" not in client.get(item.get_absolute_url()).text
    with time_machine.travel(dt.datetime(2026, 1, 1, 0, 1, tzinfo=BEIJING)):
        assert client.get("/api/v1/register", {"validity": "expired"}).json()["count"] == 1
        assert client.get(f"/api/v1/register/{entry.pk}").json()["validity_since"] == "2026-01-01"
        assert "本文件已于2026年1月1日失效。" in client.get(item.get_absolute_url()).text
        assert "失效" in client.get("/policy/register/", {"state": "expired"}).text


def test_a_cleanup_changes_statuses_and_banners(client, catalogs, editor_a, reviewer_a, body):
    keep = entry_for(normative(catalogs, editor_a, reviewer_a, title="继续有效的办法"), reviewer_a, body)
    old = entry_for(normative(catalogs, editor_a, reviewer_a, title="将被废止的办法"), reviewer_a, body)
    stale = entry_for(normative(catalogs, editor_a, reviewer_a, title="已不适用的通知"), reviewer_a, body)
    newer = normative(catalogs, editor_a, reviewer_a, title="新的价格监督检查办法")
    cleanup = Cleanup.objects.create(title="2026年规范性文件集中清理", unit=catalogs.dept_a, year=2026)
    CleanupDecision.objects.create(cleanup=cleanup, entry=keep, decision="keep")
    CleanupDecision.objects.create(cleanup=cleanup, entry=old, decision="repeal", reason="已被新办法替代",
                                   replacement=newer)  # fmt: skip
    missing_reason = CleanupDecision.objects.create(cleanup=cleanup, entry=stale, decision="expire")
    with pytest.raises(ValidationError, match="理由"):
        services.publish_cleanup(actor=reviewer_a, cleanup=cleanup, on=dt.date(2026, 6, 30))
    assert (
        client.get("/policy/cleanups/").text.count(cleanup.title) == 0
    )  # nothing published, nothing changed
    missing_reason.reason = "调整对象已消失"
    missing_reason.save()
    services.publish_cleanup(actor=reviewer_a, cleanup=cleanup, on=dt.date(2026, 6, 30))
    page = client.get(old.item.get_absolute_url()).text
    assert "本文件已于2026年6月30日废止。" in page and f'<a href="{newer.get_absolute_url()}">' in page
    assert "本文件已于2026年6月30日失效。" in client.get(stale.item.get_absolute_url()).text
    assert "本文件已于" not in client.get(keep.item.get_absolute_url()).text
    result = client.get(cleanup.get_absolute_url()).text
    assert "共清理 3 件：继续有效 1 件，修改 0 件，废止 1 件，宣布失效 1 件。" in result
    history = client.get(f"/api/v1/register/{old.pk}").json()["history"]
    assert history == [{"validity": "repealed", "on": "2026-06-30", "reason": "2026年规范性文件集中清理：已被新办法替代",
                        "by_item_id": newer.pk, "cleanup_id": cleanup.pk}]  # fmt: skip
    with pytest.raises(ValidationError, match="已经发布"):
        services.publish_cleanup(actor=reviewer_a, cleanup=cleanup)


def test_versions_keep_each_text_and_show_their_differences(client, catalogs, editor_a, reviewer_a, body):
    item = normative(
        catalogs,
        editor_a,
        reviewer_a,
        body="<p>第一条 为规范价格监督检查，制定本办法。</p><p>第二条 本办法自发布之日起施行。</p>",
    )
    entry = entry_for(item, reviewer_a, body)
    services.amend(
        actor=reviewer_a, entry=entry, effective_on=dt.date(2026, 7, 1), note="根据新修订的价格法修改第一条",
        body="<p>第一条 为规范价格监督检查，保护消费者权益，制定本办法。</p><p>第二条 本办法自发布之日起施行。</p>",
    )  # fmt: skip
    original = client.get(item.get_absolute_url()).text
    assert "保护消费者权益" in original and "本页为现行版本（第2版）" in original  # the version in force
    assert f'<a href="{entry.get_absolute_url()}">查看有效性变化和历次版本</a>' in original
    rows = services.compare(*entry.versions.all())
    assert rows[0][0] == "changed" and rows[1] == (
        "equal",
        "第二条 本办法自发布之日起施行。",
        "第二条 本办法自发布之日起施行。",
    )
    page = client.get(entry.get_absolute_url(), {"a": 1, "b": 2}).text
    assert "<del>第一条 为规范价格监督检查，制定本办法。</del>" in page
    assert "<ins>第一条 为规范价格监督检查，保护消费者权益，制定本办法。</ins>" in page
    assert [v["number"] for v in client.get(f"/api/v1/register/{entry.pk}").json()["versions"]] == [1, 2]


def test_public_register_pages_and_issuer_list(client, catalogs, editor_a, reviewer_a, body):
    entry = entry_for(normative(catalogs, editor_a, reviewer_a), reviewer_a, body)
    assert entry.registration_number in client.get("/policy/register/").text
    assert catalogs.dept_a.name in client.get("/policy/issuers/").text
    assert client.get("/api/v1/issuers").json()["items"][0]["name"] == catalogs.dept_a.name
    assert client.get("/api/v1/register", {"kind": "regulation"}).json()["count"] == 0


def test_staff_register_and_repeal_in_the_back_office(catalogs, editor_a, reviewer_a, body):
    item = normative(catalogs, editor_a, reviewer_a)
    form = {"kind": "normative", "item": item.pk, "issuing_body": body.pk, "registration_number": "",
            "review_unit": "临沂市司法局", "reviewed_on": "2024-02-20", "review_opinion": "合法", "valid_until": "",
            "history-TOTAL_FORMS": 0, "history-INITIAL_FORMS": 0, "versions-TOTAL_FORMS": 0, "versions-INITIAL_FORMS": 0}  # fmt: skip
    assert logged_in(editor_a).post("/manage/admin/policy/registerentry/add/", form).status_code == 403
    assert logged_in(reviewer_a).post("/manage/admin/policy/registerentry/add/", form).status_code == 302
    entry = RegisterEntry.objects.get(item=item)
    change = {"review_unit": "临沂市司法局", "reviewed_on": "2024-02-20", "review_opinion": "合法", "new_validity": "repealed",
              "change_on": "2026-05-01", "reason": "", "by_item": "",
              "history-TOTAL_FORMS": 0, "history-INITIAL_FORMS": 0, "versions-TOTAL_FORMS": 0, "versions-INITIAL_FORMS": 0}  # fmt: skip
    response = logged_in(reviewer_a).post(f"/manage/admin/policy/registerentry/{entry.pk}/change/", change)
    assert response.status_code == 200 and "变更有效性时请填写日期和理由" in response.text
    change["reason"] = "上位法已废止"
    assert (
        logged_in(reviewer_a)
        .post(f"/manage/admin/policy/registerentry/{entry.pk}/change/", change)
        .status_code
        == 302
    )
    item.refresh_from_db()
    assert (item.validity, item.validity_note) == ("repealed", "上位法已废止")


def test_annual_report_table_two_starts_from_and_is_checked_against_the_register(
    catalogs, editor_a, reviewer_a, body
):
    from gongkai.reports import services as reports
    from gongkai.reports.models import AnnualReport

    with time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=BEIJING)):
        kept = entry_for(normative(catalogs, editor_a, reviewer_a, title="保留的办法"), reviewer_a, body)
        gone = entry_for(normative(catalogs, editor_a, reviewer_a, title="当年废止的办法"), reviewer_a, body)
        rule = normative(catalogs, editor_a, reviewer_a, title="某某规章")
        services.register(actor=reviewer_a, item=rule, kind="regulation", issuing_body=body)
    services.change_state(
        actor=reviewer_a, entry=gone, validity="repealed", on=dt.date(2025, 9, 1), reason="废止"
    )
    services.change_state(
        actor=reviewer_a, entry=kept, validity="repealed", on=dt.date(2026, 2, 1), reason="次年废止"
    )
    figures = services.report_figures([catalogs.dept_a], 2025)
    assert figures == {
        "normative_documents": {"made": 2, "repealed": 1, "valid": 1},
        "regulations": {"made": 1, "repealed": 0, "valid": 1},
    }
    report = reports.start_report(actor=editor_a, unit=catalogs.dept_a, year=2025)
    assert report.table2_manual["normative_documents"] == {"made": 2, "repealed": 1, "valid": 1}
    assert not [p for p in reports.problems_for(report) if p.code == "V7"]
    AnnualReport.objects.filter(pk=report.pk).update(
        table2_manual={**report.table2_manual, "normative_documents": {"made": 3, "repealed": 1, "valid": 1}}
    )
    report.refresh_from_db()
    [problem] = [p for p in reports.problems_for(report) if p.code == "V7"]
    assert problem.message == "表二“行政规范性文件·本年制发件数”填报3件，规范性文件台账为2件。"


def test_the_office_records_cleanup_decisions_in_the_back_office(catalogs, editor_a, reviewer_a, body):
    entry = entry_for(normative(catalogs, editor_a, reviewer_a), reviewer_a, body)
    form = {
        "title": "2026年清理", "unit": catalogs.dept_a.pk, "year": 2026, "summary": "",
        "decisions-TOTAL_FORMS": 1, "decisions-INITIAL_FORMS": 0,
        "decisions-0-entry": entry.pk, "decisions-0-decision": "repeal", "decisions-0-reason": "已不适用",
        "decisions-0-replacement": "",
    }  # fmt: skip
    assert logged_in(reviewer_a).post("/manage/admin/policy/cleanup/add/", form).status_code == 302
    cleanup = Cleanup.objects.get(title="2026年清理")
    assert cleanup.decisions.get().decision == "repeal"
