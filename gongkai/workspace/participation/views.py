"""Workspace pages: 意见征集. The consultations of the user's units, and a consultation's comments to group
with each group's adoption reply (采纳情况), then the feedback to publish, all through
``gongkai.participation.services``. Comments can be filtered by clause and answered one by one. Commenters'
names and contacts are not shown, except the phone numbers of those to be told of the report by phone
(待电话告知), to the staff who may handle them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.params import int_param
from gongkai.participation import access, feedback, services
from gongkai.participation.models import State

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page
from .forms import ConsultationFilter, GroupCommentsForm, GroupForm, PublishForm

PAGE_SIZE = 20
COMMENTS_PAGE_SIZE = 50


@staff_view
def index(request):
    user, now = request.user, timezone.now()
    filters = ConsultationFilter(request.GET or None)
    found = feedback.with_work(access.consultations_for(user)).select_related("unit")
    if filters.is_valid():
        if filters.cleaned_data["q"]:
            found = found.filter(title__icontains=filters.cleaned_data["q"])
        if filters.cleaned_data["waiting"]:
            found = found.filter(report_published_at__isnull=True).filter(
                Q(ungrouped__gt=0) | Q(undecided__gt=0)
            )
    listed = Paginator(found.order_by("-starts_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    dues = feedback.due_dates(c.ends_at for c in listed)
    rows = [{"consultation": c, "state": c.state(now), "due": dues[c.ends_at]} for c in listed]
    return page(
        request,
        "workspace/participation/index.html",
        {"title": _("意见征集"), "filters": filters, "found": listed, "rows": rows},
        section="participation",
    )


def _comments_context(request, consultation, group_form, publish_form) -> dict:
    user = request.user
    show = "all" if request.GET.get("show") == "all" else "ungrouped"
    listed = (
        access.comments_for(user)
        .filter(consultation=consultation)
        .select_related("group", "clause", "invitation__stakeholder")
    )
    if show == "ungrouped":
        listed = listed.filter(group__isnull=True)
    clause_list = list(consultation.clauses.all())
    chosen = request.GET.get("clause", "")
    if chosen == "whole":
        listed = listed.filter(clause__isnull=True)
    elif int_param(chosen) is not None:
        listed = listed.filter(clause__number=int_param(chosen))
    shown = Paginator(listed.order_by("submitted_at", "pk"), COMMENTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    checked = {str(pk) for pk in request.POST.getlist("comments")} if request.method == "POST" else set()
    return {
        "title": consultation.title, "consultation": consultation, "state": consultation.state(),
        "due": feedback.due_on(consultation), "groups": group_form.groups.values(), "shown": shown, "show": show,
        "checked": checked, "counts": services.counts(consultation), "group_form": group_form,
        "publish_form": publish_form, "may_write": access.may_write(user, consultation),
        "may_publish": consultation.state() == State.CLOSED, "clauses": clause_list, "clause": chosen,
        "to_phone": services.to_phone(consultation) if access.may_write(user, consultation) else [],
    }  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def comments(request, pk: int):
    """Select comments, put them into a new or existing group with its reply; publish the feedback."""
    user = request.user
    consultation = access.get_consultation_for_user(user, pk, write=request.method == "POST")
    action = request.POST.get("action") if request.method == "POST" else None
    groups = list(
        access.groups_for(user)
        .filter(consultation=consultation)
        .select_related("clause")
        .annotate(n=Count("comments"))
        .order_by("order", "pk")
    )
    group_form = GroupCommentsForm(
        request.POST if action == "group" else None, consultation=consultation, groups=groups,
        comments=access.comments_for(user).filter(consultation=consultation), clauses=consultation.clauses.all(),
    )  # fmt: skip
    publish_form = PublishForm(
        request.POST if action == "publish" else None, initial={"text": consultation.report}
    )
    reply_to = int_param(request.POST.get("reply_to")) if request.method == "POST" else None
    if reply_to is not None:
        return _reply(request, consultation, reply_to)
    told = int_param(request.POST.get("told")) if request.method == "POST" else None
    if told is not None:
        found = access.comments_for(user).filter(consultation=consultation, pk=told).first()
        if found is not None:
            try:
                services.mark_told(actor=user, comment=found)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("已记录为已告知。"))
        return redirect(request.get_full_path())
    if action == "group" and group_form.is_valid():
        data = group_form.cleaned_data
        try:
            group = services.group_comments(
                actor=user, consultation=consultation, comments=data["comments"], group=group_form.chosen_group(),
                summary=data["summary"], decision=data["decision"] or None, reason=data["reason"],
                clause=group_form.chosen_clause(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(group_form, error)
        else:
            messages.success(
                request, _("已将%(n)d条意见归入“%(g)s”。") % {"n": len(data["comments"]), "g": group.summary}
            )
            return redirect(request.get_full_path())
    if action == "publish" and publish_form.is_valid():
        try:
            services.publish_report(
                actor=user, consultation=consultation, text=publish_form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(publish_form, error)
        else:
            messages.success(request, _("意见采纳情况已发布。"))
            return redirect(request.get_full_path())
    return page(
        request,
        "workspace/participation/comments.html",
        _comments_context(request, consultation, group_form, publish_form),
        section="participation",
    )


def _reply(request, consultation, comment_id: int):
    """Save the reply typed under one comment (the field ``reply_<id>``); the reply is public with the comment."""
    found = access.comments_for(request.user).filter(consultation=consultation, pk=comment_id).first()
    if found is None:
        messages.error(request, _("没有找到这条意见。"))
        return redirect(request.get_full_path())
    try:
        services.reply_comment(
            actor=request.user, comment=found, reply=request.POST.get(f"reply_{comment_id}", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已保存回复。"))
    return redirect(f"{request.get_full_path()}#comment-{comment_id}")


@staff_view
@require_http_methods(["GET", "POST"])
def group(request, pk: int, group_id: int):
    """One group's summary and adoption reply, and the comments in it."""
    user = request.user
    consultation = access.get_consultation_for_user(user, pk, write=request.method == "POST")
    found = access.groups_for(user).filter(consultation=consultation, pk=group_id).first()
    if found is None:
        from django.http import Http404

        raise Http404
    form = GroupForm(request.POST or None, initial={"summary": found.summary, "decision": found.decision,
                                                    "reason": found.reason})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.save_group(actor=user, group=found, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存“%(g)s”的采纳情况。") % {"g": form.cleaned_data["summary"]})
            return redirect("workspace:participation-comments", consultation.pk)
    return page(
        request,
        "workspace/participation/group.html",
        {
            "title": _("归类的采纳情况"),
            "consultation": consultation,
            "group": found,
            "form": form,
            "comments": access.comments_for(user).filter(group=found).order_by("submitted_at", "pk")[:200],
            "may_write": access.may_write(user, consultation) and not consultation.report_published_at,
        },
        section="participation",
    )
