"""Spec §1.9: the reconsideration organ of each kind of unit, worked out from the demo's tree, and the two
wordings of the remedies (reconsideration first, or either)."""

import pytest

from gongkai.core.models import Organization
from gongkai.foi import remedies
from gongkai.foi.models import Outcome, ProcedureSettings
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db

ORGANS = [
    ("临沂市发展和改革委员会", "临沂市人民政府"),  # a department → its government
    ("临沂市人民政府", "山东省人民政府"),  # a government → the next level up (set on the top of the tree)
    ("临沂市兰山区人民政府", "临沂市人民政府"),  # a county → the city
    ("兰山街道办事处", "临沂市兰山区人民政府"),  # a street office → the government that set it up
    ("临沂高新技术产业开发区管理委员会", "临沂市人民政府"),  # a development zone → likewise
    ("临沂市人民政府办公室", "临沂市人民政府"),
    ("临沂市政务公开办公室", "临沂市人民政府"),
    ("中国人民银行临沂市中心支行", "中国人民银行山东省分行"),  # vertically managed: configured
]


@pytest.mark.parametrize(("unit", "organ"), ORGANS)
def test_the_reconsideration_organ_follows_the_tree(demo, unit, organ):
    assert remedies.organ_for(Organization.objects.get(name=unit)) == organ


def test_a_top_government_without_a_setting_names_the_next_level_generically(demo):
    city = Organization.objects.get(name="临沂市人民政府")
    city.reconsideration_organ = ""
    assert remedies.organ_for(city) == "上一级人民政府"


def test_a_refusal_says_reconsideration_comes_first(demo):
    unit = Organization.objects.get(name="临沂市发展和改革委员会")
    found = remedies.for_decision(unit, Outcome.DENIED_PROCESS_INFO)
    assert found.prior_review
    assert found.sentence == (
        "可自收到本告知书之日起六十日内向临沂市人民政府申请行政复议；对行政复议决定不服的，"
        "可以依法向人民法院提起行政诉讼。"
    )


@pytest.mark.parametrize("outcome", [Outcome.GRANTED, Outcome.UNABLE_NOT_HELD, Outcome.NP_DUPLICATE, None])
def test_other_decisions_leave_the_choice(demo, outcome):
    unit = Organization.objects.get(name="临沂市发展和改革委员会")
    found = remedies.for_decision(unit, outcome)
    assert not found.prior_review
    assert found.sentence == (
        "可自收到本告知书之日起六十日内向临沂市人民政府申请行政复议，"
        "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
    )


def test_the_office_decides_which_outcomes_carry_reconsideration_first(demo):
    settings = ProcedureSettings.current()
    assert Outcome.PARTIAL in settings.prior_review_outcomes
    assert Outcome.UNABLE_NOT_HELD not in settings.prior_review_outcomes
    settings.prior_review_outcomes = [*settings.prior_review_outcomes, Outcome.UNABLE_NOT_HELD]
    settings.save()
    unit = Organization.objects.get(name="临沂高新技术产业开发区管理委员会")
    assert remedies.for_decision(unit, Outcome.UNABLE_NOT_HELD).prior_review
    assert not remedies.for_decision(unit, Outcome.GRANTED).prior_review
