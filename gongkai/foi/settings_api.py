"""The openness office's settings of the application procedure in the staff API: which outcomes' notices
say reconsideration comes first (复议前置), the limits for a correction of records and for another organ's
answer to a consultation (``gongkai.foi.procedure_settings``). Every staff member reads them; a holder of
SUPERVISE over the root of the tree changes them (403 otherwise, 422 with a Chinese message on a bad
value)."""

import datetime as dt

from ninja import Field, Router, Schema

from gongkai.core.api import staff_auth

from . import procedure_settings

router = Router(tags=["foi"])


class ProcedureSettingsDefaultsOut(Schema):
    prior_review_outcomes: list[str]
    record_correction_days: int
    organ_consultation_days: int


class ProcedureSettingsOut(Schema):
    prior_review_outcomes: list[str] = Field(
        ..., description="告知书写明复议前置的办理结果（Outcome 代码，按年度报表表三的顺序）"
    )
    record_correction_days: int = Field(..., description="更正申请办理期限（工作日，1–60）")
    organ_consultation_days: int = Field(..., description="征求其他机关意见的期限（工作日，1–60）")
    defaults: ProcedureSettingsDefaultsOut
    updated_at: dt.datetime | None
    may_edit: bool = Field(..., description="当前用户能否修改")


class ProcedureSettingsIn(Schema):
    prior_review_outcomes: list[str]
    record_correction_days: int
    organ_consultation_days: int


def _out(request, settings=None) -> dict:
    return procedure_settings.as_dict(settings) | {"may_edit": procedure_settings.may_edit(request.auth)}


@router.get(
    "/staff/foi/settings", response=ProcedureSettingsOut, auth=staff_auth, summary="依申请公开办理规则"
)
def get_settings(request):
    return _out(request)


@router.put(
    "/staff/foi/settings",
    response=ProcedureSettingsOut,
    auth=staff_auth,
    summary="修改依申请公开办理规则（最上一级政务公开工作机构）",
)
def put_settings(request, payload: ProcedureSettingsIn):
    settings = procedure_settings.update(actor=request.auth, **payload.dict())
    return _out(request, settings)
