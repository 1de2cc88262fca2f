"""The numbers the registers obey, each with its source. No ORM here (labels through gettext): the models and services use these.

* 双公示: licensing and penalty decisions are published within 7 working days of the decision
  (国家发展改革委《关于进一步规范“信用中国”网站和地方信用门户网站行政处罚信息公示工作的通知》, and the
  provincial 双公示 rules: "自作出行政决定之日起7个工作日内"). The start day is not counted, as for every
  "within N working days" in Gongkai (gongkai.core.workdays).
* Public period of a penalty (《失信行为纠正后的信用信息修复管理办法（试行）》, 国家发展改革委令2023年第58号,
  Art. 9-10): conduct of a general kind at least 3 months and at most 1 year, serious conduct at least 1 year
  and at most 3 years, counted from the decision. At the end of the longest period the penalty leaves the
  public pages by itself; a credit repair approved after the shortest period removes it earlier.
* Budgets and final accounts: published within 20 days of their approval (《中华人民共和国预算法》Art. 14; calendar
  days, not working days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gongkai.core.dates import add_months

PUBLICATION_WORKING_DAYS = 7
BUDGET_PUBLICATION_DAYS = 20

# (shortest, longest) public period of a penalty in months, by the seriousness of the conduct.
PENALTY_PERIODS = {"general": (3, 12), "serious": (12, 36)}


@dataclass(frozen=True)
class PublicPeriod:
    repair_from: dt.date  # the first day a credit repair may remove it
    until: dt.date  # the last day it is public


def penalty_period(severity: str, decided_on: dt.date) -> PublicPeriod:
    shortest, longest = PENALTY_PERIODS[severity]
    return PublicPeriod(
        repair_from=add_months(decided_on, shortest),
        until=add_months(decided_on, longest) - dt.timedelta(days=1),
    )


def budget_due(approved_on: dt.date) -> dt.date:
    return approved_on + dt.timedelta(days=BUDGET_PUBLICATION_DAYS)


ON_TIME, LATE, PENDING, OVERDUE = "on_time", "late", "pending", "overdue"
STATE_LABELS = {ON_TIME: _("按时公开"), LATE: _("逾期公开"), PENDING: _("待公开"), OVERDUE: _("逾期未公开")}


def publication_state(published_on: dt.date | None, due_on: dt.date, today: dt.date) -> str:
    if published_on is not None:
        return ON_TIME if published_on <= due_on else LATE
    return PENDING if today <= due_on else OVERDUE
