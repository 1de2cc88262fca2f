"""Forms of the item pages: the list's filters and bulk actions, the editor with its grouped checkboxes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.access import units_for
from gongkai.publishing import access, services
from gongkai.publishing.models import Column, InformationItem, KeyArea, Status

# Fields only a published document has a use for: a new item starts valid (set_validity changes them later).
VALIDITY_FIELDS = ("validity", "validity_changed_on", "replaced_by", "validity_note")

HELP = {
    "title": gettext_lazy("按公文标题完整填写，如“临沂市发展和改革委员会关于……的通知”。"),
    "summary": gettext_lazy("一两句话说明这份信息的主要内容，显示在列表和搜索结果中。"),
    "doc_number": gettext_lazy("如“临发改〔2026〕12号”；没有文号的信息不填。六角括号会自动规范。"),
    "issuer": gettext_lazy("联合发文时填写全部发文机关，用顿号分隔；与发布机构相同时可不填。"),
    "written_on": gettext_lazy("公文落款的日期。"),
    "formed_on": gettext_lazy("自此日起20个工作日内应当公开（条例第二十六条）；不填则按成文日期计算。"),
    "keywords": gettext_lazy("多个关键词用空格或逗号分隔。"),
    "body": gettext_lazy("可从 Word 或 WPS 直接粘贴，保留标题、段落、列表和表格，去掉字体和颜色。"),
    "scheduled_at": gettext_lazy("审核通过后到此时间才发布；不填则审核通过后立即发布。"),
    "nondisclosure_reason": gettext_lazy("公开方式为“不予公开”时必填，写明理由及依据。"),
    "valid_until": gettext_lazy("有效期届满的次日起自动失效，原文显示失效标识。"),
    "columns": gettext_lazy("至少选择一个本单位的栏目。"),
    "key_areas": gettext_lazy("属于重点领域信息公开的，勾选对应领域。"),
}


def column_name(column: Column) -> str:
    return column.name  # the unit is known from the page (its __str__ would read the unit per column)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ItemForm(forms.ModelForm):
    """The editor. ``expected_version`` is the version the page was loaded from (the conflict check)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = InformationItem
        fields = [*services.ITEM_FIELDS, "columns", "key_areas"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18, "data-rich-editor": ""}),
            "written_on": DateInput,
            "formed_on": DateInput,
            "effective_on": DateInput,
            "valid_until": DateInput,
            "validity_changed_on": DateInput,
            "scheduled_at": DateTimeInput,
            "columns": forms.CheckboxSelectMultiple,
            "key_areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, unit, user, editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        for name, text in HELP.items():
            if name in self.fields:
                self.fields[name].help_text = text
        self.fields["columns"].queryset = (
            Column.objects.active().filter(unit=unit).order_by("sort_order", "pk")
        )
        self.fields["columns"].label_from_instance = column_name
        self.fields["key_areas"].queryset = KeyArea.objects.all()
        self.fields["scheduled_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        for name in ("topic", "genre"):
            self.fields[name].choices = [("", _("请选择")), *self.fields[name].choices[1:]]
        if self.instance.pk and not (self.is_bound and "validity" not in self.data):
            self.fields["expected_version"].initial = self.instance.version
            self.fields["replaced_by"].queryset = (
                InformationItem.objects.published().filter(unit=unit).exclude(pk=self.instance.pk)
            )
            self.fields["replaced_by"].empty_label = _("无")
        else:  # a new item, or a page opened as new whose draft was then created by autosave
            self.fields["expected_version"].initial = self.instance.version
            for name in VALIDITY_FIELDS:
                del self.fields[name]
        if not editable:
            for field in self.fields.values():
                field.disabled = True

    def item_changes(self) -> dict:
        """The item's own fields as the service takes them."""
        return {k: v for k, v in self.cleaned_data.items() if k in services.ITEM_FIELDS}

    def column_groups(self) -> list[tuple[str, list]]:
        """所属栏目 as (group, [checkbox]): the top-level columns, then each column's children under its name."""
        columns = {c.pk: c for c in self.fields["columns"].queryset}
        boxes = {int(str(box.data["value"])): box for box in self["columns"]}
        groups: dict[int | None, tuple[str, list]] = {}
        for pk, column in columns.items():
            parent = column.parent_id if column.parent_id in columns else None
            label = columns[parent].name if parent else _("一级栏目")
            groups.setdefault(parent, (label, []))[1].append(boxes[pk])
        return list(groups.values())

    def key_area_groups(self) -> list[tuple[str, list]]:
        areas = {a.pk: a for a in self.fields["key_areas"].queryset}
        groups: dict[str, list] = {}
        for box in self["key_areas"]:
            area = areas[int(str(box.data["value"]))]
            groups.setdefault(area.group or _("其他"), []).append(box)
        return list(groups.items())


class UnitChoiceForm(forms.Form):
    """An openness office files a new item under one of the units it reaches."""

    unit = forms.ModelChoiceField(queryset=None, label=gettext_lazy("发布机构"), empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user).order_by("path")


class AttachmentUploadForm(forms.Form):
    upload = forms.FileField(label=gettext_lazy("上传附件"), required=False)
    upload_name = forms.CharField(
        label=gettext_lazy("附件名称"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("不填则使用文件名；应与正文“附件：”说明中的名称一致。"),
    )


LATE = "1"


class FilterForm(forms.Form):
    """The list's filters, read from the query string (all optional; a bad value is ignored)."""

    q = forms.CharField(label=gettext_lazy("标题或文号"), required=False, max_length=100)
    status = forms.ChoiceField(label=gettext_lazy("状态"), required=False)
    unit = forms.ModelChoiceField(label=gettext_lazy("单位"), queryset=None, required=False)
    column = forms.ModelChoiceField(label=gettext_lazy("栏目"), queryset=None, required=False)
    late = forms.BooleanField(label=gettext_lazy("只看逾期未公开或逾期发布的"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部")), *Status.choices]
        units = units_for(user).order_by("path")
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("全部")
        self.fields["column"].empty_label = _("全部")
        self.show_unit = access.may_choose_unit(user)
        if not self.show_unit:
            del self.fields["unit"]
        self.fields["column"].queryset = Column.objects.none()
        column_unit = self._column_unit(user)
        if column_unit is None:  # an office sees the columns once it has chosen a unit
            del self.fields["column"]
        else:
            self.fields["column"].queryset = Column.objects.active().filter(unit=column_unit)
            self.fields["column"].label_from_instance = column_name

    def _column_unit(self, user):
        """Columns belong to one unit: offered for the user's own unit, or the unit chosen in the filter."""
        if not self.show_unit:
            return user.unit
        raw = self.data.get("unit")
        if raw and str(raw).isdigit():
            return self.fields["unit"].queryset.filter(pk=int(raw)).first()
        return None


class BulkForm(forms.Form):
    ACTIONS = {
        "publish_now": gettext_lazy("立即发布"),
        "withdraw": gettext_lazy("撤回发布"),
        "submit": gettext_lazy("送审"),
    }

    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    action = forms.ChoiceField(choices=list(ACTIONS.items()))
    reason = forms.CharField(label=gettext_lazy("撤回原因"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(v, v) for v in self.data.getlist("ids") if str(v).isdigit()]

    def clean(self):
        data = super().clean()
        if not data.get("ids"):
            raise forms.ValidationError(_("请先勾选要处理的信息。"))
        if data.get("action") == "withdraw" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("撤回时请写明原因，公众将看到信息已撤回。"))
        return data
