"""The demo data (``load_demo``) as a module-scoped fixture: loaded once per test module, rolled back after it.

Each test of the module runs in a savepoint inside that transaction, as with Django's ``setUpTestData``; the
data never leaks into other modules' tests. Callbacks deferred to commit (search indexing) do not run.
"""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # as Django's class-wide atomic: a durable service may run inside it
        outer.__enter__()
        try:
            with override_settings(DEBUG=True), open(os.devnull, "w") as quiet:
                call_command("load_demo", stdout=quiet)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
