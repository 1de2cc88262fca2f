"""Reading an account's RSS or Atom feed (where the platform or a bridge offers one) into its updates.

Bounded and polite: one GET per account and run, a timeout, at most 3 redirects, the body cut at
``MAX_BYTES`` (a larger feed is refused, not half-read), at most ``MAX_ENTRIES`` entries taken. An entry is
one update on the day it was published (Beijing time); an entry without a date is not an update (the
inspection's rule: what carries no publication time counts as not updated); an entry already read (its id,
else its link) is not counted twice. A failure is kept on the account (``feed_error``) for staff to see.

A feed address is typed by staff, so the server must not read its own network for them (a cloud metadata
service, Redis on 127.0.0.1, an intranet page): unless ``GONGKAI_FEEDS_ALLOW_PRIVATE``, every host of the
request and of each redirect is resolved and refused if any of its addresses is loopback, private,
link-local, reserved, multicast or otherwise not global, and the connection goes to an address so checked
(a name that resolves differently a moment later, DNS rebinding, gains nothing).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import time
from dataclasses import dataclass

import feedparser
import httpcore
import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit

from . import services
from .models import Account, UpdateSource

TIMEOUT_SECONDS = 10.0
MAX_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 200
USER_AGENT = "Gongkai-newmedia-feed-reader/1.0"


class FeedError(Exception):
    """A feed that could not be read; the message is Chinese, for the staff page."""


@dataclass
class ReadResult:
    account: Account
    entries: int = 0
    new: int = 0
    error: str = ""


def is_internal(address: str) -> bool:
    """Whether an IP address is one the feed reader must not connect to (not a public internet address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is not part of it
    if isinstance(ip, ipaddress.IPv6Address) and (ip.ipv4_mapped or ip.sixtofour):
        ip = ip.ipv4_mapped or ip.sixtofour
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


def _internal_refused() -> FeedError:
    return FeedError(_("订阅源地址指向内部网络，已拒绝读取。"))


def public_addresses(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, refused (``FeedError``) if any of them is internal: a name with
    one public and one internal address must not reach the internal one by the resolver's choice."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FeedError(_("无法连接订阅源。")) from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses or any(is_internal(address) for address in addresses):
        raise _internal_refused()
    return addresses


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Connects only to addresses ``public_addresses`` checked, resolving the name once for check and use."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last: Exception | None = None
        for address in public_addresses(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError("no address")


def _check_request(request: httpx.Request) -> None:
    # Runs for the first request and each redirect, also when an environment proxy makes the connection.
    public_addresses(request.url.host, request.url.port or (443 if request.url.scheme == "https" else 80))


def _client(timeout: float) -> httpx.Client:
    options = {"timeout": timeout, "follow_redirects": True, "max_redirects": 3}
    if settings.GONGKAI_FEEDS_ALLOW_PRIVATE:
        return httpx.Client(**options)
    transport = httpx.HTTPTransport()
    transport._pool._network_backend = _PublicOnlyBackend()  # httpx has no public way to pass it
    return httpx.Client(**options, transport=transport, event_hooks={"request": [_check_request]})


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> bytes:
    try:
        with (
            _client(timeout) as client,
            client.stream("GET", url, headers={"User-Agent": USER_AGENT}) as response,
        ):
            if response.status_code != 200:
                raise FeedError(_("订阅源答复状态码%(s)s。") % {"s": response.status_code})
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FeedError(_("订阅源超过%(n)sKB，未读取。") % {"n": max_bytes // 1024})
            body = bytearray()
            deadline = time.monotonic() + timeout * 3  # a server dripping bytes cannot hold the run
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("feed too slow")
                if len(body) > max_bytes:
                    raise FeedError(_("订阅源超过%(n)sKB，未读取。") % {"n": max_bytes // 1024})
            return bytes(body)
    except httpx.TimeoutException:
        raise FeedError(_("读取订阅源超时（%(s)s秒）。") % {"s": int(timeout)}) from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FeedError(_("无法连接订阅源。")) from exc


def _day(entry) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    moment = dt.datetime(*parsed[:6], tzinfo=dt.UTC)
    return timezone.localtime(moment).date()


def _link(entry) -> str:
    link = str(entry.get("link") or "").strip()
    return link if link.startswith(("http://", "https://")) and len(link) <= 500 else ""


def entries(data: bytes) -> list[dict]:
    """The feed's entries as update fields with their id: ``[{"on", "title", "link", "guid"}]``."""
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise FeedError(_("不是有效的 RSS 订阅源。"))
    found = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        day = _day(entry)
        if day is None:
            continue
        link = _link(entry)
        guid = str(entry.get("id") or link or entry.get("title") or "").strip()[:500]
        title = " ".join(str(entry.get("title") or "").split())[:300]
        found.append({"on": day, "title": title, "link": link, "guid": guid or f"{day}:{title}"})
    return found


def read_feed(
    *, actor, account: Account, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES
) -> ReadResult:
    """Read ``account``'s feed and record its new entries as updates (each through ``services.record_update``)."""
    result = ReadResult(account)
    today = timezone.localdate()
    try:
        if not account.feed_url:
            raise FeedError(_("该账号没有订阅源地址。"))
        found = entries(fetch(account.feed_url, timeout=timeout, max_bytes=max_bytes))
    except FeedError as exc:
        result.error = str(exc)
    else:
        result.entries = len(found)
        for entry in found:
            if entry["on"] > today or entry["on"] < account.opened_on:
                continue
            guid = entry.pop("guid")
            try:
                if services.record_update(
                    actor=actor, account=account, fields=entry, source=UpdateSource.FEED, guid=guid
                ):
                    result.new += 1
            except IntegrityError:  # another reader stored the same entry in the meantime
                continue
            except ValidationError as exc:
                if "on" in getattr(exc, "message_dict", {}) or not hasattr(exc, "message_dict"):
                    result.error = "；".join(exc.messages)[:300]
                    break
                continue
    Account.objects.filter(pk=account.pk).update(
        feed_checked_at=timezone.now(), feed_error=result.error[:300]
    )
    if result.new:
        with transaction.atomic():
            audit.record(
                actor=actor, action="newmedia.feed.read", obj=account, unit=account.unit,
                changes={"new_updates": [None, result.new]},
            )  # fmt: skip
    return result
