"""The inspection's own indicators (other apps register theirs in their ``inspection_sources.py``)."""

from django.utils.translation import gettext_lazy as _

from . import builtin
from .indicators import Scope, register

register("VETO_SECURITY", _("安全、泄密事故等严重问题"), builtin.incidents_website, order=10)
register("VETO_UNREACHABLE", _("站点无法访问"), builtin.availability, order=20)
register("VETO_HOME_STALE", _("首页不更新"), builtin.home_stale, order=30)
register("VETO_COLUMNS_STALE", _("栏目不更新"), builtin.column_freshness, order=40)
# The unanswered messages are on their units' lists already ("超过三个月未答复的留言", interaction).
register("VETO_INTERACTION", _("互动回应差"), builtin.interaction, order=50, own_todos=True)
register("NM_VETO_SECURITY", _("政务新媒体安全、泄密事故等严重问题"), builtin.incidents_newmedia,
         scope=Scope.NEWMEDIA, order=100)  # fmt: skip
