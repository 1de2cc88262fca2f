"""Records the 督办考核 and 意见征集 workspace tests start from: a small plan of the city with one task assigned
to 发改委 (dept_a) and 教育局 (dept_b), and a consultation of 发改委 with comments."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.participation.models import Comment, Consultation
from gongkai.supervision.models import Assignment, PlanSection, PlanTask, Schedule, WorkPlan

Q1 = dt.date(2024, 1, 1)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_plan(tree, *, year: int = 2024, issued: dt.date = dt.date(2024, 1, 2)):
    """(plan, task, {"a": assignment of dept_a, "b": assignment of dept_b})."""
    plan = WorkPlan.objects.create(
        title=f"{year}年临沂市政务公开工作要点", year=year, government=tree.city, issued_on=issued,
        schedule=Schedule.QUARTERLY, report_due_days=5,
    )  # fmt: skip
    section = PlanSection.objects.create(plan=plan, order=1, title="推进决策公开")
    task = PlanTask.objects.create(
        plan=plan, section=section, order=1, subtask="公开重大行政决策事项目录",
        requirement="按时公开年度重大行政决策事项目录，标注决策进度。", units_text="市发展改革委、市教育局",
    )  # fmt: skip
    assignments = {
        "a": Assignment.objects.create(task=task, unit=tree.dept_a),
        "b": Assignment.objects.create(task=task, unit=tree.dept_b),
    }
    return plan, task, assignments


def make_consultation(
    unit, *, starts: dt.datetime, ends: dt.datetime, bodies=("建议延长开放时间。",), **extra
):
    consultation = Consultation.objects.create(
        title=extra.pop("title", "临沂市城市公园管理办法（征求意见稿）"), unit=unit, draft="第一条 ……",
        starts_at=starts, ends_at=ends, is_published=True, **extra,
    )  # fmt: skip
    for n, body in enumerate(bodies):
        Comment.objects.create(
            consultation=consultation, body=body, name="张三丰", contact="13812345678",
            submitted_at=starts + dt.timedelta(hours=n + 1),
        )  # fmt: skip
    return consultation
