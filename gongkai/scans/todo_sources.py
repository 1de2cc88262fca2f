"""What the scans give staff to do: for each item of the user's units with open findings, one to-do opening
the item's editor at the place of the first finding (personal data first, marked urgent)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo

from . import access
from .models import Check

LIMIT = 200


def _open_findings(user, today: dt.date) -> list[todo.Todo]:
    if not access.may_handle(user, None):
        return []
    rows: dict[int, list] = {}
    findings = (
        access.findings_for(user).open().with_places().order_by("item_id", "kind", "field", "offset", "pk")
    )
    for finding in findings[: LIMIT * 5]:
        rows.setdefault(finding.item_id, []).append(finding)
    out = []
    for found in list(rows.values())[:LIMIT]:
        found.sort(key=lambda f: (f.kind != Check.PERSONAL, f.pk))
        first = found[0]
        note = _("%(n)d处：%(first)s") % {"n": len(found), "first": first.message}
        out.append(todo.Todo(
            kind="scans.findings", title=first.item.title, url=first.edit_url(), unit=first.unit.name,
            note=note[:200], urgent=any(f.kind == Check.PERSONAL for f in found),
        ))  # fmt: skip
    return out


todo.register("scans.findings", gettext_lazy("内容巡查发现的问题"), _open_findings, order=85)
