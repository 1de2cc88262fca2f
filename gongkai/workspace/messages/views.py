"""Workspace pages: 政民互动. The list of messages in reach (filters, bulk 转办/分派) and a message's case page
(the text and attachments, the writer's contact behind an audited 查看, the history in words, and a form
per handling step). Every read goes through ``interaction.access``, every step through
``interaction.services`` (the handling table); the pages only parse, fetch, call and render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import calendar as cal
from gongkai.core.access import can, units_for
from gongkai.core.forms import add_errors
from gongkai.core.models import Organization
from gongkai.core.roles import Capability
from gongkai.interaction import access, attachments, services, transitions
from gongkai.interaction.models import OPEN, EventKind, Status, three_months_before

from ..auth import staff_view
from ..views import page
from . import forms
from .history import describe

PAGE_SIZE = 20


# The list ----------------------------------------------------------------------------------------------


def _filtered(user, data: dict, today: dt.date):
    rows = access.messages_for(user).select_related("unit", "channel", "handler")
    if data.get("q"):
        q = data["q"].strip()
        rows = rows.filter(Q(subject__icontains=q) | Q(body__icontains=q) | Q(query_code__iexact=q))
    status = data.get("status") or "open"
    if status == "open":
        rows = rows.filter(status__in=OPEN)
    elif status != "all":
        rows = rows.filter(status=status)
    due = data.get("due")
    if due == "late":
        rows = rows.filter(status__in=OPEN, due_on__lt=today)
    elif due == "soon":
        rows = rows.filter(status__in=OPEN, due_on__gte=today, due_on__lte=cal.add_working_days(today, 5).due)
    elif due == "veto":
        rows = rows.filter(status__in=OPEN, received_on__lt=three_months_before(today))
    if data.get("unit"):
        rows = rows.filter(unit=data["unit"])
    if data.get("channel"):
        rows = rows.filter(channel=data["channel"])
    return rows.order_by("due_on", "pk")


def _bulk_choices(user):
    """Units to transfer to and handlers to assign, for the bulk form (one query each, lazily)."""
    from gongkai.core.models import User
    from gongkai.core.roles import CAPABILITIES

    editing = [role for role, caps in CAPABILITIES.items() if Capability.EDIT_CONTENT in caps]
    handlers = (
        User.objects.filter(unit__in=units_for(user), is_active=True, role__in=editing)
        .select_related("unit")
        .order_by("unit__path", "username")
    )
    return Organization.objects.active().order_by("path"), handlers


@staff_view
def index(request):
    user, today = request.user, timezone.localdate()
    units = access.message_units_for(user)
    channels = access.channels_for(user)
    params = request.GET.copy()
    if not params.get("status"):
        # The list opens on what still waits for a reply; a search looks through every state.
        params["status"] = "all" if params.get("q") else "open"
    filters = forms.FilterForm(params, units=units, channels=channels)
    data = filters.cleaned_data if filters.is_valid() else {}
    paginator = Paginator(_filtered(user, data, today), PAGE_SIZE)
    current = paginator.get_page(request.GET.get("page"))
    rows = list(current.object_list)
    left = cal.working_days_left(today, {m.due_on for m in rows if m.status in OPEN})
    for m in rows:
        m.working_days_left = left.get(m.due_on) if m.status in OPEN else None
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    to_units, handlers = _bulk_choices(user)
    return page(
        request,
        "workspace/messages/list.html",
        {
            "filters": filters,
            "page_obj": current,
            "rows": rows,
            "query": urlencode(query),
            "bulk": forms.BulkForm(units=to_units, handlers=handlers),
            "may_assign": can(user, Capability.REVIEW_CONTENT),
            "three_months": three_months_before(today),
        },
        section="messages",
    )


@staff_view
@require_POST
def bulk(request):
    """Bulk 转办 or 分派 of the messages ticked on the list: each through the handling service, each with
    its own result (one refused message leaves the others done)."""
    to_units, handlers = _bulk_choices(request.user)
    posted_ids = [pk for pk in request.POST.getlist("ids") if pk.isdigit()]
    form = forms.BulkForm(request.POST, ids=[int(pk) for pk in posted_ids], units=to_units, handlers=handlers)
    back = reverse("workspace:messages")
    query = request.POST.get("query", "")
    if query and "\n" not in query:
        back = f"{back}?{query}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                flash.error(request, error)
        return redirect(back)
    action = form.cleaned_data["action"]
    if action == EventKind.TRANSFERRED:
        data = {"to_unit": form.cleaned_data["to_unit"]}
        note = form.cleaned_data["reason"]
    else:
        data, note = {"handler": form.cleaned_data["handler"]}, ""
    results = services.handle_many(
        actor=request.user, message_ids=form.cleaned_data["ids"], kind=action, note=note, **data
    )
    for outcome, message, text in results:
        label = message.query_code if message else _("（未找到）")
        if outcome == "done":
            done = (
                _("已转办至%(unit)s。") % {"unit": message.unit.name}
                if action == EventKind.TRANSFERRED
                else _("已分派给%(name)s。") % {"name": message.handler.full_name or message.handler.username}
            )
            flash.success(request, f"{label}：{done}")
        else:
            flash.error(request, f"{label}：{text}")
    return redirect(back)


# The case page -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A handling step's form on the case page: the table's action(s) it leads to and how it is shown."""

    name: str  # the URL part and form prefix
    label: str
    kinds: tuple[str, ...]  # the table's actions; a review form chooses one of two


STEPS = {
    step.name: step
    for step in (
        Step("accepted", _("审看通过"), (EventKind.ACCEPTED,)),
        Step("assigned", _("分派经办人"), (EventKind.ASSIGNED,)),
        Step("reply_drafted", _("拟写答复"), (EventKind.REPLY_DRAFTED,)),
        Step("review", _("审核答复"), (EventKind.ANSWERED, EventKind.REPLY_RETURNED)),
        Step("published", _("公开展示"), (EventKind.PUBLISHED,)),
        Step("transferred", _("转办"), (EventKind.TRANSFERRED,)),
        Step("merged", _("合并重复留言"), (EventKind.MERGED,)),
        Step("rejected", _("不予受理"), (EventKind.REJECTED,)),
    )
}


def _may(user, message, kind: str) -> bool:
    rule = transitions.TRANSITIONS[kind]
    return transitions.allowed(kind, message.status) and can(user, rule.capability, message.unit)


def _available(user, message) -> list[Step]:
    steps = [s for s in STEPS.values() if any(_may(user, message, kind) for kind in s.kinds)]
    if not message.public_consent:
        steps = [s for s in steps if s.name != "published"]
    return steps


def _new_form(step: str, message, data=None):
    """The step's form, bound to ``data`` when posted; initial values from the message otherwise."""
    kwargs: dict = {"prefix": step}
    if step == "accepted":
        return forms.NoteForm(data, **kwargs)
    if step == "rejected":
        return forms.RejectForm(data, **kwargs)
    if step == "merged":
        return forms.MergeForm(data, **kwargs)
    if step == "transferred":
        units = Organization.objects.active().exclude(pk=message.unit_id).order_by("path")
        return forms.TransferForm(data, units=units, **kwargs)
    if step == "assigned":
        return forms.AssignForm(
            data, handlers=access.handlers_for_message(message).select_related("unit"), **kwargs
        )
    if step == "reply_drafted":
        initial = {"reply_text": message.reply_text}
        templates = access.reply_templates_for_message(message)
        return forms.ReplyForm(data, templates=templates, initial=initial, **kwargs)
    if step == "review":
        return forms.ReviewForm(data, **kwargs)
    if step == "published":
        initial = {"public_subject": message.public_subject, "public_body": message.public_body}
        return forms.PublishForm(data, initial=initial, **kwargs)
    raise Http404


def _render_case(request, message, *, bound: tuple[str, object] | None = None, contact=None):
    today = timezone.localdate()
    steps = _available(request.user, message)
    step_forms = []
    for step in steps:
        form = bound[1] if bound and bound[0] == step.name else _new_form(step.name, message)
        step_forms.append((step, form))
    left = None
    if message.status in OPEN:
        left = cal.working_days_left(today, [message.due_on])[message.due_on]
    events = list(message.events.select_related("actor"))
    return page(
        request,
        "workspace/messages/case.html",
        {
            "message": message,
            "working_days_left": left,
            "veto": message.veto_overdue,
            "attachments": list(message.attachments.order_by("pk")),
            "history": [describe(e) for e in events],
            "step_forms": step_forms,
            "bound_step": bound[0] if bound else "",
            "error_form": bound[1] if bound else None,
            "contact": contact,
            "answered": message.status == Status.ANSWERED,
        },
        section="messages",
    )


@staff_view
def case(request, pk: int):
    return _render_case(request, access.get_message_for_user(request.user, pk))


@staff_view
@require_POST
def contact(request, pk: int):
    """查看 the writer's name and mobile number: shown on this response only, each look audited."""
    message = access.get_message_for_user(request.user, pk)
    shown = services.view_contact(actor=request.user, message=message)
    return _render_case(request, message, contact=shown)


def _service_input(step: str, data: dict) -> tuple[str, str, dict]:
    """(action, note, data) for the handling service from a step form's cleaned data."""
    if step == "accepted":
        return EventKind.ACCEPTED, data.get("note", ""), {}
    if step == "rejected":
        return EventKind.REJECTED, "", {"reason": data["reason"]}
    if step == "merged":
        return EventKind.MERGED, "", {"into": data["into"]}
    if step == "transferred":
        return EventKind.TRANSFERRED, data["note"], {"to_unit": data["to_unit"]}
    if step == "assigned":
        return EventKind.ASSIGNED, "", {"handler": data["handler"]}
    if step == "reply_drafted":
        return EventKind.REPLY_DRAFTED, "", {"reply_text": data["reply_text"]}
    if step == "review":
        if data["decision"] == EventKind.REPLY_RETURNED:
            return EventKind.REPLY_RETURNED, "", {"reason": data["reason"]}
        return EventKind.ANSWERED, "", {}
    return (
        EventKind.PUBLISHED,
        "",
        {"public_subject": data["public_subject"], "public_body": data["public_body"]},
    )


DONE = {
    EventKind.ACCEPTED: _("已审看通过，请拟写答复。"),
    EventKind.REJECTED: _("已不予受理，留言人可以看到理由。"),
    EventKind.MERGED: _("已合并到另一条留言。"),
    EventKind.TRANSFERRED: _("已转办，答复期限不变。"),
    EventKind.ASSIGNED: _("已分派经办人。"),
    EventKind.REPLY_DRAFTED: _("答复已提交审核。"),
    EventKind.REPLY_RETURNED: _("答复已退回修改。"),
    EventKind.ANSWERED: _("审核通过，已答复留言人。"),
    EventKind.PUBLISHED: _("已在网站公开展示。"),
}


@staff_view
@require_POST
def step(request, pk: int, name: str):
    """One handling step from the case page. Wrong input: the page again with the error in Chinese next to
    the field and nothing changed. 填入所选回复 (without JavaScript) fills the reply from the chosen
    常用回复 and saves nothing."""
    message = access.get_message_for_user(request.user, pk, write=True)
    if name not in STEPS:
        raise Http404
    form = _new_form(name, message, request.POST)
    if name == "reply_drafted" and f"{name}-fill" in request.POST:
        return _render_case(request, message, bound=(name, _filled(form, message)))
    if form.is_valid():
        kind, note, data = _service_input(name, form.cleaned_data)
        try:
            services.handle(actor=request.user, message=message, kind=kind, note=note, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            flash.success(request, str(DONE[kind]))
            if not access.messages_for(request.user).filter(pk=message.pk).exists():
                return redirect("workspace:messages")  # transferred out of reach
            return redirect("workspace:message-case", pk=message.pk)
    return _render_case(request, message, bound=(name, form))


def _filled(form, message):
    """The reply form again with the chosen template's text in the reply (after what was already typed)."""
    chosen = form.templates.get(form.data.get("reply_drafted-template", ""))
    typed = form.data.get("reply_drafted-reply_text", "").strip()
    text = typed
    if chosen is not None:
        text = f"{typed}\n{chosen.body}" if typed else chosen.body
    return _new_form_unbound_with("reply_drafted", message, {"reply_text": text, "template": ""})


def _new_form_unbound_with(step: str, message, initial: dict):
    form = _new_form(step, message)
    form.initial.update(initial)
    return form


@staff_view
def attachment(request, pk: int, attachment_id: int):
    """A writer's attachment, downloaded by the staff who handle the message (audited); 404 elsewhere."""
    found = access.get_attachment_for_user(request.user, pk, attachment_id)
    return attachments.download(actor=request.user, attachment=found)
