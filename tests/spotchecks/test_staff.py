"""Staff endpoints, the entity import and the directories: scoped to the user's units, wrong inputs refused in
Chinese with nothing changed, every change recorded."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gongkai.core.models import AuditEvent
from gongkai.spotchecks import access, importer, services
from gongkai.spotchecks.models import Entity, Inspector, Plan, PlanState, Result
from tests.audits import record_of
from tests.conftest import api_client, logged_in
from tests.spotchecks.conftest import code

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/registers/inspections"


def test_the_staff_api_commits_draws_records_and_publishes(plan, editor_a, citizen):
    client = api_client(editor_a)
    body = client.post(f"{BASE}/{plan.pk}/commit").json()
    assert body["state"] == "committed" and body["seed"] is None and len(body["commitment"]) == 64
    body = client.post(f"{BASE}/{plan.pk}/draw").json()
    plan.refresh_from_db()
    assert body["seed"] == plan.seed and len(body["picks"]) == 3
    assert client.post(f"{BASE}/{plan.pk}/draw").status_code == 422  # once
    today = dt.date.today().isoformat()
    for pick in body["picks"]:
        response = client.post(f"{BASE}/picks/{pick['id']}/result", {"checked_on": today, "outcome": "no_problem"},
                               content_type="application/json")  # fmt: skip
        assert response.status_code == 200
    body = client.post(f"{BASE}/{plan.pk}/publish").json()
    assert body["state"] == "published" and len(body["results"]) == 3
    assert citizen.get(f"/api/v1/registers/inspections/{plan.pk}").json()["results"] == body["results"]


def test_the_staff_api_refuses_another_unit_and_the_public(plan, editor_b):
    assert api_client(editor_b).post(f"{BASE}/{plan.pk}/commit").status_code == 404
    assert logged_in(editor_b).post(f"{BASE}/{plan.pk}/commit").status_code == 401
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_a_wrong_result_is_refused_in_chinese_through_the_api(plan, editor_a):
    services.commit_plan(actor=editor_a, plan=plan)
    services.draw_plan(actor=editor_a, plan=plan)
    pick = plan.picks.first()
    response = api_client(editor_a).post(
        f"{BASE}/picks/{pick.pk}/result",
        {"checked_on": "2000-01-01", "outcome": "case"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "检查日期不能早于抽取日期。" in response.content.decode()
    assert not Result.objects.exists()


def test_publishing_before_every_result_is_in_is_refused(plan, editor_a):
    services.commit_plan(actor=editor_a, plan=plan)
    services.draw_plan(actor=editor_a, plan=plan)
    with pytest.raises(ValidationError, match="还有3户检查对象未录入检查结果"):
        services.publish_results(actor=editor_a, plan=plan)
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAWN


@pytest.mark.parametrize(
    ("action", "allowed"),
    [("commit", {"draft"}), ("draw", {"committed"}), ("publish", {"drawn"})],
)
def test_each_step_is_refused_from_every_other_state_and_leaves_no_record(plan, editor_a, action, allowed):
    steps = {"commit": services.commit_plan, "draw": services.draw_plan, "publish": services.publish_results}
    for state in PlanState.values:
        if state in allowed:
            continue
        Plan.objects.filter(pk=plan.pk).update(state=state)
        before = AuditEvent.objects.count()
        with pytest.raises(ValidationError):
            steps[action](actor=editor_a, plan=plan)
        assert AuditEvent.objects.count() == before
        assert Plan.objects.get(pk=plan.pk).state == state


def test_access_answers_404_out_of_reach_and_403_without_the_right(plan, editor_a, editor_b, office, tree):
    assert access.get_plan_for_user(editor_a, plan.pk, write=True) == plan
    assert access.get_plan_for_user(office, plan.pk, write=True) == plan
    with pytest.raises(Http404):
        access.get_plan_for_user(editor_b, plan.pk)
    with pytest.raises(Http404):
        access.get_plan_for_user(None, plan.pk)
    shared = Entity.objects.filter(unit=None).first()
    assert access.get_entity_for_user(editor_b, shared.pk) == shared
    with pytest.raises(PermissionDenied):
        access.get_entity_for_user(editor_a, shared.pk, write=True)
    assert access.get_entity_for_user(office, shared.pk, write=True) == shared
    assert not access.entities_for(None).exists()


def test_an_entity_with_a_wrong_credit_code_is_refused_in_chinese(unit_a, editor_a):
    response = logged_in(editor_a).post("/manage/spotchecks/entities/new/", {
        "unit": unit_a.pk, "name": "错误代码公司", "credit_code": code(1)[:17] + ("0" if code(1)[17] != "0" else "1"),
        "kind": "company",
    })  # fmt: skip
    assert response.status_code == 200 and "统一社会信用代码校验位不正确" in response.content.decode()
    assert not Entity.objects.filter(name="错误代码公司").exists()


def test_an_editor_adds_an_inspector_and_a_matter_to_the_own_unit_only(unit_a, editor_a, tree):
    client = logged_in(editor_a)
    response = client.post(
        "/manage/spotchecks/inspectors/new/",
        {"unit": tree.dept_b.pk, "name": "外单位", "certificate_no": "X1", "is_active": "on"},
    )
    assert response.status_code == 200 and not Inspector.objects.filter(name="外单位").exists()
    client.post(
        "/manage/spotchecks/inspectors/new/",
        {"unit": unit_a.pk, "name": "新执法员", "certificate_no": "371300209999", "is_active": "on"},
    )
    inspector = Inspector.objects.get(name="新执法员")
    assert record_of("spotchecks.inspector.created", inspector).actor == editor_a
    client.post("/manage/spotchecks/matters/new/", {"unit": unit_a.pk, "code": "FG-9", "name": "新事项", "basis": "《价格法》",
                                                    "scope": "经营者", "method": "documents", "is_active": "on"})  # fmt: skip
    assert record_of("spotchecks.inspectionmatter.created").actor == editor_a


CSV = "检查对象名称,统一社会信用代码,主体类型,住所（经营场所）,行业,状态\n"


def test_an_entity_directory_is_imported_from_csv_and_updates_existing_entries(unit_a, editor_a):
    data = (CSV + f"更名后的公司,{code(0)},企业,兰山区,批发和零售业,在册\n新公司,{code(50)},个体工商户,罗庄区,餐饮业,\n"
            f"注销的公司,{code(51)},企业,,,注销\n").encode("gb18030")  # fmt: skip
    upload = SimpleUploadedFile("名录.csv", data, content_type="text/csv")
    response = logged_in(editor_a).post(
        "/manage/spotchecks/entities/import/", {"unit": unit_a.pk, "upload": upload, "action": "import"}
    )
    assert response.status_code == 302
    assert Entity.objects.get(unit=unit_a, credit_code=code(0)).name == "更名后的公司"
    assert Entity.objects.get(credit_code=code(50)).kind == "individual"
    assert not Entity.objects.get(credit_code=code(51)).is_active
    assert (
        record_of("spotchecks.entity.changed", Entity.objects.get(unit=unit_a, credit_code=code(0))).actor
        == editor_a
    )


def test_an_import_with_a_bad_row_imports_nothing_and_reports_the_rows_in_chinese(unit_a, editor_a):
    data = (CSV + f"好公司,{code(60)},企业,,,\n,{code(61)},企业,,,\n坏代码,91371302ABCDEFGHIJ,企业,,,\n"
            f"重复,{code(60)},公司,,,\n").encode()  # fmt: skip
    upload = SimpleUploadedFile("名录.csv", data, content_type="text/csv")
    response = logged_in(editor_a).post(
        "/manage/spotchecks/entities/import/", {"unit": unit_a.pk, "upload": upload, "action": "import"}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "3行有错误" in text
    report = importer.import_entities(actor=editor_a, unit=unit_a, name="x.csv", data=data)
    assert [(e.row, e.message) for e in report.errors] == [
        (3, "缺少检查对象名称"),
        (4, "统一社会信用代码：统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）。"),
        (5, "统一社会信用代码与第2行重复"),
    ]
    assert not report.committed and not Entity.objects.filter(credit_code=code(60)).exists()


def test_an_xlsx_without_the_required_columns_is_refused(unit_a, editor_a):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["名字", "代码"])
    import io

    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValidationError, match="缺少列：检查对象名称、统一社会信用代码"):
        importer.import_entities(actor=editor_a, unit=unit_a, name="x.xlsx", data=out.getvalue())
    with pytest.raises(ValidationError, match="请上传 CSV 或 XLSX"):
        importer.import_entities(actor=editor_a, unit=unit_a, name="x.doc", data=b"x")


def test_a_conflict_recorded_before_the_commitment_keeps_the_inspector_away(plan, editor_a):
    inspectors = list(Inspector.objects.filter(unit=plan.unit))
    entities = services.candidate_entities(plan)
    for entity in entities:
        for inspector in inspectors[:2]:
            services.record_conflict(actor=editor_a, plan=plan, entity=entity, inspector=inspector)
    services.commit_plan(actor=editor_a, plan=plan)
    services.draw_plan(actor=editor_a, plan=plan)
    keys = {i.certificate_no for i in inspectors[2:]}
    assert all(set(p.inspector_keys) == keys for p in plan.picks.all())
    with pytest.raises(ValidationError, match="只有草稿状态"):
        services.record_conflict(actor=editor_a, plan=plan, entity=entities[0], inspector=inspectors[3])


def test_an_editor_may_not_write_the_shared_directory_and_is_told_why(unit_a, editor_a):
    client = logged_in(editor_a)
    response = client.post(
        "/manage/spotchecks/entities/new/",
        {"unit": "", "name": "共享", "credit_code": code(90), "kind": "company"},
    )
    assert response.status_code == 200 and "共享名录由公开办维护" in response.content.decode()
    upload = SimpleUploadedFile("a.csv", f"检查对象名称,统一社会信用代码\n共享,{code(91)}\n".encode())
    response = client.post(
        "/manage/spotchecks/entities/import/", {"unit": "", "upload": upload, "action": "import"}
    )
    assert response.status_code == 200 and "共享名录由公开办维护" in response.content.decode()
    assert not Entity.objects.filter(credit_code__in=[code(90), code(91)]).exists()


def test_conflicts_leaving_too_few_inspectors_for_an_entity_are_refused_at_commitment(plan, editor_a):
    inspectors = list(Inspector.objects.filter(unit=plan.unit))
    entity = services.candidate_entities(plan)[0]
    for inspector in inspectors[:3]:
        services.record_conflict(actor=editor_a, plan=plan, entity=entity, inspector=inspector)
    with pytest.raises(ValidationError, match=f"因回避，可选派到{entity.credit_code}的执法人员不足2名"):
        services.commit_plan(actor=editor_a, plan=plan)
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT and not plan.commitment
