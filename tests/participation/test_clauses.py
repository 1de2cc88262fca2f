"""Clauses: the draft split into 第X条 or numbered paragraphs, comments on a clause through the page and the API,
replies, the clause-by-clause adoption report, and the notice that reaches the commenter."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from gongkai.participation import clauses, services
from gongkai.participation.models import Comment, Consultation
from tests.challenges import proof

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=BEIJING)
END = dt.datetime(2026, 3, 31, 17, 0, tzinfo=BEIJING)

RULES = "临沂市城市公园管理办法\n\n第一章 总则\n\n" + "\n".join(
    f"第{n}条 内容{i}。" for i, n in enumerate(
        ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五",
         "十六", "十七", "十八", "十九", "二十", "二十一"], start=1)
) + "\n第二十一条之一 补充内容。\n第二章 附则\n第一百零二条 本办法自公布之日起施行。"  # fmt: skip


def test_articles_are_split_with_chinese_numerals_and_chapter_headings_dropped():
    parts = clauses.split(RULES)
    labels = [label for label, _ in parts]
    assert labels[:3] == ["第一条", "第二条", "第三条"] and "第二十一条" in labels
    assert labels[-2:] == ["第二十一条之一", "第一百零二条"] and len(parts) == 23
    assert dict(parts)["第一条"] == "内容1。" and dict(parts)["第二十一条之一"] == "补充内容。"
    assert all("章" not in text for _, text in parts)


def test_numbered_paragraphs_and_a_draft_without_structure():
    assert [label for label, _ in clauses.split("关于公园开放时间的方案\n一、开放时间\n二、收费\n三、管理")] == [
        "一、", "二、", "三、",
    ]  # fmt: skip
    assert [label for label, _ in clauses.split("（一）第一点\n（二）第二点")] == ["（一）", "（二）"]
    assert [label for label, _ in clauses.split("1. 甲\n2. 乙\n3. 丙")] == ["1.", "2.", "3."]
    assert clauses.split("本方案旨在改善公园管理，欢迎提出意见。") == []


@pytest.fixture
def draft(tree):
    consultation = Consultation.objects.create(
        title="临沂市城市公园管理办法（征求意见稿）", unit=tree.dept_a, is_published=True,
        draft="临沂市城市公园管理办法\n第一条 为加强城市公园管理，制定本办法。\n第二条 公园每日6时至22时开放。\n"
        "第三条 禁止在公园内遛狗。", starts_at=START, ends_at=END,
    )  # fmt: skip
    clauses.refresh(consultation)
    return consultation


def test_refresh_keeps_clauses_that_have_comments(draft):
    assert list(draft.clauses.values_list("label", flat=True)) == ["第一条", "第二条", "第三条"]
    second = draft.clauses.get(label="第二条")
    made, _ = services.submit_comment(consultation=draft, body="建议延长到23时。", clause=second, now=START)
    draft.draft = "第一条 为加强管理，制定本办法。\n第三条 公园内遛狗须牵绳。"
    clauses.refresh(draft)
    assert list(draft.clauses.values_list("label", flat=True)) == ["第一条", "第三条", "第二条"]
    made.refresh_from_db()
    assert made.clause.label == "第二条" and made.clause.text == "公园每日6时至22时开放。"


def test_comment_on_a_clause_through_the_page(draft, client):
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        page = client.get(draft.get_absolute_url()).text
        assert 'id="clause-2"' in page and "对本条发表意见" in page and "?clause=2#comment" in page
        chosen = client.get(draft.get_absolute_url(), {"clause": 2}).text
        assert '<option value="2" selected>' in chosen
        data = {
            "clause": "2",
            "body": "建议开放到23时。",
            "contact": "zhang@example.com",
            "submission_key": "p1",
        }
        done = client.post(draft.get_absolute_url(), data | proof(client, "participation"))
    assert "您的意见已收到" in done.text
    assert Comment.objects.get().clause.label == "第二条"


def test_comment_on_a_clause_through_the_api(draft, client):
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        detail = client.get(f"/api/v1/consultations/{draft.pk}").json()
        assert [c["number"] for c in detail["clauses"]] == [1, 2, 3] and detail["clauses"][2][
            "label"
        ] == "第三条"
        url = f"/api/v1/consultations/{draft.pk}/comments"
        body = {"body": "赞成。", "clause": 9, **proof(client, "participation")}
        wrong = client.post(url, body, content_type="application/json")
        assert wrong.status_code == 422 and "第9项条文" in wrong.text
        body |= {"clause": 3, **proof(client, "participation")}
        assert client.post(url, body, content_type="application/json").status_code == 201
    assert Comment.objects.get().clause.number == 3


def test_reply_and_clause_by_clause_report_and_notice(draft, reviewer_a, client):
    second, third = draft.clauses.get(number=2), draft.clauses.get(number=3)
    a, _ = services.submit_comment(consultation=draft, body="建议开放到23时。", clause=second,
                                   contact="li@example.com", name="李明", now=START)  # fmt: skip
    b, _ = services.submit_comment(consultation=draft, body="遛狗应允许，牵绳即可。", clause=third,
                                   contact="13905391234", now=START, submission_key="b", ip="10.0.0.2")  # fmt: skip
    c, _ = services.submit_comment(
        consultation=draft, body="整体赞成。", now=START, submission_key="c", ip="10.0.0.3"
    )
    for made in (a, b, c):
        services.review_comment(actor=reviewer_a, comment=made, publish=True)
    services.reply_comment(actor=reviewer_a, comment=c, reply="感谢支持。")
    with pytest.raises(ValidationError):
        services.group_comments(actor=reviewer_a, consultation=draft, comments=[a], summary="延长开放时间",
                                decision="partly", reason="")  # fmt: skip
    hours = services.group_comments(actor=reviewer_a, consultation=draft, comments=[a], summary="延长开放时间",
                                    decision="partly", reason="夏季延长到23时，冬季不变。")  # fmt: skip
    dogs = services.group_comments(actor=reviewer_a, consultation=draft, comments=[b], summary="允许牵绳遛狗",
                                   decision="adopted")  # fmt: skip
    services.group_comments(
        actor=reviewer_a, consultation=draft, comments=[c], summary="赞成", decision="adopted"
    )
    assert hours.clause == second and dogs.clause == third
    mail.outbox.clear()
    services.publish_report(actor=reviewer_a, consultation=draft, now=END)
    (sent,) = mail.outbox
    assert sent.to == ["li@example.com"] and "第二条" in sent.body and "部分采纳" in sent.body
    assert f"{draft.get_absolute_url()}#clause-2" in sent.body
    a.refresh_from_db(), b.refresh_from_db()
    assert a.notified_at is not None and b.notified_at is None
    assert [x.pk for x in services.to_phone(draft)] == [b.pk]
    services.mark_told(actor=reviewer_a, comment=b)
    assert services.to_phone(draft) == []
    with time_machine.travel(END + dt.timedelta(days=1), tick=False):
        page = client.get(draft.get_absolute_url()).text
        detail = client.get(f"/api/v1/consultations/{draft.pk}").json()
    assert "逐条采纳情况" in page and 'id="report-clause-2"' in page and "夏季延长到23时" in page
    assert "感谢支持。" in page
    for secret in ("li@example.com", "13905391234", "李明"):
        assert secret not in page and secret not in str(detail)
    report = {c["number"]: c["report"] for c in detail["clauses"]}
    assert report[2][0]["decision"] == "partly" and report[3][0]["summary"] == "允许牵绳遛狗"
    assert detail["clauses"][1]["comments"][0]["decision"] == "partly"
    assert [m["reply"] for m in detail["comments"] if m["clause"] is None] == ["感谢支持。"]


def test_a_numbered_paragraph_is_named_by_its_first_words():
    from gongkai.participation.models import Clause

    assert Clause(label="第三条", text="公园应当免费向公众开放。").heading == "第三条"
    assert Clause(label="一、", text="开放时间").heading == "一、开放时间"
    assert (
        Clause(label="二、", text="收费标准按照物价部门核定的标准执行。").heading
        == "二、收费标准按照物价部门核定……"
    )
