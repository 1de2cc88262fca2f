"""The registry as open data (GET /api/v1/newmedia: the operating accounts of the request's site, without the
responsible person and phone), and for staff: the accounts of their units, registering one, recording an
update, importing a spreadsheet (all or nothing: 201, or 422 with each bad row)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from gongkai.core import access as core_access
from gongkai.core.api import PageNumber, staff_auth
from gongkai.sites.scope import scoped

from . import access, importer, services
from .models import Account, AccountStatus, Platform

router = Router(tags=["newmedia"])


class NewmediaAccountOut(Schema):
    id: int
    platform: str
    platform_label: str = Field(..., alias="get_platform_display")
    name: str
    account_id: str
    unit: str = Field(..., alias="unit.name")
    unit_id: int
    opened_on: dt.date
    homepage_url: str
    qr_code_url: str | None = None
    followers: int | None
    followers_on: dt.date | None
    last_update_on: dt.date | None

    @staticmethod
    def resolve_qr_code_url(obj):
        return reverse("newmedia:qr", args=[obj.pk]) if obj.qr_code else None


class NewmediaStaffAccountOut(NewmediaAccountOut):
    status: str
    stage: str
    responsible_person: str
    responsible_phone: str
    feed_url: str
    close_requested_on: dt.date | None
    notice: str
    notice_on: dt.date | None
    closed_on: dt.date | None
    feed_error: str


class NewmediaFilters(Schema):
    unit: int | None = None
    platform: Platform | None = None


@router.get("/newmedia", response=list[NewmediaAccountOut], summary="政务新媒体账号（本网站运营中的账号）")
@paginate(PageNumber)
def accounts(request, filters: NewmediaFilters = Query(...)):
    found = scoped(request, Account.objects.operating().filter(unit__is_active=True)).select_related("unit")
    if filters.unit:
        found = found.filter(unit_id=filters.unit)
    if filters.platform:
        found = found.filter(platform=filters.platform)
    return found.order_by("unit__path", "platform", "name")


class NewmediaStaffFilters(NewmediaFilters):
    status: AccountStatus | None = None


@router.get(
    "/staff/newmedia",
    response=list[NewmediaStaffAccountOut],
    auth=staff_auth,
    summary="政务新媒体账号（本单位及下级）",
)
@paginate(PageNumber)
def staff_accounts(request, filters: NewmediaStaffFilters = Query(...)):
    found = access.accounts_for(request.auth).select_related("unit")
    if filters.unit:
        found = found.filter(unit_id=filters.unit)
    if filters.platform:
        found = found.filter(platform=filters.platform)
    if filters.status:
        found = found.filter(status=filters.status)
    return found.order_by("unit__path", "platform", "name")


class NewmediaAccountIn(Schema):
    unit: int
    platform: Platform
    name: str = Field(..., max_length=100)
    account_id: str = Field("", max_length=100)
    responsible_person: str = Field(..., max_length=50)
    responsible_phone: str = Field(..., max_length=30)
    opened_on: dt.date
    homepage_url: str = Field("", max_length=500)
    feed_url: str = Field("", max_length=500)
    followers: int | None = Field(None, ge=0, le=services.MAX_FOLLOWERS)
    followers_on: dt.date | None = None


@router.post(
    "/staff/newmedia", response={201: NewmediaStaffAccountOut}, auth=staff_auth, summary="登记政务新媒体账号"
)
def register_account(request, payload: NewmediaAccountIn):
    unit = get_object_or_404(core_access.units_for(request.auth), pk=payload.unit)
    core_access.check_unit(request.auth, unit, access.WRITE)
    fields = payload.dict(exclude={"unit"})
    return Status(201, services.save_account(actor=request.auth, unit=unit, fields=fields))


class NewmediaUpdateIn(Schema):
    on: dt.date = Field(..., description="更新日期")
    posts: int = Field(1, ge=1, le=services.MAX_POSTS, description="发布条数")
    title: str = Field("", max_length=300)
    link: str = Field("", max_length=500)
    followers: int | None = Field(None, ge=0, le=services.MAX_FOLLOWERS, description="当日关注量")


class NewmediaUpdateOut(Schema):
    id: int
    account_id: int
    on: dt.date
    posts: int
    title: str
    link: str
    followers: int | None
    source: str


@router.post(
    "/staff/newmedia/{int:account_id}/updates",
    response={201: NewmediaUpdateOut},
    auth=staff_auth,
    summary="登记账号更新",
)
def record_update(request, account_id: int, payload: NewmediaUpdateIn):
    account = access.get_account_for_user(request.auth, account_id, write=True)
    return Status(201, services.record_update(actor=request.auth, account=account, fields=payload.dict()))


class NewmediaImportOut(Schema):
    table: str
    total: int
    imported: int
    skipped: int = Field(..., description="已登记、未重复导入的行数")


@router.post(
    "/staff/newmedia/import",
    response={201: NewmediaImportOut},
    auth=staff_auth,
    summary="导入政务新媒体账号清单或更新记录（table = accounts | updates；全部导入或全部不导入）",
    description="任何一行有误则一条都不导入，答复 422，error.fields 中每个 `row_<行号>` 为该行的问题（表头为第1行）。"
    "导入账号清单时 unit 为默认主办单位（表中“主办单位”列可指定本人可管理的其他单位）。",
)
def import_table(request, table: str, file: File[UploadedFile], unit: int | None = None):
    if table not in importer.TABLES:
        raise ValidationError({"table": "table 应为 accounts 或 updates。"})
    target = None
    if unit is not None:
        target = get_object_or_404(core_access.units_for(request.auth), pk=unit)
        core_access.check_unit(request.auth, target, access.WRITE)
    if file.size and file.size > importer.MAX_BYTES:
        raise ValidationError({"file": "文件不能超过5MB。"})
    report = importer.import_file(
        file.name or "", file.read(importer.MAX_BYTES + 1), table=table, actor=request.auth, unit=target
    )
    if not report.committed:
        raise ValidationError({f"row_{e.row}": f"第{e.row}行：{e.message}" for e in report.errors})
    return Status(
        201,
        {
            "table": table,
            "total": report.total,
            "imported": len(report.imported),
            "skipped": len(report.skipped),
        },
    )
