"""External links, checked against a real HTTP server on this machine: HEAD first and GET when HEAD is
refused, a dead link found, robots.txt respected, one host asked at most once per interval, a bounded count
per run, and nothing requested when the switch is off."""

import itertools
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongkai.scans.models import Check, Rule, ScanFinding

from .conftest import published, scan

HOST = "127.0.0.2"  # not this site's host: 127.0.0.1 and localhost count as internal links


class Handler(BaseHTTPRequestHandler):
    requests: list = []

    def _answer(self, with_body: bool):
        Handler.requests.append((self.command, self.path, time.monotonic()))
        if self.path == "/robots.txt":
            status, body = 200, b"User-agent: *\nDisallow: /private/\n"
        elif self.path == "/ok":
            status, body = 200, b"ok"
        elif self.path == "/nohead":
            status, body = (405, b"") if self.command == "HEAD" else (200, b"ok")
        else:
            status, body = 404, b"gone"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.requests = []
    httpd = ThreadingHTTPServer((HOST, 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://{HOST}:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def links_on(settings):
    settings.GONGKAI_SCAN_EXTERNAL_LINKS = True
    settings.GONGKAI_SCAN_HOST_INTERVAL = 0.05
    settings.GONGKAI_SCAN_LINK_TIMEOUT = 5


def _item(tree, base, *paths):
    body = "".join(f'<p><a href="{base}{p}">链接</a></p>' for p in paths)
    return published(tree.dept_a, "外部链接", body)


def test_dead_links_are_found_politely(tree, server, links_on):
    _item(tree, server, "/ok", "/nohead", "/gone", "/private/gone")
    run = scan(Check.LINKS)
    [finding] = ScanFinding.objects.all()
    assert (finding.rule, finding.rule_value) == (Rule.EXTERNAL_LINK, f"{server}/gone")
    assert "404" in finding.message
    asked = [(method, path) for method, path, _t in Handler.requests]
    assert asked[0] == ("GET", "/robots.txt")
    assert ("GET", "/nohead") in asked and ("HEAD", "/nohead") in asked
    assert not any(path.startswith("/private/") for _m, path in asked)
    times = [t for _m, _p, t in Handler.requests]
    assert all(b - a >= 0.045 for a, b in itertools.pairwise(times))
    assert run.links_checked == 3


def test_a_bounded_count_per_run_and_an_unchecked_link_keeps_its_finding(tree, server, links_on, settings):
    _item(tree, server, "/gone")
    scan(Check.LINKS)
    assert ScanFinding.objects.open().count() == 1
    settings.GONGKAI_SCAN_LINK_LIMIT = 0
    run = scan(Check.LINKS)
    assert run.links_checked == 0 and run.closed == 0
    assert ScanFinding.objects.open().count() == 1


def test_nothing_is_requested_when_external_checking_is_off(tree, server):
    _item(tree, server, "/gone")
    scan(Check.LINKS)
    assert Handler.requests == [] and not ScanFinding.objects.exists()


def test_the_same_unchecked_link_in_several_items_keeps_each_items_finding(tree, server, links_on, settings):
    first, second = _item(tree, server, "/gone"), _item(tree, server, "/gone")
    scan(Check.LINKS)
    assert sorted(ScanFinding.objects.open().values_list("item_id", flat=True)) == [first.pk, second.pk]
    settings.GONGKAI_SCAN_EXTERNAL_LINKS = False
    run = scan(Check.LINKS)
    assert run.closed == 0
    assert sorted(ScanFinding.objects.open().values_list("item_id", flat=True)) == [first.pk, second.pk]


def test_an_external_link_findings_offset_is_where_the_link_is_in_the_body_text(tree, server, links_on):
    item = published(
        tree.dept_a, "外部链接", f'<p>前面的说明文字。</p><p>详见<a href="{server}/gone">原文</a>。</p>'
    )
    scan(Check.LINKS)
    [finding] = ScanFinding.objects.all()
    assert finding.offset == item.body_text.index("原文")
