"""Core services take an explicit actor: a named system job passes and is recorded by its name, ``None`` is
refused (it no longer skips the check), and every service leaves its audit record. The back-office screens
of core records save through these services."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from gongkai.core import services
from gongkai.core.actors import system
from gongkai.core.models import ApiToken, AuditEvent, CalendarDay, CalendarYear, Organization, OrgType, User
from gongkai.core.roles import Role
from tests.audits import record_of
from tests.conftest import PASSWORD, logged_in

pytestmark = pytest.mark.django_db
JOB = system("nightly_sync")


# Organizations ---------------------------------------------------------------------------------------------


def test_only_the_system_or_a_superuser_creates_a_root_organization(tree, office):
    with pytest.raises(PermissionDenied):
        services.create_organization(
            actor=None, parent=None, name="某市人民政府", org_type=OrgType.GOVERNMENT
        )
    with pytest.raises(PermissionDenied):
        services.create_organization(
            actor=office, parent=None, name="某市人民政府", org_type=OrgType.GOVERNMENT
        )
    root = services.create_organization(
        actor=JOB, parent=None, name="某市人民政府", org_type=OrgType.GOVERNMENT
    )
    event = record_of("core.organization.created", root)
    assert event.actor is None and event.actor_name == "系统（nightly_sync）"
    assert root.path == f"/{root.pk}/"


def test_an_office_adds_an_organization_under_its_tree_and_it_is_recorded(tree, office):
    town = services.create_organization(
        actor=office, parent=tree.county, name="兰山区某镇", org_type=OrgType.TOWNSHIP
    )
    assert town.path.startswith(tree.county.path)
    assert record_of("core.organization.created", town).actor == office


def test_update_organization_refuses_no_actor_and_records_a_system_change(tree):
    with pytest.raises(PermissionDenied):
        services.update_organization(actor=None, organization=tree.dept_a, phone="0539-8120001")
    services.update_organization(actor=JOB, organization=tree.dept_a, phone="0539-8120001")
    assert Organization.objects.get(pk=tree.dept_a.pk).phone == "0539-8120001"
    assert record_of("core.organization.changed", tree.dept_a).actor_name == "系统（nightly_sync）"


# Staff -----------------------------------------------------------------------------------------------------


def test_create_and_update_staff_refuse_no_actor(tree, editor_a):
    with pytest.raises(PermissionDenied):
        services.create_staff(actor=None, username="nobody", unit=tree.dept_a, role=Role.EDITOR)
    assert not User.objects.filter(username="nobody").exists()
    with pytest.raises(PermissionDenied):
        services.update_staff(actor=None, staff=editor_a, phone="13905391234")


def test_a_system_job_creates_any_role_and_is_recorded(tree):
    staff = services.create_staff(actor=JOB, username="gkb2", unit=tree.city, role=Role.OPENNESS_OFFICE)
    assert not staff.has_usable_password()
    assert record_of("core.staff.created", staff).actor_name == "系统（nightly_sync）"
    services.update_staff(actor=JOB, staff=staff, phone="13905391234")
    assert record_of("core.staff.changed", staff).changes == {"phone": ["", "13905391234"]}


def test_a_unit_admin_cannot_grant_a_role_above_its_own(tree, admin_a):
    with pytest.raises(PermissionDenied):
        services.create_staff(actor=admin_a, username="x", unit=tree.dept_a, role=Role.OPENNESS_OFFICE)
    staff = services.create_staff(actor=admin_a, username="y", unit=tree.dept_a, role=Role.REVIEWER)
    assert record_of("core.staff.created", staff).actor == admin_a


def test_setting_a_password_takes_oneself_a_manager_or_the_system(tree, editor_a, editor_b, admin_a):
    with pytest.raises(PermissionDenied):
        services.set_staff_password(actor=None, staff=editor_a, password="another-horse-battery-7")
    with pytest.raises(PermissionDenied):
        services.set_staff_password(actor=editor_b, staff=editor_a, password="another-horse-battery-7")
    services.set_staff_password(actor=editor_a, staff=editor_a, password="another-horse-battery-7")
    services.set_staff_password(actor=admin_a, staff=editor_a, password="third-horse-battery-8")
    services.set_staff_password(actor=JOB, staff=editor_a, password="fourth-horse-battery-9")
    editor_a.refresh_from_db()
    assert editor_a.check_password("fourth-horse-battery-9")
    names = list(
        AuditEvent.objects.filter(action="core.staff.password_set", object_id=str(editor_a.pk))
        .order_by("seq")
        .values_list("actor_name", flat=True)
    )
    assert names == ["editor_a", "admin_a", "系统（nightly_sync）"]


# Tokens ----------------------------------------------------------------------------------------------------


def test_tokens_are_issued_and_revoked_by_their_owner_a_manager_or_the_system(editor_a, editor_b, admin_a):
    with pytest.raises(PermissionDenied):
        services.issue_token(actor=None, staff=editor_a)
    with pytest.raises(PermissionDenied):
        services.issue_token(actor=editor_b, staff=editor_a)
    token, raw = services.issue_token(actor=editor_a, staff=editor_a, name="脚本")
    assert raw.startswith("gk_") and record_of("core.token.issued", token).actor == editor_a
    with pytest.raises(PermissionDenied):
        services.revoke_token(actor=None, token=token)
    services.revoke_token(actor=admin_a, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert record_of("core.token.revoked", token).actor == admin_a


def test_the_issue_token_command_acts_as_a_named_job(office):
    out = io.StringIO()
    call_command("issue_token", "office", stdout=out)
    token = ApiToken.objects.get(user=office)
    assert out.getvalue().strip().startswith("gk_")
    assert record_of("core.token.issued", token).actor_name == "系统（issue_token）"


# Calendar --------------------------------------------------------------------------------------------------


def test_calendar_services_refuse_no_actor_and_an_editor(editor_a):
    for actor in (None, editor_a):
        with pytest.raises(PermissionDenied):
            services.set_calendar_day(actor=actor, date=dt.date(2027, 10, 1), kind="holiday", name="国庆节")
        with pytest.raises(PermissionDenied):
            services.set_calendar_year(actor=actor, year=2027, source="通知")
        with pytest.raises(PermissionDenied):
            services.seed_calendar_from_package(actor=actor)
    assert not CalendarDay.objects.filter(date=dt.date(2027, 10, 1)).exists()


def test_calendar_changes_by_a_system_job_are_recorded_under_its_name():
    day = services.set_calendar_day(actor=JOB, date=dt.date(2027, 10, 1), kind="holiday", name="国庆节")
    assert record_of("core.calendar.day_set", day).actor_name == "系统（nightly_sync）"
    year = services.set_calendar_year(actor=JOB, year=2027, source="国务院办公厅通知")
    assert CalendarYear.objects.get(year=2027).source == "国务院办公厅通知"
    assert record_of("core.calendar.year_set", year).changes == {"source": [None, "国务院办公厅通知"]}
    services.remove_calendar_day(actor=JOB, day=day)
    assert not CalendarDay.objects.filter(date=dt.date(2027, 10, 1)).exists()
    assert record_of("core.calendar.day_removed").changes["kind"] == ["holiday", None]


def test_the_seed_calendar_command_acts_as_a_named_job():
    CalendarDay.objects.filter(date__year=2025).delete()  # a year the package covers, missing here
    call_command("seed_calendar", stdout=io.StringIO())
    assert CalendarDay.objects.filter(date__year=2025).exists()
    assert record_of("core.calendar.seeded").actor_name == "系统（seed_calendar）"


def test_the_demo_loader_acts_as_load_demo():
    from gongkai.core.demo import load_demo

    load_demo()
    city = Organization.objects.get(name="临沂市人民政府")
    assert record_of("core.organization.created", city).actor_name == "系统（load_demo）"
    admin = User.objects.get(username="admin")
    assert record_of("core.staff.created", admin).actor_name == "系统（load_demo）"


# The back office -------------------------------------------------------------------------------------------


def test_an_organization_added_and_changed_in_the_back_office_is_recorded(tree, office):
    client = logged_in(office)
    form = {"name": "临沂市数据局", "short_name": "市数据局", "org_type": "department", "credit_code": "",
            "parent": tree.city.pk, "sort_order": 50, "address": "", "phone": "", "office_hours": "",
            "description": "", "aliases": "[]", "is_active": "on"}  # fmt: skip
    assert client.post("/manage/admin/core/organization/add/", form).status_code == 302
    created = Organization.objects.get(name="临沂市数据局")
    assert created.path == f"{tree.city.path}{created.pk}/"
    assert record_of("core.organization.created", created).actor == office
    form["address"] = "临沂市北城新区"
    assert client.post(f"/manage/admin/core/organization/{created.pk}/change/", form).status_code == 302
    assert record_of("core.organization.changed", created).changes == {"address": ["", "临沂市北城新区"]}


def test_a_staff_account_added_in_the_back_office_is_recorded(tree, admin_a):
    form = {"username": "fgw_reviewer", "full_name": "审核员", "unit": tree.dept_a.pk, "role": "reviewer", "phone": "",
            "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD}  # fmt: skip
    assert logged_in(admin_a).post("/manage/admin/core/user/add/", form).status_code == 302
    staff = User.objects.get(username="fgw_reviewer")
    assert staff.check_password(PASSWORD) and staff.role == Role.REVIEWER
    assert record_of("core.staff.created", staff).actor == admin_a


def test_a_calendar_day_deleted_in_the_back_office_is_recorded(office):
    day = services.set_calendar_day(actor=office, date=dt.date(2027, 10, 1), kind="holiday", name="国庆节")
    pk = day.pk
    response = logged_in(office).post(f"/manage/admin/core/calendarday/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=pk).exists()
    assert record_of("core.calendar.day_removed").actor == office
