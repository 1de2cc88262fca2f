"""The demo's 双随机 plans: every public page has content, every drawn plan verifies, a second load changes nothing."""

import pytest

from gongkai.core.models import AuditEvent
from gongkai.spotchecks import demo as spotchecks_demo
from gongkai.spotchecks import services
from gongkai.spotchecks.models import Entity, Plan, PlanState
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_published_and_a_committed_plan_and_every_draw_verifies(demo, client):
    states = sorted(Plan.objects.values_list("state", flat=True))
    assert states == [PlanState.COMMITTED, PlanState.PUBLISHED, PlanState.PUBLISHED]
    assert Entity.objects.count() == 40
    for plan in Plan.objects.filter(state=PlanState.PUBLISHED):
        assert services.verify_plan(plan).ok
    for url in (
        "/registers/inspections/",
        "/registers/inspections/matters/",
        "/registers/inspections/results/",
    ):
        assert "没有符合条件" not in client.get(url).content.decode(), url


def test_loading_the_demo_again_changes_nothing(demo):
    before = AuditEvent.objects.count()
    spotchecks_demo.load(None)
    assert AuditEvent.objects.count() == before
