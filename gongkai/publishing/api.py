"""Items: a public read API and the staff API for the editorial workflow."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, File, FilterSchema, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from gongkai.core.api import PageNumber, staff_auth

from . import access, queries, services, workflow
from .models import Column, DisclosureMode, Genre, KeyArea, Topic, Validity

router = Router(tags=["information"])


class ColumnRef(Schema):
    id: int
    name: str
    code: str


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str = Field(..., alias="get_absolute_url")


class ItemOut(Schema):
    id: int
    index_no: str | None
    title: str
    summary: str
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    doc_number: str
    issuer: str = Field(..., description="发文机关（联合发文列出全部）；为空即发布机构")
    written_on: dt.date | None
    published_at: dt.datetime | None
    topic: str
    genre: str
    validity: str = Field(..., description="今天的有效性：有效期届满的次日起为 expired")
    validity_label: str
    validity_changed_on: dt.date | None = Field(..., description="失效、废止或修订的日期")
    replaced_by_id: int | None
    keywords: list[str] = Field(..., alias="keyword_list")
    columns: list[ColumnRef]
    key_areas: list[str]
    url: str = Field(..., alias="get_absolute_url")

    @staticmethod
    def resolve_key_areas(obj):
        return [k.code for k in obj.key_areas.all()]

    # The validity today, derived from the dates as the item's page shows it (Item.current_validity), not as
    # last recorded: a period that ran out yesterday reads expired before `expire_documents` records it.
    @staticmethod
    def resolve_validity(obj):
        return obj.current_validity().validity

    @staticmethod
    def resolve_validity_label(obj):
        return obj.current_validity().label

    @staticmethod
    def resolve_validity_changed_on(obj):
        return obj.current_validity().since


class ItemDetailOut(ItemOut):
    body: str
    effective_on: dt.date | None
    valid_until: dt.date | None
    publish_due_on: dt.date | None
    published_on_time: bool | None
    attachments: list[AttachmentOut]


class ItemFilter(FilterSchema):
    unit: int | None = None
    column: int | None = None
    topic: Topic | None = None
    genre: Genre | None = None
    validity: Validity | None = None
    year: int | None = Field(None, ge=1949, le=2100, description="发布年份")
    key_area: str | None = Field(None, description="重点领域代码")
    q: str | None = Field(None, max_length=100, description="标题或文号包含")
    before: str | None = Field(
        None,
        max_length=60,
        description="游标：只列在此之前发布的信息，值为上一页最后一条的“发布时间,编号”（published_at,id）；"
        "逐页读取整个目录时代替很大的 page",
    )


def _before(cursor: str) -> Q:
    """``published_at,id`` of the last item read: the items after it in the list's order (newest first)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from ninja.errors import HttpError

    when, _sep, pk = cursor.replace(" ", "+").rpartition(",")
    try:
        moment, pk = dt.datetime.fromisoformat(when), int(pk)
    except ValueError:
        raise HttpError(
            422, _("游标 before 的格式应为“发布时间,编号”，如 2024-05-01T09:30:00+08:00,123")
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    # The range on published_at alone first, so that the published-date index bounds the scan.
    return Q(published_at__lte=moment) & (Q(published_at__lt=moment) | Q(pk__lt=pk))


def _filter(queryset, filters: ItemFilter):
    if filters.before:
        queryset = queryset.filter(_before(filters.before))
    if filters.unit is not None:
        queryset = queryset.filter(unit_id=filters.unit)
    if filters.column is not None:
        column = get_object_or_404(Column.objects.active(), pk=filters.column)
        queryset = queryset.filter(pk__in=queries.items_in_column(column).values("pk"))
    if filters.topic:
        queryset = queryset.filter(topic=filters.topic)
    if filters.genre:
        queryset = queryset.filter(genre=filters.genre)
    if filters.validity:
        queryset = queryset.in_validity(filters.validity)
    if filters.year:
        queryset = queryset.filter(published_at__year=filters.year)
    if filters.key_area:
        queryset = queryset.filter(key_areas__code=filters.key_area)
    if filters.q:
        queryset = queryset.filter(Q(title__contains=filters.q) | Q(doc_number__contains=filters.q))
    return queryset


@router.get("/items", response=list[ItemOut], summary="公开信息列表")
@paginate(PageNumber)
def list_items(request, filters: ItemFilter = Query(...)):
    return _filter(queries.listed_items(), filters).prefetch_related("columns", "key_areas")


@router.get("/items/by-index/{path:index_no}", response=ItemDetailOut, summary="按索引号查询")
def item_by_index(request, index_no: str):
    return get_object_or_404(queries.public_items(), index_no=index_no)


@router.get("/items/{int:item_id}", response=ItemDetailOut, summary="公开信息详情")
def get_item(request, item_id: int):
    return get_object_or_404(queries.public_items(), pk=item_id)


# Staff ------------------------------------------------------------------------------------------------


class StaffItemOut(ItemDetailOut):
    status: str
    status_label: str = Field(..., alias="get_status_display")
    version: int
    review_levels: int
    review_level_done: int
    disclosure_mode: str


class ItemIn(Schema):
    unit_id: int | None = Field(None, description="默认为本人所在单位")
    title: str = Field(..., min_length=2, max_length=300)
    summary: str = ""
    doc_number: str = Field("", max_length=60)
    issuer: str = Field("", max_length=200, description="发文机关；与发布机构相同时可不填")
    written_on: dt.date | None = None
    formed_on: dt.date | None = None
    topic: Topic | None = None
    genre: Genre | None = None
    disclosure_mode: DisclosureMode = DisclosureMode.PROACTIVE
    nondisclosure_reason: str = ""
    keywords: str = ""
    body: str = ""
    scheduled_at: dt.datetime | None = None
    effective_on: dt.date | None = None
    valid_until: dt.date | None = None
    column_ids: list[int] = []
    key_areas: list[str] = []


class ItemPatch(Schema):
    version: int = Field(..., description="打开时的版本号；他人已修改时返回409")
    title: str | None = Field(None, min_length=2, max_length=300)
    summary: str | None = None
    doc_number: str | None = Field(None, max_length=60)
    issuer: str | None = Field(None, max_length=200)
    written_on: dt.date | None = None
    formed_on: dt.date | None = None
    topic: Topic | None = None
    genre: Genre | None = None
    disclosure_mode: DisclosureMode | None = None
    nondisclosure_reason: str | None = None
    keywords: str | None = None
    body: str | None = None
    scheduled_at: dt.datetime | None = None
    effective_on: dt.date | None = None
    valid_until: dt.date | None = None
    column_ids: list[int] | None = None
    key_areas: list[str] | None = None


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)


class FindingOut(Schema):
    code: str
    severity: str
    field: str
    message: str


def _relations(user, unit, column_ids, key_areas):
    columns = None
    if column_ids is not None:
        columns = list(access.columns_for(user).filter(pk__in=column_ids, unit=unit))
        if len(columns) != len(set(column_ids)):
            raise ValidationError({"column_ids": "只能选择本单位的栏目。"})
    areas = None
    if key_areas is not None:
        areas = list(KeyArea.objects.filter(code__in=key_areas))
        if len(areas) != len(set(key_areas)):
            raise ValidationError({"key_areas": "重点领域代码不正确。"})
    return columns, areas


def _clean(data: dict) -> dict:
    return {k: ("" if v is None and k in ("topic", "genre") else v) for k, v in data.items()}


@router.get("/staff/items", response=list[StaffItemOut], auth=staff_auth, summary="本单位信息（含草稿）")
@paginate(PageNumber)
def staff_items(request, status: str | None = None, queue: str | None = None):
    queryset = access.review_queue(request.auth) if queue == "review" else access.items_for(request.auth)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.with_details().order_by("-updated_at")


@router.get(
    "/staff/items/{int:item_id}", response=StaffItemOut, auth=staff_auth, summary="信息详情（工作人员）"
)
def staff_item(request, item_id: int):
    return access.get_item_for_user(request.auth, item_id)


@router.post("/staff/items", response={201: StaffItemOut}, auth=staff_auth, summary="新建信息")
def create_item(request, payload: ItemIn):
    data = payload.dict()
    unit_id = data.pop("unit_id") or request.auth.unit_id
    unit = access.get_unit_for_user(request.auth, unit_id)
    columns, areas = _relations(request.auth, unit, data.pop("column_ids"), data.pop("key_areas"))
    item = services.create_item(
        actor=request.auth, unit=unit, columns=columns or [], key_areas=areas or [], **_clean(data)
    )
    return Status(201, item)


class DocxImportOut(Schema):
    id: int
    title: str
    doc_number: str
    written_on: dt.date | None
    issuer: str = Field(..., description="从红头识别的发文机关")
    addressee: str = Field(..., description="识别的主送机关（仍在正文第一段）")
    attachment_names: list[str] = Field(..., description="附件说明中列出的附件名称")
    body: str
    status: str
    attachments: list[AttachmentOut]
    warnings: list[str] = Field(..., description="需要编辑核对的事项")


@router.post(
    "/staff/items/from-docx",
    response={201: DocxImportOut},
    auth=staff_auth,
    summary="导入 Word 文档为草稿",
    description="表单字段：`file`（必填，.docx 文件，WPS 保存的 .docx 亦可）、`unit_id`（发布机构）、"
    "`column_id`（可选，该单位的栏目）。按 GB/T 9704 版式识别发文机关、文号、标题、主送机关、成文日期和"
    "附件说明，正文转为网页格式，图片和原文件作为附件，新建一条草稿；`warnings` 列出需要核对的事项。",
)
def import_docx(
    request,
    unit_id: Form[int],
    column_id: Form[int | None] = None,
    file: File[UploadedFile | None] = None,
):
    unit = access.get_unit_for_user(request.auth, unit_id)
    if file is None:  # checked here so the error names the field as sent: "file"
        raise ValidationError({"file": "请选择要导入的 Word 文档（.docx）。"})
    columns = []
    if column_id is not None:
        column = get_object_or_404(access.columns_for(request.auth).filter(is_active=True), pk=column_id)
        if column.unit_id != unit.pk:
            raise ValidationError({"column_id": "只能选择本单位的栏目。"})
        columns = [column]
    imported = services.import_docx(
        actor=request.auth,
        unit=unit,
        columns=columns,
        data=services.read_upload(file),
        name=file.name or "",
    )
    item, read = imported.item, imported.read
    return Status(
        201,
        {
            "id": item.pk,
            "title": item.title,
            "doc_number": item.doc_number,
            "written_on": item.written_on,
            "issuer": read.issuer,
            "addressee": read.addressee,
            "attachment_names": read.attachment_names,
            "body": item.body,
            "status": item.status,
            "attachments": imported.attachments,
            "warnings": imported.warnings,
        },
    )


@router.patch(
    "/staff/items/{int:item_id}", response={200: StaffItemOut, 409: dict}, auth=staff_auth, summary="修改信息"
)
def update_item(request, item_id: int, payload: ItemPatch):
    item = access.get_item_for_user(request.auth, item_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    columns, areas = _relations(
        request.auth, item.unit, data.pop("column_ids", None), data.pop("key_areas", None)
    )
    try:
        item = services.update_item(
            actor=request.auth,
            item=item,
            expected_version=version,
            columns=columns,
            key_areas=areas,
            **_clean(data),
        )
    except services.EditConflict as exc:
        return Status(409, {"error": {"code": "conflict", "message": str(exc), "fields": {}}})
    return item


@router.get(
    "/staff/items/{int:item_id}/checks", response=list[FindingOut], auth=staff_auth, summary="发布前检查"
)
def check_item(request, item_id: int):
    return services.check_item(access.get_item_for_user(request.auth, item_id))


def _act(request, item_id: int, service, **kwargs):
    item = access.get_item_for_user(request.auth, item_id)
    try:
        return service(actor=request.auth, item=item, **kwargs)
    except workflow.TransitionError as exc:
        raise ValidationError(
            {"status": f"当前状态（{item.get_status_display()}）下不能执行此操作。"}
        ) from exc
    except services.ChecksFailed as exc:
        raise ValidationError({f.field: f.message for f in exc.findings}) from exc


@router.post("/staff/items/{int:item_id}/submit", response=StaffItemOut, auth=staff_auth, summary="送审")
def submit(request, item_id: int):
    return _act(request, item_id, services.submit_item)


@router.post("/staff/items/{int:item_id}/approve", response=StaffItemOut, auth=staff_auth, summary="审核通过")
def approve(request, item_id: int):
    return _act(request, item_id, services.approve_item)


@router.post("/staff/items/{int:item_id}/reject", response=StaffItemOut, auth=staff_auth, summary="退回")
def reject(request, item_id: int, payload: ReasonIn):
    return _act(request, item_id, services.reject_item, reason=payload.reason)


@router.post(
    "/staff/items/{int:item_id}/withdraw", response=StaffItemOut, auth=staff_auth, summary="撤回发布"
)
def withdraw(request, item_id: int, payload: ReasonIn):
    return _act(request, item_id, services.withdraw_item, reason=payload.reason)


# Catalogs -----------------------------------------------------------------------------------------------


class CatalogColumnNodeOut(Schema):
    id: int
    code: str
    name: str
    description: str
    url: str
    matter: str = Field(..., description="公开事项")
    content_elements: str = Field(..., description="公开内容（要素）")
    legal_basis: str = Field(..., description="公开依据")
    time_limit: str = Field(..., description="公开时限")
    subject: str = Field(..., description="公开主体")
    channels: list[str] = Field(..., description="公开渠道和载体（代码）")
    audience: str = Field(..., description="公开对象：public 全社会 / specific 特定群体")
    mode: str = Field(..., description="公开方式：proactive 主动 / on_request 依申请")
    level: str = Field(..., description="公开层级")
    item_count: int = Field(..., description="直接归入本栏目的已发布信息数")
    total_count: int = Field(..., description="本栏目及其下级栏目的已发布信息数（去重）")
    record_count: int | None = Field(None, description="由其他模块提供的记录数（如规范性文件台账、年度报告）")
    children: list["CatalogColumnNodeOut"]


CatalogColumnNodeOut.model_rebuild()


class UnitCatalogOut(Schema):
    unit_id: int
    unit_name: str
    guide_url: str
    columns: list[CatalogColumnNodeOut]


@router.get("/catalogs/{int:unit_id}", response=UnitCatalogOut, summary="单位的公开目录（栏目树及目录要素）")
def get_catalog(request, unit_id: int):
    """The unit's active columns as a tree, each with the standard catalog fields (基层政务公开标准目录) and the
    number of published items; 404 for an unknown or disabled unit."""
    from django.urls import reverse

    from gongkai.core.models import Organization

    from . import column_sources, guide

    unit = get_object_or_404(Organization.objects.active(), pk=unit_id)
    tree = queries.column_tree(unit)
    ids = [c.pk for c, _depth in tree]
    # Counted in the database, a constant number of queries: the direct counts from the links' index, the
    # distinct totals of the columns with sub-columns in one aggregate, and every module's record count in
    # one query (column_sources.count_rows). Reading the (column, item) pairs to count them in Python cost
    # 65 ms at 100,000 items, and each record source was a query of its own.
    direct = queries.published_counts(ids) if ids else {}
    totals = queries.subtree_counts(tree)
    sources = {col.pk: column_sources.sources_for(col.code) for col, _depth in tree}
    counted = column_sources.count_rows(
        [source.rows(unit, request) for found in sources.values() for source in found]
    )
    counts = iter(counted)
    records = {pk: sum(next(counts) for _ in found) if found else None for pk, found in sources.items()}
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    for col, _depth in tree:
        node = {
            **{name: getattr(col, name) for name in CATALOG_FIELDS},
            "id": col.pk,
            "code": col.code,
            "name": col.name,
            "description": col.description,
            "url": guide.column_url(col),
            "channels": list(col.channels or []),
            "item_count": direct.get(col.pk, 0),
            "total_count": totals.get(col.pk, direct.get(col.pk, 0)),
            "record_count": records[col.pk],
            "children": [],
        }
        nodes[col.pk] = node
        (nodes[col.parent_id]["children"] if col.parent_id in nodes else roots).append(node)

    return {
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "guide_url": reverse("publishing:guide", args=[unit.pk]),
        "columns": roots,
    }


CATALOG_FIELDS = (
    "matter",
    "content_elements",
    "legal_basis",
    "time_limit",
    "subject",
    "audience",
    "mode",
    "level",
)


# 信息报送 (its own module; mounted here so the project's API lists it with publishing's operations)
from .submissions_api import router as submissions_router  # noqa: E402

router.add_router("", submissions_router)
