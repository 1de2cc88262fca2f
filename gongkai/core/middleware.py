import logging
import re
import time
import uuid

from django.conf import settings
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import api_errors
from .context import client_ip, ip_from_request, request_id

logger = logging.getLogger("gongkai.requests")
access_logger = logging.getLogger("gongkai.access")

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


# An incoming X-Request-ID is kept when it looks like one (nginx's $request_id is 32 hex digits; other
# proxies send UUIDs): letters, digits, '.', '_' and '-', 8 to 128 of them. Anything else is replaced, so a
# client cannot write into the logs.
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,127}")


def request_id_of(request) -> str:
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


class RequestContextMiddleware:
    """For the duration of the request: the client IP for the audit log, and the request id for every log line
    (set on the response as X-Request-ID). With GONGKAI_LOG_LEVEL=INFO one line per request goes to the
    ``gongkai.access`` logger: method, path (never the query string), status, duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_of(request)
        ip_token = client_ip.set(ip_from_request(request))
        # Not reset on the way out: Django logs a 4xx/5xx response after the middleware has returned; the id
        # is cleared when the request is finished (gongkai.core.logs.forget_request_id).
        request_id.set(request.request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            if access_logger.isEnabledFor(logging.INFO):
                access_logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            client_ip.reset(ip_token)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("X-Permitted-Cross-Domain-Policies", "none")
        # Responses that never reach XFrameOptionsMiddleware (static files, answered by WhiteNoise further in)
        # are framed no more than pages; a view marked exempt keeps its exemption.
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


class InputCharactersMiddleware:
    """Control characters (and lone surrogates) in a request, decided here for every view.

    - In the URL (path or query), on any page or API path: refused, because no person types them and a
      link that carries them is broken or a probe. The API answers 422 with the error envelope, pages
      the Chinese 400 page.
    - In the fields of a submitted form (pages): removed. They are invisible, arrive with text pasted from
      Word or PDF files, and would otherwise fail the whole submission (PostgreSQL refuses NUL) or break the
      XML of feeds and exports later; removing them keeps what the citizen sees and typed. Uploaded files
      are not touched.
    - JSON bodies of the API are checked by the API's parser (gongkai.api.CheckingParser), after parsing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path_info.startswith("/api/")
        fields = self._url_problems(request)
        if fields:
            return self._refuse(request, is_api, fields)
        if not is_api and request.method == "POST" and self._is_form(request):
            self._clean_form(request)
        return self.get_response(request)

    @staticmethod
    def _url_problems(request) -> dict[str, str]:
        problem = str(api_errors.BAD_CHARACTER_MESSAGE)
        fields: dict[str, str] = {}
        if api_errors.has_bad_characters(request.path_info):
            fields["path"] = problem
        for key, values in request.GET.lists():
            if api_errors.has_bad_characters(key) or any(map(api_errors.has_bad_characters, values)):
                fields[api_errors.strip_bad_characters(key) or "query"] = problem
        return fields

    @staticmethod
    def _is_form(request) -> bool:
        return request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}

    @staticmethod
    def _clean_form(request) -> None:
        post = request.POST
        if not any(
            api_errors.has_bad_characters(k) or any(map(api_errors.has_bad_characters, v))
            for k, v in post.lists()
        ):
            return
        cleaned = QueryDict(mutable=True, encoding=post.encoding)
        for key, values in post.lists():
            cleaned.setlist(
                api_errors.strip_bad_characters(key), [api_errors.strip_bad_characters(v) for v in values]
            )
        cleaned._mutable = False
        request.POST = cleaned

    @staticmethod
    def _refuse(request, is_api: bool, fields: dict[str, str]):
        if is_api:
            return api_json(
                api_errors.envelope("invalid", str(api_errors.INVALID_MESSAGE), fields), status=422
            )
        return render(request, "400.html", {"reason": "characters"}, status=400)


def api_json(data: dict, status: int) -> JsonResponse:
    """An API answer built outside the NinjaAPI (middleware, error handlers), rendered the same way."""
    return JsonResponse(
        data,
        status=status,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


DATABASE_RETRY_AFTER = 5  # seconds: a restarted database or a failed-over primary is back in a few


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached (a restart, a failover), pages answer 503 with Retry-After and a
    plain page that needs no database, instead of the error page; the API's own handler does the same with
    the JSON envelope. Clients that retry with the same submission key register their submission once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.template.loader import render_to_string

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exception)
        if request.path_info.startswith("/api/"):
            response = api_json(
                api_errors.envelope("unavailable", _("服务暂时不可用，请稍后重试。")), status=503
            )
        else:
            from django.http import HttpResponse

            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
