"""Every write to the service guides: one function per use case, each checking the actor's right on the unit,
in one transaction, with one audit record. Views, the API and the demo call these."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import audit
from gongkai.core.access import can
from gongkai.core.actors import require
from gongkai.core.models import Organization

from . import rules
from .access import PUBLISH, WRITE
from .models import Category, OnlineLevel, ServiceGuide, Status

# field -> (label, length limit or None for long text)
TEXT_FIELDS = {
    "name": (gettext_lazy("事项名称"), 200),
    "code": (gettext_lazy("事项编码"), 60),
    "basis": (gettext_lazy("设定依据"), 5000),
    "conditions": (gettext_lazy("申请条件"), 5000),
    "materials": (gettext_lazy("办理材料"), 10000),
    "place": (gettext_lazy("办理地点"), 2000),
    "hours": (gettext_lazy("办理时间"), 300),
    "phone": (gettext_lazy("联系电话"), 200),
    "process": (gettext_lazy("办理流程"), 10000),
    "fees": (gettext_lazy("收费标准"), 5000),
    "time_limit": (gettext_lazy("办理时限"), 300),
}
FIELDS = (*TEXT_FIELDS, "category", "online_level", "online_url")


def _reindex(guide: ServiceGuide) -> None:
    from gongkai.search.tasks import reindex_on_commit

    from .search_sources import SOURCE

    reindex_on_commit(SOURCE, guide.pk)


def _choice(value, label: str, choices, default: str) -> str:
    value = str(value or "").strip()
    if not value:
        return default
    for code, text in choices.choices:
        if value in (code, str(text)):
            return code
    names = "、".join(str(text) for _code, text in choices.choices)
    raise ValidationError(_("%(l)s“%(v)s”应为：%(c)s。") % {"l": label, "v": value, "c": names})


def clean_guide(unit: Organization | None, fields: dict) -> dict:
    """The guide's fields, stripped and checked; every problem at once, each under its field. Only the name
    and the unit are required: a guide lacking other elements is kept and flagged (``rules.missing_labels``)."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    if unit is None:
        errors["unit"] = [_("请选择实施单位。")]
    for name, (label, limit) in TEXT_FIELDS.items():
        value = str(fields.get(name) or "").replace("\x00", "").strip()
        if limit and len(value) > limit:
            errors[name] = [_("%(l)s不能超过%(n)s个字。") % {"l": label, "n": limit}]
        clean[name] = value
    if not clean["name"]:
        errors["name"] = [_("请填写事项名称。")]
    for name, label, choices, default in (
        ("category", _("服务对象"), Category, Category.PERSONAL),
        ("online_level", _("网上办理程度"), OnlineLevel, OnlineLevel.OFFLINE),
    ):
        try:
            clean[name] = _choice(fields.get(name), label, choices, default)
        except ValidationError as exc:
            errors[name] = exc.messages
    url = str(fields.get("online_url") or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["online_url"] = [_("在线办理地址应为以 http:// 或 https:// 开头的网址。")]
        if len(url) > 500:
            errors["online_url"] = [_("在线办理地址不能超过500个字符。")]
    elif clean.get("online_level") == OnlineLevel.FULL:
        errors["online_url"] = [_("全程网办的事项请填写在线办理地址。")]
    clean["online_url"] = url
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic(durable=True)
def save_guide(*, actor, unit: Organization | None, fields: dict, guide: ServiceGuide | None = None,
               publish: bool = False) -> ServiceGuide:  # fmt: skip
    """Add a guide (a draft unless ``publish``) or change one. A published guide changed by someone with the
    right to publish stays published; changed by someone without it (an editor), it goes back to a draft,
    off the public pages until a reviewer publishes it: publishing is the reviewer's, so is the public text."""
    data = clean_guide(unit, fields)
    require(can(actor, WRITE, unit))
    may_publish = can(actor, PUBLISH, unit)
    if publish:
        require(may_publish)
    if guide is not None:
        guide = ServiceGuide.objects.select_for_update().select_related("unit").get(pk=guide.pk)
        require(can(actor, WRITE, guide.unit))
        may_publish = may_publish and can(actor, PUBLISH, guide.unit)
        before = audit.snapshot(guide, ("unit_id", *FIELDS))
    else:
        guide, before = ServiceGuide(), None
    guide.unit = unit
    for name, value in data.items():
        setattr(guide, name, value)
    after = audit.snapshot(guide, ("unit_id", *FIELDS))
    changes = audit.diff(before, after) if before is not None else {}
    withdrawn = guide.status == Status.PUBLISHED and bool(changes) and not may_publish
    if withdrawn:
        guide.status, guide.published_at = Status.DRAFT, None
    if publish and guide.status != Status.PUBLISHED:
        guide.status, guide.published_at = Status.PUBLISHED, timezone.now()
    guide.save()
    audit.record(
        actor=actor,
        action="guides.guide.changed" if before is not None else "guides.guide.added",
        obj=guide,
        unit=guide.unit,
        changes=changes if before is not None else {"missing": rules.missing_labels(guide)},
    )
    if withdrawn:
        audit.record(actor=actor, action="guides.guide.unpublished", obj=guide, unit=guide.unit,
                     changes={"reason": "changed_without_publish_right"})  # fmt: skip
    if publish:
        audit.record(actor=actor, action="guides.guide.published", obj=guide, unit=guide.unit,
                     changes={"missing": rules.missing_labels(guide)})  # fmt: skip
    _reindex(guide)
    return guide


def _set_published(*, actor, guide: ServiceGuide, published: bool) -> ServiceGuide:
    """Publish a draft or withdraw a published guide: the one move behind both services."""
    guide = ServiceGuide.objects.select_for_update().select_related("unit").get(pk=guide.pk)
    require(can(actor, PUBLISH, guide.unit))
    if guide.is_published == published:
        raise ValidationError(_("该办事指南已发布。") if published else _("该办事指南尚未发布。"))
    if published:
        guide.status, guide.published_at = Status.PUBLISHED, timezone.now()
    else:
        guide.status, guide.published_at = Status.DRAFT, None
    guide.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        action="guides.guide.published" if published else "guides.guide.unpublished",
        obj=guide,
        unit=guide.unit,
        changes={"missing": rules.missing_labels(guide)} if published else None,
    )
    _reindex(guide)
    return guide


@transaction.atomic(durable=True)
def publish_guide(*, actor, guide: ServiceGuide) -> ServiceGuide:
    """Publish a draft. An incomplete guide may be published (the service exists); its unit gets a to-do."""
    return _set_published(actor=actor, guide=guide, published=True)


@transaction.atomic(durable=True)
def unpublish_guide(*, actor, guide: ServiceGuide) -> ServiceGuide:
    """Withdraw a published guide from the public pages (it becomes a draft again)."""
    return _set_published(actor=actor, guide=guide, published=False)
