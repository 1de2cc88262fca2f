"""The request facts an audit record needs (client IP), carried without passing the request around."""

from __future__ import annotations

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
# The request's id (X-Request-ID), put in every log line by gongkai.core.logs.RequestIdFilter.
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def ip_from_request(request) -> str | None:
    # Behind a known number of proxies the client is the address they appended; never trust more.
    from django.conf import settings

    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
