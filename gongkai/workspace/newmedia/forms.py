"""Forms of the 政务新媒体 workspace pages; every write goes through gongkai.newmedia.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import PlainChoicesForm
from gongkai.newmedia.models import Platform

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AccountForm(PlainChoicesForm):
    unit = UnitChoice(label=_("主办单位"), queryset=None, empty_label=None)
    platform = forms.ChoiceField(label=_("平台"), choices=Platform.choices)
    name = forms.CharField(label=_("账号名称"), max_length=100)
    account_id = forms.CharField(
        label=_("账号标识"), max_length=100, required=False, help_text=_("如微信号、微博号")
    )
    responsible_person = forms.CharField(
        label=_("负责人"), max_length=50, help_text=_("仅工作人员可见，不公开。")
    )
    responsible_phone = forms.CharField(
        label=_("联系电话"), max_length=30, help_text=_("仅工作人员可见，不公开。")
    )
    opened_on = forms.DateField(label=_("开设时间"), widget=DATE)
    homepage_url = forms.URLField(label=_("主页地址"), max_length=500, required=False, assume_scheme="https")
    feed_url = forms.URLField(
        label=_("订阅源地址"), max_length=500, required=False, assume_scheme="https",
        help_text=_("平台提供 RSS 订阅源时填写，每日自动读取更新。"),
    )  # fmt: skip
    followers = forms.IntegerField(label=_("关注量"), min_value=0, required=False)
    followers_on = forms.DateField(label=_("关注量统计日期"), required=False, widget=DATE)
    qr_code = forms.FileField(
        label=_("二维码图片"), required=False, help_text=_("PNG 或 JPEG，不超过512KB；不更换则留空。")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class UpdateForm(PlainChoicesForm):
    on = forms.DateField(label=_("更新日期"), widget=DATE)
    posts = forms.IntegerField(label=_("发布条数"), min_value=1, max_value=10_000, initial=1)
    title = forms.CharField(label=_("标题"), max_length=300, required=False)
    link = forms.URLField(label=_("链接"), max_length=500, required=False, assume_scheme="https")
    followers = forms.IntegerField(label=_("当日关注量"), min_value=0, required=False)


CLOSE_ACTIONS = [
    ("request_close", _("申请关停")),
    ("announce", _("发布关停公告")),
    ("suspend", _("关停")),
    ("cancel", _("注销")),
    ("withdraw", _("撤回关停")),
]


class CloseForm(PlainChoicesForm):
    action = forms.ChoiceField(label=_("步骤"), choices=CLOSE_ACTIONS)
    on = forms.DateField(label=_("日期"), required=False, widget=DATE)
    text = forms.CharField(
        label=_("原因或公告全文"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("申请关停时填写原因；发布关停公告时填写公告全文，公告将在政务新媒体页面公开。"),
    )  # fmt: skip


TABLES = [("accounts", _("账号清单")), ("updates", _("更新记录"))]


class ImportForm(PlainChoicesForm):
    table = forms.ChoiceField(label=_("表格"), choices=TABLES)
    unit = UnitChoice(
        label=_("主办单位"), queryset=None, empty_label=None,
        help_text=_("导入账号清单时，“主办单位”列为空的行归入此单位。"),
    )  # fmt: skip
    file = forms.FileField(label=_("表格文件"), help_text=_("CSV（UTF-8 或 GB18030）或 XLSX，第一行为列名。"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
