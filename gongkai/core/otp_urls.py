"""The passkey ceremonies (django-otp-webauthn's JSON endpoints), with our audit records and sign-in end.

Mounted at ``/manage/two-factor/webauthn/`` in the ``otp_webauthn`` namespace the plugin's scripts expect.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import path
from django_otp_webauthn import views as plugin

from . import otp
from .access import is_staff_member

app_name = "otp_webauthn"


class StaffOnly:
    def initial(self, request, *args, **kwargs):
        if not is_staff_member(request.user):
            from django_otp_webauthn.exceptions import NotAuthenticated

            raise NotAuthenticated()
        super().initial(request, *args, **kwargs)


class BeginRegistration(StaffOnly, plugin.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(StaffOnly, plugin.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        with transaction.atomic():
            response = super().post(*args, **kwargs)
            if response.status_code == 200:
                credential = plugin.WebAuthnCredential.objects.get(
                    pk=json.loads(response.content)["id"], user=self.request.user
                )
                codes = otp.record_passkey_added(self.request, credential=credential)
                if codes:  # shown once by the recovery-codes page the script goes to next
                    self.request.session[otp.RECOVERY_SESSION_KEY] = codes
        return response


class BeginAuthentication(StaffOnly, plugin.BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(StaffOnly, plugin.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        otp.complete_sign_in(self.request)

    def get_success_url(self):
        return self.get_redirect_url() or resolve_url(settings.LOGIN_REDIRECT_URL)


urlpatterns = [
    path("registration/begin/", BeginRegistration.as_view(), name="credential-registration-begin"),
    path("registration/complete/", CompleteRegistration.as_view(), name="credential-registration-complete"),
    path("authentication/begin/", BeginAuthentication.as_view(), name="credential-authentication-begin"),
    path(
        "authentication/complete/",
        CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
]
