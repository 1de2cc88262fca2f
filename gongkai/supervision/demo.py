"""Demo supervision data: the seed's own 2019 plan with its 27 tasks, a year of progress reports (accepted,
returned, waiting for review, one task finished by every unit), the 2019 items that back them up, and this
year's assessment scheme scored from the platform's data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization, OrgType, User
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Column, Genre, KeyArea, Topic

from . import services
from .annex import read_file
from .models import (
    AssessmentScheme,
    Assignment,
    Indicator,
    Method,
    Milestone,
    ProgressReport,
    ReportStatus,
    WorkPlan,
)

JOB = system("load_demo")
SEED = Path(__file__).resolve().parent / "data" / "linyi-2019-work-points.txt"

# (task order, unit short name, quarter start month, summary, final, status, office comment)
REPORTS = [
    (
        11,
        "市市场监管局",
        7,
        "制定并公开2019年度“双随机、一公开”抽查事项清单和抽查计划，7至9月公开抽查结果126条，"
        "全部同步至国家企业信用信息公示系统（临沂）。",
        False,
        ReportStatus.ACCEPTED,
        "",
    ),
    (
        11,
        "市市场监管局",
        10,
        "第四季度公开抽查结果98条；抽查事项清单根据机构改革动态调整并重新公布。全年任务已完成。",
        True,
        ReportStatus.ACCEPTED,
        "",
    ),
    (
        16,
        "市财政局",
        7,
        "市级部门预算及“三公”经费预算全部公开，公开项目绩效目标的专项资金扩大到所有专项资金。",
        False,
        ReportStatus.ACCEPTED,
        "",
    ),
    (
        1,
        "市发展改革委",
        7,
        "已公开新旧动能转换重大工程实施方案。",
        False,
        ReportStatus.RETURNED,
        "请补充入库项目扶持政策公开情况及网址，并说明配套制度措施的解读情况。",
    ),
    (
        22,
        "兰山区",
        10,
        "公开2019年义务教育招生方案、招生范围和录取结果，设立咨询电话并在区政府网站专栏发布。",
        False,
        ReportStatus.SUBMITTED,
        "",
    ),
    (
        10,
        "市政府办公室",
        7,
        "6月28日公布市政府规范性文件制发主体清单；完成规章和规范性文件集中清理，清理结果已公布并在原文上标注。",
        True,
        ReportStatus.ACCEPTED,
        "",
    ),
]
CREDIT_SUMMARY = "已在本级政府网站开设“信用信息双公示”专栏，行政许可和行政处罚信息7个工作日内公示；公布守信激励和失信惩戒典型案例。"
# 2019 items that back the reports up (unit, title, key area, day)
ITEMS = [
    ("市市场监管局", "临沂市市场监督管理局2019年度“双随机、一公开”抽查计划", "random-inspection", dt.date(2019, 7, 12),
     Topic.MARKET_SAFETY, Genre.PLAN),
    ("市市场监管局", "2019年第三季度“双随机、一公开”抽查结果公示", "random-inspection", dt.date(2019, 10, 9),
     Topic.MARKET_SAFETY, Genre.PUBLICITY),
    ("市财政局", "2019年临沂市市级部门预算公开目录", "fiscal", dt.date(2019, 8, 2), Topic.FINANCE, Genre.STATISTICS),
    ("市发展改革委", "临沂市新旧动能转换重大工程实施方案", "new-old-drivers", dt.date(2019, 8, 20), Topic.ECONOMY,
     Genre.PROGRAMME),
]  # fmt: skip


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _quarter(plan: WorkPlan, month: int):
    from . import schedule

    return next(p for p in schedule.plan_periods(plan) if p["start"].month == month)


def _report(plan, assignment, month, summary, final, status, comment, office):
    period = _quarter(plan, month)
    submitted = period["due"] - dt.timedelta(days=2)
    report = ProgressReport.objects.create(
        assignment=assignment, period_start=period["start"], period_end=period["end"], due_on=period["due"],
        summary=summary, is_final=final, status=status, first_submitted_on=submitted, submitted_at=_at(submitted),
        review_comment=comment, reviewed_at=_at(period["due"]) if status != ReportStatus.SUBMITTED else None,
        reviewed_by=office if status != ReportStatus.SUBMITTED else None,
    )  # fmt: skip
    if final and status == ReportStatus.ACCEPTED:
        Assignment.objects.filter(pk=assignment.pk).update(completed_on=period["due"])
    return report


@transaction.atomic
def load(report) -> None:
    city = Organization.objects.filter(name="临沂市人民政府").first()
    if city is None or WorkPlan.objects.exists() or not SEED.exists():
        return
    office = User.objects.filter(username="admin").first()
    plan = services.import_plan(actor=JOB, table=read_file(SEED)).plan
    services.set_plan_published(actor=JOB, plan=plan)
    units = {o.short_name: o for o in Organization.objects.all()}
    cleanup = plan.tasks.get(order=10)
    # "市政府相关部门": the office names the department that leads the clean-up
    services.assign(actor=JOB, task=cleanup, unit=units["市政府办公室"])
    for order, title, planned_on in [
        (1, "公布规范性文件制发主体清单", dt.date(2019, 6, 30)),
        (2, "公布规章和规范性文件清理结果", dt.date(2019, 11, 30)),
    ]:
        milestone = Milestone(task=cleanup, order=order, title=title, planned_on=planned_on)
        services.save_milestone(actor=JOB, milestone=milestone)
    for order, short, month, summary, final, status, comment in REPORTS:
        assignment = Assignment.objects.get(task__plan=plan, task__order=order, unit=units[short])
        saved = _report(plan, assignment, month, summary, final, status, comment, office)
        if order == 10:
            saved.milestones.set(cleanup.milestones.all())
    for assignment in Assignment.objects.filter(task__plan=plan, task__order=12):  # 社会信用: every unit done
        _report(plan, assignment, 10, CREDIT_SUMMARY, True, ReportStatus.ACCEPTED, "", office)
    areas = {a.code: a for a in KeyArea.objects.all()}
    for short, title, area, day, topic, genre in ITEMS:
        unit = units[short]
        columns = list(Column.objects.filter(unit=unit, code=f"ka-{area}"))
        publishing.import_item(actor=system("load_demo"), unit=unit, published_at=_at(day), columns=columns,
                               key_areas=[areas[area]], title=title, summary=title, topic=topic, genre=genre, written_on=day - dt.timedelta(days=3),
                               body=f"<p>{title}。</p>")  # fmt: skip
    _assessment(city)


def _assessment(city) -> None:
    year = timezone.localdate().year
    scheme = AssessmentScheme(
        title=f"{year}年度政务公开工作考核", year=year, owner=city, openness_weight=Decimal("4"),
        note="政务公开纳入绩效考核，分值权重不低于4%（2019年工作要点“加强考核督查培训”）。",
    )  # fmt: skip
    units = Organization.objects.filter(parent=city, org_type__in=[OrgType.DEPARTMENT, OrgType.COUNTY])
    services.save_scheme(actor=JOB, scheme=scheme, units=units)
    indicators = [
        (
            "依申请公开按时答复",
            20,
            Method.FOI_ON_TIME,
            "按时答复件数÷应答复件数×分值；逾期未答复的计入应答复。",
        ),
        ("政民互动留言按时答复", 20, Method.MESSAGES_ON_TIME, "按时答复条数÷到期留言条数×分值。"),
        ("政策文件解读", 20, Method.INTERPRETATION, "按时解读或经审核不解读的件数÷需解读件数×分值。"),
        (
            "栏目更新",
            20,
            Method.COLUMN_FRESHNESS,
            "按检查指标，政策文件等栏目6个月内须有更新；未按时更新的栏目不得分。",
        ),
        ("年度报告编制发布", 20, Method.MANUAL, "按国家格式按时发布年度报告得满分；格式、数据有误酌情扣分。"),
    ]
    for order, (name, points, method, rule) in enumerate(indicators, start=1):
        indicator = Indicator(
            scheme=scheme, order=order, name=name, points=Decimal(points), method=method, rule=rule
        )
        services.save_indicator(actor=JOB, indicator=indicator)
    services.compute_scores(actor=JOB, scheme=scheme)
    manual = scheme.indicators.get(method=Method.MANUAL)
    for index, unit in enumerate(scheme.units.order_by("path")):
        points = Decimal(20) - Decimal(index % 4)
        basis = "按时发布，格式规范" if points == 20 else f"按时发布；表格数据有{index % 4}处与台账不一致"
        services.score_manually(actor=JOB, indicator=manual, unit=unit, points=points, basis=basis)
