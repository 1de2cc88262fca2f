"""Every change to the scans: asking for a run (queued, never run in a request), fixing or dismissing a
finding (with a reason), and keeping the leaders' list the lexicon check reads. Each checks the right, runs
in one transaction and leaves one audit record; a change of the lexicon or of a leader queues a re-scan of
the lexicon once the change commits (``apps.py`` connects it)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, records
from gongkai.core.actors import as_user, require, system
from gongkai.core.models import Leader

from . import access
from .models import Check, FindingStatus, RunStatus, ScanFinding, ScanRun, Trigger

REASON_MAX = 300
LEXICON_ACTOR = system("scan_archive")


def _enqueue_on_commit(run: ScanRun) -> None:
    from .tasks import run_scan

    transaction.on_commit(lambda: run_scan.enqueue(run.pk))


@transaction.atomic
def request_scan(*, actor, kind: str = "", trigger: str = Trigger.STAFF) -> ScanRun:
    """Queue a scan of the archive (``kind``: one check, or "" for all); the worker runs it."""
    require(access.may_run(actor))
    if kind and kind not in Check.values:
        raise ValidationError({"kind": _("巡查内容只能是：词库与领导职务、个人信息、链接，或留空表示全部。")})
    if trigger not in Trigger.values:
        raise ValidationError({"trigger": _("发起方式不正确。")})
    run = ScanRun.objects.create(kind=kind, trigger=trigger, requested_by=as_user(actor))
    audit.record(actor=actor, action="scans.run.requested", obj=run, changes={"kind": kind or "all"})
    _enqueue_on_commit(run)
    return run


def queue_lexicon_rescan() -> None:
    """After a lexicon entry or a leader changed: one lexicon re-scan, queued when the change commits (a
    re-scan already waiting in the queue will read the new lexicon, so none is added)."""

    def queue() -> None:
        if ScanRun.objects.filter(kind=Check.LEXICON, status=RunStatus.QUEUED).exists():
            return
        request_scan(actor=LEXICON_ACTOR, kind=Check.LEXICON, trigger=Trigger.LEXICON_CHANGED)

    transaction.on_commit(queue)


def _decide(*, actor, finding: ScanFinding, status: str, reason: str, action: str) -> ScanFinding:
    require(access.may_handle(actor, finding.unit))
    locked = ScanFinding.objects.select_for_update().get(pk=finding.pk)
    if locked.status != FindingStatus.OPEN:
        raise ValidationError(
            _("该问题已处理（%(status)s），不能重复处理。") % {"status": locked.get_status_display()}
        )
    before = {"status": locked.status}
    locked.status, locked.reason = status, reason
    locked.decided_by, locked.decided_at = as_user(actor), timezone.now()
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit.record(
        actor=actor, action=action, obj=locked, unit=locked.unit,
        changes={"status": [before["status"], status], "reason": reason, "item": locked.item_id},
        object_repr=f"{locked.item.title}：{locked.message}"[:200],
    )  # fmt: skip
    return locked


def _reason(reason: str | None, *, required: bool) -> str:
    reason = " ".join((reason or "").split())
    if required and not reason:
        raise ValidationError({"reason": _("请填写忽略的理由。")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("理由不能超过%(n)d个字。") % {"n": REASON_MAX}})
    return reason


@transaction.atomic
def dismiss_finding(*, actor, finding: ScanFinding, reason: str) -> ScanFinding:
    """Not a problem (a name that only looks like a leader's, a number that is a public hotline): closed with
    the reason; a re-scan finding it again leaves it dismissed."""
    return _decide(actor=actor, finding=finding, status=FindingStatus.DISMISSED,
                   reason=_reason(reason, required=True), action="scans.finding.dismissed")  # fmt: skip


@transaction.atomic
def fix_finding(*, actor, finding: ScanFinding, note: str = "") -> ScanFinding:
    """Marked fixed by the unit; the next scan reopens it if the text still holds it."""
    return _decide(actor=actor, finding=finding, status=FindingStatus.FIXED,
                   reason=_reason(note, required=False), action="scans.finding.fixed")  # fmt: skip


def save_leader(*, actor, leader: Leader) -> Leader:
    """Add or change one leader (audited through ``core.records``); the lexicon re-scan follows on commit."""
    require(access.may_keep_leaders(actor, leader.organization))
    if leader.since and leader.since > timezone.localdate():
        raise ValidationError({"since": _("任职时间不能晚于今天。")})
    return records.save_record(actor=actor, obj=leader, capability=access.LEADERS, unit=leader.organization)
