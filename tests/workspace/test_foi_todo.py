"""FOI applications on the to-do list: by due date, overdue ones first and marked, each with the days not
counted and why, linked to its case page; scoped to the units the member handles."""

import datetime as dt

import pytest
import time_machine

from gongkai.foi import services
from gongkai.foi.models import Outcome
from tests.conftest import api_client, logged_in
from tests.foi.conftest import DESK, lodge  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

# Monday 25 March 2024: no holiday in March, so the working days below are plain weekdays.
TODAY = dt.datetime(2024, 3, 25, 2, tzinfo=dt.UTC)
D = dt.date.fromisoformat


def step(application, kind, on, **data):
    return services.record_event(actor=DESK, application=application, kind=kind, on=D(on), **data)


def foi_rows(user):
    return [row for row in api_client(user).get("/api/v1/staff/todo").json() if row["kind"] == "foi.due"]


@pytest.fixture
def desk(lodge):  # noqa: F811
    """Applications of 市发展改革委 in the states the list tells apart, as of 25 March 2024."""
    with time_machine.travel(TODAY, tick=False):
        apps = {
            "later": lodge(D("2024-03-20"), description="later"),
            "soon": lodge(D("2024-02-29"), description="soon"),
            "overdue": lodge(D("2024-02-20"), description="overdue"),
            "waiting": lodge(D("2024-03-19"), description="waiting"),
            "answered": lodge(D("2024-03-01"), description="answered"),
        }
        step(apps["waiting"], "correction_requested", "2024-03-20", note="请写明年度")
        step(apps["answered"], "answered", "2024-03-11", outcome=Outcome.GRANTED, reply_text="现提供。")
    return apps


def test_overdue_comes_first_marked_urgent_then_due_soon_then_later(desk, editor_a):
    with time_machine.travel(TODAY, tick=False):
        rows = foi_rows(editor_a)
    assert [row["title"].split(" ", 1)[1] for row in rows] == ["overdue", "soon", "later"]
    overdue, soon, later = rows
    assert overdue["urgent"] and overdue["working_days_left"] == -4 and overdue["due_on"] == "2024-03-19"
    assert not soon["urgent"] and soon["working_days_left"] == 3 and soon["due_on"] == "2024-03-28"
    assert later["working_days_left"] > 5
    assert overdue["url"] == f"/manage/foi/{desk['overdue'].pk}/"
    assert overdue["unit"] == "临沂市发展和改革委员会"


def test_waiting_for_correction_and_answered_applications_are_not_on_the_list(desk, editor_a):
    with time_machine.travel(TODAY, tick=False):
        titles = " ".join(row["title"] for row in foi_rows(editor_a))
    assert "waiting" not in titles and "answered" not in titles


def test_each_row_says_which_days_were_not_counted(lodge, editor_a):  # noqa: F811
    with time_machine.travel(TODAY, tick=False):
        corrected = lodge(D("2024-03-01"), description="corrected")
        step(corrected, "correction_requested", "2024-03-04", note="请写明年度")
        step(corrected, "correction_received", "2024-03-07")
        step(corrected, "consultation_started", "2024-03-11", party="某公司")
        step(corrected, "consultation_ended", "2024-03-15", party="某公司")
        extended = lodge(D("2024-03-01"), description="extended")
        step(extended, "extended", "2024-03-20", days=10, approver="主任", reason="需要调取档案")
        rows = {row["title"].split(" ", 1)[1]: row for row in foi_rows(editor_a)}
    # 补正: 4 March asked, 7 March received (5, 6, 7: three working days); consultation 12 to 15 March.
    assert rows["corrected"]["note"] == "补正期间 3 个工作日、征求意见 4 个工作日不计入"
    assert rows["extended"]["note"] == "已延长 10 个工作日"


def test_the_home_page_shows_the_rows_with_their_reasons(lodge, editor_a):  # noqa: F811
    with time_machine.travel(TODAY, tick=False):
        application = lodge(D("2024-03-18"), description="征地补偿方案")
        step(application, "consultation_started", "2024-03-19", party="某公司")
        page = logged_in(editor_a).get("/manage/").text
    assert "依申请公开：待答复的申请" in page
    assert f'href="/manage/foi/{application.pk}/"' in page
    assert "征求意见 4 个工作日不计入" in page  # 20 to 25 March, still waiting


def test_another_units_applications_are_not_on_my_list(desk, editor_b):
    with time_machine.travel(TODAY, tick=False):
        assert foi_rows(editor_b) == []


def test_the_office_sees_only_the_overdue_ones_of_the_units_it_supervises(desk, office):
    with time_machine.travel(TODAY, tick=False):
        titles = [row["title"].split(" ", 1)[1] for row in foi_rows(office)]
    assert titles == ["overdue"]


def test_an_answered_application_leaves_the_list(desk, editor_a):
    with time_machine.travel(TODAY, tick=False):
        step(desk["soon"], "answered", "2024-03-25", outcome=Outcome.GRANTED, reply_text="现提供。")
        titles = " ".join(row["title"] for row in foi_rows(editor_a))
    assert "soon" not in titles and "overdue" in titles
