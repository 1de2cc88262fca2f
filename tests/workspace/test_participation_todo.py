"""Consultations on the to-do list of the unit's reviewers and the office above: comments to group, groups
to answer, and the adoption feedback to publish, due 15 working days after the consultation ends."""

import datetime as dt

import pytest
import time_machine

from gongkai.core import calendar as cal
from gongkai.participation import services
from gongkai.participation.models import CommentGroup
from tests.conftest import api_client
from tests.workspace.work_fixtures import at, make_consultation

pytestmark = pytest.mark.django_db

ENDS = at(dt.date(2024, 9, 27), 17)  # a Friday before the National Day week


def rows(user, when):
    with time_machine.travel(when, tick=False):
        response = api_client(user).get("/api/v1/staff/todo")
    assert response.status_code == 200
    return [row for row in response.json() if row["kind"] == "consultation.feedback"]


@pytest.fixture
def consultation(tree):
    return make_consultation(tree.dept_a, starts=at(dt.date(2024, 9, 1)), ends=ENDS, bodies=["甲", "乙"])


def test_comments_to_group_are_on_the_reviewers_list_due_in_working_days(consultation, reviewer_a):
    [row] = rows(reviewer_a, at(dt.date(2024, 9, 20)))
    # 15 working days after 27 September 2024: 1-7 October are holidays, 29 September and 12 October
    # (Sunday, Saturday) are make-up working days.
    due = cal.add_working_days(dt.date(2024, 9, 27), 15).due
    assert row["due_on"] == due.isoformat() and due == dt.date(2024, 10, 23)
    assert row["url"] == f"/manage/participation/{consultation.pk}/comments/"
    assert row["note"] == "2条意见待归类；征集中" and not row["urgent"]
    assert row["working_days_left"] == cal.working_days_between(dt.date(2024, 9, 20), due)[0]


def test_only_those_who_may_answer_see_it(consultation, editor_a, reviewer_b, office, county_office):
    when = at(dt.date(2024, 9, 20))
    assert rows(editor_a, when) == []  # an editor does not group comments
    assert rows(reviewer_b, when) == []  # another department
    assert rows(county_office, when) == []  # outside the county
    assert [row["title"] for row in rows(office, when)] == [consultation.title]  # the office above


def test_grouped_and_answered_it_waits_only_for_the_end_then_for_publication(consultation, reviewer_a):
    services.group_comments(
        actor=reviewer_a, consultation=consultation, comments=consultation.comments.all(),
        summary="延长开放时间", decision=CommentGroup.Decision.ADOPTED,
    )  # fmt: skip
    assert rows(reviewer_a, at(dt.date(2024, 9, 20))) == []  # nothing to do while it is open
    [row] = rows(reviewer_a, at(dt.date(2024, 10, 8)))
    assert row["note"] == "征集已结束，采纳情况待发布" and not row["urgent"]
    [late] = rows(reviewer_a, at(dt.date(2024, 10, 24)))
    assert late["urgent"] and late["working_days_left"] < 0
    with time_machine.travel(at(dt.date(2024, 10, 8)), tick=False):
        services.publish_report(actor=reviewer_a, consultation=consultation)
    assert rows(reviewer_a, at(dt.date(2024, 10, 9))) == []


def test_a_group_without_an_answer_is_counted(consultation, reviewer_a):
    services.group_comments(
        actor=reviewer_a, consultation=consultation, comments=consultation.comments.all(), summary="开放时间"
    )
    [row] = rows(reviewer_a, at(dt.date(2024, 9, 20)))
    assert row["note"] == "1类意见待填写采纳情况；征集中"


def test_an_upcoming_or_unpublished_consultation_gives_nothing_to_do(tree, reviewer_a):
    make_consultation(
        tree.dept_a, starts=at(dt.date(2024, 10, 10)), ends=at(dt.date(2024, 11, 10)), bodies=[]
    )
    assert rows(reviewer_a, at(dt.date(2024, 9, 20))) == []
