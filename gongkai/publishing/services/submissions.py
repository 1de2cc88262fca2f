"""信息报送: a unit submits a published item to a column of its portal; the portal's office adopts it (the
item is then listed in that column too, its own unit still its source) or declines it with a reason.
One transaction and one audit record each; the moves follow ``submission_workflow.TRANSITIONS``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.access import can
from gongkai.core.actors import as_user, require
from gongkai.core.models import Organization, User
from gongkai.core.roles import Capability

from .. import access, submission_workflow
from ..models import Column, InformationItem, Submission, SubmissionStatus
from ..portals import target_columns
from .items import Actor, reindex_item


@transaction.atomic
def submit_to_portal(*, actor: User, item: InformationItem, column: Column, note: str = "") -> Submission:
    """报送: offer ``item`` (published, of the actor's unit) to ``column`` of the unit's portal."""
    item = InformationItem.objects.select_for_update(of=("self",)).select_related("unit").get(pk=item.pk)
    require(can(actor, Capability.EDIT_CONTENT, item.unit))
    if not item.is_public:
        raise ValidationError({"item": _("只有已发布的主动公开信息才能报送。")})
    if not target_columns(item.unit).filter(pk=column.pk).exists():
        raise ValidationError({"column": _("只能报送到本单位所属门户网站的要闻、通知公告或专题栏目。")})
    if (
        item.columns.filter(pk=column.pk).exists()
        or Submission.objects.filter(item=item, column=column, status__in=submission_workflow.ACTIVE).exists()
    ):
        raise ValidationError({"column": _("该信息已报送到这个栏目（待处理或已采用），不能重复报送。")})
    submission = Submission.objects.create(
        item=item,
        unit=item.unit,
        column=column,
        note=note.strip()[:300],
        submitted_by=as_user(actor),
    )
    audit.record(
        actor=actor,
        action="publishing.submission.submitted",
        obj=submission,
        unit=item.unit,
        changes={"column": [None, f"{column.unit.name} · {column.name}"], "item": [None, item.title]},
    )
    return submission


PAST = {"adopt": "adopted", "decline": "declined", "withdraw": "withdrawn"}


def _transition(submission: Submission, action: str, actor: Actor, reason: str = "") -> Submission:
    locked = Submission.objects.select_for_update(of=("self",)).with_listing().get(pk=submission.pk)
    before = locked.status
    locked.status = submission_workflow.target(action, locked.status)
    if action in ("adopt", "decline"):
        locked.decided_by, locked.decided_at, locked.reason = as_user(actor), timezone.now(), reason
    locked.save()
    audit.record(
        actor=actor,
        action=f"publishing.submission.{PAST[action]}",
        obj=locked,
        unit=locked.unit,
        changes={"status": [before, locked.status], **({"reason": [None, reason]} if reason else {})},
    )
    return locked


@transaction.atomic
def withdraw_submission(*, actor: User, submission: Submission) -> Submission:
    """The submitting unit takes back a submission still waiting for the office."""
    require(can(actor, Capability.EDIT_CONTENT, submission.unit))
    return _transition(submission, "withdraw", actor)


def _require_office(actor: Actor, submission: Submission) -> None:
    if not access.may_decide(actor, submission):
        raise PermissionDenied


@transaction.atomic
def adopt_submission(*, actor: User, submission: Submission, reason: str = "") -> Submission:
    """采用: the portal's office lists the item in the column it was submitted to."""
    _require_office(actor, submission)
    submission = _transition(submission, "adopt", actor, reason.strip()[:300])
    submission.item.columns.add(submission.column)
    reindex_item(submission.item)
    return submission


@transaction.atomic
def decline_submission(*, actor: User, submission: Submission, reason: str) -> Submission:
    """不予采用, with the reason the unit will read."""
    _require_office(actor, submission)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("不予采用时请写明理由，报送单位将看到这段说明。")})
    return _transition(submission, "decline", actor, reason.strip()[:300])


def submission_stats(units, year: int) -> list[dict]:
    """Per unit, submissions made in ``year``: submitted (withdrawn ones not counted), adopted, declined,
    pending. Units without any are included with zeros. One query."""
    units = list(units)
    counted = (
        Submission.objects.filter(unit__in=units, submitted_at__year=year)
        .exclude(status=SubmissionStatus.WITHDRAWN)
        .values("unit")
        .annotate(
            submitted=Count("pk"),
            adopted=Count("pk", filter=Q(status=SubmissionStatus.ADOPTED)),
            declined=Count("pk", filter=Q(status=SubmissionStatus.DECLINED)),
            pending=Count("pk", filter=Q(status=SubmissionStatus.SUBMITTED)),
        )
    )
    by_unit = {row["unit"]: row for row in counted}
    zero = {"submitted": 0, "adopted": 0, "declined": 0, "pending": 0}
    return [{"unit": unit, **{k: by_unit.get(unit.pk, zero)[k] for k in zero}} for unit in units]


def adopted_count(unit: Organization, year: int) -> tuple[int, int]:
    """(adopted, decided) submissions of ``unit`` made in ``year``: the assessment indicator 信息报送采用率
    uses them (``gongkai.supervision.assessment``)."""
    (row,) = submission_stats([unit], year)
    return row["adopted"], row["adopted"] + row["declined"]


def decided_since(user, since: dt.datetime):
    """Submissions ``user`` made that the office decided since ``since`` (the unit's notice)."""
    return (
        Submission.objects.filter(submitted_by=user, decided_at__gte=since)
        .filter(status__in=[SubmissionStatus.ADOPTED, SubmissionStatus.DECLINED])
        .with_listing()
        .order_by("-decided_at")
    )
