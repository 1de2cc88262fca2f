"""Availability (spec §4.1 VETO_UNREACHABLE): real probes of a running server and of a closed port, the weekly
failure ratio (≥ 5 % fails), days with fewer than 20 probes warned, and the daily job's interval."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from django.utils import timezone

from gongkai.inspection import builtin, services
from gongkai.inspection.indicators import Status
from gongkai.inspection.models import Probe, SiteInspection


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_probe_opens_the_sites_own_pages_on_a_running_server_and_a_closed_port_fails(live_server, tree):
    from gongkai.sites.models import Site

    site = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)
    SiteInspection.objects.create(site=site, probe_base=live_server.url + "/", probe_paths="/ /calendar/")
    ok = services.probe(site)
    assert ok.ok, ok.error
    assert ok.status_code == 200 and ok.url.endswith("/calendar/") and ok.elapsed_ms is not None

    SiteInspection.objects.filter(site=site).update(probe_paths="/ /no-such-page/")
    missing = services.probe(site)
    assert not missing.ok and missing.status_code == 404 and "404" in missing.error

    SiteInspection.objects.filter(site=site).update(probe_base=f"http://127.0.0.1:{closed_port()}/")
    down = services.probe(site)
    assert not down.ok and down.error.startswith("无法连接")
    assert Probe.objects.filter(site=site).count() == 3


def _probes(site, day: dt.date, per_day: int, failed: int, days: int = 7):
    start = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=days - 1), dt.time(0, 10)))
    rows = []
    for d in range(days):
        for i in range(per_day):
            at = start + dt.timedelta(days=d, minutes=i * (1380 // per_day))
            rows.append(Probe(site=site, at=at, ok=True, url="http://x/"))
    for row in rows[:failed]:
        row.ok, row.error = False, "15秒内未打开"
    Probe.objects.bulk_create(rows)


@pytest.mark.django_db
def test_five_percent_failed_probes_in_the_week_fail_and_fewer_pass_with_a_warning(tree):
    from gongkai.sites.models import Site

    site = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)
    day = dt.date(2026, 3, 10)
    assert builtin.availability(site, day).status == Status.NONE
    _probes(site, day, per_day=20, failed=7)  # 7 of 140 = 5 %
    outcome = builtin.availability(site, day)
    assert outcome.status == Status.RED and outcome.value == 5.0
    assert len([e for e in outcome.items if e.status == Status.RED]) == 7

    Probe.objects.filter(pk=Probe.objects.filter(ok=False).first().pk).update(ok=True, error="")
    warned = builtin.availability(site, day)  # 6 of 140 = 4.29 %
    assert warned.status == Status.AMBER and warned.value == 4.29


@pytest.mark.django_db
def test_a_day_with_fewer_than_twenty_probes_is_warned(tree):
    from gongkai.sites.models import Site

    site = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)
    day = dt.date(2026, 3, 10)
    _probes(site, day, per_day=19, failed=0, days=2)
    outcome = builtin.availability(site, day)
    assert outcome.status == Status.AMBER
    assert any("仅探测19次" in e.label for e in outcome.items)


@pytest.mark.django_db
def test_the_day_being_judged_is_not_thin_while_it_runs(tree):
    """At the 06:10 run a site probed every half hour has had a dozen probes today: no warning for that."""
    from gongkai.sites.models import Site

    site = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)
    day = dt.date(2026, 3, 10)
    _probes(site, day - dt.timedelta(days=1), per_day=48, failed=0, days=6)
    morning = timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))
    Probe.objects.bulk_create(
        Probe(site=site, at=morning + dt.timedelta(minutes=30 * i), ok=True, url="http://x/")
        for i in range(12)
    )
    outcome = builtin.availability(site, day)
    assert outcome.status == Status.GREEN and outcome.value == 0.0


@pytest.mark.django_db
def test_a_site_is_due_for_a_probe_once_its_interval_has_passed(tree):
    from gongkai.sites.models import Site

    site = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)
    now = timezone.now()
    assert services.due_for_probe(site, now)
    Probe.objects.create(site=site, at=now - dt.timedelta(minutes=10), ok=True, url="x")
    assert not services.due_for_probe(site, now)  # 48 a day: every 30 minutes
    assert services.due_for_probe(site, now + dt.timedelta(minutes=21))
    SiteInspection.objects.filter(site=site).update(is_active=False)
    assert not services.due_for_probe(site, now + dt.timedelta(hours=2))
