"""Issue 22's "done when" for the registers: a unit imports a licensing and a penalty file; a decision
published late is flagged (to-do, supervision); a penalty leaves the public list when its period ends; a
natural person's ID number is masked everywhere the public looks; table 2 of the unit's report is computed
from the registers; bad files import nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import Workbook

from gongkai.core import idcard, todo, uscc
from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.registers import importer, services
from gongkai.registers.models import Decision, DecisionKind
from gongkai.reports import services as report_services
from gongkai.reports.models import AnnualReport
from tests.conftest import api_client, logged_in

pytestmark = pytest.mark.django_db

PERSON_ID = "37130219850101" + "123"
PERSON_ID += idcard.check_character(PERSON_ID)
COMPANY = uscc.make_code("9", "1", "371302", "MA000123")
COMPANY_2 = uscc.make_code("9", "1", "371302", "MA000456")

LICENSING_HEADER = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件号码", "行政许可决定文书号",
                    "许可证书名称", "许可类别", "许可内容", "许可依据", "许可决定日期", "有效期自", "有效期至"]  # fmt: skip
PENALTY_HEADER = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件号码", "行政处罚决定书文号",
                  "处罚名称", "处罚类别", "违法事实", "处罚依据", "罚款金额（万元）", "处罚决定日期", "失信程度"]  # fmt: skip


def xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(header, rows, encoding="utf-8-sig") -> bytes:
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


LICENSES = [
    ["临沂宏达建设工程有限公司", "法人及非法人组织", COMPANY, "王建国", "", "发改许〔2025〕1号", "施工许可证", "普通",
     "准予许可", "《中华人民共和国建筑法》第七条", "2025-03-03", "2025-03-03", "2030-03-02"],
    ["临沂鲁南食品有限公司", "法人及非法人组织", COMPANY_2, "李秀兰", "", "发改许〔2025〕2号", "许可证", "普通",
     "准予许可", "《中华人民共和国行政许可法》第三十八条", "2025-06-02", "", ""],
]  # fmt: skip
PENALTIES = [
    # Decided Thursday 2025-09-25; the 7 working days are 26 Sep, Sunday 28 Sep (调休), 29, 30 Sep, 9, 10 Oct and
    # Saturday 11 October (调休), National Day's holiday (1-8 October) not counted: due 2025-10-11.
    ["张志强", "自然人", "", "", PERSON_ID, "发改罚〔2025〕7号", "罚款", "罚款", "无证经营", "《无证无照经营查处办法》第十三条",
     "0.5", "2025-09-25", "一般失信行为"],
]  # fmt: skip


def _import(register, name, data, unit, today):
    with time_machine.travel(dt.datetime.combine(today, dt.time(10)), tick=False):
        return importer.import_file(name, data, register=register, actor=system("test"), unit=unit)


def test_imports_flag_late_decisions_mask_ids_expire_penalties_and_fill_table_2(tree, editor_a, citizen):
    unit = tree.dept_a
    report = _import(
        "licensing", "licensing.xlsx", xlsx(LICENSING_HEADER, LICENSES), unit, dt.date(2025, 6, 5)
    )
    assert report.committed and len(report.imported) == 2 and not report.errors
    # Published 2025-10-20 (GB18030 CSV, as WPS saves it): past the 11 October deadline.
    report = _import("penalties", "penalties.csv", csv_bytes(PENALTY_HEADER, PENALTIES, "gb18030"), unit,
                     dt.date(2025, 10, 20))  # fmt: skip
    assert report.committed, report.errors
    penalty = Decision.objects.get(kind=DecisionKind.PENALTY)
    assert penalty.due_on == dt.date(2025, 10, 11) and penalty.is_late
    first_licence = Decision.objects.get(doc_number="发改许〔2025〕1号")
    assert first_licence.due_on == dt.date(2025, 3, 12) and first_licence.is_late  # imported 5 June
    assert AuditEvent.objects.filter(
        action="registers.penalty.recorded", object_repr="发改罚〔2025〕7号"
    ).exists()
    assert not AuditEvent.objects.filter(object_repr__contains="张志强").exists()

    # The late ones wait on the unit's to-do for an explanation.
    with time_machine.travel(dt.datetime(2025, 10, 21, 10), tick=False):
        rows = [t for t in todo.flat_todo_for(editor_a) if t.kind == "registers.decision_late"]
        assert {r.url for r in rows} == {
            reverse("workspace:registers-decision", args=[penalty.pk]),
            reverse("workspace:registers-decision", args=[first_licence.pk]),
        }
        page = logged_in(editor_a).post(
            reverse("workspace:registers-decision", args=[penalty.pk]),
            {"action": "explain", "explanation": "国庆假期后系统导出延误"},
        )
        assert page.status_code == 302
        assert len([t for t in todo.flat_todo_for(editor_a) if t.kind == "registers.decision_late"]) == 1

    # The ID number is never shown whole: page, list, download, feed, API.
    with time_machine.travel(dt.datetime(2025, 11, 1, 10), tick=False):
        masked = penalty.shown_id_number
        assert masked != PERSON_ID and masked.endswith(PERSON_ID[-1]) and "*" in masked
        for url in (
            reverse("registers:decision", args=[penalty.pk]),
            "/registers/penalties/",
            "/registers/penalties/export.csv",
            "/registers/penalties/export.xlsx",
            "/registers/penalties/feed/",
            "/api/v1/registers/penalties",
        ):
            body = citizen.get(url).content
            assert PERSON_ID.encode() not in body, url
        assert masked in citizen.get(reverse("registers:decision", args=[penalty.pk])).content.decode()
        assert "张志强" in citizen.get("/registers/penalties/").content.decode()
        # The staff export for the credit platform carries the whole number.
        _header, rows = importer.decision_table([penalty], DecisionKind.PENALTY, full_id=True)
        assert PERSON_ID in rows[0]

    # General conduct: public for a year from the decision (the last day 2026-09-24), then gone by itself.
    assert penalty.public_until == dt.date(2026, 9, 24)
    with time_machine.travel(dt.datetime(2026, 9, 24, 10), tick=False):
        assert citizen.get("/api/v1/registers/penalties").json()["count"] == 1
    with time_machine.travel(dt.datetime(2026, 9, 25, 10), tick=False):
        assert citizen.get("/api/v1/registers/penalties").json()["count"] == 0
        assert "发改罚" not in citizen.get("/registers/penalties/").content.decode()
        assert citizen.get(reverse("registers:decision", args=[penalty.pk])).status_code == 404

    # Table 2 of the unit's 2025 report from the registers, the other rows by hand and marked as such.
    with time_machine.travel(dt.datetime(2026, 1, 10, 10), tick=False):
        draft = report_services.start_report(actor=system("test"), unit=unit, year=2025)
        draft = report_services.update_report(
            actor=system("test"), report=draft, table2_manual={"licensing": {"decisions": 5}}
        )
        tables = report_services.tables_for(draft)
        assert tables["t2"]["licensing"] == {"decisions": 2}
        assert tables["t2"]["penalty"] == {"decisions": 1}
        assert "coercion" not in tables["t2"]  # no coercion register: the row stays with the hand entry
        assert "行政许可、行政处罚的数据由本平台的台账统计生成" in tables["t2_note"]
        assert "行政强制、行政事业性收费的数据为手工填报" in tables["t2_note"]
        problems = report_services.problems_for(draft)
        assert any(p.code == "V8" and "手工填报5" in p.message for p in problems)
        services.set_fee_collection(actor=system("test"), unit=unit, year=2025, amount_10k_yuan="12.345")
        tables = report_services.tables_for(AnnualReport.objects.get(pk=draft.pk))
        assert tables["t2"]["fees"] == {"amount_10k_yuan": "12.35"}
        assert "行政许可、行政处罚、行政事业性收费的数据由本平台的台账统计生成" in tables["t2_note"]


def test_one_bad_row_imports_nothing_and_the_report_names_row_and_column(tree):
    rows = [
        LICENSES[0],
        [*LICENSES[1][:2], "91371302MA0004560X", *LICENSES[1][3:]],  # check character wrong
        ["张三", "自然人", "", "", "37130219850101123X", "发改许〔2025〕3号", "许可证", "普通", "准予许可",
         "依据", "2025-13-01", "", ""],  # an ID number with a wrong check character and a month 13
    ]  # fmt: skip
    report = _import("licensing", "bad.xlsx", xlsx(LICENSING_HEADER, rows), tree.dept_a, dt.date(2025, 6, 5))
    assert not report.committed and not Decision.objects.exists()
    assert [e.row for e in report.errors] == [3, 4]
    assert "统一社会信用代码" in report.errors[0].message
    assert "身份证号码" in report.errors[1].message or "决定日期" in report.errors[1].message


def test_a_file_without_a_required_column_or_not_a_table_is_refused_in_chinese(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="表头缺少以下列"):
        _import("licensing", "x.csv", csv_bytes(LICENSING_HEADER[:3], [LICENSES[0][:3]]), tree.dept_a,
                dt.date(2025, 6, 5))  # fmt: skip
    with pytest.raises(ValidationError, match="CSV 或 XLSX"):
        _import("licensing", "x.pdf", b"%PDF-1.4", tree.dept_a, dt.date(2025, 6, 5))
    with pytest.raises(ValidationError, match="XLSX"):
        _import("licensing", "x.xlsx", b"not a zip", tree.dept_a, dt.date(2025, 6, 5))


def test_the_staff_import_api_answers_201_or_a_chinese_422_and_keeps_to_its_units(tree, editor_a, editor_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post(user, unit, data):
        upload = SimpleUploadedFile("licensing.xlsx", data)
        return api_client(user).post(
            f"/api/v1/staff/registers/licensing/import?unit={unit.pk}", {"file": upload}
        )

    ok = post(editor_a, tree.dept_a, xlsx(LICENSING_HEADER, LICENSES[:1]))
    assert ok.status_code == 201 and ok.json()["imported"] == 1
    again = post(editor_a, tree.dept_a, xlsx(LICENSING_HEADER, LICENSES[:1]))
    assert again.status_code == 201 and again.json()["skipped"] == 1
    bad = post(editor_a, tree.dept_a, xlsx(LICENSING_HEADER, [[*LICENSES[1][:10], "明天", "", ""]]))
    assert bad.status_code == 422 and "决定日期" in bad.json()["error"]["fields"]["row_2"]
    assert post(editor_b, tree.dept_a, xlsx(LICENSING_HEADER, LICENSES[1:])).status_code == 404
    assert Decision.objects.count() == 1


def test_a_credit_repair_takes_a_penalty_off_early_but_not_before_the_shortest_period(tree, citizen):
    unit = tree.dept_a
    with time_machine.travel(dt.datetime(2025, 9, 26, 10), tick=False):
        penalty = services.record_decision(actor=system("test"), unit=unit, kind=DecisionKind.PENALTY, fields={
            "subject_name": "临沂宏达建设工程有限公司", "subject_type": "法人及非法人组织", "credit_code": COMPANY,
            "legal_representative": "王建国", "doc_number": "罚1", "title": "罚款", "category": "罚款",
            "content": "违法事实", "basis": "依据", "decided_on": "2025-09-25", "severity": "严重失信行为",
        })  # fmt: skip
    assert penalty.public_until == dt.date(2028, 9, 24)
    from django.core.exceptions import ValidationError

    with (
        time_machine.travel(dt.datetime(2026, 9, 1, 10), tick=False),
        pytest.raises(ValidationError, match="最短公示期未满"),
    ):
        services.repair_credit(
            actor=system("test"), decision=penalty, repaired_on=dt.date(2026, 9, 1), note="x"
        )
    with time_machine.travel(dt.datetime(2026, 9, 26, 10), tick=False):
        services.repair_credit(
            actor=system("test"), decision=penalty, repaired_on=dt.date(2026, 9, 25), note="修复"
        )
        assert citizen.get("/api/v1/registers/penalties").json()["count"] == 0
        assert AuditEvent.objects.filter(action="registers.penalty.repaired", object_repr="罚1").exists()
