"""The demo data (``load_demo``) as a module-scoped fixture: put back once per test module from the session's
snapshot (tests/demo_snapshot.py), rolled back after it.

Each test of the module runs in a savepoint inside that transaction, as with Django's ``setUpTestData``; the
data never leaks into other modules' tests.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from tests.demo_snapshot import restore


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_snapshots, tmp_path_factory):
    """The demo data, put back once for this module and rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # as Django's class-wide atomic: a durable service may run inside it
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")):
                restore(demo_snapshots["full"])
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)  # the next test forgets its content types (tests/conftest.py)
