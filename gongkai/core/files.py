"""Sending a stored file to the reader once a view has decided that they may have it.

Behind nginx (``GONGKAI_ACCEL_REDIRECT`` set to the prefix of an ``internal`` location that aliases
MEDIA_ROOT, see deploy/nginx/gongkai.conf) the application answers with ``X-Accel-Redirect`` and nginx sends the
bytes: a worker is not held for the length of a download, and range requests are answered by nginx. Without it
(development, a machine without nginx) the file is streamed by Django.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse


def send(stored, *, content_type: str, disposition: str) -> HttpResponse:
    """The response for ``stored`` (a FieldFile of the default storage)."""
    prefix = settings.GONGKAI_ACCEL_REDIRECT
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored.name)
    else:
        response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = disposition
    return response


def private_download(stored, *, filename: str, content_type: str) -> FileResponse:
    """A file only the person the view admitted may have (a writer's attachment, an applicant's proof, a
    released file), as a download: never shown inline, never sniffed, never cached, sandboxed if opened.
    404 when the stored file is gone."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
