"""True redaction for a partly disclosed answer (部分公开, Art. 37): the marked content is removed from the
file, not covered. A PDF goes through PyMuPDF's redactions (text under a mark deleted from the content
stream, image pixels under it blanked, line art it covers removed), then the document is scrubbed
(metadata, XML metadata, embedded files, thumbnails, form fields) and rewritten without unused objects, so
extracting text from the result never yields what was marked. Each mark is a black box labelled with its
basis (e.g. 条例第十五条). A scanned (image-only) PDF has no text to search: its areas blank the pixels of its
images. A picture (PNG, JPEG) is redrawn with the boxes painted in and re-encoded.

Marks are areas (page from 1, x0, y0, x1, y1 in points from the page's top left; pixels for a picture) or
terms (every occurrence in the text, each line of a hit a box of its own). Nothing here touches the database.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The grounds a withheld part is usually given (the staff form offers them; the API takes any short text).
BASES = (
    "条例第十四条",
    "条例第十五条",
    "条例第十六条第一款",
    "条例第十六条第二款",
)
BASIS_MAX = 30
MAX_MARKS = 2000
KINDS = frozenset({"pdf", "png", "jpg"})


@dataclass(frozen=True)
class Mark:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    basis: str
    found_by: str  # "area" or "term" (the term itself is not kept: it may be a person's name)

    def as_dict(self) -> dict:
        return asdict(self)


def _basis(value, field: str) -> str:
    basis = str(value or "").strip()
    if not basis or len(basis) > BASIS_MAX:
        raise ValidationError({field: _("请写明每处不予公开的依据（如“条例第十五条”），不超过30字。")})
    return basis


def _number(value, field: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("区域的坐标应为数字。")}) from None
    if number != number or number in (float("inf"), float("-inf")):  # NaN, infinity
        raise ValidationError({field: _("区域的坐标应为数字。")})
    return number


def _areas(areas: list[dict], pages: list[tuple[float, float]]) -> list[Mark]:
    """The areas as marks, each clipped to its page; a page that does not exist, or an area with nothing
    inside the page, is refused."""
    marks = []
    for area in areas:
        try:
            page = int(area.get("page"))
        except (TypeError, ValueError):
            page = 0
        if not 1 <= page <= len(pages):
            raise ValidationError({"areas": _("第%(p)s页不存在（本文件共%(n)s页）。") % {"p": area.get("page"), "n": len(pages)}})  # fmt: skip
        width, height = pages[page - 1]
        x0, x1 = sorted(_number(area.get(k), "areas") for k in ("x0", "x1"))
        y0, y1 = sorted(_number(area.get(k), "areas") for k in ("y0", "y1"))
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)
        if x1 - x0 < 1 or y1 - y0 < 1:
            raise ValidationError({"areas": _("第%(p)s页标出的区域不在页面内或太小。") % {"p": page}})
        marks.append(Mark(page, x0, y0, x1, y1, _basis(area.get("basis"), "areas"), "area"))
    return marks


def redact(data: bytes, file_kind: str, *, areas: list[dict] = (), terms: list[dict] = ()) -> tuple[bytes, list[Mark]]:  # fmt: skip
    """The file with every mark's content removed, and the marks applied. Raises ValidationError (Chinese)
    for a kind that cannot be redacted, no marks, a page or area outside the file, a term not found, a term
    in a picture (it has no text), or a file that does not open."""
    areas, terms = list(areas), list(terms)
    if file_kind not in KINDS:
        raise ValidationError(_("只能对PDF文件和图片（PNG、JPG）作遮盖处理；请先把文件转为PDF。"))
    if not areas and not terms:
        raise ValidationError(_("请标出要遮盖的区域，或填写要遮盖的文字。"))
    if file_kind == "pdf":
        return _pdf(data, areas, terms)
    if terms:
        raise ValidationError({"terms": _("图片中的文字无法搜索，请直接在图片上标出区域。")})
    return _picture(data, file_kind, areas)


def _pdf(data: bytes, areas: list[dict], terms: list[dict]) -> tuple[bytes, list[Mark]]:
    import pymupdf

    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError):
        raise ValidationError(_("文件无法打开，不能作遮盖处理。")) from None
    with document:
        if document.needs_pass:
            raise ValidationError(_("文件设有密码，不能作遮盖处理。"))
        pages = [(page.rect.width, page.rect.height) for page in document]
        marks = _areas(areas, pages)
        for term in terms:
            text = str(term.get("text") or "").strip()
            if not text:
                raise ValidationError({"terms": _("要遮盖的文字不能为空。")})
            basis = _basis(term.get("basis"), "terms")
            found = [
                Mark(number, r.x0, r.y0, r.x1, r.y1, basis, "term")
                for number, page in enumerate(document, start=1)
                for r in page.search_for(text)
            ]
            if not found:
                raise ValidationError({"terms": _("文件中没有找到“%(t)s”。") % {"t": text}})
            marks.extend(found)
        if len(marks) > MAX_MARKS:
            raise ValidationError(_("一次最多遮盖2000处。"))
        for mark in marks:
            page = document[mark.page - 1]
            rect = pymupdf.Rect(mark.x0, mark.y0, mark.x1, mark.y1)
            size = max(min(rect.height * 0.7, 9), 3)
            page.add_redact_annot(
                rect, text=mark.basis, fontname="china-s", fontsize=size, fill=(0, 0, 0), text_color=(1, 1, 1),
                cross_out=False,
            )  # fmt: skip
        for page in document:
            page.apply_redactions(
                images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                text=pymupdf.PDF_REDACT_TEXT_REMOVE,
            )
        document.scrub()  # metadata, XML metadata, embedded files, thumbnails, form fields, JavaScript
        return document.tobytes(garbage=4, deflate=True, clean=True), marks


def _picture(data: bytes, file_kind: str, areas: list[dict]) -> tuple[bytes, list[Mark]]:
    from PIL import Image, ImageDraw

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError):
        raise ValidationError(_("图片无法打开，不能作遮盖处理。")) from None
    image = image.convert("RGB")
    marks = _areas(areas, [(image.width, image.height)])
    draw = ImageDraw.Draw(image)
    font = _label_font()
    for mark in marks:
        draw.rectangle((mark.x0, mark.y0, mark.x1, mark.y1), fill=(0, 0, 0))
        if font is not None:
            draw.text((mark.x0 + 2, mark.y0 + 1), mark.basis, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG" if file_kind == "png" else "JPEG", quality=90)
    return buffer.getvalue(), marks


def _label_font():
    """A font that writes Chinese, for the basis on a picture's boxes (none: the boxes stay unlabelled, the
    bases are still recorded with the file)."""
    import shutil
    import subprocess

    from PIL import ImageFont

    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(
        ["fc-match", "-f", "%{file}", ":lang=zh-cn"],  # noqa: S607 - fontconfig's tool, on PATH
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    try:
        return ImageFont.truetype(found, 16) if found else None
    except OSError:
        return None


# For the marking page -------------------------------------------------------------------------------------

RENDER_DPI = 96  # page pictures for marking: 96 dpi, so one CSS pixel at 100 % is 0.75 point


@dataclass(frozen=True)
class Page:
    number: int
    width: float  # points (a picture: pixels)
    height: float


def pages(data: bytes, file_kind: str) -> list[Page]:
    """The pages to mark, with their size in the unit the areas use."""
    if file_kind == "pdf":
        import pymupdf

        with pymupdf.open(stream=data, filetype="pdf") as document:
            return [Page(n, page.rect.width, page.rect.height) for n, page in enumerate(document, start=1)]
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return [Page(1, image.width, image.height)]


def page_picture(data: bytes, file_kind: str, number: int) -> bytes | None:
    """Page ``number`` as a PNG to mark on (None when there is no such page)."""
    if file_kind != "pdf":
        return data if number == 1 else None
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as document:
        if not 1 <= number <= document.page_count:
            return None
        return document[number - 1].get_pixmap(dpi=RENDER_DPI).tobytes("png")


@dataclass(frozen=True)
class Proposal:
    kind: str  # ids, phones, names, addresses, plates (core.masking)
    text: str
    shown: str  # masked, for the label
    pages: tuple[int, ...]


KIND_LABELS = {
    "ids": "证件号码",
    "phones": "电话号码",
    "names": "姓名",
    "addresses": "地址",
    "plates": "车牌号码",
}


def proposals(data: bytes, file_kind: str) -> list[Proposal]:
    """What the masking rules find in a PDF's text (identity and phone numbers, names, addresses, plates),
    each distinct text once with the pages it is on: proposed to the handler, never applied unasked."""
    if file_kind != "pdf":
        return []
    import pymupdf

    from gongkai.core import masking

    found: dict[tuple[str, str], tuple[str, list[int]]] = {}
    with pymupdf.open(stream=data, filetype="pdf") as document:
        for number, page in enumerate(document, start=1):
            text = page.get_text()
            for span in masking.spans(text):
                words = text[span.start : span.end].strip()
                if not words or "\n" in words:
                    continue
                _shown, on = found.setdefault((span.kind, words), (span.replacement, []))
                if number not in on:
                    on.append(number)
    return [Proposal(kind, text, shown, tuple(on)) for (kind, text), (shown, on) in found.items()]
