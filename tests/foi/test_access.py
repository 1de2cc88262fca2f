"""Who reaches an application or an appeal: each branch of foi/access.py. Out of reach is 404 (existence
not revealed), within reach without the right to act 403."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.core.actors import SYSTEM
from gongkai.core.models import User
from gongkai.core.roles import Role
from gongkai.foi import access, services
from gongkai.foi.models import Appeal
from tests.conftest import _staff
from tests.foi.conftest import DESK

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(lodge):
    return lodge(dt.date(2024, 3, 1))


@pytest.fixture
def appeal(application):
    return services.save_appeal(
        actor=DESK,
        appeal=Appeal(
            application=application,
            kind=Appeal.Kind.REVIEW,
            filed_on=dt.date(2024, 5, 6),
            body="临沂市人民政府",
        ),
    )


@pytest.fixture
def viewer_a(tree):
    """A staff member of dept_a whose role was taken away (the field may be blank): reaches the unit, holds
    no capability. Every role grants content editing, so only such an account meets the 403 branch."""
    viewer = _staff("viewer_a", tree.dept_a, Role.EDITOR)
    User.objects.filter(pk=viewer.pk).update(role="")
    viewer.refresh_from_db()
    return viewer


HELPERS = [
    pytest.param(access.get_application_for_user, "application", id="application"),
    pytest.param(access.get_appeal_for_user, "appeal", id="appeal"),
]


@pytest.mark.parametrize(("get", "record"), HELPERS)
def test_the_handling_unit_reads_and_writes_its_own(request, editor_a, get, record):
    obj = request.getfixturevalue(record)
    assert get(editor_a, obj.pk) == obj
    assert get(editor_a, obj.pk, write=True) == obj


@pytest.mark.parametrize(("get", "record"), HELPERS)
def test_another_unit_gets_404(request, editor_b, get, record):
    obj = request.getfixturevalue(record)
    with pytest.raises(Http404):
        get(editor_b, obj.pk)
    with pytest.raises(Http404):
        get(editor_b, obj.pk, write=True)


@pytest.mark.parametrize(("get", "record"), HELPERS)
def test_staff_without_the_capability_read_but_get_403_to_write(request, viewer_a, get, record):
    obj = request.getfixturevalue(record)
    assert get(viewer_a, obj.pk) == obj
    with pytest.raises(PermissionDenied):
        get(viewer_a, obj.pk, write=True)


@pytest.mark.parametrize(("get", "record"), HELPERS)
def test_the_office_above_reaches_it(request, office, county_office, get, record):
    obj = request.getfixturevalue(record)
    assert get(office, obj.pk, write=True) == obj
    with pytest.raises(Http404):  # the county's office supervises the county, not the city's departments
        get(county_office, obj.pk)


@pytest.mark.parametrize(("get", "record"), HELPERS)
def test_the_system_reaches_everything(request, get, record):
    obj = request.getfixturevalue(record)
    assert get(SYSTEM, obj.pk, write=True) == obj


@pytest.mark.parametrize(("get", "record"), HELPERS)
def test_no_actor_reaches_nothing(request, get, record):
    obj = request.getfixturevalue(record)
    with pytest.raises(Http404):
        get(None, obj.pk)


def test_a_missing_row_is_404(editor_a, application):
    with pytest.raises(Http404):
        access.get_application_for_user(editor_a, application.pk + 1000)


def test_lists_hold_what_each_actor_reaches(tree, lodge, editor_a, editor_b, office, appeal):
    theirs = lodge(dt.date(2024, 3, 1), unit=tree.dept_b)
    ours = appeal.application
    assert list(access.applications_for(editor_a)) == [ours]
    assert list(access.applications_for(editor_b)) == [theirs]
    assert set(access.applications_for(office)) == {ours, theirs}
    assert set(access.applications_for(SYSTEM)) == {ours, theirs}
    assert not access.applications_for(None).exists()
    assert list(access.appeals_for(editor_a)) == [appeal]
    assert not access.appeals_for(editor_b).exists()
    assert list(access.appeals_for(office)) == [appeal]
    assert not access.appeals_for(None).exists()
