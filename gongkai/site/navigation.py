"""The public site's main navigation. Each module adds its entry here when it is built; an entry whose
URL does not exist yet is left out, so the menu never links to a missing page."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MAIN_MENU = [
    (_("首页"), "site:home"),
    (_("政府信息公开"), "publishing:index"),
    (_("政策文件"), "policy:index"),
    (_("政府公报"), "gazette:index"),
    (_("政民互动"), "interaction:index"),
    (_("公众参与"), "participation:index"),
    (_("依申请公开"), "foi:index"),
    (_("年度报告"), "reports:index"),
    (_("工作要点落实"), "supervision:index"),
    (_("机构设置"), "site:organizations"),
    (_("工作日计算"), "site:calendar"),
    (_("搜索"), "search:index"),
]


def main_menu(current_path: str) -> list[dict]:
    items = []
    for label, name in MAIN_MENU:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items
