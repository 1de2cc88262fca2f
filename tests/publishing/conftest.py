import datetime as dt

import pytest

from gongkai.core.actors import SYSTEM
from gongkai.publishing import services
from gongkai.publishing.models import Column


@pytest.fixture
def catalogs(tree):
    for unit in (tree.city, tree.dept_a, tree.dept_b, tree.county):
        services.ensure_catalog(actor=SYSTEM, unit=unit)
    return tree


def column(unit, code="policy") -> Column:
    return Column.objects.get(unit=unit, code=code)


def valid_fields(**overrides) -> dict:
    fields = {
        "title": "临沂市发展和改革委员会关于做好2024年能源保供工作的通知",
        "summary": "部署今冬明春能源保供工作。",
        "doc_number": "临发改〔2024〕12号",
        "written_on": dt.date(2024, 3, 1),
        "topic": "国民经济管理",
        "genre": "通知",
        "body": "<p>各县区发展改革局：</p><p>现就做好能源保供工作通知如下。</p>",
    }
    fields.update(overrides)
    return fields


def make_item(unit, actor=SYSTEM, columns=None, **overrides):
    return services.create_item(
        actor=actor,
        unit=unit,
        columns=columns if columns is not None else [column(unit)],
        **valid_fields(**overrides),
    )


def publish(item, editor, reviewer):
    services.submit_item(actor=editor, item=item)
    return services.approve_item(actor=reviewer, item=item)
