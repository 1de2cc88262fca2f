"""Each access helper of annual reports, branch by branch: own unit, another unit (404), a role without the
right (403), the openness office above (allowed), a named system job (allowed), no actor (nothing)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.core.actors import system
from gongkai.reports import access
from gongkai.reports.models import AnnualReport
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db
JOB = system("test_job")


@pytest.fixture
def draft(tree):
    return AnnualReport.objects.create(unit=tree.dept_a, year=2024)


def test_the_units_staff_get_their_report_to_read_and_to_write(draft, editor_a):
    assert access.get_report_for_user(editor_a, draft.pk) == draft
    assert access.get_report_for_user(editor_a, draft.pk, write=True) == draft
    assert list(access.reports_for(editor_a)) == [draft]


def test_another_units_staff_get_404(draft, editor_b):
    for write in (False, True):
        with pytest.raises(Http404):
            access.get_report_for_user(editor_b, draft.pk, write=write)
    assert not access.reports_for(editor_b).exists()


def test_a_staff_member_without_a_role_reads_but_may_not_write(draft, roleless_a):
    assert access.get_report_for_user(roleless_a, draft.pk) == draft
    with pytest.raises(PermissionDenied):
        access.get_report_for_user(roleless_a, draft.pk, write=True)


def test_the_office_above_reaches_it_and_a_county_office_does_not(draft, office, county_office):
    assert access.get_report_for_user(office, draft.pk, write=True) == draft
    with pytest.raises(Http404):
        access.get_report_for_user(county_office, draft.pk)


def test_a_named_job_reaches_every_report_and_no_actor_none(draft):
    assert access.get_report_for_user(JOB, draft.pk, write=True) == draft
    with pytest.raises(Http404):
        access.get_report_for_user(None, draft.pk)
    assert not access.reports_for(None).exists()


def test_a_report_that_does_not_exist_is_404(draft, office):
    with pytest.raises(Http404):
        access.get_report_for_user(office, draft.pk + 100)


def test_only_an_office_or_a_job_gets_the_rollup_units(tree, office, county_office, reviewer_a):
    assert list(access.rollup_units_for(office)) == list(tree.city.__class__.objects.order_by("path"))
    assert set(access.rollup_units_for(county_office)) == {tree.county, tree.street}
    assert access.rollup_units_for(JOB).count() == 5
    for refused in (reviewer_a, None):
        with pytest.raises(PermissionDenied):
            access.rollup_units_for(refused)


def test_the_public_sees_published_reports_only(draft, tree):
    published = AnnualReport.objects.create(unit=tree.dept_b, year=2024, status="published")
    assert list(access.published_reports()) == [published]


def test_the_publish_screen_answers_404_outside_reach_and_leaves_the_report_a_draft(draft, editor_b):
    response = logged_in(editor_b).post(f"/manage/admin/reports/annualreport/{draft.pk}/publish/")
    assert response.status_code == 404
    assert AnnualReport.objects.get(pk=draft.pk).status == "draft"


def test_the_back_office_list_shows_only_reports_in_reach(draft, tree, editor_a, editor_b):
    AnnualReport.objects.create(unit=tree.dept_b, year=2024)
    page = logged_in(editor_a).get("/manage/admin/reports/annualreport/").text
    assert "临沂市发展和改革委员会" in page and "临沂市教育局" not in page
