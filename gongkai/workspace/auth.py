"""The gate of every workspace page: a staff member who finished both sign-in steps (see core/otp.py).

``staff_view`` is the admin site's own gate (``AdminSite.admin_view``): the same test, the same redirect
to sign in, never cached and CSRF-protected; what a page then shows is scoped by each app's ``access.py``.
"""

from __future__ import annotations

from django.contrib import admin


def staff_view(view):
    return admin.site.admin_view(view)
