"""Information items: create, edit, import; the index number; telling search an item changed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core import calendar as cal
from gongkai.core.access import can
from gongkai.core.actors import SystemActor, as_user, is_system, require
from gongkai.core.models import Organization, User
from gongkai.core.roles import Capability
from gongkai.search.tasks import reindex_on_commit

from .. import checks, docnumber, workflow
from .. import html as rich
from ..models import Column, IndexSequence, InformationItem, PublishingConfig, Revision, Status
from ..search_sources import ITEM_SOURCE
from .checking import ChecksFailed, check_item

Actor = User | SystemActor

T_PROACTIVE_PUBLISH = 20  # working days, 《政府信息公开条例》 Art. 26

# The item's own fields, in the order the editor's form shows them (the admin form is built from this).
ITEM_FIELDS = (
    "title",
    "summary",
    "doc_number",
    "issuer",
    "written_on",
    "formed_on",
    "topic",
    "genre",
    "disclosure_mode",
    "nondisclosure_reason",
    "keywords",
    "body",
    "scheduled_at",
    "effective_on",
    "valid_until",
    "validity",
    "validity_changed_on",
    "replaced_by",
    "validity_note",
)


class EditConflict(Exception):
    """Someone else saved the item since this editor opened it."""

    def __init__(self, item: InformationItem):
        who = item.updated_by.full_name or item.updated_by.username if item.updated_by else _("他人")
        when = timezone.localtime(item.updated_at).strftime("%H:%M")
        super().__init__(
            _("该信息已被%(who)s于%(when)s修改，您的修改未保存。请重新打开后再编辑，以免覆盖对方的修改。")
            % {"who": who, "when": when}
        )
        self.item = item


def reindex_item(item: InformationItem) -> None:
    """The item's public face may have changed: search reindexes it (a task queued once this commits)."""
    reindex_on_commit(ITEM_SOURCE, item.pk)


def _snapshot(item: InformationItem) -> dict:
    data = audit.snapshot(item, [f for f in ITEM_FIELDS if f != "replaced_by"])
    data["replaced_by"] = item.replaced_by_id
    data["columns"] = sorted(item.columns.values_list("name", flat=True)) if item.pk else []
    data["key_areas"] = sorted(item.key_areas.values_list("name", flat=True)) if item.pk else []
    data["attachments"] = list(item.attachments.values_list("name", flat=True)) if item.pk else []
    return data


def _keep_revision(item: InformationItem, actor: Actor, note: str = "") -> Revision:
    last = item.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return Revision.objects.create(
        item=item, number=last + 1, data=_snapshot(item), note=note, created_by=as_user(actor)
    )


def _prepare(item: InformationItem) -> None:
    item.body = rich.sanitize(item.body)
    item.body_text, _links = rich.read(item.body)
    item.doc_number = docnumber.normalize(item.doc_number)
    item.title = " ".join(item.title.split())
    item.issuer = " ".join(item.issuer.split())
    if item.formed_on is None:
        item.formed_on = item.written_on
    if item.formed_on:
        result = cal.add_working_days(item.formed_on, T_PROACTIVE_PUBLISH)
        item.publish_due_on, item.publish_due_provisional = result.due, result.provisional
    else:
        item.publish_due_on, item.publish_due_provisional = None, False


def _save_new(item: InformationItem, columns, key_areas) -> None:
    item.full_clean(exclude=["index_no"])
    item.save()
    item.columns.set(columns)
    item.key_areas.set(key_areas)


def _check_columns(unit: Organization, columns) -> list[Column]:
    columns = list(columns or [])
    if any(c.unit_id != unit.pk for c in columns):
        raise ValidationError({"columns": _("只能选择本单位的栏目。")})
    return columns


@transaction.atomic
def create_item(*, actor: Actor, unit: Organization, columns=(), key_areas=(), **fields) -> InformationItem:
    require(can(actor, Capability.EDIT_CONTENT, unit))
    columns = _check_columns(unit, columns)
    item = InformationItem(unit=unit, created_by=as_user(actor), updated_by=as_user(actor), **fields)
    _prepare(item)
    _save_new(item, columns, key_areas)
    _keep_revision(item, actor, note=_("创建"))
    audit.record(
        actor=actor,
        action="publishing.item.created",
        obj=item,
        unit=unit,
        changes={"title": [None, item.title]},
    )
    return item


def may_edit(actor: Actor | None, item: InformationItem) -> bool:
    """Whether ``actor`` may change the item's content now (a job acting as the system always may)."""
    if is_system(actor):
        return True
    if item.status in workflow.EDITABLE_BY_EDITOR and can(actor, Capability.EDIT_CONTENT, item.unit):
        return True
    return item.status in workflow.EDITABLE_BY_REVIEWER and can(actor, Capability.REVIEW_CONTENT, item.unit)


@transaction.atomic
def update_item(
    *,
    actor: Actor,
    item: InformationItem,
    expected_version: int | None,
    columns=None,
    key_areas=None,
    note: str = "",
    **changes,
) -> InformationItem:
    """Save an editor's changes. ``expected_version`` is the version the editor opened; if someone saved
    since, nothing is written and :class:`EditConflict` says who and when. ``note`` labels the revision
    kept (the workspace's autosave writes 自动保存)."""
    current = (
        InformationItem.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=item.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    if not may_edit(actor, current):
        if current.status not in workflow.EDITABLE_BY_REVIEWER:
            raise ValidationError(
                _("“%(status)s”状态的信息不能修改。") % {"status": current.get_status_display()}
            )
        raise PermissionDenied
    before = _snapshot(current)
    for key, value in changes.items():
        if key not in ITEM_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(current, key, value)
    _prepare(current)
    current.full_clean(exclude=["index_no"])
    current.version += 1
    current.updated_by = as_user(actor)
    current.updated_at = timezone.now()
    current.save()
    if columns is not None:
        # Portal columns the item was adopted into (信息报送) are not the unit's to choose: they stay.
        adopted = current.columns.exclude(unit=current.unit)
        current.columns.set(_check_columns(current.unit, columns) + list(adopted))
    if key_areas is not None:
        current.key_areas.set(key_areas)
    after = _snapshot(current)
    reindex_item(current)
    changed = audit.diff(before, after)
    if changed:
        _keep_revision(current, actor, note=note)
        audit.record(
            actor=actor,
            action="publishing.item.changed",
            obj=current,
            unit=current.unit,
            changes={k: v for k, v in changed.items() if k != "body"}
            | ({"body": ["…", "…"]} if "body" in changed else {}),
        )
    return current


@transaction.atomic
def import_item(
    *,
    actor: Actor,
    unit: Organization,
    published_at: dt.datetime,
    columns=(),
    key_areas=(),
    index_no: str = "",
    **fields,
) -> InformationItem:
    """Record an item that was already published elsewhere (legacy site, demo data) with its original date
    and index number. It must pass the same blocking checks as a new item."""
    require(can(actor, Capability.REVIEW_CONTENT, unit))
    if published_at is None:
        raise ValidationError({"published_at": _("请填写发布日期。")})
    columns = _check_columns(unit, columns)
    item = InformationItem(
        unit=unit, created_by=as_user(actor), updated_by=as_user(actor), status=Status.PUBLISHED, **fields
    )
    _prepare(item)
    item.published_at = published_at
    item.created_at = item.updated_at = published_at
    if index_no:
        if InformationItem.objects.filter(index_no=index_no).exists():
            raise ValidationError({"index_no": _("索引号“%(no)s”已被使用。") % {"no": index_no}})
        item.index_no = index_no
    _save_new(item, columns, key_areas)
    blockers = checks.blocking(check_item(item))
    if blockers:
        raise ChecksFailed(blockers)
    if not item.index_no:
        item.index_no = assign_index_number(unit, timezone.localdate(published_at).year)
        item.save(update_fields=["index_no"])
    _keep_revision(item, actor, note=_("导入"))
    reindex_item(item)
    audit.record(
        actor=actor,
        action="publishing.item.imported",
        obj=item,
        unit=unit,
        changes={"index_no": [None, item.index_no]},
    )
    return item


def assign_index_number(unit: Organization, year: int) -> str:
    """The next index number of ``unit`` for ``year`` (spec §4.6c); the sequence row is locked."""
    from ..index_numbers import format_index

    sequence, _ = IndexSequence.objects.select_for_update().get_or_create(unit=unit, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    code = unit.credit_code or f"ORG{unit.pk:06d}"
    return format_index(PublishingConfig.current().index_format, code=code, year=year, serial=sequence.last)
