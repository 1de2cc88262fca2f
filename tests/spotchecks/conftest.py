"""A unit (市发展改革委, ``tree.dept_a``) with two matters, 12 entities (10 its own, 2 shared) and 4 inspectors, and
a draft plan drawing 3 of them with 2 inspectors each."""

import datetime as dt

import pytest

from gongkai.core.actors import system
from gongkai.core.uscc import make_code
from gongkai.spotchecks import services
from gongkai.spotchecks.models import Entity, InspectionMatter, Inspector, Plan

SYSTEM = system("tests")


def code(n: int) -> str:
    return make_code("9", "1", "371302", f"{n + 70000000:08d}")


@pytest.fixture
def unit_a(tree):
    unit = tree.dept_a
    for n in range(10):
        services.save_entity(actor=SYSTEM, entity=Entity(unit=unit, name=f"临沂测试商贸有限公司{n:02d}",
                                                         credit_code=code(n), industry="批发和零售业"))  # fmt: skip
    for n in range(10, 12):
        services.save_entity(
            actor=SYSTEM, entity=Entity(unit=None, name=f"共享名录企业{n}", credit_code=code(n))
        )
    for n in range(4):
        services.save_inspector(actor=SYSTEM, inspector=Inspector(unit=unit, name=f"执法员{n}",
                                                                  certificate_no=f"37130020{n:04d}"))  # fmt: skip
    return unit


@pytest.fixture
def matters(unit_a):
    return [
        services.save_matter(
            actor=SYSTEM,
            matter=InspectionMatter(
                unit=unit_a, code=f"FG-{n}", name=name, basis="《价格法》第三十四条", scope="经营者"
            ),
        )
        for n, name in enumerate(["明码标价检查", "收费行为检查"])
    ]


@pytest.fixture
def plan(unit_a, matters):
    return services.save_plan(actor=SYSTEM, matters=matters, plan=Plan(
        unit=unit_a, title="2026年价格收费双随机抽查计划", year=2026, starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 4, 30), entity_count=3, inspectors_per_entity=2,
    ))  # fmt: skip
