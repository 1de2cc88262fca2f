"""The public pages, downloads and the API: only published reports, only the request's site's; a draft for
the managing office's token."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from gongkai.core import documents
from gongkai.webreports import services
from gongkai.webreports.models import WebsiteReport

from ..conftest import api_client
from .conftest import COUNTY_HOST, YEAR


@pytest.fixture
def published(portals, office):
    report = services.open_report(actor=office, site=portals.city, year=YEAR)
    services.save_entered(actor=office, report=report, values={"unit_head": "刘某某", "media_comments": 4})
    services.transition(actor=office, report=report, action="review")
    return services.transition(actor=office, report=report, action="publish")


def test_index_and_report_page(published, citizen):
    page = citizen.get("/website-reports/")
    assert page.status_code == 200 and published.title in page.text
    page = citizen.get(f"/website-reports/{YEAR}/")
    assert page.status_code == 200
    for label in (
        "网站名称",
        "独立用户访问总量（单位：个）",
        "政务动态信息更新量",
        "是否明确网站安全责任人",
        "刘某某",
    ):
        assert label in page.text


def test_drafts_and_other_sites_are_not_public(portals, published, office, citizen):
    services.open_report(actor=office, site=portals.city, year=YEAR - 1)
    assert citizen.get(f"/website-reports/{YEAR - 1}/").status_code == 404
    county = Client(HTTP_HOST=COUNTY_HOST)
    assert county.get(f"/website-reports/{YEAR}/").status_code == 404
    assert published.title not in county.get("/website-reports/").text
    assert citizen.get("/website-reports/99999999999999999999/").status_code == 404
    assert citizen.get(f"/website-reports/{YEAR}/report.docx").status_code == 404


def test_xlsx_holds_the_rows(published, citizen):
    from openpyxl import load_workbook

    response = citizen.get(f"/website-reports/{YEAR}/report.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {(row[2], row[3]) for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert ("单位负责人", "刘某某") in cells
    labels = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert labels[0] == "网站名称" and "独立用户访问总量（单位：个）" in labels and labels[-1] == "填报日期"
    assert ("媒体评论文章数量（单位：篇）", "4") in cells


@pytest.mark.skipif(not documents.chinese_font_available(), reason="no Chinese font for the PDF")
def test_pdf_holds_the_rows(published, citizen):
    from pypdf import PdfReader

    response = citizen.get(f"/website-reports/{YEAR}/report.pdf")
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for label in ("网站名称", "政务动态信息更新量", "安全检测评估次数", "刘某某"):
        assert label in text


def test_api_answers_a_published_report(published, citizen):
    body = citizen.get(f"/api/v1/website-reports/{published.site_id}/{YEAR}").json()
    assert body["status"] == "published" and body["year"] == YEAR and body["site"] == "临沂市人民政府"
    rows = {r["key"]: r for r in body["rows"]}
    assert rows["unit_head"]["value"] == "刘某某"
    assert rows["visitors"]["label"] == "独立用户访问总量" and rows["visitors"]["unit"] == "个"
    assert rows["search_service"]["value"] is True
    assert body["rows"][0]["key"] == "site_name"


def test_api_shows_a_draft_only_to_the_managing_office(portals, office, editor_a, county_office, citizen):
    report = services.open_report(actor=office, site=portals.city, year=YEAR)
    url = f"/api/v1/website-reports/{report.site_id}/{YEAR}"
    assert citizen.get(url).status_code == 404
    assert citizen.get(url).json()["error"]["code"] == "not_found"
    assert api_client(editor_a).get(url).status_code == 404
    assert api_client(county_office).get(url).status_code == 404
    body = api_client(office).get(url).json()
    assert body["status"] == "draft" and body["published_at"] is None
    assert citizen.get(f"/api/v1/website-reports/{report.site_id}/1900").status_code == 422
    assert citizen.get(f"/api/v1/website-reports/99999999999/{YEAR}").status_code == 422
    assert citizen.get(f"/api/v1/website-reports/9999/{YEAR}").status_code == 404
    assert WebsiteReport.objects.get(pk=report.pk).status == "draft"


def test_public_pages_query_counts_do_not_grow_with_years(
    portals, office, citizen, django_assert_max_num_queries
):
    from gongkai.webreports.models import ReportStatus

    for year in range(2018, 2025):
        WebsiteReport.objects.create(site=portals.city, year=year, status=ReportStatus.PUBLISHED, rows=[])
    citizen.get("/website-reports/")  # the site directory and sessions warmed
    with django_assert_max_num_queries(4):
        assert citizen.get("/website-reports/").status_code == 200


def test_published_page_reads_the_frozen_rows_only(published, citizen, django_assert_max_num_queries):
    citizen.get(f"/website-reports/{YEAR}/")
    with django_assert_max_num_queries(4):
        assert citizen.get(f"/website-reports/{YEAR}/").status_code == 200
