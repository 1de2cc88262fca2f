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
        found = queries.interpreted(found)
    return found


@router.get("/policies/{item_id}", response=PolicyOut, summary="政策文件及其解读")
def policy(request, item_id: int):
    return get_object_or_404(queries.public_policies(), pk=item_id)


class StateChangeOut(Schema):
    validity: str
    on: dt.date
    reason: str
    by_item_id: int | None = None
    cleanup_id: int | None = None


class VersionOut(Schema):
    number: int
    title: str
    effective_on: dt.date | None
    note: str


class EntryOut(Schema):
    id: int
    registration_number: str
    kind: str
    title: str = Field(..., alias="item.title")
    url: str = Field(..., alias="item.get_absolute_url")
    doc_number: str = Field(..., alias="item.doc_number")
    issuing_body: str = Field(..., alias="issuing_body.organization.name")
    written_on: dt.date | None = Field(None, alias="item.written_on")
    published_at: dt.datetime | None = Field(None, alias="item.published_at")
    effective_on: dt.date | None = Field(None, alias="item.effective_on")
    valid_until: dt.date | None = Field(None, alias="item.valid_until")
    validity: str
    validity_since: dt.date | None

    @staticmethod
    def resolve_validity(obj):
        return obj.item.current_validity().validity

    @staticmethod
    def resolve_validity_since(obj):
        return obj.item.current_validity().since


class EntryDetailOut(EntryOut):
    review_unit: str
    reviewed_on: dt.date | None
    history: list[StateChangeOut]
    versions: list[VersionOut]

    @staticmethod
    def resolve_history(obj):
        return list(obj.history.all())

    @staticmethod
    def resolve_versions(obj):
        return list(obj.versions.all())


class RegisterFilters(Schema):
    kind: str | None = Field(None, pattern="^(normative|regulation)$")
    validity: str | None = Field(None, pattern="^(valid|expired|repealed|amended)$")
    unit: int | None = Field(None, description="制发主体（单位ID）")


def _entries():
    from .models import RegisterEntry

    return RegisterEntry.objects.filter(item__status="published").select_related(
        "item", "issuing_body__organization"
    )


@router.get("/register", response=list[EntryOut], summary="规范性文件和规章台账")
@paginate(PageNumber)
def register(request, filters: RegisterFilters = Query(...)):
    found = _entries()
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.validity:
        found = found.filter(queries.in_state(filters.validity, prefix="item__"))
    if filters.unit:
        found = found.filter(issuing_body__organization_id=filters.unit)
    return found


@router.get("/register/{entry_id}", response=EntryDetailOut, summary="台账条目（有效性变化与历次版本）")
def register_entry(request, entry_id: int):
    return get_object_or_404(_entries(), pk=entry_id)


class IssuerOut(Schema):
    organization_id: int
    name: str = Field(..., alias="organization.name")
    basis: str
    listed_on: dt.date


@router.get("/issuers", response=list[IssuerOut], summary="制发主体清单")
@paginate(PageNumber)
def issuers(request):
    from .models import IssuingBody

    return (
        IssuingBody.objects.filter(is_active=True)
        .select_related("organization")
        .order_by("organization__path", "pk")
    )
