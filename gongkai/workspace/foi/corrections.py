"""Workspace pages of the correction of records (条例第四十一条): the list of cases in reach with the working
days left, the intake of a request that came by letter, in person or orally, and the case page with the
applicant behind an audited 查看, the evidence (each download audited), 开始办理, the decision form and the
notice. Every read goes through ``corrections.corrections_for``, every change through its services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gongkai.core import access as core_access
from gongkai.core import calendar as cal
from gongkai.core import masking
from gongkai.core.forms import PlainChoicesForm
from gongkai.core.roles import Capability
from gongkai.foi import corrections, notices
from gongkai.foi.correction_views import CorrectionRequestForm
from gongkai.foi.models import (
    CORRECTION_APPLICANT_FIELDS,
    CORRECTION_FIELDS,
    Channel,
    CorrectionOutcome,
    HelpNeed,
    RecordCorrection,
)

from ..auth import staff_view
from ..views import page

PAGE_SIZE = 20
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class CorrectionIntakeForm(CorrectionRequestForm):
    """Staff register a request that came by letter, fax, in person or orally (no challenge)."""

    channel = forms.ChoiceField(
        label=gettext_lazy("提交方式"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(label=gettext_lazy("收到申请日期"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("answer", "token", "altcha", "website"):  # staff register: no challenge
            self.fields.pop(name, None)


class DecisionForm(PlainChoicesForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("办理结果"),
        choices=[("", gettext_lazy("请选择")), *CorrectionOutcome.choices],
        error_messages={"required": gettext_lazy("请选择办理结果。")},
    )
    text = forms.CharField(
        label=gettext_lazy("办理情况"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("予以更正的，写明如何更正；不予更正的，写明理由；转送或告知的，可补充说明。"),
    )
    other_organ = forms.CharField(
        label=gettext_lazy("有权更正的行政机关"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("转送或告知时填写。"),
    )
    on = forms.DateField(label=gettext_lazy("办结日期"), widget=DATE)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@staff_view
@require_GET
def index(request):
    today = timezone.localdate()
    cases = corrections.corrections_for(request.user)
    show = request.GET.get("show", "open")
    if show != "all":
        cases = cases.open()
    listing = Paginator(cases.order_by("due_on", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(listing.object_list)
    left = cal.working_days_left(today, (c.due_on for c in rows if c.is_open and c.due_on))
    for case in rows:
        case.working_days_left = left.get(case.due_on) if case.is_open else None
    return page(
        request,
        "workspace/foi/corrections/list.html",
        {
            "listing": listing,
            "rows": rows,
            "show": show,
            "may_register": core_access.can(request.user, Capability.EDIT_CONTENT),
        },
        section="foi",
    )


@staff_view
def intake(request):
    if not core_access.can(request.user, Capability.EDIT_CONTENT):
        raise PermissionDenied
    form = CorrectionIntakeForm(
        request.POST or None, request.FILES or None, initial={"unit": request.user.unit_id}
    )
    form.fields["unit"].queryset = core_access.units_for(request.user).active()
    form.fields["unit"].label = _("受理机关")
    if request.method == "POST" and form.is_valid():
        try:
            case, secret, _created = corrections.register(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                data={k: v for k, v in form.cleaned_data.items() if k in CORRECTION_FIELDS},
                submission_key=form.cleaned_data.get("submission_key") or None,
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                evidence=[(f.name, f.read()) for f in request.FILES.getlist("evidence")],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("已登记。请将查询码 %(code)s 和查询密码 %(secret)s 告知申请人。")
                % {"code": case.tracking_code, "secret": secret},
            )
            return redirect("workspace:foi-correction", case.pk)
    return page(request, "workspace/foi/corrections/intake.html", {"form": form}, section="foi")


def _case(request, case: RecordCorrection, *, decision_form=None, show_applicant=False, status=200):
    today = timezone.localdate()
    left = None
    if case.is_open and case.due_on:
        left = cal.working_days_left(today, [case.due_on]).get(case.due_on)
    may_edit = core_access.can(request.user, Capability.EDIT_CONTENT, case.unit)
    handling = request.user.unit_id == case.unit_id  # the help asked for is the handling unit's only
    applicant_rows = []
    if show_applicant:
        for name in CORRECTION_APPLICANT_FIELDS:
            field = RecordCorrection._meta.get_field(name)
            value = getattr(case, f"get_{name}_display")() if field.choices else getattr(case, name)
            applicant_rows.append((field.verbose_name, value or "—"))
    if show_applicant and handling:
        needs = "、".join(str(HelpNeed(n).label) for n in case.help_needs if n in HelpNeed.values)
        applicant_rows.append((_("需要的帮助"), needs or "—"))
        applicant_rows.append((_("提供帮助的联系方式"), case.help_contact or "—"))
    response = page(
        request,
        "workspace/foi/corrections/detail.html",
        {
            "case": case,
            "days_left": left,
            "masked_name": masking.name(case.applicant_name),
            "show_applicant": show_applicant,
            "applicant_rows": applicant_rows,
            "handling": handling,
            "evidence": list(case.documents.all()),
            "may_edit": may_edit,
            "decision_form": decision_form
            if decision_form is not None
            else DecisionForm(initial={"on": today}),
        },
        section="foi",
    )
    response.status_code = status
    return response


@staff_view
@require_GET
def detail(request, pk: int):
    return _case(request, corrections.get_for_user(request.user, pk))


@staff_view
@require_POST
def applicant(request, pk: int):
    case = corrections.get_for_user(request.user, pk)
    corrections.record_identity_view(actor=request.user, case=case)
    return _case(request, case, show_applicant=True)


@staff_view
@require_POST
def start(request, pk: int):
    case = corrections.get_for_user(request.user, pk, write=True)
    try:
        corrections.take_up(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已开始办理。"))
    return redirect("workspace:foi-correction", case.pk)


@staff_view
@require_POST
def decision(request, pk: int):
    case = corrections.get_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            corrections.decide(
                actor=request.user,
                case=case,
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["text"],
                other_organ=form.cleaned_data["other_organ"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已办结。可下载更正申请处理告知书送达申请人。"))
            return redirect("workspace:foi-correction", case.pk)
    case.refresh_from_db()
    return _case(request, case, decision_form=form)


@staff_view
@require_GET
def notice(request, pk: int, fmt: str) -> HttpResponse:
    case = corrections.get_for_user(request.user, pk)
    try:
        response = corrections.notice_response(case, fmt)
    except notices.NoticeUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("workspace:foi-correction", case.pk)
    corrections.record_identity_view(actor=request.user, case=case)  # the notice names the applicant
    return response


@staff_view
@require_GET
def evidence(request, pk: int, document_id: int):
    case = corrections.get_for_user(request.user, pk)
    return corrections.evidence_download(actor=request.user, case=case, document_id=document_id)
