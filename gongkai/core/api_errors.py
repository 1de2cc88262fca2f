"""The API's error envelope `{"error": {"code", "message", "fields"}}`, its Chinese messages, and the checks
every request's text passes before any view sees it (control characters, oversized integers).

One place decides what input is refused, so no endpoint can forget it: the middleware checks the URL
(path and query), the JSON parser of the API checks every string and number of a JSON body.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema

# C0 control characters except tab, line feed and carriage return, and lone UTF-16 surrogates (they can come
# from a JSON "\ud800" escape). PostgreSQL refuses NUL in text; XML 1.0 (feeds, sitemaps, Word exports)
# refuses the other C0 characters; a lone surrogate cannot be encoded as UTF-8 at all. None of them can be
# typed by a person.
BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

# The largest integer the database stores (PostgreSQL bigint, SQLite INTEGER). A larger one in a request can
# only be a mistake or a probe; it would fail as "bigint out of range" deep in a query.
MAX_INTEGER = 2**63 - 1

INVALID_MESSAGE = gettext_lazy("请求参数不正确，请检查后重试。")
BAD_CHARACTER_MESSAGE = gettext_lazy("含有不允许的控制字符。")
INTEGER_RANGE_MESSAGE = gettext_lazy("数值超出允许范围。")


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(Schema):
    """Every 4xx and 5xx answer of the API."""

    error: ErrorDetail


def envelope(code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def has_bad_characters(text: str) -> bool:
    return BAD_CHARACTERS.search(text) is not None


def strip_bad_characters(text: str) -> str:
    return BAD_CHARACTERS.sub("", text)


class BadBody(Exception):
    """A JSON body the API refuses before validation; `status` and `fields` make the answer."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, problem) for every string, key and number in a parsed JSON document that is refused."""
    if isinstance(value, str):
        if has_bad_characters(value):
            yield path, str(BAD_CHARACTER_MESSAGE)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if abs(value) > MAX_INTEGER:
            yield path, str(INTEGER_RANGE_MESSAGE)
    elif isinstance(value, float):
        if not math.isfinite(value):
            yield path, str(INTEGER_RANGE_MESSAGE)
    elif isinstance(value, dict):
        for key, item in value.items():
            if has_bad_characters(key):
                yield (*path, strip_bad_characters(key)), str(BAD_CHARACTER_MESSAGE)
            else:
                yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, str(index)))


def check_json_values(data: Any) -> None:
    """Raise BadBody (422) naming each field that carries a control character or an out-of-range number."""
    fields = {".".join(path) or "request": problem for path, problem in _walk(data, ())}
    if fields:
        raise BadBody(422, "invalid", str(INVALID_MESSAGE), fields)


def documents(*statuses: int) -> Callable:
    """Declare error statuses an operation answers beyond those the API documents by itself (see
    gongkai.api.GongkaiAPI), e.g. `@documents(409)` on an endpoint that refuses a reused submission key.
    Put it under the router decorator."""

    def mark(view):
        view.documented_errors = tuple(sorted({*getattr(view, "documented_errors", ()), *statuses}))
        return view

    return mark


def describe_pydantic_error(item: dict) -> str:
    kind = item.get("type", "")
    ctx = item.get("ctx") or {}
    if kind == "missing":
        return _("此项为必填项。")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("日期格式应为 YYYY-MM-DD，且须是真实存在的日期。")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("应为整数。")
    if kind in {"int_parsing_size", "int_out_of_range"}:
        return str(INTEGER_RANGE_MESSAGE)
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
