"""The columns' update requirements (栏目更新要求) the freshness indicator and the evidence panel read."""

from __future__ import annotations

from django.contrib import admin

from .. import services
from ..models import FreshnessRule
from .base import OfficeAdmin


@admin.register(FreshnessRule)
class FreshnessRuleAdmin(OfficeAdmin):
    list_display = ["template", "category", "days"]
    fields = ["template", "category", "days"]

    def save_via_service(self, request, obj, form, change):
        return services.save_freshness_rule(actor=request.user, rule=obj)
