"""Workspace pages of 信息报送: a unit's submissions and the portal office's incoming ones (filters), a
submission's page with the office's decision and the unit's withdrawal, the submit form behind the editor's
"报送" button, and the per-unit counts. Reads through ``publishing.access``, writes through its services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.access import can
from gongkai.core.models import Organization
from gongkai.core.roles import Capability
from gongkai.publishing import access, services, submission_workflow
from gongkai.publishing.portals import target_columns

from ..auth import staff_view
from ..views import page
from .forms import DecisionForm, FilterForm, SubmitForm, YearForm

PAGE_SIZE = 20


def _require_writer(user) -> None:
    if not can(user, Capability.EDIT_CONTENT):
        raise Http404


@staff_view
def index(request):
    user = request.user
    _require_writer(user)
    incoming = access.decides_for(user) is not None or user.is_superuser
    filters = FilterForm(request.GET or None, incoming=incoming)
    rows = access.visible_submissions(user)
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("box") == "mine":
            rows = access.submissions_for(user)
        elif data.get("box") == "incoming":
            rows = access.incoming_submissions_for(user)
        if data.get("status"):
            rows = rows.filter(status=data["status"])
        if data.get("year"):
            rows = rows.filter(submitted_at__year=data["year"])
    rows = rows.with_listing().order_by("-submitted_at", "-pk")
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return page(
        request,
        "workspace/submissions/list.html",
        {"filters": filters, "page_obj": page_obj, "rows": page_obj.object_list, "incoming": incoming,
         "pending": access.incoming_submissions_for(user).pending().count() if incoming else 0},
        section="submissions",
    )  # fmt: skip


@staff_view
def new(request, item_id: int):
    """The editor's "报送" form posts here; a GET shows the same form on its own page."""
    item = access.get_item_for_user(request.user, item_id, write=True)
    form = SubmitForm(request.POST or None, columns=target_columns(item.unit))
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submit_to_portal(
                actor=request.user,
                item=item,
                column=form.cleaned_data["column"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied:
            form.add_error(None, _("您没有权限报送该信息。"))
        else:
            messages.success(request, _("已报送，等待门户网站公开办处理。"))
            return redirect("workspace:submission", submission.pk)
    return page(
        request,
        "workspace/submissions/new.html",
        {"form": form, "item": item, "earlier": item.submissions.select_related("column").order_by("-submitted_at")},
        section="submissions",
    )  # fmt: skip


@staff_view
def detail(request, pk: int):
    user = request.user
    submission = access.get_submission_for_user(user, pk)
    form = DecisionForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in submission_workflow.TRANSITIONS:
            raise Http404
        submission = access.get_submission_for_user(user, pk, action=action)
        form = DecisionForm(request.POST)
        if form.is_valid():
            done = _act(request, submission, action, form)
            if done:
                return redirect("workspace:submission", pk)
    may_decide = submission.is_pending and access.may_decide(user, submission)
    may_withdraw = (
        submission.is_pending and not may_decide and can(user, Capability.EDIT_CONTENT, submission.unit)
    )
    return page(
        request,
        "workspace/submissions/detail.html",
        {"submission": submission, "form": form, "may_decide": may_decide, "may_withdraw": may_withdraw},
        section="submissions",
    )


def _act(request, submission, action: str, form: DecisionForm) -> bool:
    service = {
        "adopt": services.adopt_submission,
        "decline": services.decline_submission,
        "withdraw": services.withdraw_submission,
    }[action]
    kwargs = {"reason": form.cleaned_data["reason"]} if action != "withdraw" else {}
    try:
        service(actor=request.user, submission=submission, **kwargs)
    except submission_workflow.TransitionError:
        form.add_error(None, _("该报送已处理，不能再执行此操作。"))
        return False
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    done = {
        "adopt": _("已采用，该信息已列入栏目。"),
        "decline": _("已不予采用。"),
        "withdraw": _("已撤回报送。"),
    }
    messages.success(request, done[action])
    return True


@staff_view
def stats(request):
    user = request.user
    _require_writer(user)
    form = YearForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year
    units = (
        access.visible_submissions(user)
        .filter(submitted_at__year=year)
        .values_list("unit", flat=True)
        .distinct()
    )
    rows = services.submission_stats(Organization.objects.filter(pk__in=units).order_by("path"), year)
    totals = {k: sum(r[k] for r in rows) for k in ("submitted", "adopted", "declined", "pending")}
    return page(
        request,
        "workspace/submissions/stats.html",
        {"form": form, "year": year, "rows": rows, "totals": totals},
        section="submissions",
    )
