"""Every change to the gazette: issues, their PDF edition (text extracted for search), contents, publication,
and the import of past years."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.access import can
from gongkai.core.actors import SystemActor
from gongkai.core.models import User
from gongkai.core.roles import Capability
from gongkai.publishing import docnumber, files
from gongkai.publishing.models import InformationItem
from gongkai.search.tasks import reindex_on_commit

from .models import Article, Issue
from .search_sources import GAZETTE_SOURCE

Actor = User | SystemActor

COLUMNS = ["年份", "期号", "总期号", "出版日期", "PDF", "栏目", "顺序", "标题", "文号", "页码"]


def _require_office(actor: Actor) -> None:
    if not can(actor, Capability.SUPERVISE):  # a system actor (the demo, the import command) may
        raise PermissionDenied(_("政府公报由政务公开办公室（公报编辑部）维护。"))


def _index(issue_id: int) -> None:
    reindex_on_commit(GAZETTE_SOURCE, issue_id)


@transaction.atomic
def attach_pdf(*, actor: Actor, issue: Issue, data: bytes, name: str) -> Issue:
    """The PDF edition; its text goes to search."""
    _require_office(actor)
    from gongkai.publishing.uploads import check_upload

    kind, data = check_upload(
        name,
        data,
        {"pdf"},
        field="pdf",
        unsupported=_("请上传PDF格式的公报版面（按文件内容识别，而非扩展名）。"),
    )
    issue.pdf.save(f"{issue.year}-{issue.number:03d}.pdf", ContentFile(data), save=False)
    issue.pdf_text = files.extract_text(kind, data)
    issue.save()
    audit.record(actor=actor, action="gazette.pdf_attached", obj=issue, changes={"pdf": [None, name]})
    _index(issue.pk)
    return issue


def link_documents(issue: Issue) -> int:
    """Link contents entries to the published documents with the same 文号; returns how many were linked."""
    linked = 0
    for article in issue.articles.filter(item__isnull=True).exclude(doc_number=""):
        number = docnumber.normalize(article.doc_number)
        found = InformationItem.objects.published().filter(doc_number=number).first()
        if found:
            article.item = found
            article.save(update_fields=["item"])
            linked += 1
    return linked


@transaction.atomic
def publish_issue(*, actor: Actor, issue: Issue) -> Issue:
    _require_office(actor)
    if not issue.articles.exists():
        raise ValidationError(_("请先录入本期目录，再发布。"))
    issue.is_published = True
    issue.save(update_fields=["is_published"])
    link_documents(issue)
    audit.record(actor=actor, action="gazette.published", obj=issue, changes={"is_published": [False, True]})
    _index(issue.pk)
    return issue


# Archive import -------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    issues: list[Issue] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # overall numbers already in the archive
    errors: list[str] = field(default_factory=list)


def _read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("目录文件既不是UTF-8也不是GB18030编码。"))
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        c for c in ("年份", "期号", "总期号", "出版日期", "标题") if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise ValidationError(_("目录文件缺少列：%(cols)s") % {"cols": "、".join(missing)})
    return list(reader)


def import_archive(directory: Path, *, actor: Actor, dry_run: bool = False) -> ImportReport:
    """Import past issues from ``directory``: ``contents.csv`` (one row per contents entry: 年份, 期号, 总期号,
    出版日期, PDF, 栏目, 顺序, 标题, 文号, 页码) and the PDFs it names. Every row is checked first; with any
    error nothing is imported. Issues already in the archive (same 总期号) are skipped."""
    _require_office(actor)
    report = ImportReport()
    rows = _read_csv(directory / "contents.csv")
    issues: dict[int, dict] = {}
    for n, row in enumerate(rows, start=2):
        try:
            year, number, overall = int(row["年份"]), int(row["期号"]), int(row["总期号"])
            published_on = dt.date.fromisoformat(row["出版日期"].strip())
            page = int(row["页码"]) if (row.get("页码") or "").strip() else None
            order = int(row["顺序"]) if (row.get("顺序") or "").strip() else n
        except (ValueError, KeyError):
            report.errors.append(
                _("第%(n)d行：年份、期号、总期号、顺序、页码须为数字，出版日期须为YYYY-MM-DD。") % {"n": n}
            )
            continue
        if not row["标题"].strip():
            report.errors.append(_("第%(n)d行：缺少标题。") % {"n": n})
        entry = issues.setdefault(overall, {"year": year, "number": number, "published_on": published_on,
                                            "pdf": (row.get("PDF") or "").strip(), "articles": []})  # fmt: skip
        if (entry["year"], entry["number"], entry["published_on"]) != (year, number, published_on):
            report.errors.append(
                _("第%(n)d行：总第%(o)d期的年份、期号或日期与前面的行不一致。") % {"n": n, "o": overall}
            )
        pdf = (row.get("PDF") or "").strip()
        if pdf and not (directory / pdf).is_file():
            report.errors.append(_("第%(n)d行：找不到PDF文件 %(f)s。") % {"n": n, "f": pdf})
        entry["pdf"] = entry["pdf"] or pdf
        entry["articles"].append({"order": order, "section": (row.get("栏目") or "").strip(),
                                  "title": row["标题"].strip(), "doc_number": (row.get("文号") or "").strip(),
                                  "page": page})  # fmt: skip
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for overall, entry in sorted(issues.items()):
            if Issue.objects.filter(overall=overall).exists():
                report.skipped.append(overall)
                continue
            if Issue.objects.filter(year=entry["year"], number=entry["number"]).exists():
                raise ValidationError(
                    _("%(y)d年第%(n)d期已存在，但总期号不同。") % {"y": entry["year"], "n": entry["number"]}
                )
            issue = Issue.objects.create(year=entry["year"], number=entry["number"], overall=overall,
                                         published_on=entry["published_on"], is_published=True)  # fmt: skip
            for article in entry["articles"]:
                Article.objects.create(issue=issue, **article)
            if entry["pdf"]:
                attach_pdf(
                    actor=actor, issue=issue, data=(directory / entry["pdf"]).read_bytes(), name=entry["pdf"]
                )
            link_documents(issue)
            audit.record(
                actor=actor, action="gazette.imported", obj=issue, changes={"overall": [None, overall]}
            )
            _index(issue.pk)
            report.issues.append(issue)
    return report
