"""A missing release is due on the Nth working day after its period, counted on the holiday calendar: it is on
the unit's to-do from 5 working days before, late once the day passes, and a problem in supervision's
evidence. The workspace lists, defines and uploads, refusing another unit's editor."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core import todo
from gongkai.core.actors import system
from gongkai.datasets import schedule, services
from gongkai.datasets.models import Dataset, Release
from gongkai.publishing.models import KeyArea
from gongkai.supervision import evidence
from tests.audits import record_of
from tests.conftest import logged_in

from .conftest import GOOD_CSV, HEADER, csv_bytes

pytestmark = pytest.mark.django_db


def rows_for(user, today):
    return [t for t in todo.flat_todo_for(user, today) if t.kind == "datasets.release_due"]


@pytest.fixture
def september_only(dataset):
    """June to August released; September (National Day in October) is the one owed."""
    for period, day in (("2026-06", dt.date(2026, 7, 6)), ("2026-07", dt.date(2026, 8, 6)),
                        ("2026-08", dt.date(2026, 9, 7))):  # fmt: skip
        at = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
        services.publish_release(actor=system("test"), dataset=dataset, period=period, name="a.csv", data=GOOD_CSV,
                                 today=day, published_at=at)  # fmt: skip
    dataset.starts_on = dt.date(2026, 6, 1)
    return dataset


def test_september_is_due_on_the_tenth_working_day_after_national_day(september_only):
    # 10月1-7日放假, 10月10日（周六）调休上班: the 10th working day is 20 October, not 14 October.
    state = schedule.state(september_only, dt.date(2026, 10, 9))
    assert [(e.period.code, e.due_on) for e in state.missing] == [("2026-09", dt.date(2026, 10, 20))]
    assert not state.is_late


def test_a_missing_release_is_on_the_todo_within_five_working_days_and_late_after_its_due_day(
    september_only, editor_a, editor_b
):
    assert rows_for(editor_a, dt.date(2026, 10, 9)) == []  # 7 working days left
    soon = rows_for(editor_a, dt.date(2026, 10, 13))
    assert [(t.title, t.due_on, t.working_days_left, t.urgent) for t in soon] == [
        ("全市环境空气质量状况及县区排名：2026年9月数据待发布", dt.date(2026, 10, 20), 5, False)
    ]
    assert soon[0].url == f"/manage/datasets/{september_only.pk}/?period=2026-09"
    on_the_day = rows_for(editor_a, dt.date(2026, 10, 20))
    assert on_the_day[0].working_days_left == 0 and not on_the_day[0].urgent
    late = rows_for(editor_a, dt.date(2026, 10, 21))
    assert late[0].urgent and late[0].working_days_left == -1
    assert schedule.state(september_only, dt.date(2026, 10, 21)).is_late
    assert rows_for(editor_b, dt.date(2026, 10, 21)) == []  # another unit's editor has nothing to do


def test_the_todo_shows_on_the_workspace_home_and_leaves_once_published(september_only, editor_a):
    with time_machine.travel(dt.datetime(2026, 10, 21, 9, tzinfo=dt.UTC), tick=False):
        assert "2026年9月数据待发布" in logged_in(editor_a).get("/manage/").content.decode()
        services.publish_release(actor=editor_a, dataset=september_only, period="2026-09", name="a.csv",
                                 data=GOOD_CSV)  # fmt: skip
        assert rows_for(editor_a, dt.date(2026, 10, 21)) == []


def test_the_office_above_sees_the_late_release_of_a_unit(september_only, office):
    assert rows_for(office, dt.date(2026, 10, 13)) == []  # not its own: only once late
    assert len(rows_for(office, dt.date(2026, 10, 21))) == 1


def test_supervision_evidence_names_the_missing_and_the_late_release(september_only, tree):
    area = KeyArea.objects.get(code="pollution-control")
    september_only.key_area = area
    september_only.save()
    found = evidence.findings(tree.dept_a, {"pollution-control"}, dt.date(2026, 7, 1), dt.date(2026, 10, 31))
    assert len(found) == 1
    assert found[0].name == "全市环境空气质量状况及县区排名" and found[0].count == 3
    assert found[0].problem == "2026年9月逾期未发布"
    assert evidence.findings(tree.dept_a, {"education"}, dt.date(2026, 7, 1), dt.date(2026, 10, 31)) == []
    services.publish_release(actor=system("test"), dataset=september_only, period="2026-09", name="a.csv",
                             data=GOOD_CSV, published_at=dt.datetime(2026, 10, 23, 9, tzinfo=dt.UTC))  # fmt: skip
    found = evidence.findings(tree.dept_a, {"pollution-control"}, dt.date(2026, 7, 1), dt.date(2026, 10, 31))
    assert found[0].problem == "2026年9月逾期发布" and found[0].count == 4


def test_the_workspace_lists_the_units_datasets_with_their_state(september_only, editor_a, editor_b):
    with time_machine.travel(dt.datetime(2026, 10, 21, 9, tzinfo=dt.UTC), tick=False):
        page = logged_in(editor_a).get("/manage/datasets/").content.decode()
        assert "全市环境空气质量状况及县区排名" in page and "逾期未发布：" in page
        assert (
            "全市环境空气质量状况及县区排名"
            not in logged_in(editor_b).get("/manage/datasets/").content.decode()
        )


def test_an_editor_defines_a_dataset_with_columns_one_per_line(editor_a, tree):
    form = {
        "unit": tree.dept_a.pk, "title": "饮用水水质", "frequency": "quarterly", "due_working_day": 15,
        "starts_on": "2026-01-01", "columns": "类型|文本\n达标率|数值|%", "label_column": "类型",
        "value_column": "达标率", "is_active": "on",
    }  # fmt: skip
    response = logged_in(editor_a).post("/manage/datasets/new/", form)
    assert response.status_code == 302
    dataset = Dataset.objects.get(title="饮用水水质")
    assert dataset.columns[1] == {"name": "达标率", "type": "number", "unit": "%", "required": True}
    assert record_of("datasets.dataset.created", dataset).actor == editor_a
    bad = logged_in(editor_a).post(
        "/manage/datasets/new/", {**form, "title": "另一个", "columns": "类型|颜色"}
    )
    assert bad.status_code == 200 and "类型应为 数值、文本 或 日期" in bad.content.decode()


def test_an_upload_in_the_workspace_shows_the_row_report_and_saves_nothing(dataset, editor_a):
    client = logged_in(editor_a)
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        data = csv_bytes(HEADER, "兰山区,4.5,38,", "罗庄区,x,45,")
        page = client.post(f"/manage/datasets/{dataset.pk}/", {
            "action": "publish", "period": "2026-10", "file": SimpleUploadedFile("a.csv", data)})  # fmt: skip
        assert page.status_code == 200
        assert "第3行“综合指数”：应为数值" in page.content.decode()
        assert not Release.objects.exists()
        done = client.post(f"/manage/datasets/{dataset.pk}/", {
            "action": "publish", "period": "2026-10", "file": SimpleUploadedFile("a.csv", GOOD_CSV)})  # fmt: skip
    assert done.status_code == 302
    assert Release.objects.get().period == "2026-10"


def test_an_editor_of_another_unit_cannot_upload_or_edit(dataset, editor_b):
    client = logged_in(editor_b)
    response = client.post(f"/manage/datasets/{dataset.pk}/", {
        "action": "publish", "period": "2026-10", "file": SimpleUploadedFile("a.csv", GOOD_CSV)})  # fmt: skip
    assert response.status_code == 404
    assert client.get(f"/manage/datasets/{dataset.pk}/edit/").status_code == 404
    assert not Release.objects.exists()


def test_a_correction_in_the_workspace_is_shown_on_the_public_page(published, editor_a, citizen):
    response = logged_in(editor_a).post(f"/manage/datasets/{published.dataset_id}/", {
        "action": "correct", "period": "2026-10", "reason": "兰山区数据复核",
        "file": SimpleUploadedFile("fix.csv", csv_bytes(HEADER, "兰山区,4.40,37,"))})  # fmt: skip
    assert response.status_code == 302
    page = citizen.get(published.get_absolute_url()).content.decode()
    assert "兰山区数据复核" in page and "4.40" in page


def test_staff_download_the_original_file_of_a_release_of_their_unit_only(published, editor_a, editor_b):
    response = logged_in(editor_a).get(f"/manage/datasets/releases/{published.pk}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(HEADER.encode())
    assert logged_in(editor_b).get(f"/manage/datasets/releases/{published.pk}/original/").status_code == 404
    page = logged_in(editor_a).get(f"/manage/datasets/{published.dataset_id}/").content.decode()
    assert f"/manage/datasets/releases/{published.pk}/original/" in page


def test_the_upload_form_offers_the_oldest_period_owed_and_a_template_with_the_header(
    september_only, editor_a
):
    client = logged_in(editor_a)
    with time_machine.travel(dt.datetime(2026, 10, 21, 9, tzinfo=dt.UTC), tick=False):
        page = client.get(f"/manage/datasets/{september_only.pk}/").content.decode()
        template = client.get(f"/manage/datasets/{september_only.pk}/template.csv")
    assert 'name="period" value="2026-09"' in page
    assert template.content.decode("utf-8-sig").strip() == HEADER


def test_the_api_and_the_page_mark_september_late_only_after_the_holiday_adjusted_due_day(
    september_only, citizen
):
    # Counting plain weekdays, 14 October would be the 10th working day; on the calendar it is 20 October.
    with time_machine.travel(dt.datetime(2026, 10, 15, 9, tzinfo=dt.UTC), tick=False):
        item = citizen.get("/api/v1/datasets").json()["items"][0]
        assert (item["late"], item["next_due"]) == (False, "2026-10-20")
        assert "逾期未发布" not in citizen.get("/datasets/").content.decode()
    with time_machine.travel(dt.datetime(2026, 10, 21, 9, tzinfo=dt.UTC), tick=False):
        item = citizen.get("/api/v1/datasets").json()["items"][0]
        assert (item["late"], item["next_due"]) == (True, "2026-11-13")
        assert "逾期未发布1期" in citizen.get("/datasets/").content.decode()


def test_an_upload_without_a_file_or_a_period_is_a_chinese_422(dataset, editor_a):
    from tests.conftest import api_client

    client = api_client(editor_a)
    no_file = client.post(f"/api/v1/staff/datasets/{dataset.pk}/releases", {"period": "2026-10"})
    assert (
        no_file.status_code == 422
        and no_file.json()["error"]["fields"]["file"] == "请选择要上传的数据表（CSV或XLSX）。"
    )
    no_period = client.post(
        f"/api/v1/staff/datasets/{dataset.pk}/releases", {"file": SimpleUploadedFile("a.csv", GOOD_CSV)}
    )
    assert no_period.status_code == 422 and no_period.json()["error"]["fields"] == {
        "period": "此项为必填项。"
    }
