"""Replies and the clause-by-clause report through the staff API and the workspace; commenters told by e-mail,
phone contacts listed for staff (待电话告知) and never on the public page or API."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from gongkai.core.models import AuditEvent
from gongkai.participation import clauses, services
from gongkai.participation.models import Comment, Consultation
from tests.conftest import api_client, logged_in

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=BEIJING)
END = dt.datetime(2026, 3, 31, 17, 0, tzinfo=BEIJING)


@pytest.fixture
def draft(tree):
    consultation = Consultation.objects.create(
        title="临沂市城市公园管理办法（征求意见稿）", unit=tree.dept_a, is_published=True,
        draft="第一条 为加强城市公园管理，制定本办法。\n第二条 公园每日6时至22时开放。", starts_at=START, ends_at=END,
    )  # fmt: skip
    clauses.refresh(consultation)
    return consultation


def submit(draft, body, number=None, contact="", key=None):
    clause = draft.clauses.get(number=number) if number else None
    return services.submit_comment(consultation=draft, body=body, clause=clause, contact=contact, now=START,
                                   submission_key=key, ip=f"10.0.0.{len(body)}")[0]  # fmt: skip


def test_the_staff_api_lists_by_clause_replies_groups_and_publishes(draft, reviewer_a, editor_a, client):
    a = submit(draft, "建议开放到23时。", 2, contact="wang@example.com", key="a")
    b = submit(draft, "夏季应延长开放。", 2, contact="13905391234", key="b")
    c = submit(draft, "赞成。", key="c")
    api = api_client(reviewer_a)
    base = f"/api/v1/staff/consultations/{draft.pk}"
    listed = api.get(f"{base}/comments", {"clause": 2}).json()
    assert [x["id"] for x in listed] == [a.pk, b.pk] and listed[0]["clause_label"] == "第二条"
    assert "wang@example.com" not in str(api.get(f"{base}/comments").json())
    assert api_client(editor_a).post(f"{base}/comments/{c.pk}/reply", {"reply": "谢谢。"},
                                     content_type="application/json").status_code == 403  # fmt: skip
    replied = api.post(
        f"{base}/comments/{c.pk}/reply", {"reply": "感谢支持。"}, content_type="application/json"
    )
    assert replied.status_code == 200 and replied.json()["reply"] == "感谢支持。"
    assert AuditEvent.objects.filter(action="participation.comment_replied").count() == 1
    bad = api.post(f"{base}/groups", {"comments": [a.pk], "summary": "延长", "clause": 7},
                   content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and "第7项条文" in bad.text
    made = api.post(f"{base}/groups", {"comments": [a.pk, b.pk], "summary": "延长开放时间", "decision": "partly",
                                       "reason": "夏季延长到23时。"}, content_type="application/json")  # fmt: skip
    assert made.status_code == 201 and made.json()["clause"] == 2
    whole = api.post(f"{base}/groups", {"comments": [c.pk], "summary": "赞成", "decision": "adopted"},
                     content_type="application/json")  # fmt: skip
    assert whole.status_code == 201, whole.text
    for x in (a, b, c):
        services.review_comment(actor=reviewer_a, comment=x, publish=True)
    with time_machine.travel(END - dt.timedelta(hours=1), tick=False):
        early = api.post(f"{base}/report", {"text": ""}, content_type="application/json")
    assert early.status_code == 422 and "征集结束后" in early.text
    mail.outbox.clear()
    with time_machine.travel(END + dt.timedelta(hours=1), tick=False):
        done = api.post(f"{base}/report", {"text": "逐条说明如下。"}, content_type="application/json")
        page = client.get(draft.get_absolute_url()).text
        public = client.get(f"/api/v1/consultations/{draft.pk}").json()
    assert done.status_code == 200 and done.json()["to_phone"] == 1, done.text
    assert [m.to for m in mail.outbox] == [["wang@example.com"]] and "#clause-2" in mail.outbox[0].body
    log = AuditEvent.objects.filter(action="participation.commenter_notified")
    assert log.count() == 1 and "wang@example.com" not in str(log.get().changes)
    for secret in ("wang@example.com", "13905391234"):
        assert secret not in page and secret not in str(public)
    assert public["clauses"][1]["report"][0]["summary"] == "延长开放时间"


def test_the_workspace_filters_by_clause_replies_and_marks_phone_contacts_told(draft, reviewer_a):
    a = submit(draft, "建议开放到23时。", 2, contact="13905391234", key="a")
    submit(draft, "赞成。", key="c")
    web = logged_in(reviewer_a)
    url = f"/manage/participation/{draft.pk}/comments/"
    page = web.get(url, {"show": "all", "clause": 2}).text
    assert "建议开放到23时。" in page and "赞成。" not in page and "13905391234" not in page
    web.post(url + "?show=all", {"reply_to": a.pk, f"reply_{a.pk}": "我们将研究。"})
    a.refresh_from_db()
    assert a.reply == "我们将研究。" and a.replied_at is not None
    group = services.group_comments(actor=reviewer_a, consultation=draft, comments=list(draft.comments.all()),
                                    summary="综合", decision="adopted")  # fmt: skip
    assert group.clause is None  # comments on different clauses: the whole draft
    assert "针对草案整体 · 2条意见" in web.get(url).text  # the group's card says what it answers
    services.publish_report(actor=reviewer_a, consultation=draft, now=END)
    page = web.get(url).text
    assert "待电话告知" in page and "13905391234" in page
    web.post(url, {"told": a.pk})
    assert Comment.objects.get(pk=a.pk).notified_at is not None
    assert "待电话告知" not in web.get(url).text
