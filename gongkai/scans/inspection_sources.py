"""The scans' indicator for the daily inspection: CONTENT_RISKS (已发布信息安全风险), the platform's own check
(no national veto): open personal-data findings in the site's published items are red, other open findings
(wrong wording, a leader's wrong title, dead links) amber, none green."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.inspection import indicators

from .models import Check, ScanFinding

EVIDENCE_LIMIT = 100


def _content_risks(site, day) -> indicators.Outcome:
    found = ScanFinding.objects.open().filter(site.unit_q("unit")).select_related("item", "unit")
    personal = found.filter(kind=Check.PERSONAL).count()
    total = found.count()
    threshold = _("已发布信息中不得含有未遮蔽的个人信息；错误表述、领导职务错误和失效链接应及时整改")
    if not total:
        return indicators.Outcome(value=0, threshold=threshold, status=indicators.Status.GREEN)
    items = []
    for finding in found.order_by("kind", "-first_seen_at", "pk")[:EVIDENCE_LIMIT]:
        red = finding.kind == Check.PERSONAL
        items.append(indicators.Evidence(
            label=f"{finding.item.title}（{finding.get_field_display()}）", url=finding.edit_url(),
            detail=finding.message, unit_id=finding.unit_id, unit=finding.unit.name,
            status=indicators.Status.RED if red else indicators.Status.AMBER,
        ))  # fmt: skip
    fix = _(
        "打开“内容巡查”（%(url)s）逐条整改：删除或遮蔽个人信息，改正错误表述和领导职务，修复失效链接；确非问题的说明理由后忽略。"
    ) % {"url": reverse("workspace:scans")}
    return indicators.Outcome(
        value=total, threshold=threshold, items=items, fix=fix,
        status=indicators.Status.RED if personal else indicators.Status.AMBER,
    )  # fmt: skip


indicators.register(
    "CONTENT_RISKS", gettext_lazy("已发布信息安全风险"), _content_risks,
    scope=indicators.Scope.CONTENT, order=300, veto=False, own_todos=True,  # scans.findings, one row per item
)  # fmt: skip
