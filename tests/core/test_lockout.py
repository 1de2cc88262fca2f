"""Lock-out counts per account and per account-and-address, never per address alone (issue 15: behind a
proxy, five failed logins locked the address and so every colleague)."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/manage/admin/login/?next=/manage/admin/"
PROXY = "10.20.30.40"


def test_failures_for_one_account_do_not_lock_a_colleague_behind_the_same_address(editor_a, reviewer_a):
    client = Client(REMOTE_ADDR=PROXY)
    for _ in range(5):
        client.post(LOGIN, {"username": "editor_a", "password": "wrong-password"})
    colleague = Client(REMOTE_ADDR=PROXY).post(LOGIN, {"username": "reviewer_a", "password": PASSWORD})
    assert colleague.status_code == 302
    assert colleague["Location"] == "/manage/admin/"


def test_five_failures_lock_the_account_from_every_address(editor_a):
    client = Client(REMOTE_ADDR=PROXY)
    for _ in range(4):
        assert client.post(LOGIN, {"username": "editor_a", "password": "wrong-password"}).status_code == 200
    assert client.post(LOGIN, {"username": "editor_a", "password": "wrong-password"}).status_code == 429
    other = Client(REMOTE_ADDR="192.0.2.7").post(LOGIN, {"username": "editor_a", "password": PASSWORD})
    assert other.status_code == 429


def test_guessing_one_password_from_many_addresses_still_locks_the_account(editor_a):
    for n in range(5):
        Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
            LOGIN, {"username": "editor_a", "password": "wrong-password"}
        )
    locked = Client(REMOTE_ADDR="198.51.100.99").post(LOGIN, {"username": "editor_a", "password": PASSWORD})
    assert locked.status_code == 429
