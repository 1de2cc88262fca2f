"""The workspace's menu: one entry per daily job, shown to the roles that do it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.access import can
from gongkai.core.roles import Capability


@dataclass(frozen=True)
class Entry:
    name: str  # URL name in the workspace namespace
    label: str
    capability: str | None = None


ENTRIES = [
    Entry("home", _("待办")),
    Entry("items", _("公开信息"), Capability.EDIT_CONTENT),
    Entry("submissions", _("信息报送"), Capability.EDIT_CONTENT),
    Entry("foi", _("依申请公开"), Capability.EDIT_CONTENT),
    Entry("messages", _("政民互动"), Capability.EDIT_CONTENT),
    Entry("participation", _("意见征集"), Capability.EDIT_CONTENT),
    Entry("participation-proposals", _("建议提案"), Capability.EDIT_CONTENT),
    Entry("participation-stakeholders", _("征询对象名录"), Capability.EDIT_CONTENT),
    Entry("registers", _("重点领域台账"), Capability.EDIT_CONTENT),
    Entry("spotchecks", _("双随机抽查"), Capability.EDIT_CONTENT),
    Entry("datasets", _("数据发布"), Capability.EDIT_CONTENT),
    Entry("guides", _("办事指南"), Capability.EDIT_CONTENT),
    Entry("newmedia", _("政务新媒体"), Capability.EDIT_CONTENT),
    Entry("scans", _("内容巡查"), Capability.EDIT_CONTENT),
    Entry("supervision", _("督办考核"), Capability.EDIT_CONTENT),
    Entry("inspection", _("网站检查"), Capability.SUPERVISE),
    Entry("visits", _("访问统计"), Capability.SUPERVISE),
    Entry("webreports", _("网站年度报表"), Capability.SUPERVISE),
    Entry("site-blocks", _("网站首页"), Capability.MANAGE_ORGANIZATIONS),
]


def menu(request, current: str = "") -> list[dict]:
    user = request.user
    return [
        {"url": reverse(f"workspace:{entry.name}"), "label": entry.label, "current": entry.name == current}
        for entry in ENTRIES
        if entry.capability is None or can(user, entry.capability)
    ]
