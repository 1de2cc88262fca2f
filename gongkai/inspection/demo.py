"""Demo inspection (``gongkai load_demo``; idempotent): a week of availability probes for each demo site (the
county's with a bad evening that warns), one manual finding put right and one still open on the county site,
and the daily results of the last week, so the dashboard, its history and the units' to-dos are filled. The
probes point at the development server (http://127.0.0.1:8000/), so `gongkai probe_sites` works on `make run`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.actors import system
from gongkai.sites.models import Site

from . import services
from .models import Incident, IncidentKind, Probe, SiteInspection

DAYS = 7
PER_DAY = 24  # one an hour in the demo history (the timer probes every half hour by default)
DEV_SERVER = {"localhost": "http://127.0.0.1:8000/", "lanshan.localhost": "http://lanshan.localhost:8000/"}


def load(report=None) -> None:
    actor = system("load_demo")
    today = timezone.localdate()
    sites = list(Site.objects.filter(is_active=True).select_related("root"))
    for n, site in enumerate(sites):
        host = site.hosts.order_by("-is_primary", "host").values_list("host", flat=True).first() or ""
        SiteInspection.objects.get_or_create(
            site=site, defaults={"probe_base": DEV_SERVER.get(host, ""), "probe_paths": "/ /xxgk/"}
        )
        if not Probe.objects.filter(site=site).exists():
            start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=DAYS - 1), dt.time.min))
            base = DEV_SERVER.get(host, "http://127.0.0.1:8000/")
            rows = []
            for i in range(DAYS * PER_DAY):
                at = start + dt.timedelta(hours=i)
                if at > timezone.now():
                    break
                failed = n > 0 and i in (
                    DAYS * PER_DAY - 30,
                    DAYS * PER_DAY - 29,
                )  # the county: two in an evening
                rows.append(Probe(site=site, at=at, ok=not failed, url=base, status_code=None if failed else 200,
                                  elapsed_ms=15000 if failed else 180 + (i * 37) % 400,
                                  error="15秒内未打开" if failed else ""))  # fmt: skip
            Probe.objects.bulk_create(rows)
        if n == 0 and not Incident.objects.filter(site=site).exists():
            found = services.record_incident(actor=actor, site=site, fields={
                "scope": "website", "kind": IncidentKind.WORDING, "occurred_on": today - dt.timedelta(days=40),
                "found_by": "省政务公开办季度检查", "location": "/xxgk/",
                "description": "一篇动态信息将“国务院办公厅”误写为“国务院办公室”。"})  # fmt: skip
            services.resolve_incident(actor=actor, incident=found, resolved_on=today - dt.timedelta(days=38),
                                      resolution="已更正原文并在编辑规范中增加机构名称核对。")  # fmt: skip
        if n == 1 and not Incident.objects.filter(site=site).exists():
            services.record_incident(actor=actor, site=site, fields={
                "scope": "newmedia", "kind": IncidentKind.WORDING, "occurred_on": today - dt.timedelta(days=2),
                "found_by": "本网站自查", "location": "兰山发布（微信公众号）",
                "description": "推文中领导职务表述错误，待更正并发布说明。"})  # fmt: skip
    for back in range(DAYS - 1, -1, -1):
        services.run_daily(today - dt.timedelta(days=back), sites=sites)
