"""The demo makes every public page real (issue 18, item 8): contact data, functions, leaders and a 制度 for
every unit, annual reports 2019-2025 computed from seeded applications, policies with their interpretations,
news on both portals, and no empty standard column of the city government."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from gongkai.core.models import Leader, Organization
from gongkai.policy.models import Form, Interpretation
from gongkai.publishing.demo_content import MODULE_FILLED
from gongkai.publishing.models import Column, InformationItem
from gongkai.reports import services as report_services
from gongkai.reports.demo import HISTORY_UNITS
from gongkai.reports.models import AnnualReport, ReportStatus
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db

LANSHAN = "http://lanshan.localhost"


def published(queryset):
    return queryset.filter(status="published")


def test_every_unit_has_contact_data_functions_and_leaders(demo):
    units = Organization.objects.active()
    assert units.count() >= 64
    for unit in units:
        for field in (
            "address",
            "phone",
            "office_hours",
            "postcode",
            "fax",
            "email",
            "foi_office",
            "description",
        ):
            assert getattr(unit, field), f"{unit.name} has no {field}"
        unit.full_clean()  # the phone validator and the e-mail field accept the demo's numbers
        assert unit.leaders.filter(is_active=True).count() >= 1, f"{unit.name} has no leaders"


def test_every_unit_has_a_published_rules_document(demo):
    with_rules = set(
        published(InformationItem.objects.filter(columns__code="xxgk-rules")).values_list("unit", flat=True)
    )
    missing = [u.name for u in Organization.objects.active() if u.pk not in with_rules]
    assert not missing


def test_reports_list_seven_years_of_the_city_and_five_units_all_passing_the_checks(demo, client):
    years = range(2019, 2026)
    reports = AnnualReport.objects.filter(status=ReportStatus.PUBLISHED, year__in=years)
    full = [short for short in HISTORY_UNITS if reports.filter(unit__short_name=short).count() == len(years)]
    assert "市政府" in full and "兰山区" in full and len(full) >= 6
    pages = {  # each portal lists its own units' reports: the city's on localhost, 兰山区's on its host
        host: client.get(reverse("reports:index"), headers={"host": host}).content.decode()
        for host in ("localhost", "lanshan.localhost")
    }
    for report in reports.filter(unit__short_name__in=full).select_related("unit"):
        page = pages["lanshan.localhost" if report.unit.short_name == "兰山区" else "localhost"]
        assert report.get_absolute_url() in page or report.item.get_absolute_url() in page
        assert report_services.problems_for(report) == [], report
        t3 = report.tables["t3"]
        assert t3["new_received"]["total"] > 0  # the figures come from applications, not from nothing
    city = reports.filter(unit__short_name="市政府")
    assert sum(r.tables["t3"]["carried_forward"]["total"] for r in city) > 0  # a year's 结转 is real


def test_every_standard_column_of_the_city_government_has_items_or_is_filled_by_its_module(demo):
    city = Organization.objects.get(name="临沂市人民政府")
    empty = []
    for column in Column.objects.filter(unit=city, is_active=True):
        if column.code in MODULE_FILLED or column.children.exists():
            continue
        if not published(column.items.all()).exists():
            empty.append(column.name)
    assert not empty


def test_policies_have_valid_interpretations_and_a_graphic_one_has_a_picture(demo):
    interpretations = Interpretation.objects.filter(policy__validity="valid", item__status="published")
    assert interpretations.values("policy").distinct().count() >= 5
    assert interpretations.filter(policy__unit__short_name="兰山区").exists()
    graphic = interpretations.filter(form=Form.GRAPHIC, item__attachments__kind="png")
    assert graphic.exists()


def test_the_organization_page_shows_functions_leaders_and_contact(demo, client):
    unit = Organization.objects.get(short_name="市教育局")
    leader = Leader.objects.filter(organization=unit).order_by("sort_order").first()
    page = client.get(reverse("site:organization-detail", args=[unit.pk])).content.decode()
    for text in (
        leader.name,
        leader.title,
        unit.description[:20],
        unit.address,
        unit.phone,
        unit.office_hours,
    ):
        assert text in page


def test_organizations_are_scoped_to_the_portal_and_other_units_redirect_to_theirs(demo, client):
    street = Organization.objects.get(name="兰山街道办事处")
    bureau = Organization.objects.get(short_name="市教育局")
    city_list = client.get(reverse("site:organizations")).content.decode()
    assert bureau.name in city_list and street.name not in city_list
    lanshan_list = client.get(reverse("site:organizations"), HTTP_HOST="lanshan.localhost").content.decode()
    assert street.name in lanshan_list and bureau.name not in lanshan_list

    response = client.get(reverse("site:organization-detail", args=[street.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{LANSHAN}/organizations/{street.pk}/"
    back = client.get(
        reverse("site:organization-detail", args=[bureau.pk]), HTTP_HOST="lanshan.localhost:8806"
    )
    assert back["Location"] == f"http://localhost:8806/organizations/{bureau.pk}/"


def test_both_portals_have_news_and_notices(demo):
    for name in ("临沂市人民政府", "临沂市兰山区人民政府"):
        for code, label in (("news", "要闻"), ("notices", "通知公告")):
            column = Column.objects.get(unit__name=name, code=code)
            assert column.name == label
            assert published(column.items.all()).count() >= 8, (name, code)


def test_the_county_portal_has_its_own_content(demo):
    from gongkai.interaction.models import Message
    from gongkai.participation.models import Consultation

    lanshan = Organization.objects.get(short_name="兰山区")
    units = Organization.objects.subtree(lanshan)
    assert published(InformationItem.objects.filter(unit__in=units)).count() >= 60
    assert Consultation.objects.filter(unit__in=units, is_published=True).exists()
    assert Message.objects.listed().filter(channel__unit__in=units).count() >= 4


def test_loading_the_demo_again_changes_nothing(demo):
    models = [m for m in apps.get_models() if m._meta.app_label.split(".")[-1] in APPS]
    before = {m._meta.label: m.objects.count() for m in models}
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = {m._meta.label: m.objects.count() for m in models}
    assert after == before


APPS = {"core", "sites", "publishing", "foi", "reports", "policy", "interaction", "participation", "gazette",
        "supervision"}  # fmt: skip
