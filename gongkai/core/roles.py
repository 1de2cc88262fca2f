"""Staff roles and what each may do: the one table every permission check reads.

Scope is separate from capability: an openness office (公开办) acts on the whole subtree of the
organization it belongs to; every other role acts on its own unit only (see ``access.py``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("编辑")
    REVIEWER = "reviewer", _("审核")
    UNIT_ADMIN = "unit_admin", _("单位管理员")
    OPENNESS_OFFICE = "openness_office", _("公开办")


class Capability(models.TextChoices):
    EDIT_CONTENT = "content.edit", _("编辑本单位内容")
    REVIEW_CONTENT = "content.review", _("审核并发布本单位内容")
    MANAGE_STAFF = "staff.manage", _("管理人员账号")
    EDIT_UNIT = "unit.edit", _("维护单位信息")
    MANAGE_ORGANIZATIONS = "org.manage", _("新增、调整下级机构")
    VIEW_AUDIT = "audit.view", _("查看操作日志")
    EDIT_CALENDAR = "calendar.edit", _("维护节假日安排")
    SUPERVISE = "supervise", _("监督下级单位")


_EDITOR = {Capability.EDIT_CONTENT}
_REVIEWER = _EDITOR | {Capability.REVIEW_CONTENT}
_UNIT_ADMIN = _REVIEWER | {Capability.MANAGE_STAFF, Capability.EDIT_UNIT}
_OFFICE = _UNIT_ADMIN | {
    Capability.MANAGE_ORGANIZATIONS,
    Capability.VIEW_AUDIT,
    Capability.EDIT_CALENDAR,
    Capability.SUPERVISE,
}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.EDITOR: frozenset(_EDITOR),
    Role.REVIEWER: frozenset(_REVIEWER),
    Role.UNIT_ADMIN: frozenset(_UNIT_ADMIN),
    Role.OPENNESS_OFFICE: frozenset(_OFFICE),
}

# A manager may grant only roles at or below its own; nobody but an openness office creates another.
RANK = {Role.EDITOR: 1, Role.REVIEWER: 2, Role.UNIT_ADMIN: 3, Role.OPENNESS_OFFICE: 4}


def has_capability(role: str, capability: str) -> bool:
    return capability in CAPABILITIES.get(role, frozenset())


def may_grant(granter_role: str, role: str) -> bool:
    return RANK.get(granter_role, 0) >= RANK.get(role, 99)
