"""Audit action codes in words for the audit log (操作日志): ``publishing.informationitem.changed`` → 修改信息.

A code is ``<app>.<model>.<verb>`` (``records.action_name``, the workflows' transitions) or, for a few
services, ``<app>.<verb>``. The object is named by the model's ``verbose_name`` (the models are looked up
by name, never imported: core knows no app), the verb by the table below; the few codes whose words are not
"verb + object" are spelled out in :data:`SPECIAL`. An unknown code reads 其他操作 with the code beside it,
so nothing is hidden and the table shows what to add.
"""

from __future__ import annotations

import json

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Whole codes whose words are not "verb + object".
SPECIAL = {
    "core.audit.keyed": gettext_lazy("启用操作日志签名密钥"),
    "core.calendar.seeded": gettext_lazy("导入法定节假日"),
    "core.calendar.year_set": gettext_lazy("设置节假日年度"),
    "core.calendar.day_set": gettext_lazy("设置节假日或调休日"),
    "core.calendar.day_removed": gettext_lazy("删除节假日或调休日"),
    "core.staff.password_set": gettext_lazy("设置人员密码"),
    "core.otp_device.recovery_codes_generated": gettext_lazy("生成双因素登录恢复码"),
    "core.otp_device.recovery_code_used": gettext_lazy("使用双因素登录恢复码"),
    "core.token.issued": gettext_lazy("签发接口令牌"),
    "core.token.revoked": gettext_lazy("吊销接口令牌"),
    "foi.application.identity_viewed": gettext_lazy("查看申请人身份信息"),
    "foi.application.reminded": gettext_lazy("发送政府信息公开申请到期提醒"),
    "foi.application.answered_with_item": gettext_lazy("以已主动公开的信息答复政府信息公开申请"),
    "foi.application.consultation_lapsed": gettext_lazy("征求意见期限届满，恢复计算答复期限"),
    "foi.application.help_given": gettext_lazy("为政府信息公开申请人提供帮助"),
    "foi.procedure_settings.updated": gettext_lazy("修改依申请公开办理规则"),
    "foi.correction.received": gettext_lazy("登记更正政府信息记录申请"),
    "foi.correction.taken_up": gettext_lazy("开始办理更正政府信息记录申请"),
    "foi.correction.decided": gettext_lazy("办结更正政府信息记录申请"),
    "foi.correction.identity_viewed": gettext_lazy("查看更正申请人身份信息"),
    "foi.correction.document_viewed": gettext_lazy("查看更正申请的证明材料"),
    "interaction.attachment.viewed": gettext_lazy("查看留言附件"),
    "interaction.message.reminded": gettext_lazy("发送留言到期提醒"),
    "publishing.item.validity_changed": gettext_lazy("修改信息的有效性"),
    "publishing.item.publish_scheduled": gettext_lazy("按计划时间发布信息"),
    "publishing.review_policy.set": gettext_lazy("设置审核规则"),
    "reports.reminder.sent": gettext_lazy("发送年度报告提醒"),
    "gazette.imported": gettext_lazy("导入政府公报"),
    "gazette.published": gettext_lazy("发布政府公报"),
    "gazette.pdf_attached": gettext_lazy("上传政府公报PDF版"),
    "policy.registered": gettext_lazy("登记政策文件"),
    "policy.amended": gettext_lazy("修订政策文件"),
    "policy.exempted": gettext_lazy("标记政策文件无需解读"),
    "policy.exemption_cleared": gettext_lazy("取消无需解读标记"),
    "policy.needs_interpretation": gettext_lazy("标记政策文件需要解读"),
    "policy.interpretation_linked": gettext_lazy("关联政策解读"),
    "policy.interpretation_unlinked": gettext_lazy("取消关联政策解读"),
    "policy.interpretation_changed": gettext_lazy("修改政策解读"),
    "policy.review_changed": gettext_lazy("修改政策文件清理结论"),
    "policy.cleanup_published": gettext_lazy("公布政策文件清理结果"),
    "participation.attendance_applied": gettext_lazy("申请列席会议"),
    "participation.attendance_decided": gettext_lazy("决定列席申请"),
    "participation.closed": gettext_lazy("结束意见征集"),
    "participation.comment_grouped": gettext_lazy("归类公众意见"),
    "participation.comment_received": gettext_lazy("收到公众意见"),
    "participation.comment_replied": gettext_lazy("回复公众意见"),
    "participation.comment_reviewed": gettext_lazy("审看公众意见"),
    "participation.commenter_notified": gettext_lazy("告知意见人采纳情况"),
    "participation.invited": gettext_lazy("邀请征询对象提出意见"),
    "participation.kind_saved": gettext_lazy("修改草案类别最短征求意见期限"),
    "participation.letter_printed": gettext_lazy("打印征求意见邀请函"),
    "participation.matter_status": gettext_lazy("修改重大决策事项状态"),
    "participation.meeting_outcome": gettext_lazy("记录会议结果"),
    "participation.proposal_reminded": gettext_lazy("提醒建议提案办理期限"),
    "participation.proposal_reopened": gettext_lazy("建议提案重新办理"),
    "participation.proposal_replied": gettext_lazy("答复建议提案"),
    "participation.proposal_satisfaction": gettext_lazy("登记代表委员满意度"),
    "participation.report_published": gettext_lazy("公布意见采纳情况"),
    "participation.stakeholder_saved": gettext_lazy("维护征询对象名录"),
    "supervision.assessment_computed": gettext_lazy("计算考核结果"),
    "supervision.assigned": gettext_lazy("分派督查任务"),
    "supervision.unassigned": gettext_lazy("取消分派督查任务"),
    "supervision.name_resolved": gettext_lazy("确认责任单位名称"),
    "supervision.plan_imported": gettext_lazy("导入工作要点"),
    "supervision.plan_published": gettext_lazy("公开工作要点"),
    "supervision.plan_unpublished": gettext_lazy("取消公开工作要点"),
    "supervision.reminder_sent": gettext_lazy("发送督查提醒"),
    "supervision.report_accepted": gettext_lazy("通过进展报告"),
    "supervision.report_returned": gettext_lazy("退回进展报告"),
    "supervision.report_saved": gettext_lazy("保存进展报告"),
    "supervision.report_submitted": gettext_lazy("提交进展报告"),
    "supervision.scored": gettext_lazy("评分"),
}

# The verb of ``<app>.<model>.<verb>``: records' 新增/修改/删除 and the workflows' steps.
VERBS = {
    "created": gettext_lazy("新增"),
    "changed": gettext_lazy("修改"),
    "deleted": gettext_lazy("删除"),
    "added": gettext_lazy("添加"),
    "removed": gettext_lazy("删除"),
    "confirmed": gettext_lazy("启用"),
    "imported": gettext_lazy("导入"),
    "started": gettext_lazy("开始编写"),
    "published": gettext_lazy("发布"),
    # Publishing's workflow (publishing/workflow.py).
    "submit": gettext_lazy("送审"),
    "recall": gettext_lazy("撤回送审"),
    "approve": gettext_lazy("审核通过"),
    "reject": gettext_lazy("退回"),
    "withdraw": gettext_lazy("撤下"),
    "restore": gettext_lazy("恢复编辑"),
    # FOI steps (foi.EventKind) and messages' steps (interaction.EventKind).
    "received": gettext_lazy("登记"),
    "correction_requested": gettext_lazy("要求补正"),
    "correction_received": gettext_lazy("收到补正"),
    "consultation_started": gettext_lazy("征求意见"),
    "consultation_ended": gettext_lazy("收到意见"),
    "fee_notice_sent": gettext_lazy("发出收费通知"),
    "fee_paid": gettext_lazy("缴纳费用"),
    "extended": gettext_lazy("延长答复期限"),
    "delayed_excessive": gettext_lazy("确定延迟答复期限"),
    "transferred": gettext_lazy("转办"),
    "answered": gettext_lazy("答复"),
    "delivered": gettext_lazy("送达"),
    "closed": gettext_lazy("办结"),
    "note": gettext_lazy("记录办理情况"),
    "accepted": gettext_lazy("审看通过"),
    "rejected": gettext_lazy("不予受理"),
    "merged": gettext_lazy("合并"),
    "reply_drafted": gettext_lazy("拟写答复"),
    "reply_returned": gettext_lazy("退回答复"),
    "rated": gettext_lazy("评价"),
    "assigned": gettext_lazy("分派"),
}

# Short object names in codes that are not model names.
OBJECTS = {
    "core.staff": "core.user",
    "core.token": "core.apitoken",
    "core.otp_device": gettext_lazy("双因素登录设备"),
    "publishing.item": "publishing.informationitem",
    "publishing.review_policy": "publishing.reviewpolicy",
    "reports.report": "reports.annualreport",
    "interaction.attachment": "interaction.messageattachment",
    # Third-party models named in English.
    "otp_totp.totpdevice": gettext_lazy("身份验证器应用"),
    "otp_static.staticdevice": gettext_lazy("恢复码"),
    "django_otp_webauthn.webauthncredential": gettext_lazy("通行密钥"),
}


def object_label(app_label: str, name: str) -> str | None:
    """The Chinese name of ``<app>.<name>``: a model's verbose name, or None."""
    target = OBJECTS.get(f"{app_label}.{name}", f"{app_label}.{name}")
    if "." not in str(target):
        return str(target)
    try:
        model = apps.get_model(str(target))
    except (LookupError, ValueError):
        return None
    return str(model._meta.verbose_name)


def action_label(code: str) -> str:
    """The words for an audit action code."""
    if code in SPECIAL:
        return str(SPECIAL[code])
    parts = code.split(".")
    if len(parts) == 3 and parts[2] in VERBS:
        name = object_label(parts[0], parts[1])
        if name:
            return f"{VERBS[parts[2]]}{name}"
    return _("其他操作（%(code)s）") % {"code": code}


def object_type_label(object_type: str) -> str:
    """``publishing.informationitem`` (an audit record's object type) → 信息."""
    app_label, _dot, name = object_type.partition(".")
    return object_label(app_label, name) or object_type


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _value_words(field, value) -> str:
    if value is None or value == "" or value == []:
        return _("（空）")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(v, dict | list) for v in value)
    ):
        # Structured data (a report's tables, a list of records): shown as the machine data it is.
        return format_html("<code>{}</code>", json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, list):
        return "、".join(_value_words(field, v) for v in value)
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def changes_rows(object_type: str, changes: dict) -> list[tuple[str, bool, str, str]]:
    """An audit record's changes as (field's Chinese name or its code, whether the name is a code, before,
    after): ``{"org_type": [null, "county"]}`` → ("机构类型", False, "（空）", "县区人民政府")."""
    model = _model(object_type) if object_type else None
    rows = []
    for key, value in (changes or {}).items():
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:  # a key of the service's own (``remaining``, ``kind``)
                field = None
        before, after = value if isinstance(value, list) and len(value) == 2 else (None, value)
        label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else key
        rows.append((label, field is None, _value_words(field, before), _value_words(field, after)))
    return rows
