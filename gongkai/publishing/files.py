"""Attachment types judged from their content (never from the name), checked by their own parser, and their
text for search.

Allowed: PDF, OFD (the Chinese fixed-layout standard GB/T 33190: a ZIP with OFD.xml), DOC/DOCX, XLS/XLSX,
and PNG/JPEG/GIF images. :func:`sniff` only guesses the kind from the first bytes; every upload goes through
:func:`check_upload` (in :mod:`gongkai.publishing.uploads`), which parses the file and refuses what would
run in a reader's viewer (PDF scripts, launch actions, Office macros).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

import filetype

MAX_BYTES = 50 * 1024 * 1024
TEXT_LIMIT = 200_000  # characters of extracted text kept for search


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    mime: str
    extension: str


KINDS = {
    "pdf": Kind("pdf", "PDF", "application/pdf", "pdf"),
    "ofd": Kind("ofd", "OFD", "application/ofd", "ofd"),
    "docx": Kind(
        "docx", "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
    ),
    "doc": Kind("doc", "Word", "application/msword", "doc"),
    "xlsx": Kind(
        "xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    ),
    "xls": Kind("xls", "Excel", "application/vnd.ms-excel", "xls"),
    "png": Kind("png", "图片", "image/png", "png"),
    "jpg": Kind("jpg", "图片", "image/jpeg", "jpg"),
    "gif": Kind("gif", "图片", "image/gif", "gif"),
}

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()


def _ole_kind(data: bytes) -> str | None:
    # Legacy Office files are OLE2 compound documents; the stream names tell Word from Excel.
    if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data:
        return "doc"
    if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data or b"B\x00o\x00o\x00k\x00" in data:
        return "xls"
    return None


def sniff(data: bytes) -> Kind | None:
    """The allowed kind ``data`` really is, or None."""
    if data.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if data.startswith(OLE2):
        code = _ole_kind(data)
        return KINDS[code] if code else None
    if data.startswith(b"PK"):
        names = _zip_names(data)
        if "OFD.xml" in names:
            return KINDS["ofd"]
        if "word/document.xml" in names:
            return KINDS["docx"]
        if "xl/workbook.xml" in names:
            return KINDS["xlsx"]
        return None
    guess = filetype.guess(data[:8192])
    if guess is not None and guess.extension in {"png", "jpg", "gif"}:
        return KINDS[guess.extension]
    return None


def extract_text(kind: Kind, data: bytes) -> str:
    """Plain text for the search index; empty where the format gives none (images, legacy Office)."""
    try:
        text = _EXTRACTORS.get(kind.code, lambda _: "")(data)
    except Exception:  # a damaged file still publishes; it just adds nothing to search
        return ""
    return " ".join(text.split())[:TEXT_LIMIT]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages[:200])


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts += [str(value) for value in row if value is not None]
    return "\n".join(parts)


def _ofd_text(data: bytes) -> str:
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith("Content.xml"):
                root = ElementTree.fromstring(archive.read(name))  # noqa: S314 - stdlib parser, no external entities
                parts += [el.text or "" for el in root.iter() if el.tag.endswith("TextCode")]
    return "".join(parts)


_EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text, "xlsx": _xlsx_text, "ofd": _ofd_text}
