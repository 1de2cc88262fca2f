"""The register fills each unit's 行政法规、规章和规范性文件 column (Art. 20(1)) with its documents."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.publishing import column_sources
from gongkai.publishing.models import DisclosureMode, Status

from .models import RegisterEntry


def register_documents(unit, request) -> column_sources.QueryRows:
    """The unit's regulations and normative documents in the register, newest first, with their state."""
    entries = (
        RegisterEntry.objects.filter(
            item__unit=unit, item__status=Status.PUBLISHED, item__disclosure_mode=DisclosureMode.PROACTIVE
        )
        .select_related("item")
        .order_by("-item__published_at", "-pk")
    )

    def row(entry: RegisterEntry) -> column_sources.Row:
        note = [entry.get_kind_display()]
        if entry.item.doc_number:
            note.append(entry.item.doc_number)
        note.append(entry.item.current_validity().label)
        return column_sources.Row(
            title=entry.item.title,
            url=entry.item.get_absolute_url(),
            date=timezone.localdate(entry.item.published_at) if entry.item.published_at else None,
            note=" · ".join(note),
            item_id=entry.item_id,
        )

    return column_sources.QueryRows(entries, row)


column_sources.register(
    "a20-01",
    register_documents,
    label=_("规范性文件和规章台账"),
    more=lambda unit: reverse("policy:register"),
)
