"""Open meetings: applications to attend within the window and the seats, outcomes only after the meeting,
what is withheld with its reason, attendees' opinions with feedback and never their names."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.participation import services
from gongkai.participation.models import AttendanceApplication, Meeting

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))
HELD = dt.datetime(2026, 4, 10, 9, 0, tzinfo=BEIJING)
DEADLINE = dt.datetime(2026, 4, 5, 17, 0, tzinfo=BEIJING)
SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def meeting(tree):
    return Meeting.objects.create(unit=tree.city, kind="executive", title="市政府第25次常务会议", held_at=HELD,
                                  place="市政府第一会议室", agenda="研究城区停车收费标准调整\n研究老旧小区改造计划",
                                  apply_until=DEADLINE, seats=1, is_published=True)  # fmt: skip


def apply(meeting, now, key=None, name="张伟", ip="10.0.0.1"):
    return services.apply_to_attend(meeting=meeting, category="public", name=name, contact="13905391234",
                                    submission_key=key, ip=ip, now=now)  # fmt: skip


def test_applications_are_taken_until_the_deadline_only(meeting):
    assert apply(meeting, DEADLINE - SECOND)[1]
    with pytest.raises(ValidationError, match="报名已截止"):
        apply(meeting, DEADLINE, ip="10.0.0.2")
    first, _ = apply(meeting, DEADLINE - SECOND, key="same", ip="10.0.0.3")
    again, created = apply(meeting, DEADLINE - SECOND, key="same", ip="10.0.0.3")
    assert first.pk == again.pk and not created


def test_selection_respects_the_seats(meeting, office):
    a, _ = apply(meeting, DEADLINE - SECOND)
    b, _ = apply(meeting, DEADLINE - SECOND, ip="10.0.0.2", name="李娜")
    services.decide_application(actor=office, application=a, selected=True)
    with pytest.raises(ValidationError, match="名额"):
        services.decide_application(actor=office, application=b, selected=True)
    services.decide_application(actor=office, application=b, selected=False)
    assert set(meeting.applications.values_list("status", flat=True)) == {"selected", "declined"}


def test_outcomes_after_the_meeting_with_opinions_but_no_names(meeting, office, client):
    with pytest.raises(ValidationError, match="召开后"):
        services.publish_outcome(actor=office, meeting=meeting, decisions="原则通过。", now=HELD - SECOND)
    a, _ = apply(meeting, DEADLINE - SECOND)
    AttendanceApplication.objects.filter(pk=a.pk).update(
        status="attended", opinion="建议夜间停车减半收费。", feedback="已采纳，调整方案增加夜间优惠。"
    )
    services.publish_outcome(actor=office, meeting=meeting, decisions="原则通过停车收费标准调整方案。",
                             withheld="老旧小区改造计划涉及尚在论证的资金安排，待论证后公开。", now=HELD)  # fmt: skip
    page = client.get(meeting.get_absolute_url()).text
    assert "原则通过停车收费标准调整方案" in page and "待论证后公开" in page
    assert "建议夜间停车减半收费" in page and "已采纳，调整方案增加夜间优惠" in page and "公众代表" in page
    assert "张伟" not in page and "13905391234" not in page
    [item] = client.get("/api/v1/meetings").json()["items"]
    assert item["decisions"].startswith("原则通过") and item["agenda"][0] == "研究城区停车收费标准调整"
    assert "张伟" not in str(item)
