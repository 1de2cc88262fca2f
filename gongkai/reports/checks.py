"""Consistency checks of a report's tables (spec §3.5), each with an explanation a person can act on."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .layout import APPLICANT_COLUMNS, OUTCOME_ROWS, T2_ROWS, T3_COLUMNS, T4_COLUMNS, T4_GROUPS

COLUMN_LABELS = dict(T3_COLUMNS)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def run(tables: dict, last_year_tables: dict | None = None) -> list[Problem]:
    problems: list[Problem] = []
    t3, t4 = tables["t3"], tables["t4"]
    for column in [*APPLICANT_COLUMNS, "total"]:
        left = t3["new_received"][column] + t3["carried_over"][column]
        right = t3["total_processed"][column] + t3["carried_forward"][column]
        if left != right:
            problems.append(
                Problem(
                    "V1",
                    f"表三“{COLUMN_LABELS[column]}”列：本年新收{t3['new_received'][column]}件＋上年结转"
                    f"{t3['carried_over'][column]}件＝{left}件，但办结{t3['total_processed'][column]}件＋结转下年"
                    f"{t3['carried_forward'][column]}件＝{right}件。",
                )
            )
        outcome_sum = sum(t3[row][column] for row in OUTCOME_ROWS)
        if outcome_sum != t3["total_processed"][column]:
            problems.append(
                Problem("V2", f"表三“{COLUMN_LABELS[column]}”列：各办理结果之和{outcome_sum}件不等于总计。")
            )
    for row, values in t3.items():
        if values["total"] != sum(values[c] for c in APPLICANT_COLUMNS):
            problems.append(Problem("V3", f"表三“{row}”行：总计不等于各类申请人之和。"))
    for group, label in T4_GROUPS:
        values = t4[group]
        if values["total"] != sum(values[c] for c, _ in T4_COLUMNS if c != "total"):
            problems.append(Problem("V4", f"表四“{label}”：总计不等于各项结果之和。"))
    if last_year_tables is not None:
        last = last_year_tables["t3"]["carried_forward"]["total"]
        now = t3["carried_over"]["total"]
        if last != now:
            problems.append(
                Problem(
                    "V5", f"上年报告“结转下年度继续办理”为{last}件，本年“上年结转”为{now}件，两者应相等。"
                )
            )
    for _block, row, label, columns in T2_ROWS:
        for column, column_label in columns:
            value = tables["t2"].get(row, {}).get(column)
            if value is None:
                problems.append(Problem("V6", f"表二“{label}·{column_label}”尚未填写。"))
            elif float(value) < 0:
                problems.append(Problem("V6", f"表二“{label}·{column_label}”不能为负数。"))
    return problems


# The rows of table 2 the register of regulations and normative documents (规范性文件台账) counts.
REGISTER_ROWS = ("regulations", "normative_documents")


def against_register(t2: dict, register: dict, *, explanation: str = "") -> list[Problem]:
    """V7: table 2's regulation and normative-document rows agree with the register (规范性文件台账).

    A figure the register cannot confirm (a number other than 0 in a row where the register holds nothing of
    the unit) fails too, unless the unit has explained where it comes from (the report's
    ``check_explanation``, printed with the report as 关于统计数据的说明)."""
    problems = []
    for _block, row, label, columns in T2_ROWS:
        if row not in REGISTER_ROWS:
            continue
        for column, column_label in columns:
            entered = (t2.get(row) or {}).get(column)
            if entered in (None, ""):
                continue  # V6 asks for it
            if row not in register:
                if int(entered) != 0 and not explanation.strip():
                    problems.append(Problem("V7", _unconfirmed(f"{label}·{column_label}", int(entered))))
                continue
            counted = register[row].get(column, 0)
            if int(entered) != counted:
                problems.append(
                    Problem(
                        "V7", f"表二“{label}·{column_label}”填报{entered}件，规范性文件台账为{counted}件。"
                    )
                )
    return problems


def _unconfirmed(cell: str, entered: int) -> str:
    return _(
        "表二“%(cell)s”填报%(n)d件，但规范性文件台账中没有本单位的登记，无法核实。"
        "请在台账中登记相应文件，或在“校验未通过的说明”中写明数据来源。"
    ) % {"cell": cell, "n": entered}


def against_registers(entered_by_hand: dict, registers: dict) -> list[Problem]:
    """V8: a figure of table 2 entered by hand that the registers count differently (行政许可, 行政处罚, 行政强制
    decisions, 行政事业性收费). The report uses the registers' figure; the hand entry is out of date."""
    problems = []
    for _block, row, label, columns in T2_ROWS:
        if row not in registers:
            continue
        for column, column_label in columns:
            entered, counted = (entered_by_hand.get(row) or {}).get(column), registers[row].get(column)
            if entered in (None, "") or counted is None:
                continue
            if Decimal(str(entered)) != Decimal(str(counted)):
                problems.append(
                    Problem(
                        "V8",
                        f"表二“{label}·{column_label}”手工填报{entered}，本平台台账统计为{counted}，"
                        "报告采用台账数据；请核对台账或删除手工填报数。",
                    )
                )
    return problems
