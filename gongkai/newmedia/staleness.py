"""Which operating accounts are quiet, and for how long, as seen on a day (the inspection, the to-dos and the
workspace list read the same rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q

from . import rules
from .models import Account


@dataclass(frozen=True)
class Quiet:
    account: Account
    last_update_on: dt.date | None
    days: int
    state: str  # rules.state(): red / amber / green


def quiet_accounts(accounts, day: dt.date) -> list[Quiet]:
    """Each checked account of ``accounts`` (operating, no closing notice, opened by ``day``) with its last
    update on or before ``day``: the past is judged on what was known then."""
    rows = (
        accounts.checked()
        .filter(opened_on__lte=day)
        .select_related("unit")
        .annotate(last=Max("updates__on", filter=Q(updates__on__lte=day)))
        .order_by("unit__path", "platform", "name")
    )
    found = []
    for account in rows:
        days = rules.days_quiet(account.last, account.opened_on, day)
        found.append(Quiet(account, account.last, days, rules.state(days)))
    return found
