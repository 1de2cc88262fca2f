"""数据发布: the datasets and their releases (public); a unit's staff publish a release (multipart upload)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Router, Schema, Status, UploadedFile
from ninja import Form as FormField
from ninja.pagination import paginate

from gongkai.core.api import PageNumber, staff_auth

from . import access, schedule, services, tables
from .models import Dataset, Release

router = Router(tags=["datasets"])


class ColumnOut(Schema):
    name: str
    type: str
    unit: str
    required: bool


class DatasetOut(Schema):
    id: int
    title: str
    unit: str
    frequency: str
    columns: list[ColumnOut]
    latest_period: str | None
    next_due: dt.date | None
    late: bool


class DownloadsOut(Schema):
    csv: str
    xlsx: str


class ReleaseOut(Schema):
    period: str
    published_at: dt.datetime
    rows: list[list[str]]
    downloads: DownloadsOut
    url: str

    @staticmethod
    def resolve_downloads(obj):
        return _release_out(obj)["downloads"] if isinstance(obj, Release) else obj["downloads"]

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url() if isinstance(obj, Release) else obj["url"]


def _dataset_out(state: schedule.State) -> dict:
    d = state.dataset
    return {
        "id": d.pk, "title": d.title, "unit": d.unit.name, "frequency": d.frequency, "columns": d.columns,
        "latest_period": state.latest.period if state.latest else None,
        "next_due": state.next_due.due_on if state.next_due else None, "late": state.is_late,
    }  # fmt: skip


def _release_out(release: Release) -> dict:
    args = [release.dataset_id, release.period]
    return {
        "period": release.period, "published_at": release.published_at, "rows": release.rows,
        "downloads": {"csv": reverse("datasets:download", args=[*args, "csv"]),
                      "xlsx": reverse("datasets:download", args=[*args, "xlsx"])},
        "url": release.get_absolute_url(),
    }  # fmt: skip


@router.get("/datasets", response=list[DatasetOut], summary="数据发布：数据集")
@paginate(PageNumber)
def datasets(request, unit: int | None = None):
    found = Dataset.objects.public().order_by("unit__sort_order", "unit_id", "title", "pk")
    if unit:
        found = found.filter(unit_id=unit)
    return _StatePage(found)


class _StatePage:
    """The datasets queryset, paginated as usual; each page's slice becomes the datasets' states."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        page = list(self.queryset[index])
        states = schedule.states(page)
        return [_dataset_out(states[d.pk]) for d in page]


@router.get(
    "/datasets/{int:dataset_id}/releases", response=list[ReleaseOut], summary="数据发布：各期数据（最新在前）"
)
@paginate(PageNumber)
def releases(request, dataset_id: int):
    dataset = get_object_or_404(Dataset.objects.public(), pk=dataset_id)
    return dataset.releases.newest_first()


@router.post(
    "/staff/datasets/{int:dataset_id}/releases",
    response={201: ReleaseOut},
    auth=staff_auth,
    summary="发布一期数据（上传CSV或XLSX；有错误时整表不发布，返回逐行问题）",
)
def publish(request, dataset_id: int, period: FormField[str], note: FormField[str] = "",
            file: File[UploadedFile | None] = None):  # fmt: skip
    dataset = access.get_dataset_for_user(request.auth, dataset_id, write=True)
    if file is None:
        raise ValidationError({"file": "请选择要上传的数据表（CSV或XLSX）。"})
    release = services.publish_release(
        actor=request.auth, dataset=dataset, period=period, note=note, name=file.name or "",
        data=file.read(tables.MAX_BYTES + 1),
    )  # fmt: skip
    return Status(201, release)
