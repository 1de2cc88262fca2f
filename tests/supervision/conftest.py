import pytest

from gongkai.core.actors import system
from gongkai.core.demo import load_demo
from gongkai.core.models import Organization
from gongkai.supervision import services
from gongkai.supervision.annex import read_file
from tests.paths import SEED

__all__ = ["SEED"]

IMPORTER = system("import_workplan")  # the seed plan comes in as the command line imports it


@pytest.fixture
def linyi(db):
    """The demo's Linyi tree (every unit the annex names, with the spellings it uses)."""
    load_demo()
    return Organization.objects.get(name="临沂市人民政府")


@pytest.fixture
def seed_plan(linyi):
    return services.import_plan(actor=IMPORTER, table=read_file(SEED)).plan


@pytest.fixture
def office_user(linyi):
    from gongkai.core.models import User

    return User.objects.get(username="admin")


def staff(username):
    from gongkai.core.models import User

    return User.objects.get(username=username)


def assignment_of(plan, order, short_name):
    from gongkai.supervision.models import Assignment

    return Assignment.objects.get(task__plan=plan, task__order=order, unit__short_name=short_name)


def published(unit, day, title, *, area=None, column_codes=(), hour=10):
    """An item the unit published on ``day`` (import_item keeps the original date)."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.core.actors import SYSTEM
    from gongkai.publishing import services as publishing
    from gongkai.publishing.models import Column, KeyArea

    publishing.ensure_catalog(actor=SYSTEM, unit=unit)
    return publishing.import_item(
        actor=SYSTEM, unit=unit, published_at=timezone.make_aware(dt.datetime.combine(day, dt.time(hour))),
        columns=list(Column.objects.filter(unit=unit, code__in=column_codes)),
        key_areas=list(KeyArea.objects.filter(code=area)) if area else [], title=title, summary=title,
        topic="综合政务", genre="通知", written_on=day - dt.timedelta(days=2), body=f"<p>{title}</p>",
    )  # fmt: skip
