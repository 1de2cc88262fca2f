"""Reading a Word document (.docx, as Word and WPS save it) for the import of an item: what an editor would
otherwise type again, and the body as clean HTML.

The metadata comes from the official-document layout (:mod:`gongkai.publishing.gbt9704`: 发文机关, 文号,
标题, 主送机关, 成文日期, 附件), whose header and footer parts are taken out of the document; what is left is
converted by mammoth (headings styled as Word's 标题 1–3 become h2–h4, lists and tables are kept, fonts,
colours and sizes are dropped) and cleaned by the sanitizer every body passes (:mod:`gongkai.publishing.html`).
Pictures are handed back as bytes: in the body each is an ``<img>`` whose ``src`` is a placeholder
(``#docx-image-1``) until :func:`place_images` puts the address of the attachment made from it.

Pure: no database, no settings. Every warning is a sentence for the editor, in plain Chinese.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass, field

from . import gbt9704
from . import html as rich
from .gbt9704 import tidy

logger = logging.getLogger(__name__)

# Word's own heading styles (stored as "heading 1" whatever the interface language; WPS and some templates
# write the Chinese name) become the body's headings: the page's h1 is the item's title.
STYLE_MAP = "\n".join(
    [
        *(
            f"p[style-name='{name} {level}'] => h{level + 1}:fresh"
            for level in (1, 2, 3, 4)
            for name in ("heading", "标题")
        ),
        "p[style-name='Title'] => h2:fresh",
        "p[style-name='标题'] => h2:fresh",
        "p[style-name='Subtitle'] => h3:fresh",
        "p[style-name='副标题'] => h3:fresh",
    ]
)


@dataclass(frozen=True)
class DocxImage:
    """A picture of the body: ``number`` counts from 1 in reading order."""

    number: int
    data: bytes
    content_type: str
    alt: str = ""

    @property
    def extension(self) -> str:
        kind = self.content_type.rsplit("/", 1)[-1].lower()
        return {"jpeg": "jpg", "pjpeg": "jpg", "x-png": "png", "x-emf": "emf", "x-wmf": "wmf"}.get(kind, kind)

    @property
    def name(self) -> str:
        return f"正文图片{self.number}.{self.extension}"

    @property
    def placeholder(self) -> str:
        return f"#docx-image-{self.number}"


@dataclass
class ReadDocument:
    """What was read from a document; empty strings and ``None`` where a part was not found."""

    title: str = ""
    doc_number: str = ""
    written_on: dt.date | None = None
    issuer: str = ""
    addressee: str = ""
    attachment_names: list[str] = field(default_factory=list)
    body_html: str = ""
    images: list[DocxImage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Unreadable(ValueError):
    """The file is not a Word document this reader can open (the message is for the editor)."""


def read_docx(data: bytes) -> ReadDocument:
    """Read ``data`` (the bytes of a .docx). Raises :class:`Unreadable` if it cannot be opened; a document
    whose layout is not GB/T 9704 is still read (its whole text becomes the body) with warnings."""
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds for a damaged package
        raise Unreadable("文件无法作为 Word 文档（.docx）打开，可能已损坏。") from None
    result = ReadDocument()
    try:
        gbt9704.read_layout(document, result)
        out = io.BytesIO()
        document.save(out)
        data = out.getvalue()
    except Exception:  # an unforeseen layout: the whole text is still worth having
        logger.warning("layout of a Word document not read", exc_info=True)
        result = ReadDocument(warnings=["未能识别公文版式，已导入全文，请在编辑页核对各项内容。"])
    result.body_html = _convert(data, result)
    _warn_missing(result)
    return result


def place_images(html: str, urls: dict[int, str | None]) -> str:
    """``html`` with each image placeholder replaced: by its attachment's address, or (``None``: the picture
    could not be kept) by a note in the text."""

    def swap(match: re.Match) -> str:
        url = urls.get(int(match["number"]))
        if url is None:
            return "［此处原有一张图片，未能导入］"
        return match[0].replace(f'"#docx-image-{match["number"]}"', f'"{url}"')

    return re.sub(r'<img[^>]*?src="#docx-image-(?P<number>\d+)"[^>]*>', swap, html)


# The body ------------------------------------------------------------------------------------------------


def _convert(data: bytes, result: ReadDocument) -> str:
    import mammoth

    def keep_image(image) -> list:
        try:
            with image.open() as stream:
                data = stream.read()
        except Exception:  # a picture linked to a file outside the document (never fetched)
            result.warnings.append("正文中有一张图片链接到文档以外的文件，未能导入，请在编辑页补充。")
            return []
        picture = next((p for p in result.images if p.data == data), None)  # the same picture twice
        if picture is None:
            picture = DocxImage(
                number=len(result.images) + 1,
                data=data,
                content_type=(image.content_type or "application/octet-stream").lower(),
                alt=tidy(image.alt_text or ""),
            )
            result.images.append(picture)
        alt = tidy(image.alt_text or "") or f"图片{picture.number}"
        return [mammoth.html.element("img", {"src": picture.placeholder, "alt": alt})]

    try:
        converted = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            include_embedded_style_map=False,
            convert_image=keep_image,
        )
    except Exception:  # mammoth raises many kinds for a document it cannot follow
        raise Unreadable(
            "文件的正文无法读取，可能已损坏；请在 Word 或 WPS 中另存为 .docx 后再导入。"
        ) from None
    body = rich.sanitize(converted.value)
    # Indents typed as spaces (often two full-width ones) are layout, not text.
    body = re.sub(r"(<(?:p|li|h[2-5]|td|th)(?:\s[^>]*)?>)(?:\s|&nbsp;)+", r"\1", body)
    body = re.sub(r"(?:\s|&nbsp;)+(</(?:p|li|h[2-5]|td|th)>)", r"\1", body)
    # Bookmarks come out as <a id=…>; without the id they are empty links.
    body = re.sub(r'<a rel="noopener noreferrer">(.*?)</a>', r"\1", body, flags=re.S)
    return body.strip()


def _warn_missing(result: ReadDocument) -> None:
    if not result.issuer:
        result.warnings.append("未识别到发文机关（红头），请核对发布机构。")
    if not result.doc_number:
        result.warnings.append("未识别到文号；如文件有文号，请在编辑页填写。")
    if not result.title:
        result.warnings.append("未识别到标题，请在编辑页填写。")
    if result.written_on is None and not any(w.startswith("成文日期") for w in result.warnings):
        result.warnings.append("未识别到成文日期，请在编辑页填写。")
    if not rich.read(result.body_html)[0]:
        result.warnings.append("未识别到正文内容，请在编辑页填写。")
