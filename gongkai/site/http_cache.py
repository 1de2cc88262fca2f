"""HTTP caching of the reading pages, for nginx's proxy cache and the visitors' browsers.

A reading page (one of :data:`READING_PAGES`) asked for with GET or HEAD by a visitor without a session gets

    Cache-Control: public, max-age=GONGKAI_PAGE_MAX_AGE, s-maxage=GONGKAI_PAGE_SHARED_MAX_AGE
    ETag: W/"…"          from the content version, the page's address and the visitor's reading aids
    Last-Modified: …     the time of the last change of content

and a matching ``If-None-Match`` (or ``If-Modified-Since``) is answered 304 before the view runs: no
rendering and no database query. The ETag covers everything a page's HTML depends on: the content version
(``gongkai.core.page_version``: moved on by every change, at commit), the code release, the site as this
process knows it, the scheme, host, path and query, and the reading-aid cookies (elder mode, text size,
contrast, cursor), so a page is never answered 304 with HTML of another version.

Everything else is kept out of shared caches: a visitor with a session (staff), a request with an
``Authorization`` header or a flash message pending, a page that sets a cookie or varies on cookies (the
forms: their CSRF token), an answer other than 200, and every page not listed (forms, search results,
downloads). Those get ``Cache-Control: private, no-cache`` when the view set nothing itself, and staff pages
(``/manage/``, ``/api/v1/staff``) ``private, no-store``.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from gongkai.core import metrics, page_version

from .preferences import page_classes

# Reading pages: the same HTML for every visitor without a session, no form that posts, no cookie. A page
# added here must not depend on anything but its address, the site, the reading aids and the stored records.
READING_PAGES = frozenset(
    {
        "site:home",
        "site:organizations",
        "site:organization-detail",
        "site:sitemap",
        "site:contact",
        "sitemap",
        "publishing:index",
        "publishing:unit",
        "publishing:guide",
        "publishing:column",
        "publishing:column-rss",
        "publishing:column-atom",
        "publishing:item",
        "publishing:item-print",
        "policy:index",
        "policy:register",
        "policy:register-entry",
        "policy:issuers",
        "policy:cleanups",
        "policy:cleanup",
        "gazette:index",
        "gazette:rss",
        "gazette:issue",
        "reports:index",
        "reports:report",
        "interaction:index",
        "interaction:message",
        "interaction:stats",
        "interaction:faq",
        "participation:index",
        "participation:rss",
        "participation:decisions",
        "participation:proposals",
        "participation:proposal",
        "participation:meetings",
        "supervision:index",
        "supervision:plan",
        "foi:index",
        # Issue 23: every change to these is audited, so the content version moves with it.
        "guides:index",
        "guides:detail",
        "newmedia:index",
        "visits:index",
        "webreports:index",
        "webreports:report",
    }
)
STAFF_PREFIXES = ("/manage/", "/api/v1/staff")
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage: a flash message waits to be shown


@memoize
def code_release() -> str:
    """``GONGKAI_RELEASE`` (a deploy sets it, e.g. to the commit), else a digest of the code, templates and
    translations, so a deploy that changes pages changes their ETags."""
    if getattr(settings, "GONGKAI_RELEASE", ""):
        return settings.GONGKAI_RELEASE
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".html", ".txt", ".xml", ".mo"} and path.is_file():
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _site_fingerprint(site) -> str:
    """The site as this process has it (the directory of sites is reloaded per process, see sites.resolve):
    a process still holding an edited site's old fields gives other ETags than one holding the new."""
    cached = getattr(site, "_page_fingerprint", None)
    if cached is not None:
        return cached
    parts = [type(site).__name__]
    for obj in (site, getattr(site, "root", None)):
        meta = getattr(obj, "_meta", None)
        if meta is not None:
            parts += [repr(field.value_from_object(obj)) for field in meta.concrete_fields]
    fingerprint = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    with contextlib.suppress(AttributeError):  # an object that takes no attributes: computed again next time
        site._page_fingerprint = fingerprint
    return fingerprint


def is_staff_path(path: str) -> bool:
    return path.startswith(STAFF_PREFIXES)


def may_share(request) -> bool:
    """Whether this request is for a reading page by a visitor whom every other such visitor looks alike."""
    match = request.resolver_match
    return (
        request.method in ("GET", "HEAD")
        and match is not None
        and match.view_name in READING_PAGES
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def page_validators(request) -> tuple[str, int] | None:
    """The page's ETag and its Last-Modified (Unix time), from the version read before the view runs; None
    while a change is settling (``GONGKAI_PAGE_SETTLE_SECONDS`` after it: a read replica may not have it yet,
    so what is rendered then is not labelled with the new version)."""
    version = page_version.current()
    if time.time() - version.changed_at < settings.GONGKAI_PAGE_SETTLE_SECONDS:
        return None
    parts = (
        code_release(),
        version.token,
        _site_fingerprint(getattr(request, "site", None)),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        page_classes(request),
    )
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"', int(version.changed_at)


class PageCacheMiddleware:
    """Sits outside the session, CSRF and messages middleware, so it sees the cookies and ``Vary`` they add."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.page_validators = None
        response = self.get_response(request)
        return self.finish(request, response)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not may_share(request):
            return None
        validators = page_validators(request)
        if validators is None:
            return None
        etag, last_modified = request.page_validators = validators
        # 304 (or 412 for a failed If-Match) now, before the view renders anything.
        answer = get_conditional_response(request, etag=etag, last_modified=last_modified)
        # The page cache's hit rate: a revalidation answered from the content version, or a page rendered.
        if answer is not None and answer.status_code == 304:
            metrics.page_cache_hit()
        else:
            metrics.page_cache_miss()
        return answer

    def finish(self, request, response):
        validators = getattr(request, "page_validators", None)
        if validators is not None and self._shareable(response):
            etag, last_modified = validators
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(last_modified)
            patch_cache_control(
                response,
                public=True,
                max_age=settings.GONGKAI_PAGE_MAX_AGE,
                s_maxage=settings.GONGKAI_PAGE_SHARED_MAX_AGE,
            )
        elif "Cache-Control" not in response.headers:
            if is_staff_path(request.path_info):
                patch_cache_control(response, private=True, no_store=True)
            else:
                patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def _shareable(response) -> bool:
        if response.status_code not in (200, 304) or response.cookies:
            return False
        if "Cache-Control" in response.headers and response.status_code == 200:
            return False  # the view decided (never_cache, a private download)
        vary = {part.strip().lower() for part in response.headers.get("Vary", "").split(",")}
        return "cookie" not in vary and "*" not in vary
