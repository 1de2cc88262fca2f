"""Demo sites: the city portal on localhost / 127.0.0.1, 兰山区's on lanshan.localhost (browsers send every
``*.localhost`` name to the loopback, so no DNS set-up is needed)."""

from __future__ import annotations

from gongkai.core.models import Organization

from .models import Site, SiteHost, Theme

DEMO_SITES = [
    {
        "root": "临沂市人民政府",
        "name": "临沂市人民政府",
        "hosts": ["localhost", "127.0.0.1", "testserver"],
        "is_default": True,
        "theme": Theme.RED,
        "id_code": "3713000001",
        "icp": "鲁ICP备05001876号",
        "psb_record": "鲁公网安备 37130202000101号",
        "description": "临沂市人民政府门户网站：政府信息公开、政策文件及解读、政民互动、依申请公开。",
        "contact_address": "山东省临沂市北城新区府右路11号",
        "contact_postcode": "276001",
        "contact_phone": "0539-8720222",
        "contact_email": "lyszfwz@linyi.gov.cn",
    },
    {
        "root": "临沂市兰山区人民政府",
        "name": "临沂市兰山区人民政府",
        "hosts": ["lanshan.localhost"],
        "is_default": False,
        "theme": Theme.BLUE,
        "id_code": "3713020001",
        "icp": "鲁ICP备05002871号",
        "psb_record": "鲁公网安备 37130202000123号",
        "description": "临沂市兰山区人民政府门户网站：兰山区政府信息公开、政策文件、政民互动。",
        "contact_address": "山东省临沂市兰山区金雀山路1号",
        "contact_postcode": "276002",
        "contact_phone": "0539-8211678",
        "contact_email": "lsqzfb@lanshan.gov.cn",
    },
]


def load(report=None) -> None:
    for spec in DEMO_SITES:
        root = Organization.objects.filter(name=spec["root"]).first()
        if root is None:
            continue
        fields = {k: v for k, v in spec.items() if k not in ("root", "hosts")}
        site, _ = Site.objects.get_or_create(root=root, defaults=fields)
        for i, host in enumerate(spec["hosts"]):
            SiteHost.objects.get_or_create(host=host, defaults={"site": site, "is_primary": i == 0})
