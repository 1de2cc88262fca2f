"""Workspace pages: 依申请公开. The list of applications in reach, the intake of paper applications, and the
case page with its timeline in words, the due date and why, the applicant behind an audited 查看, one form
per step and the notices. Every read goes through ``foi/access.py``, every change through the foi
services (``register_application``, ``record_event``, ``charge_fee``, ``record_identity_view``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongkai.core import access as core_access
from gongkai.core import calendar as cal
from gongkai.core import masking, tables
from gongkai.core.roles import Capability
from gongkai.foi import access, desk, documents, explain, ledger, notices, redaction, services, similar
from gongkai.foi.forms import IntakeForm
from gongkai.foi.models import APPLICANT_FIELDS, DocumentKind, EventKind, HelpNeed
from gongkai.foi.views import notice_response

from ..auth import staff_view
from ..views import page
from .forms import (
    STEP_FORMS,
    DocumentForm,
    FilterForm,
    LedgerForm,
    PublicationForm,
    RedactForm,
    StepChoiceForm,
)

PAGE_SIZE = 20


@staff_view
@require_GET
def index(request):
    today = timezone.localdate()
    units = core_access.units_for(request.user).active()
    filters = FilterForm(request.GET or None, units=units)
    applications = filters.apply(access.applications_for(request.user), today)
    listing = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(listing.object_list)
    left = cal.working_days_left(today, (a.due_on for a in rows if a.is_open and a.due_on))
    for application in rows:
        application.working_days_left = left.get(application.due_on) if application.is_open else None
    return page(
        request,
        "workspace/foi/list.html",
        {
            "filters": filters,
            "listing": listing,
            "rows": rows,
            "may_register": core_access.can(request.user, Capability.EDIT_CONTENT),
        },
        section="foi",
    )


@staff_view
def intake(request):
    """登记申请: an application that came by letter, fax, in person or orally (``register_application``)."""
    if not core_access.can(request.user, Capability.EDIT_CONTENT):
        raise PermissionDenied
    form = IntakeForm(request.POST or None, initial={"unit": request.user.unit_id})
    form.fields["unit"].queryset = core_access.units_for(request.user).active()
    form.fields["unit"].label = _("受理机关")
    form.fields["unit"].help_text = ""
    if request.method == "POST" and form.is_valid():
        try:
            application, secret, _created = services.register_application(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                data={k: v for k, v in form.cleaned_data.items() if k in services.INTAKE_FIELDS},
                submission_key=form.cleaned_data.get("submission_key") or None,
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                oral_read_back=form.cleaned_data.get("oral_read_back", False),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("已登记。请将查询码 %(code)s 和查询密码 %(secret)s 告知申请人。")
                % {"code": application.tracking_code, "secret": secret},
            )
            return redirect("workspace:foi-detail", application.pk)
    return page(request, "workspace/foi/intake.html", {"form": form}, section="foi")


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _case(
    request, application, *, step_form=None, show_applicant=False, document_form=None, publication_form=None
):
    """The case page; ``step_form`` is a step's form to show again (with its errors)."""
    today = timezone.localdate()
    events = list(application.events.select_related("actor").order_by("on", "pk"))
    calendar = cal.load(*explain.calendar_for(application.received_on, today))
    options = desk.steps_for(application, events, calendar, today)
    offered = {o.kind: o for o in options if o.offered}
    chosen = step_form.kind if step_form is not None else request.GET.get("step", "")
    if step_form is None and chosen in offered:
        step_form = STEP_FORMS[chosen](application=application, parties=desk.open_consultations(events))
    elif step_form is None:
        chosen = ""
    may_act = core_access.can(request.user, Capability.EDIT_CONTENT, application.unit)
    why = explain.explain(application.received_on, events, calendar, today)
    left = why.due and cal.working_days_left(today, [why.due])[why.due]
    # Art. 43: what help was asked for and given, to the handling unit's staff only (others in reach see
    # that it was asked); the needs and their contact behind the audited 查看申请人信息 like the identity
    help_visible = request.user.unit_id == application.unit_id
    return page(
        request,
        "workspace/foi/detail.html",
        {
            "application": application,
            "timeline": explain.timeline(
                events,
                today,
                received_on=application.received_on,
                calendar=calendar,
                help_visible=help_visible,
            ),
            "why": why,
            "days_left": left if application.is_open else None,
            "options": options,
            "closed_steps": [o for o in options if not o.offered],
            "step_menu": StepChoiceForm(initial={"step": chosen}, options=[o for o in options if o.offered]),
            "step_form": step_form,
            "may_act": may_act,
            "show_applicant": show_applicant,
            "applicant_rows": _applicant_rows(application, help_visible) if show_applicant else [],
            "masked_name": masking.name(application.applicant_name),
            "help_visible": help_visible,
            "notice_kinds": notices.available(application, events),
            "applicant_files": [d for d in application.documents.all() if d.kind == DocumentKind.APPLICANT],
            "reply_files": [d for d in application.documents.all() if d.kind != DocumentKind.APPLICANT],
            "document_form": document_form or DocumentForm(),
            "may_remove_files": may_act and application.is_open,
            "redactable": redaction.KINDS,
            "similar": similar.similar_to(application),  # the same unit's: in reach with this one
            "publication_form": publication_form
            or (
                PublicationForm(unit=application.unit, initial={"title": application.description[:300]})
                if may_act
                and application.published_as_id is None
                and application.outcome in documents.CONVERTIBLE
                else None
            ),
        },
        section="foi",
    )


def _applicant_rows(application, help_visible: bool = False) -> list[tuple[str, str]]:
    """The identity and contacts (and, for the handling unit, the help asked for and how to reach the
    applicant for it), shown only by the audited ``applicant`` view."""
    rows = []
    for name in APPLICANT_FIELDS:
        field = application._meta.get_field(name)
        value = getattr(application, f"get_{name}_display")() if field.choices else getattr(application, name)
        rows.append((str(field.verbose_name), value or "—"))
    if help_visible and application.help_needs:
        labels = [str(HelpNeed(n).label) for n in application.help_needs if n in HelpNeed.values]
        rows.append((_("需要的帮助"), "、".join(labels) or "—"))
        rows.append((_("提供帮助的联系方式"), application.help_contact or "—"))
    return rows


@staff_view
@require_GET
def detail(request, pk: int):
    application = access.get_application_for_user(request.user, pk)
    return _case(request, application)


@staff_view
@require_POST
def applicant(request, pk: int):
    """查看: the applicant's identity and contacts, shown once the look is recorded (who, when; no data)."""
    application = access.get_application_for_user(request.user, pk)
    services.record_identity_view(actor=request.user, application=application)
    return _case(request, application, show_applicant=True)


@staff_view
@require_POST
def step(request, pk: int, kind: str):
    application = access.get_application_for_user(request.user, pk, write=True)
    form_class = STEP_FORMS.get(kind)
    if form_class is None:
        raise Http404
    events = list(application.events.all())
    form = form_class(request.POST, application=application, parties=desk.open_consultations(events))
    if form.is_valid():
        try:
            _record(request.user, application, form)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已记录：%(step)s。") % {"step": EventKind(kind).label})
            return redirect("workspace:foi-detail", application.pk)
    application.refresh_from_db()
    return _case(request, application, step_form=form)


def _record(actor, application, form) -> None:
    data = form.cleaned_data
    if form.kind == EventKind.FEE_NOTICE_SENT:
        services.charge_fee(
            actor=actor,
            application=application,
            basis=data["basis"],
            on=data["on"],
            quantity=data.get("quantity"),
            received_on=data.get("received_on"),
            note=data.get("note", ""),
        )
        return
    services.record_event(
        actor=actor,
        application=application,
        kind=form.kind,
        on=data["on"],
        note=data.get("note", ""),
        **form.event_data(),
    )


@staff_view
@require_GET
def notice(request, pk: int, kind: str, fmt: str):
    """A notice (告知书) to download; it names the applicant, so the download is recorded like a 查看."""
    application = access.get_application_for_user(request.user, pk)
    try:
        response = notice_response(application, kind, fmt)
    except notices.NoticeUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(reverse("workspace:foi-detail", args=[pk]))
    services.record_identity_view(actor=request.user, application=application)
    return response


@staff_view
@require_POST
def document_add(request, pk: int):
    """Attach a file: the released information, a notice, or an applicant's paper material scanned."""
    application = access.get_application_for_user(request.user, pk, write=True)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            documents.add_document(
                actor=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                name=upload.name,
                data=upload.read(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已添加文件“%(n)s”。") % {"n": upload.name})
            return redirect(reverse("workspace:foi-detail", args=[pk]) + "#files-h")
    return _case(request, application, document_form=form)


@staff_view
@require_POST
def notice_attach(request, pk: int, kind: str):
    """Generate a notice as PDF and attach it for the applicant to download."""
    application = access.get_application_for_user(request.user, pk, write=True)
    try:
        documents.attach_notice(actor=request.user, application=application, kind=kind)
    except (notices.NoticeUnavailable, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("已将告知书附到答复文件中。"))
    return redirect(reverse("workspace:foi-detail", args=[pk]) + "#files-h")


@staff_view
@require_GET
def document_download(request, pk: int, document_id: int):
    """A file of the application, for the staff who reach it; each download in the audit log."""
    found = documents.get_document_for_user(request.user, document_id)
    if found.application_id != pk:
        raise Http404
    return documents.staff_download(actor=request.user, document=found)


@staff_view
@require_POST
def document_remove(request, pk: int, document_id: int):
    found = documents.get_document_for_user(request.user, document_id)
    if found.application_id != pk:
        raise Http404
    try:
        documents.remove_document(actor=request.user, document=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已删除文件“%(n)s”。") % {"n": found.name})
    return redirect(reverse("workspace:foi-detail", args=[pk]) + "#files-h")


def _released(request, pk: int, document_id: int):
    application = access.get_application_for_user(request.user, pk, write=True)
    found = documents.get_document_for_user(request.user, document_id)
    if found.application_id != application.pk or found.kind != DocumentKind.RELEASED:
        raise Http404
    return application, found


@staff_view
def document_redact(request, pk: int, document_id: int):
    """Mark what a released file withholds (部分公开): the masking rules' proposals, other words, areas
    drawn on the page pictures; applied, it becomes a new file in place of this one (undone by removing
    it). Opening the page is recorded like a download."""
    application, found = _released(request, pk, document_id)
    data = documents.read(found)
    if found.file_kind not in redaction.KINDS:
        messages.error(request, _("只能对PDF文件和图片（PNG、JPG）作遮盖处理；请先把文件转为PDF。"))
        return redirect(reverse("workspace:foi-detail", args=[pk]) + "#files-h")
    proposals = redaction.proposals(data, found.file_kind)
    form = RedactForm(request.POST or None, proposals=proposals)
    if request.method == "POST" and form.is_valid():
        areas, terms = form.marks()
        try:
            made = documents.redact_document(actor=request.user, document=found, areas=areas, terms=terms)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("已生成“%(n)s”（遮盖%(k)s处），将代替原文件提供给申请人。")
                % {"n": made.name, "k": len(made.redactions)},
            )
            return redirect(reverse("workspace:foi-detail", args=[pk]) + "#files-h")
    if request.method == "GET":
        documents.record_view(actor=request.user, document=found)
    return page(
        request,
        "workspace/foi/redact.html",
        {
            "application": application,
            "document": found,
            "form": form,
            "pages": redaction.pages(data, found.file_kind),
            "unit": _("像素") if found.file_kind != "pdf" else _("点"),
            "scale": 1 if found.file_kind != "pdf" else redaction.RENDER_DPI / 72,
        },
        section="foi",
    )


@staff_view
@require_GET
def document_page(request, pk: int, document_id: int, number: int):
    """Page ``number`` of a released file as a picture to mark on."""
    _application, found = _released(request, pk, document_id)
    picture = redaction.page_picture(documents.read(found), found.file_kind, number)
    if picture is None:
        raise Http404
    response = HttpResponse(picture, content_type="image/png" if found.file_kind != "jpg" else "image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view
@require_POST
def publication(request, pk: int):
    """Art. 44: propose the released information for proactive disclosure; the draft opens in the editor."""
    application = access.get_application_for_user(request.user, pk, write=True)
    form = PublicationForm(request.POST, unit=application.unit)
    if form.is_valid():
        column = form.cleaned_data.get("column")
        try:
            item = documents.propose_for_publication(
                actor=request.user,
                application=application,
                title=form.cleaned_data["title"],
                columns=[column] if column else [],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已生成主动公开信息草稿，请核对后送审。"))
            return redirect("workspace:item-edit", item.pk)
    return _case(request, application, publication_form=form)


LEDGER_PAGE_SIZE = 50


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@staff_view
@require_GET
def ledger_page(request):
    """依申请公开台账: every application in reach, filtered, 50 a page; the XLSX holds them all."""
    today = timezone.localdate()
    form = LedgerForm(request.GET or None)
    selected = ledger.select(access.applications_for(request.user), form.filters(), today)
    listing = Paginator(selected, LEDGER_PAGE_SIZE).get_page(request.GET.get("page"))
    return page(
        request,
        "workspace/foi/ledger.html",
        {
            "form": form,
            "listing": listing,
            "rows": ledger.rows(listing.object_list, today),
            "query": _without_page(request),
        },
        section="foi",
    )


@staff_view
@require_GET
def ledger_download(request):
    today = timezone.localdate()
    form = LedgerForm(request.GET or None)
    selected = ledger.select(access.applications_for(request.user), form.filters(), today)
    rows = ledger.table_rows(ledger.rows(selected, today))
    return tables.download(
        ledger.HEADER, rows, fmt="xlsx", filename=f"依申请公开台账-{today:%Y%m%d}", sheet="台账"
    )


@staff_view
@require_GET
def frequent(request):
    """The information asked for by three or more applicants (the units in reach): candidates for proactive
    disclosure (Art. 44)."""
    groups = similar.frequent(access.applications_for(request.user))
    return page(request, "workspace/foi/frequent.html", {"groups": groups}, section="foi")


@staff_view
@require_POST
def email_links(request, pk: int):
    """E-mail the applicant the download links of the answer's files."""
    application = access.get_application_for_user(request.user, pk, write=True)
    try:
        sent = documents.email_links(
            actor=request.user, application=application, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已向申请人的电子邮箱发送%(n)s个文件的下载链接。") % {"n": sent})
    return redirect(reverse("workspace:foi-detail", args=[pk]) + "#files-h")
