"""A draft's clauses: the draft text split into 第X条 (with 第X条之一), or else into its top-level numbered
paragraphs (一、 / 1. / 1、 / （一）), so that comments, replies and the adoption report can name a clause.

Text before the first clause (the title, 章/节 headings) is not a clause; 章/节 headings between clauses are
dropped from the clause text. A draft with no such structure has no clauses: comments go on the whole draft.
"""

from __future__ import annotations

import re

from django.db import transaction

CN_DIGITS = "零〇一二两三四五六七八九十百千"
_ARTICLE = re.compile(rf"^\s*(第[{CN_DIGITS}0-9]+条(?:之[{CN_DIGITS}]+)?)[\s　]*", re.MULTILINE)
_HEADING = re.compile(rf"^\s*第[{CN_DIGITS}0-9]+[章节编](?:[\s　].*)?$", re.MULTILINE)
_PARAGRAPH_STYLES = [
    re.compile(rf"^\s*([{CN_DIGITS}]+、)[\s　]*", re.MULTILINE),
    re.compile(r"^\s*(（[" + CN_DIGITS + r"]+）)[\s　]*", re.MULTILINE),
    re.compile(r"^\s*([0-9]+[.、．])(?!\d)[\s　]*", re.MULTILINE),
]


def _cut(text: str, pattern: re.Pattern) -> list[tuple[str, str]]:
    matches = list(pattern.finditer(text))
    parts = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = _HEADING.sub("", text[m.end() : end]).strip()
        parts.append((m.group(1), body))
    return parts


def split(draft: str) -> list[tuple[str, str]]:
    """The (label, text) of each clause of ``draft``, in order; ``[]`` when the draft has no structure."""
    text = (draft or "").replace("\r\n", "\n")
    parts = _cut(text, _ARTICLE)
    if parts:
        return parts
    for style in _PARAGRAPH_STYLES:
        parts = _cut(text, style)
        if len(parts) >= 2:
            return parts
    return []


def refresh(consultation) -> None:
    """Split ``consultation.draft`` into its clauses and keep them as :class:`Clause` rows.

    While the consultation has no comments on a clause the rows are simply replaced. Once comments name
    clauses, those comments (and groups) must keep pointing at the same row, so rows are matched by label and
    updated in place; a clause that disappeared from the draft is deleted only if nobody commented on it or
    grouped comments under it (otherwise it stays, numbered after the current ones, so the comments and the
    adoption report can still name it)."""
    from .models import Clause

    parts = split(consultation.draft)
    with transaction.atomic():
        existing = list(Clause.objects.filter(consultation=consultation).order_by("number"))
        used = {c.pk for c in existing if c.comments.exists() or c.groups.exists()} if existing else set()
        if not used:
            Clause.objects.filter(consultation=consultation).delete()
            Clause.objects.bulk_create(
                Clause(consultation=consultation, number=i, label=label[:30], text=body)
                for i, (label, body) in enumerate(parts, start=1)
            )
            return
        by_label = {c.label: c for c in existing}
        keep = []
        for i, (label, body) in enumerate(parts, start=1):
            row = by_label.pop(label[:30], None) or Clause(consultation=consultation, label=label[:30])
            row.number, row.text = i, body
            keep.append(row)
        leftovers = [c for c in by_label.values() if c.pk in used]
        Clause.objects.filter(pk__in=[c.pk for c in by_label.values() if c.pk not in used]).delete()
        for j, row in enumerate(leftovers, start=len(keep) + 1):
            row.number = j
            keep.append(row)
        # Two passes so the unique (consultation, number) never collides while renumbering.
        offset = 10000
        for row in keep:
            if row.pk:
                Clause.objects.filter(pk=row.pk).update(number=row.number + offset)
        for row in keep:
            if row.pk:
                Clause.objects.filter(pk=row.pk).update(number=row.number, text=row.text)
            else:
                row.save()
