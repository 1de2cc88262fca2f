from gongkai.sites.resolve import site_for_host

from .navigation import convention_links, main_menu, more_links
from .preferences import big_cursor_on, contrast_on, elder_mode_on, page_classes, text_size


def site(request):
    current = getattr(request, "site", None) or site_for_host(request.get_host())
    return {
        "site": current,
        "site_name": current.name,
        "site_id_code": current.id_code,
        "site_icp": current.icp,
        "site_psb_record": current.psb_record,
        "elder_mode": elder_mode_on(request),
        "main_menu": main_menu(request.path, current),
        "more_links": more_links(),
        "convention_links": convention_links(),
        "page_classes": page_classes(request),
        "text_size": text_size(request),
        "contrast_mode": contrast_on(request),
        "big_cursor": big_cursor_on(request),
    }
