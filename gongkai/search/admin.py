"""The openness office maintains the search dictionary and synonyms."""

import csv
import datetime as dt
import io

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.admin import OfficeKeptAdmin

from . import access, maintenance
from .models import BestBet, ClickLog, DomainWord, QueryLog, Synonym


class OfficeMaintainedAdmin(OfficeKeptAdmin):
    office_deletes = True
    write_capability = maintenance.WRITE

    def get_queryset(self, request):
        return access.vocabulary_for(request.user, self.model)

    def _office(self, request) -> bool:
        return access.may_maintain(request.user)

    def save_via_service(self, request, obj, form, change):
        return maintenance.save_entry(actor=request.user, obj=obj)

    def delete_via_service(self, request, obj):
        maintenance.delete_entry(actor=request.user, obj=obj)


@admin.register(DomainWord)
class DomainWordAdmin(OfficeMaintainedAdmin):
    list_display = ["word"]
    search_fields = ["word"]


@admin.register(Synonym)
class SynonymAdmin(OfficeMaintainedAdmin):
    list_display = ["word", "synonyms"]
    search_fields = ["word", "synonyms"]


@admin.register(BestBet)
class BestBetAdmin(OfficeMaintainedAdmin):
    list_display = ["query", "style", "title", "url", "position", "is_active"]
    list_filter = ["style", "is_active"]
    search_fields = ["query", "title"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "query",
                    "also_for",
                    "style",
                    "title",
                    "url",
                    "description",
                    "position",
                    "is_active",
                ]
            },
        ),
        (_("服务卡片"), {"fields": ["online_url", "place", "hours", "phone", "materials"]}),
    ]
    change_list_template = "search/admin/bestbet_change_list.html"

    def get_urls(self):
        return [
            path("insight/", self.admin_site.admin_view(self.insight_view), name="search_insight"),
            *super().get_urls(),
        ]

    def insight_view(self, request):
        """Top queries, queries that found nothing, and queries whose results are seldom chosen."""
        access.check_insight(request.user)
        days = max(1, min(int(request.GET.get("days") or 30), 366))
        rows = insight(since=timezone.now() - dt.timedelta(days=days))
        if request.GET.get("format") == "csv":
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(["查询词", "搜索次数", "零结果次数", "点击次数", "点击率"])
            writer.writerows([[r["query"], r["searches"], r["zero"], r["clicks"], r["ctr"]] for r in rows])
            response = HttpResponse(
                out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="search-insight-{days}d.csv"'
            return response
        return TemplateResponse(
            request,
            "search/admin/insight.html",
            {
                **self.admin_site.each_context(request),
                "title": "搜索统计",
                "days": days,
                "top": rows[:30],
                "zero": [r for r in rows if r["zero"]][:30],
                "low_ctr": sorted([r for r in rows if r["searches"] >= 5], key=lambda r: r["ctr"])[:30],
                "opts": self.model._meta,
            },
        )


def insight(*, since) -> list[dict]:
    searches = {
        row["query"]: row
        for row in QueryLog.objects.filter(created_at__gte=since)
        .values("query")
        .annotate(searches=Count("pk"), zero=Count("pk", filter=Q(results=0)))
    }
    clicks = dict(
        ClickLog.objects.filter(created_at__gte=since)
        .values("query")
        .annotate(n=Count("pk"))
        .values_list("query", "n")
    )
    rows = [
        {
            "query": query,
            "searches": row["searches"],
            "zero": row["zero"],
            "clicks": clicks.get(query, 0),
            "ctr": round(clicks.get(query, 0) / row["searches"], 3),
        }
        for query, row in searches.items()
    ]
    return sorted(rows, key=lambda r: (-r["searches"], r["query"]))
