"""Every cell of tables 3 and 4, checked against counts made independently here."""

import datetime as dt

import pytest

from gongkai.foi.models import Appeal
from gongkai.reports import checks, compute
from gongkai.reports.layout import APPLICANT_COLUMNS, OUTCOME_ROWS, T3_ROWS

pytestmark = pytest.mark.django_db
YEAR = 2024
START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


def expected_t3(facts):
    table = {code: dict.fromkeys([*APPLICANT_COLUMNS, "total"], 0) for code, *_ in T3_ROWS}
    for f in facts:
        column, received, answered = f["type"], f["received"], f["answered"]
        cells = []
        if START <= received <= END:
            cells.append("new_received")
        if received < START and (answered is None or answered >= START):
            cells.append("carried_over")
        if answered and START <= answered <= END:
            cells += [f["outcome"], "total_processed"]
        if received <= END and (answered is None or answered > END):
            cells.append("carried_forward")
        for cell in cells:
            table[cell][column] += 1
            table[cell]["total"] += 1
    return table


def test_every_cell_of_table_3(tree, seeded_year):
    computed = compute.table3(compute.units_of(tree.dept_a), YEAR)
    expected = expected_t3(seeded_year)
    for code, *_ in T3_ROWS:
        for column in [*APPLICANT_COLUMNS, "total"]:
            assert computed[code][column] == expected[code][column], (code, column)
    assert computed["total_processed"]["total"] > 0 and computed["carried_over"]["total"] > 0
    assert all(computed[row]["total"] > 0 for row in OUTCOME_ROWS[:3])


def test_every_cell_of_table_4(tree, seeded_year):
    computed = compute.table4(compute.units_of(tree.dept_a), YEAR)
    expected = {
        g: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0} for g in Appeal.Kind.values
    }
    for appeal in Appeal.objects.all():
        if appeal.filed_on > END or (appeal.decided_on and appeal.decided_on < START):
            continue
        decided = appeal.decided_on is not None and appeal.decided_on <= END and appeal.result != "pending"
        column = appeal.result if decided else "pending"
        expected[appeal.kind][column] += 1
        expected[appeal.kind]["total"] += 1
    assert computed == expected


def test_computed_tables_pass_the_consistency_checks(tree, seeded_year):
    units = compute.units_of(tree.dept_a)
    tables = {"t2": {}, "t3": compute.table3(units, YEAR), "t4": compute.table4(units, YEAR)}
    last = {"t3": compute.table3(units, YEAR - 1)}
    codes = {p.code for p in checks.run(tables, last)}
    assert codes == {"V6"}  # only table 2, not yet filled in


def test_checks_catch_inconsistent_tables(tree, seeded_year):
    units = compute.units_of(tree.dept_a)
    tables = {"t2": {}, "t3": compute.table3(units, YEAR), "t4": compute.table4(units, YEAR)}
    tables["t3"]["carried_forward"]["natural_person"] += 1
    last = {"t3": compute.table3(units, YEAR - 1)}
    last["t3"]["carried_forward"]["total"] += 2
    problems = {p.code: p.message for p in checks.run(tables, last)}
    assert "V1" in problems and "自然人" in problems["V1"]
    assert "V3" in problems and "V5" in problems


def test_subtree_rolls_up(tree, seeded_year, lodge):
    lodge(dt.date(2024, 5, 6), unit=tree.street)
    county = compute.table3(compute.units_of(tree.county, subtree=True), YEAR)
    assert county["new_received"]["total"] == 1
    city = compute.table3(compute.units_of(tree.city, subtree=True), YEAR)
    own = compute.table3(compute.units_of(tree.dept_a), YEAR)
    assert city["new_received"]["total"] == own["new_received"]["total"] + 1
