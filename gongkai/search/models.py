"""The search index (one row per public document), the domain dictionary, synonyms, and the usage logs."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core import phones
from gongkai.core.models import Organization


class Kind(models.TextChoices):
    ITEM = "item", _("政府信息")
    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")
    REPORT = "report", _("年度报告")
    MESSAGE = "message", _("政民互动")
    FAQ = "faq", _("常见问答")
    GAZETTE = "gazette", _("政府公报")
    REGISTER = "register", _("重点领域台账")
    DATASET = "dataset", _("数据发布")
    SERVICE = "service", _("办事指南")


VALIDITY_LABELS = {"valid": _("有效"), "expired": _("失效"), "repealed": _("废止"), "amended": _("已修订")}


class SearchDocument(models.Model):
    """A public document as the search engine sees it: the source of truth the tantivy index is derived from."""

    source = models.CharField(max_length=40)  # e.g. "publishing.informationitem"
    source_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    url = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    keywords = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    unit = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=40, blank=True, db_index=True)
    genre = models.CharField(max_length=20, blank=True, db_index=True)
    validity = models.CharField(max_length=10, blank=True, db_index=True)  # as the source records it
    valid_until = models.DateField(null=True, blank=True)  # the validity period's last day, if it has one
    key_areas = models.JSONField(default=list, blank=True)
    doc_number = models.CharField(max_length=60, blank=True, db_index=True)
    index_no = models.CharField(max_length=80, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    terms_title = models.TextField(blank=True)
    terms_keywords = models.TextField(blank=True)
    terms_body = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="one_search_document_per_source")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def current_validity(self) -> str:
        """The validity today: a document recorded as valid whose period ran out is expired from the next day
        on, before its source records it (``InformationItem.current_validity``, the same rule)."""
        if self.validity == "valid" and self.valid_until and self.valid_until < timezone.localdate():
            return "expired"
        return self.validity

    @property
    def validity_label(self) -> str:
        return str(VALIDITY_LABELS.get(self.current_validity, self.current_validity))


class SearchChange(models.Model):
    """The search rows' change log, append-only: written in the same transaction as every store and removal.
    Each app server's tantivy index applies the changes past the last one it applied (``search.engine``)."""

    document_id = models.PositiveBigIntegerField()
    deleted = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.pk}: {self.document_id}{' deleted' if self.deleted else ''}"


class DomainWord(models.Model):
    """A word the segmenter must keep whole (放管服, 双随机一公开 ...); maintained by the openness office."""

    word = models.CharField(_("词语"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("搜索词典")
        verbose_name_plural = _("搜索词典")

    def __str__(self) -> str:
        return self.word


def synonym_table(rows) -> dict[str, frozenset[str]]:
    """Per word (lower case), every word searched as one with it, itself included (synonyms count both
    ways), from ``Synonym`` rows."""
    table: dict[str, set[str]] = {}
    for row in rows:
        group = {row.word.lower(), *[s.lower() for s in row.synonyms.split()]}
        for word in group:
            table.setdefault(word, set()).update(group)
    return {word: frozenset(group) for word, group in table.items()}


def groups_in(table: dict[str, frozenset[str]], words: list[str]) -> list[list[str]]:
    """Per word, the word and its synonyms (``synonym_table``), the word first."""
    return [[w, *sorted(table.get(w, frozenset()) - {w})] for w in words]


class Synonym(models.Model):
    """Words searched as one: 医保 ↔ 医疗保险."""

    word = models.CharField(_("词语"), max_length=40, unique=True)
    synonyms = models.CharField(_("同义词"), max_length=200, help_text=_("多个同义词用空格分隔，双向生效。"))

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词")

    def __str__(self) -> str:
        return f"{self.word} ↔ {self.synonyms}"


class QueryLog(models.Model):
    query = models.CharField(max_length=100, db_index=True)
    session = models.CharField(max_length=64)
    results = models.PositiveIntegerField()
    shown = models.JSONField(default=list)  # document ids of the first page, in order
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.query


class ClickLog(models.Model):
    query = models.CharField(max_length=100, db_index=True)
    session = models.CharField(max_length=64)
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="clicks")
    position = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["query", "document"])]

    def __str__(self) -> str:
        return f"{self.query} -> {self.document_id}"


class VocabularyWord(models.Model):
    """Every Chinese word of the indexed documents and of the office's lexicon, with its pinyin, so
    ``shebao``, ``sb`` or ``shebo`` finds 社保 (see ``pinyin.read``)."""

    word = models.CharField(max_length=40, unique=True)
    pinyin = models.CharField(max_length=200, db_index=True)
    initials = models.CharField(max_length=40, db_index=True)
    documents = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.word} ({self.pinyin})"


class BestBet(models.Model):
    """A pinned answer for a query, shown above the results: a plain recommended link, or a service card
    (社保卡 -> where and when to apply, the phone, the materials and the online service)."""

    class Style(models.TextChoices):
        LINK = "link", _("推荐链接")
        SERVICE = "service", _("服务卡片")

    query = models.CharField(
        _("搜索词"),
        max_length=50,
        db_index=True,
        help_text=_("搜索这个词、它的同义词或包含它们的词句（如“社保卡怎么办”）时显示。"),
    )
    also_for = models.CharField(
        _("也用于"),
        max_length=200,
        blank=True,
        help_text=_("搜索这些词时也显示，多个词用空格分隔，须完全相同（如“社保”）。"),
    )
    style = models.CharField(_("样式"), max_length=10, choices=Style.choices, default=Style.LINK)
    title = models.CharField(_("标题"), max_length=200)
    url = models.CharField(_("链接"), max_length=300)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    online_url = models.CharField(_("在线办理链接"), max_length=300, blank=True)
    place = models.CharField(_("办理地点"), max_length=200, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    phone = models.CharField(
        _("咨询电话"), max_length=50, blank=True, validators=[phones.validate_contact_numbers]
    )
    materials = models.TextField(_("所需材料"), blank=True, help_text=_("每行一项。"))
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("推荐结果与服务卡片")
        verbose_name_plural = _("推荐结果与服务卡片")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.query} → {self.title}"

    @property
    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    @classmethod
    def matching(
        cls,
        query: str,
        *,
        pins: list[BestBet],
        synonyms: dict[str, frozenset[str]],
        read_as: str | None = None,
    ) -> list[BestBet]:
        """The active pins that answer ``query`` (or ``read_as``, the word a pinyin query was read as): a pin
        answers its query, the query's synonyms, any query that contains one of them (社保卡 also answers
        社会保障卡 and 社保卡怎么办理), and each of its ``also_for`` words exactly (社保). A Latin-letter name
        is contained only as a whole word (the ``app`` pin does not answer ``happy``). ``pins`` (the active
        ones, in order) and ``synonyms`` (``synonym_table``) as the process keeps them (``search/lexicon.py``,
        whose ``best_bets`` calls this)."""
        said = [" ".join(query.lower().split())]
        if read_as:
            said.append(read_as.lower())
        if not pins:
            return []
        groups = groups_in(synonyms, [pin.query.lower() for pin in pins])
        return [
            pin
            for pin, names in zip(pins, groups, strict=True)
            if any(_contains(text, name) for text in said for name in names)
            or any(text in pin.also_for.lower().split() for text in said)
        ]


def _contains(text: str, name: str) -> bool:
    if not name:
        return False
    if name.isascii():
        return name in text.split()
    return name in text
