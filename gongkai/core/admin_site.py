"""The staff back office (后台): Django's admin, scoped by ``access.py`` and writing through services.

Sign-in has two steps (see ``otp.py``): the password, then, for an account with a device or a role that
requires one, a code, a recovery code or a passkey. No back-office page opens before both are done.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import otp, otp_views
from .access import can, is_staff_member
from .models import CalendarYear
from .roles import Capability


class GongkaiAdminSite(admin.AdminSite):
    site_header = _("政务公开平台 · 后台管理")
    site_title = _("政务公开平台后台")
    index_title = _("工作台")
    index_template = "gongkai_admin/index.html"

    def has_permission(self, request):
        return (
            is_staff_member(request.user) and request.user.is_staff and otp.sign_in_state(request) == otp.DONE
        )

    def _second_step(self, request):
        """Where a signed-in account that has not finished signing in goes next, or None."""
        if not is_staff_member(request.user):
            return None
        state = otp.sign_in_state(request)
        if state == otp.VERIFY:
            return otp_views.step_url("otp_verify", request)
        if state == otp.ENROL:
            return otp_views.step_url("otp_setup", request)
        return None

    def login(self, request, extra_context=None):
        pending = self._second_step(request)
        if pending:
            return HttpResponseRedirect(pending)
        was_signed_in = request.user.is_authenticated
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            # Signing in without a target leads to the workspace's to-do list, not the admin's index.
            extra_context = {
                **(extra_context or {}),
                REDIRECT_FIELD_NAME: resolve_url(settings.LOGIN_REDIRECT_URL),
            }
        response = super().login(request, extra_context)
        if request.method == "POST" and not was_signed_in and request.user.is_authenticated:
            pending = self._second_step(request)
            if pending:
                return HttpResponseRedirect(pending)
            otp.complete_sign_in(request)
        return response

    def get_urls(self):
        site = {"site": self}
        urls = [
            path("two-factor/verify/", otp_views.verify, site, name="otp_verify"),
            path("two-factor/setup/", otp_views.setup, site, name="otp_setup"),
            path("two-factor/recovery-codes/", otp_views.recovery_codes, site, name="otp_recovery_codes"),
            path("two-factor/cancel/", otp_views.cancel, site, name="otp_cancel"),
            path("two-factor/", self.admin_view(otp_views.devices), site, name="otp_devices"),
            path(
                "two-factor/devices/<path:device_id>/remove/",
                self.admin_view(otp_views.remove),
                site,
                name="otp_remove",
            ),
        ]
        return urls + super().get_urls()

    def index(self, request, extra_context=None):
        extra_context = extra_context or {}
        if can(request.user, Capability.EDIT_CALENDAR):
            next_year = timezone.localdate().year + 1
            if not CalendarYear.objects.filter(year=next_year).exists():
                extra_context["calendar_warning"] = next_year
        return super().index(request, extra_context)
