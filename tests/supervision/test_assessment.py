"""Scoring an assessment scheme: computed indicators from the platform's records, the office's scores, totals,
ranking, and the 4% floor for openness in performance assessment (seed: 分值权重不低于 4%)."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.core.actors import SYSTEM
from gongkai.foi.models import Application
from gongkai.interaction.models import Channel, Message
from gongkai.publishing import services as publishing
from gongkai.supervision import assessment, services
from gongkai.supervision.models import AssessmentScheme, Indicator, Method, Score
from tests.supervision.conftest import assignment_of, published, staff

AS_OF = dt.date(2019, 12, 31)
_codes = itertools.count(1)


def application(unit, due, answered=None, status="answered"):
    n = next(_codes)
    return Application.objects.create(
        tracking_code=f"T{n:06d}", secret_hash="x", unit=unit, applicant_type="natural_person", applicant_name="张三",
        id_type="resident_id", id_number="x", phone="13900000000", description="某信息", received_on=due - dt.timedelta(days=28),
        status=status, due_on=due, answered_on=answered,
    )  # fmt: skip


def message(unit, due, replied=None, status="answered"):
    channel, _ = Channel.objects.get_or_create(code=f"c{unit.pk}", defaults={"name": "咨询", "kind": "consultation",
                                                                              "unit": unit})  # fmt: skip
    n = next(_codes)
    return Message.objects.create(query_code=f"M{n:06d}", channel=channel, unit=unit, subject="问", body="问",
                                  name="李四", phone="13900000000", received_on=due - dt.timedelta(days=7), due_on=due,
                                  status=status, replied_on=replied)  # fmt: skip


@pytest.fixture
def scheme(seed_plan, linyi):
    scheme = AssessmentScheme.objects.create(
        title="2019年度政务公开工作考核", year=2019, owner=linyi, plan=seed_plan
    )
    units = {
        u.short_name: u for u in linyi.children.filter(short_name__in=["市财政局", "市教育局", "兰山区"])
    }
    scheme.units.set(units.values())
    for unit in units.values():
        publishing.ensure_catalog(actor=SYSTEM, unit=unit)
    for order, (name, points, method) in enumerate([
        ("依申请公开按时答复", 30, Method.FOI_ON_TIME), ("留言按时答复", 20, Method.MESSAGES_ON_TIME),
        ("栏目更新", 20, Method.COLUMN_FRESHNESS), ("进展按时报送", 10, Method.REPORTS_ON_TIME),
        ("年度报告", 20, Method.MANUAL),
    ], start=1):  # fmt: skip
        Indicator.objects.create(scheme=scheme, order=order, name=name, points=Decimal(points), method=method)
    scheme.by_name = units
    return scheme


def test_a_worked_example(scheme):
    finance, education, lanshan = (scheme.by_name[n] for n in ("市财政局", "市教育局", "兰山区"))
    # 依申请公开 — 财政局: 4 on time, 1 late: 30 × 4/5 = 24; 兰山区: 2 on time and 1 still open past its due date:
    # 30 × 2/3 = 20; 教育局: nothing to answer: full 30.
    for day in (3, 4, 5, 6):
        application(finance, dt.date(2019, 5, day), dt.date(2019, 5, day))
    application(finance, dt.date(2019, 6, 3), dt.date(2019, 6, 10))
    application(lanshan, dt.date(2019, 3, 1), dt.date(2019, 2, 27))
    application(lanshan, dt.date(2019, 4, 1), dt.date(2019, 4, 1))
    application(lanshan, dt.date(2019, 11, 1), None, status="in_progress")
    application(lanshan, dt.date(2020, 1, 20), None, status="in_progress")  # not due yet: not counted
    # 留言 — 教育局: 1 of 2 due answered on time (a rejected one is not counted): 20 × 1/2 = 10
    message(education, dt.date(2019, 9, 2), dt.date(2019, 9, 2))
    message(education, dt.date(2019, 9, 3), dt.date(2019, 9, 9))
    message(education, dt.date(2019, 9, 4), None, status="rejected")
    # 栏目更新 — only 财政局's 政策文件 column has anything in the last 6 months: 20 / 0 / 0
    published(finance, dt.date(2019, 8, 1), "财政管理办法", column_codes=["policy"])
    published(education, dt.date(2019, 3, 1), "教育管理办法", column_codes=["policy"])
    # 进展报送 — every 2019 period of every task of the unit: 财政局 has tasks 5, 8, 13, 14, 16, 18, 20 (13 and 14
    # are 市政府各部门), two quarters each; it reported task 16 on time in both: 10 × 2/14 = 1.43
    editor = staff("fgw_editor")
    editor.unit = finance
    editor.save()
    for start in (dt.date(2019, 7, 1), dt.date(2019, 10, 1)):
        with time_machine.travel(dt.datetime(start.year, start.month + 2, 28, 12)):
            services.save_report(actor=editor, assignment=assignment_of(scheme.plan, 16, "市财政局"), period_start=start,
                                 summary="已公开。", submit=True)  # fmt: skip
    office = staff("admin")
    assert (
        services.compute_scores(actor=office, scheme=scheme, as_of=AS_OF) == 12
    )  # 4 computed indicators × 3 units
    services.score_manually(actor=office, indicator=scheme.indicators.get(method=Method.MANUAL), unit=finance,
                              points=Decimal("18.5"), basis="表三数据与台账有一处不一致")  # fmt: skip

    rows = {r["unit"].short_name: r for r in assessment.results(scheme)}
    points = {name: [c.points if c else None for c in r["cells"]] for name, r in rows.items()}
    assert points == {
        "市财政局": [Decimal("24.00"), Decimal("20.00"), Decimal("20.00"), Decimal("1.43"), Decimal("18.50")],
        "市教育局": [Decimal("30.00"), Decimal("10.00"), Decimal("0.00"), Decimal("0.00"), None],
        "兰山区": [Decimal("20.00"), Decimal("20.00"), Decimal("0.00"), Decimal("0.00"), None],
    }
    assert {n: (r["total"], r["rank"], r["complete"]) for n, r in rows.items()} == {
        "市财政局": (Decimal("83.93"), 1, True), "兰山区": (Decimal("40.00"), 2, False), "市教育局": (Decimal("40.00"), 2, False),
    }  # equal totals share the rank  # fmt: skip
    assert rows["市财政局"]["weighted"] == Decimal("3.36")  # 83.93 × 4% = 3.3572
    basis = Score.objects.get(unit=finance, indicator__method=Method.FOI_ON_TIME).basis
    assert basis == "按时答复 4 件，应答复 5 件"
    assert Score.objects.get(unit=education, indicator__method=Method.FOI_ON_TIME).points == 30
    assert (
        "未按时更新：政策文件"
        in Score.objects.get(unit=education, indicator__method=Method.COLUMN_FRESHNESS).basis
    )

    # recomputing keeps the office's own score
    services.compute_scores(actor=office, scheme=scheme, as_of=AS_OF)
    assert Score.objects.get(unit=finance, indicator__method=Method.MANUAL).points == Decimal("18.50")


def test_the_scheme_must_add_up_to_100_and_weigh_openness_at_least_4_percent(scheme):
    scheme.indicators.filter(method=Method.MANUAL).update(points=Decimal("15"))
    with pytest.raises(ValidationError, match="各项指标分值合计应为 100 分，现为 95 分"):
        services.compute_scores(actor=staff("admin"), scheme=scheme, as_of=AS_OF)
    assert not Score.objects.exists()
    scheme.openness_weight = Decimal("3.5")
    with pytest.raises(ValidationError) as error:
        scheme.full_clean()
    assert error.value.message_dict["openness_weight"] == ["政务公开在绩效考核中的分值权重不得低于4%。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        scheme.save()


def test_the_office_scores_by_hand_within_the_points_and_with_a_reason(scheme):
    manual = scheme.indicators.get(method=Method.MANUAL)
    finance = scheme.by_name["市财政局"]
    office = staff("admin")
    with pytest.raises(ValidationError, match="得分应在 0 至 20 分之间"):
        services.score_manually(actor=office, indicator=manual, unit=finance, points=Decimal("21"), basis="x")
    with pytest.raises(ValidationError, match="请写明计分依据"):
        services.score_manually(actor=office, indicator=manual, unit=finance, points=Decimal("20"), basis="")
    with pytest.raises(ValidationError, match="不在本方案的考核范围内"):
        services.score_manually(
            actor=office, indicator=manual, unit=scheme.owner, points=Decimal("20"), basis="x"
        )
    with pytest.raises(ValidationError, match="自动计算"):
        services.score_manually(actor=office, indicator=scheme.indicators.get(method=Method.FOI_ON_TIME),
                                  unit=finance, points=Decimal("20"), basis="x")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.score_manually(actor=staff("lanshan_office"), indicator=manual, unit=finance, points=Decimal("20"),
                                  basis="x")  # fmt: skip
    assert not Score.objects.exists()


def test_the_assessment_table_as_xlsx_pdf_and_api(scheme):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from tests.conftest import api_client, logged_in

    office = staff("admin")
    services.compute_scores(actor=office, scheme=scheme, as_of=AS_OF)
    desk = logged_in(office)
    book = load_workbook(
        io.BytesIO(desk.get(f"/manage/admin/supervision/assessmentscheme/{scheme.pk}/results.xlsx").content)
    )
    header = [c.value for c in book["得分"][1]]
    assert (
        header[:3] == ["名次", "单位", "依申请公开按时答复（30分）"]
        and header[-1] == "折合绩效考核分（权重4%）"
    )
    assert book["得分"].max_row == 4 and book["计分依据"].max_row == 13
    pdf = PdfReader(
        io.BytesIO(desk.get(f"/manage/admin/supervision/assessmentscheme/{scheme.pk}/results.pdf").content)
    )
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "2019年度政务公开工作考核" in text and "临沂市财政局" in text
    page = desk.get(f"/manage/admin/supervision/assessmentscheme/{scheme.pk}/results/").content.decode()
    assert "未评分" in page  # the office has not scored the manual indicator yet

    results = api_client(office).get(f"/api/v1/staff/supervision/assessments/{scheme.pk}").json()
    assert [r["rank"] for r in results["results"]] == [1, 1, 1] and results["openness_weight"] == 4.0
    assert (
        api_client(staff("fgw_editor")).get(f"/api/v1/staff/supervision/assessments/{scheme.pk}").status_code
        == 404  # the city's scheme is outside a department's reach (issue 16: out of reach answers 404)
    )
    assert (
        logged_in(staff("fgw_editor"))
        .get(f"/manage/admin/supervision/assessmentscheme/{scheme.pk}/results/")
        .status_code
        == 404
    )


def test_the_office_scores_in_the_back_office(scheme):
    from tests.conftest import logged_in

    manual = scheme.indicators.get(method=Method.MANUAL)
    finance = scheme.by_name["市财政局"]
    desk = logged_in(staff("admin"))
    form = {"indicator": manual.pk, "unit": finance.pk, "points": "25", "basis": ""}
    page = desk.post("/manage/admin/supervision/score/add/", form).content.decode()
    assert "得分应在 0 至 20 分之间。" in page and "此项必填。" in page
    assert not Score.objects.exists()
    desk.post(
        "/manage/admin/supervision/score/add/", {**form, "points": "17.5", "basis": "年报按时发布，表三有误"}
    )
    assert Score.objects.get(indicator=manual, unit=finance).points == Decimal("17.50")
