"""Consultations in the staff API: add and change a consultation with its kinds of draft (the period is checked
against the longest minimum, :mod:`gongkai.participation.periods`); list and read the user's units'
consultations; the openness office changes a kind's minimum and basis. The public list of kinds is here too
(``GET /api/v1/consultation-kinds``)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from gongkai.core.access import can, units_for
from gongkai.core.api import staff_auth
from gongkai.core.api_errors import documents
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from . import access, periods, services
from .models import Consultation, ConsultationKind

router = Router(tags=["participation"])


class KindOut(Schema):
    code: str
    name: str
    minimum: int = Field(..., description="最短征求意见期限（0 表示不设）")
    day_count: str = Field(..., description="calendar：日；working：工作日")
    minimum_label: str
    basis: str


class KindRefOut(Schema):
    code: str
    name: str


class StaffConsultationOut(Schema):
    id: int
    url: str
    title: str
    unit_id: int
    unit: str
    kinds: list[KindRefOut]
    draft: str
    explanation: str
    basis: str
    contact: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    period_days: int = Field(..., description="征求意见期限（按起决定作用的类别的计算方式：日或工作日）")
    period: str = Field(..., description="如：32日（不少于30日）")
    minimum: str = Field(..., description="最短期限，如：30日、7个工作日、不设最短期限")
    minimum_basis: str
    shortened_reason: str
    is_published: bool
    state: str
    state_label: str


class StaffConsultationIn(Schema):
    kinds: list[str] = Field(default_factory=list, description="草案类别代码，可多选")
    title: str
    draft: str
    explanation: str = ""
    basis: str = ""
    starts_at: dt.datetime
    ends_at: dt.datetime
    shortened_reason: str = ""
    unit: int | None = Field(None, description="征集单位 ID，默认为本人所在单位")
    contact: str = ""
    is_published: bool = False


class KindIn(Schema):
    minimum: int = Field(..., ge=0, le=365)
    day_count: str = Field(..., description="calendar 或 working")
    basis: str = Field("", max_length=300)


def _out(consultation: Consultation, period: tuple[int, periods.Rule] | None = None) -> dict:
    """One consultation; ``period``: its :func:`~periods.period_of`, when a list has read them all at once."""
    kinds = list(consultation.kinds.all())
    days, rule = period or periods.period_of(consultation, kinds)
    return {
        "id": consultation.pk, "url": consultation.get_absolute_url(), "title": consultation.title,
        "unit_id": consultation.unit_id, "unit": consultation.unit.name,
        "kinds": [{"code": k.code, "name": k.name} for k in kinds],
        "draft": consultation.draft, "explanation": consultation.explanation, "basis": consultation.basis,
        "contact": consultation.contact, "starts_at": consultation.starts_at, "ends_at": consultation.ends_at,
        "period_days": days, "period": periods.label(days, rule), "minimum": rule.label,
        "minimum_basis": rule.basis, "shortened_reason": consultation.shortened_reason,
        "is_published": consultation.is_published, "state": consultation.state(),
        "state_label": consultation.state_label,
    }  # fmt: skip


def _kinds(codes: list[str]) -> list[ConsultationKind]:
    rows = {k.code: k for k in ConsultationKind.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in rows]
    if unknown:
        raise ValidationError({"kinds": _("没有这个草案类别：%(codes)s。") % {"codes": "、".join(unknown)}})
    return [rows[c] for c in dict.fromkeys(codes)]


def _unit(user, unit_id: int | None) -> Organization:
    if unit_id is None:
        if user.unit_id is None:
            raise ValidationError({"unit": _("请选择征集单位。")})
        return user.unit
    unit = units_for(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def _fill(consultation: Consultation, data: dict) -> None:
    naive = {
        name: _("请写明时区，如 2026-03-02T09:00:00+08:00。")
        for name in ("starts_at", "ends_at")
        if timezone.is_naive(data[name])
    }
    if naive:
        raise ValidationError(naive)
    for name in ("title", "draft", "explanation", "basis", "starts_at", "ends_at", "contact", "is_published"):
        setattr(consultation, name, data[name])
    consultation.shortened_reason = data["shortened_reason"].strip()


@router.get("/consultation-kinds", response=list[KindOut], summary="草案类别及最短征求意见期限")
def kinds(request):
    return list(ConsultationKind.objects.all())


@router.get(
    "/staff/consultations", response=list[StaffConsultationOut], auth=staff_auth, summary="本单位的意见征集"
)
def consultation_list(request):
    rows = list(access.consultations_for(request.auth).select_related("unit").prefetch_related("kinds"))
    read = periods.periods_of(rows)
    return [_out(c, read[c.pk]) for c in rows]


@router.post(
    "/staff/consultations", response={201: StaffConsultationOut}, auth=staff_auth, summary="新建意见征集"
)
@documents(404)  # a unit out of reach (raised in _unit)
def create_consultation(request, payload: StaffConsultationIn):
    data = payload.dict()
    kinds = _kinds(data["kinds"])
    consultation = Consultation(unit=_unit(request.auth, data["unit"]))
    if not access.may_write(request.auth, consultation):
        raise PermissionDenied
    _fill(consultation, data)
    saved = services.save_consultation(actor=request.auth, consultation=consultation, kinds=kinds)
    return Status(201, _out(saved))


@router.get(
    "/staff/consultations/{int:consultation_id}",
    response=StaffConsultationOut,
    auth=staff_auth,
    summary="意见征集详情（工作人员）",
)
def consultation_detail(request, consultation_id: int):
    return _out(access.get_consultation_for_user(request.auth, consultation_id))


@router.put(
    "/staff/consultations/{int:consultation_id}",
    response=StaffConsultationOut,
    auth=staff_auth,
    summary="修改意见征集",
)
def update_consultation(request, consultation_id: int, payload: StaffConsultationIn):
    consultation = access.get_consultation_for_user(request.auth, consultation_id, write=True)
    data = payload.dict()
    kinds = _kinds(data["kinds"])
    if data["unit"] is not None and data["unit"] != consultation.unit_id:
        consultation.unit = _unit(request.auth, data["unit"])
    _fill(consultation, data)
    saved = services.save_consultation(actor=request.auth, consultation=consultation, kinds=kinds)
    return _out(saved)


@router.put(
    "/staff/consultation-kinds/{code}",
    response=KindOut,
    auth=staff_auth,
    summary="修改草案类别的最短征求意见期限（最上一级政务公开工作机构）",
)
def update_kind(request, code: str, payload: KindIn):
    kind = ConsultationKind.objects.filter(code=code).first()
    if kind is None:
        raise Http404
    if not can(request.auth, Capability.SUPERVISE):
        raise PermissionDenied
    return periods.save_kind(actor=request.auth, kind=kind, **payload.dict())
