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


# Home pages (首页区块): (kind, title, source, count) in order. The city shows every kind; 兰山区 its own
# selection: notices first, its news under its own name, the service entries high up, no key-area grid.
DEMO_BLOCKS = {
    "临沂市人民政府": [
        ("news", "", "news", 6),
        ("news", "", "notices", 6),
        ("latest", "", "", 8),
        ("popular", "", "", 6),
        ("policies", "政策文件与解读", "", 5),
        ("key_areas", "", "", None),
        ("consultations", "", "", 5),
        ("services", "", "", None),
        ("figures", "", "", None),
        ("hot_searches", "", "", 8),
    ],
    "临沂市兰山区人民政府": [
        ("news", "", "notices", 5),
        ("services", "", "", None),
        ("news", "兰山要闻", "news", 5),
        ("latest", "兰山区最新公开", "", 6),
        ("popular", "", "", 6),
        ("policies", "", "", 4),
        ("consultations", "", "", 3),
        ("figures", "", "", None),
    ],
}


def load_blocks(report=None) -> None:
    """The demo portals' home-page blocks, once: a site whose office has arranged blocks keeps them. A news
    block whose column the site's government lacks is left out."""
    from gongkai.core.actors import system

    from . import blocks, services

    actor = system("load_demo")
    for root_name, specs in DEMO_BLOCKS.items():
        site = Site.objects.filter(root__name=root_name).select_related("root").first()
        if site is None or site.blocks.exists():
            continue
        available = []
        for kind, title, source, count in specs:
            registered = blocks.get(kind)
            if registered is None:
                continue
            if registered.sources is not None and source not in dict(registered.sources(site)):
                continue
            available.append((kind, title, source, count))
        services.set_blocks(actor=actor, site=site, specs=available)
