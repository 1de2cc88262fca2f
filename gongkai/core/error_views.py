"""Django's error views (handler400/404/500), answering the JSON envelope under /api/ and the site's Chinese
pages elsewhere. They serve what Django itself turns into an error before or outside a view: a URL no route
matches, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, an exception raised in a middleware."""

from __future__ import annotations

from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from .api_errors import envelope
from .middleware import api_json


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception=None):
    if isinstance(exception, DisallowedHost):
        # A host name not in ALLOWED_HOSTS: no site to render the page for (its context would ask the host
        # again and turn the 400 into a 500). Load balancers' probes (/healthz, /readyz) are answered before.
        return HttpResponseBadRequest(_("请求的网站地址无效。"), content_type="text/plain; charset=utf-8")
    too_big = isinstance(exception, RequestDataTooBig)
    if _is_api(request):
        if too_big:
            return api_json(envelope("too_large", _("提交的内容过大。")), status=413)
        return api_json(envelope("bad_request", _("请求无法处理，请检查后重试。")), status=400)
    reason = "too_large" if too_big else ""
    return render(request, "400.html", {"reason": reason}, status=413 if too_big else 400)


def page_not_found(request, exception=None):
    if _is_api(request):
        return api_json(envelope("not_found", _("未找到该接口或记录。")), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return api_json(envelope("server_error", _("服务器内部错误，请稍后再试。")), status=500)
    return defaults.server_error(request)
