"""建议提案办理 in the staff API: the suggestions and proposals of the units the token's user reaches, with
their deadlines; the lead unit's reply with its category; the office's record of the deputy's or member's
satisfaction; the statistics by unit for a year (:mod:`gongkai.participation.proposals`). The public list is
``GET /api/v1/proposals`` (participation/api.py), which carries the category and satisfaction too."""

import datetime as dt

from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from gongkai.core.access import units_for
from gongkai.core.api import PageNumber, staff_auth

from . import access, proposals
from .models import Proposal

router = Router(tags=["participation"])


class StaffProposalOut(Schema):
    id: int
    kind: str = Field(..., description="npc 人大代表建议；cppcc 政协提案")
    year: int
    number: str
    title: str
    authors: str
    lead_unit: str = Field(..., alias="lead_unit.name")
    assigned_on: dt.date
    deadline: dt.date = Field(..., description="办理期限（默认交办之日起三个月）")
    status: str = Field(..., description="assigned 已交办（待答复）；replied 已答复")
    overdue: bool = Field(..., description="未答复且已超过办理期限")
    reply: str
    replied_on: dt.date | None
    on_time: bool | None
    reply_public: bool
    not_public_reason: str
    category: str = Field(..., description="答复类别：A、B、C（未答复为空）")
    satisfaction: str = Field(
        ..., description="satisfied 满意；basically 基本满意；dissatisfied 不满意（未反馈为空）"
    )
    satisfaction_on: dt.date | None

    @staticmethod
    def resolve_overdue(obj):
        return obj.status == Proposal.Status.ASSIGNED and obj.deadline < timezone.localdate()


class ProposalReplyIn(Schema):
    category: str = Field(
        ..., description="A 已解决或采纳；B 正在解决或列入计划解决；C 因条件限制或其他原因暂不能解决"
    )
    reply: str = Field(..., description="答复全文（C类须说明暂不能解决的原因）")
    replied_on: dt.date
    reply_public: bool = True
    not_public_reason: str = Field(
        "", max_length=300, description="不公开答复全文的理由（将公开），不超过300字"
    )


class ProposalSatisfactionIn(Schema):
    satisfaction: str = Field(..., description="satisfied 满意；basically 基本满意；dissatisfied 不满意")
    satisfaction_on: dt.date = Field(..., description="收回征询意见表的日期")


class ProposalStatisticsRowOut(Schema):
    unit: str
    npc: int
    cppcc: int
    total: int
    replied: int
    on_time: int
    late: int = Field(..., description="逾期答复")
    overdue: int = Field(..., description="逾期未答复")
    pending: int = Field(..., description="未到期、正在办理")
    A: int
    B: int
    C: int
    satisfied: int
    basically: int
    dissatisfied: int
    returned: int = Field(..., description="收回征询意见表")
    rate: float | None = Field(..., description="满意率（%）：满意和基本满意占收回的比例")


class ProposalStatisticsOut(Schema):
    year: int
    units: list[ProposalStatisticsRowOut]
    total: ProposalStatisticsRowOut
    text: str = Field(..., description="年度报告用语")


@router.get(
    "/staff/proposals",
    response=list[StaffProposalOut],
    auth=staff_auth,
    summary="建议提案办理（本单位及下级）",
)
@paginate(PageNumber)
def staff_proposals(
    request, year: int | None = None, status: str | None = None, category: str | None = None,
    overdue: bool = False,
):  # fmt: skip
    found = (
        access.proposals_for(request.auth).select_related("lead_unit").order_by("status", "deadline", "pk")
    )
    if year:
        found = found.filter(year=year)
    if status:
        found = found.filter(status=status)
    if category:
        found = found.filter(category=category)
    if overdue:
        found = found.filter(status=Proposal.Status.ASSIGNED, deadline__lt=timezone.localdate())
    return found


@router.get(
    "/staff/proposals/statistics", response=ProposalStatisticsOut, auth=staff_auth, summary="建议提案办理统计"
)
def staff_proposal_statistics(request, year: int | None = None):
    year = year or timezone.localdate().year
    rows = proposals.proposal_statistics(units_for(request.auth).order_by("name"), year)
    total = proposals.totals(rows)
    return {
        "year": year,
        "units": [{**r, "unit": r["unit"].name} for r in rows],
        "total": {**total, "unit": "合计"},
        "text": proposals.report_text(total),
    }


@router.get(
    "/staff/proposals/{int:proposal_id}", response=StaffProposalOut, auth=staff_auth, summary="建议提案详情"
)
def staff_proposal(request, proposal_id: int):
    return access.get_proposal_for_user(request.auth, proposal_id)


@router.post(
    "/staff/proposals/{int:proposal_id}/reply",
    response=StaffProposalOut,
    auth=staff_auth,
    summary="答复建议提案（主办单位，须注明答复类别）",
)
def reply(request, proposal_id: int, payload: ProposalReplyIn):
    proposal = access.get_proposal_for_user(request.auth, proposal_id, write=True)
    return proposals.reply_proposal(
        actor=request.auth, proposal=proposal, text=payload.reply, replied_on=payload.replied_on,
        category=payload.category, public=payload.reply_public, not_public_reason=payload.not_public_reason,
    )  # fmt: skip


@router.post(
    "/staff/proposals/{int:proposal_id}/satisfaction",
    response=StaffProposalOut,
    auth=staff_auth,
    summary="登记代表委员满意度（政务公开工作机构）",
)
def satisfaction(request, proposal_id: int, payload: ProposalSatisfactionIn):
    proposal = access.get_proposal_for_user(request.auth, proposal_id)
    return proposals.record_satisfaction(
        actor=request.auth, proposal=proposal, satisfaction=payload.satisfaction,
        returned_on=payload.satisfaction_on,
    )  # fmt: skip


@router.post(
    "/staff/proposals/{int:proposal_id}/reopen",
    response=StaffProposalOut,
    auth=staff_auth,
    summary="不满意的答复退回重新办理（一个月内再次答复）",
)
def reopen(request, proposal_id: int):
    proposal = access.get_proposal_for_user(request.auth, proposal_id)
    return proposals.reopen(actor=request.auth, proposal=proposal)
