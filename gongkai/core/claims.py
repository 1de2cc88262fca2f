"""The one way a scanner claims due rows, so two runs at once never act twice on the same row.

As healthchecks' ``sendalerts`` does: the row is taken by a conditional ``UPDATE ... WHERE <still due>``
and only the run whose update changed the row acts on it. On PostgreSQL a concurrent update of the same
row waits for the first to commit and then re-reads the condition, which no longer holds; SQLite
serializes writers. Each claim commits on its own (autocommit), before the side effect, so a crash
after the claim loses at most that one notice rather than sending it twice.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models


def claim(candidates: models.QuerySet, pk, **values) -> bool:
    """Mark the row ``pk`` of ``candidates`` with ``values``; true if this call took it.

    ``candidates`` is the queryset of rows still due (``Reminder.objects.filter(sent_at=None)``):
    its condition is repeated in the ``UPDATE``, so a row another run took in the meantime is left.
    """
    return candidates.filter(pk=pk).update(**values) == 1


def claim_each(candidates: models.QuerySet, *, dry_run: bool = False, **values) -> Iterator[models.Model]:
    """Yield each row of ``candidates`` this run claims (``values`` marks it taken).

    The due rows are read once; each is then claimed on its own, so a second scanner running at the
    same time gets the rows the first has not reached. With ``dry_run`` every due row is yielded and
    nothing is written.
    """
    for row in list(candidates):
        if dry_run or claim(candidates, row.pk, **values):
            yield row
