"""Every change to a website report: opening a year's draft, the office's entered figures, the security
checks, and the lifecycle draft → reviewed → published (figures frozen at publication). Each takes the
acting user and writes an audit record in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.actors import as_user, require
from gongkai.sites.models import Site

from . import access
from .compute import compute, frozen
from .models import ReportStatus, SecurityCheck, WebsiteReport

FIRST_YEAR = 2000

# action: (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "review": (frozenset({ReportStatus.DRAFT}), ReportStatus.REVIEWED),
    "reopen": (frozenset({ReportStatus.REVIEWED}), ReportStatus.DRAFT),
    "publish": (frozenset({ReportStatus.REVIEWED}), ReportStatus.PUBLISHED),
}
ACTION_EVENTS = {"review": "reviewed", "reopen": "reopened", "publish": "published"}


def _json(value):
    """A value as the audit record's changes hold it (dates ISO, decimals as text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def check_year(year: int, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            {
                "year": _("报表年度须在%(first)d年至%(last)d年之间。")
                % {"first": FIRST_YEAR, "last": today.year}
            }
        )


@transaction.atomic
def open_report(*, actor, site: Site, year: int) -> WebsiteReport:
    """The site's report of ``year``, made as a draft the first time it is opened."""
    require(access.may_manage(actor, site))
    check_year(year)
    report, created = WebsiteReport.objects.get_or_create(
        site=site, year=year, defaults={"updated_by": as_user(actor)}
    )
    if created:
        audit.record(actor=actor, action="webreports.report.created", obj=report, unit=site.root)
    return report


@transaction.atomic
def save_entered(*, actor, report: WebsiteReport, values: dict) -> WebsiteReport:
    """Save the office's entered fields (only those in ``WebsiteReport.ENTERED``) of a draft."""
    report = WebsiteReport.objects.select_for_update().select_related("site__root").get(pk=report.pk)
    require(access.may_manage(actor, report.site))
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("只有草稿状态的报表可以修改；已审核的报表请先退回修改。"))
    unknown = set(values) - set(WebsiteReport.ENTERED)
    if unknown:
        raise ValidationError(_("不能修改这些项目：%(names)s") % {"names": "、".join(sorted(unknown))})
    changes = {}
    for key, value in values.items():
        before = getattr(report, key)
        if before != value:
            changes[key] = [_json(before), _json(value)]
            setattr(report, key, value)
    report.full_clean(exclude=["site", "year"])
    if changes:
        report.updated_by = as_user(actor)
        report.save()
        audit.record(
            actor=actor,
            action="webreports.report.changed",
            obj=report,
            unit=report.site.root,
            changes=changes,
        )
    return report


@transaction.atomic
def transition(*, actor, report: WebsiteReport, action: str, today: dt.date | None = None) -> WebsiteReport:
    """Move the report by the table ``TRANSITIONS``; publication freezes the figures as they are now."""
    report = WebsiteReport.objects.select_for_update().select_related("site__root").get(pk=report.pk)
    require(access.may_manage(actor, report.site))
    if action not in TRANSITIONS:
        raise ValidationError(_("未知的操作。"))
    allowed, to = TRANSITIONS[action]
    if report.status not in allowed:
        raise ValidationError(
            _("报表当前为“%(status)s”，不能执行此操作。") % {"status": report.get_status_display()}
        )
    today = today or timezone.localdate()
    now = timezone.now()
    if action == "publish":
        if report.year >= today.year:
            raise ValidationError(_("%(year)d年尚未结束，年度报表须在次年发布。") % {"year": report.year})
        report.rows = frozen(compute(report))
        report.published_at, report.published_by = now, as_user(actor)
    if action == "review":
        report.reviewed_at, report.reviewed_by = now, as_user(actor)
    if action == "reopen":
        report.reviewed_at, report.reviewed_by = None, None
    before = report.status
    report.status = to
    report.updated_by = as_user(actor)
    report.save()
    audit.record(
        actor=actor,
        action=f"webreports.report.{ACTION_EVENTS[action]}",
        obj=report,
        unit=report.site.root,
        changes={"status": [before, to], **({"rows": report.rows} if action == "publish" else {})},
    )
    return report


@transaction.atomic(durable=True)
def save_report(*, actor, site: Site, year: int, values: dict) -> WebsiteReport:
    """Save the office's entered fields of the site's report of ``year``, making it a draft the first time,
    as one change: refused, no draft and no "created" record are left behind."""
    report = open_report(actor=actor, site=site, year=year)
    return save_entered(actor=actor, report=report, values=values)


@transaction.atomic(durable=True)
def move_report(*, actor, site: Site, year: int, action: str, today: dt.date | None = None) -> WebsiteReport:
    """Move the site's report of ``year`` by ``TRANSITIONS``, making it a draft the first time, as one
    change: a refused move (publishing a year never reviewed) leaves no draft behind."""
    report = open_report(actor=actor, site=site, year=year)
    return transition(actor=actor, report=report, action=action, today=today)


def _check_year_open(site: Site, year: int) -> None:
    if WebsiteReport.objects.filter(site=site, year=year, status=ReportStatus.PUBLISHED).exists():
        raise ValidationError(
            {
                "checked_on": _("%(year)d年的年度报表已发布，不能再登记或删除该年度的安全检查。")
                % {"year": year}
            }
        )


@transaction.atomic
def add_security_check(*, actor, site: Site, check: SecurityCheck) -> SecurityCheck:
    require(access.may_manage(actor, site))
    check.site = site
    check.created_by = as_user(actor)
    if isinstance(check.fixed, int) and isinstance(check.found, int) and check.fixed > check.found:
        raise ValidationError({"fixed": _("整改数量不能多于发现问题数量。")})
    check.full_clean()
    if check.checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("检查日期不能晚于今天。")})
    _check_year_open(site, check.checked_on.year)
    check.save()
    audit.record(
        actor=actor,
        action="webreports.security_check.added",
        obj=check,
        unit=site.root,
        changes={
            "kind": check.kind,
            "checked_on": _json(check.checked_on),
            "found": check.found,
            "fixed": check.fixed,
        },
    )
    return check


@transaction.atomic
def delete_security_check(*, actor, check: SecurityCheck) -> None:
    require(access.may_manage(actor, check.site))
    _check_year_open(check.site, check.checked_on.year)
    audit.record(
        actor=actor,
        action="webreports.security_check.deleted",
        obj=check,
        unit=check.site.root,
        changes={
            "kind": check.kind,
            "checked_on": _json(check.checked_on),
            "found": check.found,
            "fixed": check.fixed,
        },
    )
    check.delete()
