"""The JSON API at /api/v1: mounts each app's router; errors as {"error": {code, message, fields}}."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from gongkai.core import antiabuse
from gongkai.core.api import router as core_router
from gongkai.core.api_errors import describe_pydantic_error
from gongkai.foi.api import router as foi_router
from gongkai.gazette.api import router as gazette_router
from gongkai.interaction.api import router as interaction_router
from gongkai.participation.api import router as participation_router
from gongkai.policy.api import router as policy_router
from gongkai.publishing.api import router as publishing_router
from gongkai.search.api import router as search_router
from gongkai.supervision.api import router as supervision_router


class ReadableJSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=ReadableJSON(),
    title="Gongkai 政务公开平台 API",
    version="1",
    description=(
        "公开数据无需认证；工作人员接口使用 `Authorization: Bearer <令牌>`"
        "（令牌由 `gongkai issue_token 用户名` 签发）。"
        '错误统一为 `{"error": {"code", "message", "fields"}}`。'
    ),
    urls_namespace="api",
)


def error(request, status: int, code: str, message: str, fields: dict | None = None):
    return api.create_response(
        request, {"error": {"code": code, "message": message, "fields": fields or {}}}, status=status
    )


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
    return error(request, exc.status_code, "error", str(exc))


api.add_router("/", core_router)
api.add_router("/", publishing_router)
api.add_router("/", foi_router)
api.add_router("/", interaction_router)
api.add_router("/", policy_router)
api.add_router("/", gazette_router)
api.add_router("/", participation_router)
api.add_router("/", search_router)
api.add_router("/", supervision_router)
