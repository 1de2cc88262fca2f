"""Readable differences between an item's revisions (the admin's revision page, the reviewer's page)."""

from __future__ import annotations

import datetime as dt
import difflib

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.timezone import localtime

from .models import InformationItem, Revision

FIELD_LABELS = {
    "title": "标题",
    "summary": "内容概述",
    "doc_number": "文号",
    "issuer": "发文机关",
    "written_on": "成文日期",
    "formed_on": "信息形成日期",
    "topic": "主题分类",
    "genre": "体裁",
    "disclosure_mode": "公开方式",
    "nondisclosure_reason": "不予公开理由",
    "validity": "有效性",
    "effective_on": "施行日期",
    "valid_until": "有效期至",
    "validity_changed_on": "失效/废止/修订日期",
    "replaced_by": "替代文件",
    "validity_note": "有效性说明",
    "keywords": "关键词",
    "body": "正文",
    "scheduled_at": "定时发布时间",
    "columns": "所属栏目",
    "key_areas": "重点领域",
    "attachments": "附件",
}


def revision_changes(before: dict, after: dict) -> list[dict]:
    """A readable difference: a line diff for the body, before/after for every other field."""
    out = []
    for key, label in FIELD_LABELS.items():
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key == "body":
            from .html import read

            old_lines = read(old or "")[0].splitlines()
            new_lines = read(new or "")[0].splitlines()
            lines = [
                (line[0], line[2:])
                for line in difflib.ndiff(old_lines, new_lines)
                if line[:1] in ("+", "-", " ") and not line.startswith("?")
            ]
            out.append({"label": label, "lines": lines})
        else:
            out.append({"label": label, "before": old, "after": new})
    return out


def describe(key: str, value) -> str:
    """A stored revision value as a person reads it: choices by their Chinese label, dates written out,
    lists joined; "" for nothing."""
    if value in (None, "", []):
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if key == "replaced_by":
        title = InformationItem.objects.filter(pk=value).values_list("title", flat=True).first()
        return title or str(value)
    field = InformationItem._meta.get_field(key) if key in FIELD_LABELS else None
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and key.endswith("_at") and (moment := parse_datetime(value)):
        return date_format(localtime(moment) if moment.tzinfo else moment, "Y年n月j日 H:i")
    if isinstance(value, str) and key.endswith(("_on", "_until")) and (day := parse_date(value)):
        return date_format(day, "Y年n月j日")
    if isinstance(value, dt.date):
        return date_format(value, "Y年n月j日")
    return str(value)


def readable_changes(before: dict, after: dict) -> list[dict]:
    """:func:`revision_changes` with every before/after value described for a person (see :func:`describe`)."""
    changes = revision_changes(before, after)
    keys = {label: key for key, label in FIELD_LABELS.items()}
    for change in changes:
        if "lines" not in change:
            key = keys[change["label"]]
            change["before"], change["after"] = (
                describe(key, change["before"]),
                describe(key, change["after"]),
            )
    return changes


def last_published_revision(item: InformationItem) -> Revision | None:
    """The revision the public last saw, or None if the item was never published.

    A published item leaves publication only by being withdrawn (workflow.py), so what the public last saw
    is the newest revision kept before the last withdrawal; an item that is published now shows its newest.
    """
    if item.published_at is None:
        return None
    revisions = item.revisions.order_by("-number")
    if item.is_public:
        return revisions.first()
    if item.withdrawn_at is None:
        return None
    return revisions.filter(created_at__lte=item.withdrawn_at).first()
