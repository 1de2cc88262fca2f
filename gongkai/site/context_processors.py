from gongkai.sites.resolve import site_for_host

from .navigation import main_menu
from .preferences import elder_mode_on


def site(request):
    current = getattr(request, "site", None) or site_for_host(request.get_host())
    return {
        "site": current,
        "site_name": current.name,
        "site_id_code": current.id_code,
        "site_icp": current.icp,
        "site_psb_record": current.psb_record,
        "elder_mode": elder_mode_on(request),
        "main_menu": main_menu(request.path),
    }
