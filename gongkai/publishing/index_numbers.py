"""Index numbers (索引号), spec §4.6(c): `{code}/{year}-{serial:05d}` unless the office sets another format."""

from __future__ import annotations

import string

PLACEHOLDERS = {"code", "year", "serial"}


def format_problem(fmt: str) -> str | None:
    """Why ``fmt`` cannot make unique index numbers, or None."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None}
    except ValueError:
        return "格式中的花括号不成对。"
    unknown = names - PLACEHOLDERS
    if unknown:
        return "格式中只能使用 {code}、{year}、{serial}，不认识：" + "、".join(sorted(unknown))
    if not {"year", "serial"} <= names:
        return "格式必须包含 {year} 和 {serial}，否则索引号会重复。"
    try:
        format_index(fmt, code="X", year=2019, serial=1)
    except (ValueError, KeyError, IndexError):
        return "格式写法有误，例如应写作 {serial:05d}。"
    return None


def format_index(fmt: str, *, code: str, year: int, serial: int) -> str:
    return fmt.format(code=code, year=year, serial=serial)
