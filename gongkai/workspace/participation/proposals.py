"""Workspace pages: 建议提案办理. The lead unit's suggestions and proposals with their deadlines and the reply
form (with the reply's category); the openness office's assignment, the satisfaction the deputy or member
returned, the second handling of an unsatisfied reply, and the statistics by unit (with a CSV download), all
through :mod:`gongkai.participation.proposals`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.core import tables
from gongkai.core.access import can, units_for
from gongkai.core.roles import Capability
from gongkai.participation import access, proposals
from gongkai.participation.models import Proposal

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page

PAGE_SIZE = 30
SECTION = "participation-proposals"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # the value a date field accepts


class ProposalFilter(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("年度"), coerce=int, required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("状态"), required=False,
        choices=[("", gettext_lazy("全部")), ("waiting", gettext_lazy("待答复")),
                 ("overdue", gettext_lazy("逾期未答复")), ("replied", gettext_lazy("已答复"))],
    )  # fmt: skip
    category = forms.ChoiceField(
        label=gettext_lazy("答复类别"),
        required=False,
        choices=[("", gettext_lazy("全部")), *Proposal.Category.choices],
    )
    q = forms.CharField(label=gettext_lazy("标题、编号或提出人"), required=False, max_length=100)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", gettext_lazy("全部"))] + [(y, str(y)) for y in years]


class AssignForm(forms.ModelForm):
    """The office assigns a suggestion or proposal (the deadline, left empty, is three months on)."""

    class Meta:
        model = Proposal
        fields = [
            "kind",
            "year",
            "number",
            "title",
            "authors",
            "lead_unit",
            "co_units",
            "assigned_on",
            "deadline",
        ]
        widgets = {"assigned_on": DATE, "deadline": DATE, "co_units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        reach = units_for(user).order_by("name")
        self.fields["lead_unit"].queryset = reach
        self.fields["co_units"].queryset = reach
        self.fields["deadline"].required = False
        self.fields["deadline"].help_text = _("留空则为交办之日起三个月（代表建议、政协提案办理办法）。")
        self.fields["year"].initial = timezone.localdate().year
        self.fields["assigned_on"].initial = timezone.localdate()


class ReplyForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("答复类别"), choices=[("", gettext_lazy("请选择")), *Proposal.Category.choices],
        error_messages={"required": gettext_lazy("请选择答复类别。")},
        help_text=gettext_lazy("C类答复须在答复全文中说明暂不能解决的原因。"),
    )  # fmt: skip
    reply = forms.CharField(
        label=gettext_lazy("答复全文"), widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": gettext_lazy("请填写答复全文。")},
    )  # fmt: skip
    replied_on = forms.DateField(
        label=gettext_lazy("答复日期"),
        widget=DATE,
        error_messages={"required": gettext_lazy("请填写答复日期。")},
    )
    reply_public = forms.BooleanField(
        label=gettext_lazy("公开答复全文"), required=False, initial=True,
        help_text=gettext_lazy("涉及公共利益的答复全文公开；不公开的须说明理由，理由将公开。"),
    )  # fmt: skip
    not_public_reason = forms.CharField(label=gettext_lazy("不公开理由"), required=False, max_length=300)


class SatisfactionForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=gettext_lazy("代表委员满意度"), choices=Proposal.Satisfaction.choices, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择满意、基本满意或不满意。")},
    )  # fmt: skip
    satisfaction_on = forms.DateField(
        label=gettext_lazy("意见反馈日期"), widget=DATE, help_text=gettext_lazy("收回征询意见表的日期。"),
        error_messages={"required": gettext_lazy("请填写意见反馈日期。")},
    )  # fmt: skip


def _statistics_year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@staff_view
def index(request):
    """The proposals of the user's units, soonest deadline first among the unreplied."""
    user, today = request.user, timezone.localdate()
    found = access.proposals_for(user).select_related("lead_unit")
    years = sorted(set(found.values_list("year", flat=True)), reverse=True)
    filters = ProposalFilter(request.GET or None, years=years)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["year"]:
            found = found.filter(year=data["year"])
        if data["status"] == "waiting":
            found = found.filter(status=Proposal.Status.ASSIGNED)
        elif data["status"] == "overdue":
            found = found.filter(status=Proposal.Status.ASSIGNED, deadline__lt=today)
        elif data["status"] == "replied":
            found = found.filter(status=Proposal.Status.REPLIED)
        if data["category"]:
            found = found.filter(category=data["category"])
        if data["q"]:
            q = data["q"]
            found = found.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(authors__icontains=q))
    listed = Paginator(found.order_by("status", "deadline", "-year", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [{"p": p, "left": (p.deadline - today).days} for p in listed]
    return page(
        request,
        "workspace/participation/proposals.html",
        {
            "title": _("建议提案办理"), "filters": filters, "found": listed, "rows": rows,
            "may_assign": access.may_assign_proposals(user), "urgent_days": proposals.URGENT_DAYS,
        },
        section=SECTION,
    )  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def assign(request):
    """The office assigns a new suggestion or proposal to its lead unit."""
    if not access.may_assign_proposals(request.user):
        raise PermissionDenied
    form = AssignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        try:
            saved = proposals.save_proposal(
                actor=request.user, proposal=proposal, co_units=form.cleaned_data["co_units"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("已交办，办理期限为%(d)s。") % {"d": f"{saved.deadline:%Y年%m月%d日}"}
            )
            return redirect("workspace:participation-proposal", saved.pk)
    return page(
        request,
        "workspace/participation/proposal_assign.html",
        {"title": _("交办建议提案"), "form": form},
        section=SECTION,
    )


@staff_view
@require_http_methods(["GET", "POST"])
def detail(request, pk: int):
    """One suggestion or proposal: the reply with its category (the lead unit), the satisfaction returned and
    a second handling of an unsatisfied reply (the office)."""
    user, today = request.user, timezone.localdate()
    proposal = access.get_proposal_for_user(user, pk, write=False)
    may_reply = access.may_write(user, proposal)
    may_supervise = can(user, Capability.SUPERVISE, proposal.lead_unit)
    action = request.POST.get("action") if request.method == "POST" else None
    refused = (action == "reply" and not may_reply) or (
        action in ("satisfaction", "reopen") and not may_supervise
    )
    if refused:
        raise PermissionDenied
    reply_form = ReplyForm(
        request.POST if action == "reply" else None,
        initial={"category": proposal.category, "reply": proposal.reply, "replied_on": proposal.replied_on or today,
                 "reply_public": proposal.reply_public, "not_public_reason": proposal.not_public_reason},
    )  # fmt: skip
    satisfaction_form = SatisfactionForm(
        request.POST if action == "satisfaction" else None,
        initial={"satisfaction": proposal.satisfaction, "satisfaction_on": proposal.satisfaction_on or today},
    )
    if action == "reply" and reply_form.is_valid():
        data = reply_form.cleaned_data
        try:
            proposals.reply_proposal(
                actor=user, proposal=proposal, text=data["reply"], replied_on=data["replied_on"],
                category=data["category"], public=data["reply_public"], not_public_reason=data["not_public_reason"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(reply_form, error)
        else:
            messages.success(request, _("答复已保存并公开。") if data["reply_public"] else _("答复已保存。"))
            return redirect(request.path)
    if action == "satisfaction" and satisfaction_form.is_valid():
        data = satisfaction_form.cleaned_data
        try:
            proposals.record_satisfaction(
                actor=user, proposal=proposal, satisfaction=data["satisfaction"],
                returned_on=data["satisfaction_on"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(satisfaction_form, error)
        else:
            messages.success(request, _("已登记代表委员的满意度。"))
            return redirect(request.path)
    if action == "reopen":
        try:
            reopened = proposals.reopen(actor=user, proposal=proposal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("已退回重新办理，新的办理期限为%(d)s。") % {"d": f"{reopened.deadline:%Y年%m月%d日}"},
            )
        return redirect(request.path)
    return page(
        request,
        "workspace/participation/proposal.html",
        {
            "title": f"{proposal.get_kind_display()}{proposal.number}", "proposal": proposal,
            "left": (proposal.deadline - today).days, "reply_form": reply_form,
            "satisfaction_form": satisfaction_form, "may_reply": may_reply, "may_supervise": may_supervise,
            "co_units": list(proposal.co_units.all()),
        },
        section=SECTION,
    )  # fmt: skip


STATS_COLUMNS = [
    ("npc", gettext_lazy("人大代表建议")), ("cppcc", gettext_lazy("政协提案")), ("replied", gettext_lazy("已答复")),
    ("on_time", gettext_lazy("按期答复")), ("late", gettext_lazy("逾期答复")), ("overdue", gettext_lazy("逾期未答复")),
    ("A", gettext_lazy("A类")), ("B", gettext_lazy("B类")), ("C", gettext_lazy("C类")),
    ("satisfied", gettext_lazy("满意")), ("basically", gettext_lazy("基本满意")),
    ("dissatisfied", gettext_lazy("不满意")),
]  # fmt: skip


@staff_view
def statistics(request):
    """The year's counts by lead unit (the units the user reaches), and the annual report's sentence."""
    year = _statistics_year(request)
    units = units_for(request.user).order_by("name")
    rows = proposals.proposal_statistics(units, year)
    total = proposals.totals(rows)
    fmt = request.GET.get("format")
    if fmt:
        header = [_("单位"), *[str(label) for _key, label in STATS_COLUMNS], _("满意率（%）")]
        body = [[r["unit"].name, *[r[k] for k, _label in STATS_COLUMNS], r["rate"] or ""] for r in rows]
        body.append([_("合计"), *[total[k] for k, _label in STATS_COLUMNS], total["rate"] or ""])
        return tables.download(header, body, fmt=fmt, filename=f"proposals-{year}", sheet=str(year))
    first = access.proposals_for(request.user).order_by("year").values_list("year", flat=True).first()
    years = list(range(timezone.localdate().year, (first or timezone.localdate().year) - 1, -1))
    return page(
        request,
        "workspace/participation/proposal_statistics.html",
        {
            "title": _("%(y)d年建议提案办理统计") % {"y": year}, "year": year, "years": years, "rows": rows,
            "total": total, "columns": STATS_COLUMNS, "text": proposals.report_text(total),
        },
        section=SECTION,
    )  # fmt: skip
