"""Correction of records (条例第四十一条): a case runs from the request (web form, API, staff intake) to the
notice with remedies; the limit is the office's, in working days on the holiday calendar; each outcome's
validation; privacy as applications; reach per unit; retries register once; statistics count it."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.core.models import AuditEvent
from gongkai.foi import corrections, statistics
from gongkai.foi.models import (
    CorrectionOutcome,
    CorrectionStatus,
    ProcedureSettings,
    RecordCorrection,
)
from tests.challenges import proof
from tests.conftest import api_client, logged_in
from tests.demo_db import demo
from tests.foi.conftest import VALID_ID

pytestmark = pytest.mark.django_db

__all__ = ["demo"]

PRIVATE = ("张三丰", VALID_ID, "13805391234", "沂蒙路1号", "zhang@example.com")


def request_data(**overrides) -> dict:
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "张三丰",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13805391234",
        "email": "zhang@example.com",
        "address": "临沂市兰山区沂蒙路1号",
        "record_name": "不动产登记簿（兰山区某小区3号楼2单元101室）",
        "current_text": "权利人：张三峰",
        "requested_text": "权利人：张三丰",
        "reason": "登记时姓名录入错误，附身份证和购房合同。",
    }
    data.update(overrides)
    return data


def lodge(actor, unit, received_on, **overrides):
    case, _secret, _created = corrections.register(
        actor=actor, unit=unit, data=request_data(**overrides), channel="in_person", received_on=received_on
    )
    return case


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


# From the request to the notice -------------------------------------------------------------------------


def test_web_form_to_notice(client, tree, office):
    form = {"unit": tree.dept_a.pk, "submission_key": "corr-key-1", **request_data(), **proof(client, "foi")}
    form["help_needs"] = ["visual"]
    form["help_contact"] = "请电话联系"
    page = client.post("/foi/corrections/new/", form)
    assert page.status_code == 200, page.text
    case = RecordCorrection.objects.get()
    assert case.tracking_code in page.text and case.status == CorrectionStatus.RECEIVED
    assert case.help_needs == ["visual"]
    secret = page.text.split('id="secret">')[1].split("<")[0]
    # a retried post (same key and content) registers once and shows the same secret
    again = client.post("/foi/corrections/new/", form)
    assert RecordCorrection.objects.count() == 1 and f'id="secret">{secret}<' in again.text

    tracked = client.post("/foi/corrections/track/", {"tracking_code": case.tracking_code, "secret": secret})
    assert "张**" in tracked.text and "已登记" in tracked.text
    for private in PRIVATE:
        assert private not in tracked.text

    corrections.decide(actor=office, case=case, outcome="corrected", text="已将权利人姓名更正为“张三丰”。")
    tracked = client.post("/foi/corrections/track/", {"tracking_code": case.tracking_code, "secret": secret})
    assert "予以更正" in tracked.text
    link = tracked.text.split('href="/foi/corrections/notice/')[1].split('"')[0]
    pdf = client.get("/foi/corrections/notice/" + link.replace(".docx", ".pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "更正申请处理告知书" in text and "予以更正" in text and "申请行政复议" in text
    # large print (Art. 43): offered on the tracking page, the same text in a 22 pt body
    assert "大字版PDF" in tracked.text
    large = client.get("/foi/corrections/notice/" + link.replace(".docx", ".large-pdf"))
    assert large.status_code == 200 and large["Content-Type"] == "application/pdf"
    assert "申请行政复议" in _pdf_text(large.content)
    assert _pages(large.content) > _pages(pdf.content)
    assert client.get("/foi/corrections/notice/forged:abc.pdf").status_code == 404


def test_api_request_to_notice_with_each_outcome_text(client, tree, office, editor_a):
    body = {
        "unit_id": tree.dept_a.pk,
        "submission_key": "api-corr-1",
        **request_data(),
        **proof(client, "foi"),
    }
    first = client.post("/api/v1/foi/corrections", body, content_type="application/json")
    again = client.post("/api/v1/foi/corrections", body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200), first.content
    assert first.json()["secret"] == again.json()["secret"]
    assert RecordCorrection.objects.count() == 1
    code, secret = first.json()["tracking_code"], first.json()["secret"]

    staff = api_client(editor_a)
    case_id = RecordCorrection.objects.get().pk
    assert staff.post(f"/api/v1/staff/foi/corrections/{case_id}/start").json()["status"] == "in_progress"
    refused = staff.post(
        f"/api/v1/staff/foi/corrections/{case_id}/decision",
        {"outcome": "refused"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "理由" in refused.content.decode()
    decided = staff.post(
        f"/api/v1/staff/foi/corrections/{case_id}/decision",
        {"outcome": "refused", "text": "所附购房合同载明的姓名与登记申请书一致，不能证明登记有误。"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["outcome"] == "refused"
    docx = staff.get(f"/api/v1/staff/foi/corrections/{case_id}/notice.docx")
    text = _docx_text(docx.content)
    assert "不予更正" in text and "理由如下" in text
    # the remedies: a department's decision goes to its people's government
    assert f"向{tree.city.name}申请行政复议" in text and "六个月内" in text

    tracked = client.post(
        "/api/v1/foi/corrections/track",
        {"tracking_code": code, "secret": secret},
        content_type="application/json",
    )
    assert tracked.status_code == 200 and tracked.json()["outcome"] == "refused"
    assert [n["format"] for n in tracked.json()["notice"]] == ["docx", "pdf", "large-pdf"]
    for private in PRIVATE:
        assert private not in tracked.content.decode()
    bad = client.post(
        "/api/v1/foi/corrections/track",
        {"tracking_code": code, "secret": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 404


def test_api_refuses_bad_input_in_chinese_and_creates_nothing(client, tree):
    body = {"unit_id": tree.dept_a.pk, **request_data(id_number="110105194912310021"), **proof(client, "foi")}
    refused = client.post("/api/v1/foi/corrections", body, content_type="application/json")
    assert refused.status_code == 422 and "身份证号码" in refused.content.decode()
    body = {
        "unit_id": tree.dept_a.pk,
        **request_data(requested_text="权利人：张三峰"),
        **proof(client, "foi"),
    }
    same = client.post("/api/v1/foi/corrections", body, content_type="application/json")
    assert same.status_code == 422 and "相同" in same.content.decode()
    assert not RecordCorrection.objects.exists()


def test_the_api_asks_for_the_challenge(client, tree):
    body = {"unit_id": tree.dept_a.pk, **request_data()}
    assert client.post("/api/v1/foi/corrections", body, content_type="application/json").status_code in (
        400,
        422,
    )
    assert not RecordCorrection.objects.exists()


# The limit ------------------------------------------------------------------------------------------------


def test_limit_is_the_offices_in_working_days_across_a_holiday(tree, office):
    # received Friday 27 September 2024: National Day 1-7 October, make-up Sunday 29 September and
    # Saturday 12 October; 20 working days end on Wednesday 30 October (weekdays alone: 25 October)
    case = lodge(office, tree.dept_a, dt.date(2024, 9, 27))
    assert case.due_on == dt.date(2024, 10, 30)
    ProcedureSettings.objects.create(record_correction_days=10)
    shorter = lodge(office, tree.dept_a, dt.date(2024, 9, 27), current_text="权利人：张三")
    # 29 Sep, 30 Sep, 8, 9, 10, 11, 12 (Sat, worked), 14, 15, 16 October
    assert shorter.due_on == dt.date(2024, 10, 16)


# Each outcome's validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "kwargs", "field"),
    [
        ("corrected", {}, "text"),
        ("refused", {}, "text"),
        ("transferred", {}, "other_organ"),
        ("referred", {}, "other_organ"),
        ("transferred", {"other_organ": "临沂市发展和改革委员会"}, "other_organ"),
        ("nonsense", {}, "outcome"),
    ],
)
def test_each_outcome_needs_what_it_says(tree, office, outcome, kwargs, field):
    case = lodge(office, tree.dept_a, dt.date(2024, 9, 27))
    with pytest.raises(ValidationError) as caught:
        corrections.decide(actor=office, case=case, outcome=outcome, **kwargs)
    assert field in caught.value.message_dict
    case.refresh_from_db()
    assert case.status == CorrectionStatus.RECEIVED and not case.outcome


def test_transfer_and_referral_name_the_organ_and_a_decided_case_is_final(tree, office):
    case = lodge(office, tree.dept_a, dt.date(2024, 9, 27))
    corrections.decide(actor=office, case=case, outcome="transferred", other_organ="临沂市自然资源和规划局")
    case.refresh_from_db()
    text = " ".join(corrections.build_notice(case).paragraphs)
    assert "转送有权更正的临沂市自然资源和规划局处理" in text and "申请行政复议" in text
    with pytest.raises(ValidationError):
        corrections.decide(actor=office, case=case, outcome="corrected", text="x")
    other = lodge(office, tree.dept_a, dt.date(2024, 9, 27), current_text="权利人：张")
    corrections.decide(actor=office, case=other, outcome="referred", other_organ="兰山区市场监督管理局")
    other.refresh_from_db()
    assert "请您向有权更正的兰山区市场监督管理局提出" in " ".join(corrections.build_notice(other).paragraphs)
    assert AuditEvent.objects.filter(action="foi.correction.decided").count() == 2


def test_a_decision_cannot_be_dated_in_the_future_or_before_receipt(tree, office):
    case = lodge(office, tree.dept_a, dt.date(2024, 9, 27))
    for on in (dt.date(2024, 9, 26), dt.date(2999, 1, 1)):
        with pytest.raises(ValidationError) as caught:
            corrections.decide(actor=office, case=case, outcome="corrected", text="x", on=on)
        assert "on" in caught.value.message_dict


# Privacy and reach ------------------------------------------------------------------------------------------


def test_the_staff_list_has_no_identity_and_the_detail_is_audited(tree, office, editor_a, editor_b):
    case = lodge(office, tree.dept_a, dt.date(2024, 9, 27))
    listed = api_client(editor_a).get("/api/v1/staff/foi/corrections")
    assert listed.status_code == 200 and listed.json()["items"][0]["tracking_code"] == case.tracking_code
    for private in PRIVATE:
        assert private not in listed.content.decode()
    detail = api_client(editor_a).get(f"/api/v1/staff/foi/corrections/{case.pk}")
    assert detail.json()["applicant_name"] == "张三丰"
    assert AuditEvent.objects.filter(action="foi.correction.identity_viewed").count() == 1
    # another unit's staff: not in the list, 404 on the detail and the decision
    other = api_client(editor_b)
    assert other.get("/api/v1/staff/foi/corrections").json()["items"] == []
    assert other.get(f"/api/v1/staff/foi/corrections/{case.pk}").status_code == 404
    decided = other.post(
        f"/api/v1/staff/foi/corrections/{case.pk}/decision",
        {"outcome": "corrected", "text": "x"},
        content_type="application/json",
    )
    assert decided.status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - the service refuses too, whatever the caller
        corrections.decide(actor=editor_b, case=case, outcome="corrected", text="x")
    assert logged_in(editor_b).get(f"/manage/foi/corrections/{case.pk}/").status_code == 404


def test_staff_intake_through_the_api(tree, editor_a):
    staff = api_client(editor_a)
    body = {**request_data(), "unit_id": tree.dept_a.pk, "channel": "oral", "received_on": "2024-09-27"}
    made = staff.post("/api/v1/staff/foi/corrections", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["due_on"] == "2024-10-30"
    future = {**body, "received_on": "2999-01-01", "current_text": "x"}
    refused = staff.post("/api/v1/staff/foi/corrections", future, content_type="application/json")
    assert refused.status_code == 422 and "晚于今天" in refused.content.decode()


# The workspace ------------------------------------------------------------------------------------------------


def test_workspace_intake_list_detail_and_decision(tree, editor_a):
    client = logged_in(editor_a)
    intake = client.get("/manage/foi/corrections/new/")
    assert intake.status_code == 200
    posted = client.post(
        "/manage/foi/corrections/new/",
        {**request_data(), "unit": tree.dept_a.pk, "channel": "in_person", "received_on": "2024-09-27"},
    )
    case = RecordCorrection.objects.get()
    assert posted.status_code == 302 and posted["Location"].endswith(f"/manage/foi/corrections/{case.pk}/")
    listing = client.get("/manage/foi/corrections/")
    assert case.tracking_code in listing.text
    for private in PRIVATE:
        assert private not in listing.text
    page = client.get(f"/manage/foi/corrections/{case.pk}/")
    assert "张**" in page.text and VALID_ID not in page.text
    shown = client.post(f"/manage/foi/corrections/{case.pk}/applicant/")
    assert VALID_ID in shown.text
    bad = client.post(
        f"/manage/foi/corrections/{case.pk}/decision/", {"outcome": "refused", "text": "", "on": "2024-10-08"}
    )
    assert bad.status_code == 200 and "请写明理由" in bad.text
    done = client.post(
        f"/manage/foi/corrections/{case.pk}/decision/",
        {"outcome": "corrected", "text": "已更正。", "on": "2024-10-08"},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.outcome == CorrectionOutcome.CORRECTED and case.decided_on == dt.date(2024, 10, 8)
    assert client.get(f"/manage/foi/corrections/{case.pk}/notice.docx").content[:2] == b"PK"
    assert client.get(f"/manage/foi/corrections/{case.pk}/notice.large-pdf").content[:4] == b"%PDF"


def test_an_open_case_is_on_the_todo_list_with_days_left(tree, office, editor_a):
    from gongkai.core import todo

    today = dt.date(2024, 10, 28)
    case = lodge(office, tree.dept_a, dt.date(2024, 9, 27))
    rows = [t for t in todo.flat_todo_for(editor_a, today) if t.kind == "foi.correction"]
    assert [r.title.split()[0] for r in rows] == [case.tracking_code]
    assert rows[0].working_days_left == 2 and rows[0].due_on == dt.date(2024, 10, 30)
    corrections.decide(actor=office, case=case, outcome="corrected", text="已更正。", on=dt.date(2024, 10, 8))
    assert not [t for t in todo.flat_todo_for(editor_a, today) if t.kind == "foi.correction"]


# Statistics ------------------------------------------------------------------------------------------------------


def test_statistics_count_received_decided_and_by_outcome(client, tree, office):
    with time_machine.travel(dt.datetime(2024, 12, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        first = lodge(office, tree.dept_a, dt.date(2024, 9, 27))
        lodge(office, tree.dept_a, dt.date(2024, 10, 8), current_text="权利人：张")
        lodge(office, tree.dept_b, dt.date(2024, 10, 8))
        corrections.decide(
            actor=office, case=first, outcome="refused", text="不能证明。", on=dt.date(2024, 10, 9)
        )
    rows = {row["unit"]: row for row in statistics.compute(year=2024)}
    a = rows[tree.dept_a.name]["corrections"]
    assert (a["received"], a["decided"], a["refused"], a["corrected"]) == (2, 1, 1, 0)
    assert rows["合计"]["corrections"]["received"] == 3
    # table 3 of the annual report and the applications' counts are untouched
    assert rows[tree.dept_a.name]["received"] == 0
    page = client.get("/foi/statistics/", {"year": 2024}).text
    assert "更正政府信息记录" in page
    csv = client.get("/foi/statistics.csv", {"year": 2024}).content.decode("utf-8-sig")
    assert "更正申请收到" in csv.splitlines()[0]
    api = client.get("/api/v1/foi/statistics", {"year": 2024}).json()
    assert {row["unit"]: row["corrections"]["received"] for row in api}[tree.dept_a.name] == 2
    for body in (page, csv, str(api)):
        for private in PRIVATE:
            assert private not in body


# Review of issue 25: help needs for the handling unit only, the receipt date, the record's name, the help
# rule shared with applications, notice numbers under concurrency ------------------------------------------------

HELP_CONTACT = "女儿13912345678"


def test_help_needs_and_contact_reach_the_handling_unit_only(tree, office, editor_a):
    case = lodge(office, tree.dept_a, dt.date(2024, 9, 27), help_needs=["visual"], help_contact=HELP_CONTACT)
    # the supervising city office reaches the case, but not the help the applicant asked for
    city = api_client(office).get(f"/api/v1/staff/foi/corrections/{case.pk}").json()
    assert city["applicant_name"] == "张三丰"
    assert (city["help_needs"], city["help_contact"]) == ([], "")
    shown = logged_in(office).post(f"/manage/foi/corrections/{case.pk}/applicant/")
    assert VALID_ID in shown.text
    assert HELP_CONTACT not in shown.text and "视力障碍" not in shown.text
    # the handling unit sees both
    handling = api_client(editor_a).get(f"/api/v1/staff/foi/corrections/{case.pk}").json()
    assert (handling["help_needs"], handling["help_contact"]) == (["visual"], HELP_CONTACT)
    shown = logged_in(editor_a).post(f"/manage/foi/corrections/{case.pk}/applicant/")
    assert HELP_CONTACT in shown.text and "视力障碍" in shown.text
    # the case page itself says only that help was asked for
    page = logged_in(editor_a).get(f"/manage/foi/corrections/{case.pk}/")
    assert "申请人需要帮助" in page.text and HELP_CONTACT not in page.text and "视力障碍" not in page.text


@pytest.mark.parametrize("received_on", [dt.date(1, 1, 1), dt.date(1900, 1, 1), dt.date(2008, 4, 30)])
def test_a_receipt_date_before_the_regulation_is_refused(tree, office, editor_a, received_on):
    with pytest.raises(ValidationError) as caught:
        lodge(office, tree.dept_a, received_on)
    assert "received_on" in caught.value.message_dict
    assert "2008" in caught.value.message_dict["received_on"][0]
    body = {**request_data(), "unit_id": tree.dept_a.pk, "channel": "oral", "received_on": str(received_on)}
    refused = api_client(editor_a).post(
        "/api/v1/staff/foi/corrections", body, content_type="application/json"
    )
    assert refused.status_code == 422 and "2008" in refused.content.decode()
    form = {**request_data(), "unit": tree.dept_a.pk, "channel": "in_person", "received_on": str(received_on)}
    page = logged_in(editor_a).post("/manage/foi/corrections/new/", form)
    assert page.status_code == 200 and "2008" in page.text
    assert not RecordCorrection.objects.exists()
    # the first day the Regulation was in force is accepted
    assert lodge(office, tree.dept_a, dt.date(2008, 5, 1)).received_on == dt.date(2008, 5, 1)


def test_the_records_name_is_on_the_detail_only(tree, office, editor_a):
    from gongkai.core import todo

    record = "兰山区某小区3号楼2单元101室"
    case = lodge(office, tree.dept_a, dt.date(2024, 9, 27))
    for user in (office, editor_a):
        listed = api_client(user).get("/api/v1/staff/foi/corrections")
        assert listed.json()["items"][0]["tracking_code"] == case.tracking_code
        assert "record_name" not in listed.json()["items"][0] and record not in listed.content.decode()
        listing = logged_in(user).get("/manage/foi/corrections/")
        assert case.tracking_code in listing.text and record not in listing.text
    titles = [
        t.title for t in todo.flat_todo_for(editor_a, dt.date(2024, 10, 28)) if t.kind == "foi.correction"
    ]
    assert titles and all(record not in title for title in titles)
    started = api_client(editor_a).post(f"/api/v1/staff/foi/corrections/{case.pk}/start")
    assert started.status_code == 200 and record not in started.content.decode()
    assert (
        record in api_client(editor_a).get(f"/api/v1/staff/foi/corrections/{case.pk}").json()["record_name"]
    )
    assert record in logged_in(editor_a).get(f"/manage/foi/corrections/{case.pk}/").text


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"help_needs": 5}, "help_needs"),
        ({"help_needs": "visual"}, "help_needs"),
        ({"help_needs": ["visual", "flying"]}, "help_needs"),
        ({"help_contact": HELP_CONTACT}, "help_needs"),  # the applications' rule: a contact needs a need
    ],
)
def test_help_needs_follow_the_applications_rule(tree, office, overrides, field):
    with pytest.raises(ValidationError) as caught:
        lodge(office, tree.dept_a, dt.date(2024, 9, 27), **overrides)
    assert field in caught.value.message_dict
    assert not RecordCorrection.objects.exists()


def test_help_needs_are_stored_as_applications_store_them(tree, office):
    case = lodge(office, tree.dept_a, dt.date(2024, 9, 27), help_needs=["writing", "visual", "visual"])
    assert case.help_needs == ["visual", "writing"]  # each once, in the order of HelpNeed
    assert (
        lodge(office, tree.dept_a, dt.date(2024, 9, 27), current_text="x", help_needs=None).help_needs == []
    )


def test_a_decision_locks_the_unit_before_numbering(tree, office, monkeypatch):
    from django.db.models import QuerySet

    from gongkai.core.models import Organization

    locked = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        locked.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    first = lodge(office, tree.dept_a, dt.date(2024, 9, 27))
    second = lodge(office, tree.dept_a, dt.date(2024, 9, 27), current_text="权利人：张")
    corrections.decide(
        actor=office, case=first, outcome="corrected", text="已更正。", on=dt.date(2024, 10, 8)
    )
    assert Organization in locked
    corrections.decide(
        actor=office, case=second, outcome="refused", text="不能证明。", on=dt.date(2024, 10, 9)
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.notice_number.endswith("〔2024〕1号") and second.notice_number.endswith("〔2024〕2号")


# The demo ----------------------------------------------------------------------------------------------------------


def test_the_demo_has_cases_in_each_state_and_outcome(demo, client):
    states = set(RecordCorrection.objects.values_list("status", flat=True))
    outcomes = set(RecordCorrection.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert states == set(CorrectionStatus.values) and outcomes == set(CorrectionOutcome.values)
    assert client.get("/foi/corrections/new/").status_code == 200
    assert "更正政府信息记录" in client.get("/foi/").text
