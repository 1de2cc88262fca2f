"""Core endpoints: the working-day calendar, organizations, staff, the audit log."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PaginationBase, paginate
from ninja.security import HttpBearer

from . import access, services
from . import calendar as cal
from .models import Organization, OrgType
from .paging import deep_slice
from .roles import Capability, Role
from .workdays import MAX_DAYS

router = Router()


class StaffToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = services.authenticate_token(token)
        if user is not None:
            request.user = user
        return user


staff_auth = StaffToken()


MAX_PAGE = 100_000  # 10 million rows at the largest page size; a larger page is a probe, not a reader


class PageNumber(PaginationBase):
    """`page` (1–MAX_PAGE) and `page_size` (1–100); the answer says how many items there are in all."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(20, ge=1, le=100)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        page_size: int

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        start = (pagination.page - 1) * pagination.page_size
        return {
            "items": deep_slice(queryset, start, start + pagination.page_size),
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }


# Calendar -------------------------------------------------------------------------------------------


class DueOut(Schema):
    start: dt.date
    days: int
    due: dt.date
    provisional: bool


class SpanOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int
    provisional: bool


class DayOut(Schema):
    date: dt.date
    name: str


class YearOut(Schema):
    year: int
    provisional: bool
    source: str
    holidays: list[DayOut]
    makeup_workdays: list[DayOut]


@router.get("/calendar/add-working-days", response=DueOut, tags=["calendar"], summary="N个工作日后的日期")
def add_working_days(request, start: dt.date, days: int = Query(..., ge=0, le=MAX_DAYS)):
    """The `days`-th working day after `start` (the start day is not counted). `provisional` is true when
    the answer crossed a year whose holiday arrangement has not been entered."""
    result = cal.add_working_days(start, days)
    return {"start": start, "days": days, "due": result.due, "provisional": result.provisional}


@router.get(
    "/calendar/working-days-between", response=SpanOut, tags=["calendar"], summary="两日期间的工作日数"
)
def working_days_between(request, start: dt.date, end: dt.date):
    """Working days after `start` up to and including `end`."""
    if abs((end - start).days) > 2 * 366:
        raise HttpError(422, _("日期跨度不能超过两年。"))
    count, provisional = cal.working_days_between(start, end)
    return {"start": start, "end": end, "working_days": count, "provisional": provisional}


@router.get("/calendar/{year}", response=YearOut, tags=["calendar"], summary="某年节假日与调休安排")
def calendar_year(request, year: int = Path(..., ge=1949, le=2100)):
    arrangement = cal.arrangement(year)
    return {
        "year": year,
        "provisional": not arrangement.known,
        "source": arrangement.source,
        "holidays": arrangement.holidays,
        "makeup_workdays": arrangement.makeup_workdays,
    }


# Organizations --------------------------------------------------------------------------------------


class LeaderOut(Schema):
    name: str
    title: str
    duties: str
    since: dt.date | None


class OrganizationOut(Schema):
    """The public data of a unit, as its page shows it (机构职能, contact data, 负责人, 条例第二十条第（二）项)."""

    id: int
    name: str
    short_name: str
    org_type: str
    org_type_label: str = Field(..., alias="get_org_type_display")
    credit_code: str | None
    parent_id: int | None
    depth: int
    description: str = Field(..., description="机构职能")
    address: str
    postcode: str
    office_hours: str
    phone: str
    fax: str
    email: str
    foi_office: str = Field(..., description="依申请公开受理机构")
    leaders: list[LeaderOut] = Field(..., description="领导信息（在任）")
    reconsideration_organ: str = Field(
        "",
        description="行政复议机关：本单位作出的政府信息公开决定向其申请行政复议（按机构树确定，或本单位设定）",
    )

    @staticmethod
    def resolve_reconsideration_organ(obj: Organization, context) -> str:
        # one read of the tree per request, however many rows the page has
        request = context["request"]
        if not hasattr(request, "_reconsideration_organs"):
            from gongkai.core.reconsideration import organs_by_id

            request._reconsideration_organs = organs_by_id()
        return request._reconsideration_organs.get(obj.pk, "")

    @staticmethod
    def resolve_leaders(obj: Organization) -> list:
        active = (leader for leader in obj.leaders.all() if leader.is_active)
        return sorted(active, key=lambda leader: (leader.sort_order, leader.pk))


def _public_organizations():
    return Organization.objects.active().prefetch_related("leaders")


class OrganizationFilter(FilterSchema):
    q: str | None = Field(None, description="名称或简称包含")
    org_type: OrgType | None = None
    parent: int | None = Field(None, description="直接上级机构编号")
    within: int | None = Field(None, description="该机构及其全部下级")


def _filter_organizations(queryset, filters: OrganizationFilter):
    if filters.q:
        queryset = queryset.filter(Q(name__contains=filters.q) | Q(short_name__contains=filters.q))
    if filters.org_type:
        queryset = queryset.filter(org_type=filters.org_type)
    if filters.parent is not None:
        queryset = queryset.filter(parent_id=filters.parent)
    if filters.within is not None:
        queryset = queryset.subtree(get_object_or_404(Organization, pk=filters.within))
    return queryset


@router.get("/organizations", response=list[OrganizationOut], tags=["organizations"], summary="机构列表")
@paginate(PageNumber)
def list_organizations(request, filters: OrganizationFilter = Query(...)):
    return _filter_organizations(_public_organizations().ordered(), filters)


@router.get(
    "/organizations/{int:org_id}", response=OrganizationOut, tags=["organizations"], summary="机构详情"
)
def get_organization(request, org_id: int):
    return get_object_or_404(_public_organizations(), pk=org_id)


class OrganizationIn(Schema):
    name: str = Field(..., min_length=2, max_length=100)
    short_name: str = Field("", max_length=50)
    org_type: OrgType
    credit_code: str | None = Field(None, max_length=18)
    parent_id: int
    address: str = Field("", max_length=200)
    phone: str = Field("", max_length=50)
    office_hours: str = Field("", max_length=100)
    description: str = ""


class OrganizationPatch(Schema):
    name: str | None = Field(None, min_length=2, max_length=100)
    short_name: str | None = Field(None, max_length=50)
    credit_code: str | None = Field(None, max_length=18)
    address: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=50)
    office_hours: str | None = Field(None, max_length=100)
    description: str | None = None


@router.post(
    "/organizations",
    response={201: OrganizationOut},
    auth=staff_auth,
    tags=["organizations"],
    summary="新增机构",
)
def create_organization(request, payload: OrganizationIn):
    data = payload.dict()
    parent = access.get_organization_for_user(request.auth, data.pop("parent_id"))
    return Status(201, services.create_organization(actor=request.auth, parent=parent, **data))


@router.patch(
    "/organizations/{int:org_id}",
    response=OrganizationOut,
    auth=staff_auth,
    tags=["organizations"],
    summary="修改机构信息",
)
def update_organization(request, org_id: int, payload: OrganizationPatch):
    organization = access.get_organization_for_user(request.auth, org_id, write=True)
    changes = payload.dict(exclude_unset=True)
    return services.update_organization(actor=request.auth, organization=organization, **changes)


# Staff ----------------------------------------------------------------------------------------------


class StaffOut(Schema):
    id: int
    username: str
    full_name: str
    unit_id: int | None
    unit_name: str | None = Field(None, alias="unit.name")
    role: str
    role_label: str = Field(..., alias="get_role_display")
    is_active: bool


class StaffIn(Schema):
    username: str = Field(..., min_length=2, max_length=150, pattern=r"^[\w.@+-]+$")
    full_name: str = Field("", max_length=50)
    unit_id: int
    role: Role
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)


class StaffPatch(Schema):
    full_name: str | None = Field(None, max_length=50)
    role: Role | None = None
    phone: str | None = Field(None, max_length=20)
    is_active: bool | None = None


@router.get("/me", response=StaffOut, auth=staff_auth, tags=["staff"], summary="当前用户")
def me(request):
    return request.auth


@router.get("/staff", response=list[StaffOut], auth=staff_auth, tags=["staff"], summary="人员列表")
@paginate(PageNumber)
def list_staff(request, unit: int | None = None, role: Role | None = None):
    queryset = access.staff_for(request.auth).order_by("unit__path", "username")
    if unit is not None:
        queryset = queryset.filter(unit_id=unit)
    if role is not None:
        queryset = queryset.filter(role=role)
    return queryset


@router.get("/staff/{int:staff_id}", response=StaffOut, auth=staff_auth, tags=["staff"], summary="人员详情")
def get_staff(request, staff_id: int):
    return access.get_staff_for_user(request.auth, staff_id)


@router.post("/staff", response={201: StaffOut}, auth=staff_auth, tags=["staff"], summary="新增人员")
def create_staff(request, payload: StaffIn):
    data = payload.dict()
    unit = access.get_organization_for_user(request.auth, data.pop("unit_id"))
    return Status(201, services.create_staff(actor=request.auth, unit=unit, **data))


@router.patch(
    "/staff/{int:staff_id}", response=StaffOut, auth=staff_auth, tags=["staff"], summary="修改人员信息"
)
def update_staff(request, staff_id: int, payload: StaffPatch):
    staff = access.get_staff_for_user(request.auth, staff_id, write=True)
    return services.update_staff(actor=request.auth, staff=staff, **payload.dict(exclude_unset=True))


# Audit log ------------------------------------------------------------------------------------------


class AuditOut(Schema):
    seq: int
    created_at: dt.datetime
    actor_name: str
    unit_id: int | None
    unit_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    ip: str | None


@router.get("/audit", response=list[AuditOut], auth=staff_auth, tags=["audit"], summary="操作日志")
@paginate(PageNumber)
def list_audit(
    request,
    action: str | None = None,
    unit: int | None = None,
    actor: str | None = None,
    object_type: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
):
    if not access.can(request.auth, Capability.VIEW_AUDIT):
        raise PermissionDenied
    queryset = access.audit_events_for(request.auth)
    if action:
        queryset = queryset.filter(action__startswith=action)
    if unit is not None:
        queryset = queryset.filter(unit_id=unit)
    if actor:
        queryset = queryset.filter(actor_name__contains=actor)
    if object_type:
        queryset = queryset.filter(object_type=object_type)
    if since:
        queryset = queryset.filter(created_at__date__gte=since)
    if until:
        queryset = queryset.filter(created_at__date__lte=until)
    return queryset
