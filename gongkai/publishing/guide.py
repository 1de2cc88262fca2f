"""The 政府信息公开指南 of a unit, generated from the unit's own data.

Art. 12 of the 2019 Regulation: the guide states how information is classified and arranged, how to obtain
it, and the name, office address, office hours, phone, fax and Internet contact of the body that handles
openness work; Art. 53 penalises a guide that is not kept current. A guide written once as a document goes
stale the day a phone number changes, so the guide here is built on every view from what the platform
already keeps: the unit's catalog (its columns and their channels), the receiving office and contact data
of the organization, the application channels of 依申请公开 with the online form for this unit, the fee rule
(Art. 42 and 《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号) and the remedies (Art. 51, the
Administrative Reconsideration Law 2023 Arts. 20, 23, 24, the Administrative Litigation Law Art. 46).
What the unit writes itself (a reading room, a local procedure) it publishes as an item in its
政府信息公开指南 column; the guide shows it as the unit's own additions.

A contact field left empty is left out of the public page (never a "—"): the guide then points to the
12345 hotline, and the unit's admin and openness office see a to-do (``todo_sources``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.models import Organization
from gongkai.core.reconsideration import organ_for

from . import queries, standard
from .models import Channel, Column, InformationItem

GUIDE_CODE = "xxgk-guide"
STANDARD_PARTS = standard.STANDARD_PARTS
HOTLINE = "12345"

# The fields of Art. 12's contact block, in the order a guide lists them: (field, label).
CONTACT_FIELDS = (
    ("foi_office", gettext_lazy("受理机构")),
    ("address", gettext_lazy("办公地址")),
    ("postcode", gettext_lazy("邮政编码")),
    ("office_hours", gettext_lazy("办公时间")),
    ("phone", gettext_lazy("咨询电话")),
    ("fax", gettext_lazy("传真")),
    ("email", gettext_lazy("电子邮箱")),
)


def missing_contact(unit: Organization) -> list[str]:
    """The labels of the Art. 12 contact fields the unit has not filled in."""
    return [str(label) for name, label in CONTACT_FIELDS if not (getattr(unit, name, "") or "").strip()]


@dataclass
class Line:
    label: str
    value: str
    url: str = ""


@dataclass
class ApplyChannel:
    name: str
    text: str
    url: str = ""
    lines: list[Line] = field(default_factory=list)


@dataclass
class CatalogEntry:
    column: Column
    depth: int
    url: str
    count: int = 0


@dataclass
class Guide:
    unit: Organization
    office_name: str
    contact: list[Line]
    catalog: list[CatalogEntry]
    publishing_channels: list[str]
    channels: list[ApplyChannel]
    apply_url: str
    reconsideration_organ: str
    own: InformationItem | None
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def office_name(unit: Organization) -> str:
    """The receiving body's name: the unit's internal office (``foi_office``, e.g. 办公室) under the unit's
    name, or the unit itself."""
    office = unit.foi_office.strip()
    if not office:
        return unit.name
    return office if office.startswith(unit.name) else f"{unit.name}{office}"


def own_guide(unit: Organization) -> InformationItem | None:
    """The newest guide text the unit published itself in its 政府信息公开指南 column."""
    column = Column.objects.active().filter(unit=unit, code=GUIDE_CODE).first()
    return queries.items_in_column(column).first() if column else None


def build(unit: Organization) -> Guide:
    tree = queries.column_tree(unit)
    counts = queries.published_counts([c.pk for c, _depth in tree]) if tree else {}
    catalog = [
        CatalogEntry(column=c, depth=depth, url=column_url(c), count=counts.get(c.pk, 0))
        for c, depth in tree
        if depth <= 2
    ]
    used = {code for c, _depth in tree for code in (c.channels or [])}
    publishing_channels = [str(label) for value, label in Channel.choices if value in used]

    contact = [
        Line(str(label), getattr(unit, name).strip())
        for name, label in CONTACT_FIELDS
        if name != "foi_office" and (getattr(unit, name, "") or "").strip()
    ]
    apply_url = f"{reverse('foi:apply')}?unit={unit.pk}"
    address = unit.address.strip()
    postcode = unit.postcode.strip()
    channels = [
        ApplyChannel(
            _("网上申请"),
            _("在本网站填写政府信息公开申请表，提交后取得查询码，可随时查询办理进度。"),
            url=apply_url,
        )
    ]
    if address:
        lines = [Line(_("地址"), address)]
        if unit.office_hours.strip():
            lines.append(Line(_("时间"), unit.office_hours.strip()))
        channels.append(
            ApplyChannel(
                _("当面提交"),
                _("到受理机构填写申请表；确有困难的，可口头提出，由工作人员代为填写。"),
                lines=lines,
            )
        )
        mail = [Line(_("收件地址"), address)]
        if postcode:
            mail.append(Line(_("邮政编码"), postcode))
        channels.append(
            ApplyChannel(
                _("信函申请"),
                _(
                    "请在信封左下角注明“政府信息公开申请”。以本机关签收之日为收到申请之日；以平常信函等"
                    "无需签收的方式邮寄的，以本机关与申请人确认之日为收到申请之日（条例第三十一条）。"
                ),
                lines=mail,
            )
        )
    if unit.fax.strip():
        channels.append(
            ApplyChannel(
                _("传真申请"),
                _("请在传真件首页注明“政府信息公开申请”，以双方确认之日为收到申请之日（条例第三十一条）。"),
                lines=[Line(_("传真号码"), unit.fax.strip())],
            )
        )
    if unit.email.strip():
        channels.append(
            ApplyChannel(
                _("电子邮件咨询"),
                _("可通过电子邮件咨询申请事项；正式申请请通过网上申请提交。"),
                lines=[Line(_("电子邮箱"), unit.email.strip(), url=f"mailto:{unit.email.strip()}")],
            )
        )
    return Guide(
        unit=unit,
        office_name=office_name(unit),
        contact=contact,
        catalog=catalog,
        publishing_channels=publishing_channels,
        channels=channels,
        apply_url=apply_url,
        reconsideration_organ=organ_for(unit),
        own=own_guide(unit),
        missing=missing_contact(unit),
    )


def column_url(column: Column) -> str:
    return column.get_absolute_url()  # the guide column's is the guide page
