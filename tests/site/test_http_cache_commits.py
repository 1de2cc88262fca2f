"""The content version moves on when a change commits (issue 19): these tests commit for real
(``transaction=True``), so the pages learn of a publish exactly as they do on a running server."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from gongkai.core import audit, page_version
from gongkai.core import services as core
from gongkai.core.actors import SYSTEM
from tests.publishing.conftest import catalogs, make_item, publish
from tests.site.test_http_cache import use_store

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["catalogs"]

TITLE = "临沂市发展和改革委员会关于做好2026年冬季能源保供工作的通知"


@pytest.fixture(autouse=True)
def _standard_catalog(transactional_db):
    """The catalog template the migrations load: a transactional test run before this one (a browser journey)
    flushed it with every other row, and restoring a serialized copy clashes with the content types the flush
    recreates. It is loaded again, as the migration does (idempotent)."""
    from django.apps import apps

    from gongkai.publishing import standard
    from gongkai.publishing.models import PublishingConfig

    standard.load(apps)
    if not PublishingConfig.objects.exists():
        PublishingConfig.objects.create()


@pytest.fixture(autouse=True)
def _own_version_file(settings, tmp_path):
    settings.GONGKAI_PAGE_VERSION_FILE = tmp_path / "page-version"


@pytest.fixture(params=["local", "shared"])
def store(request, settings, tmp_path):
    return use_store(request.param, settings, tmp_path)


def test_a_publish_moves_the_pages_on_at_once(catalogs, store, editor_a, reviewer_a):
    client = Client()
    home = client.get("/")
    xxgk = client.get(f"/xxgk/{catalogs.dept_a.pk}/")
    assert TITLE not in home.text
    assert client.get("/", headers={"if-none-match": home.headers["ETag"]}).status_code == 304

    item = publish(make_item(catalogs.dept_a, actor=editor_a, title=TITLE), editor_a, reviewer_a)
    assert item.status == "published"

    again = client.get("/", headers={"if-none-match": home.headers["ETag"]})
    assert again.status_code == 200 and TITLE in again.text
    assert again.headers["ETag"] != home.headers["ETag"] and "public" in again.headers["Cache-Control"]
    listing = client.get(f"/xxgk/{catalogs.dept_a.pk}/", headers={"if-none-match": xxgk.headers["ETag"]})
    assert listing.status_code == 200
    page = client.get(f"/xxgk/items/{item.pk}/")
    assert page.status_code == 200 and TITLE in page.text and "public" in page.headers["Cache-Control"]
    assert (
        client.get(f"/xxgk/items/{item.pk}/", headers={"if-none-match": page.headers["ETag"]}).status_code
        == 304
    )


def test_a_scanners_change_moves_the_pages_on_too(catalogs, store):
    before = Client().get("/organizations/")
    core.update_organization(actor=SYSTEM, organization=catalogs.dept_a, phone="0539-8888888")
    after = Client().get("/organizations/", headers={"if-none-match": before.headers["ETag"]})
    assert after.status_code == 200


def test_a_change_that_rolls_back_leaves_the_pages_as_they_were(catalogs, store, editor_a):
    before = Client().get("/")
    with pytest.raises(RuntimeError), transaction.atomic():
        make_item(catalogs.dept_a, actor=editor_a, title="回滚的通知")
        raise RuntimeError
    assert Client().get("/", headers={"if-none-match": before.headers["ETag"]}).status_code == 304


@pytest.fixture
def bumps(monkeypatch) -> list[int]:
    """Each time the version really moves on (after a commit)."""
    done: list[int] = []
    real = page_version.bump

    def counted():
        done.append(1)
        real()

    monkeypatch.setattr(page_version, "bump", counted)
    return done


def test_a_transaction_moves_the_version_on_once_however_many_records_it_writes(catalogs, bumps):
    with transaction.atomic():
        for n in range(5):
            with transaction.atomic():  # a savepoint each, released
                audit.record(actor=SYSTEM, action="test.changed", object_repr=f"第{n}条")
        assert bumps == []  # not before the commit
    assert len(bumps) == 1


def test_a_savepoint_rolled_back_keeps_the_change_of_the_rest(catalogs, bumps):
    with transaction.atomic():
        try:
            with transaction.atomic():
                audit.record(actor=SYSTEM, action="test.changed", object_repr="回滚")
                raise RuntimeError
        except RuntimeError:
            pass
        audit.record(actor=SYSTEM, action="test.changed", object_repr="保留")
    assert len(bumps) == 1


def test_a_transaction_rolled_back_moves_nothing(catalogs, bumps):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=SYSTEM, action="test.changed", object_repr="回滚")
        raise RuntimeError
    assert bumps == []
