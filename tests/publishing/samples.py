"""Real files of every allowed kind, and hostile ones, built in memory for the upload tests."""

from __future__ import annotations

import io
import zipfile

POLYGLOT = b"%PDF-1.4\n<html><script>alert(1)</script></html>"


def pdf_bytes(*, open_action: dict | None = None, names_js: bool = False, embedded: bool = False) -> bytes:
    """A one-page PDF written by pypdf; optionally with an /OpenAction, a document-level script in the names
    tree, or an embedded file."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if open_action is not None:
        action = DictionaryObject(
            {
                NameObject(key): NameObject(value) if value.startswith("/") else TextStringObject(value)
                for key, value in open_action.items()
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if names_js:
        script = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("init"), writer._add_object(script)])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    if embedded:
        writer.add_attachment("payload.exe", b"MZ\x90\x00")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF holds a camera model and a GPS position (临沂, 35.1N 118.35E)."""
    from PIL import Image

    image = Image.new("RGB", (32, 24), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (35.0, 6.0, 0.0)
    gps[3], gps[4] = "E", (118.0, 21.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 128, 255, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def docx_bytes(text: str = "正文") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(values=("企业名称", "兰山区某供热公司")) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_entry(package: bytes, name: str, data: bytes) -> bytes:
    """``package`` (a ZIP) with one more entry, e.g. a macro project."""
    source = zipfile.ZipFile(io.BytesIO(package))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, data)
    return buffer.getvalue()
