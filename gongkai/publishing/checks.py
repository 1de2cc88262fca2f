"""Pre-publication checks: each finding blocks or warns, with an explanation an editor can act on.

Pure rules over a plain description of the item; the service layer supplies the lexicon and a function
that says whether an internal link leads somewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import docnumber

BLOCK, WARN = "block", "warn"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    field: str
    message: str


@dataclass(frozen=True)
class Term:
    term: str
    kind: str  # "forbidden" or "misspelling"
    severity: str
    correction: str = ""
    note: str = ""


@dataclass
class Draft:
    title: str = ""
    summary: str = ""
    doc_number: str = ""
    written_on: dt.date | None = None
    topic: str = ""
    genre: str = ""
    disclosure_mode: str = "proactive"
    nondisclosure_reason: str = ""
    validity: str = "valid"
    validity_changed_on: dt.date | None = None
    column_count: int = 0
    text: str = ""  # the body as plain text
    links: list[str] = field(default_factory=list)
    attachment_names: list[str] = field(default_factory=list)


REQUIRED = [
    ("title", "标题"),
    ("summary", "内容概述"),
    ("written_on", "成文日期"),
    ("topic", "主题分类"),
    ("genre", "体裁"),
]

# "附件：1.XXX 2.YYY", "附件：XXX" or "附件1：XXX" at the start of a line, as GB/T 9704 writes the
# attachment note (附件说明).
_ATTACHMENT_NOTE = re.compile(r"^\s*附\s*件\s*(\d*)\s*[：:]\s*(.+)")
_NUMBERED = re.compile(r"(?:^|\s)\d+[.．、]\s*")
# An attachment placed in the body itself (GB/T 9704 §7.5): a line "附件" or "附件2" alone, its title next.
_INLINE_HEADING = re.compile(r"^\s*附\s*件\s*(\d*)\s*$")
# Mentions in the running text: 附件《X》 / 附件2《X》, 附件2：X (a name only in 书名号 or after a colon), and
# 见附件 / 详见附件2 / 如附件一 / 见附件1-3 (a number at most: what follows 见附件 is never taken as a name, it is
# as often 格式, 要求 or 下载). Attachment numbers may be written 1 or 一.
_CN_DIGITS = "一二三四五六七八九十"
_NUMBER = rf"(\d+|[{_CN_DIGITS}]{{1,3}})?"
_QUOTED = re.compile(rf"附\s*件\s*{_NUMBER}\s*[：:]?\s*《([^《》\n]{{1,80}})》")
_COLON = re.compile(rf"附\s*件\s*{_NUMBER}\s*[：:]\s*([^\s，。；;,、！!？?）)（(《》“”\"]{{1,60}})")
# 见/如 of a word of its own (意见, 比如, 例如) is no reference: 反馈意见附件, 比如附件大小.
_SEE = re.compile(
    rf"(?<![意比例])(?:见|如)\s*附\s*件\s*{_NUMBER}(?:\s*(?:[-－—~～至到、和及]|\s)\s*(?:附\s*件\s*)?{_NUMBER})*"
)
# Loose comparison: no extension, quotes, numbering ("附件1：", "1.", "（1）"), spaces or punctuation.
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{2,5}$")
_LEADING_NUMBER = re.compile(r"^(?:附\s*件\s*(\d*)|(\d+)(?=[.．、\-_\s])|[（(](\d+)[）)])")
_NOISE = re.compile(r"[\s《》〈〉“”‘’\"'「」【】（）()\[\]_\-—–·.．,，。:：;；、]")


@dataclass(frozen=True)
class Mention:
    """An attachment the text refers to: by name, by number, or only as "见附件" (neither)."""

    name: str
    number: int | None
    in_note: bool


def _number(text: str | None) -> int | None:
    """An attachment number written in digits or in Chinese (一 … 十九), else None."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    values = [_CN_DIGITS.index(ch) + 1 for ch in text]
    if len(values) == 1:
        return values[0]
    if values[0] == 10:  # 十一 … 十九
        return 10 + values[1]
    if len(values) == 2 and values[1] == 10:  # 二十
        return values[0] * 10
    if len(values) == 3 and values[1] == 10:  # 二十一
        return values[0] * 10 + values[2]
    return None


def referenced_attachments(text: str) -> list[str]:
    """The names listed in the 附件 note."""
    return [m.name for m in _note_mentions(text.splitlines())]


def _note_mentions(lines: list[str]) -> list[Mention]:
    found: list[Mention] = []
    for i, line in enumerate(lines):
        match = _ATTACHMENT_NOTE.search(line)
        if not match:
            continue
        number = int(match.group(1)) if match.group(1) else None
        rest = match.group(2).strip()
        # numbered notes may continue on the following lines: "2.XXX"
        following = []
        for nxt in lines[i + 1 :]:
            if re.match(r"^\s*\d+[.．、]", nxt):
                following.append(nxt)
            else:
                break
        for chunk in [rest, *following]:
            parts = [p.strip(" 　；;。") for p in _NUMBERED.split(chunk) if p.strip(" 　；;。")]
            # "附件2：价格表" names attachment 2; a note listing several numbers them itself.
            found.extend(Mention(part, number if len(parts) == 1 else None, True) for part in parts)
    return found


def _body_mentions(lines: list[str]) -> list[Mention]:
    found: list[Mention] = []
    for line in lines:
        if _ATTACHMENT_NOTE.search(line) or _INLINE_HEADING.match(line):
            continue
        taken: list[tuple[int, int]] = []
        for pattern in (_QUOTED, _COLON, _SEE):
            for match in pattern.finditer(line):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                taken.append(match.span())
                if pattern is _SEE:
                    # 见附件1-3 / 见附件一、二: the highest number must be there (numbers are counted).
                    numbers = [_number(n) for n in re.findall(rf"\d+|[{_CN_DIGITS}]{{1,3}}", match.group(0))]
                    numbers = [n for n in numbers if n is not None]
                    found.append(Mention("", max(numbers) if numbers else None, False))
                else:
                    found.append(Mention(match.group(2).strip(), _number(match.group(1)), False))
    return found


def mentioned_attachments(text: str) -> list[Mention]:
    """Every attachment the text refers to, the 附件 note's first, each name once."""
    lines = text.splitlines()
    seen: set[str] = set()
    mentions: list[Mention] = []
    for mention in _note_mentions(lines) + _body_mentions(lines):
        key = _loose(mention.name)[1] if mention.name else f"#{mention.number}"
        if key not in seen:
            seen.add(key)
            mentions.append(mention)
    return mentions


def _inline_attachments(text: str) -> list[tuple[int | None, str]]:
    """(number, title) of each attachment set out in the body after a "附件N" line."""
    lines = text.splitlines()
    found = []
    for i, line in enumerate(lines):
        match = _INLINE_HEADING.match(line)
        if match:
            title = lines[i + 1] if i + 1 < len(lines) else ""
            found.append((int(match.group(1)) if match.group(1) else None, title))
    return found


def _loose(name: str) -> tuple[int | None, str]:
    """(the attachment number a name carries, the name reduced for comparison)."""
    name = _EXTENSION.sub("", name.strip()).strip("《》〈〉“”\"' 　")
    number = None
    match = _LEADING_NUMBER.match(name)
    if match:
        digits = next((g for g in match.groups() if g), None)
        number = int(digits) if digits else None
        name = name[match.end() :]
    return number, _NOISE.sub("", name).lower()


def _is_present(mention: Mention, present: list[tuple[int | None, str]]) -> bool:
    if not mention.name and mention.number is None:
        return bool(present)
    wanted = _loose(mention.name)[1]
    for number, name in present:
        if wanted and name and (wanted in name or (len(name) >= 2 and name in wanted)):
            return True
        if mention.number is not None and number == mention.number and not name:
            return True  # a file called only "附件2"
    if not wanted and mention.number is not None:
        return mention.number <= len(present)
    return False


def _attachment_findings(draft: Draft) -> list[Finding]:
    present = [_loose(n) for n in draft.attachment_names]
    present += [(number, _loose(title)[1]) for number, title in _inline_attachments(draft.text)]
    findings = []
    for mention in mentioned_attachments(draft.text):
        if _is_present(mention, present):
            continue
        shown = mention.name.strip("《》")
        if mention.in_note:
            message = f"正文附件说明提到“{shown}”，但未上传该附件。"
        elif shown:
            message = f"正文提到附件“{shown}”，但未上传该附件。"
        elif mention.number is not None:
            message = f"正文提到附件{mention.number}，但未上传该附件。"
        else:
            message = "正文提到“见附件”，但未上传任何附件。"
        # "见附件" naming nothing may point elsewhere (an earlier notice, a 公示栏): a warning, not a block.
        severity = BLOCK if shown or mention.number is not None else WARN
        findings.append(Finding("attachment_missing", severity, "attachments", message))
    return findings


def run(draft: Draft, lexicon: Iterable[Term], link_ok: Callable[[str], bool | None]) -> list[Finding]:
    findings: list[Finding] = []
    add = findings.append

    for name, label in REQUIRED:
        if not getattr(draft, name):
            add(Finding("missing", BLOCK, name, f"缺少必填元数据“{label}”。"))
    if draft.column_count == 0:
        add(Finding("missing", BLOCK, "columns", "请至少选择一个所属栏目。"))
    if draft.disclosure_mode == "not_disclosed" and not draft.nondisclosure_reason.strip():
        add(Finding("missing", BLOCK, "nondisclosure_reason", "公开方式为“不予公开”时须写明理由及依据。"))
    if draft.validity != "valid" and draft.validity_changed_on is None:
        add(Finding("missing", BLOCK, "validity_changed_on", "文件已失效、废止或修订时，须填写发生日期。"))

    if draft.doc_number:
        problem = docnumber.problem(draft.doc_number)
        if problem:
            add(
                Finding("doc_number", BLOCK, "doc_number", f"文号“{draft.doc_number}”格式不正确：{problem}。")
            )
        else:
            parsed = docnumber.parse(draft.doc_number)
            if parsed and draft.written_on and parsed.year != draft.written_on.year:
                add(
                    Finding(
                        "doc_number_year",
                        WARN,
                        "doc_number",
                        f"文号年份{parsed.year}与成文日期年份{draft.written_on.year}不一致，请核对。",
                    )
                )

    haystack = {"title": draft.title, "summary": draft.summary, "body": draft.text}
    for term in lexicon:
        for field_name, value in haystack.items():
            if term.term and term.term in value:
                if term.kind == "misspelling":
                    message = f"“{term.term}”疑为错误写法，应为“{term.correction}”。"
                else:
                    message = f"含有禁用词“{term.term}”。" + (f"（{term.note}）" if term.note else "")
                add(Finding(f"lexicon_{term.kind}", term.severity, field_name, message))

    for link in draft.links:
        verdict = link_ok(link)
        if verdict is False:
            add(Finding("broken_link", BLOCK, "body", f"正文中的站内链接“{link}”无法打开，请修改或删除。"))

    findings.extend(_attachment_findings(draft))
    return findings


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == BLOCK]
