"""The major-decision catalog: statuses as a table, reasons for adjusting or withdrawing, public page, API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.participation import services
from gongkai.participation.models import DecisionCatalog, DecisionMatter
from tests.conftest import logged_in
from tests.publishing.conftest import make_item, publish

pytestmark = pytest.mark.django_db
S = DecisionMatter.Status


@pytest.fixture
def matter(catalogs):
    catalog = DecisionCatalog.objects.create(unit=catalogs.dept_a, year=2026, is_published=True)
    return DecisionMatter.objects.create(catalog=catalog, order=1, title="城区停车收费标准调整", lead_unit=catalogs.dept_a,
                                         planned="2026年第三季度", methods=["hearing", "online"])  # fmt: skip


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [(S.PLANNED, S.CONSULTING, True), (S.PLANNED, S.DECIDED, True), (S.CONSULTING, S.PLANNED, False),
     (S.DECIDED, S.ADJUSTED, False), (S.WITHDRAWN, S.CONSULTING, False), (S.ADJUSTED, S.CONSULTING, True)],
)  # fmt: skip
def test_status_transitions_follow_the_table(matter, start, target, allowed):
    matter.status = start
    if allowed:
        services.check_matter_status(matter, target, "理由", decision=object())
    else:
        with pytest.raises(ValidationError):
            services.check_matter_status(matter, target, "理由", decision=object())


def test_withdrawing_needs_a_public_reason_and_deciding_a_document(
    matter, catalogs, editor_a, reviewer_a, client
):
    with pytest.raises(ValidationError, match="须说明理由"):
        services.set_matter_status(actor=reviewer_a, matter=matter, status=S.WITHDRAWN)
    with pytest.raises(PermissionDenied):
        services.set_matter_status(actor=editor_a, matter=matter, status=S.CONSULTING)
    with pytest.raises(ValidationError, match="决策文件"):
        services.set_matter_status(actor=reviewer_a, matter=matter, status=S.DECIDED)
    document = publish(
        make_item(catalogs.dept_a, actor=editor_a, title="关于调整城区停车收费标准的通知"),
        editor_a,
        reviewer_a,
    )
    services.set_matter_status(actor=reviewer_a, matter=matter, status=S.DECIDED, decision=document)
    page = client.get("/participation/decisions/", {"year": 2026}).text
    assert "城区停车收费标准调整" in page and "听证会、网上征求意见" in page and "已决策" in page
    assert f'href="{document.get_absolute_url()}"' in page
    [catalog] = client.get("/api/v1/decisions", {"year": 2026}).json()["items"]
    assert (
        catalog["matters"][0]["status"] == "decided"
        and catalog["matters"][0]["decision_url"] == document.get_absolute_url()
    )


def test_status_changes_in_the_back_office_are_checked(matter, reviewer_a):
    response = logged_in(reviewer_a).post(
        f"/manage/admin/participation/decisionmatter/{matter.pk}/change/",
        {"status": "withdrawn", "status_note": "", "consultation": "", "decision": ""},
    )
    assert response.status_code == 200 and "须说明理由" in response.text
    response = logged_in(reviewer_a).post(
        f"/manage/admin/participation/decisionmatter/{matter.pk}/change/",
        {"status": "withdrawn", "status_note": "上级政策调整，暂缓决策", "consultation": "", "decision": ""},
    )
    assert response.status_code == 302
    matter.refresh_from_db()
    assert (matter.status, matter.status_note) == ("withdrawn", "上级政策调整，暂缓决策")
