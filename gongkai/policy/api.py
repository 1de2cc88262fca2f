"""Policies with their interpretations (public)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gongkai.core.api import PageNumber

from . import queries

router = Router(tags=["policy"])


class InterpretationOut(Schema):
    id: int = Field(..., alias="item.pk")
    title: str = Field(..., alias="item.title")
    url: str
    form: str
    form_label: str
    interpreter: str
    is_leader: bool
    published_at: dt.datetime | None = Field(None, alias="item.published_at")
    late: bool = Field(..., alias="is_late")

    @staticmethod
    def resolve_url(obj):
        return obj.item.get_absolute_url()

    @staticmethod
    def resolve_form_label(obj):
        return str(obj.get_form_display())


class PolicyOut(Schema):
    id: int
    title: str
    url: str
    unit: str = Field(..., alias="unit.name")
    doc_number: str
    index_no: str | None
    published_at: dt.datetime | None
    validity: str
    valid_until: dt.date | None
    interpretations: list[InterpretationOut] = Field(..., alias="public_interpretations")

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_validity(obj):
        return obj.current_validity().validity


class PolicyFilters(Schema):
    unit: int | None = None
    year: int | None = Field(None, ge=1949, le=2100)
    interpreted: bool | None = Field(None, description="true: 只列有解读的政策文件")


@router.get("/policies", response=list[PolicyOut], summary="政策文件及其解读")
@paginate(PageNumber)
def policies(request, filters: PolicyFilters = Query(...)):
    found = queries.public_policies()
    if filters.unit:
        found = found.filter(unit_id=filters.unit)
    if filters.year:
        found = found.filter(published_at__year=filters.year)
    if filters.interpreted:
        found = found.filter(interpretations__item__status="published").distinct()
    return found


@router.get("/policies/{item_id}", response=PolicyOut, summary="政策文件及其解读")
def policy(request, item_id: int):
    return get_object_or_404(queries.public_policies(), pk=item_id)
