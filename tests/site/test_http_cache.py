"""Reading pages are cacheable (issue 19): a visitor without a session gets no cookie, a public Cache-Control
with a shared lifetime, an ETag and a Last-Modified; a matching conditional request is answered 304 without
rendering or querying; a publish moves the pages on at once. Forms, search, staff pages and the API never
get ``public``.

Changes that must commit (a publish moving the pages on) are in test_http_cache_commits.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from gongkai.core import page_version
from gongkai.core.models import User
from gongkai.publishing.models import InformationItem
from tests.conftest import api_client, logged_in
from tests.demo_db import demo

pytestmark = pytest.mark.django_db

__all__ = ["demo"]

SHARED_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "unset"}
}


@pytest.fixture(autouse=True)
def _own_version_file(settings, tmp_path):
    """Each test keeps its content version in a file of its own (no other process can move it meanwhile)."""
    settings.GONGKAI_PAGE_VERSION_FILE = tmp_path / "page-version"
    settings.GONGKAI_PAGE_SHARED_MAX_AGE = 1
    settings.GONGKAI_PAGE_MAX_AGE = 0


@pytest.fixture(params=["local", "shared"])
def store(request, settings, tmp_path):
    """Both homes of the version: the file (local-memory cache, no REDIS_URL) and a cache every process
    shares (a file-based Django cache here; Redis in production)."""
    return use_store(request.param, settings, tmp_path)


def use_store(kind: str, settings, tmp_path) -> str:
    if kind == "local":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        settings.CACHES = {"default": {**SHARED_CACHE["default"], "LOCATION": str(tmp_path / "cache")}}
    return kind


def newest_item() -> InformationItem:
    return InformationItem.objects.published().order_by("-published_at", "-pk").first()


def reading_pages() -> dict[str, str]:
    item = newest_item()
    column = item.columns.first()
    return {
        "home": "/",
        "item": f"/xxgk/items/{item.pk}/",
        "xxgk": "/xxgk/",
        "column": f"/xxgk/{column.unit_id}/columns/{column.pk}/",
        "policy": "/policy/",
        "column-rss": f"/xxgk/{column.unit_id}/columns/{column.pk}/rss/",
        "gazette": "/gazette/",
        "gazette-rss": "/gazette/rss/",
        "sitemap": "/sitemap/",
        "sitemap.xml": "/sitemap.xml",
        "interaction-faq": "/interaction/faq/",
        "services": "/services/",
        "newmedia": "/newmedia/",
        "visits": "/visits/",
        "website-reports": "/website-reports/",
    }


PAGES = [
    "home",
    "item",
    "xxgk",
    "column",
    "policy",
    "column-rss",
    "gazette",
    "gazette-rss",
    "sitemap",
    "sitemap.xml",
    "interaction-faq",
    "services",
    "newmedia",
    "visits",
    "website-reports",
]


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.headers.get("Vary", "").split(",") if part.strip()}


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("page", PAGES)
def test_a_reading_page_sets_no_cookie_and_carries_the_cache_headers(demo, page):
    response = Client().get(reading_pages()[page])
    assert response.status_code == 200
    assert not response.cookies, f"{page} sets {list(response.cookies)}"
    assert "cookie" not in vary(response)
    assert {"public", "max-age=0", "s-maxage=1"} <= cache_control(response)
    assert response.headers["ETag"].startswith('W/"')
    assert response.headers["Last-Modified"].endswith(" GMT")


@pytest.mark.parametrize("page", PAGES)
def test_a_matching_if_none_match_is_answered_304_without_a_query(
    demo, store, page, django_assert_max_num_queries
):
    url = reading_pages()[page]
    client = Client()
    first = client.get(url)
    with django_assert_max_num_queries(0):
        again = client.get(url, headers={"if-none-match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert "public" in cache_control(again)
    assert not again.cookies


def test_a_matching_if_modified_since_is_answered_304(demo):
    first = Client().get("/")
    again = Client().get("/", headers={"if-modified-since": first.headers["Last-Modified"]})
    assert again.status_code == 304


def test_a_head_request_is_cacheable_too(demo):
    response = Client().head("/xxgk/")
    assert response.status_code == 200 and "public" in cache_control(response) and response.headers["ETag"]


def test_the_reading_aids_change_the_etag(demo):
    plain = Client().get("/policy/")
    elder = Client()
    elder.cookies["gk_elder"] = "1"
    response = elder.get("/policy/", headers={"if-none-match": plain.headers["ETag"]})
    assert response.status_code == 200 and 'class="elder"' in response.text
    assert response.headers["ETag"] != plain.headers["ETag"] and "public" in cache_control(response)
    assert elder.get("/policy/", headers={"if-none-match": response.headers["ETag"]}).status_code == 304


def test_the_etag_depends_on_the_address(demo):
    one = Client().get("/policy/")
    other = Client().get("/policy/?page=2")
    assert one.headers["ETag"] != other.headers["ETag"]
    assert Client().get("/policy/?page=2", headers={"if-none-match": one.headers["ETag"]}).status_code == 200


def test_the_version_renews_itself_after_the_renew_period(settings, store):
    settings.GONGKAI_PAGE_RENEW_SECONDS = 60
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        first = page_version.current()
        assert page_version.current() == first
        traveller.shift(30)
        assert page_version.current() == first
        page_version.bump()
        bumped = page_version.current()
        assert bumped.token != first.token and bumped.changed_at == first.changed_at + 30
        traveller.shift(61)
        assert page_version.current().token != bumped.token


def test_an_unreadable_store_never_gives_a_304(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.GONGKAI_PAGE_VERSION_FILE = blocker / "page-version"  # a directory that cannot exist
    assert page_version.current().token != page_version.current().token


def test_a_visitor_with_a_session_gets_private_pages(demo):
    office = logged_in(User.objects.get(username="admin"))
    response = office.get("/")
    assert response.status_code == 200
    assert "public" not in cache_control(response) and "private" in cache_control(response)
    assert "ETag" not in response.headers
    anonymous = Client().get("/")
    assert office.get("/", headers={"if-none-match": anonymous.headers["ETag"]}).status_code == 200


def test_a_pending_flash_message_keeps_the_page_private(demo):
    client = Client()
    client.cookies["messages"] = "anything"
    assert "public" not in cache_control(client.get("/"))


def consultation_url() -> str:
    """A consultation of the city's site (with its comment form); the county's redirect to their portal."""
    from gongkai.participation.models import Consultation

    for consultation in Consultation.objects.public().order_by("pk"):
        url = f"/participation/consultations/{consultation.pk}/"
        if Client().get(url).status_code == 200:
            return url
    raise AssertionError("the demo has no consultation on the city's site")


@pytest.mark.parametrize(
    "url",
    [
        "/foi/apply/",
        "/interaction/write/",
        "/search/?q=通知",
        "/search/",
        "/api/v1/items",
        "/calendar/?start=2026-11-02&days=20",
    ],
)
def test_forms_search_and_the_api_are_never_shared(demo, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert "public" not in cache_control(response)
    assert "private" in cache_control(response)


def test_a_page_with_a_comment_form_is_never_shared(demo):
    response = Client().get(consultation_url())
    assert response.status_code == 200 and "public" not in cache_control(response)


def test_staff_pages_are_never_stored(demo):
    office = User.objects.get(username="admin")
    for response in (
        logged_in(office).get("/manage/"),
        api_client(office).get("/api/v1/staff/items"),
        Client().get("/manage/"),  # the sign-in redirect
    ):
        assert "public" not in cache_control(response)
        assert "no-store" in cache_control(response) or "no-cache" in cache_control(response)
    assert "no-store" in cache_control(api_client(office).get("/api/v1/staff/items"))


def test_the_reading_tools_post_without_a_csrf_token(demo):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/preferences/", {"elder": "1", "size": "2", "next": "/policy/"})
    assert response.status_code == 302 and response.url == "/policy/"
    assert client.cookies["gk_elder"].value == "1" and client.cookies["gk_size"].value == "2"
    assert "public" not in cache_control(response)
    assert 'class="elder size-2"' in client.get("/policy/").text
    assert "csrfmiddlewaretoken" not in Client().get("/").text


def test_a_listed_page_that_sets_a_cookie_is_never_shared(demo):
    """The safety net: should a reading page's view ever set a cookie (a form added to it, with its CSRF
    token), the page is kept private instead of being shared with other visitors."""
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.urls import resolve

    from gongkai.site.http_cache import PageCacheMiddleware

    def view(request):
        response = HttpResponse("<p>页面</p>")
        response.set_cookie("csrftoken", "token")
        return response

    def handler(request):
        return middleware.process_view(request, view, (), {}) or view(request)

    middleware = PageCacheMiddleware(handler)
    request = RequestFactory().get("/")
    request.resolver_match = resolve("/")
    response = middleware(request)
    assert response.cookies and "public" not in cache_control(response) and "ETag" not in response.headers
    assert "private" in cache_control(response)


def url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every "namespace:name" the URL configuration defines."""
    from django.urls import URLPattern, get_resolver

    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLPattern):
            if pattern.name:
                names.add(f"{namespace}{pattern.name}")
        else:
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
    return names


def test_a_guide_withdrawn_moves_the_services_page_on_at_once(demo, django_capture_on_commit_callbacks):
    """Issue 23's reading pages follow the content version like the others: the next conditional request after a
    change gets the new page."""
    from gongkai.core.actors import system
    from gongkai.guides import services
    from gongkai.guides.models import ServiceGuide

    first = Client().get("/services/")
    guide = ServiceGuide.objects.filter(status="published").order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_guide(actor=system("test"), guide=guide)
    again = Client().get("/services/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]
    assert guide.name not in again.content.decode()


def test_every_reading_page_is_a_page_of_the_site():
    from gongkai.site.http_cache import READING_PAGES

    names = url_names()
    assert "publishing:item" in names and "sitemap" in names
    assert not READING_PAGES - names, sorted(READING_PAGES - names)
    assert not {n for n in READING_PAGES if n.startswith(("admin:", "workspace:", "search:"))}


def test_pages_are_not_labelled_while_a_change_settles(demo, settings):
    """With read replicas (GONGKAI_PAGE_SETTLE_SECONDS), a page rendered just after a change may come from a
    replica that has not caught up: it is sent private, without the new version's ETag."""
    settings.GONGKAI_PAGE_SETTLE_SECONDS = 2
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        page_version.bump()
        settling = Client().get("/policy/")
        assert "ETag" not in settling.headers and "public" not in cache_control(settling)
        traveller.shift(3)
        settled = Client().get("/policy/")
        assert settled.headers["ETag"] and "public" in cache_control(settled)


def test_the_page_caches_hit_rate_counts_304s_as_hits_and_renders_as_misses(demo):
    from gongkai.core.metrics import PAGE_CACHE

    def count(result: str) -> float:
        return PAGE_CACHE.labels(result)._value.get()

    client = Client()
    hits, misses = count("hit"), count("miss")
    first = client.get("/")
    assert (count("hit"), count("miss")) == (hits, misses + 1)
    client.get("/", headers={"if-none-match": first.headers["ETag"]})
    assert (count("hit"), count("miss")) == (hits + 1, misses + 1)
    client.get("/search/?q=养老")  # not a reading page: neither
    assert (count("hit"), count("miss")) == (hits + 1, misses + 1)
