"""The public search page and the click-through that teaches ranking what people choose."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from gongkai.core.params import int_param

from . import service

SESSION_COOKIE = "gk_sid"
FACET_LABELS = {
    "kind": "类型",
    "unit": "发布机构",
    "topic": "主题分类",
    "genre": "体裁",
    "year": "年份",
    "validity": "有效性",
    "key_area": "重点领域",
}


def _session(request) -> tuple[str, bool]:
    value = request.COOKIES.get(SESSION_COOKIE, "")
    if len(value) == 32:
        return value, False
    return secrets.token_hex(16), True


def site_scope(request) -> tuple[service.Scope | None, bool]:
    """The request's portal as a search scope (本站), and whether the visitor asked for the whole platform
    instead (``?scope=all``, 全市). No scope where the portal is the whole tree (no site configured)."""
    site = getattr(request, "site", None)
    root = getattr(site, "root", None)
    if root is None:
        return None, False
    if request.GET.get("scope") == "all":
        return None, True
    return service.Scope(
        root=root.path, exclude=tuple(site.nested_roots()), with_unitless=root.parent_id is None
    ), False


def search(request):
    session, new = _session(request)
    scope, everywhere = site_scope(request)
    query = request.GET.get("q", "")
    filters = {
        name: request.GET.get(name, "")
        for name in ("kind", "unit", "topic", "genre", "validity", "year", "key_area")
    }
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    results = service.search(
        query,
        filters=filters,
        sort=sort,
        page=int_param(request.GET.get("page"), 1),
        session=session,
        scope=scope,
    )
    if results.redirect:
        return HttpResponseRedirect(results.redirect)
    chosen = "all" if everywhere else ""
    base = {k: v for k, v in {"q": results.query, **filters, "sort": sort, "scope": chosen}.items() if v}
    facet_panel = [
        {
            "name": name,
            "label": FACET_LABELS[name],
            "values": [
                {"label": label, "count": count, "selected": filters.get(name) == value,
                 "url": "?" + urlencode({**base, name: value} if filters.get(name) != value else {k: v for k, v in base.items() if k != name})}
                for value, label, count in values
            ],
        }
        for name, values in results.facets.items()
        if values
    ]  # fmt: skip
    hits = [
        {"hit": hit, "go": "/search/go/?" + urlencode({"q": results.query, "d": hit.doc.pk, "p": n + (results.page - 1) * service.PAGE_SIZE})}
        for n, hit in enumerate(results.hits, start=1)
    ]  # fmt: skip
    context = {
        "results": results,
        "hits": hits,
        "facets": facet_panel,
        "sort": sort,
        "base_query": urlencode({k: v for k, v in base.items() if k != "sort"}),
        "page_query": urlencode(base),
        "crumbs": [{"label": _("站内搜索")}],
        "hot": [] if results.query else service.in_scope(service.popular(limit=20), scope, 10),
        "suggestion_url": "?"
        + urlencode({"q": results.suggestion, "scope": chosen} if chosen else {"q": results.suggestion})
        if results.suggestion
        else "",
        "scope_switch": _scope_switch(request, results.query, filters, sort, scope, everywhere),
    }
    response = render(request, "search/results.html", context)
    if new:
        response.set_cookie(SESSION_COOKIE, session, max_age=180 * 86400, samesite="Lax", httponly=True)
    return response


def _scope_switch(request, query, filters, sort, scope, everywhere) -> dict | None:
    """The 本站/全市 links of the results page (none where the portal is the whole tree). Switching keeps the
    query and the sort; the facet filters belong to one result set and are dropped."""
    if scope is None and not everywhere:
        return None
    kept = {k: v for k, v in {"q": query, "sort": sort if sort != "relevance" else ""}.items() if v}
    return {
        "all": everywhere,
        "site_url": "?" + urlencode(kept),
        "all_url": "?" + urlencode({**kept, "scope": "all"}),
    }


def go(request):
    session, _new = _session(request)
    target = service.record_click(
        query=request.GET.get("q", ""),
        document_id=int_param(request.GET.get("d"), 0),
        position=int_param(request.GET.get("p"), 0) or 0,
        session=session,
    )
    if target is None or not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        raise Http404
    return HttpResponseRedirect(target)


def suggest(request):
    """Completions for the search boxes (JSON); cached briefly by browsers and proxies."""
    query = request.GET.get("q", "")
    scope, _everywhere = site_scope(request)
    response = JsonResponse({"query": query, "suggestions": service.suggest(query, scope=scope)})
    response["Cache-Control"] = "public, max-age=300"
    return response
