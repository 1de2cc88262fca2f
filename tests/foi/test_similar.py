"""Similar requests (issue 21, item 5): an application's page shows the unit's earlier ones asking for much
the same (the same applicant's flagged as a possible 重复申请); the office sees what three or more
applicants asked for, a candidate for proactive disclosure."""

import datetime as dt

import pytest

from gongkai.core import idcard
from tests.conftest import api_client, logged_in

pytestmark = pytest.mark.django_db

ROAD = "2023年兰山区某路段拓宽工程的征收补偿方案"


def person(n: int) -> dict:
    first17 = f"37130219800101{n:03d}"  # region, birth date, sequence: 17 digits
    return {"id_number": first17 + idcard.check_character(first17), "applicant_name": f"申请人{n}"}


@pytest.fixture
def road(tree, lodge):
    day = dt.date(2026, 3, 2)
    made = [
        lodge(day, description=ROAD, **person(1)),
        lodge(
            day + dt.timedelta(days=7),
            description="申请公开兰山区某路段拓宽工程征收补偿方案及补偿标准",
            **person(2),
        ),
        lodge(day + dt.timedelta(days=14), description="兰山区某路段拓宽工程征收补偿方案", **person(3)),
        lodge(day + dt.timedelta(days=21), description="兰山区某路段拓宽工程的征收补偿方案", **person(1)),
    ]
    lodge(day, description="临沂市2024年城市供暖价格调整的成本监审报告", **person(4))
    lodge(day, unit=tree.dept_b, description=ROAD, **person(5))  # another unit's: never mixed in
    return made


def test_an_application_shows_the_units_similar_ones_and_flags_the_same_applicant(road, editor_a):
    first, second, third, again = road
    page = logged_in(editor_a).get(f"/manage/foi/{again.pk}/").text
    assert "相似的申请" in page and "可能属于重复申请" in page
    found = api_client(editor_a).get(f"/api/v1/staff/foi/applications/{again.pk}/similar").json()
    assert found[0]["tracking_code"] == first.tracking_code and found[0]["same_applicant"]
    assert {f["tracking_code"] for f in found} == {
        first.tracking_code,
        second.tracking_code,
        third.tracking_code,
    }
    assert not any(f["same_applicant"] for f in found[1:])
    assert "供暖" not in str(found)


def test_the_office_sees_information_asked_for_by_three_or_more_applicants(road, editor_a, editor_b):
    groups = api_client(editor_a).get("/api/v1/staff/foi/frequent").json()
    (group,) = groups
    assert group["applicants"] == 3 and len(group["applications"]) == 4  # one applicant asked twice
    assert group["description"] == ROAD
    page = logged_in(editor_a).get("/manage/foi/frequent/").text
    assert "3个申请人" in page and "4件申请" in page
    assert api_client(editor_b).get("/api/v1/staff/foi/frequent").json() == []  # one applicant there
