"""The demo's guides: loaded for the units that exist, twice without change; the city's inspection shows the
veto with the guide lacking 联系电话 and 办理流程, and 兰山区's site has its own guide."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.core import services as core_services
from gongkai.core.actors import SYSTEM
from gongkai.core.models import AuditEvent, OrgType
from gongkai.core.uscc import make_code
from gongkai.guides import demo
from gongkai.guides.models import ServiceGuide, Status
from gongkai.inspection import indicators
from tests.guides.conftest import COUNTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_units(tree, sites):
    shorts = sorted({row[0] for row in demo.GUIDES} - {"兰山区", "市教育局"})  # the tree has these two
    for n, short in enumerate(shorts):
        core_services.create_organization(
            actor=SYSTEM, parent=tree.city, name=f"临沂演示{short}", org_type=OrgType.DEPARTMENT, short_name=short,
            credit_code=make_code("1", "1", "371300", f"{n + 6100000:08d}"),
        )  # fmt: skip
    return sites


def test_the_demo_fills_the_public_pages_and_trips_the_veto_once_and_loads_again_unchanged(
    demo_units, citizen
):
    demo.load(None)
    assert ServiceGuide.objects.count() == len(demo.GUIDES)
    assert ServiceGuide.objects.filter(status=Status.DRAFT).count() == len(demo.DRAFT)
    outcome = indicators.get("VETO_SERVICE").compute(demo_units["city"], timezone.localdate())
    assert outcome.status == indicators.Status.RED
    assert [e.detail for e in outcome.items] == ["缺少：联系电话、办理流程"]
    assert "婚姻登记预约" in outcome.items[0].label
    assert "食品经营许可证核发" in citizen.get("/services/").content.decode()
    assert "城乡居民最低生活保障申请" in citizen.get("/services/", HTTP_HOST=COUNTY).content.decode()
    before = AuditEvent.objects.count()
    demo.load(None)
    assert AuditEvent.objects.count() == before
