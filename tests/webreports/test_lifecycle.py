"""The lifecycle table walked whole, publication's checks, security checks and who may act."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.webreports import services
from gongkai.webreports.models import CheckKind, ReportStatus, SecurityCheck, WebsiteReport

from .conftest import YEAR

STATES = [ReportStatus.DRAFT, ReportStatus.REVIEWED, ReportStatus.PUBLISHED]


@pytest.mark.parametrize("action", sorted(services.TRANSITIONS))
@pytest.mark.parametrize("state", STATES)
def test_every_action_from_every_state(portals, office, action, state):
    report = WebsiteReport.objects.create(site=portals.city, year=YEAR, status=state)
    allowed, to = services.TRANSITIONS[action]
    events = AuditEvent.objects.count()
    if state in allowed:
        moved = services.transition(actor=office, report=report, action=action)
        assert moved.status == to
        assert AuditEvent.objects.filter(action__startswith="webreports.report.").latest(
            "seq"
        ).object_id == str(report.pk)
    else:
        with pytest.raises(ValidationError):
            services.transition(actor=office, report=report, action=action)
        assert WebsiteReport.objects.get(pk=report.pk).status == state
        assert AuditEvent.objects.count() == events


def test_publication_freezes_rows_and_is_audited(portals, office):
    report = services.open_report(actor=office, site=portals.city, year=YEAR)
    services.transition(actor=office, report=report, action="review")
    published = services.transition(actor=office, report=report, action="publish")
    assert published.published_at is not None and published.published_by == office
    assert [r["key"] for r in published.rows][:3] == ["site_name", "home_url", "organizer"]
    event = AuditEvent.objects.get(action="webreports.report.published")
    assert event.changes["status"] == ["reviewed", "published"]


def test_this_years_report_cannot_be_published_before_the_year_ends(portals, office):
    report = WebsiteReport.objects.create(site=portals.city, year=2026, status=ReportStatus.REVIEWED)
    with pytest.raises(ValidationError):
        services.transition(actor=office, report=report, action="publish", today=dt.date(2026, 12, 31))
    moved = services.transition(actor=office, report=report, action="publish", today=dt.date(2027, 1, 2))
    assert moved.status == ReportStatus.PUBLISHED


def test_entered_fields_only_in_a_draft(portals, office):
    report = services.open_report(actor=office, site=portals.city, year=YEAR)
    services.save_entered(actor=office, report=report, values={"media_comments": 3, "unit_head": "刘某"})
    assert WebsiteReport.objects.get(pk=report.pk).media_comments == 3
    with pytest.raises(ValidationError):
        services.save_entered(actor=office, report=report, values={"rows": []})
    services.transition(actor=office, report=report, action="review")
    with pytest.raises(ValidationError):
        services.save_entered(actor=office, report=report, values={"media_comments": 5})
    assert WebsiteReport.objects.get(pk=report.pk).media_comments == 3


def test_staff_without_supervise_cannot_act(portals, editor_a, admin_a, county_office):
    with pytest.raises(PermissionDenied):
        services.open_report(actor=editor_a, site=portals.city, year=YEAR)
    with pytest.raises(PermissionDenied):
        services.open_report(actor=admin_a, site=portals.city, year=YEAR)
    with pytest.raises(PermissionDenied):  # the county's office does not reach the city's site
        services.open_report(actor=county_office, site=portals.city, year=YEAR)
    assert services.open_report(actor=county_office, site=portals.county, year=YEAR).pk
    assert not WebsiteReport.objects.filter(site=portals.city).exists()


def test_year_out_of_range_is_refused(portals, office):
    for year in (1999, 2999):
        with pytest.raises(ValidationError):
            services.open_report(actor=office, site=portals.city, year=year)


def test_security_checks_are_checked_and_closed_with_the_year(portals, office):
    with pytest.raises(ValidationError) as refused:
        services.add_security_check(
            actor=office,
            site=portals.city,
            check=SecurityCheck(checked_on=dt.date(YEAR, 3, 1), kind=CheckKind.ASSESSMENT, found=1, fixed=2),
        )
    assert "fixed" in refused.value.message_dict
    check = services.add_security_check(
        actor=office,
        site=portals.city,
        check=SecurityCheck(checked_on=dt.date(YEAR, 3, 1), kind=CheckKind.ASSESSMENT, found=2, fixed=1),
    )
    assert AuditEvent.objects.filter(action="webreports.security_check.added").count() == 1
    WebsiteReport.objects.create(site=portals.city, year=YEAR, status=ReportStatus.PUBLISHED)
    with pytest.raises(ValidationError):
        services.delete_security_check(actor=office, check=check)
    with pytest.raises(ValidationError):
        services.add_security_check(
            actor=office,
            site=portals.city,
            check=SecurityCheck(checked_on=dt.date(YEAR, 5, 1), kind=CheckKind.DRILL),
        )
    assert SecurityCheck.objects.count() == 1
