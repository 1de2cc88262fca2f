"""The layout of an official document (公文) under GB/T 9704-2012 (spec §5), read from a Word document:
which paragraphs are the 版头, the title, the signature, the date line and the 版记, and what they say.

The layout tells the parts apart (spec §5.2), top to bottom:

- the 版头: 份号, 密级, 紧急程度, the red 发文机关标志 (``临沂市发展和改革委员会文件``: the issuer is the
  red text without its trailing 文件; in a paragraph, a table or a text box), the 发文字号
  (``临发改〔2026〕15号``, spec §5.3; wrong brackets such as ``[2026]`` are corrected, with a warning) and the
  red rule;
- the 标题: the large or centred paragraph after the red rule (one or more lines);
- the 主送机关: a short line ending with a full-width colon, right after the title (it stays in the body);
- the 正文, ending with the 附件说明 (``附件：1.XXX`` and the following numbered lines);
- the 署名 and the 成文日期 (``2026年3月5日``, or in Chinese numerals ``二〇二六年三月五日``), with the blank
  lines around them where the seal is anchored;
- the 版记 at the very end (抄送, 印发机关和印发日期).

:func:`read_layout` fills in what it finds and takes the 版头, title, signature, date line and 版记 out of
the document, so what is left is the body. Judged from the document's own formatting (colours, sizes,
alignment, indents, following each style's ``basedOn`` chain) and text patterns; pure, no database.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import docnumber

if TYPE_CHECKING:
    from .docx_import import ReadDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")

# 发文字号 anywhere in a line (a 上行文's line also carries 签发人), brackets and all as people type them.
DOC_NO_IN_LINE = re.compile(
    r"(?P<org>[\u4e00-\u9fff][\u4e00-\u9fff\d]*)(?P<open>[〔\[［【(（〈<{｛])(?P<year>\d{4})"
    r"(?P<close>[〕\]］】)）〉>}｝])(?P<seq>第?\d+)号"
)
DOC_NO_IN_PARENTHESES = re.compile(rf"^[（(]{DOC_NO_IN_LINE.pattern}[）)]$")
COPY_NUMBER = re.compile(r"^\d{6}$")  # 份号
SECRECY = re.compile(r"^(绝密|机密|秘密)(★.*)?$")  # 密级和保密期限
URGENCY = re.compile(r"^(特急|加急|特提|平急)$")  # 紧急程度
SIGNER = re.compile(r"^签发人[:：]")
ARABIC_DATE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
CHINESE_DIGITS = "〇一二三四五六七八九"
CHINESE_DATE = re.compile(
    r"^(?P<y>[〇零○Ｏ0-9一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日$"
)
ATTACHMENT_NOTE = re.compile(r"^附件[:：].+$")
NUMBERED = re.compile(r"^(?P<n>\d{1,2})[.．、](?P<name>.+)$")
PRINTED_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日印发$")
SENTENCE_END = tuple("。；，、：;,:！？!?")
HEADING = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|[（(]\d+[）)])"
)
NUMBER_PREFIX = re.compile(r"^\s*[\d０-９]{1,2}\s*[.．、]\s*")


def read_layout(document, result: ReadDocument) -> None:
    """Fill ``result`` from the layout of ``document`` (a python-docx Document) and remove from it the
    blocks that are not the body."""
    styles = _Styles(document)
    blocks = [
        _Block.of(child, styles)
        for child in document.element.body.iterchildren()
        if child.tag in (_w("p"), _w("tbl"), _w("sdt"))
    ]
    removed = _read_layout(blocks, result)
    for index in sorted(removed, reverse=True):
        element = blocks[index].element
        element.getparent().remove(element)


def parse_date(line: str) -> tuple[dt.date | None, bool] | None:
    """(the date, whether it exists) of a date line in Arabic or Chinese numerals; None if ``line`` is not
    a date line."""
    return _parse_date(compact(line))


class _Styles:
    """The few style properties the layout is judged by, followed up each style's ``basedOn`` chain."""

    def __init__(self, document):
        self.by_id = {style.style_id: style for style in document.styles if style.style_id}
        from docx.enum.style import WD_STYLE_TYPE

        self.default_paragraph = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        defaults = document.styles.element.find(
            f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('sz')}"
        )
        self.default_size = _half_points(defaults.get(_w("val"))) if defaults is not None else None

    def chain(self, style_id: str | None, *, paragraph: bool = True):
        style = self.by_id.get(style_id) if style_id else (self.default_paragraph if paragraph else None)
        seen = 0
        while style is not None and seen < 20:
            yield style
            style, seen = style.base_style, seen + 1

    def first(self, style_id, getter, *, paragraph: bool = True):
        for style in self.chain(style_id, paragraph=paragraph):
            try:
                value = getter(style)
            except (AttributeError, ValueError, TypeError):
                value = None
            if value is not None:
                return value
        return None

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id) if style_id else None
        return (style.name or "") if style is not None else ""


def _half_points(value: str | None) -> float | None:
    try:
        return int(value) / 2 if value else None
    except ValueError:
        return None


def _twips(value: str | None) -> int:
    try:
        return int(value) if value else 0
    except ValueError:
        return 0


def _red(value: str | None) -> bool:
    if not value or len(value) != 6:
        return False
    try:
        r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0xB0 and g <= 0x60 and b <= 0x60


def _run_property(run, name: str) -> str | None:
    found = run.find(f"{_w('rPr')}/{_w(name)}")
    return found.get(_w("val")) if found is not None else None


def tidy(text: str) -> str:
    """One line of text: spaces between Chinese characters (used to spread a title) go, others shrink.
    Full-width punctuation stays as it is (``compact`` folds it, for matching only)."""
    return " ".join(_CJK_GAP.sub("", text.replace("\u3000", " ")).split())


def compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_of(element) -> str:
    """The text of a paragraph or table, line breaks kept; a drawing's fallback copy (Word writes text boxes
    twice, for old readers) is read once."""
    parts: list[str] = []
    stack = [element]
    while stack:
        node = stack.pop()
        if node.tag == MC_FALLBACK:
            continue
        if node.tag == _w("t"):
            parts.append(node.text or "")
        elif node.tag == _w("tab"):
            parts.append("\t")
        elif node.tag in (_w("br"), _w("cr")) or (node.tag == _w("p") and node is not element and parts):
            parts.append("\n")
        stack.extend(reversed(list(node)))
    return "".join(parts)


@dataclass
class _Block:
    element: object
    is_paragraph: bool
    text: str  # with line breaks
    red: bool = False
    centred: bool = False
    right: bool = False
    size: float | None = None
    style_name: str = ""

    @property
    def flat(self) -> str:
        return compact(self.text)

    @property
    def lines(self) -> list[str]:
        """The lines, folded for matching (see ``compact``)."""
        return [line for line in (compact(part) for part in self.text.split("\n")) if line]

    @property
    def shown_lines(self) -> list[str]:
        """The lines as written, without spaces (for values shown to the editor)."""
        return [line for line in (re.sub(r"\s+", "", part) for part in self.text.split("\n")) if line]

    @property
    def empty(self) -> bool:
        return not self.flat

    @classmethod
    def of(cls, element, styles: _Styles) -> _Block:
        text = _text_of(element)
        if element.tag != _w("p"):
            runs = element.findall(f".//{_w('r')}")
            red = (
                bool(runs)
                and all(_red(_run_property(r, "color")) for r in runs if compact(_text_of(r)))
                and any(compact(_text_of(r)) for r in runs)
            )
            return cls(element, False, text, red=red)
        style_id = element.find(f"{_w('pPr')}/{_w('pStyle')}")
        style_id = style_id.get(_w("val")) if style_id is not None else None
        jc = element.find(f"{_w('pPr')}/{_w('jc')}")
        align = jc.get(_w("val")) if jc is not None else None
        if align is None:
            alignment = styles.first(style_id, lambda s: s.paragraph_format.alignment)
            align = {1: "center", 2: "right"}.get(int(alignment)) if alignment is not None else None
        indent = element.find(f"{_w('pPr')}/{_w('ind')}")
        right_indent = indent is not None and (
            (indent.get(_w("right")) or indent.get(_w("end")) or "0") != "0"
            or _twips(indent.get(_w("left")) or indent.get(_w("start"))) >= 3000  # a signature pushed right
        )
        style_colour = styles.first(style_id, lambda s: s.font.color.rgb)
        style_size = styles.first(style_id, lambda s: s.font.size.pt if s.font.size else None)
        red_runs, sizes = [], []
        for run in element.iter(_w("r")):
            if not compact("".join(t.text or "" for t in run.iter(_w("t")))):
                continue
            colour = _run_property(run, "color")
            run_style = _run_property(run, "rStyle")
            if colour is None and run_style:
                rgb = styles.first(run_style, lambda s: s.font.color.rgb, paragraph=False)
                colour = str(rgb) if rgb is not None else None
            if colour is None and style_colour is not None:
                colour = str(style_colour)
            red_runs.append(_red(colour))
            size = _half_points(_run_property(run, "sz"))
            if size is None and run_style:
                length = styles.first(run_style, lambda s: s.font.size, paragraph=False)
                size = length.pt if length is not None else None
            sizes.append(size or style_size or styles.default_size)
        return cls(
            element,
            True,
            text,
            red=bool(red_runs) and all(red_runs),
            centred=align in ("center", "distribute"),
            right=align in ("right", "end") or right_indent or bool(re.match(r"^[ \u3000]{4,}", text)),
            size=max((s for s in sizes if s), default=None),
            style_name=styles.name(style_id).lower(),
        )


def _read_layout(blocks: list[_Block], result: ReadDocument) -> set[int]:
    """Fill ``result``'s metadata from the layout; the indexes of the blocks that leave the body."""
    removed: set[int] = set()
    end = _read_header(blocks, result)
    removed.update(range(end))
    start = _read_title(blocks, end, result, removed)
    footer = _find_imprint(blocks, start)
    removed.update(range(footer, len(blocks)))
    note_end = _read_attachment_note(blocks, start, footer, result)
    _read_date_and_signature(blocks, max(start, note_end), footer, result, removed)
    return removed


def _read_header(blocks: list[_Block], result: ReadDocument) -> int:
    """Read the 版头 (the maximal run of header-like blocks at the top); the index of the first block after it."""
    issuers: list[str] = []
    index = 0
    for index, block in enumerate(blocks):  # noqa: B007 - the index is the answer
        flat = block.flat
        if block.empty or COPY_NUMBER.match(flat) or SECRECY.match(flat) or URGENCY.match(flat):
            continue
        if SIGNER.match(flat):
            continue
        found = DOC_NO_IN_LINE.search(flat)
        if block.is_paragraph and found and len(flat) <= 40:
            if not result.doc_number:
                _take_doc_number(block.text, result)
            continue
        if block.red or (
            flat.endswith("文件") and len(flat) <= 40 and (block.centred or (block.size or 0) >= 26)
        ):
            issuers += [line.removesuffix("文件") for line in block.shown_lines if line.removesuffix("文件")]
            continue
        break
    else:
        index = len(blocks)
    result.issuer = "、".join(dict.fromkeys(issuers))
    return index


def _take_doc_number(text: str, result: ReadDocument) -> None:
    """The number in ``text`` as typed (for the warning) and as it should be written (full-width digits and
    brackets made plain first, then the year's brackets made 〔〕)."""
    found = DOC_NO_IN_LINE.search(re.sub(r"\s+", "", text))
    if found is None:
        return
    typed = found[0]
    number = docnumber.normalize(unicodedata.normalize("NFKC", typed))
    if found["open"] != "〔" or found["close"] != "〕":
        result.warnings.append(f"文号“{typed}”的年份括号已改为六角括号〔〕：{number}，请核对。")
    problem = docnumber.problem(number)
    if problem:
        result.warnings.append(f"文号“{number}”的写法不规范：{problem}。请在编辑页核对。")
    result.doc_number = number


def _is_title_line(block: _Block) -> bool:
    return block.is_paragraph and (
        block.centred
        or (block.size or 0) >= 18
        or block.style_name in ("title", "标题", "heading 1", "标题 1")
    )


def _read_title(blocks: list[_Block], start: int, result: ReadDocument, removed: set[int]) -> int:
    """Read the title (and the 主送机关 after it); the index where the body begins."""
    index = _next_filled(blocks, start)
    if index is None:
        return len(blocks)
    first = blocks[index]
    if not _is_title_line(first) or first.flat.endswith(("：", ":")) or HEADING.match(first.flat):
        _read_addressee(blocks, index, result)
        return index
    lines = [tidy(first.text)]
    removed.add(index)
    index += 1
    while index < len(blocks) and len(lines) < 4:
        block = blocks[index]
        if block.empty or not block.centred or block.size != first.size or block.flat.endswith(("：", ":")):
            break
        if DOC_NO_IN_PARENTHESES.match(block.flat):
            break
        lines.append(tidy(block.text))
        removed.add(index)
        index += 1
    result.title = tidy("".join(lines))
    following = _next_filled(blocks, index)
    if following is not None and (found := DOC_NO_IN_PARENTHESES.match(blocks[following].flat)):
        # A number under the title in brackets: （临发改〔2026〕15号）, the layout of some 公告 and 令.
        if not result.doc_number:
            _take_doc_number(found[0], result)
        removed.add(following)
        index = following + 1
    _read_addressee(blocks, index, result)
    return index


def _read_addressee(blocks: list[_Block], start: int, result: ReadDocument) -> None:
    index = _next_filled(blocks, start)
    if index is None:
        return
    block = blocks[index]
    flat = block.flat
    if (
        block.is_paragraph
        and flat.endswith(("：", ":"))
        and len(flat) <= 80
        and not flat.startswith("附件")
        and not HEADING.match(flat)
    ):
        result.addressee = tidy(block.text).rstrip(":：") + "："


def _find_imprint(blocks: list[_Block], start: int) -> int:
    """The index where the 版记 (抄送, 印发) begins at the end of the document; ``len(blocks)`` if none."""
    index = len(blocks)
    found = len(blocks)
    while index > start:
        block = blocks[index - 1]
        flat = block.flat
        is_line = flat.startswith(("抄送", "主题词", "分送")) or PRINTED_LINE.search(flat) is not None
        if not block.is_paragraph and ("印发" in flat or flat.startswith("抄送")):
            is_line = True
        if is_line:
            found = index - 1
        elif not (block.empty or re.match(r"^[（(]共印\d+份[)）]$", flat)):
            break
        index -= 1
    if found == len(blocks):
        return found
    while found > start and blocks[found - 1].empty:
        found -= 1
    return found


def _read_attachment_note(blocks: list[_Block], start: int, end: int, result: ReadDocument) -> int:
    """Read the 附件说明; the index after its last line (``start`` if there is none)."""
    for index in range(start, end):
        block = blocks[index]
        found = ATTACHMENT_NOTE.match(block.flat) if block.is_paragraph else None
        if found is None:
            continue
        names = []
        first = re.split(r"[:：]", block.text, maxsplit=1)[-1]
        numbered = NUMBERED.match(compact(first))
        names.append(_attachment_name(NUMBER_PREFIX.sub("", first)))
        index += 1
        if numbered:
            while index < end and blocks[index].is_paragraph and NUMBERED.match(blocks[index].flat):
                names.append(_attachment_name(NUMBER_PREFIX.sub("", blocks[index].text)))
                index += 1
        result.attachment_names = [name for name in names if name]
        return index
    return start


def _attachment_name(text: str) -> str:
    return tidy(text).strip("。；;，, ")


def _parse_date(flat: str) -> tuple[dt.date | None, bool] | None:
    """(the date, whether it is a real one) of a date line; None if ``flat`` is not a date line."""
    if found := ARABIC_DATE.match(flat):
        year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    elif found := CHINESE_DATE.match(flat):
        digits = found["y"].translate(str.maketrans("零○Ｏ", "〇〇〇"))
        year = int("".join(str(CHINESE_DIGITS.index(c)) if c in CHINESE_DIGITS else c for c in digits))
        month, day = _chinese_number(found["m"]), _chinese_number(found["d"])
        if month is None or day is None:
            return None, False
    else:
        return None
    try:
        return dt.date(year, month, day), True
    except ValueError:
        return None, False


def _chinese_number(text: str) -> int | None:
    """一 to 三十一 as written in dates."""
    if "十" not in text:
        return CHINESE_DIGITS.index(text) if len(text) == 1 and text in CHINESE_DIGITS[1:] else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in CHINESE_DIGITS[1:4]):
        return None
    if ones and ones not in CHINESE_DIGITS[1:]:
        return None
    return (CHINESE_DIGITS.index(tens) if tens else 1) * 10 + (CHINESE_DIGITS.index(ones) if ones else 0)


def _read_date_and_signature(
    blocks: list[_Block], start: int, end: int, result: ReadDocument, removed: set[int]
) -> None:
    candidates = []
    for index in range(start, end):
        block = blocks[index]
        if not (block.is_paragraph and block.lines and all(_is_signature(x) for x in block.lines[:-1])):
            continue  # a date line, or the signature and the date in one paragraph (a line break between)
        if (parsed := _parse_date(block.lines[-1])) is not None:
            candidates.append((index, parsed))
    if not candidates:
        _remove_lone_signature(blocks, start, end, removed)
        return
    after_note = bool(result.attachment_names)
    aligned = [c for c in candidates if blocks[c[0]].right]
    index, (day, real) = candidates[0] if after_note else (aligned[0] if aligned else candidates[-1])
    block = blocks[index]
    if not real:
        result.warnings.append(f"成文日期“{block.lines[-1]}”不是有效的日期，请在编辑页填写。")
    result.written_on = day
    removed.add(index)
    # The signature: up to two short lines above the date. The blank lines around them go too: the seal
    # (a picture) is often anchored there, and a seal has no place in the web page.
    before, taken = index - 1, 0
    while before >= start and taken < 2:
        previous = blocks[before]
        if previous.is_paragraph and (previous.empty or _is_signature_block(previous, result.issuer)):
            removed.add(before)
            taken += 0 if previous.empty else 1
            before -= 1
            continue
        break
    after = index + 1
    while after < end and blocks[after].is_paragraph and blocks[after].empty:
        removed.add(after)
        after += 1


def _remove_lone_signature(blocks: list[_Block], start: int, end: int, removed: set[int]) -> None:
    """Without a date line, a right-aligned short last line (after any 附注 in brackets) is the signature."""
    index = end - 1
    while index >= start and (blocks[index].empty or blocks[index].flat.startswith(("（", "("))):
        index -= 1
    last = blocks[index] if index >= start else None
    if last is not None and last.is_paragraph and last.right and all(_is_signature(x) for x in last.lines):
        removed.add(index)


ORGANIZATION_ENDINGS = ("委员会", "政府", "办公室", "办公厅", "局", "厅", "委", "部", "院", "中心", "办", "处", "会", "街道办事处", "公司")  # fmt: skip


def _is_signature_block(block: _Block, issuer: str) -> bool:
    """A signature line stands to the right (or centred over the date) or names an organization; a short
    closing line of the body such as 特此通知 does neither."""
    if not all(_is_signature(line) for line in block.lines):
        return False
    return (
        block.right
        or block.centred
        or block.flat.endswith(ORGANIZATION_ENDINGS)
        or bool(issuer and block.flat in issuer)
    )


def _is_signature(line: str) -> bool:
    return (
        0 < len(line) <= 40
        and not line.endswith(SENTENCE_END)
        and not line.startswith("附件")
        and not (NUMBERED.match(line) or HEADING.match(line))
    )


def _next_filled(blocks: list[_Block], start: int) -> int | None:
    return next((i for i in range(start, len(blocks)) if not blocks[i].empty), None)
