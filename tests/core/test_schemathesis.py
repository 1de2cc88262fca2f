"""Schemathesis over the whole OpenAPI document, against the WSGI application with the demo data loaded,
anonymous and with the demo openness office's token: no 5xx, every status documented, every body matching
its documented schema. PostgreSQL only: it is where NUL characters and out-of-range numbers fail (SQLite
stores them or fails differently), and CI runs the suite there too.

Bounded (a few examples per operation and mode, derandomized) so it stays within about two minutes on two
cores. Public writes need a challenge answer and may be rate-limited: they answer 4xx here, which is fine;
what matters is that nothing answers 5xx or breaks its schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai.api import api
from gongkai.core import services
from gongkai.core.actors import SYSTEM
from gongkai.core.demo import load_demo
from gongkai.core.models import User
from gongkai.wsgi import application

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the schemathesis run is for PostgreSQL"),
    pytest.mark.django_db,
]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 6

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "mode": "all",  # valid and invalid input
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "phases": {"stateful": {"enabled": False}},
    }
)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo site, loaded once for the module inside a transaction that is rolled back at its end (each
    test runs in a savepoint inside it)."""
    # The WSGI app closes the database connection when a request ends (Django's test client stops that the
    # same way): the transaction must survive every request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            load_demo()
            yield
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(demo_data, db):
    _, token = services.issue_token(actor=SYSTEM, staff=User.objects.get(username="admin"))
    return token


# Built at collection from the same document /api/v1/openapi.json serves; requests go to the WSGI app.
DOCUMENT = api.get_openapi_schema(path_prefix="/api/v1/")
SECURED = {(path, method) for path, methods in DOCUMENT["paths"].items() for method, op in methods.items() if op.get("security")}  # fmt: skip
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
schema.app = application


def is_staff_operation(ctx) -> bool:
    return (ctx.operation.path, ctx.operation.method.lower()) in SECURED


def fuzz(max_examples):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


@schema.exclude(func=is_staff_operation).parametrize()
@fuzz(MAX_EXAMPLES)
def test_public_operations_give_no_server_error_and_no_schema_break(case, demo_data, db):
    case.call_and_validate(checks=CHECKS)


@schema.include(func=is_staff_operation).parametrize()
@fuzz(2)
def test_staff_operations_refuse_anonymous_clients_with_the_envelope(case, demo_data, db):
    case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in {401, 404, 405, 415, 422}, response.status_code


@schema.include(func=is_staff_operation).parametrize()
@fuzz(MAX_EXAMPLES)
def test_staff_operations_give_no_server_error_and_no_schema_break(case, staff_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {staff_token}"}, checks=CHECKS)
