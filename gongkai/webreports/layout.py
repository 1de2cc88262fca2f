"""The rows of the 政府网站工作年度报表 (国办函〔2018〕12号附件), in the national order and wording.

Each row: ``(key, group, label, unit, kind)``. ``group`` is the heading the row sits under (empty for the
identity rows, "信息发布（单位：条）" …, with a second level joined by " / "); ``unit`` the unit the value is
counted in (shown as "（单位：个）"); ``kind`` how the value is written: ``int``, ``dec`` (two decimals, 万),
``days`` (one decimal), ``bool`` (是/否), ``text``, ``date``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

FORMAT = "国办函〔2018〕12号"


@dataclass(frozen=True)
class Row:
    key: str
    group: str
    label: str
    unit: str
    kind: str

    @property
    def full_label(self) -> str:
        return f"{self.label}（单位：{self.unit}）" if self.unit else self.label


def _rows(spec) -> tuple[Row, ...]:
    return tuple(Row(*r) for r in spec)


ROWS: tuple[Row, ...] = _rows(
    [
        ("site_name", "", "网站名称", "", "text"),
        ("home_url", "", "首页网址", "", "text"),
        ("organizer", "", "主办单位", "", "text"),
        ("site_type", "", "网站类型", "", "text"),
        ("id_code", "", "政府网站标识码", "", "text"),
        ("icp", "", "ICP备案号", "", "text"),
        ("psb_record", "", "公安机关备案号", "", "text"),
        ("visitors", "", "独立用户访问总量", "个", "int"),
        ("views", "", "网站总访问量", "次", "int"),
        ("info_total", "信息发布（单位：条）", "总数", "条", "int"),
        ("info_overview", "信息发布（单位：条）", "概况类信息更新量", "条", "int"),
        ("info_news", "信息发布（单位：条）", "政务动态信息更新量", "条", "int"),
        ("info_catalog", "信息发布（单位：条）", "信息公开目录信息更新量", "条", "int"),
        ("columns_maintained", "专栏专题（单位：个）", "维护数量", "个", "int"),
        ("columns_new", "专栏专题（单位：个）", "新开设数量", "个", "int"),
        ("interp_total", "解读回应 / 解读信息发布", "总数", "条", "int"),
        ("interp_materials", "解读回应 / 解读信息发布", "其中：解读材料数量", "条", "int"),
        ("interp_products", "解读回应 / 解读信息发布", "解读产品数量", "个", "int"),
        ("media_comments", "解读回应 / 解读信息发布", "媒体评论文章数量", "篇", "int"),
        ("hot_responses", "解读回应", "回应公众关注热点或重大舆情数量", "次", "int"),
        ("services_catalog", "办事服务", "是否发布服务事项目录", "", "bool"),
        ("registered_users", "办事服务", "注册用户数", "万", "dec"),
        ("services_total", "办事服务", "政务服务事项数量", "项", "int"),
        ("services_online", "办事服务", "可全程在线办理政务服务事项数量", "项", "int"),
        ("cases_total", "办事服务 / 办件量（单位：万件）", "总数", "万件", "dec"),
        ("cases_natural", "办事服务 / 办件量（单位：万件）", "自然人办件量", "万件", "dec"),
        ("cases_legal", "办事服务 / 办件量（单位：万件）", "法人办件量", "万件", "dec"),
        ("unified_platform", "互动交流", "是否使用统一平台", "", "bool"),
        ("messages_received", "互动交流 / 留言办理", "收到留言数量", "条", "int"),
        ("messages_concluded", "互动交流 / 留言办理", "办结留言数量", "条", "int"),
        ("messages_avg_days", "互动交流 / 留言办理", "平均办理时间", "天", "days"),
        ("messages_published", "互动交流 / 留言办理", "公开答复数量", "条", "int"),
        ("surveys", "互动交流 / 征集调查", "征集调查期数", "期", "int"),
        ("survey_opinions", "互动交流 / 征集调查", "收到意见数量", "条", "int"),
        ("survey_results", "互动交流 / 征集调查", "公布调查结果期数", "期", "int"),
        ("interviews", "互动交流 / 在线访谈", "访谈期数", "期", "int"),
        ("interview_questions", "互动交流 / 在线访谈", "网民留言数量", "条", "int"),
        ("interview_answers", "互动交流 / 在线访谈", "答复网民提问数量", "条", "int"),
        ("smart_qa", "互动交流", "是否提供智能问答", "", "bool"),
        ("security_checks", "安全防护", "安全检测评估次数", "次", "int"),
        ("security_found", "安全防护", "发现问题数量", "个", "int"),
        ("security_fixed", "安全防护", "问题整改数量", "个", "int"),
        ("security_monitoring", "安全防护", "是否建立安全监测预警机制", "", "bool"),
        ("emergency_drill", "安全防护", "是否开展应急演练", "", "bool"),
        ("security_owner", "安全防护", "是否明确网站安全责任人", "", "bool"),
        ("newmedia_any", "移动新媒体", "是否有移动新媒体", "", "bool"),
        ("weibo_name", "移动新媒体 / 微博", "名称", "", "text"),
        ("weibo_posts", "移动新媒体 / 微博", "信息发布量", "条", "int"),
        ("weibo_followers", "移动新媒体 / 微博", "关注量", "个", "int"),
        ("wechat_name", "移动新媒体 / 微信", "名称", "", "text"),
        ("wechat_posts", "移动新媒体 / 微信", "信息发布量", "条", "int"),
        ("wechat_followers", "移动新媒体 / 微信", "订阅数", "个", "int"),
        ("newmedia_other", "移动新媒体", "其他", "", "text"),
        ("search_service", "创新发展", "搜索即服务", "", "bool"),
        ("multilingual", "创新发展", "多语言版本", "", "bool"),
        ("accessibility", "创新发展", "无障碍浏览", "", "bool"),
        ("personalised", "创新发展", "千人千网", "", "bool"),
        ("innovation_other", "创新发展", "其他", "", "text"),
        ("unit_head", "", "单位负责人", "", "text"),
        ("reviewer_name", "", "审核人", "", "text"),
        ("filler", "", "填报人", "", "text"),
        ("phone", "", "联系电话", "", "text"),
        ("filled_on", "", "填报日期", "", "date"),
    ]
)

BY_KEY = {row.key: row for row in ROWS}


def empty(kind: str):
    """What a row without a source shows: 0 for a count, blank otherwise."""
    return 0 if kind in ("int", "dec", "days") else None


def display(kind: str, value) -> str:
    """The value as written in the table (HTML, XLSX, PDF)."""
    if value is None or value == "":
        return ""
    if kind == "bool":
        return "是" if value else "否"
    if kind == "dec":
        return f"{Decimal(str(value)):.2f}"
    if kind == "days":
        return f"{Decimal(str(value)):.1f}"
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def plain(kind: str, value):
    """The value as JSON: numbers stay numbers (decimals as strings with two places), dates ISO."""
    if value is None:
        return None
    if kind == "dec":
        return f"{Decimal(str(value)):.2f}"
    if kind == "days":
        return float(f"{Decimal(str(value)):.1f}")
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "int":
        return int(value)
    if kind == "bool":
        return bool(value)
    return str(value)


def spans(rows) -> list[dict]:
    """The rows with ``group_span``: how many following rows share a first-level group (for a merged cell
    in the table), 0 for a row whose group cell is merged into one above."""
    out = []
    top = [r["group"].split(" / ")[0] if r["group"] else "" for r in rows]
    for i, row in enumerate(rows):
        span = 0
        if top[i] and (i == 0 or top[i - 1] != top[i]):
            span = 1
            while i + span < len(rows) and top[i + span] == top[i]:
                span += 1
        out.append(
            {**row, "top": top[i], "sub": " / ".join(row["group"].split(" / ")[1:]), "group_span": span}
        )
    return out
