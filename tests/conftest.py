"""Shared personas: an openness office, editors and reviewers of two departments, a county."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from gongkai.core import services
from gongkai.core.actors import SYSTEM
from gongkai.core.models import OrgType, User
from gongkai.core.roles import Role
from gongkai.core.uscc import make_code

PASSWORD = "correct-horse-battery-9"


class Tree:
    """City government with two departments and a county that has a street office."""

    def __init__(self):
        org = self._org
        self.city = org("临沂市人民政府", None, OrgType.GOVERNMENT, "市政府")
        self.dept_a = org("临沂市发展和改革委员会", self.city, OrgType.DEPARTMENT, "市发展改革委")
        self.dept_b = org("临沂市教育局", self.city, OrgType.DEPARTMENT, "市教育局")
        self.county = org("临沂市兰山区人民政府", self.city, OrgType.COUNTY, "兰山区")
        self.street = org("兰山街道办事处", self.county, OrgType.TOWNSHIP, "兰山街道")

    _serial = 0

    def _org(self, name, parent, org_type, short_name):
        Tree._serial += 1
        code = make_code("1", "1", "371300", f"{Tree._serial + 5000000:08d}")
        return services.create_organization(
            actor=SYSTEM, parent=parent, name=name, org_type=org_type, short_name=short_name, credit_code=code
        )


@pytest.fixture(scope="session", autouse=True)
def _own_shared_state(tmp_path_factory):
    """What the application's processes share lies with this test process alone: the content version's file
    (``GONGKAI_PAGE_VERSION_FILE``, under var/ otherwise: another process's bump would move this one's) and,
    under pytest-xdist, a Redis database of its own (REDIS_URL's number minus the worker's), because a test
    empties the cache (``cache.clear()`` is FLUSHDB). Programs the tests start inherit the Redis database
    through the environment."""
    import copy
    import os
    from urllib.parse import urlsplit, urlunsplit

    from django.test import override_settings

    overrides = {"GONGKAI_PAGE_VERSION_FILE": tmp_path_factory.mktemp("shared") / "page-version"}
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if settings.REDIS_URL and worker.startswith("gw"):
        parts = urlsplit(settings.REDIS_URL)
        db = int(parts.path.strip("/") or 0) - int(worker.removeprefix("gw"))
        assert db >= 0, f"{settings.REDIS_URL}: too low a database number for {worker}"
        url = urlunsplit(parts._replace(path=f"/{db}"))
        caches = copy.deepcopy(settings.CACHES)
        caches["default"]["LOCATION"] = url
        os.environ["REDIS_URL"] = url
        overrides.update(REDIS_URL=url, CACHES=caches)
    with override_settings(**overrides):
        yield


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no submissions counted (the counters live in the cache)."""
    from django.core.cache import cache

    from gongkai.core import antiabuse

    cache.clear()
    antiabuse._local.clear()


@pytest.fixture(autouse=True)
def _fresh_site_directory(request):
    """The process keeps a directory of sites (host name -> site); a test's rolled-back sites must not
    outlive it (a rollback sends no delete signal). A test with the database reads it at once, as a
    running server has it read: the first request a test measures costs no more queries than the next."""
    from gongkai.sites import resolve

    resolve.clear()
    names = request.fixturenames
    if "db" in names and not {"transactional_db", "live_server"} & set(names):
        request.getfixturevalue("db")  # the test asked for it anyway; open it before reading
        resolve.directory()
    yield
    resolve.clear()


@pytest.fixture(autouse=True)
def _own_search_index(settings, tmp_path_factory):
    """Each test's search engine has an index directory of its own: a test's rolled-back database must not
    meet the index another test left (the engine would also notice, by the change log, and rebuild)."""
    import uuid

    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path_factory.getbasetemp() / "search-index" / uuid.uuid4().hex


@pytest.fixture
def tree(db) -> Tree:
    return Tree()


def _staff(username, unit, role) -> User:
    return services.create_staff(
        actor=SYSTEM,
        username=username,
        unit=unit,
        role=role,
        full_name=username,
        password=PASSWORD,
        validate=False,
    )


@pytest.fixture
def office(tree) -> User:
    """The city's openness office (公开办): supervises the whole tree."""
    return _staff("office", tree.city, Role.OPENNESS_OFFICE)


@pytest.fixture
def county_office(tree) -> User:
    return _staff("county_office", tree.county, Role.OPENNESS_OFFICE)


@pytest.fixture
def editor_a(tree) -> User:
    return _staff("editor_a", tree.dept_a, Role.EDITOR)


@pytest.fixture
def reviewer_a(tree) -> User:
    return _staff("reviewer_a", tree.dept_a, Role.REVIEWER)


@pytest.fixture
def admin_a(tree) -> User:
    return _staff("admin_a", tree.dept_a, Role.UNIT_ADMIN)


@pytest.fixture
def editor_b(tree) -> User:
    return _staff("editor_b", tree.dept_b, Role.EDITOR)


@pytest.fixture
def admin_b(tree) -> User:
    return _staff("admin_b", tree.dept_b, Role.UNIT_ADMIN)


@pytest.fixture
def reviewer_b(tree) -> User:
    """Another unit's reviewer (市教育局): may review, but only its own unit's records."""
    return _staff("reviewer_b", tree.dept_b, Role.REVIEWER)


@pytest.fixture
def citizen() -> Client:
    return Client()


def logged_in(user: User) -> Client:
    """A back-office session for ``user``; an office or unit admin (two-factor sign-in required) gets a
    confirmed authenticator and a session that passed the second step, as after a real sign-in."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.role in settings.GONGKAI_2FA_REQUIRED_ROLES:
        pass_second_step(client, user)
    return client


def pass_second_step(client: Client, user: User):
    """Give ``user`` a confirmed TOTP device (if it has none) and mark the client's session verified with
    it, as ``django_otp.login`` does after a right code. Returns the device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试身份验证器", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def api_client(user: User) -> Client:
    _, raw = services.issue_token(actor=SYSTEM, staff=user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = TEST_SETTINGS["PASSWORD_HASHERS"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; every test starts with none. The lexicon forgets the domain
    words, synonyms and best bets it read (they read them again when the content version
    moves, and a rolled-back test's words move nothing): a test's words are read from its own database. The
    content types Django keeps per process are forgotten too: a test that put the demo back in its own
    transaction (tests/demo_snapshot.py) read them from rows its rollback removed."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    from gongkai.search import lexicon

    cache.clear()
    lexicon.forget()
    ContentType.objects.clear_cache()
    yield
    cache.clear()
    ContentType.objects.clear_cache()


IMMEDIATE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Tasks run as they are enqueued (after commit), in the test's own process: the immediate backend."""
    settings.TASKS = IMMEDIATE_TASKS


# What the autouse fixtures above give every test; the demo snapshot is taken under the same.
TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": IMMEDIATE_TASKS,
}


@pytest.fixture(scope="session")
def demo_snapshots(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's data, loaded once per session and put back per test (tests/demo_snapshot.py)."""
    from tests.demo_snapshot import take_stages

    with django_db_blocker.unblock():
        return take_stages(tmp_path_factory.mktemp("demo"))
