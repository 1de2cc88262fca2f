from django.conf import settings

from .navigation import main_menu
from .preferences import elder_mode_on


def site(request):
    return {
        "site_name": settings.GONGKAI_SITE_NAME,
        "site_id_code": settings.GONGKAI_SITE_ID_CODE,
        "site_icp": settings.GONGKAI_ICP,
        "site_psb_record": settings.GONGKAI_PSB_RECORD,
        "elder_mode": elder_mode_on(request),
        "main_menu": main_menu(request.path),
    }
