"""What the editorial workflow gives staff to do: items to review at my level, items returned to me,
items still unpublished after the 20 working days of Art. 26; for a portal's office the submissions (信息报送)
waiting for its decision, and for the one who submitted, the decisions of the last 14 days."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import access as core_access
from gongkai.core import todo
from gongkai.core.access import can
from gongkai.core.roles import Capability

from . import access, guide
from .models import InformationItem, ReviewStep, Status, SubmissionStatus


def _row(item: InformationItem, kind: str, page: str, **extra) -> todo.Todo:
    """An item's row, due on its Art. 26 date, opening the workspace ``page`` where the job is done."""
    return todo.Todo(
        kind=kind,
        title=item.title,
        url=reverse(f"workspace:{page}", args=[item.pk]),
        due_on=item.publish_due_on,
        unit=item.unit.name,
        **extra,
    )


def _to_review(user, today: dt.date) -> list[todo.Todo]:
    return [_row(item, "item.review", "item-review") for item in access.review_queue(user)[:200]]


def _returned(user, today: dt.date) -> list[todo.Todo]:
    """Drafts whose last review step sent them back, written or last changed by ``user``."""
    if not can(user, Capability.EDIT_CONTENT):
        return []
    last = ReviewStep.objects.filter(item=OuterRef("pk")).order_by("-decided_at", "-pk")
    rows = (
        access.items_for(user)
        .filter(status=Status.DRAFT)
        .filter(created_by=user)
        .annotate(
            last_decision=Subquery(last.values("decision")[:1]),
            last_reason=Subquery(last.values("reason")[:1]),
        )
        .filter(last_decision=ReviewStep.Decision.REJECTED)
        .select_related("unit")
        .order_by("publish_due_on", "pk")[:200]
    )
    return [
        _row(
            item,
            "item.returned",
            "item-edit",
            note=_("退回理由：%(reason)s") % {"reason": item.last_reason} if item.last_reason else "",
        )
        for item in rows
    ]


def _late(user, today: dt.date) -> list[todo.Todo]:
    """Proactive items past their Art. 26 date and never yet published (in any state before publication)."""
    if not can(user, Capability.EDIT_CONTENT):
        return []
    rows = (
        access.items_for(user)
        .filter(status__in=[Status.DRAFT, Status.SUBMITTED, Status.SCHEDULED], publish_due_on__lt=today)
        # Published once (then withdrawn for a correction): Art. 26 was met or missed at that publication.
        .filter(published_at__isnull=True)
        .select_related("unit")
        .order_by("publish_due_on", "pk")[:200]
    )
    note = _("条例第二十六条：应自形成或变更之日起20个工作日内公开。")
    return [_row(item, "item.late", "item-edit", note=note, urgent=True) for item in rows]


def _submissions_waiting(user, today: dt.date) -> list[todo.Todo]:
    rows = access.incoming_submissions_for(user).pending().with_listing().order_by("submitted_at", "pk")
    return [
        todo.Todo(
            kind="submission.pending",
            title=row.item.title,
            url=reverse("workspace:submission", args=[row.pk]),
            unit=row.unit.name,
            note=_("报送至“%(column)s”") % {"column": row.column.name},
        )
        for row in rows[:200]
    ]


def _submissions_decided(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, Capability.EDIT_CONTENT):
        return []
    since = timezone.now() - dt.timedelta(days=14)
    rows = access.submissions_for(user).filter(submitted_by=user, decided_at__gte=since)
    rows = rows.filter(status__in=[SubmissionStatus.ADOPTED, SubmissionStatus.DECLINED]).with_listing()
    return [
        todo.Todo(
            kind="submission.decided",
            title=row.item.title,
            url=reverse("workspace:submission", args=[row.pk]),
            unit=row.unit.name,
            note=(
                _("“%(column)s”已采用") % {"column": row.column.name}
                if row.status == SubmissionStatus.ADOPTED
                else _("“%(column)s”未采用：%(reason)s") % {"column": row.column.name, "reason": row.reason}
            ),
        )
        for row in rows.order_by("-decided_at", "-pk")[:50]
    ]


def _guide_contact(user, today: dt.date) -> list[todo.Todo]:
    """Units in reach whose guide lacks Art. 12 contact data: the guide leaves the line out in public, the
    unit's admin (and the openness office above it) completes it on the organization's page."""
    if not can(user, Capability.EDIT_UNIT):
        return []
    empty = Q()
    for name, _label in guide.CONTACT_FIELDS:
        empty |= Q(**{name: ""})
    units = core_access.units_for(user).filter(is_active=True).filter(empty).order_by("path")[:200]
    rows = []
    for unit in units:
        if not can(user, Capability.EDIT_UNIT, unit):
            continue
        rows.append(
            todo.Todo(
                kind="guide.contact",
                title=_("补全政府信息公开指南的联系信息：%(unit)s") % {"unit": unit.name},
                url=reverse("admin:core_organization_change", args=[unit.pk]),
                unit=unit.name,
                note=_(
                    "缺少：%(fields)s。条例第十二条要求指南列明工作机构的名称、办公地址、办公时间、联系电话、传真和电子邮箱。"
                )
                % {"fields": "、".join(guide.missing_contact(unit))},
            )
        )
    return rows


todo.register("item.review", gettext_lazy("待我审核的信息"), _to_review, order=10)
todo.register("item.returned", gettext_lazy("退回给我的信息"), _returned, order=20)
todo.register("item.late", gettext_lazy("超过法定期限未公开的信息"), _late, order=30)
todo.register("submission.pending", gettext_lazy("待处理的信息报送"), _submissions_waiting, order=35)
todo.register("submission.decided", gettext_lazy("信息报送已采用/未采用"), _submissions_decided, order=36)
todo.register("guide.contact", gettext_lazy("补全政府信息公开指南的联系信息"), _guide_contact, order=80)
