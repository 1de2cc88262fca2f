"""Check V7 when the register cannot confirm table 2 (issue 24, item 12): 市发展改革委's report stated
normative documents made 2 / repealed 1 / in force 18 while the register held nothing of the unit, and V7
passed. A figure the register cannot confirm fails the check unless the unit explains it; the explanation is
printed with the report."""

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from gongkai.core.actors import SYSTEM
from gongkai.publishing import services as publishing
from gongkai.reports import checks, services

pytestmark = pytest.mark.django_db

YEAR = 2025
STATED = {
    "regulations": {"made": 0, "repealed": 0, "valid": 0},
    "normative_documents": {"made": 2, "repealed": 1, "valid": 18},
    "licensing": {"decisions": 356},
    "penalty": {"decisions": 12},
    "coercion": {"decisions": 0},
    "fees": {"amount_10k_yuan": "0"},
}
EXPLANATION = "本单位规范性文件台账尚未迁入本平台，表二“行政规范性文件”依据本单位纸质台账填报。"


@pytest.fixture
def draft(tree, reviewer_a):
    publishing.ensure_catalog(actor=SYSTEM, unit=tree.dept_a)
    report = services.start_report(actor=reviewer_a, unit=tree.dept_a, year=YEAR)
    return services.update_report(
        actor=reviewer_a, report=report, overview="本年度，本机关认真贯彻条例。", table2_manual=STATED
    )


def v7(report) -> list[str]:
    return [p.message for p in services.problems_for(report) if p.code == "V7"]


def test_figures_an_empty_register_cannot_confirm_fail_v7_and_stop_publication(draft, reviewer_a):
    assert v7(draft) == [
        f"表二“行政规范性文件·{column}”填报{n}件，但规范性文件台账中没有本单位的登记，无法核实。"
        "请在台账中登记相应文件，或在“校验未通过的说明”中写明数据来源。"
        for column, n in (("本年制发件数", 2), ("本年废止件数", 1), ("现行有效件数", 18))
    ]  # the regulations row says 0, which an empty register confirms
    with pytest.raises(ValidationError) as refused:
        services.publish_report(actor=reviewer_a, report=draft)
    assert any("无法核实" in message for message in refused.value.messages)


def test_an_explanation_lets_them_pass_and_is_printed_with_the_report(draft, reviewer_a, client, tree):
    explained = services.update_report(actor=reviewer_a, report=draft, check_explanation=EXPLANATION)
    assert v7(explained) == []
    services.publish_report(actor=reviewer_a, report=explained)
    page = client.get(f"/reports/{tree.dept_a.pk}/{YEAR}/").content.decode()
    assert f"关于统计数据的说明：{EXPLANATION}" in page
    docx = Document(io.BytesIO(client.get(f"/reports/{tree.dept_a.pk}/{YEAR}/report.docx").content))
    assert f"关于统计数据的说明：{EXPLANATION}" in [p.text for p in docx.paragraphs]


def test_an_explanation_does_not_excuse_a_figure_the_register_contradicts():
    register = {"normative_documents": {"made": 2, "repealed": 0, "valid": 5}}
    problems = checks.against_register(STATED, register, explanation=EXPLANATION)
    assert [p.message for p in problems] == [
        "表二“行政规范性文件·本年废止件数”填报1件，规范性文件台账为0件。",
        "表二“行政规范性文件·现行有效件数”填报18件，规范性文件台账为5件。",
    ]
