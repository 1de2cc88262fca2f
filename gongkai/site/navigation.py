"""The public site's navigation: the main menu a portal shows, and the footer's links to the rest.

An entry whose URL does not exist yet is left out, so no menu ever links to a missing page. Every public
page stays reachable: what leaves the main menu (工作日计算, 机构设置, 年度报告, 工作要点落实) is linked from
the footer and the site map."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, only on a site that publishes it)
MAIN_MENU = [
    (_("首页"), "site:home", None),
    (_("政府信息公开"), "publishing:index", None),
    (_("政策文件"), "policy:index", None),
    # The 政府公报 is the city government's (设区的市人民政府公报); a county portal links to it from its map.
    (_("政府公报"), "gazette:index", "has_gazette"),
    (_("政民互动"), "interaction:index", None),
    (_("公众参与"), "participation:index", None),
    (_("依申请公开"), "foi:index", None),
    (_("搜索"), "search:index", None),
]

# Pages that are not in the main menu but must stay one click from every page.
MORE_LINKS = [
    (_("政府信息公开年报"), "reports:index"),
    (_("工作要点落实"), "supervision:index"),
    # Issue 22: the key-area registers (权责清单, 双公示, 双随机、一公开, 收费, 预决算) and the periodic data releases.
    (_("重点领域台账"), "registers:index"),
    (_("数据发布"), "datasets:index"),
    # Issue 23: 办事服务 (the service guides), the new-media accounts and the website annual report.
    (_("办事服务"), "guides:index"),
    (_("政务新媒体"), "newmedia:index"),
    (_("网站年度报表"), "webreports:index"),
    (_("访问统计"), "visits:index"),
    (_("机构设置"), "site:organizations"),
    (_("工作日计算"), "site:calendar"),
]

# The conventions of a Chinese government website's footer (网站地图, 联系我们).
CONVENTION_LINKS = [
    (_("网站地图"), "site:sitemap"),
    (_("联系我们"), "site:contact"),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def has_gazette(site) -> bool:
    return bool(getattr(site, "is_default", True))


CONDITIONS = {"has_gazette": has_gazette}


def main_menu(current_path: str, site=None) -> list[dict]:
    items = []
    for label, name, condition in MAIN_MENU:
        if condition and not CONDITIONS[condition](site):
            continue
        url = _url(name)
        if url is None:
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items


def links(entries) -> list[dict]:
    found = []
    for label, name in entries:
        url = _url(name)
        if url is not None:
            found.append({"label": label, "url": url})
    return found


def more_links() -> list[dict]:
    return links(MORE_LINKS)


def convention_links() -> list[dict]:
    return links(CONVENTION_LINKS)
