"""The completeness rule of a service guide (办事指南), without the ORM.

The website inspection (《政府网站与政务新媒体检查指标》, 2019, single veto 服务不实用) counts a guide as
unusable when it lacks one of its 8 key elements: 事项名称、设定依据、申请条件、办理材料、办理地点、办理时间、
联系电话、办理流程. 收费标准 and 办理时限 are shown with them but are not among the eight.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (field, label) in the conventional order of a guide's table.
ELEMENTS = (
    ("name", _("事项名称")),
    ("basis", _("设定依据")),
    ("conditions", _("申请条件")),
    ("materials", _("办理材料")),
    ("place", _("办理地点")),
    ("hours", _("办理时间")),
    ("phone", _("联系电话")),
    ("process", _("办理流程")),
)
ELEMENT_FIELDS = tuple(name for name, _label in ELEMENTS)


def missing_fields(values) -> list[str]:
    """The element fields that ``values`` (a guide, or a mapping of field to text) leaves blank, in order."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name, "")
    return [name for name in ELEMENT_FIELDS if not str(get(name) or "").strip()]


def missing_labels(values) -> list[str]:
    """The names of the missing elements, e.g. ``["联系电话", "办理流程"]``."""
    labels = dict(ELEMENTS)
    return [str(labels[name]) for name in missing_fields(values)]
