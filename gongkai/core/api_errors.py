"""Chinese messages for the request-validation errors pydantic reports."""

from __future__ import annotations

from django.utils.translation import gettext as _


def describe_pydantic_error(item: dict) -> str:
    kind = item.get("type", "")
    ctx = item.get("ctx") or {}
    if kind == "missing":
        return _("此项为必填项。")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("日期格式应为 YYYY-MM-DD，且须是真实存在的日期。")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("应为整数。")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("不能小于 %(limit)s。") % {"limit": ctx.get("ge", ctx.get("gt", ""))}
    if kind in {"less_than_equal", "less_than"}:
        return _("不能大于 %(limit)s。") % {"limit": ctx.get("le", ctx.get("lt", ""))}
    if kind in {"string_too_long"}:
        return _("内容过长。")
    if kind in {"string_too_short"}:
        return _("内容过短。")
    if kind in {"enum", "literal_error"}:
        return _("取值不在允许范围内。")
    if kind in {"bool_parsing", "bool_type"}:
        return _("应为 true 或 false。")
    return _("取值不正确。")
