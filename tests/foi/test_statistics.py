"""Public statistics per unit and year (issue 21, item 6): from the records, exact, with no personal data;
the page, CSV, XLSX and the API agree."""

import datetime as dt

import pytest

from gongkai.foi import statistics
from gongkai.foi.models import Appeal, EventKind
from gongkai.foi.services import record_event
from tests.foi.conftest import DESK, VALID_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2024(tree, lodge):
    on_time = lodge(dt.date(2024, 3, 4))  # a Monday
    record_event(actor=DESK, application=on_time, kind=EventKind.ANSWERED, on=dt.date(2024, 3, 11),
                 outcome="granted", reply_text="予以公开")  # fmt: skip
    late = lodge(dt.date(2024, 3, 4))
    record_event(actor=DESK, application=late, kind=EventKind.ANSWERED, on=dt.date(2024, 4, 15),
                 outcome="partial", reply_text="部分公开", withheld_note="个人隐私")  # fmt: skip
    lodge(dt.date(2024, 12, 30))  # still open
    lodge(dt.date(2024, 5, 6), unit=tree.dept_b)
    Appeal.objects.create(application=late, kind=Appeal.Kind.REVIEW, filed_on=dt.date(2024, 5, 1),
                          body="市人民政府", result=Appeal.Result.CORRECTED, decided_on=dt.date(2024, 7, 1))  # fmt: skip
    return tree


def test_each_unit_gets_its_received_concluded_on_time_days_outcomes_and_appeals(year_2024):
    rows = {row["unit"]: row for row in statistics.compute(year=2024)}
    a = rows[year_2024.dept_a.name]
    assert (a["received"], a["concluded"], a["on_time"], a["on_time_percent"]) == (3, 2, 1, 50.0)
    # 5 working days (4 to 11 March) and 29 (4 March to 15 April 2024, across 清明 on 4-5 April and the
    # make-up Sunday 7 April): 17 on average
    assert a["average_working_days"] == 17.0
    assert [(o["outcome"], o["count"]) for o in a["outcomes"]] == [("granted", 1), ("partial", 1)]
    assert (a["reviews"], a["suits"], a["corrected"]) == (1, 0, 1)
    total = statistics.compute(year=2024)[-1]
    assert total["unit"] == "合计" and total["received"] == 4 and total["concluded"] == 2


def test_the_page_the_downloads_and_the_api_agree_and_name_no_applicant(client, year_2024):
    page = client.get("/foi/statistics/", {"year": 2024}).text
    assert "2024年政府信息公开申请办理统计" in page and "50.0%" in page and "予以公开 1" in page
    csv = client.get("/foi/statistics.csv", {"year": 2024}).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("单位,年度,收到申请,办结,按时答复")
    assert client.get("/foi/statistics.xlsx", {"year": 2024}).content[:2] == b"PK"
    api = client.get("/api/v1/foi/statistics", {"year": 2024}).json()
    assert {row["unit"]: row["received"] for row in api}[year_2024.dept_a.name] == 3
    assert client.get("/api/v1/foi/statistics", {"year": 1999}).status_code == 422
    for body in (page, csv, str(api)):
        for private in ("张三丰", VALID_ID, "13805391234", "YSQ"):
            assert private not in body
    assert client.get("/foi/statistics/", {"year": "abc"}).status_code == 200  # a wrong year: this year


def year_2024_on_time_code(tree) -> str:
    from gongkai.foi.models import Application

    return Application.objects.get(unit=tree.dept_a, outcome="granted").tracking_code


# The ledger (依申请公开台账) ---------------------------------------------------------------------------------


def test_the_ledger_lists_the_applications_in_reach_filters_them_and_exports_without_the_applicant(
    year_2024, editor_a, editor_b, lodge
):
    import io

    from openpyxl import load_workbook

    from tests.conftest import api_client, logged_in

    paused = lodge(dt.date(2024, 6, 3))
    record_event(actor=DESK, application=paused, kind=EventKind.CORRECTION_REQUESTED, on=dt.date(2024, 6, 4))
    record_event(actor=DESK, application=paused, kind=EventKind.CORRECTION_RECEIVED, on=dt.date(2024, 6, 11))
    staff = logged_in(editor_a)
    page = staff.get("/manage/foi/ledger/", {"year": 2024}).text
    assert "共4件" in page and year_2024.dept_b.name not in page  # another unit's: out of reach
    assert "超期" in page
    late_only = staff.get("/manage/foi/ledger/", {"year": 2024, "overdue": "on"}).text
    assert "共3件" in late_only  # answered late, and the two still open past their due dates
    assert year_2024_on_time_code(year_2024) not in late_only
    assert "共1件" in staff.get("/manage/foi/ledger/", {"outcome": "granted"}).text
    assert staff.get("/manage/foi/ledger/", {"year": "x", "outcome": "nonsense"}).status_code == 200
    book = load_workbook(io.BytesIO(staff.get("/manage/foi/ledger.xlsx", {"year": 2024}).content))
    sheet = [[c.value for c in row] for row in book.active.iter_rows()]
    assert sheet[0][:3] == ["查询码", "办理单位", "申请人类型"] and len(sheet) == 5
    flat = str(sheet)
    for private in ("张三丰", VALID_ID, "13805391234", "沂蒙路"):
        assert private not in flat
    api = api_client(editor_a).get("/api/v1/staff/foi/ledger", {"year": 2024}).json()
    assert api["count"] == 4
    row = {r["tracking_code"]: r for r in api["items"]}[paused.tracking_code]
    assert row["days_not_counted"] == 4  # the correction, 4 to 11 June 2024: 4 working days (端午 on 10 June)
    assert "补正期间 4 个工作日" in row["not_counted"]
    assert api_client(editor_b).get("/api/v1/staff/foi/ledger", {"year": 2024}).json()["count"] == 1


def test_a_year_out_of_range_is_a_chinese_422_not_a_500(tree, editor_a):
    from tests.conftest import api_client

    for year in (0, -5, 99999):
        response = api_client(editor_a).get("/api/v1/staff/foi/ledger", {"year": year})
        assert response.status_code == 422 and "年度应在2008至" in response.content.decode()
