"""Workspace pages: 政务新媒体. The accounts of the user's units with how long each has been quiet, an account's
page (edit, record an update, read its feed now, the closing procedure), the spreadsheet import (all or
nothing, the row report on the page) and the inventory export. Every write goes through
``gongkai.newmedia.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import audit, tables
from gongkai.core.paging import BoundedPaginator
from gongkai.newmedia import access, feedreader, importer, rules, services
from gongkai.newmedia.models import AccountStatus

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page
from .forms import AccountForm, CloseForm, ImportForm, UpdateForm

ACCOUNT_INITIAL = ("platform", "name", "account_id", "responsible_person", "responsible_phone", "opened_on",
                   "homepage_url", "feed_url", "followers", "followers_on")  # fmt: skip


@staff_view
def index(request):
    today = timezone.localdate()
    found = (
        access.accounts_for(request.user).select_related("unit").order_by("unit__path", "platform", "name")
    )
    status = request.GET.get("status") or ""
    if status in AccountStatus.values:
        found = found.filter(status=status)
    text = (request.GET.get("q") or "").strip()[:50]
    if text:
        found = found.filter(Q(name__icontains=text) | Q(account_id__icontains=text))
    listed = BoundedPaginator(found, 50).get_page(request.GET.get("page"))
    rows = []
    for account in listed.object_list:
        days = state = None
        if account.stage == "operating":
            days = rules.days_quiet(account.last_update_on, account.opened_on, today)
            state = rules.state(days)
        rows.append((account, days, state))
    return page(request, "workspace/newmedia/index.html", {
        "title": _("政务新媒体"), "page": listed, "rows": rows, "q": text, "status": status,
        "statuses": AccountStatus.choices, "limit": rules.LIMIT_DAYS, "warn": rules.WARN_DAYS,
    }, section="newmedia")  # fmt: skip


def _save(request, user, found, form):
    data = dict(form.cleaned_data)
    unit, qr_code = data.pop("unit"), data.pop("qr_code")
    try:
        return services.save_account(actor=user, unit=unit, fields=data, account=found, qr_code=qr_code)
    except ValidationError as exc:
        add_service_errors(form, exc)
    return None


@staff_view
@require_http_methods(["GET", "POST"])
def account(request, pk: int | None = None):
    user, today = request.user, timezone.localdate()
    found = access.get_account_for_user(user, pk) if pk else None
    units = access.writable_units(user)
    initial = {name: getattr(found, name) for name in ACCOUNT_INITIAL} | {"unit": found.unit} if found else {}
    form = AccountForm(units=units, initial=initial)
    update = UpdateForm(prefix="update", initial={"on": today, "posts": 1})
    closing = CloseForm(prefix="close", initial={"on": today})
    if request.method == "POST":
        if found:
            access.get_account_for_user(user, pk, write=True)
        action = request.POST.get("form", "account")
        if action == "update" and found:
            update = UpdateForm(request.POST, prefix="update")
            if update.is_valid():
                try:
                    services.record_update(actor=user, account=found, fields=update.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(update, exc)
                else:
                    messages.success(request, _("已登记更新。"))
                    return redirect("workspace:newmedia-account", found.pk)
        elif action == "close" and found:
            closing = CloseForm(request.POST, prefix="close")
            if closing.is_valid():
                data = closing.cleaned_data
                try:
                    services.transition(
                        actor=user, account=found, action=data["action"], on=data["on"], text=data["text"]
                    )
                except ValidationError as exc:
                    add_service_errors(closing, exc)
                else:
                    messages.success(request, _("已记录。"))
                    return redirect("workspace:newmedia-account", found.pk)
        elif action == "feed" and found:
            result = feedreader.read_feed(actor=user, account=found)
            if result.error:
                messages.error(request, _("读取订阅源未成功：%(e)s") % {"e": result.error})
            else:
                messages.success(request, _("已读取订阅源，新增%(n)s条更新。") % {"n": result.new})
            return redirect("workspace:newmedia-account", found.pk)
        else:
            form = AccountForm(request.POST, request.FILES, units=units)
            if form.is_valid():
                saved = _save(request, user, found, form)
                if saved:
                    messages.success(request, _("已保存。"))
                    return redirect("workspace:newmedia-account", saved.pk)
    quiet = None
    if found and found.stage == "operating":
        days = rules.days_quiet(found.last_update_on, found.opened_on, today)
        quiet = (days, rules.state(days))
    return page(request, "workspace/newmedia/account.html", {
        "title": str(found) if found else _("登记政务新媒体账号"), "account": found, "form": form,
        "update": update, "closing": closing, "quiet": quiet, "limit": rules.LIMIT_DAYS,
        "updates": found.updates.all()[:30] if found else [],
    }, section="newmedia")  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def import_page(request):
    user = request.user
    units = access.writable_units(user)
    form = ImportForm(units=units)
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = importer.import_file(
                    upload.name, upload.read(importer.MAX_BYTES + 1), table=form.cleaned_data["table"],
                    actor=user, unit=form.cleaned_data["unit"],
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if report.committed:
                    messages.success(request, _("已导入%(n)s条，已有%(s)s条未重复导入。")
                                     % {"n": len(report.imported), "s": len(report.skipped)})  # fmt: skip
                    return redirect("workspace:newmedia")
    headers = {
        _("账号清单"): [aliases[0] for aliases in importer.ACCOUNT_HEADERS.values()],
        _("更新记录"): [aliases[0] for aliases in importer.UPDATE_HEADERS.values()],
    }
    return page(request, "workspace/newmedia/import.html", {
        "title": _("导入政务新媒体表格"), "form": form, "report": report, "headers": headers,
    }, section="newmedia")  # fmt: skip


@staff_view
def export(request, fmt: str):
    """The inventory of the user's accounts in the consolidation clean-up's columns (with the responsible
    person and phone: a staff download, recorded in the audit log)."""
    if fmt not in tables.FORMATS:
        raise Http404
    rows = list(
        access.accounts_for(request.user).select_related("unit").order_by("unit__path", "platform", "name")
    )
    with transaction.atomic():
        audit.record(actor=request.user, action="newmedia.inventory.exported", object_repr=f"{len(rows)}")
    header, table = importer.inventory_table(rows)
    return tables.download(header, table, fmt=fmt, filename=_("政务新媒体清单"), sheet=_("政务新媒体"))
