"""Read replicas (gongkai/core/db_router.py): a second alias, replica1, mirrors the test database (TEST MIRROR,
the same database through its own connection, as settings configure each DATABASE_REPLICA_URLS entry for the
tests); the queries each connection runs show where reads and writes went."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from gongkai.core.db_router import WROTE_COOKIE, ReplicaReadsMiddleware, ReplicaRouter

REPLICA = "replica1"


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """replica1 as settings make it from DATABASE_REPLICA_URLS in a test run: a mirror of the test database."""
    with django_db_blocker.unblock():
        mirror = {**connections["default"].settings_dict}
        mirror["TEST"] = {**mirror.get("TEST", {}), "MIRROR": "default"}
        connections.settings[REPLICA] = mirror
    try:
        yield REPLICA
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture(autouse=True)
def replicas_on():
    with override_settings(
        GONGKAI_REPLICA_ALIASES=[REPLICA],
        DATABASE_ROUTERS=["gongkai.core.db_router.ReplicaRouter"],
        GONGKAI_READ_YOUR_WRITES_SECONDS=10,
    ):
        yield


pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


def sql(captured) -> list[str]:
    return [query["sql"].split()[0].upper() for query in captured.captured_queries]


def serve(view, method="get", path="/xxgk/", user=None, cookies=None):
    """One request through the middleware; returns (response, queries on default, queries on the replica)."""
    request = getattr(RequestFactory(), method)(path)
    request.user = user or AnonymousUser()
    request.COOKIES.update(cookies or {})
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = ReplicaReadsMiddleware(view)(request)
    return response, sql(primary), sql(replica)


def count_users(request):
    return HttpResponse(str(get_user_model().objects.count()))


def write_then_read(request):
    get_user_model().objects.create(username=f"writer-{request.method.lower()}")
    return HttpResponse(str(get_user_model().objects.count()))


def test_the_replica_is_the_same_database_through_another_connection():
    get_user_model().objects.create(username="seen-on-both")
    assert get_user_model().objects.using(REPLICA).filter(username="seen-on-both").exists()
    assert connections[REPLICA] is not connections["default"]


def test_an_anonymous_reading_page_reads_from_the_replica():
    get_user_model().objects.create(username="someone")
    response, primary, replica = serve(count_users)
    assert response.content == b"1"
    assert replica == ["SELECT"]
    assert primary == []
    assert WROTE_COOKIE not in response.cookies  # a reading page gets no cookie


def test_writes_go_to_the_primary_and_the_request_then_reads_its_own_write():
    response, primary, replica = serve(write_then_read)
    assert response.content == b"1"
    assert primary == ["INSERT", "SELECT"]
    assert replica == []


def test_after_a_post_the_writer_reads_from_the_primary_for_a_few_seconds():
    response, primary, _replica = serve(write_then_read, method="post", path="/interaction/write/")
    assert "INSERT" in primary
    cookie = response.cookies[WROTE_COOKIE]
    assert cookie["max-age"] == 10
    assert cookie["httponly"]

    response, primary, replica = serve(count_users, cookies={WROTE_COOKIE: cookie.value})
    assert response.content == b"1"
    assert primary == ["SELECT"]
    assert replica == []


def test_a_signed_in_staff_member_always_reads_from_the_primary():
    staff = get_user_model().objects.create(username="editor", is_staff=True)
    _response, primary, replica = serve(count_users, path="/", user=staff)
    assert primary == ["SELECT"]
    assert replica == []


def test_staff_pages_read_from_the_primary_even_before_sign_in():
    _response, primary, replica = serve(count_users, path="/manage/")
    assert primary == ["SELECT"]
    assert replica == []


def test_reads_inside_a_transaction_on_the_primary_stay_on_it():
    def in_transaction(request):
        with transaction.atomic():
            return count_users(request)

    _response, primary, replica = serve(in_transaction)
    assert "SELECT" in primary
    assert replica == []


def test_outside_a_web_request_everything_reads_the_primary():
    user_model = get_user_model()
    assert router.db_for_read(user_model) == "default"
    assert router.db_for_write(user_model) == "default"
    assert ReplicaRouter().allow_migrate(REPLICA, "core") is False
    assert ReplicaRouter().allow_migrate("default", "core") is True


def test_without_replicas_nothing_changes_and_no_cookie_is_set():
    with override_settings(GONGKAI_REPLICA_ALIASES=[]):
        response, primary, replica = serve(write_then_read, method="post")
    assert primary == ["INSERT", "SELECT"]
    assert replica == []
    assert WROTE_COOKIE not in response.cookies


def test_through_the_whole_middleware_stack_a_visitor_reads_the_replica_and_staff_the_primary(client):
    """The middleware sits after authentication in settings: the real stack, a real page."""
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = client.get("/organizations/")
    assert response.status_code == 200
    assert replica.captured_queries
    assert WROTE_COOKIE not in response.cookies

    response = client.post("/preferences/elder-mode/", {"on": "1", "next": "/organizations/"})
    # A form was sent: the answer marks the writer, and the test client keeps the cookie.
    assert response.cookies[WROTE_COOKIE]["max-age"] == 10
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = client.get("/organizations/")
    assert response.status_code == 200
    assert replica.captured_queries == []
    del client.cookies[WROTE_COOKIE]  # it has expired

    staff = get_user_model().objects.create(username="office", is_staff=True)
    client.force_login(staff)
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = client.get("/organizations/")
    assert response.status_code == 200
    assert replica.captured_queries == []
