"""Already published (Art. 36(1)): the handling unit's published items that match an application, best first,
and the reply that points the applicant to one of them.

The reply says where and how to obtain the information (the item's title, 文号, publication date and its
address on the unit's portal) and counts as 予以公开 in table 3 of the annual report (spec §1.5: 36(1) is
mapped to GRANTED).

Where matches are looked for: the published items of the application's unit; for a people's government
(a city, a county) also those of its 政府办公室, which publishes the government's documents. Other units'
items are never offered, and a reply with one is refused (another organ's information is answered under
36(5) by pointing to that organ).

The application's description is the applicant's text, possibly with personal data: it is searched without
going through ``gongkai.search.service.search`` (which logs every query for the hot-search list) and never
written to a log. When the search index cannot be opened, the search documents' rows are searched instead.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.access import can
from gongkai.core.actors import require
from gongkai.core.models import Organization, OrgType
from gongkai.core.reconsideration import GOVERNMENTS
from gongkai.core.roles import Capability

from . import transitions
from .models import Application, EventKind, Outcome, Status
from .notices import chinese_date

logger = logging.getLogger(__name__)

LEGAL_BASIS = "《中华人民共和国政府信息公开条例》第三十六条第（一）项"
ITEM_SOURCE = (
    "publishing.informationitem"  # the search source of information items (publishing.search_sources)
)
CANDIDATES = 50  # taken from the engine before the checks against the items themselves
# Words every application uses: they would match every item.
GENERIC = frozenset(
    {"申请", "公开", "信息", "政府", "政府信息", "相关", "有关", "文件", "情况", "提供", "要求", "关于", "依法",
     "获取", "需要", "内容", "复印件", "资料", "我", "本人", "请", "贵单位", "以及", "及其", "临沂市", "临沂"}
)  # fmt: skip
# The statuses a reply may be given in (transitions.TRANSITIONS[ANSWERED]).
ANSWERABLE = frozenset(transitions.TRANSITIONS[EventKind.ANSWERED].allowed)


@dataclass(frozen=True)
class Match:
    item: object  # publishing.InformationItem
    score: float  # 0..1, the best match 1
    snippet: str  # HTML, escaped, the query's words marked
    request: object = field(default=None, compare=False, repr=False)  # the page's (for local hosts' links)

    @property
    def url(self) -> str:
        return item_url(self.item, request=self.request)


def may_answer(application: Application) -> bool:
    return application.status in ANSWERABLE


def scope_units(unit: Organization) -> list[int]:
    """The units whose items may answer an application to ``unit``: itself, and a government's office."""
    ids = [unit.pk]
    if unit.org_type in GOVERNMENTS:
        ids += list(
            Organization.objects.filter(
                parent=unit, org_type=OrgType.GENERAL_OFFICE, is_active=True
            ).values_list("pk", flat=True)
        )
    return ids


def query_text(application: Application) -> str:
    return " ".join(part for part in (application.description, application.doc_number_hint) if part)


def _words(text: str, lex) -> list[str]:
    return [w for w in dict.fromkeys(lex.segmenter.query_words(text)) if len(w) > 1 and w not in GENERIC]


def _engine_hits(text: str, units: list[int], words: list[str], lex) -> list[tuple[int, float]]:
    """(SearchDocument pk, BM25) from the index: any word will do, the more and the rarer the better."""
    from gongkai.search import engine, service

    groups = service.query_groups(words, lex, split_all=True)
    query = engine.restricted(
        engine.text_query([[a for group in groups for a in group]]), {}, (set(units), False)
    )
    searcher = engine.get().searcher()
    found = engine.counted(searcher, query, CANDIDATES)
    return [(candidate.id, candidate.score) for candidate in engine.candidates(searcher, found)]


def _row_hits(units: list[int], words: list[str]) -> list[tuple[int, float]]:
    """The same without the index: the search rows whose title or text holds the words (a title's counts
    more), scored by how many."""
    from gongkai.search.models import SearchDocument

    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word) | Q(keywords__icontains=word) | Q(body__icontains=word)
    rows = (
        SearchDocument.objects.filter(condition, source=ITEM_SOURCE, unit_id__in=units)
        .order_by("-published_at", "-pk")
        .values_list("pk", "title", "keywords", "body")[: CANDIDATES * 4]
    )
    scored = []
    for pk, title, keywords, body in rows:
        score = sum(3.0 * (w in title) + 1.5 * (w in keywords) + 1.0 * (w in body) for w in words)
        if score:
            scored.append((pk, score))
    scored.sort(key=lambda pair: -pair[1])
    return scored[:CANDIDATES]


def _by_number(text: str, units: list[int]) -> list[int]:
    """Search rows of items bearing a document number the text is (国办发〔2019〕14号 typed in the 文号 box)."""
    from gongkai.search import registry
    from gongkai.search.models import SearchDocument

    numbers = list(registry.doc_numbers(text.strip()))
    if not numbers:
        return []
    return list(
        SearchDocument.objects.filter(
            source=ITEM_SOURCE, unit_id__in=units, doc_number__in=numbers
        ).values_list("pk", flat=True)
    )


def matches(
    application: Application, limit: int = 10, *, query: str | None = None, request=None
) -> list[Match]:
    """The unit's published items matching ``query`` (by default the application's description and 文号或其他
    特征), best first; only items still public (the index may lag a withdrawal by a moment)."""
    from gongkai.publishing.models import InformationItem
    from gongkai.search import lexicon
    from gongkai.search.models import SearchDocument
    from gongkai.search.service import highlight

    text = " ".join((query if query is not None else query_text(application)).split())[:1000]
    if not text:
        return []
    lex = lexicon.current()
    units = scope_units(application.unit)
    words = _words(text, lex)
    direct = _by_number(application.doc_number_hint if query is None else text, units)
    hits: list[tuple[int, float]] = []
    if words:
        try:
            hits = _engine_hits(text, units, words, lex)
        except Exception as exc:  # the index cannot be opened (a disk, a lock, a schema): the rows will do
            # The type only: an engine's message may quote the query, i.e. the applicant's description.
            logger.warning(
                "search index unavailable for published matches (%s); searching the rows", type(exc).__name__
            )
            hits = _row_hits(units, words)
    top = max((score for _pk, score in hits), default=1.0) or 1.0
    ranked = [(pk, 1.0) for pk in direct] + [(pk, score / top) for pk, score in hits if pk not in direct]
    rows = SearchDocument.objects.filter(
        pk__in=[pk for pk, _score in ranked], source=ITEM_SOURCE, unit_id__in=units
    ).only("pk", "source_id", "body")
    by_pk = {row.pk: row for row in rows}
    items = (
        InformationItem.objects.published()
        .filter(unit_id__in=units, pk__in=[row.source_id for row in by_pk.values()])
        .select_related("unit")
    )
    by_item = {item.pk: item for item in items}
    out: list[Match] = []
    for pk, score in ranked:
        row = by_pk.get(pk)
        item = by_item.get(row.source_id) if row is not None else None
        if item is None:
            continue
        out.append(
            Match(item=item, score=round(score, 3), snippet=highlight(row.body, words), request=request)
        )
        if len(out) >= limit:
            break
    return out


# The item's address -------------------------------------------------------------------------------------


def _site_covering(unit):
    from gongkai.sites.links import site_covering

    return site_covering(unit)


def item_url(item, *, request=None) -> str:
    """The item's absolute address on its unit's portal (:func:`gongkai.sites.links.absolute_url`)."""
    from gongkai.sites.links import absolute_url

    return absolute_url(item.unit, item.get_absolute_url(), request=request)


def reply_text(item, url: str) -> str:
    """What the applicant is told (Art. 36(1)): that the information is published, where and how to get it."""
    published = timezone.localdate(item.published_at) if item.published_at else None
    title = f"《{item.title}》" + (f"（{item.doc_number}）" if item.doc_number else "")
    when = _("已于%(day)s") % {"day": chinese_date(published)} if published else _("已")
    site = _site_covering(item.unit)
    portal = site.name if site is not None and getattr(site, "pk", None) else item.unit.name
    by = _("标题或文号") if item.doc_number else _("标题")
    return _(
        "经查，您申请获取的政府信息已经主动公开，即%(unit)s发布的%(title)s，%(when)s在%(portal)s网站"
        "“政府信息公开”栏目公开。根据《中华人民共和国政府信息公开条例》第三十六条第（一）项，现告知您获取该"
        "政府信息的方式和途径：您可以登录网站查阅、下载，网址为 %(url)s ；也可以在该网站搜索上述%(by)s查找。"
    ) % {"unit": item.unit.name, "title": title, "when": when, "portal": portal, "url": url, "by": by}


# The reply --------------------------------------------------------------------------------------------


def check_item(item) -> None:
    """Refuse an item the applicant could not reach: not published, withdrawn, not proactively disclosed,
    or of a unit no portal shows."""
    from gongkai.publishing.models import DisclosureMode
    from gongkai.publishing.models import Status as ItemStatus

    if item.status == ItemStatus.WITHDRAWN:
        raise ValidationError({"item_id": _("该信息已撤回，不能以此答复。")})
    if item.status != ItemStatus.PUBLISHED:
        raise ValidationError({"item_id": _("该信息尚未发布，不能以此答复。")})
    if item.disclosure_mode != DisclosureMode.PROACTIVE or _site_covering(item.unit) is None:
        raise ValidationError({"item_id": _("该信息未向社会公开，公众无法查阅，不能以此答复。")})


def check_answerable(application: Application, item) -> None:
    """ValidationError (Chinese) unless ``application`` may now be answered with ``item``: the application
    may be answered, the item is public and of the units ``matches`` offers."""
    if application.status not in ANSWERABLE:
        raise ValidationError(
            _("申请当前为“%(status)s”，不能作出答复。") % {"status": Status(application.status).label}
        )
    check_item(item)
    if item.unit_id not in scope_units(application.unit):  # the units ``matches`` offers, no other
        raise ValidationError({"item_id": _("该信息不是本机关公开的信息，不能以此答复。")})


@transaction.atomic(durable=True)
def reply_with_item(
    actor, application: Application, item, note: str = "", *, on: dt.date | None = None, request=None
) -> Application:
    """Answer ``application`` with the already published ``item`` (Art. 36(1)): outcome 予以公开, the reply
    text with the item's link, and the item recorded on the application; ``on``: the day of the reply (today by
    default). Nothing changes when refused."""
    from gongkai.publishing.models import InformationItem

    application = Application.objects.select_related("unit").get(pk=application.pk)
    require(can(actor, Capability.EDIT_CONTENT, application.unit))
    item = InformationItem.objects.select_related("unit").select_for_update(of=("self",)).get(pk=item.pk)
    check_answerable(application, item)
    url = item_url(item, request=request)
    transitions.apply(
        actor=actor,
        application=application,
        kind=EventKind.ANSWERED,
        on=on,
        note=note.strip(),
        data={
            "outcome": Outcome.GRANTED,
            "legal_basis": LEGAL_BASIS,
            "reply_text": reply_text(item, url),
            "item_id": item.pk,
            "item_url": url,
        },
    )
    application.refresh_from_db()
    application.answered_with_item = item
    application.save(update_fields=["answered_with_item"])
    audit.record(
        actor=actor,
        action="foi.application.answered_with_item",
        obj=application,
        unit=application.unit,
        object_repr=application.tracking_code,
        changes={"answered_with_item": [None, item.pk], "item_title": [None, item.title]},
    )
    return application
