"""The 意见征集 pages: the unit's consultations, and a consultation's comments to group with each group's
adoption reply (采纳情况), then the feedback to publish, through the participation services."""

import datetime as dt

import pytest
import time_machine

from gongkai.core.models import AuditEvent
from gongkai.participation.models import Comment, CommentGroup
from tests.conftest import logged_in
from tests.workspace.work_fixtures import at, make_consultation

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 10, 8, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _october():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def consultation(tree):
    return make_consultation(
        tree.dept_a, starts=at(dt.date(2024, 9, 1)), ends=at(dt.date(2024, 9, 27)),
        bodies=["建议夏季延长开放时间。", "希望晚上十点关门。", "增设无障碍通道。"],
    )  # fmt: skip


def url(consultation):
    return f"/manage/participation/{consultation.pk}/comments/"


def group_post(client, consultation, comments, **data):
    fields = {"action": "group", "comments": [c.pk for c in comments], "group": "new", "summary": "",
              "decision": "", "reason": "", **data}  # fmt: skip
    return client.post(url(consultation), fields)


def snapshot():
    return list(
        Comment.objects.order_by("pk").values_list("group_id", flat=True)
    ), CommentGroup.objects.count()


def test_the_list_shows_the_units_consultations_with_what_is_left(consultation, reviewer_a, reviewer_b):
    page = logged_in(reviewer_a).get("/manage/participation/").content.decode()
    assert consultation.title in page and "3条待归类" in page
    assert consultation.title not in logged_in(reviewer_b).get("/manage/participation/").content.decode()
    assert (
        consultation.title in logged_in(reviewer_a).get("/manage/participation/?waiting=1").content.decode()
    )
    assert "没有符合条件" in logged_in(reviewer_a).get("/manage/participation/?q=养犬").content.decode()


def test_the_comments_page_shows_what_was_said_but_not_who_said_it(consultation, reviewer_a):
    page = logged_in(reviewer_a).get(url(consultation)).content.decode()
    assert "建议夏季延长开放时间。" in page and "增设无障碍通道。" in page
    assert "张三丰" not in page and "13812345678" not in page


def test_several_comments_go_into_a_new_group_with_its_reply(consultation, reviewer_a):
    hours, lift = list(consultation.comments.order_by("pk"))[:2], consultation.comments.order_by("pk").last()
    client = logged_in(reviewer_a)
    response = group_post(client, consultation, hours, summary="延长开放时间", decision="partly",
                          reason="夏季延长至晚上十点，其他季节不变。")  # fmt: skip
    assert response.status_code == 302
    group = CommentGroup.objects.get()
    assert (group.summary, group.decision, group.order) == ("延长开放时间", "partly", 1)
    assert set(group.comments.all()) == set(hours) and Comment.objects.get(pk=lift.pk).group is None
    assert AuditEvent.objects.filter(action="participation.group_created").count() == 1
    assert AuditEvent.objects.filter(action="participation.comment_grouped").count() == 2

    # the third into the same group, answering it anew
    response = group_post(client, consultation, [lift], group=str(group.pk), decision="adopted")
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.decision == "adopted" and group.comments.count() == 3
    page = client.get(url(consultation)).content.decode()
    assert "所有意见都已归类。" in page


@pytest.mark.parametrize(
    ("data", "pick", "message"),
    [
        ({"summary": "开放时间"}, False, "请至少选择一条意见。"),
        ({"summary": " "}, True, "请填写意见概要。"),
        (
            {"summary": "开放时间", "decision": "not_adopted"},
            True,
            "未采纳或部分采纳的，须说明理由，理由将公开。",
        ),
        ({"summary": "开放时间", "decision": "maybe"}, True, "请选择采纳情况。"),
        ({"group": "999999"}, True, "请选择本次征集的归类。"),
    ],
)
def test_bad_grouping_is_explained_and_changes_nothing(consultation, reviewer_a, data, pick, message):
    before = snapshot()
    comments = list(consultation.comments.all()) if pick else []
    response = group_post(logged_in(reviewer_a), consultation, comments, **data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "提交的内容有误" in page and message in page
    assert snapshot() == before
    assert not AuditEvent.objects.filter(action__startswith="participation.").exists()


def test_another_consultations_comment_cannot_be_slipped_in(tree, consultation, reviewer_a):
    other = make_consultation(tree.dept_a, starts=at(dt.date(2024, 9, 1)), ends=at(dt.date(2024, 9, 27)),
                              title="另一次征集", bodies=["别处的意见"])  # fmt: skip
    before = snapshot()
    response = group_post(logged_in(reviewer_a), consultation, list(other.comments.all()), summary="开放时间")
    assert response.status_code == 200 and "只能选择本次征集的意见。" in response.content.decode()
    assert snapshot() == before


def test_the_reply_of_a_group_is_changed_on_its_page(consultation, reviewer_a):
    group = CommentGroup.objects.create(consultation=consultation, summary="开放时间", order=1)
    page_url = f"/manage/participation/{consultation.pk}/groups/{group.pk}/"
    client = logged_in(reviewer_a)
    response = client.post(page_url, {"summary": "开放时间", "decision": "not_adopted", "reason": ""})
    assert response.status_code == 200 and "须说明理由" in response.content.decode()
    group.refresh_from_db()
    assert group.decision == ""
    response = client.post(
        page_url, {"summary": "开放时间", "decision": "not_adopted", "reason": "维持现行时间。"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.decision, group.reason) == ("not_adopted", "维持现行时间。")
    assert AuditEvent.objects.filter(action="participation.group_saved").get().actor == reviewer_a


def test_the_feedback_is_published_once_every_comment_is_grouped_and_answered(consultation, reviewer_a):
    client = logged_in(reviewer_a)
    response = client.post(url(consultation), {"action": "publish", "text": "经研究，采纳情况如下。"})
    assert response.status_code == 200 and "还有未归类的意见" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.report_published_at is None

    group_post(
        client, consultation, list(consultation.comments.all()), summary="开放时间", decision="adopted"
    )
    response = client.post(url(consultation), {"action": "publish", "text": "经研究，采纳情况如下。"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.report_published_at is not None and consultation.report == "经研究，采纳情况如下。"
    page = client.get(url(consultation)).content.decode()
    assert "已于" in page and "归入所选意见" not in page


def test_an_editor_reads_but_does_not_group_and_another_unit_finds_nothing(
    consultation, editor_a, reviewer_b
):
    page = logged_in(editor_a).get(url(consultation)).content.decode()
    assert "由本单位审核人员办理" in page and "归入所选意见" not in page
    before = snapshot()
    assert group_post(logged_in(editor_a), consultation, list(consultation.comments.all()),
                      summary="x").status_code == 403  # fmt: skip
    assert logged_in(reviewer_b).get(url(consultation)).status_code == 404
    assert group_post(logged_in(reviewer_b), consultation, list(consultation.comments.all()),
                      summary="x").status_code == 404  # fmt: skip
    assert snapshot() == before
