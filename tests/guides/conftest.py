"""A city portal (localhost, testserver) and 兰山区's (lanshan.localhost), and guides to put on them."""

from __future__ import annotations

import pytest

from gongkai.core.actors import system
from gongkai.guides import services
from gongkai.sites import resolve
from gongkai.sites.models import Site, SiteHost

SYSTEM = system("tests")
CITY, COUNTY = "localhost", "lanshan.localhost"

COMPLETE = {
    "name": "食品经营许可证核发",
    "code": "371300-XK-001",
    "category": "legal",
    "basis": "《中华人民共和国食品安全法》第三十五条",
    "conditions": "有与经营的食品品种、数量相适应的经营场所",
    "materials": "1. 食品经营许可申请书\n2. 营业执照复印件",
    "place": "临沂市政务服务中心一楼12号窗口",
    "hours": "工作日上午9:00-12:00，下午13:30-17:00",
    "phone": "0539-8720123",
    "process": "申请 → 受理 → 审查 → 决定 → 送达",
    "fees": "不收费",
    "time_limit": "承诺3个工作日",
    "online_level": "full",
    "online_url": "https://zwfw.example.gov.cn/spfw/001",
}


def _site(root, name, hosts, *, default=False) -> Site:
    site = Site.objects.create(root=root, name=name, is_default=default)
    for n, host in enumerate(hosts):
        SiteHost.objects.create(site=site, host=host, is_primary=n == 0)
    return site


@pytest.fixture
def sites(tree):
    resolve.clear()
    city = _site(tree.city, "临沂市人民政府", [CITY, "testserver"], default=True)
    county = _site(tree.county, "临沂市兰山区人民政府", [COUNTY])
    return {"city": city, "county": county}


def make_guide(unit, *, publish=True, **changes):
    return services.save_guide(actor=SYSTEM, unit=unit, fields={**COMPLETE, **changes}, publish=publish)
