"""Pre-publication checks: the publishing app's own and those other apps register."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .. import checks, links
from .. import html as rich
from ..models import InformationItem, LexiconEntry


class ChecksFailed(ValidationError):
    def __init__(self, findings: list[checks.Finding]):
        super().__init__([f.message for f in findings], code="checks")
        self.findings = findings


def lexicon() -> list[checks.Term]:
    return [
        checks.Term(term=e.term, kind=e.kind, severity=e.severity, correction=e.correction, note=e.note)
        for e in LexiconEntry.objects.all()
    ]


# Other apps add pre-publication checks of their own (the policy library: no policy without its
# interpretation). Each is called as check(item, stage) with stage "edit" (the check panel), "submit" or
# "publish" (the approval that puts the item online) and returns findings.
EXTRA_CHECKS: list = []


def register_check(check) -> None:
    if check not in EXTRA_CHECKS:
        EXTRA_CHECKS.append(check)


def check_item(item: InformationItem, stage: str = "edit") -> list[checks.Finding]:
    return _own_checks(item) + [finding for check in EXTRA_CHECKS for finding in check(item, stage)]


def _own_checks(item: InformationItem) -> list[checks.Finding]:
    text, hrefs = rich.read(item.body)
    draft = checks.Draft(
        title=item.title,
        summary=item.summary,
        doc_number=item.doc_number,
        written_on=item.written_on,
        topic=item.topic,
        genre=item.genre,
        disclosure_mode=item.disclosure_mode,
        nondisclosure_reason=item.nondisclosure_reason,
        validity=item.validity,
        validity_changed_on=item.validity_changed_on,
        column_count=item.columns.count(),
        text=text,
        links=hrefs,
        attachment_names=list(item.attachments.values_list("name", flat=True)),
    )
    return checks.run(draft, lexicon(), lambda href: links.internal_link_ok(href, item))


def require_checks_pass(item: InformationItem, stage: str) -> list[checks.Finding]:
    findings = check_item(item, stage)
    blockers = checks.blocking(findings)
    if blockers:
        raise ChecksFailed(blockers)
    return findings
