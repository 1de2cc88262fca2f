"""Who reaches which policy record: every branch of ``policy/access.py``.

Interpretations and profiles are written by the unit's editors, register entries and clean-ups by its
reviewers, issuing bodies by the openness office; another unit's staff get 404, ``None`` reaches nothing,
a named system job reaches everything.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.core.actors import system
from gongkai.core.roles import Role
from gongkai.policy import access, services
from gongkai.policy.models import Cleanup, Form, IssuingBody, PolicyProfile
from tests.conftest import _staff
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(catalogs, editor_a):
    return make_item(
        catalogs.dept_a, actor=editor_a, title="临沂市发展和改革委员会关于促进民营经济发展的若干措施"
    )


@pytest.fixture
def link(catalogs, policy, editor_a):
    explainer = make_item(catalogs.dept_a, actor=editor_a, title="政策解读", doc_number="",
                          columns=[column(catalogs.dept_a, "interpretation")])  # fmt: skip
    return services.link_interpretation(actor=editor_a, policy=policy, item=explainer, form=Form.TEXT)


@pytest.fixture
def profile(policy, editor_a):
    return services.set_needs_interpretation(actor=editor_a, item=policy, needed=True)


@pytest.fixture
def body(catalogs):
    return IssuingBody.objects.create(organization=catalogs.dept_a, basis="制发主体清单")


@pytest.fixture
def entry(catalogs, editor_a, reviewer_a, body):
    item = publish(
        make_item(catalogs.dept_a, actor=editor_a, title="价格监督检查办法", genre="办法"),
        editor_a,
        reviewer_a,
    )
    return services.register(actor=reviewer_a, item=item, issuing_body=body, review_unit="临沂市司法局",
                             reviewed_on=dt.date(2024, 2, 20))  # fmt: skip


@pytest.fixture
def cleanup(catalogs):
    return Cleanup.objects.create(title="2026年清理", unit=catalogs.dept_a, year=2026)


@pytest.fixture
def reviewer_b(tree):
    return _staff("reviewer_b", tree.dept_b, Role.REVIEWER)


# Interpretations and profiles: an editor of the unit writes ------------------------------------------------


def test_an_editor_of_the_unit_writes_interpretations_and_profiles(link, profile, editor_a):
    assert access.get_interpretation_for_user(editor_a, link.pk, write=True) == link
    assert access.get_profile_for_user(editor_a, profile.pk, write=True) == profile
    assert list(access.interpretations_for(editor_a)) == [link]
    assert list(access.profiles_for(editor_a)) == [profile]


def test_another_units_staff_get_not_found_for_interpretations_and_profiles(link, profile, reviewer_b):
    with pytest.raises(Http404):
        access.get_interpretation_for_user(reviewer_b, link.pk)
    with pytest.raises(Http404):
        access.get_profile_for_user(reviewer_b, profile.pk)
    assert not access.interpretations_for(reviewer_b).exists()


def test_the_office_above_and_a_system_job_write_interpretations(link, profile, office):
    assert access.get_interpretation_for_user(office, link.pk, write=True) == link
    assert access.get_profile_for_user(system("load_demo"), profile.pk, write=True) == profile


def test_no_actor_reaches_no_interpretation_or_profile(link, profile):
    with pytest.raises(Http404):
        access.get_interpretation_for_user(None, link.pk)
    with pytest.raises(Http404):
        access.get_profile_for_user(None, profile.pk)


# Register entries and clean-ups: a reviewer of the unit writes ---------------------------------------------


def test_a_reviewer_of_the_unit_writes_entries_and_cleanups(entry, cleanup, reviewer_a):
    assert access.get_entry_for_user(reviewer_a, entry.pk, write=True) == entry
    assert access.get_cleanup_for_user(reviewer_a, cleanup.pk, write=True) == cleanup
    assert list(access.entries_for(reviewer_a)) == [entry]
    assert list(access.cleanups_for(reviewer_a)) == [cleanup]


def test_an_editor_reads_entries_and_cleanups_but_may_not_write(entry, cleanup, editor_a):
    assert access.get_entry_for_user(editor_a, entry.pk) == entry
    with pytest.raises(PermissionDenied):
        access.get_entry_for_user(editor_a, entry.pk, write=True)
    with pytest.raises(PermissionDenied):
        access.get_cleanup_for_user(editor_a, cleanup.pk, write=True)


def test_another_units_reviewer_gets_not_found_for_entries_and_cleanups(entry, cleanup, reviewer_b):
    with pytest.raises(Http404):
        access.get_entry_for_user(reviewer_b, entry.pk)
    with pytest.raises(Http404):
        access.get_cleanup_for_user(reviewer_b, cleanup.pk)
    assert not access.decisions_for(reviewer_b).exists()


def test_the_office_above_and_a_system_job_write_entries_and_cleanups(entry, cleanup, office):
    assert access.get_entry_for_user(office, entry.pk, write=True) == entry
    assert access.get_cleanup_for_user(system("load_demo"), cleanup.pk, write=True) == cleanup


def test_no_actor_reaches_no_entry_or_cleanup(entry, cleanup):
    with pytest.raises(Http404):
        access.get_entry_for_user(None, entry.pk)
    with pytest.raises(Http404):
        access.get_cleanup_for_user(None, cleanup.pk)


def test_a_published_cleanup_is_written_by_nobody(cleanup, reviewer_a, office):
    cleanup.published_at = dt.datetime(2026, 12, 20, tzinfo=dt.UTC)
    cleanup.save()
    assert access.get_cleanup_for_user(reviewer_a, cleanup.pk) == cleanup
    with pytest.raises(PermissionDenied):
        access.get_cleanup_for_user(office, cleanup.pk, write=True)
    assert not access.may_change_cleanup(office, cleanup)


# Issuing bodies: every staff member reads, the office writes -----------------------------------------------


def test_every_staff_member_reads_the_issuing_bodies_and_only_the_office_writes(
    body, editor_a, reviewer_b, office
):
    assert access.get_issuing_body_for_user(reviewer_b, body.pk) == body
    with pytest.raises(PermissionDenied):
        access.get_issuing_body_for_user(editor_a, body.pk, write=True)
    assert access.get_issuing_body_for_user(office, body.pk, write=True) == body
    assert access.get_issuing_body_for_user(system("load_demo"), body.pk, write=True) == body
    with pytest.raises(Http404):
        access.get_issuing_body_for_user(None, body.pk)
    assert not access.issuing_bodies_for(None).exists()


def test_the_capability_questions(catalogs, editor_a, reviewer_a, office):
    assert access.may_edit(editor_a, catalogs.dept_a) and not access.may_edit(editor_a, catalogs.dept_b)
    assert access.may_review(reviewer_a, catalogs.dept_a) and not access.may_review(editor_a, catalogs.dept_a)
    assert access.may_supervise(office) and not access.may_supervise(reviewer_a)
    assert not access.may_view(None) and access.may_view(system("load_demo"))
    assert PolicyProfile.objects.count() == 0
