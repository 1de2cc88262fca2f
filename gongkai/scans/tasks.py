"""The scans' background work: one run of the archive scan, claimed once, in the task worker."""

from __future__ import annotations

from django_tasks import task

from gongkai.core.claims import claim

from .models import RunStatus, ScanRun


@task()
def run_scan(run_id: int) -> int:
    """Run the queued scan ``run_id`` (idempotent: a run already taken by another worker is left)."""
    from django.utils import timezone

    from . import scanner

    if not claim(ScanRun.objects.filter(status=RunStatus.QUEUED), run_id, status=RunStatus.RUNNING,
                 started_at=timezone.now()):  # fmt: skip
        return 0
    run = ScanRun.objects.get(pk=run_id)
    scanner.execute(run)
    return run.found
