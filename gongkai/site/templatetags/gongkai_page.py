"""The page conventions of the public shell: titles "页面 - 栏目 - 网站" without repeats, static files that a
sibling app may not ship yet."""

from __future__ import annotations

import re
from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

SEPARATOR = " - "


def title_parts(rendered: str, site_name: str) -> list[str]:
    """Split a page's rendered title block into parts, drop empty parts, parts equal to the site name and
    parts equal to the one before (a unit's guide on its own portal would read "指南 - 临沂市人民政府 -
    临沂市人民政府"), then end with the site name."""
    parts: list[str] = []
    for raw in rendered.split(SEPARATOR):
        part = raw.strip().strip("-").strip()
        if not part or part == site_name or (parts and parts[-1] == part):
            continue
        parts.append(part)
    return parts


class PageTitleNode(template.Node):
    def __init__(self, nodelist, site_name, var_name):
        self.nodelist = nodelist
        self.site_name = site_name
        self.var_name = var_name

    def render(self, context):
        site_name = str(conditional_escape(self.site_name.resolve(context) or ""))
        parts = title_parts(self.nodelist.render(context), site_name)
        # The template's later <meta> tags read the parts (ColumnName falls back to them).
        context[self.var_name] = [mark_safe(p) for p in parts]  # noqa: S308 (already escaped)
        return mark_safe(SEPARATOR.join([*parts, site_name]) if site_name else SEPARATOR.join(parts))  # noqa: S308


@register.tag
def page_title(parser, token):
    """``{% page_title site_name as parts %}{% block title %}{% endblock %}{% endpage_title %}``"""
    bits = token.split_contents()
    if len(bits) != 4 or bits[2] != "as":
        raise template.TemplateSyntaxError("usage: {% page_title site_name as parts %}…{% endpage_title %}")
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist, parser.compile_filter(bits[1]), bits[3])


@lru_cache(maxsize=32)
def _exists(path: str) -> bool:
    return bool(finders.find(path))


@register.simple_tag
def static_if_present(path: str) -> str:
    """The URL of a static file, or "" when no app ships it (a theme file another app provides)."""
    return static(path) if _exists(path) else ""


@register.simple_tag
def column_name(parts, column=None, default="") -> str:
    """ColumnName of the national guide: the page's column if the view names one, else the 栏目 part of the
    title (the second part on a detail page "页面 - 栏目", the page itself on a list page)."""
    name = getattr(column, "name", "") if column else ""
    if name:
        return name
    if parts:
        return parts[1] if len(parts) > 1 else parts[0]
    return default


# Objects whose own summary describes the page better than the site's description, as views name them.
DESCRIBED = (
    "item",
    "consultation",
    "meeting",
    "proposal",
    "issue",
    "report",
    "plan",
    "column",
    "organization",
)
SUMMARY_FIELDS = ("summary", "description", "functions", "intro")


@register.simple_tag(takes_context=True)
def page_description(context) -> str:
    """<meta name="description">: the summary of the page's record where it has one, else the site's."""
    for key in DESCRIBED:
        obj = context.get(key)
        if obj is None or isinstance(obj, str):
            continue
        for field in SUMMARY_FIELDS:
            text = getattr(obj, field, "")
            if isinstance(text, str) and text.strip():
                name = getattr(obj, "name", "")
                if isinstance(name, str) and name and len(text.strip()) < 20:
                    # A column's 栏目说明 is often a few words ("重点领域信息公开。"): say whose column it is.
                    unit = context.get("unit")
                    owner = getattr(unit, "name", "") if unit is not None and unit is not obj else ""
                    text = f"{owner}{name}：{text}" if owner else f"{name}：{text}"
                return _plain(text)
    site = context.get("site")
    description = getattr(site, "description", "") if site else ""
    if description:
        return description
    name = getattr(site, "name", "") if site else ""
    return f"{name}：政府信息公开、政策文件、政民互动和依申请公开。" if name else ""


def _plain(text: str, limit: int = 150) -> str:
    from django.utils.html import strip_tags

    flat = " ".join(strip_tags(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# ColumnType: the function of the section a page belongs to, in the categories of the 政府网站发展指引
# (国办发〔2017〕47号): 信息发布, 解读回应, 办事服务, 互动交流; 首页 and 检索 for the home and search pages.
SECTION_TYPES = (
    ("/xxgk/", "信息发布"),
    ("/policy/", "解读回应"),
    ("/gazette/", "信息发布"),
    ("/reports/", "信息发布"),
    ("/supervision/", "信息发布"),
    ("/organizations/", "信息发布"),
    ("/foi/", "办事服务"),
    ("/calendar/", "办事服务"),
    ("/interaction/", "互动交流"),
    ("/participation/", "互动交流"),
    ("/search/", "检索"),
)


@register.simple_tag
def column_type(path: str) -> str:
    if path == "/":
        return "首页"
    for prefix, kind in SECTION_TYPES:
        if path.startswith(prefix):
            return kind
    return "其他"


META_NAME = re.compile(r"""<meta\s+name=["']([A-Za-z]+)["']""")


class NationalMetaNode(template.Node):
    """The column-level <meta> tags of the national guide on every page: a page's own ``{% block meta %}``
    goes first and whatever names it leaves out get the shell's defaults."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        own = self.nodelist.render(context)
        present = set(META_NAME.findall(own))
        parts = context.get("title_parts") or []
        site = context.get("site")
        site_name = getattr(site, "name", "") or ""
        request = context.get("request")
        column = column_name(parts, context.get("column"), site_name)
        description = ""
        col = context.get("column")
        if col is not None and not isinstance(col, str):
            description = _plain(getattr(col, "description", "") or "")
        defaults = {
            "ColumnName": column,
            "ColumnDescription": description or page_description(context),
            "ColumnKeywords": f"{column},{site_name}" if site_name and column != site_name else column,
            "ColumnType": column_type(request.path if request else ""),
        }
        tags = [
            format_html('<meta name="{}" content="{}">', name, value)
            for name, value in defaults.items()
            if name not in present
        ]
        return mark_safe("\n  ".join([*tags, own.strip()]))  # noqa: S308 (each part escaped)


@register.tag
def national_meta(parser, token):
    """``{% national_meta %}{% block meta %}{% endblock %}{% endnational_meta %}``"""
    nodelist = parser.parse(("endnational_meta",))
    parser.delete_first_token()
    return NationalMetaNode(nodelist)
