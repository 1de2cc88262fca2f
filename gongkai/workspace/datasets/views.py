"""Workspace pages: 数据发布. The datasets of the user's units with their due and late periods; defining a
dataset; publishing a period's release from an uploaded table (on any error the row report is shown and
nothing is saved) and correcting one; all through ``gongkai.datasets.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import files
from gongkai.core import tables as downloads
from gongkai.core.access import writable_units
from gongkai.datasets import access, schedule, services, tables

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page
from .forms import CorrectForm, DatasetForm, UploadForm

SECTION = "datasets"


@staff_view
def index(request):
    datasets = list(access.datasets_for(request.user).order_by("unit__sort_order", "unit_id", "title", "pk"))
    states = schedule.states(datasets)
    return page(
        request, "workspace/datasets/index.html",
        {"title": _("数据发布"), "rows": [states[d.pk] for d in datasets],
         "may_create": access.may_write(request.user)},
        section=SECTION,
    )  # fmt: skip


def _writable_units(user):
    return writable_units(user, access.WRITE)


@staff_view
@require_http_methods(["GET", "POST"])
def edit(request, pk: int | None = None):
    user = request.user
    dataset = access.get_dataset_for_user(user, pk, write=True) if pk else None
    if dataset is None and not access.may_write(user):
        raise PermissionDenied
    units = _writable_units(user)
    if request.method == "POST":
        form = DatasetForm(request.POST, units=units)
    else:
        initial = (
            DatasetForm.initial_for(dataset)
            if dataset
            else {"unit": user.unit_id, "starts_on": timezone.localdate()}
        )
        form = DatasetForm(initial=initial, units=units)
    if dataset is not None:
        form.fields["unit"].disabled = True
        form.fields["unit"].initial = dataset.unit_id
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            saved = services.save_dataset(actor=user, unit=unit if dataset is None else dataset.unit,
                                          dataset=dataset, **data)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("数据集“%(t)s”已保存。") % {"t": saved.title})
            return redirect("workspace:datasets-detail", saved.pk)
    title = _("修改数据集") if dataset else _("新建数据集")
    return page(request, "workspace/datasets/edit.html", {"title": title, "form": form, "dataset": dataset},
                section=SECTION)  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def detail(request, pk: int):
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    dataset = access.get_dataset_for_user(user, pk, write=action is not None)
    releases = list(dataset.releases.newest_first().defer("rows"))
    for release in releases:
        release.dataset = dataset
    state = schedule.state(dataset)
    owed = [*state.late, *state.missing]  # the oldest period owed is the one to upload first
    upload = UploadForm(
        request.POST if action == "publish" else None, request.FILES if action == "publish" else None,
        initial={"period": request.GET.get("period", "")[:10] or (owed[0].period.code if owed else "")},
    )  # fmt: skip
    correct = CorrectForm(
        request.POST if action == "correct" else None, request.FILES if action == "correct" else None,
        periods=[(r.period, r.period_label) for r in releases],
    )  # fmt: skip
    if action == "publish" and upload.is_valid():
        file = upload.cleaned_data["file"]
        try:
            release = services.publish_release(
                actor=user, dataset=dataset, period=upload.cleaned_data["period"], note=upload.cleaned_data["note"],
                name=file.name, data=file.read(tables.MAX_BYTES + 1),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(upload, error)
        else:
            messages.success(
                request,
                _("%(p)s数据已发布，共%(n)d行。") % {"p": release.period_label, "n": len(release.rows)},
            )
            return redirect("workspace:datasets-detail", dataset.pk)
    if action == "correct" and correct.is_valid():
        release = next(r for r in releases if r.period == correct.cleaned_data["period"])
        file = correct.cleaned_data["file"]
        try:
            services.correct_release(actor=user, release=release, name=file.name, reason=correct.cleaned_data["reason"],
                                     data=file.read(tables.MAX_BYTES + 1))  # fmt: skip
        except ValidationError as error:
            add_service_errors(correct, error)
        else:
            messages.success(request, _("%(p)s数据已更正。") % {"p": release.period_label})
            return redirect("workspace:datasets-detail", dataset.pk)
    return page(
        request, "workspace/datasets/detail.html",
        {"title": dataset.title, "dataset": dataset, "releases": releases, "state": state,
         "upload": upload, "correct": correct, "may_write": access.may_write(user, dataset.unit),
         "public_url": dataset.get_absolute_url(), "edit_url": reverse("workspace:datasets-edit", args=[dataset.pk])},
        section=SECTION,
    )  # fmt: skip


@staff_view
def original(request, pk: int):
    """The file a release was published from, as uploaded (CSV, or XLSX after the upload checks)."""
    release = access.get_release_for_user(request.user, pk)
    if not release.original:
        raise Http404
    is_xlsx = release.original.name.endswith(".xlsx")
    return files.private_download(
        release.original, filename=release.original_name or release.original.name.rsplit("/", 1)[-1],
        content_type=downloads.FORMATS["xlsx" if is_xlsx else "csv"],
    )  # fmt: skip


@staff_view
def template(request, pk: int, fmt: str):
    """An empty table with the dataset's header row, to fill in and upload."""
    dataset = access.get_dataset_for_user(request.user, pk)
    return downloads.download(dataset.column_names, [], fmt=fmt, filename=f"{dataset.title}-模板")
