"""The 移动新媒体 rows of the website annual report (政府网站工作年度报表): the site's accounts that ran in the
year, each with its posts in the year (the sum of its updates) and its followers at the year's end (the last
count recorded on or before 31 December)."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, Subquery, Sum

from gongkai.webreports import figures

from .models import Account, AccountStatus, AccountUpdate


def newmedia(site, year: int) -> dict:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # The last follower count recorded on or before the year's end, read with the accounts (one query).
    counted = AccountUpdate.objects.filter(
        account=OuterRef("pk"), on__lte=end, followers__isnull=False
    ).order_by("-on", "-pk")
    accounts = (
        Account.objects.filter(site.unit_q("unit"), opened_on__lte=end)
        .exclude(Q(status__in=[AccountStatus.SUSPENDED, AccountStatus.CANCELLED]) & Q(closed_on__lt=start))
        .select_related("unit")
        .annotate(posts=Sum("updates__posts", filter=Q(updates__on__gte=start, updates__on__lte=end)))
        .annotate(
            counted_followers=Subquery(counted.values("followers")[:1]),
            counted_on=Subquery(counted.values("on")[:1]),
        )
        .order_by("platform", "unit__path", "name")
    )
    rows = []
    for account in accounts:
        followers = account.counted_followers
        newer = followers is None or (account.followers_on or end) >= account.counted_on
        if account.followers is not None and account.followers_on and account.followers_on <= end and newer:
            followers = account.followers
        rows.append({
            "platform": account.platform, "platform_label": account.get_platform_display(), "name": account.name,
            "posts": account.posts or 0, "followers": followers,
        })  # fmt: skip
    return {"newmedia": rows}


figures.register("newmedia", newmedia)
