"""The workspace's consultation editor and the office's page of minimum periods (issue 26)."""

from gongkai.core.models import AuditEvent
from gongkai.participation.models import Consultation, ConsultationKind
from tests.conftest import logged_in

NEW = "/manage/participation/new/"
KINDS = "/manage/participation/kinds/"


def form(tree, **changes):
    major = ConsultationKind.objects.get(code="major_decision")
    return {
        "title": "临沂市城区停车收费标准调整方案（征求意见稿）", "unit": tree.dept_a.pk, "kinds": [major.pk],
        "starts_at": "2026-03-02T09:00", "ends_at": "2026-03-12T09:00", "shortened_reason": "",
        "draft": "第一条 为了规范停车收费……", "explanation": "", "basis": "", "contact": "",
        "is_published": "on",
    } | changes  # fmt: skip


def test_a_short_period_comes_back_with_the_rule_and_asks_for_the_reason(tree, reviewer_a):
    client = logged_in(reviewer_a)
    page = client.get(NEW).content.decode()
    assert "重大行政决策（最短期限：30日）" in page and "行政规范性文件（最短期限：7个工作日）" in page
    response = client.post(NEW, form(tree))
    assert response.status_code == 200
    page = response.content.decode()
    assert "不少于30日" in page and "《重大行政决策程序暂行条例》" in page and "请填写缩短理由" in page
    assert not Consultation.objects.exists()
    response = client.post(NEW, form(tree, shortened_reason="汛期临近，须尽快出台。"))
    assert response.status_code == 302
    saved = Consultation.objects.get()
    assert saved.shortened_reason == "汛期临近，须尽快出台。"
    assert list(saved.kinds.values_list("code", flat=True)) == ["major_decision"]
    assert response["Location"] == f"/manage/participation/{saved.pk}/edit/"


def test_reversed_dates_are_refused_in_chinese(tree, reviewer_a):
    response = logged_in(reviewer_a).post(NEW, form(tree, ends_at="2026-03-01T09:00", kinds=[]))
    assert response.status_code == 200
    assert "截止时间须晚于开始时间" in response.content.decode()
    assert "Constraint" not in response.content.decode()


def test_editing_changes_the_kinds_and_the_check_follows(tree, reviewer_a):
    client = logged_in(reviewer_a)
    client.post(NEW, form(tree, ends_at="2026-04-02T09:00"))
    saved = Consultation.objects.get()
    url = f"/manage/participation/{saved.pk}/edit/"
    assert "停车收费" in client.get(url).content.decode()
    assert client.post(url, form(tree, ends_at="2026-03-06T09:00")).status_code == 200
    saved.refresh_from_db()
    assert saved.ends_at.day == 2


def test_another_unit_cannot_edit_and_an_editor_cannot_create(tree, reviewer_a, reviewer_b, editor_a):
    logged_in(reviewer_a).post(NEW, form(tree, shortened_reason="急"))
    saved = Consultation.objects.get()
    assert logged_in(reviewer_b).get(f"/manage/participation/{saved.pk}/edit/").status_code == 404
    assert logged_in(editor_a).get(NEW).status_code == 403
    response = logged_in(reviewer_b).post(NEW, form(tree, shortened_reason="急"))
    assert response.status_code == 200 and Consultation.objects.count() == 1  # dept_a is not a choice


def test_the_office_changes_a_minimum_and_others_may_not(tree, office, reviewer_a):
    assert logged_in(reviewer_a).get(KINDS).status_code == 403
    assert (
        "草案类别与最短征求意见期限"
        not in logged_in(reviewer_a).get("/manage/participation/").content.decode()
    )
    client = logged_in(office)
    assert "草案类别与最短征求意见期限" in client.get("/manage/participation/").content.decode()
    assert "国办发〔2018〕37号" in client.get(KINDS).content.decode()
    response = client.post(
        KINDS, {"kind": "rule", "rule-minimum": "20", "rule-day_count": "calendar", "rule-basis": "新的依据"}
    )
    assert response.status_code == 302
    rule = ConsultationKind.objects.get(code="rule")
    assert (rule.minimum, rule.basis) == (20, "新的依据")
    assert AuditEvent.objects.filter(action="participation.kind_saved").exists()
    response = client.post(
        KINDS, {"kind": "rule", "rule-minimum": "20", "rule-day_count": "calendar", "rule-basis": ""}
    )
    assert response.status_code == 200 and "请写明依据" in response.content.decode()
