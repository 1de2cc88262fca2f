"""Pinyin input: a query typed in Latin letters is read as full pinyin or initials (shebao, sb -> 社保)."""

from __future__ import annotations

import re

from django.db.models import F, Q
from django.db.models.functions import Length

LATIN = re.compile(r"^[a-z]{2,30}$")
HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
LONGEST = 6  # characters of the longest window tried as one word when correcting


def spell(word: str) -> tuple[str, str]:
    # pypinyin's dictionaries take ~55 MB: loaded on the first word spelled (indexing; correcting a Chinese
    # query that found nothing), so a web worker that does neither does not hold them.
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(word)), "".join(lazy_pinyin(word, style=Style.FIRST_LETTER))


def learn(words) -> None:
    """Add the Chinese words of an indexed title or keywords to the vocabulary, counting documents."""
    from .models import VocabularyWord

    for word in {w for w in words if HAN.match(w)}:
        updated = VocabularyWord.objects.filter(word=word).update(documents=F("documents") + 1)
        if not updated:
            full, initials = spell(word)
            VocabularyWord.objects.get_or_create(word=word, defaults={"pinyin": full, "initials": initials})


def learn_many(documents) -> None:
    """``learn`` for a batch: ``documents`` yields each document's words; one query reads, one updates."""
    from collections import Counter

    from .models import VocabularyWord

    counts = Counter(w for words in documents for w in {w for w in words if HAN.match(w)})
    if not counts:
        return
    existing = {v.word: v for v in VocabularyWord.objects.filter(word__in=list(counts))}
    for word, vocabulary in existing.items():
        vocabulary.documents += counts[word]
    VocabularyWord.objects.bulk_update(existing.values(), ["documents"], batch_size=500)
    new = []
    for word in counts.keys() - existing.keys():
        full, initials = spell(word)
        new.append(VocabularyWord(word=word, pinyin=full, initials=initials, documents=counts[word]))
    VocabularyWord.objects.bulk_create(new, batch_size=500)


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


def correct_query(query: str) -> str:
    """``query`` with each run of Chinese characters corrected (see ``correct``)."""
    return HAN_RUN.sub(lambda m: correct(m.group()), query)


def correct(run: str) -> str:
    """Read a run of Chinese characters left to right, longest window first: a known word stays; an unknown
    window becomes the known word with the same pinyin (社报 -> 社保), or, from three characters on, the
    known word of the same length that differs in one character (医疗保检 -> 医疗保险); more documents win."""
    from .models import VocabularyWord

    windows = {run[i : i + n] for n in range(2, LONGEST + 1) for i in range(len(run) - n + 1)}
    known = set(VocabularyWord.objects.filter(word__in=windows).values_list("word", flat=True))
    sounds = {w: spell(w)[0] for w in windows - known}
    homophones: dict[str, str] = {}
    for word, full in (
        VocabularyWord.objects.filter(pinyin__in=set(sounds.values()))
        .order_by("-documents", "word")
        .values_list("word", "pinyin")
    ):
        homophones.setdefault(full, word)
    longer = [w for w in sounds if len(w) >= 3]
    near: dict[str, str] = {}
    if longer:
        edges = Q()
        for w in longer:
            edges |= Q(word__startswith=w[0]) | Q(word__endswith=w[-1])
        candidates = list(
            VocabularyWord.objects.annotate(n=Length("word"))
            .filter(edges, n__in={len(w) for w in longer})
            .order_by("-documents", "word")
            .values_list("word", flat=True)[:5000]
        )
        for w in longer:
            near_word = next(
                (
                    c
                    for c in candidates
                    if len(c) == len(w) and sum(a != b for a, b in zip(c, w, strict=True)) == 1
                ),
                None,
            )
            if near_word:
                near[w] = near_word
    out, i = [], 0
    while i < len(run):
        for n in range(min(LONGEST, len(run) - i), 1, -1):
            window = run[i : i + n]
            choice = window if window in known else homophones.get(sounds.get(window, "")) or near.get(window)
            if choice:
                out.append(choice)
                break
        else:
            n, choice = 1, run[i]
            out.append(choice)
        i += n
    return "".join(out)
