"""Reading accounts' feeds from a real local HTTP server (no mocks), the spreadsheet import (all or nothing,
row report), the inventory export, the staff API and the workspace pages."""

from __future__ import annotations

import datetime as dt
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from gongkai.core.models import AuditEvent
from gongkai.newmedia import feedreader, importer
from gongkai.newmedia.models import Account, AccountUpdate, UpdateSource
from tests.conftest import api_client, logged_in

from .conftest import ACTOR, make_account

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>临沂发改</title><link>https://example.org/</link><description>d</description>
<item><title>全市重点项目建设推进会召开</title><link>https://example.org/a/1</link><guid>a-1</guid>
  <pubDate>Sun, 28 Jun 2026 17:30:00 +0000</pubDate></item>
<item><title>价格监测周报</title><link>https://example.org/a/2</link><guid>a-2</guid>
  <pubDate>Fri, 26 Jun 2026 02:00:00 +0000</pubDate></item>
<item><title>没有日期的条目</title><link>https://example.org/a/3</link><guid>a-3</guid></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>兰山融媒</title><id>urn:x</id><updated>2026-06-29T08:00:00Z</updated>
<entry><title>兰山区召开防汛工作会议</title><id>urn:e1</id><updated>2026-06-29T08:00:00Z</updated>
<link href="https://example.org/e/1"/></entry></feed>"""


class FeedServer(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes]] = {}

    requests: list[str] = []

    def do_GET(self):
        self.requests.append(self.path)
        status, body = self.routes.get(self.path, (404, b"not found"))
        self.send_response(status)
        if status in (301, 302):
            self.send_header("Location", body.decode())
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    """A feed server on 127.0.0.1; reading it needs GONGKAI_FEEDS_ALLOW_PRIVATE (see ``feeds``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    FeedServer.requests = []
    FeedServer.routes = {
        "/rss.xml": (200, RSS.encode()),
        "/atom.xml": (200, ATOM.encode()),
        "/big.xml": (200, b"<rss>" + b" " * (300 * 1024) + b"</rss>"),
        "/broken.xml": (200, "这不是订阅源".encode()),
        "/gone.xml": (500, b"error"),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def feeds(local_server, settings):
    settings.GONGKAI_FEEDS_ALLOW_PRIVATE = True
    return local_server


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 30, 10, tzinfo=dt.UTC), tick=True):
        yield


def test_a_feed_becomes_updates_once_dated_in_beijing_time_and_undated_entries_are_skipped(tree, feeds):
    account = make_account(tree.dept_a, feed_url=f"{feeds}/rss.xml")
    result = feedreader.read_feed(actor=ACTOR, account=account)
    assert (result.entries, result.new, result.error) == (2, 2, "")
    rows = list(AccountUpdate.objects.order_by("on").values_list("on", "title", "source"))
    # 17:30 UTC on the 28th is the 29th in Beijing.
    assert rows == [(dt.date(2026, 6, 26), "价格监测周报", UpdateSource.FEED),
                    (dt.date(2026, 6, 29), "全市重点项目建设推进会召开", UpdateSource.FEED)]  # fmt: skip
    account.refresh_from_db()
    assert account.last_update_on == dt.date(2026, 6, 29) and account.feed_checked_at
    again = feedreader.read_feed(actor=ACTOR, account=account)
    assert again.new == 0 and AccountUpdate.objects.count() == 2
    assert AuditEvent.objects.filter(action="newmedia.feed.read").count() == 1


def test_the_command_reads_every_operating_account_with_a_feed_and_reports_failures(tree, feeds, capsys):
    make_account(tree.dept_a, "临沂发改", feed_url=f"{feeds}/rss.xml")
    make_account(tree.county, "兰山融媒", platform="kuaishou", feed_url=f"{feeds}/atom.xml")
    gone = make_account(tree.dept_b, "临沂教育", feed_url=f"{feeds}/gone.xml")
    make_account(tree.dept_b, "无订阅源", platform="weibo")
    call_command("read_newmedia_feeds")
    out = capsys.readouterr()
    assert "3 feed(s) read, 3 new update(s), 1 failed" in out.out
    gone.refresh_from_db()
    assert gone.feed_error == "订阅源答复状态码500。"
    assert Account.objects.get(name="兰山融媒").last_update_on == dt.date(2026, 6, 29)
    call_command("read_newmedia_feeds", "--dry-run")
    assert AccountUpdate.objects.count() == 3


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/big.xml", "订阅源超过256KB，未读取。"),
        ("/broken.xml", "不是有效的 RSS 订阅源。"),
        ("/none.xml", "订阅源答复状态码404。"),
    ],
)
def test_a_feed_too_large_broken_or_missing_is_refused_with_a_reason_and_records_nothing(
    tree, feeds, path, error
):
    account = make_account(tree.dept_a, feed_url=feeds + path)
    result = feedreader.read_feed(actor=ACTOR, account=account, max_bytes=256 * 1024)
    assert result.error == error and result.new == 0
    assert not AccountUpdate.objects.exists()


def test_a_closed_port_is_a_connection_failure_not_an_error_page(tree, settings):
    settings.GONGKAI_FEEDS_ALLOW_PRIVATE = True
    account = make_account(tree.dept_a, feed_url="http://127.0.0.1:9/rss.xml")
    result = feedreader.read_feed(actor=ACTOR, account=account, timeout=2)
    assert result.error in ("无法连接订阅源。", "读取订阅源超时（2秒）。")


# ---- feeds on the server's own network ------------------------------------------------------------------

INTERNAL = "订阅源地址指向内部网络，已拒绝读取。"


@pytest.mark.parametrize(
    "url",
    [
        "/rss.xml",  # the local server itself, by its address
        "http://localhost:{port}/rss.xml",
        "http://127.0.0.1:6379/",
        "http://[::1]:{port}/rss.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/rss.xml",
        "http://192.168.1.1/rss.xml",
        "http://0.0.0.0:{port}/rss.xml",
        "http://[::ffff:127.0.0.1]:{port}/rss.xml",
    ],
)
def test_a_feed_on_the_servers_own_network_is_refused_and_nothing_is_read(tree, local_server, settings, url):
    settings.GONGKAI_FEEDS_ALLOW_PRIVATE = False
    port = local_server.rsplit(":", 1)[1]
    address = local_server + url if url.startswith("/") else url.format(port=port)
    account = make_account(tree.dept_a, feed_url=address)
    result = feedreader.read_feed(actor=ACTOR, account=account, timeout=2)
    assert (result.error, result.new) == (INTERNAL, 0)
    account.refresh_from_db()
    assert account.feed_error == INTERNAL and account.feed_checked_at
    assert FeedServer.requests == [] and not AccountUpdate.objects.exists()
    assert not AuditEvent.objects.filter(action="newmedia.feed.read").exists()


def test_a_name_with_one_public_and_one_internal_address_is_refused(tree, settings, monkeypatch):
    settings.GONGKAI_FEEDS_ALLOW_PRIVATE = False

    def resolve(host, port, *args, **kwargs):
        return [(2, 1, 6, "", ("93.184.215.14", port)), (2, 1, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(feedreader.socket, "getaddrinfo", resolve)
    account = make_account(tree.dept_a, feed_url="http://feeds.example.org/rss.xml")
    assert feedreader.read_feed(actor=ACTOR, account=account, timeout=2).error == INTERNAL


def test_a_redirect_to_the_servers_own_network_is_refused(tree, local_server, settings, monkeypatch):
    settings.GONGKAI_FEEDS_ALLOW_PRIVATE = False
    # Let the test server stand for a public one; 127.0.0.2 stands for the internal network.
    monkeypatch.setattr(feedreader, "is_internal", lambda address: address == "127.0.0.2")
    port = local_server.rsplit(":", 1)[1]
    FeedServer.routes["/hop"] = (302, f"http://127.0.0.2:{port}/rss.xml".encode())
    account = make_account(tree.dept_a, feed_url=f"{local_server}/hop")
    result = feedreader.read_feed(actor=ACTOR, account=account, timeout=2)
    assert result.error == INTERNAL and FeedServer.requests == ["/hop"]
    assert not AccountUpdate.objects.exists()
    FeedServer.routes["/hop"] = (302, f"{local_server}/rss.xml".encode())
    assert feedreader.read_feed(actor=ACTOR, account=account, timeout=2).new == 2  # a public hop is followed


@pytest.mark.parametrize(
    ("address", "internal"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.0.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),  # noqa: S104 (an address told apart, nothing bound)
        ("224.0.0.1", True),
        ("240.0.0.1", True),
        ("::1", True),
        ("fe80::1%eth0", True),
        ("fd00::1", True),
        ("::ffff:10.0.0.1", True),
        ("2002:7f00:1::", True),
        ("ff02::1", True),
        ("93.184.215.14", False),
        ("2001:4860:4860::8888", False),
    ],
)
def test_internal_addresses_are_told_apart_from_public_ones(address, internal):
    assert feedreader.is_internal(address) is internal


def xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ACCOUNT_HEADER = ["账号名称", "平台", "账号ID", "主办单位", "负责人", "联系电话", "开设时间", "关注量"]


def test_an_inventory_import_is_all_or_nothing_with_a_row_report(tree, editor_a, office):
    rows = [
        ["临沂发改", "微信公众号", "lyfagai", "", "孙强", "0539-8721101", "2016-01-12", 5200],
        ["临沂发改微博", "微博", "", "市发展改革委", "孙强", "0539-8721101", "2016/3/1", ""],
        ["临沂教育", "微信公众号", "", "市教育局", "李娜", "0539-8721201", "2015-09-01", ""],
        ["临沂发改", "微信公众号", "", "", "孙强", "0539-8721101", "2016-01-12", ""],
        ["坏平台", "脸书", "", "", "孙强", "0539-8721101", "2016-01-12", ""],
    ]
    report = importer.import_file("清单.xlsx", xlsx(ACCOUNT_HEADER, rows), table="accounts", actor=editor_a,
                                  unit=tree.dept_a)  # fmt: skip
    assert not report.committed and not Account.objects.exists()
    messages = {e.row: e.message for e in report.errors}
    assert sorted(messages) == [4, 5, 6]
    assert (
        "不是您可以登记账号的单位" in messages[4]
        and "与第2行重复" in messages[5]
        and "平台“脸书”应为" in messages[6]
    )
    # The office reaches both departments; a second import of the same file skips what is there.
    good = xlsx(ACCOUNT_HEADER, rows[:3])
    report = importer.import_file("清单.xlsx", good, table="accounts", actor=office, unit=tree.dept_a)
    assert report.committed and len(report.imported) == 3
    assert Account.objects.get(name="临沂教育").unit == tree.dept_b
    assert Account.objects.get(name="临沂发改").followers == 5200
    again = importer.import_file("清单.xlsx", good, table="accounts", actor=office, unit=tree.dept_a)
    assert again.committed and (len(again.imported), len(again.skipped)) == (0, 3)


def test_an_updates_import_records_imported_updates_and_skips_rows_already_imported(tree, editor_a):
    make_account(tree.dept_a, "临沂发改")
    header = ["账号名称", "平台", "更新日期", "发布条数", "标题", "关注量"]
    data = xlsx(header, [["临沂发改", "微信公众号", "2026-06-01", 3, "", 5300],
                         ["临沂发改", "微信公众号", "2026年6月20日", 2, "周报", ""]])  # fmt: skip
    report = importer.import_file("更新.xlsx", data, table="updates", actor=editor_a)
    assert report.committed and len(report.imported) == 2
    assert set(AccountUpdate.objects.values_list("source", flat=True)) == {UpdateSource.IMPORTED}
    assert importer.import_file("更新.xlsx", data, table="updates", actor=editor_a).skipped == [2, 3]
    bad = xlsx(
        header,
        [["临沂发改", "微信公众号", "2026-06-02", 1, "", ""], ["别人的号", "微博", "2026-06-02", 1, "", ""]],
    )
    report = importer.import_file("更新.xlsx", bad, table="updates", actor=editor_a)
    assert not report.committed and report.errors[0].row == 3 and "没有找到" in report.errors[0].message
    assert AccountUpdate.objects.count() == 2


def test_a_cell_with_a_control_character_is_a_row_error_before_any_lookup_and_nothing_is_imported(
    tree, editor_a
):
    header = ",".join(ACCOUNT_HEADER)
    good = "临沂发改,微信公众号,lyfagai,,孙强,0539-8721101,2016-01-12,5200"
    bad = "临沂\x01发改微博,微博,,市发展改革委\x1b,孙强,0539-8721101,2016-03-01,"
    data = f"{header}\n{good}\n{bad}\n".encode()
    report = importer.import_file("清单.csv", data, table="accounts", actor=editor_a, unit=tree.dept_a)
    assert not report.committed and not Account.objects.exists()
    [error] = report.errors
    assert (
        error.row == 3 and "账号名称：含有不可见的控制字符" in error.message and "主办单位：" in error.message
    )
    make_account(tree.dept_a, "临沂发改")
    updates = "账号名称,平台,更新日期,发布条数\n临沂发改\x7f,微信公众号,2026-06-01,1\n".encode()
    report = importer.import_file("更新.csv", updates, table="updates", actor=editor_a)
    assert [e.row for e in report.errors] == [2] and "控制字符" in report.errors[0].message
    assert not AccountUpdate.objects.exists()
    with pytest.raises(ValidationError) as refused:
        importer.clean_row({"name": " 临沂\x00发改 ", "posts": 3})
    assert set(refused.value.message_dict) == {"name"}
    assert importer.clean_row({"name": " 临沂发改\n ", "title": "周报\t一", "posts": 3}) == {
        "name": "临沂发改",
        "title": "周报\t一",
        "posts": 3,
    }


def test_the_inventory_export_has_the_clean_up_columns_and_is_audited(tree, editor_a):
    make_account(tree.dept_a, "=临沂发改", updated=[dt.date(2026, 6, 29)])
    response = logged_in(editor_a).get("/manage/newmedia/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(importer.INVENTORY)
    assert rows[1][:4] == [1, "'=临沂发改", "微信公众号", "lyfagai"]
    assert rows[1][5:10] == ["孙强", "0539-8721101", "2020-01-01", "运营", "2026-06-29"]
    assert AuditEvent.objects.filter(action="newmedia.inventory.exported").exists()
    assert logged_in(editor_a).get("/manage/newmedia/export.pdf").status_code == 404


def test_the_staff_api_registers_records_an_update_and_imports_with_the_error_envelope(
    tree, editor_a, editor_b
):
    api = api_client(editor_a)
    payload = {"unit": tree.dept_a.pk, "platform": "weibo", "name": "临沂发改微博", "responsible_person": "孙强",
               "responsible_phone": "0539-8721101", "opened_on": "2020-01-01"}  # fmt: skip
    created = api.post("/api/v1/staff/newmedia", payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["responsible_person"] == "孙强"
    pk = created.json()["id"]
    bad = api.post("/api/v1/staff/newmedia", payload | {"name": "另一个", "responsible_phone": "abc"},
                   content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and "responsible_phone" in bad.json()["error"]["fields"]
    other_unit = api.post("/api/v1/staff/newmedia", payload | {"unit": tree.dept_b.pk, "name": "x"},
                          content_type="application/json")  # fmt: skip
    assert other_unit.status_code == 404
    update = api.post(f"/api/v1/staff/newmedia/{pk}/updates", {"on": "2026-06-29", "posts": 4},
                      content_type="application/json")  # fmt: skip
    assert update.status_code == 201 and update.json()["source"] == "entered"
    future = api.post(
        f"/api/v1/staff/newmedia/{pk}/updates", {"on": "2027-01-01"}, content_type="application/json"
    )
    assert future.status_code == 422 and "不能晚于今天" in str(future.json())
    listed = api.get("/api/v1/staff/newmedia?status=operating").json()["items"]
    assert [a["last_update_on"] for a in listed] == ["2026-06-29"]
    assert api_client(editor_b).post(f"/api/v1/staff/newmedia/{pk}/updates", {"on": "2026-06-29"},
                                     content_type="application/json").status_code == 404  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("u.xlsx", xlsx(["账号名称", "平台", "更新日期"], [["临沂发改微博", "微博", "2026-06-30"],
                                                                          ["临沂发改微博", "微博", "昨天"]]))  # fmt: skip
    refused = api.post("/api/v1/staff/newmedia/import?table=updates", {"file": upload})
    assert refused.status_code == 422 and "row_3" in refused.json()["error"]["fields"]
    assert api.post("/api/v1/staff/newmedia/import?table=nope", {"file": upload}).status_code == 422


def test_the_workspace_registers_records_an_update_and_walks_the_closing_procedure(tree, editor_a):
    client = logged_in(editor_a)
    assert client.get("/manage/newmedia/").status_code == 200
    response = client.post("/manage/newmedia/new/", {
        "form": "account", "unit": tree.dept_a.pk, "platform": "wechat", "name": "临沂发改",
        "responsible_person": "孙强", "responsible_phone": "0539-8721101", "opened_on": "2020-01-01",
    })  # fmt: skip
    account = Account.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/manage/newmedia/{account.pk}/"
    url = f"/manage/newmedia/{account.pk}/"
    client.post(url, {"form": "update", "update-on": "2026-06-29", "update-posts": "2"})
    account.refresh_from_db()
    assert account.last_update_on == dt.date(2026, 6, 29)
    refused = client.post(url, {"form": "close", "close-action": "suspend", "close-on": "2026-06-30"})
    assert refused.status_code == 200 and "不能关停" in refused.content.decode()
    client.post(
        url,
        {"form": "close", "close-action": "request_close", "close-on": "2026-06-30", "close-text": "并入"},
    )
    client.post(url, {"form": "close", "close-action": "announce", "close-on": "2026-06-30",
                      "close-text": "“临沂发改”停止更新，请关注“临沂发布”。"})  # fmt: skip
    client.post(url, {"form": "close", "close-action": "cancel", "close-on": "2026-06-30"})
    account.refresh_from_db()
    assert account.get_stage_display() == "已注销"
    page = client.get(url).content.decode()
    assert "已注销" in page and "登记更新" not in page
    assert client.get("/manage/newmedia/import/").status_code == 200
