"""Masking personal data for anything shown outside the handling unit (spec §7.2).

Names keep the surname (张*); mobile numbers keep the first 3 and last 4 digits; landlines keep the area code
and the last 2; identity-card numbers (with a valid GB 11643 check character) keep the first and last
character; plate numbers keep their first 2 characters; street addresses keep the road and lose the number.
"""

from __future__ import annotations

import re

from . import idcard

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
ORGANIZATION_SUFFIX = re.compile(
    r"(公司|中心|协会|事务所|研究院|大学|学院|委员会|局|厅|部|组织|集团|合作社|商会)$"
)

MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{5,6})(\d{2})(?!\d)")
ID_CARD = re.compile(r"(?<![\dXx])([1-9]\d{16}[\dXx])(?![\dXx])")
PLATE = re.compile(
    r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z])([A-HJ-NP-Z0-9]{5,6})"
)
HOUSE_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12}(?:路|街|大道|巷|胡同|小区|村|社区))(\d+号(?:院|楼)?(?:\d+(?:号楼|栋|幢|单元|室|号))*)"
)


def name(value: str) -> str:
    """Keep the surname, mask the rest: 张三 -> 张*, 欧阳修远 -> 欧阳**; organizations are kept."""
    value = value.strip()
    if not value or len(value) > 6 or ORGANIZATION_SUFFIX.search(value):
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


def text(value: str, names: tuple[str, ...] | list[str] = ()) -> str:
    """Mask the personal data found in free text; ``names`` are people known to be mentioned (the writer)."""

    def mask_id(match: re.Match) -> str:
        number = match.group(1)
        return id_number(number) if idcard.problem(number) is None else number

    value = ID_CARD.sub(mask_id, value)
    value = MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", value)
    value = LANDLINE.sub(lambda m: f"{m.group(1)}-{'*' * len(m.group(2))}{m.group(3)}", value)
    value = PLATE.sub(lambda m: m.group(1) + "*" * len(m.group(2)), value)
    value = HOUSE_NUMBER.sub(lambda m: m.group(1) + "**号", value)
    for person in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        if len(person) >= 2 and not ORGANIZATION_SUFFIX.search(person):
            value = value.replace(person, name(person))
    return value
