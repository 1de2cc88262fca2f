"""The inspection for staff: a site's indicators now (`GET /api/v1/staff/inspection?site=`), their daily history,
and the office's manual findings."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from gongkai.core.api import staff_auth

from . import access, services
from .models import IncidentKind

router = Router(tags=["inspection"])


class InspectionEvidenceOut(Schema):
    label: str
    url: str
    detail: str
    unit_id: int | None
    unit: str
    status: str


class InspectionIndicatorOut(Schema):
    code: str
    label: str
    scope: str
    veto: bool
    status: str = Field(description="red 不合格（单项否决） · amber 预警 · green 正常 · none 无数据")
    value: int | float | str | None
    threshold: str
    fix: str
    items: list[InspectionEvidenceOut]


class InspectionQuery(Schema):
    site: int = Field(..., ge=1, le=2**31 - 1, description="网站编号（GET /api/v1/sites）")


class HistoryQuery(InspectionQuery):
    days: int = Field(30, ge=1, le=366)


class InspectionDayOut(Schema):
    day: dt.date
    code: str
    label: str
    status: str
    value: str


@router.get(
    "/staff/inspection",
    response=list[InspectionIndicatorOut],
    auth=staff_auth,
    summary="网站与政务新媒体自查：各项指标的当前结果",
    description="每项指标给出值、标准、状态（red/amber/green/none）、整改建议和依据记录（含责任单位和链接）。",
)
def inspection(request, query: InspectionQuery = Query(...)):
    site = access.get_site_for_user(request.auth, query.site)
    return [r.as_dict() for r in services.inspect(site)]


@router.get(
    "/staff/inspection/history",
    response=list[InspectionDayOut],
    auth=staff_auth,
    summary="每日自查结果的历史",
)
def inspection_history(request, query: HistoryQuery = Query(...)):
    site = access.get_site_for_user(request.auth, query.site)
    return services.history(site, query.days)


class IncidentIn(Schema):
    site: int = Field(..., ge=1, le=2**31 - 1)
    scope: str = Field("website", description="website 政府网站 · newmedia 政务新媒体")
    kind: str = Field(..., description=" · ".join(f"{k} {v}" for k, v in IncidentKind.choices))
    occurred_on: dt.date
    found_by: str = Field(..., max_length=100)
    description: str = Field(..., max_length=2000)
    location: str = Field("", max_length=500)


class IncidentOut(Schema):
    id: int
    site: int = Field(..., alias="site_id")
    scope: str
    kind: str
    occurred_on: dt.date
    found_by: str
    description: str
    location: str
    resolved_on: dt.date | None
    resolution: str


class IncidentResolveIn(Schema):
    resolved_on: dt.date
    resolution: str = Field(..., max_length=2000)


@router.post(
    "/staff/inspection/incidents",
    response={201: IncidentOut},
    auth=staff_auth,
    summary="录入人工检查发现的严重问题（安全、泄密、严重表述错误等）",
)
def record_incident(request, body: IncidentIn):
    site = access.get_site_for_user(request.auth, body.site)
    if body.kind not in IncidentKind.values:
        raise ValidationError({"kind": "问题类型不在可选范围内。"})
    if body.scope not in ("website", "newmedia"):
        raise ValidationError({"scope": "对象应为 website 或 newmedia。"})
    fields = body.dict(exclude={"site"})
    return Status(201, services.record_incident(actor=request.auth, site=site, fields=fields))


@router.post(
    "/staff/inspection/incidents/{int:incident_id}/resolve",
    response=IncidentOut,
    auth=staff_auth,
    summary="记录问题整改完成",
)
def resolve_incident(request, incident_id: int, body: IncidentResolveIn):
    incident = get_object_or_404(access.incidents_for(request.auth), pk=incident_id)
    return services.resolve_incident(
        actor=request.auth, incident=incident, resolved_on=body.resolved_on, resolution=body.resolution
    )
