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
    """Idempotent: the first interpretations and the register once; the further ones per policy."""
    if not Interpretation.objects.exists():
        _interpretations()
        _register()
    _more_interpretations()
    _graphic_images()


def _interpretations(rows=DEMO) -> None:
    for policy_title, title, form, interpreter, is_leader, summary in rows:
        policy = (
            InformationItem.objects.published()
            .filter(title__contains=policy_title, validity="valid", interprets__isnull=True)
            .exclude(columns__code="interpretation")
            .order_by("-published_at")
            .first()
        )
        if policy is None or Interpretation.objects.filter(policy=policy).exists():
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
            body=INTERPRETATION_BODY.format(summary=summary, policy=policy.title),
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


# Further current policies, each with its interpretation (the city's, a department's and 兰山区's).
MORE = [
    ("国民经济和社会发展计划的通知", "《临沂市国民经济和社会发展计划》政策解读", Form.TEXT, "临沂市发展和改革委员会", False,
     "解读本年度国民经济和社会发展计划的主要预期目标、重点任务和保障措施。"),
    ("年度市级行政许可事项目录的通知", "简明问答：市级行政许可事项目录", Form.QA, "临沂市行政审批服务局", False,
     "以问答形式说明行政许可事项目录的调整内容、办理渠道和查询方式。"),
    ("关于压缩企业开办时间的实施方案", "图解：《关于压缩企业开办时间的实施方案》", Form.GRAPHIC, "", False,
     "一图读懂企业开办“一网通办”的流程、时限和办理渠道。"),
    ("年度重大行政决策事项目录的公告", "《兰山区年度重大行政决策事项目录》解读", Form.TEXT, "临沂市兰山区司法局", False,
     "解读年度重大行政决策事项目录的编制依据、事项范围和公众参与方式。"),
    ("财政预算执行情况和下一年度预算草案", "兰山区区长解读：区级财政预算执行情况和预算草案", Form.LEADER, "临沂市兰山区人民政府区长", True,
     "区政府主要负责同志解读财政预算执行情况和下一年度预算安排。"),
]  # fmt: skip

INTERPRETATION_BODY = """<p>{summary}</p>
<h2>一、出台背景</h2><p>为贯彻落实上级决策部署，结合本地实际，制定《{policy}》。</p>
<h2>二、主要内容</h2><p>文件明确了总体要求、主要目标、重点任务和责任分工，对群众和企业关心的问题作出了具体规定。</p>
<h2>三、保障措施</h2><p>加强组织领导，明确责任分工，强化督促检查，确保各项措施落到实处。</p>
<h2>四、咨询方式</h2><p>对文件内容有疑问的，可拨打12345政务服务便民热线咨询。</p>"""


def _more_interpretations() -> None:
    _interpretations(MORE)


def _graphic_png(title: str) -> bytes | None:
    """A simple 图解 picture: the title and three labelled boxes (Pillow; a CJK font if the system has one)."""
    import io

    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:  # pragma: no cover - Pillow is a dependency of the upload checks
        return None
    image = Image.new("RGB", (960, 540), "#fdf6ec")
    draw = ImageDraw.Draw(image)
    font = small = ImageFont.load_default()
    for path in (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    ):
        try:
            font, small = ImageFont.truetype(path, 34), ImageFont.truetype(path, 26)
            break
        except OSError:
            continue
    draw.rectangle((0, 0, 960, 90), fill="#b4161b")
    draw.text((30, 22), title[:26], fill="white", font=font)
    for n, label in enumerate(["总体要求", "重点任务", "保障措施"]):
        left = 40 + n * 305
        draw.rounded_rectangle((left, 150, left + 270, 430), radius=18, outline="#b4161b", width=4)
        draw.text((left + 70, 260), label, fill="#333333", font=small)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _graphic_images() -> None:
    """Each 图解 interpretation without a picture gets one."""
    from gongkai.publishing.services import attachments

    for interpretation in Interpretation.objects.filter(form=Form.GRAPHIC).select_related("item"):
        item = interpretation.item
        if item.attachments.exists():
            continue
        data = _graphic_png(item.title.removeprefix("图解："))
        if data:
            attachments.add_attachment(
                actor=system("load_demo"), item=item, data=data, name=f"{item.title}.png"
            )


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
