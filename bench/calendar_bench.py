"""Benchmark: working-day deadlines from the database calendar, against chinese-calendar's own lookup.

Run: GONGKAI_DEBUG=1 .venv/bin/python bench/calendar_bench.py
Prints one table; the baseline (the reference algorithm of spec §2.5 on chinese_calendar.is_workday) is
measured in the same run on the same inputs, and every answer is checked against it.
"""

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_DEBUG", "1")

import django

django.setup()

from chinese_calendar import is_workday
from django.core.management import call_command

from gongkai.core import calendar as cal
from gongkai.core import workdays


def reference(start: dt.date, n: int) -> dt.date:
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        counted += is_workday(day)
    return day


def timed(label, fn, cases):
    began = time.perf_counter()
    answers = [fn(s, n) for s, n in cases]
    seconds = time.perf_counter() - began
    return label, seconds, answers


def main() -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(2019)
    cases = [
        (dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(7600)), rng.choice([7, 15, 20, 40]))
        for _ in range(2000)
    ]
    cases = [(s, n) for s, n in cases if (s + dt.timedelta(days=2 * n + 31)).year <= 2026]
    preloaded = cal.load(dt.date(2004, 1, 1), dt.date(2026, 12, 31))
    rows = [
        timed("baseline: chinese_calendar.is_workday loop (spec §2.5)", reference, cases),
        timed(
            "gongkai: calendar.add_working_days (2 queries each)",
            lambda s, n: cal.add_working_days(s, n).due,
            cases,
        ),
        timed(
            "gongkai: workdays.add_working_days, calendar preloaded",
            lambda s, n: workdays.add_working_days(s, n, preloaded).due,
            cases,
        ),
    ]
    expected = rows[0][2]
    print(f"{len(cases)} deadlines, 2005-2026, N in 7/15/20/40 working days")
    print(f"{'method':<62} {'total ms':>9} {'µs/call':>9} {'same answers':>13}")
    for label, seconds, answers in rows:
        same = sum(a == b for a, b in zip(answers, expected, strict=True))
        print(
            f"{label:<62} {seconds * 1000:>9.1f} {seconds / len(cases) * 1e6:>9.1f} {same:>6}/{len(cases):<6}"
        )


if __name__ == "__main__":
    main()
