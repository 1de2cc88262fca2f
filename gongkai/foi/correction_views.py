"""Public pages of the correction of records (条例第四十一条): the request form with its receipt (code and
secret), the tracking page (state, due date, outcome, the notice; the masked name only) and the notice
download by the signed link the tracking page gives."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from gongkai.core import forms as public_forms
from gongkai.core import masking
from gongkai.core.antiabuse import RateLimited, retry_after_header
from gongkai.core.context import ip_from_request
from gongkai.core.forms import MultipleFileField, PublicForm
from gongkai.core.models import Organization
from gongkai.sites.scope import site_of_request

from . import corrections, documents, notices
from .forms import REQUIRED_MSG, TrackForm, UnitChoiceField
from .models import (
    CORRECTION_APPLICANT_FIELDS,
    CORRECTION_FIELDS,
    CORRECTION_REQUEST_FIELDS,
    HelpNeed,
    RecordCorrection,
)
from .services import identity_problems


class CorrectionRequestForm(forms.ModelForm, PublicForm):
    """The public request to correct a record (Art. 41): no account needed."""

    unit = UnitChoiceField(
        label=gettext_lazy("向哪个机关提出"),
        queryset=Organization.objects.active().ordered(),
        help_text=gettext_lazy("请选择制作或保存该记录的机关。"),
        error_messages={
            "required": gettext_lazy("请选择机关。"),
            "invalid_choice": gettext_lazy("请选择机关。"),
        },
    )
    help_needs = forms.MultipleChoiceField(
        label=gettext_lazy("是否需要帮助（选填）"),
        required=False,
        choices=HelpNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "有阅读、视力、听力或书写困难的，受理机关将提供必要的帮助（条例第四十三条）。"
        ),
    )
    evidence = MultipleFileField(
        label=gettext_lazy("证据材料（选填）"),
        required=False,
        help_text=gettext_lazy(
            "能证明记载不准确的材料，如证件、判决书、登记证明的照片或扫描件，最多5个文件，每个不超过20MB。"
            "仅办理本申请的工作人员可以查看。"
        ),
    )

    class Meta:
        model = RecordCorrection
        fields = ["unit", *(f for f in CORRECTION_FIELDS if f != "help_needs")]
        help_texts = {
            "applicant_name": gettext_lazy("个人填写姓名，法人或其他组织填写全称。"),
            "id_number": gettext_lazy("居民身份证号码为18位；法人或其他组织填写统一社会信用代码。"),
            "phone": gettext_lazy("手机号码，或带区号的固定电话（如0539-8123456）。"),
            "current_text": gettext_lazy("照录该记录中您认为不准确的内容。"),
            "requested_text": gettext_lazy("写明准确的内容。"),
            "help_contact": gettext_lazy("需要帮助的，写明如何联系您，如电话、地址或陪同人。"),
        }
        widgets = {
            "current_text": forms.Textarea(attrs={"rows": 3}),
            "requested_text": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        for field in self.fields.values():
            if field.required:
                field.error_messages["required"] = REQUIRED_MSG["required"]
            if isinstance(field, forms.TypedChoiceField):
                field.error_messages["invalid_choice"] = _("请选择列表中的一项。")
        self.fields["phone"].widget.input_type = "tel"

    def applicant_fields(self):
        return [self[name] for name in CORRECTION_APPLICANT_FIELDS]

    def request_fields(self):
        return [self[name] for name in CORRECTION_REQUEST_FIELDS]

    def clean(self):
        data = super().clean()
        for field, message in identity_problems(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


def _crumbs(label):
    return [
        {"label": _("依申请公开"), "url": "/foi/"},
        {"label": _("更正政府信息记录"), "url": "/foi/corrections/new/"},
        {"label": label},
    ]


@never_cache
def new(request):
    kept = documents.MATERIAL.from_request(request, "evidence")

    def submit(data, proof):
        if kept.errors:
            raise ValidationError({"evidence": kept.errors})
        return corrections.submit(
            unit=data["unit"],
            data={k: v for k, v in data.items() if k in CORRECTION_FIELDS},
            submission_key=data.get("submission_key") or None,
            proof=proof,
            ip=ip_from_request(request),
            evidence=kept.files,
        )

    unit = request.GET.get("unit", "")
    initial = {"unit": int(unit)} if unit.isdigit() and len(unit) < 10 else {}
    handled = public_forms.handle(
        request,
        CorrectionRequestForm,
        scope=corrections.CHALLENGE_SCOPE,
        submit=submit,
        form_kwargs={"initial": initial, "units": site_of_request(request).units().ordered()},
    )
    if handled.result is not None:
        case, secret, created = handled.result
        return render(
            request,
            "foi/corrections/receipt.html",
            {"case": case, "secret": secret, "created": created, "crumbs": _crumbs(_("提交成功"))},
        )
    kept.show_errors(handled.form, "evidence")
    context = {
        "form": handled.form,
        "challenge": handled.challenge,
        "kept": kept,
        "crumbs": _crumbs(_("提出更正申请")),
    }
    return handled.render(request, "foi/corrections/new.html", context)


@never_cache
def track(request):
    """Following a case with its code and secret: state, due date, outcome and the notice; the masked name."""
    form = TrackForm(request.POST or None)
    case = None
    status, headers = 200, {}
    if request.method == "POST" and form.is_valid():
        try:
            case = corrections.find_for_applicant(
                form.cleaned_data["tracking_code"], form.cleaned_data["secret"], ip=ip_from_request(request)
            )
        except RateLimited as exc:
            form.add_error(None, exc.messages)
            status, headers = 429, retry_after_header(exc)
        else:
            if case is None:
                form.add_error(None, _("查询码或查询密码不正确。"))
    context = {"form": form, "crumbs": _crumbs(_("更正申请查询"))}
    if case is not None:
        context |= {
            "case": case,
            "masked_name": masking.name(case.applicant_name),
            "notice_links": (
                [
                    ("DOCX", corrections.notice_link(case, "docx")),
                    ("PDF", corrections.notice_link(case, "pdf")),
                    (_("大字版PDF"), corrections.notice_link(case, "large-pdf")),
                ]
                if case.decided_on
                else []
            ),
            "links_expire": documents.expires_at(),
        }
    return public_forms.render_with(
        request, "foi/corrections/track.html", context, status=status, headers=headers
    )


@never_cache
def notice(request, token: str, fmt: str):
    """The notice by the tracking page's signed link; 404 when forged, expired or not yet decided."""
    case = corrections.open_notice_link(token)
    if case is None:
        return render(request, "foi/link_expired.html", {"crumbs": _crumbs(_("文件下载"))}, status=404)
    try:
        return corrections.notice_response(case, fmt)
    except notices.NoticeUnavailable:
        return render(request, "foi/link_expired.html", {"crumbs": _crumbs(_("文件下载"))}, status=404)
