"""What the supervision screens share: the office's audited admin."""

from __future__ import annotations

from gongkai.core.admin import OfficeKeptAdmin
from gongkai.core.admin_base import AuditedAdmin
from gongkai.core.roles import Capability


class OfficeAdmin(OfficeKeptAdmin, AuditedAdmin):
    """Plans, schemes and scores are worked on by the office (SUPERVISE) before anything is public; every
    save goes through a supervision service."""

    office_only = True
    write_capability = Capability.SUPERVISE
