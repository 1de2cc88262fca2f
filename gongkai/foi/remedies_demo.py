"""Demo: an application closed without a reply on the merits (逾期不补正), so that the 办结告知书 with its
remedies, the 救济途径 section of the tracking page and its large-print notices can be seen (issue 25)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Organization

from . import services
from .demo import DEMO, _after, _apply, _working_days_ago
from .models import Application, EventKind, Outcome

# The tracking code and secret the README gives for this case.
DEMO_CLOSED = ("YSQDEMO0003", "DEMO-2026-0000-0003")


@transaction.atomic
def load(report) -> None:
    unit = Organization.objects.filter(name="兰山街道办事处").first()
    if unit is None or Application.objects.filter(tracking_code=DEMO_CLOSED[0]).exists():
        return
    today = timezone.localdate()
    received = _working_days_ago(today, 30)
    application = _apply(unit, 2, received, "in_person", "本街道2025年老旧小区改造的项目清单")
    asked = _after(received, 2)
    deadline = _after(asked, 10)
    services.record_event(
        actor=DEMO, application=application, kind=EventKind.CORRECTION_REQUESTED, on=asked,
        note="请写明所需的是哪个社区的改造项目清单。", deadline=deadline,
    )  # fmt: skip
    services.record_event(
        actor=DEMO, application=application, kind=EventKind.CLOSED, on=_after(deadline, 1),
        outcome=Outcome.OTHER_OVERDUE_CORRECTION, note=services.LAPSE_NOTES[Outcome.OTHER_OVERDUE_CORRECTION],
    )  # fmt: skip
    code, secret = DEMO_CLOSED
    application.tracking_code = code
    application.secret_hash = Application.hash_secret(services.normalize_secret(secret))
    application.save(update_fields=["tracking_code", "secret_hash"])
    report.closed_with_remedies = 1
