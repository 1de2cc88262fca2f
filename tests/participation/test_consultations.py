"""Consultations: state by time at the boundaries, comments with safeguards, masking, the adoption report."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.participation import services
from gongkai.participation.models import Comment, CommentGroup, Consultation, State
from tests.challenges import answer_of

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=BEIJING)
END = dt.datetime(2026, 3, 31, 17, 0, tzinfo=BEIJING)
SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def draft(tree):
    return Consultation.objects.create(
        title="临沂市城市公园管理办法（征求意见稿）", unit=tree.dept_a, draft="第一条 为加强城市公园管理……",
        explanation="起草背景和主要内容。", basis="《城市绿化条例》", starts_at=START, ends_at=END, is_published=True,
    )  # fmt: skip


def comment(draft, body="建议延长开放时间。", key=None, ip="10.0.0.1", now=None, **fields):
    return services.submit_comment(
        consultation=draft, body=body, submission_key=key, ip=ip, now=now or START, **fields
    )


@pytest.mark.parametrize(
    ("moment", "state"),
    [(START - SECOND, State.UPCOMING), (START, State.OPEN), (START + SECOND, State.OPEN), (END - SECOND, State.OPEN),
     (END, State.CLOSED),
     (END + SECOND, State.CLOSED)],
)  # fmt: skip
def test_state_follows_the_clock_to_the_second(draft, moment, state):
    assert draft.state(moment) == state


def test_comments_are_taken_only_while_open(draft):
    with pytest.raises(ValidationError, match="尚未开始"):
        comment(draft, now=START - SECOND)
    assert comment(draft, now=START)[1]
    assert comment(draft, now=END - SECOND, ip="10.0.0.2")[1]
    with pytest.raises(ValidationError, match="已经结束"):
        comment(draft, now=END, ip="10.0.0.3")
    assert draft.comments.count() == 2


def test_a_double_submission_is_recorded_once_and_floods_are_refused(draft):
    first, created = comment(draft, key="k1")
    again, created_again = comment(draft, key="k1")
    assert created and not created_again and first.pk == again.pk
    comment(draft, key="k2")
    comment(draft, key="k3")
    with pytest.raises(ValidationError, match="明天再提交"):
        comment(draft, key="k4")
    assert draft.comments.count() == 3


def test_published_comments_are_masked(draft, reviewer_a, client):
    made, _ = comment(
        draft, body="我是张伟，电话13905391234，建议公园增设无障碍通道。", name="张伟", contact="13905391234"
    )
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        services.review_comment(actor=reviewer_a, comment=made, publish=True)
        page = client.get(draft.get_absolute_url()).text
    assert "建议公园增设无障碍通道" in page
    assert "13905391234" not in page and "张伟" not in page
    assert client.get(f"/api/v1/consultations/{draft.pk}").json()["comments"][0]["body"] == made.public_body


def test_the_adoption_report_needs_every_comment_grouped_and_decided(draft, reviewer_a, editor_a, client):
    a, _ = comment(draft, body="建议延长开放时间到晚上十点。")
    b, _ = comment(draft, body="希望夏季延长开放时间。", key="b")
    c, _ = comment(draft, body="建议禁止在公园内遛狗。", key="c")
    with pytest.raises(ValidationError, match="征集结束后"):
        services.publish_report(actor=reviewer_a, consultation=draft, now=END - SECOND)
    hours = CommentGroup.objects.create(consultation=draft, summary="延长开放时间", decision="adopted")
    dogs = CommentGroup.objects.create(consultation=draft, summary="禁止遛狗", decision="not_adopted")
    for made, group in ((a, hours), (b, hours)):
        services.review_comment(actor=reviewer_a, comment=made, publish=True, group=group)
    with pytest.raises(ValidationError) as problems:
        services.publish_report(actor=reviewer_a, consultation=draft, now=END)
    assert "还有未归类的意见" in str(problems.value) and "须说明理由" in str(problems.value)
    services.review_comment(actor=reviewer_a, comment=c, publish=False, group=dogs)
    dogs.reason = "《养犬管理条例》已规定文明养犬，改为要求牵绳。"
    dogs.save()
    with pytest.raises(PermissionDenied):  # an editor cannot publish the report
        services.publish_report(actor=editor_a, consultation=draft, now=END)
    services.publish_report(actor=reviewer_a, consultation=draft, text="共两类意见。", now=END)
    draft.refresh_from_db()
    assert draft.state(END) == State.REPORTED
    assert services.counts(draft) == {
        "received": 3,
        "published": 2,
        "adopted": 2,
        "partly": 0,
        "not_adopted": 1,
        "groups": 2,
    }
    page = client.get(draft.get_absolute_url()).text
    assert "共收到意见 3 条，其中采纳 2 条，部分采纳 0 条，未采纳 1 条。" in page and "改为要求牵绳" in page
    report = client.get(f"/api/v1/consultations/{draft.pk}").json()["report"]
    assert report["counts"]["adopted"] == 2 and report["groups"][1]["reason"].startswith("《养犬管理条例》")


def test_listing_shows_state_and_times_and_rss_lists_open_ones(draft, tree, client):
    later = Consultation.objects.create(title="尚未开始的征集", unit=tree.dept_a, draft="……",
                                        starts_at=END, ends_at=END + dt.timedelta(days=30), is_published=True)  # fmt: skip
    with time_machine.travel(START + dt.timedelta(days=2), tick=False):
        listing = client.get("/participation/").text
        assert "征集中" in listing and "未开始" in listing and "2026-03-31 17:00" in listing
        assert client.get("/participation/", {"state": "upcoming"}).text.count("尚未开始的征集") == 1
        rss = client.get("/participation/consultations/rss/").text
        assert draft.title in rss and later.title not in rss
        assert [c["state"] for c in client.get("/api/v1/consultations").json()["items"]] == [
            "upcoming",
            "open",
        ]


def test_the_api_takes_a_comment_with_the_challenge(draft, client):
    with time_machine.travel(START + dt.timedelta(hours=1)):
        challenge = client.get("/api/v1/consultations/challenge").json()
        second = client.get("/api/v1/consultations/challenge").json()
    assert str(sum(range(20))) not in challenge["token"] and "answer" not in challenge
    with time_machine.travel(START + dt.timedelta(hours=1, seconds=10)):
        payload = {"body": "赞成。", "token": challenge["token"], "answer": "99", "submission_key": "api-1"}
        wrong = client.post(
            f"/api/v1/consultations/{draft.pk}/comments", payload, content_type="application/json"
        )
        assert wrong.status_code in (400, 422) and "验证问题回答不正确" in wrong.text
        # a question answered wrongly is used up: trying the other sums on it gets nowhere
        payload["answer"] = answer_of(challenge["token"])
        reused = client.post(
            f"/api/v1/consultations/{draft.pk}/comments", payload, content_type="application/json"
        )
        assert reused.status_code == 422 and "已使用" in reused.text
        payload |= {"token": second["token"], "answer": answer_of(second["token"])}
        made = client.post(
            f"/api/v1/consultations/{draft.pk}/comments", payload, content_type="application/json"
        )
        assert made.status_code == 201 and made.json()["created"] is True
        again = client.post(
            f"/api/v1/consultations/{draft.pk}/comments", payload, content_type="application/json"
        )
        assert again.status_code == 200 and again.json()["created"] is False
    assert Comment.objects.count() == 1


def test_the_final_decision_links_back_to_the_consultation_and_its_report(
    draft, catalogs, editor_a, reviewer_a, client
):
    from tests.publishing.conftest import make_item, publish

    decision = publish(
        make_item(catalogs.dept_a, actor=editor_a, title="临沂市城市公园管理办法"), editor_a, reviewer_a
    )
    draft.decision = decision
    draft.save()
    page = client.get(decision.get_absolute_url()).text
    assert f'<a href="{draft.get_absolute_url()}">{draft.title}</a>' in page
    assert f'href="{decision.get_absolute_url()}"' in client.get(draft.get_absolute_url()).text
