"""Public pages: the list of answered messages, writing one, following it, statistics, FAQ."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gongkai.core import forms as public_forms
from gongkai.core import tables
from gongkai.core.antiabuse import RateLimited, retry_after_header
from gongkai.core.context import ip_from_request
from gongkai.core.models import Organization
from gongkai.core.params import int_param
from gongkai.sites.resolve import site_of
from gongkai.sites.scope import elsewhere, scoped, site_of_request, url_on

from . import services
from .forms import FollowForm, MessageForm, RatingForm
from .models import Channel, FaqEntry, Message, Status


def _crumbs(label=None):
    base = [{"label": _("政民互动"), "url": "/interaction/" if label else None}]
    return base + ([{"label": label}] if label else [])


def index(request):
    page = Paginator(
        scoped(request, Message.objects.listed()).select_related("reply_unit").order_by("-replied_on", "-pk"),
        20,
    ).get_page(request.GET.get("page"))
    return render(request, "interaction/index.html", {"page": page, "crumbs": _crumbs()})


def message(request, pk: int):
    found = get_object_or_404(Message.objects.listed().select_related("unit", "reply_unit", "channel"), pk=pk)
    if moved := elsewhere(request, found.unit):
        return moved
    return render(
        request, "interaction/message.html", {"message": found, "crumbs": _crumbs(found.public_subject)}
    )


def _write_elsewhere(request):
    """A portal without channels of its own (a county whose mailbox is the city's) sends the writer to the
    nearest portal above it that has some; None when none has (the form then says so itself)."""
    site = site_of_request(request)
    parent = site.root.parent if getattr(site, "root", None) is not None else None
    while parent is not None:
        above = site_of(parent)
        if above is None:
            break
        if Channel.objects.filter(above.unit_q("unit"), is_active=True).exists():
            if target := url_on(request, above):
                return redirect(target)
            break
        parent = above.root.parent
    return None


@never_cache
def write(request):
    channels = scoped(request, Channel.objects.filter(is_active=True))
    if not channels.exists() and (moved := _write_elsewhere(request)):
        return moved
    # Kept on the server, so a form that comes back with errors still has the writer's files.
    kept = services.ATTACHMENTS.from_request(request, "attachments")

    def submit(data, proof):
        if kept.errors:
            raise ValidationError({"attachments": kept.errors})
        return services.submit_message(
            channel=data["channel"],
            subject=data["subject"],
            body=data["body"],
            name=data["name"],
            phone=data["phone"],
            public_consent=data["public_consent"],
            submission_key=data.get("submission_key") or None,
            ip=ip_from_request(request),
            attachments=kept.files,
            proof=proof,
        )

    handled = public_forms.handle(
        request,
        MessageForm,
        scope=services.CHALLENGE_SCOPE,
        submit=submit,
        form_kwargs={"channels": channels},
    )
    if handled.result is not None:
        found, created = handled.result
        return render(
            request,
            "interaction/received.html",
            {"message": found, "created": created, "crumbs": _crumbs(_("留言成功"))},
        )
    form = handled.form
    kept.show_errors(form, "attachments")
    context = {
        "form": form,
        "challenge": handled.challenge,
        "kept": kept,
        "crumbs": _crumbs(_("我要留言")),
    }
    return handled.render(request, "interaction/write.html", context)


@never_cache
def follow(request):
    form = FollowForm(request.POST or request.GET or None)
    found = None
    status, headers = 200, {}
    ip = ip_from_request(request)
    if form.is_bound and form.is_valid():
        try:
            found = services.find_by_code(form.cleaned_data["code"], ip=ip)
        except RateLimited as exc:
            form.add_error(None, exc.messages)
            status, headers = 429, retry_after_header(exc)
        else:
            if found is None:
                form.add_error("code", _("没有找到该查询码对应的留言。"))
    rating = None
    if found and found.status == Status.ANSWERED and not found.rating:
        rating = public_forms.handle(
            request,
            RatingForm,
            posted="rating" in request.POST,
            scope=services.CHALLENGE_SCOPE,
            submit=lambda data, proof: services.rate(
                message=found, rating=data["rating"], ip=ip, proof=proof
            ),
            form_kwargs={"initial": {"code": found.query_code}},
        )
        if rating.result is not None:
            found = rating.result
        elif rating.status != 200:
            status, headers = rating.status, rating.headers
    return public_forms.render_with(
        request,
        "interaction/follow.html",
        {
            "form": form,
            "message": found,
            "rating_form": rating.form if rating and rating.result is None else None,
            "challenge": rating.challenge if rating else None,
            "crumbs": _crumbs(_("留言查询")),
        },
        status=status,
        headers=headers,
    )


def _period(request) -> tuple[dt.date, dt.date, int]:
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = max(2000, min(year, timezone.localdate().year))
    return dt.date(year, 1, 1), dt.date(year, 12, 31), year


def stats(request):
    start, end, year = _period(request)
    unit = None
    if request.GET.get("unit"):
        unit = Organization.objects.active().filter(pk=int_param(request.GET["unit"]) or 0).first()
    scope = site_of_request(request).unit_q("unit")
    rows = services.statistics(start=start, end=end, unit=unit, scope=scope)
    return render(
        request,
        "interaction/stats.html",
        {
            "rows": rows,
            "year": year,
            "years": range(timezone.localdate().year, 2018, -1),
            "crumbs": _crumbs(_("统计")),
        },
    )


STATS_HEADER = ["单位", "收到留言", "已答复", "按时答复", "平均答复用时（工作日）", "满意率（%）"]


def _stats_rows(rows):
    return [
        [
            r["unit"],
            r["received"],
            r["answered"],
            r["on_time"],
            r["avg_working_days"] or "",
            r["satisfaction"] or "",
        ]
        for r in rows
    ]


def stats_download(request, fmt: str):
    start, end, year = _period(request)
    scope = site_of_request(request).unit_q("unit")
    rows = _stats_rows(services.statistics(start=start, end=end, scope=scope))
    return tables.download(STATS_HEADER, rows, fmt=fmt, filename=f"interaction-{year}", sheet=str(year))


def faq(request):
    entries = scoped(request, FaqEntry.objects.filter(is_published=True)).select_related("unit")
    return render(request, "interaction/faq.html", {"entries": entries, "crumbs": _crumbs(_("常见问答"))})
