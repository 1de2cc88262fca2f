"""The calendar API contract of DESIGN.md."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendar/add-working-days"


def test_add_working_days_returns_the_contract_fields(client):
    response = client.get(URL, {"start": "2024-02-01", "days": 20})
    assert response.status_code == 200
    assert response.json() == {"start": "2024-02-01", "days": 20, "due": "2024-03-05", "provisional": False}


def test_answer_in_an_unentered_year_is_flagged_provisional(client):
    response = client.get(URL, {"start": "2027-03-01", "days": 5})
    assert response.json()["provisional"] is True
    assert response.json()["due"] == "2027-03-08"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2019-02-30", "days": 5}, "start"),
        ({"start": "20190220", "days": 5}, "start"),
        ({"start": "2019-02-20", "days": 366}, "days"),
        ({"start": "2019-02-20", "days": -1}, "days"),
        ({"start": "2019-02-20", "days": "twenty"}, "days"),
        ({"days": 5}, "start"),
    ],
)
def test_bad_input_gets_a_422_json_error_in_chinese(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert "请求参数不正确" in body["message"]
    assert field in body["fields"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["fields"][field])


def test_year_lists_holidays_and_makeup_days(client):
    body = client.get("/api/v1/calendar/2019").json()
    assert body["provisional"] is False
    holidays = {d["date"]: d["name"] for d in body["holidays"]}
    assert holidays["2019-10-01"] == "国庆节"
    assert holidays["2019-05-04"] == "劳动节"  # the 2019 amendment: 1-4 May
    makeup = [d["date"] for d in body["makeup_workdays"]]
    assert "2019-09-29" in makeup and "2019-10-12" in makeup


def test_year_without_data_is_provisional(client):
    body = client.get("/api/v1/calendar/2031").json()
    assert body == {"year": 2031, "provisional": True, "source": "", "holidays": [], "makeup_workdays": []}


def test_out_of_range_year_is_422(client):
    assert client.get("/api/v1/calendar/1800").status_code == 422


def test_working_days_between(client):
    body = client.get(
        "/api/v1/calendar/working-days-between", {"start": "2019-09-25", "end": "2019-10-15"}
    ).json()
    assert body["working_days"] == 11
