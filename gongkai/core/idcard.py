"""Chinese resident identity card numbers (居民身份证号码), GB 11643-1999.

18 characters: 6-digit area code, 8-digit birth date, 3-digit sequence, and a check character computed
with the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 modulo 11, mapped through "10X98765432".
"""

from __future__ import annotations

import datetime as dt
import re

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
PATTERN = re.compile(r"^[1-9]\d{16}[\dX]$")


def check_character(first17: str) -> str:
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def problem(number: str) -> str | None:
    """Why ``number`` is not a valid resident ID number, in Chinese; None if it is valid."""
    value = number.strip().upper()
    if not PATTERN.match(value):
        return "身份证号码应为18位，前17位为数字，最后一位为数字或X。"
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号码中的出生日期不存在，请核对。"
    if born.year < 1900 or born > dt.date.today():
        return "身份证号码中的出生日期不正确，请核对。"
    if check_character(value[:17]) != value[17]:
        return "身份证号码校验位不正确，请核对。"
    return None
