"""The pure rules of the archive scan: what counts as a finding in one piece of text. No ORM here.

- The lexicon (the office's 禁用词 and 易错词) and the leaders' names are found in one pass by one compiled
  automaton: the terms are folded into a prefix tree and written as a single regular expression whose
  alternatives share their prefixes (``(?:市(?:长|委书记)|...)``), so each position of the text walks the tree
  once instead of trying every term (not N×M).
- A leader's name with a title written right before it (市长王某某) or right after it (王某某市长) is checked
  against the titles that person holds: a wrong title (市长 for a 副市长) or a title kept after leaving office
  is a finding.
- Personal data (spec §7.2): resident identity numbers with the GB 11643 check character
  (:mod:`gongkai.core.idcard`), mobile numbers (in one run or as 138 1234 5678 / 138-1234-5678; masked as the
  masking rule masks them), bank-card numbers (16–19 digits, Luhn). The finding carries only a masked excerpt:
  the raw number is never stored, and any run of six or more digits left in an excerpt is starred.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from gongkai.core import idcard, masking

EXCERPT_CONTEXT = 20

# Titles a text puts before or after a leader's name. The leaders' own titles are added to these.
COMMON_TITLES = (
    "书记", "副书记", "市长", "副市长", "常务副市长", "区长", "副区长", "县长", "副县长", "镇长", "副镇长",
    "乡长", "副乡长", "主任", "副主任", "局长", "副局长", "厅长", "副厅长", "部长", "副部长", "主席", "副主席",
    "秘书长", "副秘书长", "处长", "副处长", "科长", "副科长", "行长", "副行长", "院长", "副院长", "所长",
    "调研员", "党组书记", "市委书记", "区委书记", "县委书记", "常委", "主任委员", "检察长", "庭长", "校长",
)  # fmt: skip
TITLE_SEPARATORS = re.compile(r"[、，,/；;\s]|兼")

# Mobile numbers as people write them: in one run or with a single space or dash between the groups
# (138 1234 5678, 138-1234-5678); masked by the masking rule (first 3 and last 4 digits).
MOBILE = re.compile(r"(?<![\d])(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![\d])")

# Bank-card numbers: 16–19 digits, written in one run or in groups of four separated by a space or a dash.
BANK_CARD = re.compile(r"(?<![\d])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![\d])")


@dataclass(frozen=True)
class Hit:
    """One finding in one text: where it starts, what rule, the masked excerpt and a stable key."""

    kind: str  # lexicon | leader | personal
    rule: str  # the term, "王某某（副市长）", or the pattern's name (id_card, mobile, bank_card)
    offset: int
    length: int
    masked: str  # the matched text as it may be shown (numbers masked)
    excerpt: str  # the context, every number in it masked
    message: str
    severity: str = "warn"


@dataclass(frozen=True)
class LexiconTerm:
    term: str
    kind: str  # forbidden | misspelling
    correction: str = ""
    note: str = ""
    severity: str = "warn"


@dataclass(frozen=True)
class LeaderInfo:
    name: str
    title: str
    is_current: bool
    organization: str = ""
    since: object = None  # date the current title was taken


# The automaton --------------------------------------------------------------------------------------------


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching any of ``words``, written as a prefix tree (longest first at each
    branch, so a term and a longer term sharing its start both match, the longer one winning)."""
    root: dict = {}
    for word in {w for w in words if w}:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        alternatives = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # a word ends here and longer ones go on: the greedy "?" tries the longer first
        return f"(?:{alternatives})?" if "" in node else alternatives

    return emit(root)


class Matcher:
    """The lexicon terms and the leaders' names compiled once per run; :meth:`find` scans one text."""

    def __init__(self, terms: Iterable[LexiconTerm], leaders: Iterable[LeaderInfo]):
        self.terms = {t.term: t for t in terms if t.term}
        self.leaders: dict[str, list[LeaderInfo]] = {}
        # (organization, title) -> the date its present holder took it: a predecessor titled so in a text
        # published since then is out of date.
        self.successor_since: dict[tuple[str, str], object] = {}
        leaders = list(leaders)
        for leader in leaders:
            if leader.is_current and leader.since:
                key = (leader.organization, leader.title)
                self.successor_since[key] = max(leader.since, self.successor_since.get(key, leader.since))
        for leader in leaders:
            if len(leader.name) >= 2:
                self.leaders.setdefault(leader.name, []).append(leader)
        words = set(self.terms) | set(self.leaders)
        self.pattern = re.compile(trie_pattern(words)) if words else None
        titles = set(COMMON_TITLES)
        for infos in self.leaders.values():
            for info in infos:
                titles.update(part for part in TITLE_SEPARATORS.split(info.title) if len(part) >= 2)
        pattern = trie_pattern(titles)
        self.title_before = re.compile(f"(?:{pattern})$")
        self.title_after = re.compile(f"(?:{pattern})")
        self._titles = titles

    def find(self, text: str, *, published_on=None) -> Iterator[Hit]:
        if not text or self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            word = match.group()
            term = self.terms.get(word)
            if term is not None:
                yield _term_hit(text, match.start(), term)
            infos = self.leaders.get(word)
            if infos:
                hit = self._leader_hit(text, match.start(), match.end(), infos, published_on)
                if hit is not None:
                    yield hit

    def _written_title(self, text: str, start: int, end: int) -> tuple[str, int, int] | None:
        before = text[max(0, start - 12) : start]
        found = self._longest_suffix_title(before)
        if found:
            return found, start - len(found), end
        after = self.title_after.match(text, end)
        if after and after.group():
            return after.group(), start, after.end()
        return None

    def _longest_suffix_title(self, before: str) -> str:
        for size in range(min(len(before), 12), 1, -1):
            if before[-size:] in self._titles:
                return before[-size:]
        return ""

    def _leader_hit(self, text, start, end, infos, published_on) -> Hit | None:
        written = self._written_title(text, start, end)
        if written is None:
            return None
        title, first, last = written
        name = text[start:end]
        current = [i for i in infos if i.is_current]
        if current:
            if any(title_fits(title, i.title) for i in current):
                return None
            # Written before the present title was taken: it was right then.
            dates = [i.since for i in current if i.since]
            if published_on is not None and dates and published_on < max(dates):
                return None
            right = "、".join(sorted({i.title for i in current}))
            return Hit(
                kind="leader", rule=f"{name}（{right}）", offset=first, length=last - first,
                masked=text[first:last], excerpt=excerpt(text, first, last),
                message=f"“{text[first:last]}”职务有误：{name}现任{right}。", severity="warn",
            )  # fmt: skip
        # Only former holders of this name: a title they held, written after the successor took it.
        held = [i for i in infos if title_fits(title, i.title)]
        dates = [self.successor_since[(i.organization, i.title)] for i in held
                 if (i.organization, i.title) in self.successor_since]  # fmt: skip
        if not dates or published_on is None or published_on < min(dates):
            return None
        return Hit(
            kind="leader", rule=f"{name}（已离任）", offset=first, length=last - first,
            masked=text[first:last], excerpt=excerpt(text, first, last),
            message=f"“{text[first:last]}”：{name}已不再担任该职务。", severity="warn",
        )  # fmt: skip


def title_fits(written: str, held: str) -> bool:
    """Whether ``written`` (the title in the text) names the title ``held``: equal to one of its parts, or the
    end of one (市人民政府市长 ends with 市长) not preceded by 副 (副市长 is no 市长)."""
    for part in TITLE_SEPARATORS.split(held):
        if not part:
            continue
        if part == written:
            return True
        if part.endswith(written) and not part[: -len(written)].endswith("副"):
            return True
    return False


def _term_hit(text: str, start: int, term: LexiconTerm) -> Hit:
    end = start + len(term.term)
    if term.kind == "misspelling":
        message = f"“{term.term}”疑为错误写法，应为“{term.correction}”。"
    else:
        message = f"含有禁用词“{term.term}”。" + (f"（{term.note}）" if term.note else "")
    return Hit(kind="lexicon", rule=term.term, offset=start, length=len(term.term), masked=term.term,
               excerpt=excerpt(text, start, end), message=message, severity=term.severity)  # fmt: skip


# Personal data --------------------------------------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def bank_card_mask(digits: str) -> str:
    """Last 4 digits only (spec §7.2)."""
    return "*" * (len(digits) - 4) + digits[-4:]


def _personal_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, pattern name, masked) of each identity, mobile and bank-card number, without overlaps
    (an identity number first: 18 digits that pass GB 11643 are not read as a card)."""
    found: list[tuple[int, int, str, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _k, _m in found)

    for match in masking.ID_CARD.finditer(text):
        number = match.group(1)
        if idcard.problem(number) is None:
            found.append((*match.span(1), "id_card", masking.id_number(number)))
    for match in BANK_CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 16 <= len(digits) <= 19 and luhn_ok(digits) and free(*match.span()):
            found.append((*match.span(), "bank_card", bank_card_mask(digits)))
    for match in MOBILE.finditer(text):
        if free(*match.span()):
            found.append((*match.span(), "mobile", masking.phone(match.group())))
    return sorted(found)


PERSONAL_LABELS = {"id_card": "身份证号码", "mobile": "手机号码", "bank_card": "银行卡号"}


def personal(text: str) -> Iterator[Hit]:
    if not text or not _MAY_HOLD_NUMBER.search(text):
        return
    for start, end, name, masked in _personal_spans(text):
        yield Hit(kind="personal", rule=name, offset=start, length=end - start, masked=masked,
                  excerpt=excerpt(text, start, end),
                  message=f"含有未遮蔽的{PERSONAL_LABELS[name]}（{masked}），请删除或遮蔽。",
                  severity="block")  # fmt: skip


_MAY_HOLD_NUMBER = re.compile(r"\d{11}|\d{4}[ -]\d{4}")


def mask_numbers(text: str) -> str:
    """``text`` with every identity, mobile and bank-card number masked: what an excerpt may show."""
    if not _MAY_HOLD_NUMBER.search(text):
        return text
    out, last = [], 0
    for start, end, _name, masked in _personal_spans(text):
        out += [text[last:start], masked]
        last = end
    out.append(text[last:])
    return "".join(out)


# What is left of a number after masking: six or more digits, a single space or dash allowed between them.
_DIGIT_RUN = re.compile(r"(?<!\d)\d(?:[ -]?\d){5,}(?!\d)")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
# The longest number a rule knows, written with separators (19 digits in groups of four): how far an edge
# of the window is moved to take in the whole number.
_STRETCH = 32


def _in_number(text: str, index: int) -> bool:
    """Whether ``text[index]`` belongs to a number: a digit, an identity number's X after a digit, or a
    single space or dash between two digits."""
    char = text[index]
    if char.isdigit():
        return True
    if char in "Xx":
        return index > 0 and text[index - 1].isdigit()
    if char in " -":
        return 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()
    return False


def star_digit_runs(text: str) -> str:
    """``text`` with every run of six or more digits (separators allowed) starred: the last guard of an
    excerpt, so that no number a rule missed or a window cut is shown. A date (2024-01-15) is left."""

    def star(match: re.Match) -> str:
        if _DATE.fullmatch(match.group()):
            return match.group()
        return re.sub(r"\d", "*", match.group())

    return _DIGIT_RUN.sub(star, text)


def excerpt(text: str, start: int, end: int, context: int = EXCERPT_CONTEXT) -> str:
    """The words around ``text[start:end]``, on one line, numbers masked. A number the window's edge cuts is
    taken in whole (digits, an identity number's final X, the spaces or dashes between a card's groups), so
    the rules still recognize and mask it; whatever run of digits is left after masking is starred."""
    left, right = max(0, start - context), min(len(text), end + context)
    floor, ceiling = max(0, left - _STRETCH), min(len(text), right + _STRETCH)
    # an edge cuts a number when the characters on both sides of it belong to one
    while left > floor and left < len(text) and _in_number(text, left - 1) and _in_number(text, left):
        left -= 1
    while 0 < right < ceiling and _in_number(text, right - 1) and _in_number(text, right):
        right += 1
    window = star_digit_runs(mask_numbers(text[left:right]))
    window = " ".join(window.split())
    return ("…" if left > 0 else "") + window + ("…" if right < len(text) else "")
