"""Workspace pages: the list of items (filters, bulk actions), the editor and its autosave.

Every read goes through ``publishing.access``, every write through ``publishing.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.core.access import can
from gongkai.core.roles import Capability
from gongkai.publishing import access, services, workflow
from gongkai.publishing.models import Attachment, Status

from ..auth import staff_view
from ..views import page
from .forms import AttachmentUploadForm, BulkForm, FilterForm, ItemForm, UnitChoiceForm

PAGE_SIZE = 20

# The list ------------------------------------------------------------------------------------------


def _filtered(user, filters: FilterForm):
    rows = access.items_for(user).select_related("unit").order_by("-updated_at", "-pk")
    if not filters.is_valid():
        return rows
    data = filters.cleaned_data
    if data.get("q"):
        rows = rows.filter(Q(title__icontains=data["q"]) | Q(doc_number__icontains=data["q"]))
    if data.get("status"):
        rows = rows.filter(status=data["status"])
    if data.get("unit"):
        rows = rows.filter(unit=data["unit"])
    if data.get("column"):
        rows = rows.filter(columns=data["column"])
    if data.get("late"):
        today = timezone.localdate()
        rows = rows.filter(
            Q(published_at__isnull=False, published_at__date__gt=F("publish_due_on"))
            | Q(
                published_at__isnull=True,
                publish_due_on__lt=today,
                status__in=[Status.DRAFT, Status.SUBMITTED, Status.SCHEDULED],
            )
        )
    return rows


def _row_link(user, item) -> tuple[str, str]:
    """Where a row leads: the editor if the user may change the item, else its review page or preview."""
    if services.may_edit(user, item):
        return reverse("workspace:item-edit", args=[item.pk]), _("编辑")
    if item.status == Status.SUBMITTED and can(user, Capability.REVIEW_CONTENT, item.unit):
        return reverse("workspace:item-review", args=[item.pk]), _("审核")
    return reverse("workspace:item-edit", args=[item.pk]), _("查看")


@staff_view
def index(request):
    if request.method == "POST":
        return _bulk(request)
    user = request.user
    filters = FilterForm(request.GET or None, user=user)
    paginator = Paginator(_filtered(user, filters), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for item in page_obj.object_list:
        url, label = _row_link(user, item)
        rows.append({"item": item, "url": url, "label": label, "late": item.is_late, "today": today})
    bulk_actions = []
    if can(user, Capability.EDIT_CONTENT):
        bulk_actions.append(("submit", BulkForm.ACTIONS["submit"]))
    if can(user, Capability.REVIEW_CONTENT):
        bulk_actions += [
            ("publish_now", BulkForm.ACTIONS["publish_now"]),
            ("withdraw", BulkForm.ACTIONS["withdraw"]),
        ]
    return page(
        request,
        "workspace/items/list.html",
        {
            "filters": filters,
            "page": page_obj,
            "rows": rows,
            "bulk_actions": bulk_actions,
            "may_write": access.may_write_items(user),
            "query": request.GET.urlencode(),
        },
        section="items",
    )


BULK_SERVICES = {
    "publish_now": (services.publish_now, gettext_lazy("已发布")),
    "withdraw": (services.withdraw_item, gettext_lazy("已撤回发布")),
    "submit": (services.submit_item, gettext_lazy("已送审")),
}


def _failure(exc: Exception) -> str:
    if isinstance(exc, workflow.TransitionError):
        return _("当前状态不能执行此操作")
    if isinstance(exc, PermissionDenied):
        return _("您没有权限对该信息执行此操作")
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    raise exc


def _bulk(request):
    """Apply one workflow action to each selected item through its service; report per item."""
    back = reverse("workspace:items") + (f"?{request.POST['query']}" if request.POST.get("query") else "")
    form = BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    action = form.cleaned_data["action"]
    service, done = BULK_SERVICES[action]
    extra = {"reason": form.cleaned_data["reason"]} if action == "withdraw" else {}
    labels = {str(k): str(v) for k, v in BulkForm.ACTIONS.items()}
    for pk in form.cleaned_data["ids"]:
        try:
            item = access.get_item_for_user(request.user, pk)
        except Http404:
            messages.error(request, _("编号 %(pk)s：未找到该信息。") % {"pk": pk})
            continue
        try:
            service(actor=request.user, item=item, **extra)
        except (workflow.TransitionError, PermissionDenied, ValidationError) as exc:
            messages.error(
                request,
                _("《%(title)s》未能%(action)s：%(why)s")
                % {
                    "title": item.title,
                    "action": labels[action],
                    "why": _failure(exc),
                },
            )
        else:
            messages.success(request, _("《%(title)s》%(done)s。") % {"title": item.title, "done": done})
    return redirect(back)


# The editor ----------------------------------------------------------------------------------------


def _wants_json(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


def _unit_for_new(request):
    """The unit a new item is filed under: the user's own, or the one an openness office picked."""
    user = request.user
    if not access.may_choose_unit(user):
        if user.unit is None:
            raise PermissionDenied
        return user.unit, None
    chooser = UnitChoiceForm(request.POST or request.GET or None, user=user)
    if chooser.is_bound and chooser.is_valid():
        return chooser.cleaned_data["unit"], chooser
    unit = user.unit or chooser.fields["unit"].queryset.first()
    chooser = UnitChoiceForm(initial={"unit": unit}, user=user)
    return unit, chooser


@staff_view
def new(request):
    if not access.may_write_items(request.user):
        raise PermissionDenied
    unit, chooser = _unit_for_new(request)
    if request.method == "POST":
        form = ItemForm(request.POST, unit=unit, user=request.user)
        if form.is_valid():
            try:
                item = services.create_item(
                    actor=request.user,
                    unit=unit,
                    columns=form.cleaned_data["columns"],
                    key_areas=form.cleaned_data["key_areas"],
                    **form.item_changes(),
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                if _wants_json(request):
                    return _autosaved(item)
                _attach(request, item)
                messages.success(request, _("已保存为草稿。"))
                if request.POST.get("_action") == "submit":
                    _act(request, item, "submit")
                return redirect("workspace:item-edit", item.pk)
        if _wants_json(request):
            return _json_errors(form)
    else:
        form = ItemForm(initial={"written_on": timezone.localdate()}, unit=unit, user=request.user)
    return _editor_page(request, form, None, chooser=chooser)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _json_errors(form, status: int = 400):
    errors = [
        f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}".lstrip("：")
        for k, v in form.errors.items()
    ]
    return JsonResponse({"error": {"message": _("自动保存未完成：") + "；".join(errors)}}, status=status)


def _autosaved(item):
    revision = item.revisions.order_by("-number").first()
    return JsonResponse(
        {
            "id": item.pk,
            "saved_at": timezone.localtime(item.updated_at).strftime("%H:%M"),
            "revision": revision.number if revision else None,
            "version": item.version,
            "edit_url": reverse("workspace:item-edit", args=[item.pk]),
            "autosave_url": reverse("workspace:item-autosave", args=[item.pk]),
        }
    )


@staff_view
def edit(request, pk: int):
    item = access.get_item_for_user(request.user, pk)
    editable = services.may_edit(request.user, item)
    if request.method == "POST" and request.POST.get("_workflow"):
        _act(request, item, request.POST["_workflow"])
        return redirect("workspace:item-edit", item.pk)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("该信息当前状态下您不能修改。"))
            return redirect("workspace:item-edit", item.pk)
        form = ItemForm(request.POST, instance=item, unit=item.unit, user=request.user)
        if form.is_valid():
            saved = _save(request, item, form)
            if saved is not None:
                _attach(request, saved)
                messages.success(request, _("已保存。"))
                if request.POST.get("_action") == "submit":
                    _act(request, saved, "submit")
                return redirect("workspace:item-edit", item.pk)
    else:
        form = ItemForm(instance=item, unit=item.unit, user=request.user, editable=editable)
    return _editor_page(request, form, item, editable=editable)


def _save(request, item, form, note: str = ""):
    """Save through the service; a stale version or a rule the service enforces comes back on the form."""
    try:
        return services.update_item(
            actor=request.user,
            item=item,
            expected_version=form.cleaned_data.get("expected_version"),
            columns=form.cleaned_data["columns"],
            key_areas=form.cleaned_data["key_areas"],
            note=note,
            **form.item_changes(),
        )
    except services.EditConflict as exc:
        form.add_error(None, ValidationError(str(exc), code="conflict"))
    except ValidationError as exc:
        _form_errors(form, exc)
    except PermissionDenied:
        form.add_error(None, _("您没有权限修改该信息。"))
    return None


@staff_view
@require_POST
def autosave(request, pk: int):
    """Store the editor's work as a draft revision (note 自动保存); JSON ``{saved_at, revision}``."""
    item = access.get_item_for_user(request.user, pk)
    if item.status != Status.DRAFT or not services.may_edit(request.user, item):
        return JsonResponse({"error": {"message": _("只有您可修改的草稿才会自动保存。")}}, status=409)
    form = ItemForm(request.POST, instance=item, unit=item.unit, user=request.user)
    if not form.is_valid():
        return _json_errors(form)
    saved = _save(request, item, form, note=_("自动保存"))
    if saved is None:
        conflict = any(e.code == "conflict" for e in form.non_field_errors().as_data())
        return _json_errors(form, status=409 if conflict else 400)
    return _autosaved(saved)


def _attach(request, item) -> None:
    """The editor's attachment controls: a file to add, attachments to remove (through the service)."""
    remove = [int(v) for v in request.POST.getlist("_remove") if v.isdigit()]
    for attachment in Attachment.objects.filter(item=item, pk__in=remove):
        services.remove_attachment(actor=request.user, attachment=attachment)
        messages.success(request, _("已删除附件“%(name)s”。") % {"name": attachment.name})
    upload = AttachmentUploadForm(request.POST, request.FILES)
    if upload.is_valid() and upload.cleaned_data.get("upload"):
        file = upload.cleaned_data["upload"]
        name = (upload.cleaned_data.get("upload_name") or "").strip() or file.name
        try:
            services.add_attachment(actor=request.user, item=item, data=file.read(), name=name)
        except ValidationError as exc:
            messages.error(request, _("附件未上传：") + "；".join(exc.messages))
        except PermissionDenied:
            messages.error(request, _("附件未上传：您不能修改该信息。"))
        else:
            messages.success(request, _("已上传附件“%(name)s”。") % {"name": name})


WORKFLOW = {
    "submit": (services.submit_item, gettext_lazy("已送审。")),
    "recall": (services.recall_item, gettext_lazy("已撤回送审，稿件回到草稿。")),
    "withdraw": (services.withdraw_item, gettext_lazy("已撤回发布，公众不再能看到该信息。")),
    "restore": (services.restore_item, gettext_lazy("已恢复为草稿。")),
    "publish_now": (services.publish_now, gettext_lazy("已发布。")),
}


def _act(request, item, action: str) -> None:
    if action not in WORKFLOW:
        messages.error(request, _("未知的操作。"))
        return
    service, done = WORKFLOW[action]
    kwargs = {"reason": request.POST.get("reason", "")} if action == "withdraw" else {}
    try:
        service(actor=request.user, item=item, **kwargs)
    except workflow.TransitionError:
        messages.error(request, _("当前状态下不能执行此操作，请刷新页面。"))
    except PermissionDenied:
        messages.error(request, _("您没有权限执行此操作。"))
    except ValidationError as exc:
        messages.error(request, _("未能完成：") + "；".join(exc.messages))
    else:
        messages.success(request, done)


def _submission_context(user, item) -> dict:
    """信息报送: a published item of the user's unit may be offered to its portal's columns."""
    if not (item.is_public and can(user, Capability.EDIT_CONTENT, item.unit)):
        return {}
    from gongkai.publishing.portals import target_columns

    from ..submissions.forms import SubmitForm

    columns = target_columns(item.unit)
    return {
        "submission_form": SubmitForm(columns=columns, auto_id="sub_%s"),
        "submissions": item.submissions.select_related("column").order_by("-submitted_at"),
    }


def _editor_page(request, form, item, *, chooser=None, editable: bool = True):
    user = request.user
    context = {
        "form": form,
        "item": item,
        "chooser": chooser,
        "editable": editable,
        "upload": AttachmentUploadForm(),
        "title": item.title if item else _("新建信息"),
    }
    if item is not None:
        actions = access.available_actions(user, item)
        context.update(
            {
                "attachments": item.attachments.all(),
                "actions": [a for a in actions if a not in ("approve", "reject")],
                "may_review": "approve" in actions,
                "may_publish_now": item.status == Status.SCHEDULED
                and can(user, Capability.REVIEW_CONTENT, item.unit),
                "findings": services.check_item(item),
                "revisions": item.revisions.select_related("created_by")[:10],
                "autosave": editable and item.status == Status.DRAFT,
                **_submission_context(user, item),
            }
        )
    else:
        context["autosave"] = True
    return page(request, "workspace/items/editor.html", context, section="items")
