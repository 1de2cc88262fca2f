"""Notices to applicants (告知书) as DOCX laid out to GB/T 9704-2012 (spec §5) and as PDF (WeasyPrint).

The wording follows the Regulation; the unit's seal is a placeholder to be stamped. Page layout, fonts and
the PDF engine are shared with the annual report (``gongkai.core.documents``).

Every notice that decides the application (the reply, and the closure of an application closed without a
reply on the merits) ends with the remedies (救济途径, spec §1.9, ``remedies.py``) before the seal; the notices
of a step on the way (补正, 延期, 征求意见, 缴费) do not. A large-print PDF (Art. 43 help) is offered besides
the GB/T 9704 one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.core import documents

from . import remedies, transitions
from .models import Application, Event, EventKind, Outcome

KINDS = {
    "reply": "政府信息公开申请答复告知书",
    "closure": "政府信息公开申请办结告知书",
    "correction": "政府信息公开申请补正告知书",
    "extension": "延期答复告知书",
    "consultation": "政府信息公开征求意见书",
    "fee": "信息处理费缴费通知书",
}
SOURCE_EVENT = {
    "reply": EventKind.ANSWERED,
    "closure": EventKind.CLOSED,
    "correction": EventKind.CORRECTION_REQUESTED,
    "extension": EventKind.EXTENDED,
    "consultation": EventKind.CONSULTATION_STARTED,
    "fee": EventKind.FEE_NOTICE_SENT,
}
# The notices that decide the application: they end with the remedies.
DECIDING = frozenset({"reply", "closure"})
# The notices addressed to the applicant (the consultation letter goes to the third party).
TO_APPLICANT = ("reply", "closure", "correction", "extension", "fee")
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "large-pdf": "application/pdf",  # large print (条例第四十三条: help for applicants who read with difficulty)
}

NoticeUnavailable = documents.DocumentUnavailable  # the failure callers here catch, by its local name


@dataclass(frozen=True)
class Notice:
    kind: str
    title: str
    number: str
    addressee: str
    paragraphs: list[str]
    issuer: str
    dated: dt.date


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _is_source(event: Event, kind: str) -> bool:
    if event.kind != SOURCE_EVENT[kind]:
        return False
    # a closure notice only for a closure without a reply on the merits (closing an answered one is not)
    return kind != "closure" or event.data.get("outcome") in transitions.CLOSING_OUTCOMES


def available(application: Application, events=None) -> list[tuple[str, str]]:
    """The notices ``application``'s steps allow, as (kind, title); ``events`` if already read."""
    events = list(application.events.all()) if events is None else events
    return [(kind, title) for kind, title in KINDS.items() if any(_is_source(e, kind) for e in events)]


def _event(application: Application, kind: str) -> Event:
    candidates = application.events.filter(kind=SOURCE_EVENT[kind]).order_by("-on", "-pk")
    event = next((e for e in candidates if _is_source(e, kind)), None)
    if event is None:
        raise NoticeUnavailable(f"本申请尚无“{KINDS[kind]}”对应的办理事项。")
    return event


def build(application: Application, kind: str) -> Notice:
    if kind not in KINDS:
        raise NoticeUnavailable("不认识的告知书类型。")
    event = _event(application, kind)
    received = chinese_date(application.received_on)
    desc = application.description.strip()
    paragraphs: list[str]
    if kind == "reply":
        paragraphs = [
            f"本机关于{received}收到您提出的政府信息公开申请，申请获取“{desc}”。",
            f"经审查，答复如下：{application.reply_text}",
        ]
        if application.withheld_note:
            paragraphs.append(f"其中不予公开的部分及理由：{application.withheld_note}")
        paragraphs.append(f"依据：{application.legal_basis}。" if application.legal_basis else "")
    elif kind == "closure":
        paragraphs = _closure(application, event, received, desc)
    elif kind == "correction":
        deadline = dt.date.fromisoformat(event.data["deadline"])
        paragraphs = [
            f"本机关于{received}收到您提出的政府信息公开申请。经审查，您的申请内容不明确，"
            "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对申请作出补正：",
            event.note or "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述。",
            f"请于{chinese_date(deadline)}前提交补正材料。答复期限自本机关收到补正后的申请之日起计算；"
            "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
    elif kind == "extension":
        paragraphs = [
            f"本机关于{received}收到您提出的政府信息公开申请。因{event.data.get('reason', '')}，"
            "需要延长答复期限。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，"
            f"答复期限延长{event.data.get('days')}个工作日，延长后的答复期限为{chinese_date(event.due_on_after)}。",
        ]
    elif kind == "consultation":
        paragraphs = [
            f"本机关收到政府信息公开申请，申请获取“{desc}”。该信息可能涉及你方合法权益，"
            "根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你方意见。",
            "请自收到本征求意见书之日起15个工作日内提出意见。逾期未提出意见的，本机关将依照条例的规定决定是否公开。",
        ]
    else:
        paragraphs = [
            f"本机关于{received}收到您提出的政府信息公开申请。根据《政府信息公开信息处理费管理办法》，"
            f"您的申请需缴纳信息处理费{event.data.get('amount')}元（计费方式："
            f"{'按件计收' if event.data.get('basis') == 'per_piece' else '按量计收'}，数量{event.data.get('quantity')}）。",
            "请自收到本通知之日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
    if kind in DECIDING:
        paragraphs.append(remedies_for(application, event).paragraph)
    addressee = event.data.get("party") if kind == "consultation" else application.applicant_name
    sequence = Event.objects.filter(
        application__unit=application.unit, on__year=event.on.year, pk__lte=event.pk
    ).count()
    number = f"{application.unit.short_name or application.unit.name}依申〔{event.on.year}〕{sequence}号"
    return Notice(
        kind=kind,
        title=KINDS[kind],
        number=number,
        addressee=addressee,
        paragraphs=[p for p in paragraphs if p],
        issuer=application.unit.name,
        dated=event.on,
    )


def remedies_for(application: Application, event: Event | None = None) -> remedies.Remedies:
    """The remedies of ``application``'s decision: the deciding unit's organ, 复议前置 by the outcome."""
    found = remedies.for_application(application)
    if found is None:  # not decided yet (a notice is built only from a deciding step, so not expected)
        return remedies.for_decision(application.unit, event.data.get("outcome") if event else None)
    return found


def _closure(application: Application, event: Event, received: str, desc: str) -> list[str]:
    """An application closed without a reply on the merits (其他处理), citing the basis."""
    outcome = event.data.get("outcome")
    opening = f"本机关于{received}收到您提出的政府信息公开申请，申请获取“{desc}”。"
    basis = application.legal_basis
    if outcome == Outcome.OTHER_OVERDUE_CORRECTION:
        asked = (
            application.events.filter(kind=EventKind.CORRECTION_REQUESTED, on__lte=event.on)
            .order_by("-on", "-pk")
            .first()
        )
        deadline = application.correction_due_on or (
            dt.date.fromisoformat(asked.data["deadline"]) if asked and asked.data.get("deadline") else None
        )
        asked_text = (
            f"本机关于{chinese_date(asked.on)}向您发出补正告知书" if asked else "本机关已向您发出补正告知书"
        )
        until = f"，要求您于{chinese_date(deadline)}前作出补正" if deadline else "，要求您作出补正"
        return [
            opening,
            f"{asked_text}{until}。您无正当理由逾期未补正，根据"
            f"{basis or '《中华人民共和国政府信息公开条例》第三十条'}的规定，视为放弃申请，"
            "本机关不再处理您的该政府信息公开申请。",
        ]
    if outcome == Outcome.OTHER_OVERDUE_FEE:
        billed = (
            application.events.filter(kind=EventKind.FEE_NOTICE_SENT, on__lte=event.on)
            .order_by("-on", "-pk")
            .first()
        )
        billed_text = (
            f"本机关于{chinese_date(billed.on)}向您发出信息处理费缴费通知书"
            if billed
            else "本机关已向您发出信息处理费缴费通知书"
        )
        return [
            opening,
            f"{billed_text}，您未在收到通知之日起20个工作日内缴纳信息处理费。根据"
            f"{basis or '《政府信息公开信息处理费管理办法》'}的规定，视为放弃申请，"
            "本机关不再处理您的该政府信息公开申请。",
        ]
    reason = (event.note or "").strip().rstrip("。")
    return [
        opening,
        f"经审查，本机关对您的申请作如下处理：{reason or '办结'}。",
        f"依据：{basis}。" if basis else "",
    ]


# DOCX (GB/T 9704-2012) and PDF -----------------------------------------------------------------------------


def to_docx(notice: Notice) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = documents.new_document()
    line = documents.paragraph
    line(document, notice.title, size=22, font_name=documents.TITLE_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    line(document, notice.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    line(document, "")
    line(document, f"{notice.addressee}：")
    for text in notice.paragraphs:
        line(document, text, indent_chars=2)
    line(document, "")
    for text in (notice.issuer, "（印章）", chinese_date(notice.dated)):
        line(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    return documents.docx_bytes(document)


def to_pdf(notice: Notice, *, large: bool = False) -> bytes:
    """The notice as PDF; ``large`` for large print (22 pt body, 1.8 line height), the same text."""
    html = render_to_string(
        "foi/notice_pdf.html", {"notice": notice, "dated": chinese_date(notice.dated), "large": large}
    )
    return documents.html_to_pdf(html)


def render(notice: Notice, fmt: str) -> bytes:
    """The notice in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "docx":
        return to_docx(notice)
    if fmt in ("pdf", "large-pdf"):
        return to_pdf(notice, large=fmt == "large-pdf")
    raise NoticeUnavailable("格式应为 docx、pdf 或 large-pdf（大字版 PDF）。")


def filename(notice: Notice, fmt: str) -> str:
    if fmt == "large-pdf":
        return f"{notice.title}（大字版）-{timezone.localdate():%Y%m%d}.pdf"
    return f"{notice.title}-{timezone.localdate():%Y%m%d}.{fmt}"
