"""Workspace pages: 网站首页. A site's openness office arranges its home page: the blocks in order, each shown
or hidden, with its title, source and count; blocks added from the kinds the apps register and deleted. Every
change goes through ``gongkai.sites.services``; the sites a user manages come from ``gongkai.sites.access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.params import int_param
from gongkai.sites import access, blocks, services

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page
from .forms import BlockForm, KindForm

SECTION = "site-blocks"


def _sites(user):
    if not access.may_manage(user):
        raise PermissionDenied
    return list(access.sites_for(user).order_by("root__path"))


def _chosen(request, sites):
    """The site asked for (``?site=``), else the one the user's own unit runs, else the first."""
    wanted = int_param(request.GET.get("site") or request.POST.get("site"))
    if wanted:
        for site in sites:
            if site.pk == wanted:
                return site
        raise Http404
    return next((s for s in sites if s.root_id == request.user.unit_id), sites[0] if sites else None)


def _list_url(site) -> str:
    return f"{reverse('workspace:site-blocks')}?site={site.pk}"


def _row(block) -> dict:
    kind = blocks.get(block.kind)
    source = block.source
    if kind is not None and kind.sources is not None and source:
        source = dict(kind.sources(block.site)).get(source, source)
    return {
        "block": block,
        "kind_label": kind.label if kind else block.kind,
        "title": blocks.title_of(block, block.site),
        "source": source,
        "count": block.count if kind is None or kind.takes_count else None,
        "known": kind is not None,
    }


@staff_view
def blocks_page(request):
    sites = _sites(request.user)
    site = _chosen(request, sites)
    rows = (
        [_row(b) for b in site.blocks.select_related("site__root").order_by("sort_order", "pk")]
        if site
        else []
    )
    defaults = [_row(b) for b in blocks.default_blocks(site)] if site and not rows else []
    return page(
        request,
        "workspace/sites/blocks.html",
        {
            "title": _("网站首页区块"),
            "site": site,
            "sites": sites,
            "rows": rows,
            "defaults": defaults,
            "kind_form": KindForm(),
        },
        section=SECTION,
    )


@staff_view
@require_POST
def start(request):
    """Take the default set as the site's own arrangement, to reorder and edit from there."""
    site = _chosen(request, _sites(request.user))
    if site is None:
        raise Http404
    specs = []
    for block in blocks.default_blocks(site):
        kind = blocks.get(block.kind)
        if kind.sources is not None and block.source not in dict(kind.sources(site)):
            continue  # a news column this site does not have
        specs.append((block.kind, "", block.source, block.count))
    services.set_blocks(actor=request.user, site=site, specs=specs)
    messages.success(request, _("已按默认区块编排首页。"))
    return redirect(_list_url(site))


@staff_view
@require_http_methods(["GET", "POST"])
def add(request):
    site = _chosen(request, _sites(request.user))
    if site is None:
        raise Http404
    kind = blocks.get(request.GET.get("kind") or request.POST.get("kind") or "")
    if kind is None:
        messages.error(request, _("请选择区块类型。"))
        return redirect(_list_url(site))
    form = BlockForm(request.POST if request.method == "POST" else None, kind=kind, site=site)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_block(
                actor=request.user,
                site=site,
                kind=kind.kind,
                title=data.get("title", ""),
                source=data.get("source", ""),
                count=data.get("count"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("已添加区块“%(label)s”。") % {"label": data.get("title") or kind.label}
            )
            return redirect(_list_url(site))
    return page(
        request,
        "workspace/sites/block_form.html",
        {"title": _("添加区块：%(label)s") % {"label": kind.label}, "site": site, "kind": kind, "form": form,
         "adding": True},
        section=SECTION,
    )  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    block = access.get_block_for_user(request.user, pk)
    kind = blocks.get(block.kind)
    if kind is None:
        raise Http404
    initial = {"title": block.title, "source": block.source, "count": block.count}
    form = BlockForm(
        request.POST if request.method == "POST" else None, initial=initial, kind=kind, site=block.site
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_block(
                actor=request.user,
                block=block,
                title=data.get("title", ""),
                source=data.get("source", ""),
                count=data.get("count"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect(_list_url(block.site))
    return page(
        request,
        "workspace/sites/block_form.html",
        {"title": _("编辑区块：%(label)s") % {"label": _row(block)["title"]}, "site": block.site, "kind": kind,
         "form": form, "block": block},
        section=SECTION,
    )  # fmt: skip


@staff_view
@require_POST
def move(request, pk: int):
    block = access.get_block_for_user(request.user, pk)
    try:
        services.move_block(actor=request.user, block=block, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_list_url(block.site))


@staff_view
@require_POST
def visibility(request, pk: int):
    block = access.get_block_for_user(request.user, pk)
    visible = request.POST.get("visible") == "1"
    services.set_block_visible(actor=request.user, block=block, visible=visible)
    messages.success(request, _("已在首页显示该区块。") if visible else _("已在首页隐藏该区块。"))
    return redirect(_list_url(block.site))


@staff_view
@require_POST
def delete(request, pk: int):
    block = access.get_block_for_user(request.user, pk)
    site = block.site
    services.delete_block(actor=request.user, block=block)
    messages.success(request, _("已删除区块。"))
    return redirect(_list_url(site))
