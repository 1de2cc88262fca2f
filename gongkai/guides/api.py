"""办事指南 (service guides, issue 23): the services a unit offers with the 8 key elements the website
inspection checks (spec §4.1 `VETO_SERVICE`), public at /services/.

Public: the published guides of the site the request came in on. Staff: the guides of the units in reach,
with what each lacks, and adding one (only the name and the unit are required; a guide lacking other
elements is kept and named in ``missing``)."""

import datetime as dt

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.core.access import units_for
from gongkai.core.api import PageNumber, staff_auth
from gongkai.sites.scope import site_of_request

from . import access, services
from .models import Category, OnlineLevel, ServiceGuide

router = Router(tags=["guides"])


class ServiceGuideOut(Schema):
    id: int
    name: str
    code: str
    unit: str = Field(..., alias="unit.name")
    unit_id: int
    category: str
    category_label: str = Field(..., alias="get_category_display")
    basis: str = Field(..., description="设定依据")
    conditions: str = Field(..., description="申请条件")
    materials: str = Field(..., description="办理材料")
    place: str = Field(..., description="办理地点")
    hours: str = Field(..., description="办理时间")
    phone: str = Field(..., description="联系电话")
    process: str = Field(..., description="办理流程")
    fees: str = Field(..., description="收费标准")
    time_limit: str = Field(..., description="办理时限")
    online_level: str
    online_level_label: str = Field(..., alias="get_online_level_display")
    online_url: str
    updated_at: dt.datetime
    url: str = Field(..., alias="get_absolute_url")


class ServiceGuideStaffOut(ServiceGuideOut):
    status: str
    published_at: dt.datetime | None
    missing: list[str] = Field(..., description="缺少的要素（8类要素中）")


class ServiceGuideFilters(Schema):
    unit: int | None = Field(None, ge=1, le=2**63 - 1)
    category: Category | None = Field(None, description="服务对象")
    online: OnlineLevel | None = Field(None, description="网上办理程度")
    q: str | None = Field(None, max_length=50, description="事项名称或编码中的文字")


def _filtered(found, filters: ServiceGuideFilters):
    if filters.unit:
        found = found.filter(unit_id=filters.unit)
    if filters.category:
        found = found.filter(category=filters.category)
    if filters.online:
        found = found.filter(online_level=filters.online)
    if filters.q:
        found = found.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    return found.order_by("unit__path", "category", "name", "pk")


def _public(request):
    site = site_of_request(request)
    return ServiceGuide.objects.published().filter(site.unit_q("unit")).select_related("unit")


@router.get("/service-guides", response=list[ServiceGuideOut], summary="办事指南（本网站已发布的）")
@paginate(PageNumber)
def service_guides(request, filters: ServiceGuideFilters = Query(...)):
    return _filtered(_public(request), filters)


@router.get("/service-guides/{int:guide_id}", response=ServiceGuideOut, summary="一项办事指南")
def service_guide(request, guide_id: int):
    return get_object_or_404(_public(request), pk=guide_id)


@router.get(
    "/staff/service-guides",
    response=list[ServiceGuideStaffOut],
    auth=staff_auth,
    summary="本人可见单位的办事指南（含草稿及缺少的要素）",
)
@paginate(PageNumber)
def staff_service_guides(request, filters: ServiceGuideFilters = Query(...)):
    return _filtered(access.guides_for(request.auth).select_related("unit"), filters)


class ServiceGuideIn(Schema):
    unit: int | None = Field(None, description="实施单位（机构ID），必填")
    name: str | None = Field(None, description="事项名称，必填")
    code: str = ""
    category: str = Field("", description="personal（个人办事）或 legal（法人办事），默认 personal")
    basis: str = ""
    conditions: str = ""
    materials: str = ""
    place: str = ""
    hours: str = ""
    phone: str = ""
    process: str = ""
    fees: str = ""
    time_limit: str = ""
    online_level: str = Field("", description="full（全程网办）、partial（部分网办）或 offline（线下办理）")
    online_url: str = ""
    publish: bool = Field(False, description="true：保存后即发布（须有发布权限）")


@router.post(
    "/staff/service-guides",
    response={201: ServiceGuideStaffOut},
    auth=staff_auth,
    summary="新增办事指南",
    description="只有事项名称和实施单位必填，缺少时答复 422 并在 error.fields 中列出；"
    "缺少其他要素的指南照常保存，答复的 missing 列出缺少的要素。",
)
def create_service_guide(request, payload: ServiceGuideIn):
    data = payload.dict()
    unit_id, publish = data.pop("unit"), data.pop("publish")
    unit = None
    if unit_id is not None:
        unit = units_for(request.auth).filter(pk=unit_id).first() if 0 < unit_id < 2**63 else None
        if unit is None:
            raise Http404
    guide = services.save_guide(actor=request.auth, unit=unit, fields=data, publish=publish)
    return Status(201, guide)
