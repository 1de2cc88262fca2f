"""Every uploaded file is parsed by its own format's parser before it is stored: one entry point,
:func:`check_upload`, for published attachments, the gazette, supervision evidence and citizens' message
attachments.

What is refused, and why:

- **PDF** that does not open with pypdf (a file that only starts with ``%PDF-``, such as a PDF/HTML polyglot),
  that has HTML markup in its first KB (browsers and mail clients sniff there), or that carries JavaScript
  (``/JS``, ``/JavaScript`` in the names tree or any action, including ``/OpenAction`` and ``/AA``), XFA forms
  (scriptable), launch, import-data, submit-form or rich-media actions. Embedded files (``/EmbeddedFiles``,
  file-attachment annotations) are refused too: a file inside a PDF escapes every check here and would reach
  staff from a trusted-looking document; the uploader can attach it separately instead.
- **Images** (PNG, JPEG, GIF) that Pillow cannot decode, or that decode to more than ``MAX_PIXELS`` (a
  decompression bomb). Accepted images are re-encoded and the re-encoded bytes are stored: this drops EXIF
  (camera, time and GPS location), text chunks and comments, and anything appended after the image data.
  JPEG orientation is applied first so a photo taken upright still shows upright.
- **DOCX / XLSX** that are not a well-formed OOXML package (``[Content_Types].xml`` and the main part), that
  hold macros (``vbaProject.bin``, a macro-enabled content type: a .docm/.xlsm renamed), ActiveX controls or
  embedded OLE objects (the "package" objects that deliver executables), or that python-docx / openpyxl
  cannot open. ZIP bombs are refused by the total uncompressed size.
- **DOC / XLS** (OLE2) that olefile cannot open, that lack the Word/Excel stream, or that carry a VBA project.
- **OFD** that is not a ZIP whose ``OFD.xml`` parses with an ``OFD`` root.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterable
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .files import KINDS, Kind, sniff

MAX_PIXELS = 64_000_000  # 8000 x 8000; a larger picture is almost certainly a decompression bomb
MAX_UNZIPPED = 300 * 1024 * 1024  # total uncompressed size of an Office/OFD package
MAX_ZIP_ENTRIES = 10_000
HTML_MARKERS = (b"<html", b"<script", b"<!doctype", b"<body", b"<head", b"<svg", b"<iframe")


class Refused(Exception):
    """Raised by a parser with the Chinese reason."""


def check_upload(
    name: str,
    data: bytes,
    allowed: Iterable[str],
    *,
    field: str = "file",
    unsupported: str | None = None,
) -> tuple[Kind, bytes]:
    """The checked kind of an upload and the bytes to store (re-encoded for images).

    ``allowed`` are kind codes (``files.KINDS``); ``unsupported`` replaces the default message when the
    content is none of them. Raises ``ValidationError({field: [message]})`` with a Chinese message. Size
    limits stay with the callers (they differ per module)."""
    allowed = set(allowed)
    kind = sniff(data)
    if kind is None or kind.code not in allowed:
        labels = "、".join(dict.fromkeys(KINDS[code].label for code in KINDS if code in allowed))
        message = unsupported or _("“%(name)s”不是允许的文件类型（%(kinds)s），或文件已损坏。") % {
            "name": name,
            "kinds": labels,
        }
        raise ValidationError({field: [message]})
    try:
        stored = _PARSERS[kind.code](data)
    except Refused as refused:
        raise ValidationError({field: [f"“{name}”：{refused}"]}) from None
    return kind, stored


# PDF -------------------------------------------------------------------------------------------------------

PDF_SCRIPT_KEYS = {"/JS", "/JavaScript", "/XFA"}
PDF_LAUNCH_ACTIONS = {"/Launch"}
PDF_UNSAFE_ACTIONS = {"/JavaScript", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/GoToE"}
PDF_EMBEDDED_KEYS = {"/EmbeddedFiles", "/EmbeddedFile", "/EF"}
PDF_UNSAFE_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Sound", "/Movie"}


def _pdf(data: bytes) -> bytes:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    head = data[:1024].lower()
    if any(marker in head for marker in HTML_MARKERS):
        raise Refused(_("文件内容与 PDF 格式不符，无法上传。"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise Refused(_("PDF 文件设置了打开密码，无法检查其内容，请去除密码后再上传。"))
            if len(reader.pages) == 0:
                raise Refused(_("文件内容与 PDF 格式不符，无法上传。"))
            _pdf_walk(reader)
    except Refused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
        raise Refused(_("文件内容与 PDF 格式不符，无法上传。")) from None
    return data


def _pdf_walk(reader) -> None:
    """Visit every object reachable from the trailer (catalog, pages, annotations, names, actions) once."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # stream objects are dictionaries too; their data is not read
            keys = set(obj.keys())
            action = obj.get("/S")
            if keys & PDF_SCRIPT_KEYS or action == "/JavaScript":
                raise Refused(_("PDF 文件中含有脚本，出于安全原因不能上传。"))
            if action in PDF_LAUNCH_ACTIONS:
                raise Refused(_("PDF 文件中含有启动外部程序的动作，出于安全原因不能上传。"))
            if action in PDF_UNSAFE_ACTIONS:
                raise Refused(_("PDF 文件中含有提交数据或多媒体执行的动作，出于安全原因不能上传。"))
            if keys & PDF_EMBEDDED_KEYS or obj.get("/Subtype") in PDF_UNSAFE_SUBTYPES:
                raise Refused(
                    _(
                        "PDF 文件中嵌入了其他文件或多媒体，出于安全原因不能上传；如需提供，请作为单独的附件上传。"
                    )
                )
            stack.extend(value for key, value in obj.items() if key not in ("/Parent", "/P"))
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


# Images ----------------------------------------------------------------------------------------------------

PILLOW_FORMATS = {"png": "PNG", "jpg": "JPEG", "gif": "GIF"}


def _image(code: str):
    def parse(data: bytes) -> bytes:
        from PIL import Image, ImageOps

        expected = PILLOW_FORMATS[code]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as probe:
                    if probe.format != expected:
                        raise Refused(_("文件内容与图片格式不符，无法上传。"))
                    if probe.width * probe.height > MAX_PIXELS:
                        raise Refused(_("图片尺寸过大，无法上传。"))
                    probe.verify()
                with Image.open(io.BytesIO(data)) as image:
                    return _reencode(image, expected, ImageOps)
        except Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Refused(_("图片尺寸过大，无法上传。")) from None
        except Exception:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, struct.error ...)
            raise Refused(_("图片文件已损坏或格式不符，无法上传。")) from None

    return parse


def _reencode(image, fmt: str, image_ops) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        upright = image_ops.exif_transpose(image)
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        options = {"quality": 90, "optimize": True}
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]  # colours only, no personal data
        upright.save(out, "JPEG", **options)
    elif fmt == "PNG":
        image.load()
        options = {"optimize": True}
        if "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
        image.info = {}  # no text chunks, no EXIF, no time stamp
        image.save(out, "PNG", **options)
    else:
        frames = getattr(image, "n_frames", 1)
        options = {"save_all": frames > 1, "comment": b""}
        for key in ("duration", "loop", "transparency", "disposal"):
            if key in image.info:
                options[key] = image.info[key]
        image.info = {key: value for key, value in image.info.items() if key != "comment"}
        image.save(out, "GIF", **options)
    return out.getvalue()


# Office and OFD --------------------------------------------------------------------------------------------

OOXML_MAIN = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
MACRO_CONTENT_TYPES = (b"macroEnabled", b"vbaProject", b"vnd.ms-office.activeX", b"oleObject")


def _zip_entries(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise Refused(_("文件不是完整的压缩包格式（可能已损坏），无法上传。")) from None
    if len(infos) > MAX_ZIP_ENTRIES or sum(info.file_size for info in infos) > MAX_UNZIPPED:
        raise Refused(_("文件解压后过大，无法上传。"))
    return archive


def _ooxml(code: str):
    def parse(data: bytes) -> bytes:
        with _zip_entries(data) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or OOXML_MAIN[code] not in names:
                raise Refused(_("文件内容与 Word/Excel 格式不符，无法上传。"))
            lowered = {name.lower() for name in names}
            try:
                content_types = archive.read("[Content_Types].xml")
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                raise Refused(_("文件不是完整的压缩包格式（可能已损坏），无法上传。")) from None
            if (
                any(name.endswith("vbaproject.bin") or "/activex/" in name for name in lowered)
                or any(name.rsplit("/", 1)[-1].startswith("oleobject") for name in lowered)
                or any(marker in content_types for marker in MACRO_CONTENT_TYPES)
            ):
                raise Refused(_("文件中含有宏、ActiveX 控件或嵌入的程序对象，出于安全原因不能上传。"))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if code == "docx":
                    import docx

                    docx.Document(io.BytesIO(data))
                else:
                    from openpyxl import load_workbook

                    load_workbook(io.BytesIO(data), read_only=True).close()
        except Exception:  # python-docx and openpyxl raise many kinds for a damaged package
            raise Refused(_("文件内容与 Word/Excel 格式不符，无法上传。")) from None
        return data

    return parse


OLE_MAIN = {"doc": "WordDocument", "xls": ("Workbook", "Book")}


def _ole(code: str):
    def parse(data: bytes) -> bytes:
        import olefile

        try:
            with olefile.OleFileIO(io.BytesIO(data)) as ole:
                streams = ["/".join(entry) for entry in ole.listdir(streams=True, storages=True)]
        except Exception:  # olefile raises OSError and its own errors for a damaged file
            raise Refused(_("文件内容与 Word/Excel 格式不符，无法上传。")) from None
        main = OLE_MAIN[code]
        if not any(name in (main if isinstance(main, tuple) else (main,)) for name in streams):
            raise Refused(_("文件内容与 Word/Excel 格式不符，无法上传。"))
        if any(
            part in ("Macros", "_VBA_PROJECT_CUR", "VBA", "ObjectPool")
            for s in streams
            for part in s.split("/")
        ):
            raise Refused(_("文件中含有宏、ActiveX 控件或嵌入的程序对象，出于安全原因不能上传。"))
        return data

    return parse


def _ofd(data: bytes) -> bytes:
    with _zip_entries(data) as archive:
        try:
            root = ElementTree.fromstring(archive.read("OFD.xml"))  # noqa: S314 - expat resolves no external entities
        except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise Refused(_("文件内容与 OFD 格式不符，无法上传。")) from None
    if not root.tag.endswith("OFD"):
        raise Refused(_("文件内容与 OFD 格式不符，无法上传。"))
    return data


_PARSERS = {
    "pdf": _pdf,
    "png": _image("png"),
    "jpg": _image("jpg"),
    "gif": _image("gif"),
    "docx": _ooxml("docx"),
    "xlsx": _ooxml("xlsx"),
    "doc": _ole("doc"),
    "xls": _ole("xls"),
    "ofd": _ofd,
}
