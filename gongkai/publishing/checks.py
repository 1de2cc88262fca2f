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

# "附件：1.XXX 2.YYY" or "附件：XXX" as GB/T 9704 writes the attachment note.
_ATTACHMENT_NOTE = re.compile(r"附\s*件\s*[：:]\s*(.+)")
_NUMBERED = re.compile(r"(?:^|\s)\d+[.．、]\s*")


def referenced_attachments(text: str) -> list[str]:
    names: list[str] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = _ATTACHMENT_NOTE.search(line)
        if not match:
            continue
        rest = match.group(1).strip()
        # numbered notes may continue on the following lines: "2.XXX"
        following = []
        for nxt in lines[i + 1 :]:
            if re.match(r"^\s*\d+[.．、]", nxt):
                following.append(nxt)
            else:
                break
        for chunk in [rest, *following]:
            parts = [p.strip(" 　；;。") for p in _NUMBERED.split(chunk) if p.strip(" 　；;。")]
            names.extend(parts)
    return names


def _stem(name: str) -> str:
    return re.sub(r"\.[A-Za-z0-9]{2,5}$", "", name).strip()


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

    stems = [_stem(n) for n in draft.attachment_names]
    for referenced in referenced_attachments(draft.text):
        wanted = _stem(referenced)
        if not any(wanted in s or s in wanted for s in stems if s):
            add(
                Finding(
                    "attachment_missing",
                    BLOCK,
                    "attachments",
                    f"正文附件说明提到“{referenced}”，但未上传该附件。",
                )
            )
    return findings


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == BLOCK]
