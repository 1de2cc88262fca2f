"""Workspace pages: import a Word document (.docx) as a new draft.

The page only parses the form: the file is checked, read and turned into a draft by
``publishing.services.import_docx``; units and columns come from what the user reaches. After the import
the editor lands on the draft with a note of what was read (发文机关、文号、标题、主送机关、成文日期、附件)
and one warning per thing to check.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.access import units_for
from gongkai.core.forms import add_errors
from gongkai.publishing import access, services
from gongkai.publishing.models import PublishingConfig

from ..auth import staff_view
from ..views import page

DOCX_TYPES = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocxImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Word 文档"),
        widget=forms.FileInput(attrs={"accept": DOCX_TYPES}),
        error_messages={
            "required": gettext_lazy("请选择要导入的 Word 文档。"),
            "empty": gettext_lazy("所选文件是空的，请重新选择。"),
            "invalid": gettext_lazy("没有收到文件，请重新选择。"),
            "missing": gettext_lazy("没有收到文件，请重新选择。"),
        },
    )
    unit = forms.TypedChoiceField(
        label=gettext_lazy("发布机构"),
        coerce=int,
        error_messages={
            "required": gettext_lazy("请选择发布机构。"),
            "invalid_choice": gettext_lazy("请从列表中选择发布机构。"),
        },
    )
    column = forms.TypedChoiceField(
        label=gettext_lazy("所属栏目"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("可不选，导入后在编辑页选择。"),
        error_messages={"invalid_choice": gettext_lazy("请从列表中选择栏目。")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        limit = PublishingConfig.current().max_attachment_mb
        self.fields["file"].help_text = _(
            "只能导入 .docx 格式（Word 或 WPS 保存的均可），不超过 %(mb)s MB；旧版 .doc 文件请先另存为 .docx。"
        ) % {"mb": limit}
        self.choosing_unit = access.may_choose_unit(user)
        if self.choosing_unit:
            self.units = list(units_for(user).order_by("pk"))
            self.fields["unit"].choices = [("", _("请选择")), *((u.pk, u.name) for u in self.units)]
        else:
            self.units = [user.unit] if user.unit_id else []
            del self.fields["unit"]  # one's own unit, shown as text
        columns = (
            access.columns_for(user)
            .filter(is_active=True, unit__in=[u.pk for u in self.units])
            .select_related("unit", "parent")
            .order_by("unit_id", "sort_order", "pk")
        )
        self.columns = {c.pk: c for c in columns}
        groups: dict[str, list] = {}
        for column in self.columns.values():
            label = f"{column.parent.name} / {column.name}" if column.parent_id else column.name
            groups.setdefault(column.unit.name, []).append((column.pk, label))
        choices = list(groups.items()) if self.choosing_unit else next(iter(groups.values()), [])
        self.fields["column"].choices = [("", _("暂不选择")), *choices]

    @property
    def own_unit(self):
        return None if self.choosing_unit else next(iter(self.units), None)

    def clean(self):
        data = super().clean()
        unit_id = data.get("unit") if self.choosing_unit else (self.own_unit.pk if self.own_unit else None)
        unit = next((u for u in self.units if u.pk == unit_id), None)
        if unit is None:
            if not self.has_error("unit"):
                self.add_error("unit" if self.choosing_unit else None, _("您没有可以发布信息的单位。"))
            return data
        data["unit"] = unit
        column = self.columns.get(data.get("column")) if data.get("column") else None
        if column is not None and column.unit_id != unit.pk:
            self.add_error("column", _("所选栏目不属于所选发布机构，请重新选择。"))
        data["column"] = column
        return data


def _what_was_read(imported: services.ImportedDocument) -> str:
    item, read = imported.item, imported.read
    missing = _("未识别")
    names = "、".join(f"{n}.{name}" for n, name in enumerate(read.attachment_names, start=1))
    parts = [
        (_("发文机关"), read.issuer or missing),
        (_("文号"), item.doc_number or missing),
        (_("标题"), item.title),
        (_("主送机关"), read.addressee.rstrip("：") or missing),
        (_("成文日期"), f"{item.written_on.year}年{item.written_on.month}月{item.written_on.day}日"
         if item.written_on else missing),
        (_("附件"), names or _("无")),
    ]  # fmt: skip
    return _("已导入为草稿，请核对识别结果：%(parts)s。") % {
        "parts": "；".join(f"{label}：{value}" for label, value in parts)
    }


@staff_view
def import_docx(request):
    user = request.user
    if not access.may_write_items(user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = DocxImportForm(request.POST if posted else None, request.FILES if posted else None, user=user)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        columns = [form.cleaned_data["column"]] if form.cleaned_data["column"] else []
        try:
            imported = services.import_docx(
                actor=user,
                unit=form.cleaned_data["unit"],
                columns=columns,
                data=services.read_upload(upload),
                name=upload.name or "",
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _what_was_read(imported))
            for warning in imported.warnings:
                messages.warning(request, warning)
            return redirect("workspace:item-edit", imported.item.pk)
    return page(
        request,
        "workspace/items/import.html",
        {"form": form, "title": _("导入 Word 文档")},
        section="items",
    )
