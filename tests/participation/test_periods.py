"""Kinds of draft and their minimum public-comment periods (issue 26): the longest minimum wins, working days
count on the holiday calendar, a shorter period needs a reason and the reason is published with the dates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from gongkai.core.models import AuditEvent
from gongkai.participation import periods, services
from gongkai.participation.models import Consultation, ConsultationKind
from tests.conftest import api_client

CST = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=9):
    return dt.datetime(y, m, d, hour, tzinfo=CST)


def kinds(*codes):
    return list(ConsultationKind.objects.filter(code__in=codes))


def consultation(tree, starts_at, ends_at, reason=""):
    return Consultation(
        title="临沂市城区停车收费标准调整方案（征求意见稿）", unit=tree.dept_a, draft="第一条 为了规范停车收费……",
        starts_at=starts_at, ends_at=ends_at, shortened_reason=reason, is_published=True,
    )  # fmt: skip


def test_a_ten_day_major_decision_is_refused_without_a_reason_and_accepted_with_one(tree, reviewer_a, client):
    short = consultation(tree, at(2026, 3, 2), at(2026, 3, 12))
    with pytest.raises(ValidationError) as refused:
        services.save_consultation(actor=reviewer_a, consultation=short, kinds=kinds("major_decision"))
    message = refused.value.message_dict["ends_at"][0]
    assert "30日" in message and "《重大行政决策程序暂行条例》" in message and "本次仅10日" in message
    assert not Consultation.objects.exists()

    short.shortened_reason = "因汛期临近，须在6月1日前出台，经市政府同意缩短征求意见期限。"
    saved = services.save_consultation(actor=reviewer_a, consultation=short, kinds=kinds("major_decision"))
    assert list(saved.kinds.values_list("code", flat=True)) == ["major_decision"]
    page = client.get(saved.get_absolute_url()).content.decode()
    assert "缩短征求意见期限的理由" in page and "因汛期临近" in page
    assert "10日（不少于30日）" in page and "重大行政决策" in page


def test_thirty_days_counted_from_the_day_after_opening_pass(tree, reviewer_a):
    ok = consultation(tree, at(2026, 3, 2), at(2026, 4, 1, 17))
    services.save_consultation(actor=reviewer_a, consultation=ok, kinds=kinds("major_decision"))
    assert periods.period_of(ok)[0] == 30
    # closing at midnight ends with the day before: 29 days
    assert periods.length(at(2026, 3, 2), at(2026, 4, 1, 0)) == 29


@pytest.mark.parametrize(
    ("ends_at", "accepted"),
    [
        # opened Friday 27 September 2024; National Day 1-7 October, make-up Sunday 29 September and Saturday 12
        # October: the 7th working day after is Saturday 12 October (weekdays alone: 8 October)
        (at(2024, 10, 12, 17), True),
        (at(2024, 10, 13, 0), True),
        (at(2024, 10, 11, 17), False),
        (at(2024, 10, 8, 17), False),
    ],
)
def test_seven_working_days_count_across_national_day(tree, reviewer_a, ends_at, accepted):
    draft = consultation(tree, at(2024, 9, 27), ends_at)
    assert periods.earliest_end(draft.starts_at, kinds("normative")) == dt.date(2024, 10, 12)
    if accepted:
        services.save_consultation(actor=reviewer_a, consultation=draft, kinds=kinds("normative"))
        assert periods.period_of(draft)[0] == 7
    else:
        with pytest.raises(ValidationError) as refused:
            services.save_consultation(actor=reviewer_a, consultation=draft, kinds=kinds("normative"))
        message = refused.value.message_dict["ends_at"][0]
        assert "7个工作日" in message and "国办发〔2018〕37号" in message
        assert "本次仅6个工作日" in message or "本次仅3个工作日" in message


def test_with_several_kinds_the_longest_minimum_wins(tree):
    rule = periods.rule_for(at(2026, 3, 2), kinds("normative", "enterprise"))
    assert (rule.kind.code, rule.label) == ("enterprise", "30日")
    # 20 calendar days pass the normative document's 7 working days but not the enterprise policy's 30 days
    draft = consultation(tree, at(2026, 3, 2), at(2026, 3, 22, 17))
    periods.check(draft, kinds("normative"))
    with pytest.raises(ValidationError, match="涉企政策"):
        periods.check(draft, kinds("normative", "enterprise"))


def test_no_kind_counts_as_other_and_the_dates_must_be_in_order(tree):
    periods.check(consultation(tree, at(2026, 3, 2), at(2026, 3, 3)), [])
    assert periods.rule_for(at(2026, 3, 2), []).label == "不设最短期限"
    with pytest.raises(ValidationError, match="截止时间须晚于开始时间"):
        periods.check(consultation(tree, at(2026, 3, 2), at(2026, 3, 2)), kinds("other"))


def test_without_kind_rows_there_is_no_minimum(tree):
    ConsultationKind.objects.all().delete()
    periods.check(consultation(tree, at(2026, 3, 2), at(2026, 3, 3)), ["major_decision"])


def test_the_office_changes_a_minimum_and_the_check_follows(tree, office, reviewer_a):
    response = api_client(office).put(
        "/api/v1/staff/consultation-kinds/normative",
        {"minimum": 10, "day_count": "working", "basis": "《临沂市行政规范性文件管理办法》第十二条"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["minimum_label"] == "10个工作日"
    (saved,) = AuditEvent.objects.filter(action="participation.kind_saved")
    assert saved.changes["minimum"] == [7, 10] and saved.changes["basis"][1].startswith(
        "《临沂市行政规范性文件管理办法》"
    )
    draft = consultation(tree, at(2024, 9, 27), at(2024, 10, 12, 17))  # 7 working days: now too short
    with pytest.raises(ValidationError, match="10个工作日"):
        periods.check(draft, kinds("normative"))


def test_only_the_office_changes_minimums(tree, reviewer_a, county_office):
    for user in (reviewer_a, county_office):
        response = api_client(user).put(
            "/api/v1/staff/consultation-kinds/normative",
            {"minimum": 1, "day_count": "working", "basis": "x"},
            content_type="application/json",
        )
        assert response.status_code == 403
    assert ConsultationKind.objects.get(code="normative").minimum == 7
    assert not AuditEvent.objects.filter(action="participation.kind_saved").exists()


def test_bad_minimums_are_refused_in_chinese(tree, office):
    client = api_client(office)
    response = client.put(
        "/api/v1/staff/consultation-kinds/rule", {"minimum": 20, "day_count": "weeks", "basis": "x"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert "工作日" in response.json()["error"]["fields"]["day_count"]
    response = client.put(
        "/api/v1/staff/consultation-kinds/rule", {"minimum": 20, "day_count": "calendar", "basis": " "},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert client.put(
        "/api/v1/staff/consultation-kinds/nope", {"minimum": 1, "day_count": "calendar", "basis": "x"},
        content_type="application/json",
    ).status_code == 404  # fmt: skip


def test_the_public_lists_the_kinds_with_their_minimums_and_bases(client, db):
    rows = {row["code"]: row for row in client.get("/api/v1/consultation-kinds").json()}
    assert rows["major_decision"]["minimum_label"] == "30日"
    assert rows["normative"]["minimum_label"] == "7个工作日"
    assert "第十四条" in rows["major_decision"]["basis"]
    assert rows["other"]["minimum"] == 0


def test_the_public_list_filters_by_kind_of_draft(tree, reviewer_a, client):
    major = consultation(tree, at(2026, 3, 2), at(2026, 4, 10))
    major.title = "临沂市重大项目决策方案（征求意见稿）"
    services.save_consultation(actor=reviewer_a, consultation=major, kinds=kinds("major_decision"))
    normative = consultation(tree, at(2026, 3, 2), at(2026, 4, 10))
    normative.title = "临沂市养犬登记办法（征求意见稿）"
    services.save_consultation(actor=reviewer_a, consultation=normative, kinds=kinds("normative", "rule"))
    listed = client.get("/participation/", {"kind": "normative"}).content.decode()
    assert "临沂市养犬登记办法" in listed and "临沂市重大项目决策方案" not in listed
    assert 'aria-current="page">行政规范性文件' in listed
    everything = client.get("/participation/", {"kind": "no-such-kind"}).content.decode()
    assert "临沂市养犬登记办法" in everything and "临沂市重大项目决策方案" in everything
