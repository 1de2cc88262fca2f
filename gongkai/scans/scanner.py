"""One scan of the archive: every published item's title, body text and attachments' extracted text (stored
at upload, as search reads it; nothing is re-extracted), in batches by primary key, one pass for all the
checks the run asks for. Findings are matched to the stored ones by fingerprint; at the end, an open finding
of a scanned check that was not found again is closed as fixed.

Runs in the task worker (``tasks.run_scan``) or the demo loader, never in a request.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.actors import system
from gongkai.core.models import Leader
from gongkai.publishing import html as rich
from gongkai.publishing.links import internal_link_ok
from gongkai.publishing.models import Attachment, InformationItem, LexiconEntry

from . import detectors, linkcheck
from .models import Check, FindingStatus, Place, Rule, RunStatus, ScanFinding, ScanRun

BATCH = 1000
ACTOR = system("scan_archive")
AUTO_CLOSED = "复查未再发现（系统自动关闭）"


@dataclass
class Candidate:
    item_id: int
    unit_id: int
    attachment_id: int | None
    kind: str
    rule: str
    rule_value: str
    field: str
    offset: int
    excerpt: str
    message: str
    severity: str
    key: str  # what identifies it in its place, numbers masked

    def fingerprint(self, ordinal: int) -> str:
        raw = "|".join(
            map(
                str,
                (self.kind, self.item_id, self.attachment_id or "", self.field, self.rule, self.key, ordinal),
            )
        )
        return hashlib.sha256(raw.encode()).hexdigest()


def matcher() -> detectors.Matcher:
    terms = [
        detectors.LexiconTerm(e.term, e.kind, e.correction, e.note, e.severity)
        for e in LexiconEntry.objects.all()
    ]
    leaders = [
        detectors.LeaderInfo(name, title, active, org, since)
        for name, title, active, org, since in Leader.objects.values_list(
            "name", "title", "is_active", "organization__name", "since"
        )
    ]
    return detectors.Matcher(terms, leaders)


def _texts(item: dict, attachments: list[dict]) -> Iterator[tuple[str, int | None, str]]:
    yield Place.TITLE, None, item["title"]
    yield Place.BODY, None, item["body_text"]
    for attachment in attachments:
        yield Place.ATTACHMENT, attachment["id"], attachment["text"]


def candidates_for(
    item: dict, attachments: list[dict], kinds: set[str], automaton, links: LinkJudge | None
) -> Iterator[Candidate]:
    published_on = timezone.localdate(item["published_at"]) if item["published_at"] else None
    for place, attachment_id, text in _texts(item, attachments):
        if not text:
            continue
        hits = []
        if Check.LEXICON in kinds:
            hits += automaton.find(text, published_on=published_on)
        if Check.PERSONAL in kinds:
            hits += detectors.personal(text)
        for hit in hits:
            kind = Check.PERSONAL if hit.kind == "personal" else Check.LEXICON
            rule = {"lexicon": Rule.TERM, "leader": Rule.LEADER, "personal": Rule.PATTERN}[hit.kind]
            yield Candidate(item["id"], item["unit_id"], attachment_id, kind, rule, hit.rule, place, hit.offset,
                            hit.excerpt, hit.message, hit.severity, hit.masked)  # fmt: skip
    if Check.LINKS in kinds and links is not None and item["body"] and "href" in item["body"]:
        yield from links.judge(item)


_MARK = "\ue000"  # a private-use character standing for a link in the text being read


class _LinkPlaces(rich._Reader):
    """The body read as :func:`gongkai.publishing.html.read` reads it, a mark left where each link is."""

    def handle_starttag(self, tag, attrs):
        before = len(self.links)
        super().handle_starttag(tag, attrs)
        self.parts.extend(_MARK * (len(self.links) - before))


def read_links(html: str) -> tuple[str, list[str], list[int]]:
    """(the body text, exactly as ``html.read`` gives it and ``body_text`` stores it; the link targets in
    order; each link's character position in that text, where the text after it, its anchor text, starts)."""
    reader = _LinkPlaces()
    reader.feed(html or "")
    lines: list[str] = []
    length = 0  # of "\n".join(lines)
    offsets: list[int] = []
    waiting = 0  # marks not yet placed: they take the position of the next character written
    for raw in "".join(reader.parts).split("\n"):
        words: list[str] = []
        start = length + 1 if lines else 0  # where this line begins, if it is kept
        for token in raw.split():
            clean = token.replace(_MARK, "")
            if not clean:
                waiting += len(token)
                continue
            at = start + (len(" ".join(words)) + 1 if words else 0)
            offsets.extend([at] * waiting)
            waiting = 0
            pieces = token.split(_MARK)
            for index in range(1, len(pieces)):
                offsets.append(at + len("".join(pieces[:index])))
            words.append(clean)
        if words:
            lines.append(" ".join(words))
            length = start + len(lines[-1])
    text = "\n".join(lines)
    offsets.extend([len(text)] * waiting)
    return text, reader.links, offsets


class LinkJudge:
    """The links of one item's body: internal ones resolved on this site, external ones (if switched on)
    requested politely. A link that could not be judged this run keeps its stored finding as it is."""

    def __init__(self):
        self.external = linkcheck.ExternalChecker.from_settings() if linkcheck.enabled() else None
        self.unjudged: list[Candidate] = []

    def judge(self, item: dict) -> Iterator[Candidate]:
        _text, hrefs, offsets = read_links(item["body"])
        stub = InformationItem(pk=item["id"], unit_id=item["unit_id"])
        for href, offset in zip(hrefs, offsets, strict=True):
            verdict = internal_link_ok(href, stub)
            if verdict is True:
                continue
            shown = detectors.mask_numbers(href)[:300]
            if verdict is False:
                yield Candidate(item["id"], item["unit_id"], None, Check.LINKS, Rule.INTERNAL_LINK, shown, Place.BODY,
                                offset, shown, _("正文中的站内链接“%(href)s”无法打开，请修改或删除。") % {"href": shown},
                                "block", shown)  # fmt: skip
                continue
            candidate = Candidate(item["id"], item["unit_id"], None, Check.LINKS, Rule.EXTERNAL_LINK, shown,
                                  Place.BODY, offset, shown, "", "warn", shown)  # fmt: skip
            result = self.external.check(href) if self.external else linkcheck.Verdict(None)
            if result.ok is None:
                self.unjudged.append(candidate)
            elif result.ok is False:
                candidate.message = _("正文中的外部链接“%(href)s”无法访问（%(why)s）。") % {
                    "href": shown,
                    "why": result.detail,
                }
                yield candidate

    def close(self) -> None:
        if self.external:
            self.external.close()


def _fingerprinted(found: list[Candidate]) -> Iterator[tuple[str, Candidate]]:
    """Each candidate with its fingerprint: repeats of the same text in the same place of the same item are
    numbered 1, 2, … (the unjudged links of a whole run come here together: counted per item)."""
    counts: Counter = Counter()
    for candidate in found:
        place = (
            candidate.item_id, candidate.kind, candidate.attachment_id, candidate.field, candidate.rule,
            candidate.key,
        )  # fmt: skip
        counts[place] += 1
        yield candidate.fingerprint(counts[place]), candidate


def scan(run: ScanRun, *, batch: int = BATCH) -> ScanRun:
    """Scan the published archive for ``run``'s checks and bring the stored findings into step."""
    kinds = set(run.checks)
    automaton = matcher() if Check.LEXICON in kinds else None
    links = LinkJudge() if Check.LINKS in kinds else None
    stored = dict(
        ScanFinding.objects.filter(kind__in=kinds)
        .values_list("fingerprint", "status")
        .iterator(chunk_size=5000)
    )
    seen: set[str] = set()
    new: list[ScanFinding] = []
    reopen: list[str] = []
    now = timezone.now()
    last = 0
    items = attachments = found = created = 0
    fields = ["id", "unit_id", "title", "body_text", "published_at"] + (["body"] if links else [])
    try:
        while True:
            rows = list(
                InformationItem.objects.published().filter(pk__gt=last).order_by("pk").values(*fields)[:batch]
            )
            if not rows:
                break
            last = rows[-1]["id"]
            by_item: dict[int, list[dict]] = {}
            for attachment in (
                Attachment.objects.filter(item_id__in=[r["id"] for r in rows])
                .exclude(text="")
                .order_by("pk")
                .values("id", "item_id", "text")
            ):
                by_item.setdefault(attachment["item_id"], []).append(attachment)
            for row in rows:
                items += 1
                row.setdefault("body", "")
                attached = by_item.get(row["id"], [])
                attachments += len(attached)
                for fingerprint, candidate in _fingerprinted(
                    list(candidates_for(row, attached, kinds, automaton, links))
                ):
                    found += 1
                    seen.add(fingerprint)
                    status = stored.get(fingerprint)
                    if status is None:
                        new.append(_finding(candidate, fingerprint, run, now))
                    elif status == FindingStatus.FIXED:
                        reopen.append(fingerprint)
            if len(new) >= batch:
                created += _save(new)
                new = []
        created += _save(new)
        if links:
            for fingerprint, _candidate in _fingerprinted(links.unjudged):
                seen.add(fingerprint)
    finally:
        if links:
            links.close()
    closed = _settle(kinds, seen, reopen, now, run)
    run.items, run.attachments, run.found, run.created, run.closed = (
        items,
        attachments,
        found,
        created,
        closed,
    )
    run.links_checked = links.external.checked if links and links.external else 0
    return run


def _finding(candidate: Candidate, fingerprint: str, run: ScanRun, now) -> ScanFinding:
    return ScanFinding(
        item_id=candidate.item_id, attachment_id=candidate.attachment_id, unit_id=candidate.unit_id,
        kind=candidate.kind, rule=candidate.rule, rule_value=candidate.rule_value[:300], field=candidate.field,
        offset=candidate.offset, excerpt=candidate.excerpt[:400], message=candidate.message[:400],
        severity=candidate.severity, fingerprint=fingerprint, first_seen_at=now, last_seen_at=now, run=run,
    )  # fmt: skip


def _save(new: list[ScanFinding]) -> int:
    if not new:
        return 0
    # Another run of the same check at the same time may have stored one already: that row stands.
    return len(ScanFinding.objects.bulk_create(new, batch_size=500, ignore_conflicts=True))


def _settle(kinds: set[str], seen: set[str], reopen: list[str], now, run: ScanRun) -> int:
    """Reopen what was marked fixed but is still there; close as fixed what is open and no longer found."""
    with transaction.atomic():
        for start in range(0, len(reopen), 500):
            ScanFinding.objects.filter(fingerprint__in=reopen[start : start + 500]).update(
                status=FindingStatus.OPEN, reason="", decided_by=None, decided_at=None, last_seen_at=now
            )
        gone = [
            pk
            for pk, fingerprint in ScanFinding.objects.filter(
                kind__in=kinds, status=FindingStatus.OPEN
            ).values_list("pk", "fingerprint")
            if fingerprint not in seen
        ]
        for start in range(0, len(gone), 500):
            ScanFinding.objects.filter(pk__in=gone[start : start + 500], status=FindingStatus.OPEN).update(
                status=FindingStatus.FIXED, reason=AUTO_CLOSED, decided_by=None, decided_at=now
            )
    return len(gone)


def execute(run: ScanRun) -> ScanRun:
    """Run ``run`` (already claimed), record its outcome and leave one audit record."""
    run.started_at = run.started_at or timezone.now()
    try:
        scan(run)
    except Exception as error:
        run.status, run.finished_at, run.error = RunStatus.FAILED, timezone.now(), repr(error)[:2000]
        run.save()
        raise
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.save()
    audit.record(
        actor=ACTOR, action="scans.run.finished", obj=run,
        changes={"items": run.items, "found": run.found, "created": run.created, "closed": run.closed},
    )  # fmt: skip
    return run
