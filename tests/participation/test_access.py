"""Who reaches which participation record: every branch of ``participation/access.py`` for every noun.

Own unit's reviewer writes; another unit's staff gets 404 (existence is not revealed); an editor of the unit
reads but may not write (403); the office above writes; a named system job writes; ``None`` reaches nothing.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.core.actors import system
from gongkai.core.roles import Role
from gongkai.participation import access
from gongkai.participation.models import (
    AttendanceApplication,
    Comment,
    Consultation,
    DecisionCatalog,
    DecisionMatter,
    Meeting,
    Proposal,
)
from tests.conftest import _staff

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))
NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=BEIJING)


def _consultation(unit):
    return Consultation.objects.create(title="临沂市城市公园管理办法（征求意见稿）", unit=unit, draft="第一条……",
                                       starts_at=NOON, ends_at=NOON + dt.timedelta(days=30))  # fmt: skip


def _catalog(unit):
    return DecisionCatalog.objects.create(unit=unit, year=2026)


def _meeting(unit):
    return Meeting.objects.create(unit=unit, kind="executive", title="第25次常务会议", held_at=NOON, place="第一会议室",
                                  agenda="研究停车收费", seats=2)  # fmt: skip


def _comment(unit):
    return Comment.objects.create(consultation=_consultation(unit), body="建议延长开放时间。")


def _matter(unit):
    return DecisionMatter.objects.create(
        catalog=_catalog(unit), order=1, title="停车收费标准调整", lead_unit=unit, planned="第三季度"
    )


def _proposal(unit):
    return Proposal.objects.create(kind="npc", year=2026, number="第1号", title="关于增设停车场的建议", authors="王某某",
                                   lead_unit=unit, assigned_on=dt.date(2026, 2, 20), deadline=dt.date(2026, 5, 20))  # fmt: skip


def _application(unit):
    return AttendanceApplication.objects.create(
        meeting=_meeting(unit), category="public", name="张伟", contact="13905391234"
    )


MAKERS = {
    "consultation": (_consultation, access.get_consultation_for_user, access.consultations_for),
    "comment": (_comment, access.get_comment_for_user, access.comments_for),
    "catalog": (_catalog, access.get_catalog_for_user, access.catalogs_for),
    "matter": (_matter, access.get_matter_for_user, access.matters_for),
    "proposal": (_proposal, access.get_proposal_for_user, access.proposals_for),
    "meeting": (_meeting, access.get_meeting_for_user, access.meetings_for),
    "application": (_application, access.get_application_for_user, access.applications_for),
}
NOUNS = sorted(MAKERS)


@pytest.fixture(params=NOUNS)
def record(request, tree):
    make, get, listing = MAKERS[request.param]
    return make(tree.dept_a), get, listing


def test_the_units_reviewer_fetches_it_to_write(record, reviewer_a):
    obj, get, listing = record
    assert get(reviewer_a, obj.pk, write=True) == obj
    assert list(listing(reviewer_a)) == [obj]


def test_another_units_reviewer_gets_not_found(record, tree):
    obj, get, listing = record
    reviewer_b = _staff("reviewer_b", tree.dept_b, Role.REVIEWER)
    with pytest.raises(Http404):
        get(reviewer_b, obj.pk)
    assert not listing(reviewer_b).exists()


def test_an_editor_of_the_unit_reads_but_may_not_write(record, editor_a):
    obj, get, _listing = record
    assert get(editor_a, obj.pk) == obj
    with pytest.raises(PermissionDenied):
        get(editor_a, obj.pk, write=True)


def test_the_office_above_writes(record, office):
    obj, get, _listing = record
    assert get(office, obj.pk, write=True) == obj


def test_a_county_office_does_not_reach_the_city_departments(record, county_office):
    obj, get, _listing = record
    with pytest.raises(Http404):
        get(county_office, obj.pk)


def test_a_named_system_job_writes(record):
    obj, get, listing = record
    assert get(system("load_demo"), obj.pk, write=True) == obj
    assert listing(system("load_demo")).filter(pk=obj.pk).exists()


def test_no_actor_reaches_nothing(record):
    obj, get, listing = record
    with pytest.raises(Http404):
        get(None, obj.pk)
    assert not listing(None).exists()


def test_may_write_answers_per_unit(tree, reviewer_a, editor_a, office):
    consultation = _consultation(tree.dept_a)
    assert access.may_write(reviewer_a, consultation)
    assert not access.may_write(editor_a, consultation)
    assert access.may_write(office, consultation)
    assert not access.may_write(None, consultation)
    assert access.may_write(system("load_demo"), consultation)
    assert access.may_assign_proposals(office) and not access.may_assign_proposals(reviewer_a)
    assert access.may_view(editor_a) and not access.may_view(None)
