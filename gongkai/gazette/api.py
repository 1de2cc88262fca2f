"""The gazette: issues with their contents (public)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gongkai.core.api import PageNumber

from .models import Issue

router = Router(tags=["gazette"])


class ArticleOut(Schema):
    order: int
    section: str
    title: str
    doc_number: str
    page: int | None
    item_id: int | None
    url: str | None

    @staticmethod
    def resolve_url(obj):
        return obj.item.get_absolute_url() if obj.item_id else None


class IssueOut(Schema):
    year: int
    number: int
    overall: int
    published_on: dt.date
    title: str
    url: str = Field(..., alias="get_absolute_url")
    pdf_url: str | None

    @staticmethod
    def resolve_pdf_url(obj):
        return reverse("gazette:pdf", args=[obj.year, obj.number]) if obj.pdf else None


class IssueDetailOut(IssueOut):
    articles: list[ArticleOut]

    @staticmethod
    def resolve_articles(obj):
        return list(obj.articles.select_related("item"))


@router.get("/gazette", response=list[IssueOut], summary="政府公报期次")
@paginate(PageNumber)
def issues(request, year: int | None = Query(None, ge=1949, le=2100)):
    found = Issue.objects.public()
    return found.filter(year=year) if year else found


@router.get("/gazette/{year}/{number}", response=IssueDetailOut, summary="一期公报及其目录")
def issue(request, year: int, number: int):
    return get_object_or_404(Issue.objects.public(), year=year, number=number)
