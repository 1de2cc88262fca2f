"""The JSON API at /api/v1: mounts each app's router; errors as {"error": {code, message, fields}}.

Bad input is refused here, for every endpoint at once: the parser checks a JSON body's content type (415),
syntax (400) and values (control characters, numbers beyond the database's range: 422); the exception
handlers turn every refusal, and any unexpected error, into the envelope; `GongkaiAPI` documents in the
OpenAPI document the 4xx answers each operation can give.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import re
import types
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponseNotAllowed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from pydantic import BaseModel

from gongkai.core import antiabuse
from gongkai.core.api import router as core_router
from gongkai.core.api_errors import (
    MAX_INTEGER,
    BadBody,
    ErrorOut,
    check_json_values,
    describe_pydantic_error,
    envelope,
)
from gongkai.datasets.api import router as datasets_router
from gongkai.foi.api import router as foi_router
from gongkai.foi.corrections_api import router as foi_corrections_router
from gongkai.gazette.api import router as gazette_router
from gongkai.guides.api import router as guides_router
from gongkai.inspection.api import router as inspection_router
from gongkai.interaction.api import router as interaction_router
from gongkai.newmedia.api import router as newmedia_router
from gongkai.participation.api import router as participation_router
from gongkai.policy.api import router as policy_router
from gongkai.publishing.api import router as publishing_router
from gongkai.registers.api import router as registers_router
from gongkai.scans.api import router as scans_router
from gongkai.search.api import router as search_router
from gongkai.sites.api import router as sites_router
from gongkai.spotchecks.api import router as spotchecks_router
from gongkai.supervision.api import router as supervision_router
from gongkai.visits.api import router as visits_router
from gongkai.webreports.api import router as webreports_router
from gongkai.workspace.api import router as workspace_router

logger = logging.getLogger("gongkai.api")


class ReadableJSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


class CheckingParser(Parser):
    """JSON bodies only as `application/json`, parsed strictly, every value checked before validation.

    Requiring the JSON media type closes the "simple" cross-site request: a page elsewhere can make a
    visitor's browser POST `text/plain` without a CORS preflight, never `application/json`."""

    def parse_body(self, request):
        # ninja re-parses each JSON part of a multipart request through a bare HttpRequest (no META): the
        # media type was checked on the real request then.
        if request.META and request.content_type != "application/json":
            raise BadBody(
                415, "unsupported_media_type", _("请求体须为 JSON，Content-Type 应为 application/json。")
            )
        try:
            data = json.loads(request.body, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise BadBody(400, "malformed", _("请求体不是有效的 JSON。")) from exc
        check_json_values(data)
        return data


def _oversized(value: Any, path: tuple) -> list[tuple]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [path] if abs(value) > MAX_INTEGER else []
    if isinstance(value, BaseModel):
        return [
            p for name in type(value).model_fields for p in _oversized(getattr(value, name), (*path, name))
        ]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _oversized(item, (*path, str(key)))]
    if isinstance(value, list | tuple | set | frozenset):
        return [p for index, item in enumerate(value) for p in _oversized(item, (*path, str(index)))]
    return []


def refuse_oversized_integers(view):
    """Every validated argument (path, query, body) holds integers the database can store, so a huge id or
    filter never reaches a query ("bigint out of range" on PostgreSQL, OverflowError on SQLite). Applied to
    every operation after validation (NinjaAPI.add_decorator)."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        problems = []
        for name, value in kwargs.items():
            start = () if isinstance(value, BaseModel) else (name,)  # query schemas are flattened
            problems += [{"type": "int_out_of_range", "loc": path} for path in _oversized(value, start)]
        if problems:
            raise NinjaValidationError(problems)
        return view(request, *args, **kwargs)

    return checked


# What makes an operation able to answer 403 or 404, read from its view's source (and the module-level
# helpers it calls): the access helpers (`access.get_<noun>_for_user` raise 404 outside the user's reach and
# 403 for a write they may not make), get_object_or_404, explicit raises.
NOT_FOUND_MARKERS = re.compile(r"get_object_or_404|Http404|HttpError\(\s*404|_for_user\(")
FORBIDDEN_MARKERS = re.compile(
    r"PermissionDenied|HttpError\(\s*403|_for_user\(.*write=True|\bcan\(|check_unit\("
)
WRITE_METHODS = {"post", "put", "patch"}

ERROR_DESCRIPTIONS = {
    400: "请求体不是有效的 JSON",
    401: "缺少或无效的接口令牌",
    403: "无权执行此操作",
    404: "记录不存在或不在权限范围内",
    409: "提交键已用于不同内容的提交",
    413: "请求体过大",
    415: "请求体须为 application/json",
    422: "请求参数不正确（字段说明见 error.fields）",
    429: "提交或查询过于频繁，请按 Retry-After 等待后重试",
}


def _source_of(func, seen: set | None = None) -> str:
    """The view's source and that of the functions of its own module it calls (two levels)."""
    seen = set() if seen is None else seen
    func = inspect.unwrap(func)
    if func in seen or len(seen) > 3:
        return ""
    seen.add(func)
    try:
        text = inspect.getsource(func)
    except (OSError, TypeError):
        return ""
    names: set[str] = set()
    codes = [func.__code__]
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    for name in sorted(names):
        helper = func.__globals__.get(name)
        if isinstance(helper, types.FunctionType) and helper.__module__ == func.__module__:
            text += _source_of(helper, seen)
    return text


class GongkaiAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document declares the error answers of every operation, all with the
    `ErrorOut` envelope: 422 everywhere (any query parameter is checked for control characters), 400/413/415
    where a JSON body is read, 401 (and 403 where the view checks a permission) on staff operations, 404
    where a path or an id is looked up, 409 where a body carries a `submission_key`, 429 on public writes,
    plus what a view declares with gongkai.core.api_errors.documents()."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        definition = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        schema["components"]["schemas"].update(definition.pop("$defs", {}))
        schema["components"]["schemas"]["ErrorOut"] = definition
        operations = {
            operation.operation_id or self.get_openapi_operation_id(operation): (route, operation)
            for router in self._get_bound_routers()
            for route, path_view in router.path_operations.items()
            for operation in path_view.operations
        }
        for methods in schema["paths"].values():
            for method, details in methods.items():
                route, operation = operations[details["operationId"]]
                declared = {int(code) for code in details["responses"] if int(code) >= 400}
                for status in sorted(declared | self.error_statuses(route, method, details, operation)):
                    documented = details["responses"].get(status, {})
                    schema_ref = json.dumps(documented.get("content", {}))
                    if "$ref" not in schema_ref:  # undocumented, or a bare `dict`: it is the envelope
                        details["responses"][status] = self._error_response(status)
        return schema

    @staticmethod
    def error_statuses(route: str, method: str, details: dict, operation) -> set[int]:
        """`route` is the router's path with Django converters: `{int:id}` does not match "-1" (404)."""
        source = _source_of(operation.view_func)
        body = details.get("requestBody", {}).get("content", {})
        statuses = {422}
        if "application/json" in body:
            statuses |= {400, 413, 415}
            body_schema = body["application/json"].get("schema", {})
            if "submission_key" in json.dumps(body_schema) or "submission_key" in source:
                statuses.add(409)
        elif body:
            statuses.add(413)
        if details.get("security"):
            statuses.add(401)
            # Staff writes go through services, which check the role's capability (403).
            if method != "get" or FORBIDDEN_MARKERS.search(source):
                statuses.add(403)
        elif method in WRITE_METHODS:
            statuses.add(429)
        if "{int:" in route or NOT_FOUND_MARKERS.search(source):
            statuses.add(404)
        statuses |= set(getattr(operation.view_func, "documented_errors", ()))
        return statuses

    def _get_urls(self):
        """ninja's routes, each answering a method it does not serve with the envelope (405, with `Allow`),
        then a last route answering the envelope (404) for any path no operation has. Django's 404 view
        answers the envelope under /api/ too, but only with debug off (with it on, Django's HTML page)."""
        from django.urls import re_path

        patterns = super()._get_urls()
        for pattern in patterns:
            if getattr(pattern, "name", None) == "api-root":
                pattern.callback = _unknown_path
            elif hasattr(pattern, "callback"):
                pattern.callback = _method_checked(pattern.callback)
        return [*patterns, re_path(r"^.*$", _unknown_path, name="unknown-path")]

    @staticmethod
    def _error_response(status: int) -> dict[str, Any]:
        response: dict[str, Any] = {
            "description": ERROR_DESCRIPTIONS.get(status, "错误"),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
        if status == 429:
            response["headers"] = {
                "Retry-After": {"description": "需等待的秒数", "schema": {"type": "integer"}}
            }
        return response


def _method_checked(view):
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = error(
                request,
                405,
                "method_not_allowed",
                _("该接口不支持 %(method)s 请求，可用：%(allowed)s。")
                % {"method": request.method, "allowed": allowed},
            )
            response["Allow"] = allowed
        return response

    return checked


@csrf_exempt
def _unknown_path(request, *args, **kwargs):
    return error(request, 404, "not_found", _("未找到该接口，接口说明见 /api/v1/docs。"))


api = GongkaiAPI(
    renderer=ReadableJSON(),
    parser=CheckingParser(),
    title="Gongkai 政务公开平台 API",
    version="1",
    description=(
        "公开数据无需认证；工作人员接口使用 `Authorization: Bearer <令牌>`"
        "（令牌由 `gongkai issue_token 用户名` 签发）。"
        '错误统一为 `{"error": {"code", "message", "fields"}}`。'
    ),
    urls_namespace="api",
)
api.add_decorator(refuse_oversized_integers, mode="operation")


def error(request, status: int, code: str, message: str, fields: dict | None = None):
    return api.create_response(request, envelope(code, message, fields), status=status)


@api.exception_handler(NinjaValidationError)
def on_invalid_request(request, exc: NinjaValidationError):
    fields: dict[str, str] = {}
    for item in exc.errors:
        loc = [
            str(part)
            for part in item.get("loc", ())
            if part not in ("query", "body", "path", "form", "payload")
        ]
        fields[".".join(loc) or "request"] = describe_pydantic_error(item)
    return error(request, 422, "invalid", _("请求参数不正确，请检查后重试。"), fields)


@api.exception_handler(antiabuse.RateLimited)
def on_rate_limited(request, exc: antiabuse.RateLimited):
    response = error(request, 429, "rate_limited", " ".join(exc.messages))
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(antiabuse.SubmissionConflict)
def on_submission_conflict(request, exc: antiabuse.SubmissionConflict):
    return error(request, 409, "submission_conflict", " ".join(exc.messages))


@api.exception_handler(DjangoValidationError)
def on_invalid_data(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        fields = {
            name: " ".join(str(m) for e in errors for m in e.messages)
            for name, errors in exc.error_dict.items()
        }
    else:
        fields = {"request": " ".join(exc.messages)}
    return error(request, 422, "invalid", _("提交的数据不正确，请检查后重试。"), fields)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return error(request, 401, "unauthenticated", _("需要有效的接口令牌。"))


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return error(request, 403, "forbidden", _("您没有执行此操作的权限。"))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, "not_found", _("未找到该记录。"))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    # ninja wraps whatever the parser raises in HttpError(400, "Cannot parse request body").
    cause = exc.__cause__
    if isinstance(cause, BadBody):
        return error(request, cause.status, cause.code, cause.message, cause.fields)
    return error(request, exc.status_code, "error", str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_large(request, exc):
    return error(request, 413, "too_large", _("提交的内容过大。"))


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_unavailable(request, exc):
    """A restart or failover of the database: 503 with Retry-After; a retry with the same submission key
    registers the submission once."""
    from gongkai.core.middleware import DATABASE_RETRY_AFTER

    logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
    response = error(request, 503, "unavailable", _("服务暂时不可用，请稍后重试。"))
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    logger.error("Unexpected error on %s %s", request.method, request.path, exc_info=exc)
    return error(request, 500, "server_error", _("服务器内部错误，请稍后再试。"))


api.add_router("/", core_router)
api.add_router("/", publishing_router)
api.add_router("/", foi_router)
api.add_router("/", "gongkai.foi.published_api.router")  # Art. 36(1) replies (issue 25)
api.add_router("/", foi_corrections_router)
api.add_router("/", "gongkai.foi.settings_api.router")  # the office's procedure settings (issue 25)
api.add_router("/", interaction_router)
api.add_router("/", policy_router)
api.add_router("/", gazette_router)
api.add_router("/", participation_router)
api.add_router("/", "gongkai.participation.staff_api.router")  # consultations by kind and period (issue 26)
api.add_router("/", "gongkai.participation.invitations_api.router")  # directory and invitations (issue 26)
api.add_router("/", "gongkai.participation.replies_api.router")  # clause comments and replies (issue 26)
api.add_router("/", "gongkai.participation.proposals_api.router")  # proposal replies and feedback (issue 26)
api.add_router("/", search_router)
api.add_router("/", sites_router)
api.add_router("/", supervision_router)
api.add_router("/", registers_router)
api.add_router("/", spotchecks_router)
api.add_router("/", datasets_router)
api.add_router("/", guides_router)
api.add_router("/", inspection_router)
api.add_router("/", newmedia_router)
api.add_router("/", scans_router)
api.add_router("/", visits_router)
api.add_router("/", webreports_router)
api.add_router("/", workspace_router)
