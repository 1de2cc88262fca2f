"""The staff back office (后台): Django's admin, scoped by ``access.py`` and writing through services."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import can, is_staff_member
from .models import CalendarYear
from .roles import Capability


class GongkaiAdminSite(admin.AdminSite):
    site_header = _("政务公开平台 · 后台管理")
    site_title = _("政务公开平台后台")
    index_title = _("工作台")
    index_template = "gongkai_admin/index.html"

    def has_permission(self, request):
        return is_staff_member(request.user) and request.user.is_staff

    def index(self, request, extra_context=None):
        extra_context = extra_context or {}
        if can(request.user, Capability.EDIT_CALENDAR):
            next_year = timezone.localdate().year + 1
            if not CalendarYear.objects.filter(year=next_year).exists():
                extra_context["calendar_warning"] = next_year
        return super().index(request, extra_context)
