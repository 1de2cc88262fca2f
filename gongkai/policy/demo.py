"""Demo: interpretations of the city's two policy opinions (a graphic one and the mayor's own), and this
year's enrolment notice marked as needing one, so the office's statistics show a gap."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization, OrgType
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Column, InformationItem

from . import services
from .models import (
    Cleanup,
    CleanupDecision,
    Form,
    Interpretation,
    IssuingBody,
    PolicyProfile,
    RegisterEntry,
    StateChange,
)

DEMO = [
    ("关于实施乡村振兴战略的意见", "图解：《临沂市人民政府关于实施乡村振兴战略的意见》", Form.GRAPHIC, "", False,
     "一图读懂乡村振兴的总体要求、五大振兴和政策保障。"),
    ("加快新旧动能转换推进产业转型升级的实施意见", "市长解读《关于加快新旧动能转换推进产业转型升级的实施意见》",
     Form.LEADER, "临沂市人民政府市长", True, "市政府主要负责同志就实施意见的出台背景、主要目标和重点任务作解读。"),
]  # fmt: skip


@transaction.atomic
def load(report) -> None:
    if Interpretation.objects.exists():
        return
    _interpretations()
    _register()


def _interpretations() -> None:
    for policy_title, title, form, interpreter, is_leader, summary in DEMO:
        policy = InformationItem.objects.published().filter(title__contains=policy_title).first()
        if policy is None:
            continue
        columns = list(Column.objects.filter(unit=policy.unit, code="interpretation"))
        item = publishing.import_item(
            actor=system("load_demo"),
            unit=policy.unit,
            published_at=policy.published_at + dt.timedelta(hours=1),
            columns=columns,
            title=title,
            summary=summary,
            written_on=timezone.localdate(policy.published_at),
            topic=policy.topic,
            genre="其他",
            keywords="政策解读",
            body=f"<p>{summary}</p><p>一、出台背景</p><p>二、主要内容</p><p>三、保障措施</p>",
        )
        PolicyProfile.objects.get_or_create(item=policy)
        Interpretation.objects.create(
            policy=policy, item=item, form=form, interpreter=interpreter, is_leader=is_leader
        )
    latest = (
        InformationItem.objects.published()
        .filter(title__contains="义务教育招生入学工作")
        .order_by("-published_at")
        .first()
    )
    if latest:
        PolicyProfile.objects.get_or_create(item=latest, defaults={"needs_interpretation": True})


ENTITLED = (OrgType.GOVERNMENT, OrgType.GENERAL_OFFICE, OrgType.DEPARTMENT, OrgType.COUNTY)


def _register() -> None:
    """The list of issuing bodies; the policy documents in the register (those the catalog demo repealed keep
    their repeal in the history); a clean-up of the city government's documents."""
    for org in Organization.objects.filter(org_type__in=ENTITLED, is_active=True):
        IssuingBody.objects.get_or_create(
            organization=org,
            defaults={"basis": "临沂市人民政府办公室关于公布市级规范性文件制发主体清单的通知"},
        )
    documents = (
        InformationItem.objects.published()
        .filter(columns__code="policy", genre__in=["意见", "通知", "办法"], doc_number__startswith="临")
        .exclude(title__contains="政务公开工作要点")
        .distinct()
        .order_by("published_at")
    )
    for item in documents:
        body = IssuingBody.objects.filter(organization=item.unit).first()
        if body is None or RegisterEntry.objects.filter(item=item).exists():
            continue
        published = timezone.localdate(item.published_at)
        valid_until = item.valid_until or services.default_valid_until(
            item.title, item.effective_on or published
        )
        entry = RegisterEntry.objects.create(
            item=item, issuing_body=body, review_unit="临沂市司法局", reviewed_on=published - dt.timedelta(days=7),
            review_opinion="经审查，该文件符合法律、法规和规章规定，制定程序合法。",
            registration_number=f"LYCR-{published.year}-{RegisterEntry.objects.filter(registration_number__startswith=f'LYCR-{published.year}-').count() + 1:04d}",
        )  # fmt: skip
        entry.versions.create(
            number=1, title=item.title, body=item.body, effective_on=item.effective_on or published
        )
        InformationItem.objects.filter(pk=item.pk).update(
            effective_on=item.effective_on or published, valid_until=valid_until
        )
        if item.validity != "valid" and item.validity_changed_on:
            StateChange.objects.create(entry=entry, validity=item.validity, on=item.validity_changed_on,
                                       reason=item.validity_note or "被新文件替代", by_item=item.replaced_by)  # fmt: skip
    city = Organization.objects.filter(short_name="市政府").first()
    kept = RegisterEntry.objects.filter(item__unit=city, item__validity="valid")
    if city and kept.exists() and not Cleanup.objects.exists():
        year = timezone.localdate().year - 1
        cleanup = Cleanup.objects.create(
            title=f"{year}年度市政府规范性文件清理", unit=city, year=year,
            summary="对市政府制发的现行有效规范性文件进行全面清理。",
        )  # fmt: skip
        for entry in kept:
            CleanupDecision.objects.create(cleanup=cleanup, entry=entry, decision="keep")
        services.publish_cleanup(actor=system("load_demo"), cleanup=cleanup, on=dt.date(year, 12, 20))
