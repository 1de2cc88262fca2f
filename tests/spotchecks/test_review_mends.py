"""Mends after review: a code in a committed pool cannot change before the draw (the draw finds entities and
inspectors by it), deadlines read the calendar once for a list, a huge ?unit= is no record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.spotchecks import rules, services
from gongkai.spotchecks.models import Entity, Inspector, PlanState
from tests.spotchecks.conftest import SYSTEM, code

pytestmark = pytest.mark.django_db


def test_a_pool_code_cannot_change_until_the_draw(plan, unit_a):
    plan = services.commit_plan(actor=SYSTEM, plan=plan)
    entity = Entity.objects.get(credit_code=code(0))
    entity.credit_code = code(50)
    with pytest.raises(ValidationError, match="尚未抽取的抽查计划候选名单"):
        services.save_entity(actor=SYSTEM, entity=entity)
    inspector = Inspector.objects.get(certificate_no="371300200000")
    inspector.certificate_no = "371300209999"
    with pytest.raises(ValidationError, match="抽取前不能修改"):
        services.save_inspector(actor=SYSTEM, inspector=inspector)
    entity = Entity.objects.get(credit_code=code(0))
    entity.name = "改名不影响抽取"
    services.save_entity(actor=SYSTEM, entity=entity)  # a name may change
    plan = services.draw_plan(actor=SYSTEM, plan=plan)
    assert plan.state == PlanState.DRAWN and plan.picks.count() == 3


def test_deadlines_for_a_list_agree_with_one_by_one_and_read_the_calendar_once(django_assert_num_queries, db):
    ends = [dt.date(2025, 9, 30), dt.date(2026, 1, 30), dt.date(2026, 4, 30)]
    one_by_one = {end: rules.results_due(end) for end in ends}
    with django_assert_num_queries(2):
        assert rules.results_due_for(ends) == one_by_one
    assert one_by_one[dt.date(2025, 9, 30)] == dt.date(2025, 11, 4)  # National Day's holiday not counted


def test_a_huge_unit_filter_lists_nothing_instead_of_failing(citizen, plan):
    for url in ("/registers/inspections/", "/registers/powers/", "/registers/penalties/", "/datasets/"):
        response = citizen.get(url, {"unit": "9" * 30, "year": "9" * 30})
        assert response.status_code == 200, url
