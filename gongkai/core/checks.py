"""System checks that look at the data, run by ``gongkai check --deploy`` only (they query the database)."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def check_demo_passwords(app_configs=None, **kwargs):
    """gongkai.W001: an active account still signs in with the demo password printed in the README.

    Only the demo's own usernames are tried: ``load_demo`` is the one thing that sets that password, and it
    creates exactly those accounts. Trying every active account would cost one Argon2 verification each
    (about a tenth of a second and 100 MB of memory), too slow for a city's hundreds of staff.
    """
    from .demo import DEMO_PASSWORD, STAFF
    from .models import User

    usernames = [username for username, *_ in STAFF]
    try:
        accounts = list(
            User.objects.filter(is_active=True, username__in=usernames).values_list("username", "password")
        )
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    # hashers.check_password, not User.check_password, which would re-hash and save the account.
    still_demo = sorted(name for name, encoded in accounts if check_password(DEMO_PASSWORD, encoded))
    if not still_demo:
        return []
    return [
        Warning(
            f"Active account(s) {', '.join(still_demo)} still use the demo password, which the README prints.",
            hint="Change their passwords or deactivate them (back office: 工作人员), "
            "or do not load the demo data into this database.",
            id="gongkai.W001",
        )
    ]
