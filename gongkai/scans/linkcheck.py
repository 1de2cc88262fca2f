"""Checking external links politely: robots.txt respected, one request per host per interval, a timeout on
every request, a bounded number of links per run, HEAD first and GET when HEAD is refused.

Switched on by ``GONGKAI_SCAN_EXTERNAL_LINKS`` (off by default: a closed network cannot reach the internet,
and the tests never leave the machine). Settings are read when a checker is made, never at import.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from django.conf import settings

USER_AGENT = "GongkaiLinkCheck/1.0 (+government website content inspection)"
ROBOTS_MAX_BYTES = 200_000


def enabled() -> bool:
    return bool(getattr(settings, "GONGKAI_SCAN_EXTERNAL_LINKS", False))


@dataclass
class Verdict:
    ok: bool | None  # True reachable, False dead, None not checked (robots, limit)
    detail: str = ""


@dataclass
class ExternalChecker:
    timeout: float = 10.0
    host_interval: float = 1.0  # seconds between two requests to one host
    limit: int = 500  # links checked per run
    checked: int = 0
    _robots: dict = field(default_factory=dict)
    _last: dict = field(default_factory=dict)
    _seen: dict = field(default_factory=dict)
    _client: httpx.Client | None = None

    @classmethod
    def from_settings(cls) -> ExternalChecker:
        return cls(
            timeout=float(getattr(settings, "GONGKAI_SCAN_LINK_TIMEOUT", 10)),
            host_interval=float(getattr(settings, "GONGKAI_SCAN_HOST_INTERVAL", 1.0)),
            limit=int(getattr(settings, "GONGKAI_SCAN_LINK_LIMIT", 500)),
        )

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout,
                follow_redirects=True,
                headers={"User-Agent": USER_AGENT},
                max_redirects=5,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def check(self, url: str) -> Verdict:
        if url in self._seen:
            return self._seen[url]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Verdict(None)
        if self.checked >= self.limit:
            return Verdict(None, "limit")
        if not self._allowed(parts, url):
            verdict = Verdict(None, "robots")
        else:
            self.checked += 1
            verdict = self._fetch(parts.netloc, url)
        self._seen[url] = verdict
        return verdict

    def _wait(self, host: str) -> None:
        """Sleep until ``host_interval`` has passed since the last answer from ``host`` ended."""
        last = self._last.get(host)
        if last is not None:
            pause = self.host_interval - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)

    def _done(self, host: str) -> None:
        self._last[host] = time.monotonic()

    def _allowed(self, parts, url: str) -> bool:
        host = parts.netloc
        parser = self._robots.get(host)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser()
            self._wait(host)
            try:
                with self.client.stream("GET", f"{parts.scheme}://{host}/robots.txt") as response:
                    if response.status_code in (401, 403):
                        parser.disallow_all = True
                    elif response.status_code >= 400:
                        parser.allow_all = True
                    else:
                        body = b""
                        for chunk in response.iter_bytes():
                            body += chunk
                            if len(body) > ROBOTS_MAX_BYTES:
                                break
                        parser.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
            except httpx.HTTPError:
                parser.allow_all = True  # no robots.txt to read: the link itself will tell
            finally:
                self._done(host)
            self._robots[host] = parser
        return parser.can_fetch(USER_AGENT, url)

    def _fetch(self, host: str, url: str) -> Verdict:
        try:
            self._wait(host)
            try:
                response = self.client.head(url)
            finally:
                self._done(host)
            if response.status_code < 400:
                return Verdict(True, str(response.status_code))
            # Some servers refuse HEAD (405, 501, even 403/404): ask again with GET, reading no body.
            self._wait(host)
            try:
                with self.client.stream("GET", url) as response:
                    status = response.status_code
            finally:
                self._done(host)
            return Verdict(status < 400, f"HTTP {status}")
        except httpx.TimeoutException:
            return Verdict(False, "超时")
        except httpx.HTTPError:
            return Verdict(False, "无法连接")
