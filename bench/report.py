"""Benchmark: annual-report tables for 50 units over 100,000 applications.

Run: GONGKAI_DEBUG=1 .venv/bin/python bench/report.py [--applications N] [--units N]
Uses a throw-away SQLite database (or DATABASE_URL if set: use a scratch database). Prints one table: the
baseline is a single count-only query over the same rows, measured in the same run.
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("GONGKAI_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.core.management import call_command
from django.db.models import Count

from gongkai.core.models import Organization, OrgType
from gongkai.foi.models import Appeal, Application
from gongkai.reports import compute
from gongkai.reports.layout import APPLICANT_COLUMNS, OUTCOME_ROWS

YEAR = 2025


def seed(applications: int, units: int) -> list[Organization]:
    root = Organization.objects.create(name="基准测试市人民政府", org_type=OrgType.GOVERNMENT, path="/")
    root.path = f"/{root.pk}/"
    root.save()
    orgs = []
    for n in range(units):
        org = Organization.objects.create(
            name=f"基准测试单位{n:03d}", org_type=OrgType.DEPARTMENT, parent=root
        )
        org.path = f"{root.path}{org.pk}/"
        org.save()
        orgs.append(org)
    rng = random.Random(1)
    batch = []
    for n in range(applications):
        received = dt.date(YEAR - 1, 10, 1) + dt.timedelta(days=rng.randrange(0, 520))
        answered = received + dt.timedelta(days=rng.randrange(1, 60)) if rng.random() < 0.9 else None
        batch.append(
            Application(
                tracking_code=f"B{n:09d}",
                secret_hash="x",
                unit=orgs[n % units],
                applicant_type=APPLICANT_COLUMNS[n % len(APPLICANT_COLUMNS)],
                applicant_name="张三",
                id_type="resident_id",
                id_number="11010519491231002X",
                phone="13800000000",
                description="基准测试",
                received_on=received,
                answered_on=answered,
                outcome=OUTCOME_ROWS[n % len(OUTCOME_ROWS)] if answered else "",
                status="answered" if answered else "in_progress",
            )
        )
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    sample = list(
        Application.objects.order_by("pk").values_list("pk", flat=True)[:: max(applications // 2000, 1)]
    )
    Appeal.objects.bulk_create(
        Appeal(application_id=pk, kind="review", filed_on=dt.date(YEAR, 3, 1), body="复议机关")
        for pk in sample
    )
    return orgs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    orgs = seed(args.applications, args.units)
    print(
        f"seeded {args.applications} applications across {args.units} units in {time.perf_counter() - began:.1f} s"
    )

    began = time.perf_counter()
    baseline = Application.objects.filter(received_on__year=YEAR).values("unit").annotate(n=Count("pk"))
    len(list(baseline))
    baseline_s = time.perf_counter() - began

    timings = []
    for org in orgs:
        units = compute.units_of(org)
        start = time.perf_counter()
        compute.table3(units, YEAR)
        compute.table4(units, YEAR)
        compute.fees(units, YEAR)
        timings.append(time.perf_counter() - start)
    total = sum(timings)

    start = time.perf_counter()
    compute.table3(compute.units_of(orgs[0].parent, subtree=True), YEAR)
    rollup_s = time.perf_counter() - start

    print(f"{'measurement':<58} {'seconds':>9}")
    print(f"{'baseline: one count-only query, all units':<58} {baseline_s:>9.3f}")
    print(f"{'all unit reports (tables 3, 4 and fees), total':<58} {total:>9.3f}")
    print(f"{'one unit report, mean':<58} {total / len(timings):>9.3f}")
    print(f"{'one unit report, slowest (target < 2 s)':<58} {max(timings):>9.3f}")
    print(f"{'subtree roll-up of table 3 (all units)':<58} {rollup_s:>9.3f}")


if __name__ == "__main__":
    main()
