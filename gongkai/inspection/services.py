"""Running the inspection: every indicator for a site on a day, the daily job that keeps the results, the
availability probe, and the office's manual findings (audited)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import asdict, dataclass, fields
from urllib.parse import urljoin

import httpx
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.sites.models import Site

from . import indicators
from .indicators import Evidence, Outcome, Status
from .models import PROBE_TIMEOUT_SECONDS, DailyResult, Incident, Probe, SiteInspection

logger = logging.getLogger("gongkai.inspection")

EVIDENCE_FIELDS = {f.name for f in fields(Evidence)}
SEVERITY = {Status.RED: 0, Status.AMBER: 1, Status.NONE: 2, Status.GREEN: 3}


@dataclass(frozen=True)
class Result:
    code: str
    label: str
    scope: str
    veto: bool
    outcome: Outcome

    @property
    def status(self) -> str:
        return self.outcome.status

    def as_dict(self) -> dict:
        o = self.outcome
        return {"code": self.code, "label": str(self.label), "scope": str(self.scope), "veto": self.veto,
                "status": str(o.status), "value": o.value, "threshold": str(o.threshold), "fix": str(o.fix),
                "items": [asdict(e) for e in o.items]}  # fmt: skip


def inspect(site: Site, day: dt.date | None = None) -> list[Result]:
    """Every registered indicator for ``site`` on ``day`` (today by default), in the registry's order."""
    day = day or timezone.localdate()
    return [Result(i.code, i.label, i.scope, i.veto, i.compute(site, day)) for i in indicators.indicators()]


def overall(results) -> str:
    """A site's state: red if any veto indicator is red, else the worst of the rest."""
    statuses = [r.status for r in results]
    if any(r.status == Status.RED and r.veto for r in results):
        return Status.RED
    if Status.RED in statuses or Status.AMBER in statuses:
        return Status.AMBER
    return Status.GREEN if statuses else Status.NONE


def run_daily(day: dt.date | None = None, sites=None) -> int:
    """Compute and keep every active site's results for ``day`` (again on a rerun: one row per indicator)."""
    day = day or timezone.localdate()
    sites = list(sites if sites is not None else Site.objects.filter(is_active=True).select_related("root"))
    kept = 0
    for site in sites:
        try:
            kept += _keep(site, day)
        except (
            Exception
        ):  # one site's failure must not stop the others' inspection (logged with its traceback)
            logger.exception("inspection of site %s on %s failed", site.pk, day)
    return kept


def _keep(site: Site, day: dt.date) -> int:
    """Compute the site's indicators first, then replace the day's rows in one transaction."""
    results = [r.as_dict() | {"veto": r.veto} for r in inspect(site, day)]
    with transaction.atomic():
        for d in results:
            DailyResult.objects.update_or_create(
                site=site, day=day, code=d["code"],
                defaults={"label": d["label"][:100], "scope": d["scope"], "veto": d["veto"],
                          "status": d["status"], "value": "" if d["value"] is None else str(d["value"])[:200],
                          "threshold": d["threshold"][:300], "fix": d["fix"][:500], "items": d["items"]},
            )  # fmt: skip
    return len(results)


def newest_results(sites) -> dict[int, list[DailyResult]]:
    """Each site's results of its newest kept day (the dashboard's overview and the to-dos read these)."""
    ids = [s.pk for s in sites]
    newest = dict(
        DailyResult.objects.filter(site__in=ids).order_by().values("site").annotate(day=Max("day"))
        .values_list("site", "day")
    )  # fmt: skip
    if not newest:
        return {}
    found: dict[int, list[DailyResult]] = {}
    rows = DailyResult.objects.filter(site__in=list(newest), day__in=set(newest.values())).order_by("code")
    for r in rows:
        if newest[r.site_id] == r.day:
            found.setdefault(r.site_id, []).append(r)
    return found


def from_kept(row: DailyResult) -> Result:
    """A kept daily result in the shape of a computed one (the pages show either)."""
    items = [Evidence(**{k: v for k, v in item.items() if k in EVIDENCE_FIELDS}) for item in row.items]
    outcome = Outcome(row.value if row.value != "" else None, row.threshold, row.status, items, row.fix)
    return Result(row.code, row.label, row.scope, row.veto, outcome)


def current(site: Site, today: dt.date | None = None) -> tuple[list[Result], dt.datetime | None]:
    """Today's results of ``site`` as the daily job (or a rerun) kept them, with the time they were computed;
    computed now (and not kept) when there are none for today yet."""
    today = today or timezone.localdate()
    kept = newest_results([site]).get(site.pk)
    if kept and kept[0].day == today:
        return [from_kept(r) for r in kept], max(r.computed_at for r in kept)
    return inspect(site, today), None


def history(site: Site, days: int = 30, today: dt.date | None = None) -> list[DailyResult]:
    today = today or timezone.localdate()
    return list(
        DailyResult.objects.filter(
            site=site, day__gt=today - dt.timedelta(days=days), day__lte=today
        ).order_by("day", "code")
    )


# -- availability probes --------------------------------------------------------------------------------


def settings_for(site: Site) -> SiteInspection:
    found, _created = SiteInspection.objects.get_or_create(site=site)
    return found


def probe_base(site: Site) -> str:
    config = settings_for(site)
    if config.probe_base:
        return config.probe_base
    host = site.hosts.order_by("-is_primary", "host").values_list("host", flat=True).first()
    return f"https://{host}/" if host else ""


def probe(site: Site, *, timeout: float = PROBE_TIMEOUT_SECONDS, at: dt.datetime | None = None) -> Probe:
    """Open the site's probe pages in turn; the probe fails when one does not answer with a page within the
    time limit (redirects followed, 4xx and 5xx fail). Kept whatever happens."""
    config = settings_for(site)
    base = probe_base(site)
    at = at or timezone.now()
    if not base:
        return Probe.objects.create(
            site=site, at=at, ok=False, url="", error=_("网站没有域名，也没有设置探测地址")
        )
    paths = config.probe_paths.split() or ["/"]
    started = time.monotonic()
    url, code, error = base, None, ""
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True,
                          headers={"User-Agent": "Gongkai-availability-probe"}) as client:  # fmt: skip
            for path in paths:
                url = urljoin(base, path)
                remaining = timeout - (time.monotonic() - started)
                if remaining <= 0:
                    raise httpx.TimeoutException("total time limit")
                response = client.get(url, timeout=remaining)
                code = response.status_code
                if code >= 400:
                    error = _("状态码 %(c)s") % {"c": code}
                    break
    except httpx.TimeoutException:
        error = _("%(s)s秒内未打开") % {"s": int(timeout)}
    except httpx.ConnectError:
        error = _("无法连接（连接被拒绝或域名无法解析）")
    except httpx.TooManyRedirects:
        error = _("重定向次数过多")
    except httpx.HTTPError:
        error = _("访问出错（网络或协议错误）")
    elapsed = int((time.monotonic() - started) * 1000)
    return Probe.objects.create(site=site, at=at, ok=not error, url=url[:500], status_code=code,
                                elapsed_ms=elapsed, error=error[:200])  # fmt: skip


def due_for_probe(site: Site, now: dt.datetime | None = None) -> bool:
    """Whether the site's interval (a day divided by its probes per day) has passed since its last probe."""
    now = now or timezone.now()
    config = settings_for(site)
    if not config.is_active:
        return False
    last = Probe.objects.filter(site=site).order_by("-at").values_list("at", flat=True).first()
    interval = dt.timedelta(days=1) / config.probes_per_day
    return last is None or now - last >= interval - dt.timedelta(seconds=30)


PROBE_FIELDS = ("probe_base", "probe_paths", "probes_per_day", "is_active")


@transaction.atomic
def save_probe_settings(*, actor, site: Site, fields: dict) -> SiteInspection:
    config = SiteInspection.objects.select_for_update().get(pk=settings_for(site).pk)
    before = {k: str(getattr(config, k)) for k in PROBE_FIELDS}
    for name in PROBE_FIELDS:
        if name in fields:
            setattr(config, name, fields[name])
    config.full_clean()
    config.save()
    after = {k: str(getattr(config, k)) for k in PROBE_FIELDS}
    audit.record(actor=actor, action="inspection.settings", obj=config, unit=site.root,
                 changes={k: [before[k], after[k]] for k in PROBE_FIELDS if before[k] != after[k]})  # fmt: skip
    return config


# -- manual findings ------------------------------------------------------------------------------------

INCIDENT_FIELDS = ("scope", "kind", "occurred_on", "found_by", "description", "location")


@transaction.atomic
def record_incident(*, actor, site: Site, fields: dict, evidence=None) -> Incident:
    incident = Incident(site=site, created_by=actor if getattr(actor, "pk", None) else None,
                        **{k: fields[k] for k in INCIDENT_FIELDS if k in fields})  # fmt: skip
    if evidence is not None:
        incident.evidence = evidence
    incident.full_clean()
    if incident.occurred_on > timezone.localdate():
        from django.core.exceptions import ValidationError

        raise ValidationError({"occurred_on": _("发现日期不能晚于今天。")})
    incident.save()
    audit.record(actor=actor, action="inspection.incident.record", obj=incident, unit=site.root,
                 changes={k: str(getattr(incident, k)) for k in INCIDENT_FIELDS})  # fmt: skip
    return incident


@transaction.atomic
def resolve_incident(*, actor, incident: Incident, resolved_on: dt.date, resolution: str) -> Incident:
    from django.core.exceptions import ValidationError

    incident = Incident.objects.select_for_update().select_related("site__root").get(pk=incident.pk)
    if incident.resolved_on is not None:
        raise ValidationError(_("该问题已记录整改完成，不能再次记录。"))
    if not resolution.strip():
        raise ValidationError({"resolution": _("请填写整改情况。")})
    if resolved_on < incident.occurred_on:
        raise ValidationError({"resolved_on": _("整改完成日期不能早于发现日期。")})
    if resolved_on > timezone.localdate():
        raise ValidationError({"resolved_on": _("整改完成日期不能晚于今天。")})
    incident.resolved_on, incident.resolution = resolved_on, resolution.strip()
    incident.save(update_fields=["resolved_on", "resolution"])
    audit.record(actor=actor, action="inspection.incident.resolve", obj=incident, unit=incident.site.root,
                 changes={"resolved_on": resolved_on.isoformat(), "resolution": incident.resolution})  # fmt: skip
    return incident
