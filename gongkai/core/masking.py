"""Masking personal data for anything shown outside the handling unit (spec §7.2)."""

from __future__ import annotations

import re

COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
)


def name(value: str) -> str:
    """Keep the surname, mask the rest: 张三 -> 张*, 欧阳修远 -> 欧阳**; organizations are kept."""
    value = value.strip()
    if (
        not value
        or len(value) > 6
        or re.search(r"(公司|中心|协会|事务所|研究院|大学|学院|委员会|局|厅|部|组织|集团)$", value)
    ):
        return value
    surname = next((s for s in COMPOUND_SURNAMES if value.startswith(s)), value[0])
    return surname + "*" * (len(value) - len(surname))


def phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]
    return "*" * len(digits)


def id_number(value: str) -> str:
    value = value.strip()
    return value[:1] + "*" * max(len(value) - 2, 0) + value[-1:] if len(value) > 2 else "*" * len(value)
