"""Pinyin input: a query typed in Latin letters is read as full pinyin or initials (shebao, sb -> 社保)."""

from __future__ import annotations

import re

from django.db.models import F
from pypinyin import Style, lazy_pinyin

LATIN = re.compile(r"^[a-z]{2,30}$")
HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def spell(word: str) -> tuple[str, str]:
    return "".join(lazy_pinyin(word)), "".join(lazy_pinyin(word, style=Style.FIRST_LETTER))


def learn(words) -> None:
    """Add the Chinese words of an indexed title or keywords to the vocabulary, counting documents."""
    from .models import VocabularyWord

    for word in {w for w in words if HAN.match(w)}:
        updated = VocabularyWord.objects.filter(word=word).update(documents=F("documents") + 1)
        if not updated:
            full, initials = spell(word)
            VocabularyWord.objects.get_or_create(word=word, defaults={"pinyin": full, "initials": initials})


def read(query: str) -> str | None:
    """The Chinese word a Latin-letter query most likely means, or None."""
    from .models import VocabularyWord

    text = query.strip().lower().replace(" ", "")
    if not LATIN.match(text):
        return None
    match = (
        VocabularyWord.objects.filter(pinyin=text).order_by("-documents", "word").first()
        or VocabularyWord.objects.filter(initials=text).order_by("-documents", "word").first()
    )
    return match.word if match else None
