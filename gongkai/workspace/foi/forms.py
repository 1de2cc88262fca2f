"""The forms of the 依申请公开 pages: the list's filters and one form per step of the procedure, each with
only that step's fields and the statutory hint. The forms check the shape of what was typed; the rules
(补正 once within 7 working days, one extension of at most 20) are checked by ``foi/transitions.py``."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core import calendar as cal
from gongkai.core.models import Organization
from gongkai.foi import clock, fees, rules
from gongkai.foi.forms import UnitChoiceField
from gongkai.foi.models import FINISHED_STATUSES, DocumentKind, EventKind, Outcome, Status
from gongkai.foi.redaction import KIND_LABELS
from gongkai.foi.transitions import CLOSING_OUTCOMES

PARTY_KIND_CHOICES = [
    (clock.THIRD_PARTY, _("第三方（条例第三十二条）")),
    (clock.ORGAN, _("其他机关（条例第三十四条）")),
]
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATE_ERRORS = {"required": _("请填写日期。"), "invalid": _("请按“年-月-日”填写日期，如2026-03-05。")}


def _date(label, *, required=True, help_text="", errors=None):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, **(errors or {})},
    )


def _text(label, *, required=False, help_text="", rows=0, max_length=None, error=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={
            "required": error or _("此项为必填项。"),
            "max_length": _("最多%(limit_value)d个字。"),
        },
    )


# The list's filters --------------------------------------------------------------------------------------

DUE_CHOICES = [("", _("全部")), ("soon", _("5个工作日内到期")), ("overdue", _("已逾期"))]


class FilterForm(forms.Form):
    q = forms.CharField(
        label=_("申请编号或所需信息"),
        required=False,
        max_length=100,
        help_text=_("按查询码或所需信息的文字查找。"),
    )
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *Status.choices])
    due = forms.ChoiceField(label=_("答复期限"), required=False, choices=DUE_CHOICES)
    unit = UnitChoiceField(
        label=_("办理单位"), required=False, queryset=Organization.objects.none(), empty_label=_("全部")
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Organization.objects.none()
        self.fields["unit"].error_messages["invalid_choice"] = _("请选择列表中的单位。")
        self.fields["status"].error_messages["invalid_choice"] = _("请选择列表中的状态。")
        self.fields["due"].error_messages["invalid_choice"] = _("请选择列表中的期限。")

    def apply(self, queryset, today: dt.date):
        """The applications the filters ask for (an invalid filter is left out, never a 500)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            text = data["q"].strip()
            queryset = queryset.filter(Q(tracking_code__icontains=text) | Q(description__icontains=text))
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("unit"):
            queryset = queryset.filter(unit=data["unit"])
        if data.get("due") == "soon":
            horizon = cal.add_working_days(today, 5).due
            queryset = queryset.open().filter(due_on__gte=today, due_on__lte=horizon)
        elif data.get("due") == "overdue":
            queryset = queryset.open().filter(due_on__lt=today)
        # Open ones first by due date (those waiting for a correction, with none yet, after them on every
        # database), then the answered and closed, the latest first.
        finished = Q(status__in=FINISHED_STATUSES)
        return queryset.order_by(
            Case(When(finished, then=Value(1)), default=Value(0)),
            Case(When(finished, then=Value(None)), default=F("due_on")).asc(nulls_last=True),
            F("answered_on").desc(nulls_last=True),
            "-pk",
        )


# One form per step -------------------------------------------------------------------------------------


class StepForm(forms.Form):
    """A step: its date, its own fields, and what the law says about it (``hint``)."""

    kind: str = ""
    hint = ""
    button = _("记录")
    on_label = _("日期")

    on = _date(_("日期"))

    def __init__(self, *args, application=None, parties=(), **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.application = application
        self.label = EventKind(self.kind).label
        self.fields["on"].label = self.on_label
        # The date field first, then the step's own fields in the order they are declared.
        self.order_fields([name for name in self.fields if name != "on"] + ["on"])

    def event_data(self) -> dict:
        """What the service takes besides the date and the note."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("on", "note") and v not in (None, "")}


class CorrectionRequestForm(StepForm):
    kind = EventKind.CORRECTION_REQUESTED
    hint = _(
        "申请内容不明确的，应自收到申请之日起7个工作日内一次性告知申请人补正，说明需要补正的事项和合理的补正期限"
        "（条例第三十条）。只能要求一次。答复期限自收到补正后的申请之日起重新计算。"
    )
    button = _("发出补正告知")
    on_label = _("告知日期")
    note = _text(
        _("需要补正的内容"), required=True, rows=3, error=_("请写明需要申请人补正的内容。"),
        help_text=_("一次写明全部需要补正的事项，如所需信息的名称、文号、年度。"),
    )  # fmt: skip
    deadline = _date(
        _("补正期限"),
        required=False,
        help_text=_("不填写时为告知之日起%(n)s个工作日。") % {"n": rules.T_CORRECTION_DEFAULT},
    )


class CorrectionReceivedForm(StepForm):
    kind = EventKind.CORRECTION_RECEIVED
    hint = _("收到补正后的申请之日起重新计算20个工作日的答复期限（条例第三十条、第三十三条）。")
    on_label = _("收到补正日期")
    note = _text(_("补正的内容"), rows=3, help_text=_("申请人补正了什么，如写明了文号和年度。"))


class ConsultationForm(StepForm):
    kind = EventKind.CONSULTATION_STARTED
    hint = _(
        "公开可能损害第三方合法权益的，应书面征求第三方意见（条例第三十二条）；涉及其他机关的，与其协商确认"
        "（条例第三十四条）。对方应自收到征求意见书之日起15个工作日内提出意见；征求意见期间不计入答复期限"
        "（条例第三十三条第三款）。"
    )
    button = _("登记征求意见")
    on_label = _("发出征求意见书日期")
    party_kind = forms.ChoiceField(
        label=_("被征求意见的是"),
        required=False,  # a third party unless it says otherwise
        choices=PARTY_KIND_CHOICES,
        initial=clock.THIRD_PARTY,
        help_text=_(
            "第三方应自收到征求意见书之日起15个工作日内提出意见（条例第三十二条）；其他机关的期限由政府信息"
            "公开工作主管部门设定（条例第三十四条）。期限届满未提出意见的，自次日起恢复计算答复期限。"
        ),
        error_messages={"required": _("请选择征求第三方意见还是征求其他机关意见。")},
    )
    party = _text(
        _("被征求意见方"), required=True, max_length=100, error=_("请填写被征求意见的第三方或机关。")
    )
    party_received_on = _date(
        _("对方收到征求意见书日期"),
        required=False,
        help_text=_("对方提出意见的期限自其收到征求意见书之日起算；未填写的，自发出之日起算。"),
    )
    note = _text(_("征求意见的事项"), rows=2)


class OpinionForm(StepForm):
    kind = EventKind.CONSULTATION_ENDED
    hint = _(
        "第三方逾期未提出意见的，由本机关依照条例决定是否公开；第三方不同意公开且有合理理由的，不予公开，"
        "但本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开（条例第三十二条）。"
    )
    on_label = _("收到意见日期")
    party = forms.ChoiceField(
        label=_("提出意见的一方"), error_messages={"required": _("请选择提出意见的一方。")}
    )
    note = _text(
        _("意见内容"), rows=3, help_text=_("对方同意或不同意公开，及其理由；逾期未提出意见的也在此写明。")
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [("", _("请选择")), *[(p, p) for p in parties]]
        self.fields["party"].error_messages["invalid_choice"] = _("请选择正在征求意见的一方。")


class ExtensionForm(StepForm):
    kind = EventKind.EXTENDED
    hint = _(
        "需要延长答复期限的，应经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日"
        "（条例第三十三条第二款）。只能延长一次，且应在答复期限届满前决定。"
    )
    button = _("延长答复期限")
    on_label = _("决定日期")
    days = forms.IntegerField(
        label=_("延长工作日数"),
        min_value=1,
        max_value=rules.T_EXTENSION_MAX,
        help_text=_("1至20个工作日。"),
        error_messages={
            "required": _("请填写延长的工作日数。"),
            "invalid": _("请填写整数。"),
            "min_value": _("延长期限应为1至20个工作日。"),
            "max_value": _("延长期限应为1至20个工作日，最长不得超过20个工作日。"),
        },
    )
    approver = _text(
        _("批准人"), required=True, max_length=50, error=_("请填写同意延期的政府信息公开工作机构负责人。"),
        help_text=_("政府信息公开工作机构负责人。"),
    )  # fmt: skip
    reason = _text(_("延期理由"), required=True, rows=2, error=_("请写明延长答复期限的理由。"))


class FeeNoticeForm(StepForm):
    kind = EventKind.FEE_NOTICE_SENT
    hint = _(
        "申请公开政府信息的数量、频次明显超过合理范围的，可以收取信息处理费（条例第四十二条）；按件或按量"
        "选择一种方式计收。申请人应自收到通知之日起20个工作日内缴纳，期间不计入答复期限。"
    )
    button = _("发出收费通知")
    on_label = _("通知日期")
    basis = forms.ChoiceField(
        label=_("计费方式"),
        choices=[("", _("请选择")), (fees.PER_PIECE, _("按件计收")), (fees.PER_PAGE, _("按量计收"))],
        error_messages={"required": _("请选择计费方式。"), "invalid_choice": _("请选择计费方式。")},
    )
    quantity = forms.IntegerField(
        label=_("页数"),
        required=False,
        min_value=1,
        help_text=_("按量计收时填写；按件计收时按申请人当月申请的件数自动计算。"),
        error_messages={"invalid": _("请填写整数。"), "min_value": _("页数至少为1。")},
    )
    received_on = _date(_("申请人收到通知日期"), required=False, help_text=_("不填写时按通知日期计算。"))
    note = _text(_("说明"), rows=2)


class FeePaidForm(StepForm):
    kind = EventKind.FEE_PAID
    hint = _("缴费之日起恢复计算答复期限。")
    on_label = _("缴费日期")
    note = _text(_("说明"), rows=2)


class TransferForm(StepForm):
    kind = EventKind.TRANSFERRED
    hint = _("不属于本机关负责公开的，转由负责的机关办理，并告知申请人（条例第三十六条第（五）项）。")
    button = _("转办")
    on_label = _("转办日期")
    to_unit = UnitChoiceField(
        label=_("转至单位"),
        queryset=Organization.objects.active(),
        error_messages={"required": _("请选择转至单位。"), "invalid_choice": _("请选择列表中的单位。")},
    )
    note = _text(_("转办理由"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application is not None:
            self.fields["to_unit"].queryset = Organization.objects.active().exclude(
                pk=self.application.unit_id
            )


class DelayForm(StepForm):
    kind = EventKind.DELAYED_EXCESSIVE
    hint = _(
        "申请人申请公开政府信息的数量、频次明显超过合理范围，本机关可以要求说明理由；理由合理但无法在规定期限内"
        "答复的，可以确定延迟答复的合理期限并告知申请人（条例第三十五条）。"
    )
    on_label = _("决定日期")
    new_due = _date(_("确定的答复期限"), errors={"required": _("请填写确定的答复期限。")})
    reason = _text(_("理由"), required=True, rows=2, error=_("请写明延迟答复的理由。"))


ANSWER_OUTCOMES = [(code, label) for code, label in Outcome.choices if code not in CLOSING_OUTCOMES]


class AnswerForm(StepForm):
    kind = EventKind.ANSWERED
    hint = _(
        "根据不同情况分别作出答复（条例第三十六条）：予以公开的提供信息或告知获取的方式、途径和时间；部分公开的"
        "应作区分处理并说明不予公开部分的理由（第三十七条）；不予公开的告知并说明理由；无法提供、不予处理的"
        "说明理由。答复应写明救济途径。"
    )
    button = _("作出答复")
    on_label = _("答复日期")
    outcome = forms.ChoiceField(
        label=_("办理结果"),
        choices=[("", _("请选择")), *ANSWER_OUTCOMES],
        error_messages={"required": _("请选择办理结果。"), "invalid_choice": _("请选择办理结果。")},
    )
    legal_basis = _text(
        _("法律依据"), max_length=300,
        help_text=_("不填写时按所选结果的通常依据，如予以公开为条例第三十六条第（二）项。"),
    )  # fmt: skip
    reply_text = _text(_("答复内容"), required=True, rows=5, error=_("请填写答复内容。"))
    withheld_note = _text(
        _("不予公开部分及理由"), rows=3,
        help_text=_("部分公开时必填：写明不予公开的部分和理由（条例第三十七条）。"),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.PARTIAL and not (data.get("withheld_note") or "").strip():
            self.add_error("withheld_note", _("部分公开的，应写明不予公开的部分及理由（条例第三十七条）。"))
        return data


class DeliveredForm(StepForm):
    kind = EventKind.DELIVERED
    hint = _("答复书送达申请人后登记送达，申请随之办结。")
    on_label = _("送达日期")
    method = _text(_("送达方式"), required=True, max_length=50, error=_("请填写送达方式，如电子邮件、邮寄。"))
    proof = _text(_("送达凭证"), max_length=100, help_text=_("如邮件回执、挂号信单号。"))


class CloseForm(StepForm):
    kind = EventKind.CLOSED
    hint = _(
        "未作出答复而办结的，应选择“其他处理”中的一项：申请人无正当理由逾期不补正的（条例第三十条），"
        "或逾期未缴纳信息处理费的，本机关不再处理。"
    )
    button = _("办结")
    on_label = _("办结日期")
    outcome = forms.ChoiceField(
        label=_("办理结果"),
        required=False,
        choices=[
            ("", _("请选择")),
            *[(code, label) for code, label in Outcome.choices if code in CLOSING_OUTCOMES],
        ],
        error_messages={"invalid_choice": _("请选择办理结果。")},
    )
    note = _text(_("说明"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application is not None and self.application.status == Status.ANSWERED:
            del self.fields["outcome"]  # answered: the reply already gave the outcome
            self.hint = _("已作出答复的申请，归档办结。")
        else:
            self.fields["outcome"].required = True
            self.fields["outcome"].error_messages["required"] = _("请选择办理结果。")


class HelpGivenForm(StepForm):
    kind = EventKind.HELP_GIVEN
    hint = _(
        "申请人有阅读、视力、听力或书写困难的，应当为其提供必要的帮助（条例第四十三条）。申请人查询时只看到"
        "“为申请人提供帮助”，看不到具体内容。"
    )
    button = _("记录提供的帮助")
    on_label = _("提供帮助日期")
    note = _text(
        _("提供了什么帮助"),
        required=True,
        rows=2,
        max_length=1000,
        help_text=_("例如：电话读给申请人听；提供大字版告知书；约请手语翻译到场。"),
        error=_("请写明为申请人提供了什么帮助，例如电话读给申请人听、提供大字版告知书。"),
    )


class NoteForm(StepForm):
    kind = EventKind.NOTE
    hint = _("办理过程中的其他情况，只在工作台显示，不向申请人公开。")
    on_label = _("日期")
    note = _text(_("办理记录"), required=True, rows=3, error=_("请填写办理记录。"))


STEP_FORMS: dict[str, type[StepForm]] = {
    form.kind: form
    for form in (
        CorrectionRequestForm,
        CorrectionReceivedForm,
        ConsultationForm,
        OpinionForm,
        ExtensionForm,
        FeeNoticeForm,
        FeePaidForm,
        TransferForm,
        DelayForm,
        AnswerForm,
        DeliveredForm,
        CloseForm,
        HelpGivenForm,
        NoteForm,
    )
}


class StepChoiceForm(forms.Form):
    """The step menu: nothing chosen until the handler chooses (it never defaults to 要求补正)."""

    step = forms.ChoiceField(label=_("办理事项"), required=False)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", _("请选择办理事项")), *[(o.kind, o.label) for o in options]]


class DocumentForm(forms.Form):
    """A file staff attach to an application (the service checks the file and the status)."""

    kind = forms.ChoiceField(
        label=_("文件类别"),
        choices=[
            (DocumentKind.RELEASED, _("公开的政府信息（随答复提供给申请人）")),
            (DocumentKind.NOTICE, _("告知书（已盖章的扫描件）")),
            (DocumentKind.APPLICANT, _("申请人材料（纸质材料的扫描件）")),
        ],
    )
    file = forms.FileField(
        label=_("文件"),
        help_text=_("PDF、图片、Word、Excel或OFD文件，不超过20MB。"),
        error_messages={"required": _("请选择文件。"), "empty": _("文件是空的。")},
    )


BASIS_CHOICES = [
    ("条例第十五条", _("条例第十五条（商业秘密、个人隐私）")),
    ("条例第十四条", _("条例第十四条（国家秘密、法律法规禁止公开等）")),
    ("条例第十六条第一款", _("条例第十六条第一款（内部事务信息）")),
    ("条例第十六条第二款", _("条例第十六条第二款（过程性信息、行政执法案卷）")),
]
AREA_LINE = re.compile(
    r"^\s*(\d+)\s*[,，]\s*([\d.]+)\s*[,，]\s*([\d.]+)\s*[,，]\s*([\d.]+)\s*[,，]\s*([\d.]+)\s*$"
)


class RedactForm(forms.Form):
    """Marks for one application of redaction, all on one basis: the masking rules' proposals ticked, other
    words to find, and areas (drawn on the page pictures, or typed as 页码,左,上,右,下)."""

    basis = forms.ChoiceField(label=_("不予公开的依据"), choices=BASIS_CHOICES)
    proposed = forms.MultipleChoiceField(
        label=_("建议遮盖（由个人信息识别规则找到，请逐项确认）"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("请从建议中选择。")},
    )
    terms = forms.CharField(
        label=_("其他要遮盖的文字"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一处，文件中每一次出现都会遮盖。"),
    )
    areas = forms.CharField(
        label=_("要遮盖的区域"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "在下方页面上按住拖动即可标出；也可每行填写“页码,左,上,右,下”（PDF以点为单位，图片以像素为单位，自左上角起）。"
        ),
    )

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed"].choices = [
            (p.text, f"{KIND_LABELS.get(p.kind, p.kind)}：{p.shown}（第{'、'.join(map(str, p.pages))}页）")
            for p in proposals
        ]
        if not proposals:
            del self.fields["proposed"]

    def clean_areas(self) -> list[dict]:
        areas = []
        for n, line in enumerate((self.cleaned_data.get("areas") or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = AREA_LINE.match(line)
            if match is None:
                raise forms.ValidationError(
                    _("第%(n)s行应为“页码,左,上,右,下”，如“1,72,90,300,110”。") % {"n": n}
                )
            page, *box = match.groups()
            areas.append(dict(zip(("x0", "y0", "x1", "y1"), map(float, box), strict=True), page=int(page)))
        return areas

    def marks(self) -> tuple[list[dict], list[dict]]:
        """(areas, terms) with the basis, as ``documents.redact_document`` takes them."""
        basis = self.cleaned_data["basis"]
        words = [*self.cleaned_data.get("proposed", []), *(self.cleaned_data.get("terms") or "").splitlines()]
        terms = [{"text": w.strip(), "basis": basis} for w in dict.fromkeys(words) if w.strip()]
        return [{**area, "basis": basis} for area in self.cleaned_data["areas"]], terms


class PublicationForm(forms.Form):
    """Art. 44: the released information proposed as a draft item of the unit's catalog."""

    title = forms.CharField(
        label=_("公开信息的标题"),
        max_length=300,
        help_text=_("按主动公开信息的写法拟定，不要写申请人的姓名或申请编号。"),
        error_messages={"required": _("请填写公开信息的标题。")},
    )
    column = forms.ModelChoiceField(
        label=_("公开栏目"),
        queryset=None,
        required=False,
        empty_label=_("稍后在编辑页选择"),
        error_messages={"invalid_choice": _("只能选择本单位的栏目。")},
    )

    def __init__(self, *args, unit, **kwargs):
        from gongkai.publishing.models import Column

        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = Column.objects.filter(unit=unit, is_active=True).order_by(
            "sort_order", "pk"
        )


class LedgerForm(forms.Form):
    """The ledger's filters; an invalid one is left out (never a 500)."""

    year = forms.TypedChoiceField(label=_("收到申请年度"), required=False, coerce=int, empty_value=None)
    outcome = forms.ChoiceField(
        label=_("办理结果"), required=False, choices=[("", _("全部")), *Outcome.choices]
    )
    applicant_type = forms.ChoiceField(label=_("申请人类型"), required=False)
    overdue = forms.BooleanField(label=_("只看超期的"), required=False)

    def __init__(self, *args, **kwargs):
        from gongkai.foi import statistics
        from gongkai.foi.models import ApplicantType

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部")), *[(y, str(y)) for y in statistics.years()]]
        self.fields["applicant_type"].choices = [("", _("全部")), *ApplicantType.choices]

    def filters(self):
        from gongkai.foi.ledger import Filters

        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            year=data.get("year"),
            outcome=data.get("outcome") or "",
            applicant_type=data.get("applicant_type") or "",
            overdue=bool(data.get("overdue")),
        )
