"""Invitations with personal links (定向征询, issue 26): two associations invited and a comment received
through a personal link, on the page and through the API; the invited counts of the adoption report; contact
data never public; the letter for staff only; another unit cannot invite."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.core.actors import SYSTEM
from gongkai.core.models import AuditEvent
from gongkai.core.uscc import make_code
from gongkai.participation import invitations, services
from gongkai.participation.models import (
    Clause,
    Comment,
    CommentGroup,
    Consultation,
    ConsultationKind,
    Invitation,
    Stakeholder,
)
from tests.conftest import api_client, logged_in

CONTACTS = ("王秘书长", "xiehui@example.cn", "0539-8123456", "通达路88号")


@pytest.fixture
def consultation(tree):
    now = timezone.now()
    found = Consultation.objects.create(
        title="临沂市支持物流企业发展若干措施（征求意见稿）", unit=tree.dept_a, is_published=True,
        draft="第一条 为支持物流企业发展，制定本措施。\n\n第二条 对新建冷链仓储给予补助。",
        starts_at=now - dt.timedelta(days=2), ends_at=now + dt.timedelta(days=28),
    )  # fmt: skip
    Clause.objects.create(
        consultation=found, number=1, label="第一条", text="为支持物流企业发展，制定本措施。"
    )
    Clause.objects.create(consultation=found, number=2, label="第二条", text="对新建冷链仓储给予补助。")
    return found


def _entry(tree, n, kind, sector="交通运输、仓储和邮政业", email="", keeper=None):
    return Stakeholder.objects.create(
        name=f"临沂市第{n}号{dict(Stakeholder.Kind.choices)[kind]}", kind=kind, sector=sector,
        credit_code=make_code("5", "1", "371300", f"MK{n:06d}"), contact_name=CONTACTS[0], email=email,
        phone=CONTACTS[2], address=CONTACTS[3], keeper=keeper or tree.city,
    )  # fmt: skip


@pytest.fixture
def associations(tree):
    return [
        _entry(tree, 1, "association", email=CONTACTS[1]),
        _entry(tree, 2, "chamber"),
        _entry(tree, 3, "enterprise", sector="制造业"),
    ]


def _invite(user, consultation, body):
    return api_client(user).post(
        f"/api/v1/staff/consultations/{consultation.pk}/invitations", body, content_type="application/json"
    )


def test_two_associations_are_invited_and_comment_through_their_links(
    tree, reviewer_a, consultation, associations, client, django_capture_on_commit_callbacks
):
    first, second = associations[:2]
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(reviewer_a, consultation, {"stakeholders": [first.pk, second.pk]})
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["created"], data["emailed"]) == (2, 1)
    assert AuditEvent.objects.filter(action="participation.invited").count() == 1
    # the e-mail names the draft, the deadline and the absolute personal link
    (message,) = mail.outbox
    assert consultation.title in message.subject and message.to == [CONTACTS[1]]
    link = Invitation.objects.get(stakeholder=first).get_absolute_url()
    assert re.search(r"https?://[^\s]+" + re.escape(link), message.body)
    assert "截止时间" in message.body
    # inviting again changes nothing
    again = _invite(reviewer_a, consultation, {"stakeholders": [first.pk]})
    assert again.status_code == 200 and again.json()["created"] == 0 and Invitation.objects.count() == 2

    # the page: the draft, a clause select, the name prefilled; no challenge
    page = client.get(link)
    html = page.content.decode()
    assert page.status_code == 200 and "第二条" in html and first.name in html and "验证问题" not in html
    clause = consultation.clauses.get(number=2)
    response = client.post(link, {"clause": clause.pk, "body": "建议提高冷链补助标准。", "name": first.name,
                                  "submission_key": "k1"})  # fmt: skip
    assert response.status_code == 200 and "意见已收到" in response.content.decode()
    comment = Comment.objects.get(submission_key="k1")
    assert comment.clause == clause and comment.invitation.stakeholder == first
    assert Invitation.objects.get(stakeholder=first).responded_at is not None

    # the API: the second association
    token = Invitation.objects.get(stakeholder=second).token
    shown = client.get(f"/api/v1/consultations/invitations/{token}").json()
    assert shown["stakeholder"] == second.name and shown["accepts_comments"] and len(shown["clauses"]) == 2
    assert not any(c in str(shown) for c in CONTACTS)
    response = client.post(f"/api/v1/consultations/invitations/{token}/comments",
                           {"body": "建议明确补助申请时限。"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    made = Comment.objects.get(invitation__stakeholder=second)
    assert made.name == second.name and made.clause is None
    # a clause by its number, as the public comment API takes it
    assert [c["number"] for c in shown["clauses"]] == [1, 2]
    on_clause = client.post(f"/api/v1/consultations/invitations/{token}/comments",
                            {"body": "第二条的补助对象建议包括冷链运输车辆。", "clause": 2},
                            content_type="application/json")  # fmt: skip
    assert on_clause.status_code == 201, on_clause.content
    assert Comment.objects.get(body__startswith="第二条的补助对象").clause == consultation.clauses.get(
        number=2
    )
    unknown = client.post(f"/api/v1/consultations/invitations/{token}/comments",
                          {"body": "又一条。", "clause": 9}, content_type="application/json")  # fmt: skip
    assert unknown.status_code == 422 and "条文" in unknown.content.decode()
    listed = api_client(reviewer_a).get(f"/api/v1/staff/consultations/{consultation.pk}/invitations").json()
    assert all(row["responded_at"] for row in listed)


def test_by_sector_all_entries_of_the_sector_are_invited_in_the_workspace(
    tree, reviewer_a, consultation, associations
):
    client = logged_in(reviewer_a)
    url = f"/manage/participation/{consultation.pk}/invitations/"
    page = client.get(url).content.decode()
    assert "按行业全选" in page and associations[2].name in page
    response = client.post(url, {"sector": "交通运输、仓储和邮政业"})
    assert response.status_code == 302
    assert set(consultation.invitations.values_list("stakeholder__kind", flat=True)) == {
        "association",
        "chamber",
    }
    response = _invite(reviewer_a, consultation, {"sector": "制造业"})
    assert response.status_code == 201 and response.json()["created"] == 1


def test_unknown_token_is_a_chinese_404_and_a_closed_consultation_says_so(
    tree, consultation, associations, client
):
    response = client.get("/participation/invite/not-a-real-token/")
    assert response.status_code == 404
    assert client.get("/api/v1/consultations/invitations/nope").status_code == 404
    sent = invitations.invite(actor=SYSTEM, consultation=consultation, stakeholders=associations[:1])
    invitation = sent.created[0]
    consultation.ends_at = timezone.now() - dt.timedelta(minutes=1)
    consultation.save()
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "本次征集已经结束" in page and "<textarea" not in page
    response = client.post(f"/api/v1/consultations/invitations/{invitation.token}/comments", {"body": "晚了"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422 and not Comment.objects.exists()
    consultation.report_published_at = timezone.now()
    consultation.save()
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "意见采纳情况已经公布" in page and f"{consultation.get_absolute_url()}#report" in page
    assert "将在公开征集页面公布" not in page and "可继续" not in page


def test_a_link_sends_a_limited_number_of_comments(tree, consultation, associations, client, settings):
    settings.GONGKAI_RATE_LIMITS = {"invitation.link": (2, 86400)}
    invitation = invitations.invite(
        actor=SYSTEM, consultation=consultation, stakeholders=associations[:1]
    ).created[0]
    url = f"/api/v1/consultations/invitations/{invitation.token}/comments"
    for n in range(2):
        assert client.post(url, {"body": f"意见{n}"}, content_type="application/json").status_code == 201
    assert client.post(url, {"body": "意见3"}, content_type="application/json").status_code == 429
    assert Comment.objects.count() == 2


def test_another_units_staff_cannot_invite_to_a_consultation_out_of_reach(
    tree, reviewer_b, editor_a, consultation, associations
):
    assert _invite(reviewer_b, consultation, {"stakeholders": [associations[0].pk]}).status_code == 404
    assert _invite(editor_a, consultation, {"stakeholders": [associations[0].pk]}).status_code == 403
    assert (
        logged_in(reviewer_b).get(f"/manage/participation/{consultation.pk}/invitations/").status_code == 404
    )
    assert not Invitation.objects.exists()


def test_a_department_cannot_invite_another_departments_entries(tree, reviewer_a, consultation):
    theirs = _entry(tree, 9, "enterprise", keeper=tree.dept_b)
    response = _invite(reviewer_a, consultation, {"stakeholders": [theirs.pk]})
    assert response.status_code == 422 and not Invitation.objects.exists()


def test_the_letter_is_for_staff_only(tree, reviewer_a, reviewer_b, consultation, associations, client):
    invitation = invitations.invite(
        actor=SYSTEM, consultation=consultation, stakeholders=associations[1:2]
    ).created[0]
    path = f"/manage/participation/{consultation.pk}/invitations/{invitation.pk}/letter/"
    assert client.get(path).status_code in (302, 403)
    assert logged_in(reviewer_b).get(path).status_code == 404
    page = logged_in(reviewer_a).get(path)
    html = page.content.decode()
    assert page.status_code == 200 and invitation.token in html and invitations.short_code(invitation) in html
    assert "优化营商环境条例" not in html  # not marked 涉企政策: a plain invitation
    consultation.kinds.set(ConsultationKind.objects.filter(code="enterprise"))
    assert "《优化营商环境条例》第六十二条" in logged_in(reviewer_a).get(path).content.decode()
    api = f"/api/v1/staff/consultations/{consultation.pk}/invitations/{invitation.pk}/letter"
    assert client.get(api).status_code == 401
    assert api_client(reviewer_a).get(api).status_code == 200
    invitation.refresh_from_db()
    assert invitation.letter_printed_at is not None


def test_the_report_counts_and_names_associations_without_contact_data(
    tree, reviewer_a, consultation, associations, client
):
    sent = invitations.invite(actor=SYSTEM, consultation=consultation, stakeholders=associations).created
    by_kind = {i.stakeholder.kind: i for i in sent}
    now = timezone.now()
    adopted_one, _ = invitations.comment(invitation=by_kind["association"], body="建议一", now=now)
    partly_one, _ = invitations.comment(invitation=by_kind["enterprise"], body="建议二", now=now)
    invitations.comment(invitation=by_kind["enterprise"], body="建议三", now=now)
    consultation.ends_at = now + dt.timedelta(seconds=1)
    consultation.save()
    adopted = CommentGroup.objects.create(consultation=consultation, summary="甲", decision="adopted")
    partly = CommentGroup.objects.create(
        consultation=consultation, summary="乙", decision="partly", reason="部分"
    )
    not_adopted = CommentGroup.objects.create(
        consultation=consultation, summary="丙", decision="not_adopted", reason="不"
    )
    Comment.objects.filter(pk=adopted_one.pk).update(group=adopted)
    Comment.objects.filter(pk=partly_one.pk).update(group=partly)
    Comment.objects.filter(group__isnull=True).update(group=not_adopted)
    counts = invitations.report_counts(consultation)
    assert (counts["invited"], counts["responded"], counts["adopted"], counts["comments"]) == (3, 2, 2, 3)
    assert [a["name"] for a in counts["associations"]] == [associations[0].name, associations[1].name]
    assert counts["enterprises"] == [{"sector": "制造业", "count": 1}]

    assert (
        client.get(f"/api/v1/consultations/{consultation.pk}/invited").status_code == 404
    )  # before the report
    consultation.ends_at = now - dt.timedelta(seconds=1)
    consultation.save()
    services.publish_report(actor=SYSTEM, consultation=consultation)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "定向征求意见情况" in page and associations[0].name in page and associations[1].name in page
    assert associations[2].name not in page  # enterprises are counted by sector, not named
    api = client.get(f"/api/v1/consultations/{consultation.pk}/invited").json()
    assert api["invited"] == 3 and api["adopted"] == 2
    for text in (page, str(api), str(client.get(f"/api/v1/consultations/{consultation.pk}").json())):
        assert not any(c in text for c in CONTACTS)
        assert not any(i.token in text for i in sent)


def test_no_log_line_carries_a_token(tree, consultation, associations, client, caplog, settings):
    import logging

    invitation = invitations.invite(
        actor=SYSTEM, consultation=consultation, stakeholders=associations[:1]
    ).created[0]
    consultation.ends_at = timezone.now() - dt.timedelta(minutes=1)
    consultation.save()
    with caplog.at_level(logging.INFO), caplog.at_level(logging.INFO, logger="gongkai.access"):
        client.get(invitation.get_absolute_url())
        response = client.post(f"/api/v1/consultations/invitations/{invitation.token}/comments", {"body": "晚了"},
                               content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    lines = [r.getMessage() + str(getattr(r, "path", "")) for r in caplog.records]
    assert any("/invite/…" in line for line in lines) and any("invitations/…" in line for line in lines)
    assert not any(invitation.token in line for line in lines)


def test_the_letter_downloads_as_pdf(tree, reviewer_a, consultation, associations):
    from gongkai.core import documents

    if not documents.chinese_font_available():
        pytest.skip("no Chinese font for weasyprint")
    invitation = invitations.invite(
        actor=SYSTEM, consultation=consultation, stakeholders=associations[:1]
    ).created[0]
    path = f"/manage/participation/{consultation.pk}/invitations/{invitation.pk}/letter/?format=pdf"
    response = logged_in(reviewer_a).get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_staff_see_which_comments_came_through_an_invitation(tree, reviewer_a, consultation, associations):
    invitation = invitations.invite(
        actor=SYSTEM, consultation=consultation, stakeholders=associations[:1]
    ).created[0]
    invitations.comment(invitation=invitation, body="建议补助向中小物流企业倾斜。", now=timezone.now())
    services.submit_comment(consultation=consultation, body="赞成。", now=timezone.now())
    page = logged_in(reviewer_a).get(f"/manage/participation/{consultation.pk}/comments/").content.decode()
    assert f"定向征询：{associations[0].name}" in page and page.count("定向征询：") == 1
