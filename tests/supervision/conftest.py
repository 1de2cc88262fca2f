import pytest

from gongkai.core.demo import load_demo
from gongkai.core.models import Organization
from gongkai.supervision.annex import read_file
from gongkai.supervision.importer import import_plan
from tests.paths import SEED

__all__ = ["SEED"]


@pytest.fixture
def linyi(db):
    """The demo's Linyi tree (every unit the annex names, with the spellings it uses)."""
    load_demo()
    return Organization.objects.get(name="临沂市人民政府")


@pytest.fixture
def seed_plan(linyi):
    return import_plan(actor=None, table=read_file(SEED)).plan


@pytest.fixture
def office_user(linyi):
    from gongkai.core.models import User

    return User.objects.get(username="admin")
