"""Workspace pages: the preview of an item as the public will see it, and the reviewer's page.

The preview renders the public item page itself (``publishing/item.html`` with the public view's context)
under a 预览 banner, for anyone whose scope reaches the item; search engines are told to keep out. The
reviewer's page puts the item, its pre-publication checks and its difference from what the public last saw
side by side, with 通过 and 退回 on the same screen, both through the publishing services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.access import can
from gongkai.core.roles import Capability
from gongkai.publishing import access, checks, revisions, services, workflow
from gongkai.publishing.models import InformationItem, Status
from gongkai.publishing.views import _item_context  # the public page's own context: the preview is that page

from ..auth import staff_view
from ..views import page

SEVERITY_LABELS = {checks.BLOCK: gettext_lazy("阻止发布"), checks.WARN: gettext_lazy("提示")}


def _may_review(user, item: InformationItem) -> bool:
    """Whether ``user`` may take the item's next review step now (its unit, its state, not twice)."""
    return access.review_queue(user).filter(pk=item.pk).exists()


def _state(item: InformationItem) -> str:
    """The item's state in words for the banner: 草稿, 待审核（第 1 级，共 2 级）, 待定时发布（…）."""
    label = item.get_status_display()
    if item.status == Status.SUBMITTED:
        return _("%(state)s（第 %(level)s 级审核，共 %(levels)s 级）") % {
            "state": label,
            "level": item.review_level_done + 1,
            "levels": item.review_levels,
        }
    if item.status == Status.SCHEDULED and item.scheduled_at:
        return _("%(state)s（%(when)s）") % {
            "state": label,
            "when": date_format(localtime(item.scheduled_at), "Y年n月j日 H:i"),
        }
    return str(label)


class _StaffAttachment:
    """An attachment as the preview links it: through the workspace, since its public address opens only
    once the item is public."""

    def __init__(self, attachment):
        self._attachment = attachment

    def __getattr__(self, name):
        return getattr(self._attachment, name)

    def get_absolute_url(self) -> str:
        return reverse("workspace:item-attachment", args=[self._attachment.item_id, self._attachment.pk])


@staff_view
def preview(request, pk: int):
    item = access.get_item_for_user(request.user, pk)
    context = _item_context(item)
    if not item.is_public:
        context["attachments"] = [_StaffAttachment(a) for a in context["attachments"]]
    context["preview"] = {
        "state": _state(item),
        "may_review": _may_review(request.user, item),
        "may_edit": services.may_edit(request.user, item),
    }
    response = TemplateResponse(request, "workspace/items/preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _read_only_reason(user, item: InformationItem) -> str:
    """Why ``user`` sees the reviewer's page without its buttons."""
    if item.status != Status.SUBMITTED:
        return _("该信息当前为“%(state)s”，不在审核中。") % {"state": item.get_status_display()}
    if not can(user, Capability.REVIEW_CONTENT, item.unit):
        return _("您没有审核该信息的权限，只能查看。")
    return _("您已审核通过本稿件的一级审核，下一级须由其他审核人审核。")


@staff_view
def attachment(request, pk: int, attachment_id: int):
    """An attachment of an item the user may read, before the public may (a download, never indexed)."""
    item = access.get_item_for_user(request.user, pk)
    found = get_object_or_404(item.attachments, pk=attachment_id)
    filename = found.name if "." in found.name[-6:] else f"{found.name}.{found.kind}"
    response = FileResponse(
        found.file.open("rb"), content_type=found.mime, as_attachment=True, filename=filename
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _checks_stage(item: InformationItem) -> str:
    """The checks the next approval must pass: those of publication at the last level, of submission before."""
    return "publish" if item.review_level_done + 1 >= item.review_levels else "submit"


def _difference(item: InformationItem) -> dict:
    published = revisions.last_published_revision(item)
    current = item.revisions.order_by("-number").first()
    if published is None or current is None:
        return {"first": True, "changes": []}
    return {
        "first": False,
        "since": published.created_at,
        "changes": revisions.readable_changes(published.data, current.data),
    }


def _act(request, item: InformationItem) -> tuple[str | None, dict]:
    """Carry out 通过 or 退回. Returns (the success message, {}) or (None, errors by field)."""
    decision = request.POST.get("decision")
    if decision == "approve":
        item = services.approve_item(
            actor=request.user, item=item, comment=request.POST.get("comment", "").strip()
        )
        if item.status == Status.PUBLISHED:
            return _("已审核通过并发布：%(title)s") % {"title": item.title}, {}
        if item.status == Status.SCHEDULED:
            return _("已审核通过，将于%(when)s定时发布：%(title)s") % {
                "title": item.title,
                "when": date_format(localtime(item.scheduled_at), "Y年n月j日 H:i"),
            }, {}
        return _("已通过第 %(level)s 级审核，等待第 %(next)s 级审核：%(title)s") % {
            "level": item.review_level_done,
            "next": item.review_level_done + 1,
            "title": item.title,
        }, {}
    if decision == "reject":
        item = services.reject_item(actor=request.user, item=item, reason=request.POST.get("reason", ""))
        return _("已退回编辑：%(title)s") % {"title": item.title}, {}
    return None, {"decision": [_("请选择“通过”或“退回”。")]}


@staff_view
def review(request, pk: int):
    item = access.get_item_for_user(request.user, pk)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not can(request.user, Capability.REVIEW_CONTENT, item.unit):
            raise PermissionDenied
        if request.POST.get("version") != str(item.version) or not _may_review(request.user, item):
            # Someone else acted (or edited) since this page was opened: show what it is now.
            messages.error(request, _("该信息已被他人处理或修改，请查看最新状态。"))
            return redirect("workspace:item-review", item.pk)
        try:
            done, errors = _act(request, item)
        except workflow.TransitionError:
            messages.error(request, _("该信息已被他人处理或修改，请查看最新状态。"))
            return redirect("workspace:item-review", item.pk)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            if done:
                messages.success(request, done)
                return redirect("workspace:home")
    findings = services.check_item(item, _checks_stage(item))
    context = _item_context(item)
    context["attachments"] = [_StaffAttachment(a) for a in context["attachments"]]
    context.update(
        {
            "title": item.title,
            "state": _state(item),
            "may_review": (may_review := _may_review(request.user, item)),
            "read_only": "" if may_review else _read_only_reason(request.user, item),
            "findings": [
                {"finding": f, "severity": SEVERITY_LABELS.get(f.severity, f.severity)} for f in findings
            ],
            "blocked": bool(checks.blocking(findings)),
            "difference": _difference(item),
            "steps": item.review_steps.select_related("reviewer"),
            "errors": errors,
            "reason_error": errors.get("reason", []),
            "other_errors": [m for key, ms in errors.items() if key != "reason" for m in ms],
            "typed": {"comment": request.POST.get("comment", ""), "reason": request.POST.get("reason", "")},
        }
    )
    response = page(request, "workspace/items/review.html", context, section="items")
    if errors:
        response.status_code = 400
    return response


@staff_view
def revision(request, pk: int, number: int):
    """One saved revision of an item: who saved it, when, and what it changed from the one before."""
    item = access.get_item_for_user(request.user, pk)
    kept = get_object_or_404(item.revisions.select_related("created_by"), number=number)
    previous = item.revisions.filter(number__lt=number).order_by("-number").first()
    context = {
        "title": _("第 %(n)s 版：%(title)s") % {"n": number, "title": item.title},
        "item": item,
        "revision": kept,
        "previous": previous,
        "author": (kept.created_by.full_name or kept.created_by.username) if kept.created_by else _("系统"),
        "changes": revisions.readable_changes(previous.data if previous else {}, kept.data),
    }
    return page(request, "workspace/items/revision.html", context, section="items")
