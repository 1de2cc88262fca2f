"""The public pages (list, dataset with its chart, release, downloads, RSS) and the API contracts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.datasets.models import Release
from tests.audits import record_of
from tests.conftest import api_client

from .conftest import GOOD_CSV, HEADER, csv_bytes

pytestmark = pytest.mark.django_db

NOV_20 = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def test_the_dataset_page_shows_the_latest_table_and_a_chart_with_the_counties_ranked(published, citizen):
    page = citizen.get(published.dataset.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<h1") == 1
    assert 'role="img"' in html and '<title id="chart-title">2026年10月综合指数排名</title>' in html
    assert "按综合指数由低到高排列（数值越小越好），共5项：第1名河东区（3.98），末位罗庄区（5.10）" in html
    ranked = [html.index(f"{n}. {name}</text>") for n, name in
              [(1, "河东区"), (2, "沂南县"), (3, "兰山区"), (4, "费县"), (5, "罗庄区")]]  # fmt: skip
    assert ranked == sorted(ranked)
    assert '<th scope="col">PM2.5（μg/m³）</th>' in html
    assert '<td data-label="PM2.5（μg/m³）">33.5</td>' in html
    assert "每月数据于下一月第10个工作日前发布" in html


def test_the_release_page_and_the_list_page_render(published, citizen):
    page = citizen.get(f"/datasets/{published.dataset_id}/releases/2026-10/")
    assert page.status_code == 200
    assert "全市环境空气质量状况及县区排名（2026年10月）" in page.content.decode()
    listing = citizen.get("/datasets/").content.decode()
    assert "全市环境空气质量状况及县区排名" in listing and "2026年10月" in listing
    assert citizen.get(f"/datasets/{published.dataset_id}/releases/2026-99/").status_code == 404
    assert citizen.get("/datasets/999999/").status_code == 404


def test_a_dataset_without_releases_says_so(dataset, citizen):
    assert "本数据集尚未发布数据。" in citizen.get(dataset.get_absolute_url()).content.decode()


def test_the_csv_download_matches_the_rows(published, citizen):
    response = citizen.get(f"/datasets/{published.dataset_id}/releases/2026-10/download.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["县区", "综合指数", "PM2.5（μg/m³）", "监测日期"]
    assert rows[1:] == published.rows


def test_the_xlsx_download_matches_the_rows_with_numbers_as_numbers(published, citizen):
    from openpyxl import load_workbook

    response = citizen.get(f"/datasets/{published.dataset_id}/releases/2026-10/download.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["县区", "综合指数", "PM2.5（μg/m³）", "监测日期"]
    assert [r[0] for r in rows[1:]] == [r[0] for r in published.rows]
    assert [Decimal(str(r[1])) for r in rows[1:]] == [Decimal(r[1]) for r in published.rows]
    assert citizen.get(f"/datasets/{published.dataset_id}/releases/2026-10/download.pdf").status_code == 404


def test_the_rss_feeds_list_the_release(published, citizen):
    for url in ("/datasets/rss/", f"/datasets/{published.dataset_id}/rss/"):
        feed = citizen.get(url).content.decode()
        assert "全市环境空气质量状况及县区排名（2026年10月）" in feed
        assert f"/datasets/{published.dataset_id}/releases/2026-10/" in feed


def test_the_api_lists_datasets_with_their_latest_period_next_due_and_lateness(published, citizen):
    with time_machine.travel(NOV_20, tick=False):
        body = citizen.get("/api/v1/datasets").json()
    assert body["count"] == 1 and body["page"] == 1
    item = body["items"][0]
    assert set(item) == {"id", "title", "unit", "frequency", "columns", "latest_period", "next_due", "late"}
    assert item["unit"] == "临沂市发展和改革委员会" and item["frequency"] == "monthly"
    assert item["columns"][2] == {"name": "PM2.5", "type": "number", "unit": "μg/m³", "required": True}
    assert item["latest_period"] == "2026-10"
    # June to September were never released: late; November's release is the next due.
    assert item["late"] is True
    assert item["next_due"] == "2026-12-14"


def test_the_api_lists_a_datasets_releases_newest_first_with_download_links(published, citizen):
    body = citizen.get(f"/api/v1/datasets/{published.dataset_id}/releases").json()
    assert body["count"] == 1
    release = body["items"][0]
    assert release["period"] == "2026-10" and release["rows"][0] == ["兰山区", "4.52", "38", "2026-10-31"]
    assert release["downloads"] == {
        "csv": f"/datasets/{published.dataset_id}/releases/2026-10/download.csv",
        "xlsx": f"/datasets/{published.dataset_id}/releases/2026-10/download.xlsx",
    }
    assert set(release) == {"period", "published_at", "rows", "downloads", "url"}
    assert citizen.get("/api/v1/datasets/999999/releases").status_code == 404


def _upload(user, dataset, data: bytes, period: str = "2026-10"):
    return api_client(user).post(
        f"/api/v1/staff/datasets/{dataset.pk}/releases",
        {"period": period, "file": SimpleUploadedFile("air.csv", data, content_type="text/csv")},
    )


def test_staff_publish_a_release_through_the_api(dataset, editor_a):
    with time_machine.travel(NOV_20, tick=False):
        response = _upload(editor_a, dataset, GOOD_CSV)
    assert response.status_code == 201, response.content
    assert response.json()["period"] == "2026-10"
    release = Release.objects.get()
    assert release.published_by == editor_a
    assert record_of("datasets.release.published", release).actor == editor_a


def test_a_bad_upload_through_the_api_is_a_chinese_422_with_the_row_report(dataset, editor_a):
    with time_machine.travel(NOV_20, tick=False):
        response = _upload(editor_a, dataset, csv_bytes(HEADER, "兰山区,很好,38,"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message"] == "提交的数据不正确，请检查后重试。"
    assert "第2行“综合指数”：应为数值" in error["fields"]["file"]
    assert not Release.objects.exists()
    with time_machine.travel(NOV_20, tick=False):
        future = _upload(editor_a, dataset, GOOD_CSV, period="2026-12")
    assert future.status_code == 422 and "尚未结束" in future.json()["error"]["fields"]["period"]


def test_another_units_staff_cannot_upload(dataset, editor_b, office):
    with time_machine.travel(NOV_20, tick=False):
        assert _upload(editor_b, dataset, GOOD_CSV).status_code == 404
    assert not Release.objects.exists()
    with time_machine.travel(NOV_20, tick=False):
        assert _upload(office, dataset, GOOD_CSV).status_code == 201  # the office above the unit may


def test_past_releases_say_whether_each_was_on_time(dataset, citizen):
    from gongkai.core.actors import system
    from gongkai.datasets import services

    late_at = dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC)  # October was due on 13 November
    services.publish_release(actor=system("test"), dataset=dataset, period="2026-10", name="a.csv", data=GOOD_CSV,
                             today=dt.date(2026, 11, 20), published_at=late_at)  # fmt: skip
    html = citizen.get(dataset.get_absolute_url()).content.decode()
    assert "逾期发布" in html and "应于2026年11月13日前" in html
