"""Every change to information items, columns and attachments. One transaction, one audit record each."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core import calendar as cal
from gongkai.core.access import can
from gongkai.core.models import Organization, User
from gongkai.core.roles import Capability

from . import checks, docnumber, files, links, workflow
from . import html as rich
from .models import (
    Attachment,
    Column,
    ColumnTemplate,
    IndexSequence,
    InformationItem,
    LexiconEntry,
    PublishingConfig,
    ReviewPolicy,
    ReviewStep,
    Revision,
    Status,
    Validity,
)

T_PROACTIVE_PUBLISH = 20  # working days, 《政府信息公开条例》 Art. 26

ITEM_FIELDS = (
    "title",
    "summary",
    "doc_number",
    "written_on",
    "formed_on",
    "topic",
    "genre",
    "disclosure_mode",
    "nondisclosure_reason",
    "validity",
    "effective_on",
    "valid_until",
    "validity_changed_on",
    "replaced_by",
    "validity_note",
    "keywords",
    "body",
    "scheduled_at",
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


class ChecksFailed(ValidationError):
    def __init__(self, findings: list[checks.Finding]):
        super().__init__([f.message for f in findings], code="checks")
        self.findings = findings


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def _changed(item: InformationItem) -> None:
    """Tell the search index (and anyone else listening) once the transaction has committed."""
    from .signals import item_changed

    pk = item.pk
    transaction.on_commit(lambda: item_changed.send(sender=InformationItem, item_id=pk))


# Catalogs -------------------------------------------------------------------------------------------


@transaction.atomic
def ensure_catalog(*, unit: Organization, actor: User | None = None) -> list[Column]:
    """Give ``unit`` every column of the standard template it lacks (by code); never removes any."""
    if actor is not None:
        _require(can(actor, Capability.EDIT_UNIT, unit))
    existing = {c.code: c for c in Column.objects.filter(unit=unit)}
    created: list[Column] = []
    catalog_fields = (
        "matter",
        "content_elements",
        "legal_basis",
        "time_limit",
        "channels",
        "audience",
        "mode",
    )
    templates = list(ColumnTemplate.objects.select_related("parent").order_by("sort_order", "pk"))
    level = [t for t in templates if t.parent_id is None]
    while level:  # one insert per depth, parents before their children
        batch = [
            Column(
                unit=unit,
                template=template,
                code=template.code,
                name=template.name,
                parent=existing.get(template.parent.code) if template.parent_id else None,
                sort_order=template.sort_order,
                description=template.description,
                subject=unit.name,
                level=_level_of(unit),
                **{name: getattr(template, name) for name in catalog_fields},
            )
            for template in level
            if template.code not in existing
        ]
        for column in Column.objects.bulk_create(batch):
            existing[column.code] = column
            created.append(column)
        ids = {t.pk for t in level}
        level = [t for t in templates if t.parent_id in ids]
    if created:
        audit.record(
            actor=actor,
            action="publishing.catalog.created",
            obj=unit,
            unit=unit,
            changes={"columns": [None, [c.name for c in created]]},
        )
    return created


def _level_of(unit: Organization) -> str:
    from gongkai.core.models import OrgType

    return {OrgType.TOWNSHIP: "乡级", OrgType.COUNTY: "县级"}.get(unit.org_type, "市级")


# Items ----------------------------------------------------------------------------------------------


def _snapshot(item: InformationItem) -> dict:
    data = audit.snapshot(item, [f for f in ITEM_FIELDS if f != "replaced_by"])
    data["replaced_by"] = item.replaced_by_id
    data["columns"] = sorted(item.columns.values_list("name", flat=True)) if item.pk else []
    data["key_areas"] = sorted(item.key_areas.values_list("name", flat=True)) if item.pk else []
    data["attachments"] = list(item.attachments.values_list("name", flat=True)) if item.pk else []
    return data


def _keep_revision(item: InformationItem, actor: User | None, note: str = "") -> Revision:
    last = item.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return Revision.objects.create(
        item=item, number=last + 1, data=_snapshot(item), note=note, created_by=actor
    )


def _prepare(item: InformationItem) -> None:
    item.body = rich.sanitize(item.body)
    item.body_text, _links = rich.read(item.body)
    item.doc_number = docnumber.normalize(item.doc_number)
    item.title = " ".join(item.title.split())
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
def create_item(
    *, actor: User | None, unit: Organization, columns=(), key_areas=(), **fields
) -> InformationItem:
    if actor is not None:
        _require(can(actor, Capability.EDIT_CONTENT, unit))
    columns = _check_columns(unit, columns)
    item = InformationItem(unit=unit, created_by=actor, updated_by=actor, **fields)
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


def may_edit(actor: User | None, item: InformationItem) -> bool:
    if actor is None:
        return True
    if item.status in workflow.EDITABLE_BY_EDITOR and can(actor, Capability.EDIT_CONTENT, item.unit):
        return True
    return item.status in workflow.EDITABLE_BY_REVIEWER and can(actor, Capability.REVIEW_CONTENT, item.unit)


@transaction.atomic
def update_item(
    *,
    actor: User | None,
    item: InformationItem,
    expected_version: int | None,
    columns=None,
    key_areas=None,
    **changes,
) -> InformationItem:
    """Save an editor's changes. ``expected_version`` is the version the editor opened; if someone saved
    since, nothing is written and :class:`EditConflict` says who and when."""
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
    current.updated_by = actor
    current.updated_at = timezone.now()
    current.save()
    if columns is not None:
        current.columns.set(_check_columns(current.unit, columns))
    if key_areas is not None:
        current.key_areas.set(key_areas)
    after = _snapshot(current)
    _changed(current)
    changed = audit.diff(before, after)
    if changed:
        _keep_revision(current, actor)
        audit.record(
            actor=actor,
            action="publishing.item.changed",
            obj=current,
            unit=current.unit,
            changes={k: v for k, v in changed.items() if k != "body"}
            | ({"body": ["…", "…"]} if "body" in changed else {}),
        )
    return current


def lexicon() -> list[checks.Term]:
    return [
        checks.Term(term=e.term, kind=e.kind, severity=e.severity, correction=e.correction, note=e.note)
        for e in LexiconEntry.objects.all()
    ]


# Other apps add pre-publication checks of their own (the policy library: no policy without its
# interpretation). Each is called as check(item, stage) with stage "edit" (the check panel), "submit" or
# "publish" (the approval that puts the item online) and returns findings.
EXTRA_CHECKS: list = []


def register_check(check) -> None:
    if check not in EXTRA_CHECKS:
        EXTRA_CHECKS.append(check)


def check_item(item: InformationItem, stage: str = "edit") -> list[checks.Finding]:
    return _own_checks(item) + [finding for check in EXTRA_CHECKS for finding in check(item, stage)]


def _own_checks(item: InformationItem) -> list[checks.Finding]:
    text, hrefs = rich.read(item.body)
    draft = checks.Draft(
        title=item.title,
        summary=item.summary,
        doc_number=item.doc_number,
        written_on=item.written_on,
        topic=item.topic,
        genre=item.genre,
        disclosure_mode=item.disclosure_mode,
        nondisclosure_reason=item.nondisclosure_reason,
        validity=item.validity,
        validity_changed_on=item.validity_changed_on,
        column_count=item.columns.count(),
        text=text,
        links=hrefs,
        attachment_names=list(item.attachments.values_list("name", flat=True)),
    )
    return checks.run(draft, lexicon(), lambda href: links.internal_link_ok(href, item))


# Workflow -------------------------------------------------------------------------------------------


def _lock(item: InformationItem) -> InformationItem:
    return InformationItem.objects.select_for_update(of=("self",)).get(pk=item.pk)


def _transition(
    item: InformationItem, action: str, actor: User | None, now: dt.datetime, changes=None, **approval
):
    before = item.status
    item.status = workflow.target(action, item.status, **({"now": now, **approval} if approval else {}))
    item.version += 1
    item.updated_at = now
    item.save()
    audit.record(
        actor=actor,
        action=f"publishing.item.{action}",
        obj=item,
        unit=item.unit,
        changes={"status": [before, item.status], **(changes or {})},
    )
    _changed(item)
    return item


def _require_checks_pass(item: InformationItem, stage: str) -> list[checks.Finding]:
    findings = check_item(item, stage)
    blockers = checks.blocking(findings)
    if blockers:
        raise ChecksFailed(blockers)
    return findings


@transaction.atomic
def submit_item(*, actor: User, item: InformationItem) -> InformationItem:
    item = _lock(item)
    _require(can(actor, Capability.EDIT_CONTENT, item.unit))
    if not workflow.allowed("submit", item.status):
        raise workflow.TransitionError("submit", item.status)
    _require_checks_pass(item, "submit")
    policy = ReviewPolicy.objects.filter(unit=item.unit).first()
    item.review_levels = policy.levels if policy else 1
    item.review_level_done = 0
    now = timezone.now()
    item.submitted_at = now
    item.updated_by = actor
    return _transition(item, "submit", actor, now)


@transaction.atomic
def recall_item(*, actor: User, item: InformationItem) -> InformationItem:
    item = _lock(item)
    _require(can(actor, Capability.EDIT_CONTENT, item.unit))
    return _transition(item, "recall", actor, timezone.now())


@transaction.atomic
def approve_item(*, actor: User, item: InformationItem, comment: str = "") -> InformationItem:
    item = _lock(item)
    _require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    if not workflow.allowed("approve", item.status):
        raise workflow.TransitionError("approve", item.status)
    level = item.review_level_done + 1
    earlier = item.review_steps.filter(
        decided_at__gte=item.submitted_at, decision=ReviewStep.Decision.APPROVED
    )
    if earlier.filter(reviewer=actor).exists():
        raise ValidationError(_("同一审核人不能审核同一稿件的多个级别。"))
    _require_checks_pass(item, "publish" if level >= item.review_levels else "submit")
    now = timezone.now()
    ReviewStep.objects.create(
        item=item, level=level, decision=ReviewStep.Decision.APPROVED, reason=comment, reviewer=actor
    )
    item.review_level_done = level
    item.updated_by = actor
    approval = {
        "levels_done": level,
        "levels": item.review_levels,
        "scheduled_at": item.scheduled_at,
    }
    item = _transition(item, "approve", actor, now, changes={"level": [level - 1, level]}, **approval)
    if item.status == Status.PUBLISHED:
        _go_live(item, now)
    return item


@transaction.atomic
def reject_item(*, actor: User, item: InformationItem, reason: str) -> InformationItem:
    item = _lock(item)
    _require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    if not reason.strip():
        raise ValidationError({"reason": _("退回时请写明原因，编辑将看到这段说明。")})
    if not workflow.allowed("reject", item.status):
        raise workflow.TransitionError("reject", item.status)
    ReviewStep.objects.create(
        item=item,
        level=item.review_level_done + 1,
        decision=ReviewStep.Decision.REJECTED,
        reason=reason.strip(),
        reviewer=actor,
    )
    item.review_level_done = 0
    item.updated_by = actor
    return _transition(item, "reject", actor, timezone.now(), changes={"reason": [None, reason.strip()]})


@transaction.atomic
def withdraw_item(*, actor: User, item: InformationItem, reason: str) -> InformationItem:
    item = _lock(item)
    _require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    if not reason.strip():
        raise ValidationError({"reason": _("撤回时请写明原因。")})
    now = timezone.now()
    item.withdrawn_at, item.withdraw_reason, item.updated_by = now, reason.strip(), actor
    return _transition(item, "withdraw", actor, now, changes={"reason": [None, reason.strip()]})


@transaction.atomic
def restore_item(*, actor: User, item: InformationItem) -> InformationItem:
    item = _lock(item)
    _require(can(actor, Capability.EDIT_CONTENT, item.unit))
    item.updated_by = actor
    return _transition(item, "restore", actor, timezone.now())


def publish_due_items(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[int]:
    """Publish scheduled items whose time has come (run by `gongkai publish_scheduled`). Idempotent."""
    now = now or timezone.now()
    due = list(
        InformationItem.objects.filter(status=Status.SCHEDULED, scheduled_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    if dry_run:
        return due
    published = []
    for pk in due:
        with transaction.atomic():
            item = InformationItem.objects.select_for_update(of=("self",)).get(pk=pk)
            if item.status != Status.SCHEDULED:  # another worker took it
                continue
            _transition(item, "publish_scheduled", None, now)
            _go_live(item, now)
            published.append(pk)
    return published


def _go_live(item: InformationItem, now: dt.datetime) -> None:
    item.published_at = item.published_at or now
    if not item.index_no:
        item.index_no = assign_index_number(item.unit, timezone.localdate(item.published_at).year)
    item.save(update_fields=["published_at", "index_no"])


def assign_index_number(unit: Organization, year: int) -> str:
    """The next index number of ``unit`` for ``year`` (spec §4.6c); the sequence row is locked."""
    from .index_numbers import format_index

    sequence, _ = IndexSequence.objects.select_for_update().get_or_create(unit=unit, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    code = unit.credit_code or f"ORG{unit.pk:06d}"
    return format_index(PublishingConfig.current().index_format, code=code, year=year, serial=sequence.last)


@transaction.atomic
def set_validity(
    *,
    actor: User | None,
    item: InformationItem,
    validity: str,
    changed_on: dt.date | None,
    replaced_by: InformationItem | None = None,
    note: str = "",
) -> InformationItem:
    """Mark a published document expired, repealed or amended (the banner shows on its page)."""
    current = _lock(item)
    if actor is not None:
        _require(can(actor, Capability.REVIEW_CONTENT, current.unit))
    before = audit.snapshot(current, ("validity", "validity_changed_on", "validity_note"))
    current.validity, current.validity_changed_on, current.validity_note = validity, changed_on, note
    current.replaced_by = replaced_by
    current.full_clean(exclude=["index_no"])
    current.version += 1
    current.save()
    audit.record(
        actor=actor,
        action="publishing.item.validity_changed",
        obj=current,
        unit=current.unit,
        changes=audit.diff(
            before, audit.snapshot(current, ("validity", "validity_changed_on", "validity_note"))
        ),
    )
    _changed(current)
    return current


def expire_documents(*, today: dt.date | None = None, dry_run: bool = False) -> list[int]:
    """Record as expired every published document whose validity period (有效期至) has run out: from the day
    after its last valid day (run daily by `gongkai expire_documents`; pages show the banner from that day
    even before the job runs). Idempotent."""
    today = today or timezone.localdate()
    due = list(
        InformationItem.objects.filter(
            status=Status.PUBLISHED, validity=Validity.VALID, valid_until__lt=today
        ).values_list("pk", flat=True)
    )
    if dry_run:
        return due
    for pk in due:
        with transaction.atomic():
            item = _lock(InformationItem(pk=pk))
            if item.validity == Validity.VALID and item.valid_until and item.valid_until < today:
                set_validity(
                    actor=None,
                    item=item,
                    validity=Validity.EXPIRED,
                    changed_on=item.valid_until + dt.timedelta(days=1),
                    replaced_by=item.replaced_by,
                    note=item.validity_note or str(_("有效期届满。")),
                )
    return due


# Attachments ----------------------------------------------------------------------------------------


def check_file(data: bytes, name: str) -> tuple[files.Kind, bytes]:
    """The kind of an uploaded file if it is an allowed attachment (PDF, OFD, Word, Excel, image, parsed by
    its own format's parser) within the office's size limit, and the bytes to store (images re-encoded
    without EXIF); raises otherwise. Published attachments and supervision evidence pass here."""
    from .uploads import check_upload

    limit = PublishingConfig.current().max_attachment_mb * 1024 * 1024
    if len(data) > limit:
        raise ValidationError({"file": _("附件不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)}})
    return check_upload(
        name,
        data,
        files.KINDS,
        unsupported=_("“%(name)s”不是允许的附件类型（PDF、OFD、Word、Excel 或图片），或文件已损坏。")
        % {"name": name},
    )


@transaction.atomic
def add_attachment(*, actor: User | None, item: InformationItem, data: bytes, name: str) -> Attachment:
    if actor is not None:
        _require(may_edit(actor, item))
    kind, data = check_file(data, name)
    attachment = Attachment(
        item=item,
        name=name.strip()[:200] or f"附件.{kind.extension}",
        kind=kind.code,
        mime=kind.mime,
        size=len(data),
        sha256=Attachment.digest(data),
        text=files.extract_text(kind, data),
        sort_order=item.attachments.count() + 1,
    )
    attachment.file.save(f"{attachment.sha256[:16]}.{kind.extension}", ContentFile(data), save=False)
    attachment.save()
    audit.record(
        actor=actor,
        action="publishing.attachment.added",
        obj=item,
        unit=item.unit,
        changes={"attachment": [None, attachment.name]},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor: User | None, attachment: Attachment) -> None:
    item = attachment.item
    if actor is not None:
        _require(may_edit(actor, item))
    name = attachment.name
    attachment.delete()
    audit.record(
        actor=actor,
        action="publishing.attachment.removed",
        obj=item,
        unit=item.unit,
        changes={"attachment": [name, None]},
    )


# Catalog configuration ------------------------------------------------------------------------------


@transaction.atomic
def save_column(*, actor: User | None, column: Column, changed=()) -> Column:
    if actor is not None:
        _require(can(actor, Capability.EDIT_UNIT, column.unit))
    created = column.pk is None
    column.full_clean()
    column.save()
    audit.record(
        actor=actor,
        action="publishing.column.created" if created else "publishing.column.changed",
        obj=column,
        unit=column.unit,
        changes={name: [None, str(getattr(column, name))] for name in changed},
    )
    return column


@transaction.atomic
def set_review_levels(*, actor: User | None, unit: Organization, levels: int) -> ReviewPolicy:
    if actor is not None:
        _require(can(actor, Capability.EDIT_UNIT, unit))
    if levels not in (1, 2, 3):
        raise ValidationError({"levels": _("审核级数应为1至3级。")})
    policy, _created = ReviewPolicy.objects.get_or_create(unit=unit)
    before = policy.levels
    policy.levels = levels
    policy.save()
    audit.record(
        actor=actor,
        action="publishing.review_policy.set",
        obj=policy,
        unit=unit,
        changes={"levels": [before, levels]},
    )
    return policy


def _require_office(actor: User | None) -> None:
    if actor is not None:
        _require(can(actor, Capability.SUPERVISE))


@transaction.atomic
def save_setting(*, actor: User | None, obj, changed=()):
    """Save a site-wide publishing setting (catalog template, lexicon entry, key area, configuration)."""
    _require_office(actor)
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    audit.record(
        actor=actor,
        action=f"publishing.{obj._meta.model_name}.{'created' if created else 'changed'}",
        obj=obj,
        changes={name: [None, str(getattr(obj, name, ""))] for name in changed},
    )
    return obj


@transaction.atomic
def delete_setting(*, actor: User | None, obj) -> None:
    _require_office(actor)
    audit.record(actor=actor, action=f"publishing.{obj._meta.model_name}.deleted", obj=obj)
    obj.delete()


# Import of legacy items -------------------------------------------------------------------------------


@transaction.atomic
def import_item(
    *,
    actor: User | None,
    unit: Organization,
    published_at: dt.datetime,
    columns=(),
    key_areas=(),
    index_no: str = "",
    **fields,
) -> InformationItem:
    """Record an item that was already published elsewhere (legacy site, demo data) with its original date
    and index number. It must pass the same blocking checks as a new item."""
    if actor is not None:
        _require(can(actor, Capability.REVIEW_CONTENT, unit))
    if published_at is None:
        raise ValidationError({"published_at": _("请填写发布日期。")})
    columns = _check_columns(unit, columns)
    item = InformationItem(unit=unit, created_by=actor, updated_by=actor, status=Status.PUBLISHED, **fields)
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
    _changed(item)
    audit.record(
        actor=actor,
        action="publishing.item.imported",
        obj=item,
        unit=unit,
        changes={"index_no": [None, item.index_no]},
    )
    return item
