"""Review 26 fixes: mistyped numbers in query strings and forms, naive datetimes and over-long text give
Chinese answers instead of 500s; two invitations of one entry at once; editors do not see personal links;
the staff consultation list costs the same queries however many rows it shows."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.core.uscc import make_code
from gongkai.participation import invitations
from gongkai.participation.models import (
    Clause,
    Consultation,
    ConsultationKind,
    Invitation,
    Proposal,
    Stakeholder,
)
from tests.conftest import api_client, logged_in

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "²"  # str.isdigit() is true, int() refuses it


@pytest.fixture
def consultation(tree):
    now = timezone.now()
    found = Consultation.objects.create(
        title="临沂市支持物流企业发展若干措施（征求意见稿）", unit=tree.dept_a, is_published=True,
        draft="第一条 为支持物流企业发展，制定本措施。", starts_at=now - dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=28),
    )  # fmt: skip
    Clause.objects.create(
        consultation=found, number=1, label="第一条", text="为支持物流企业发展，制定本措施。"
    )
    return found


def _entry(tree, n, **changes):
    fields = {
        "name": f"临沂市第{n}号行业协会", "kind": "association", "sector": "交通运输、仓储和邮政业",
        "credit_code": make_code("5", "1", "371300", f"RF{n:06d}"), "keeper": tree.city,
    } | changes  # fmt: skip
    return Stakeholder.objects.create(**fields)


# 1. int() after isdigit() --------------------------------------------------------------------------------


def test_a_superscript_clause_on_the_public_page_is_ignored(consultation, client):
    response = client.get(consultation.get_absolute_url(), {"clause": SUPERSCRIPT_TWO})
    assert response.status_code == 200
    assert client.get(consultation.get_absolute_url(), {"clause": "1"}).status_code == 200


def test_superscripts_on_the_comments_page_are_ignored(consultation, reviewer_a):
    client = logged_in(reviewer_a)
    url = f"/manage/participation/{consultation.pk}/comments/"
    assert client.get(url, {"clause": SUPERSCRIPT_TWO}).status_code == 200
    assert client.post(url, {"reply_to": SUPERSCRIPT_TWO}).status_code in (200, 302)
    assert client.post(url, {"told": SUPERSCRIPT_TWO}).status_code in (200, 302)


def test_a_superscript_stakeholder_id_is_ignored_when_inviting(tree, consultation, reviewer_a):
    entry = _entry(tree, 1)
    response = logged_in(reviewer_a).post(
        f"/manage/participation/{consultation.pk}/invitations/", {"stakeholders": [SUPERSCRIPT_TWO, entry.pk]}
    )
    assert response.status_code in (200, 302)
    assert list(consultation.invitations.values_list("stakeholder", flat=True)) == [entry.pk]


# 2. naive datetimes in the staff API ---------------------------------------------------------------------


def test_a_datetime_without_a_timezone_is_a_chinese_422(tree, reviewer_a):
    body = {
        "kinds": ["other"], "title": "临沂市停车收费调整方案（征求意见稿）", "draft": "第一条 本方案适用于城区。",
        "starts_at": "2026-03-02T09:00:00", "ends_at": "2026-04-12T09:00:00+08:00",
    }  # fmt: skip
    response = api_client(reviewer_a).post(
        "/api/v1/staff/consultations", body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert "时区" in response.json()["error"]["fields"]["starts_at"]
    assert not Consultation.objects.exists()


# 4. over-long text -----------------------------------------------------------------------------------


def test_an_over_long_not_public_reason_is_refused(tree, reviewer_a):
    proposal = Proposal.objects.create(
        kind="npc", year=2026, number="第128号", title="关于增设城区公共停车场的建议", authors="王某某等5名代表",
        lead_unit=tree.dept_a, assigned_on=dt.date(2026, 2, 20), deadline=dt.date(2026, 5, 20),
    )  # fmt: skip
    body = {"category": "A", "reply": "答复。", "replied_on": "2026-05-01", "reply_public": False,
            "not_public_reason": "涉及" * 200}  # fmt: skip
    url = f"/api/v1/staff/proposals/{proposal.pk}/reply"
    response = api_client(reviewer_a).post(url, body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert "not_public_reason" in response.json()["error"]["fields"]
    from gongkai.participation import proposals

    with pytest.raises(ValidationError, match="不公开理由不能超过300字"):
        proposals.reply_proposal(actor=reviewer_a, proposal=proposal, text="答复。", replied_on=dt.date(2026, 5, 1),
                                 category="A", public=False, not_public_reason="涉及" * 200)  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.status != Proposal.Status.REPLIED


def test_an_over_long_directory_entry_is_refused_in_chinese(tree, office):
    entry = Stakeholder(
        name="临沂" * 75, kind="association", sector="制造业" * 20, keeper=tree.city, address="路" * 201,
        credit_code=make_code("5", "1", "371300", "RF000099"),
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        invitations.save_stakeholder(actor=office, stakeholder=entry)
    errors = caught.value.message_dict
    assert errors["name"] == ["名称不能超过100个字符。"]
    assert "行业不能超过50个字符。" in errors["sector"] and "通信地址不能超过200个字符。" in errors["address"]
    assert not Stakeholder.objects.exists()

    from django.core.files.uploadedfile import SimpleUploadedFile

    code = make_code("5", "1", "371300", "RF000098")
    csv = f"名称,类型,统一社会信用代码,行业\n{'临沂' * 75},商会,{code},批发和零售业\n"
    upload = SimpleUploadedFile("名录.csv", csv.encode("utf-8-sig"), content_type="text/csv")
    response = logged_in(office).post(
        "/manage/participation/stakeholders/import/", {"file": upload, "keeper": tree.city.pk}
    )
    assert response.status_code == 200 and "名称不能超过100个字符" in response.content.decode()
    assert not Stakeholder.objects.exists()


# 6. two staff inviting the same entry at once ----------------------------------------------------------


def test_an_entry_invited_meanwhile_counts_as_already_invited(tree, consultation, reviewer_a, monkeypatch):
    entry = _entry(tree, 1)
    real = invitations.Sent

    def other_staff_first():
        # the other request commits its invitation after this one read the existing ones
        Invitation.objects.create(consultation=consultation, stakeholder=entry, token="other-request")
        return real()

    monkeypatch.setattr(invitations, "Sent", other_staff_first)
    sent = invitations.invite(actor=reviewer_a, consultation=consultation, stakeholders=[entry])
    assert (len(sent.created), [i.stakeholder_id for i in sent.existing]) == (0, [entry.pk])
    assert Invitation.objects.count() == 1


# 7. personal links only for those who may invite ---------------------------------------------------------


def test_editors_see_names_and_status_but_no_links_or_codes(tree, consultation, reviewer_a, editor_a):
    entry = _entry(tree, 1)
    sent = invitations.invite(actor=reviewer_a, consultation=consultation, stakeholders=[entry])
    invitation = sent.created[0]
    code = invitations.short_code(invitation)
    path = f"/manage/participation/{consultation.pk}/invitations/"
    letter = f"/manage/participation/{consultation.pk}/invitations/{invitation.pk}/letter/"

    page = logged_in(editor_a).get(path)
    html = page.content.decode()
    assert page.status_code == 200 and entry.name in html and "尚未反馈" in html
    assert invitation.token not in html and code not in html and letter not in html
    [row] = api_client(editor_a).get(f"/api/v1/staff/consultations/{consultation.pk}/invitations").json()
    assert row["stakeholder"] == entry.name and row["responded_at"] is None
    assert (row["link"], row["code"], row["letter_url"]) == (None, None, None)
    assert invitation.token not in str(row)

    html = logged_in(reviewer_a).get(path).content.decode()
    assert invitation.token in html and code in html and letter in html
    [row] = api_client(reviewer_a).get(f"/api/v1/staff/consultations/{consultation.pk}/invitations").json()
    assert invitation.token in row["link"] and row["code"] == code and row["letter_url"]


# The staff consultation list: the same queries for 2 and for 6 -----------------------------------------


def _consultations(tree, n):
    normative, major = (
        ConsultationKind.objects.get(code="normative"),
        ConsultationKind.objects.get(code="major_decision"),
    )
    start = timezone.make_aware(dt.datetime(2024, 9, 20, 9))
    for i in range(n):
        made = Consultation.objects.create(
            title=f"征求意见稿{i}", unit=tree.dept_a, draft="第一条 内容。",
            starts_at=start + dt.timedelta(days=i), ends_at=start + dt.timedelta(days=i + 40),
        )  # fmt: skip
        if i % 3 == 1:
            made.kinds.set([normative])
        elif i % 3 == 2:
            made.kinds.set([major, normative])
        # the first of three: no kinds (其他)


def _list_queries(user):
    client = api_client(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/staff/consultations")
    assert response.status_code == 200
    return len(captured), response.json()


def test_the_staff_list_costs_the_same_for_2_and_6_consultations(tree, reviewer_a):
    _consultations(tree, 2)
    few, rows = _list_queries(reviewer_a)
    assert len(rows) == 2
    Consultation.objects.all().delete()
    _consultations(tree, 6)
    many, rows = _list_queries(reviewer_a)
    assert len(rows) == 6 and many == few
    # the same answers as one at a time
    for row in rows:
        one = api_client(reviewer_a).get(f"/api/v1/staff/consultations/{row['id']}").json()
        assert (row["period_days"], row["period"], row["minimum"]) == (
            one["period_days"],
            one["period"],
            one["minimum"],
        )
