"""The registry: registering and updating accounts (audited, unit-scoped), the 2-week staleness veto and its
to-do, the closing procedure walked as a table, the public page and API, and the annual report's figures."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import todo
from gongkai.core.models import AuditEvent
from gongkai.inspection import indicators
from gongkai.newmedia import services
from gongkai.newmedia.models import Account, AccountStatus, AccountUpdate, Stage
from gongkai.newmedia.website_report_sources import newmedia as report_figures
from tests.conftest import api_client, logged_in

from .conftest import ACTOR, account_fields, make_account

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 30, 10, tzinfo=dt.UTC), tick=False):
        yield


def test_an_editor_registers_an_account_and_records_an_update_both_audited(tree, editor_a):
    account = services.save_account(actor=editor_a, unit=tree.dept_a, fields=account_fields())
    services.record_update(
        actor=editor_a, account=account, fields={"on": "2026-06-28", "posts": "3", "followers": 1200}
    )
    account.refresh_from_db()
    assert account.last_update_on == dt.date(2026, 6, 28)
    assert (account.followers, account.followers_on) == (1200, dt.date(2026, 6, 28))
    actions = list(
        AuditEvent.objects.filter(object_type="newmedia.account")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["newmedia.account.registered", "newmedia.update.recorded"]
    # The responsible person stays out of the log.
    assert "孙强" not in str(AuditEvent.objects.get(action="newmedia.account.registered").changes)


def test_bad_input_is_refused_in_chinese_and_changes_nothing(tree, editor_a):
    with pytest.raises(ValidationError) as caught:
        services.save_account(actor=editor_a, unit=tree.dept_a, fields=account_fields(platform="myspace"))
    assert "平台“myspace”应为" in str(caught.value)
    with pytest.raises(ValidationError, match=r"手机号码|固定电话"):
        services.save_account(actor=editor_a, unit=tree.dept_a, fields=account_fields(responsible_phone="12"))
    with pytest.raises(ValidationError, match="不是有效日期"):
        services.save_account(actor=editor_a, unit=tree.dept_a, fields=account_fields(opened_on="2026-13-40"))
    account = make_account(tree.dept_a)
    with pytest.raises(ValidationError, match="已登记"):
        services.save_account(actor=editor_a, unit=tree.dept_a, fields=account_fields())
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.record_update(actor=editor_a, account=account, fields={"on": "2026-07-01"})
    with pytest.raises(ValidationError, match="PNG 或 JPEG"):
        services.save_account(actor=editor_a, unit=tree.dept_a, fields=account_fields(), account=account,
                              qr_code=b"<svg onload=alert(1)>")  # fmt: skip
    assert Account.objects.count() == 1 and not AccountUpdate.objects.exists()


def test_an_editor_of_another_unit_neither_sees_nor_changes_the_account(tree, editor_a, editor_b):
    account = make_account(tree.dept_a)
    with pytest.raises(PermissionDenied):
        services.record_update(actor=editor_b, account=account, fields={"on": TODAY})
    with pytest.raises(PermissionDenied):
        services.save_account(actor=editor_b, unit=tree.dept_a, fields=account_fields(name="别的"))
    client = logged_in(editor_b)
    assert client.get(f"/manage/newmedia/{account.pk}/").status_code == 404
    assert "临沂发改" not in client.get("/manage/newmedia/").content.decode()
    api = api_client(editor_b)
    assert api.post(f"/api/v1/staff/newmedia/{account.pk}/updates", {"on": "2026-06-29"},
                    content_type="application/json").status_code == 404  # fmt: skip
    assert api.get("/api/v1/staff/newmedia").json()["items"] == []
    assert not AccountUpdate.objects.exists()


def _outcome(site, day=TODAY):
    return indicators.get("NM_VETO_STALE").compute(site, day)


def test_the_staleness_veto_trips_past_14_days_warns_at_10_and_clears_once_updated(site, tree):
    assert _outcome(site).status == indicators.Status.NONE
    fresh = make_account(tree.dept_a, "新鲜", updated=[TODAY - dt.timedelta(days=9)])
    warned = make_account(tree.dept_b, "预警", updated=[TODAY - dt.timedelta(days=10)])
    assert _outcome(site).status == indicators.Status.AMBER
    # 14 days quiet is still within the two weeks; the 15th day trips the veto.
    stale = make_account(tree.dept_a, "过期", updated=[TODAY - dt.timedelta(days=14)])
    assert _outcome(site).status == indicators.Status.AMBER
    assert _outcome(site, TODAY + dt.timedelta(days=1)).status == indicators.Status.RED
    services.record_update(actor=ACTOR, account=stale, fields={"on": TODAY - dt.timedelta(days=20)})
    outcome = _outcome(site, TODAY + dt.timedelta(days=1))
    assert outcome.value == 1 and outcome.fix
    red = [e for e in outcome.items if e.status == indicators.Status.RED]
    assert [(e.label, e.unit_id) for e in red] == [("过期（微信公众号）", tree.dept_a.pk)]
    assert red[0].url == f"/manage/newmedia/{stale.pk}/" and "已 15 天" in red[0].detail
    # Seen a day later, the 9-day account reaches its warning day too.
    assert {(e.label, e.status) for e in outcome.items} == {
        ("过期（微信公众号）", "red"),
        ("预警（微信公众号）", "amber"),
        ("新鲜（微信公众号）", "amber"),
    }
    assert fresh.last_update_on == TODAY - dt.timedelta(days=9)
    # Updated today: green again (the past day is judged on what was known then).
    services.record_update(actor=ACTOR, account=stale, fields={"on": TODAY})
    services.record_update(actor=ACTOR, account=warned, fields={"on": TODAY})
    assert _outcome(site).status == indicators.Status.GREEN
    assert _outcome(site, TODAY - dt.timedelta(days=1)).status == indicators.Status.AMBER


def test_a_never_updated_account_counts_from_its_opening_and_a_closing_notice_ends_the_check(site, tree):
    account = make_account(tree.dept_a, opened_on=TODAY - dt.timedelta(days=30))
    assert _outcome(site).status == indicators.Status.RED
    assert "开设以来没有登记更新" in _outcome(site).items[0].detail
    services.transition(actor=ACTOR, account=account, action="request_close", on=TODAY, text="职能调整")
    assert _outcome(site).status == indicators.Status.RED
    services.transition(
        actor=ACTOR,
        account=account,
        action="announce",
        on=TODAY,
        text="本账号将于下月停止更新并关停，感谢关注。",
    )
    assert _outcome(site).status == indicators.Status.NONE


def test_the_owner_unit_gets_a_todo_when_an_account_nears_and_passes_the_limit(
    tree, editor_a, editor_b, office
):
    make_account(tree.dept_a, "预警", updated=[TODAY - dt.timedelta(days=11)])
    make_account(tree.dept_a, "过期", updated=[TODAY - dt.timedelta(days=30)])
    make_account(tree.dept_a, "新鲜", updated=[TODAY])

    def rows(user):
        source = next(k for k in todo.kinds() if k.kind == "newmedia.stale").source
        return [(t.title, t.urgent) for t in source(user, TODAY)]

    assert rows(editor_a) == [("政务新媒体“过期（微信公众号）”30天未更新", True),
                              ("政务新媒体“预警（微信公众号）”11天未更新", False)]  # fmt: skip
    assert rows(editor_b) == []
    assert len(rows(office)) == 2


STAGES = {
    Stage.OPERATING: {},
    Stage.REQUESTED: {"close_requested_on": dt.date(2026, 6, 1), "close_reason": "调整"},
    Stage.ANNOUNCED: {"close_requested_on": dt.date(2026, 6, 1), "close_reason": "调整",
                      "notice": "本账号将停止更新并关停。感谢关注。", "notice_on": dt.date(2026, 6, 2)},
    Stage.SUSPENDED: {"close_requested_on": dt.date(2026, 6, 1), "notice": "本账号将停止更新并关停。感谢关注。",
                      "notice_on": dt.date(2026, 6, 2), "status": AccountStatus.SUSPENDED, "closed_on": dt.date(2026, 6, 3)},
    Stage.CANCELLED: {"close_requested_on": dt.date(2026, 6, 1), "notice": "本账号将停止更新并注销。感谢关注。",
                      "notice_on": dt.date(2026, 6, 2), "status": AccountStatus.CANCELLED, "closed_on": dt.date(2026, 6, 3)},
}  # fmt: skip


@pytest.mark.parametrize(("action", "stage"), list(itertools.product(services.TRANSITIONS, STAGES)))
def test_every_step_of_the_closing_procedure_is_allowed_only_from_its_stages(tree, action, stage):
    account = make_account(tree.dept_a)
    Account.objects.filter(pk=account.pk).update(**STAGES[stage])
    account.refresh_from_db()
    assert account.stage == stage
    allowed, target = services.TRANSITIONS[action]
    before = AuditEvent.objects.count()
    text = "本账号因工作调整停止更新，特此公告。"
    if stage in allowed:
        done = services.transition(actor=ACTOR, account=account, action=action, on=TODAY, text=text)
        assert done.stage == target
        assert AuditEvent.objects.filter(action=f"newmedia.account.{action}").count() == 1
    else:
        with pytest.raises(ValidationError, match="不能"):
            services.transition(actor=ACTOR, account=account, action=action, on=TODAY, text=text)
        assert AuditEvent.objects.count() == before
        account.refresh_from_db()
        assert account.stage == stage


def test_the_public_page_and_api_list_operating_accounts_and_notices_without_the_person(site, tree, citizen):
    make_account(tree.dept_a, "临沂发改", updated=[TODAY])
    make_account(tree.county, "兰山融媒", platform="kuaishou", updated=[TODAY])
    closed = make_account(tree.dept_b, "临沂教育微博", platform="weibo")
    services.transition(
        actor=ACTOR, account=closed, action="request_close", on=TODAY - dt.timedelta(days=9), text="并入"
    )
    services.transition(actor=ACTOR, account=closed, action="announce", on=TODAY - dt.timedelta(days=8),
                        text="“临沂教育微博”自即日起停止更新，请关注“临沂教育”微信公众号。")  # fmt: skip
    services.transition(actor=ACTOR, account=closed, action="suspend", on=TODAY - dt.timedelta(days=7))
    page = citizen.get("/newmedia/").content.decode()
    assert "临沂发改" in page and "兰山融媒" in page and "微信公众号" in page
    assert "关停公告" in page and "请关注“临沂教育”微信公众号" in page
    assert "孙强" not in page and "0539-8721101" not in page
    body = citizen.get("/api/v1/newmedia").json()
    assert sorted(a["name"] for a in body["items"]) == ["临沂发改", "兰山融媒"]
    assert "responsible_phone" not in body["items"][0] and "孙强" not in str(body)
    # The notice leaves the page 90 days after the account closed.
    with time_machine.travel(dt.datetime(2026, 10, 1, 10, tzinfo=dt.UTC), tick=False):
        assert "请关注“临沂教育”微信公众号" not in citizen.get("/newmedia/").content.decode()


def test_the_county_portal_shows_only_its_own_accounts(site, tree, citizen):
    from gongkai.sites.models import Site, SiteHost

    county = Site.objects.create(root=tree.county, name="兰山区人民政府")
    SiteHost.objects.create(site=county, host="lanshan.localhost", is_primary=True)
    make_account(tree.dept_a, "临沂发改", updated=[TODAY])
    make_account(tree.county, "兰山融媒", platform="kuaishou", updated=[TODAY])
    page = citizen.get("/newmedia/", HTTP_HOST="lanshan.localhost").content.decode()
    assert "兰山融媒" in page and "临沂发改" not in page
    city = citizen.get("/api/v1/newmedia").json()["items"]
    assert [a["name"] for a in city] == ["临沂发改"]


def test_the_annual_report_gets_each_accounts_posts_in_the_year_and_followers_at_its_end(site, tree):
    account = make_account(tree.dept_a, "临沂发改")
    for on, posts, followers in [("2025-01-05", 3, 100), ("2025-12-30", 4, 180), ("2026-01-02", 5, 200)]:
        services.record_update(
            actor=ACTOR, account=account, fields={"on": on, "posts": posts, "followers": followers}
        )
    weibo = make_account(tree.dept_a, "临沂发改微博", platform="weibo", updated=[dt.date(2026, 2, 1)])
    assert weibo.last_update_on
    rows = report_figures(site, 2025)["newmedia"]
    assert rows == [
        {
            "platform": "wechat",
            "platform_label": "微信公众号",
            "name": "临沂发改",
            "posts": 7,
            "followers": 180,
        },
        {
            "platform": "weibo",
            "platform_label": "微博",
            "name": "临沂发改微博",
            "posts": 0,
            "followers": None,
        },
    ]
    assert report_figures(site, 2026)["newmedia"][0]["posts"] == 5


def test_the_annual_reports_followers_take_one_query_however_many_accounts(
    site, tree, django_assert_num_queries
):
    for n in range(4):
        account = make_account(tree.dept_a, f"临沂发改{n}")
        services.record_update(
            actor=ACTOR, account=account, fields={"on": "2025-12-01", "posts": 1, "followers": 100 + n}
        )
    report_figures(site, 2025)  # the site's root and nested sites are read once and kept
    with django_assert_num_queries(1):
        rows = report_figures(site, 2025)["newmedia"]
    assert [row["followers"] for row in rows] == [100, 101, 102, 103]


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_a_qr_code_uploaded_in_the_workspace_is_shown_on_the_public_page(site, tree, editor_a, citizen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    account = make_account(tree.dept_a, updated=[TODAY])
    fields = account_fields() | {"form": "account", "unit": tree.dept_a.pk, "opened_on": "2020-01-01",
                                 "qr_code": SimpleUploadedFile("qr.png", PNG, content_type="image/png")}  # fmt: skip
    response = logged_in(editor_a).post(f"/manage/newmedia/{account.pk}/", fields)
    assert response.status_code == 302
    assert f'src="/newmedia/{account.pk}/qr"' in citizen.get("/newmedia/").content.decode()
    image = citizen.get(f"/newmedia/{account.pk}/qr")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content) == PNG
    assert citizen.get("/newmedia/999999/qr").status_code == 404
