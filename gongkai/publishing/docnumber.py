"""Document numbers (发文字号), GB/T 9704-2012 §7.2.4 and spec §5.3.

A number is the issuing body's code (机关代字), the full four-digit year in hexagonal brackets 〔〕 (U+3014,
U+3015), and a serial without 第 or leading zeros, followed by 号: 国办发〔2019〕14号. Brackets that people
commonly type instead ([ ] ［ ］ ( ) （ ） 【 】 〈 〉) are replaced before validation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOC_NO = re.compile(r"^(?P<org>[\u4e00-\u9fff][\u4e00-\u9fff\d]*)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
_BRACKETS = re.compile(r"[\[［【(（〈<{｛]\s*(\d{4})\s*[\]］】)）〉>}｝]")


@dataclass(frozen=True)
class DocNumber:
    org: str
    year: int
    seq: int

    def __str__(self) -> str:
        return f"{self.org}〔{self.year}〕{self.seq}号"


def normalize(text: str) -> str:
    """Fix the common bracket mistakes and stray spaces; leaves anything else as it is."""
    text = re.sub(r"\s+", "", text or "")
    return _BRACKETS.sub(r"〔\1〕", text)


def parse(text: str) -> DocNumber | None:
    match = DOC_NO.match(normalize(text))
    if match is None:
        return None
    return DocNumber(match["org"], int(match["year"]), int(match["seq"]))


def problem(text: str) -> str | None:
    """Why a (normalized) number is malformed, in words an editor understands; None if it is fine."""
    value = normalize(text)
    if not value:
        return None
    if "〔" not in value or "〕" not in value:
        return "年份应使用六角括号〔〕并写全四位，例如：临政办字〔2019〕64号"
    if not re.search(r"〔\d{4}〕", value):
        return "年份应写全四位数字，例如〔2019〕"
    if not value.endswith("号"):
        return "文号应以“号”结尾，例如：临政办字〔2019〕64号"
    if re.search(r"〕第", value):
        return "序号前不加“第”字"
    if re.search(r"〕0", value):
        return "序号不编虚位（不加前导0），例如 1号 而不是 01号"
    if DOC_NO.match(value) is None:
        return "文号应由发文机关代字、〔年份〕和序号组成，例如：临政办字〔2019〕64号"
    return None
