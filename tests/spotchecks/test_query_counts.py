"""The public lists and the API read a fixed number of queries, however many plans and results they show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.spotchecks import services
from gongkai.spotchecks.models import Plan
from tests.spotchecks.conftest import SYSTEM

pytestmark = pytest.mark.django_db

URLS = ["/registers/inspections/", "/registers/inspections/results/", "/registers/inspections/matters/",
        "/api/v1/registers/inspections"]  # fmt: skip


def publish_copy(plan, n):
    copy = services.save_plan(actor=SYSTEM, matters=list(plan.matters.all()), plan=Plan(
        unit=plan.unit, title=f"{plan.title}{n}", year=plan.year, starts_on=plan.starts_on, ends_on=plan.ends_on,
        entity_count=3))  # fmt: skip
    services.commit_plan(actor=SYSTEM, plan=copy)
    services.draw_plan(actor=SYSTEM, plan=copy)
    for pick in copy.picks.all():
        services.record_result(actor=SYSTEM, pick=pick, checked_on=dt.date.today(), outcome="no_problem")
    services.publish_results(actor=SYSTEM, plan=copy)


def counts(client):
    found = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        found[url] = len(queries)
    return found


def test_the_lists_do_not_grow_with_the_plans(plan, citizen):
    publish_copy(plan, 1)
    counts(citizen)  # warm the site directory and caches
    one = counts(citizen)
    for n in range(2, 5):
        publish_copy(plan, n)
    assert counts(citizen) == one
