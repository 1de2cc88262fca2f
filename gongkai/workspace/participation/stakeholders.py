"""Workspace pages: 征询对象名录 (the directory of enterprises, chambers, industry associations and the lawyers'
association asked directly about drafts that concern enterprises) and a consultation's 定向征询 (inviting
entries, their personal links, e-mails and printable letters), all through
:mod:`gongkai.participation.invitations`."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.core import documents
from gongkai.core.access import can
from gongkai.core.forms import PlainChoicesForm
from gongkai.core.params import int_param
from gongkai.participation import access, invitations
from gongkai.participation.models import Stakeholder, State

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page

PAGE_SIZE = 30
SECTION = "participation-stakeholders"


class StakeholderFilter(PlainChoicesForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"),
        required=False,
        choices=[("", gettext_lazy("全部")), *Stakeholder.Kind.choices],
    )
    sector = forms.ChoiceField(label=gettext_lazy("行业"), required=False)
    q = forms.CharField(label=gettext_lazy("名称或信用代码"), required=False, max_length=100)
    inactive = forms.BooleanField(label=gettext_lazy("含已停用"), required=False)

    def __init__(self, *args, sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("全部"))] + [(s, s) for s in sectors]


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = ["name", "kind", "credit_code", "sector", "contact_name", "email", "phone", "address", "keeper",
                  "is_active"]  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keeper"].queryset = invitations.unit_choices(user)
        self.fields["keeper"].help_text = _(
            "本单位维护的征询对象仅本单位可见；上级单位维护的全市名录各部门均可使用。"
        )
        self.fields["credit_code"].help_text = _("18位，自动转为大写、去除空格。")
        self.fields["contact_name"].help_text = _("联系人、电话、邮箱、地址仅供工作联系，不会公开。")
        if not self.instance.pk and user.unit_id:
            self.fields["keeper"].initial = user.unit_id

    def validate_unique(self):
        pass  # the service says a taken credit code in Chinese, with the entry that has it


@staff_view
def index(request):
    user = request.user
    found = invitations.stakeholders_for(user)
    filters = StakeholderFilter(request.GET or None, sectors=invitations.sectors(found))
    shown = found.filter(is_active=True)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["inactive"]:
            shown = found
        if data["kind"]:
            shown = shown.filter(kind=data["kind"])
        if data["sector"]:
            shown = shown.filter(sector=data["sector"])
        if data["q"]:
            shown = shown.filter(Q(name__icontains=data["q"]) | Q(credit_code__icontains=data["q"]))
    listed = Paginator(shown.order_by("sector", "name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    consultations = [
        c for c in access.consultations_for(user).select_related("unit").filter(ends_at__gt=now).order_by("ends_at")
        if access.may_write(user, c)
    ]  # fmt: skip
    rows = [{"s": s, "may_edit": invitations.may_keep(user, s)} for s in listed]
    return page(
        request,
        "workspace/participation/stakeholders.html",
        {"title": _("征询对象名录"), "filters": filters, "found": listed, "rows": rows,
         "may_add": can(user, access.WRITE), "consultations": consultations},
        section=SECTION,
    )  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def edit(request, pk: int | None = None):
    user = request.user
    stakeholder = (
        invitations.get_stakeholder_for_user(user, pk, write=True)
        if pk
        else Stakeholder(keeper_id=user.unit_id)
    )
    if not pk and not can(user, access.WRITE):
        raise PermissionDenied
    form = StakeholderForm(request.POST or None, instance=stakeholder, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = invitations.save_stakeholder(actor=user, stakeholder=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存“%(name)s”。") % {"name": saved.name})
            return redirect("workspace:participation-stakeholders")
    title = _("修改征询对象") if pk else _("添加征询对象")
    return page(
        request, "workspace/participation/stakeholder.html", {"title": title, "form": form, "stakeholder": stakeholder},
        section=SECTION,
    )  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def consultation_invitations(request, pk: int):
    """A consultation's invitations; its reviewer invites entries by ticking them or a whole sector."""
    user = request.user
    consultation = access.get_consultation_for_user(user, pk)
    may_invite = (
        access.may_write(user, consultation)
        and consultation.is_published
        and consultation.state() in (State.UPCOMING, State.OPEN)
    )
    invited = list(invitations.invitations_for(consultation))
    taken = {i.stakeholder_id for i in invited}
    available = list(invitations.stakeholders_for(user).filter(is_active=True).exclude(pk__in=taken))
    by_sector: dict[str, list] = {}
    for s in sorted(available, key=lambda s: (s.sector, s.kind, s.name)):
        by_sector.setdefault(s.sector, []).append(s)
    errors = []
    if request.method == "POST":
        if not may_invite:
            raise PermissionDenied
        sector = request.POST.get("sector", "")
        if sector:
            chosen = [s for s in available if s.sector == sector]
        else:
            ids = {int_param(v) for v in request.POST.getlist("stakeholders")} - {None}
            chosen = [s for s in available if s.pk in ids]
        try:
            sent = invitations.invite(
                actor=user, consultation=consultation, stakeholders=chosen, request=request
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("已邀请%(n)d个征询对象，其中%(m)d个已发送电子邮件；其余请打印邀请函寄送。")
                % {"n": len(sent.created), "m": sent.emailed},
            )
            return redirect("workspace:participation-invitations", pk=consultation.pk)
    # The personal links and codes act as the invited entry: only those who may invite see them.
    may_write = access.may_write(user, consultation)
    rows = [
        {"i": i, "link": invitations.link(i, request=request), "code": invitations.short_code(i)}
        if may_write
        else {"i": i}
        for i in invited
    ]
    return page(
        request,
        "workspace/participation/invitations.html",
        {"title": _("定向征询：%(t)s") % {"t": consultation.title}, "consultation": consultation, "rows": rows,
         "by_sector": by_sector, "may_invite": may_invite, "may_write": may_write, "errors": errors,
         "is_enterprise": consultation.kinds.filter(code="enterprise").exists(),
         "counts": invitations.report_counts(consultation)},
        section=SECTION,
    )  # fmt: skip


@staff_view
def letter(request, pk: int, invitation_id: int):
    """The printable letter (staff only: it carries the personal link)."""
    consultation = access.get_consultation_for_user(request.user, pk, write=True)
    invitation = invitations.get_invitation_for_user(request.user, consultation, invitation_id)
    invitations.mark_letter_printed(actor=request.user, invitation=invitation)
    context = invitations.letter_context(invitation, request=request)
    back = reverse("workspace:participation-invitations", args=[consultation.pk])
    if request.GET.get("format") == "pdf":
        try:
            data = invitations.letter_pdf(invitation, request=request)
        except documents.DocumentUnavailable as exc:
            messages.error(request, str(exc))
            return redirect(back)
        response = HttpResponse(data, content_type="application/pdf")
        filename = quote(f"征求意见邀请函-{invitation.stakeholder.name}.pdf")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
        return response
    context["back_url"] = back
    context["pdf_url"] = f"{request.path}?format=pdf"
    return TemplateResponse(request, "participation/letter.html", context)


class ImportForm(PlainChoicesForm):
    file = forms.FileField(
        label=gettext_lazy("名录表格（CSV或XLSX）"),
        help_text=gettext_lazy(
            "表头：名称、类型（企业、商会、行业协会、律师协会）、统一社会信用代码、行业，可选：联系人、电子邮箱、联系电话、通信地址。"
        ),
        error_messages={"required": gettext_lazy("请选择要导入的表格。")},
    )
    keeper = forms.ModelChoiceField(label=gettext_lazy("维护单位"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keeper"].queryset = invitations.unit_choices(user)
        self.fields["keeper"].initial = user.unit_id


@staff_view
@require_http_methods(["GET", "POST"])
def import_table(request):
    """Add entries from a CSV or XLSX; each row saved or refused on its own, the refused listed with why."""
    user = request.user
    if not can(user, access.WRITE):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=user)
    refused = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added, refused = invitations.import_stakeholders(
                actor=user, keeper=form.cleaned_data["keeper"], name=upload.name, data=upload.read()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已导入%(n)d个征询对象。") % {"n": added})
            if not refused:
                return redirect("workspace:participation-stakeholders")
    return page(
        request,
        "workspace/participation/stakeholder_import.html",
        {"title": _("导入征询对象"), "form": form, "refused": refused},
        section=SECTION,
    )
