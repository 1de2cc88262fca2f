"""The demo's FOI desk shows a well-run office (issue 24, item 9): dated from the day the demo is loaded, most
applications answered on time, a few due within 5 working days and exactly one overdue, with the reason on
record; none overdue by months."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.core import calendar as cal
from gongkai.foi.models import Application, EventKind
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db


def _days_left():
    today = timezone.localdate()
    waiting = list(Application.objects.open().exclude(due_on=None))
    left = cal.working_days_left(today, (a.due_on for a in waiting))
    return {a: left[a.due_on] for a in waiting}


def test_the_demo_queue_has_a_few_due_soon_and_exactly_one_overdue_with_its_reason(demo):
    left = _days_left()
    assert left, "the demo has open applications"
    assert min(left.values()) >= -10, sorted((n, a.description) for a, n in left.items() if n < 0)
    assert [a for a, n in left.items() if 0 <= n <= 5], "one due within 5 working days"
    overdue = [a for a, n in left.items() if n < 0]
    assert len(overdue) == 1, [(left[a], a.unit.short_name, a.description) for a in overdue]
    late = overdue[0]
    reasons = [
        e.note or e.data.get("reason", "")
        for e in late.events.filter(kind__in=[EventKind.EXTENDED, EventKind.NOTE])
    ]
    assert any(reason.strip() for reason in reasons), "the overdue application says why"


def test_the_demo_answered_almost_every_application_on_time(demo):
    answered = Application.objects.exclude(answered_on=None).exclude(due_on=None)
    late = [a for a in answered if a.answered_on > a.due_on]
    assert answered.count() >= 100
    assert len(late) <= answered.count() // 20, [(a.received_on, a.answered_on, a.due_on) for a in late]


def test_the_demo_consults_an_organ_and_a_third_party_that_never_answered(demo):
    """Issue 25 item 4: a consultation with another organ (Art. 34) and one whose third party let its 15
    working days pass (Art. 32): that application's clock runs again (办理中), its due date fixed."""
    from gongkai.foi import transitions

    organ = Application.objects.filter(
        events__kind=EventKind.CONSULTATION_STARTED, events__data__party_kind="organ"
    )
    assert organ.exists()
    lapsed = [
        a
        for a in Application.objects.open().filter(events__kind=EventKind.CONSULTATION_STARTED).distinct()
        if not a.events.filter(kind=EventKind.CONSULTATION_ENDED).exists()
        and any(c.lapsed for c in transitions.recompute(a).consultations)
    ]
    assert lapsed, "a third party that never answered"
    assert all(a.status == "in_progress" for a in lapsed)
    assert transitions.recompute(lapsed[0]).state == "running"
