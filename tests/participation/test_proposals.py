"""Legislators' suggestions and proposals: replies published in full or with the reason, statistics per unit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.participation import proposals
from gongkai.participation.models import Proposal
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(tree):
    return Proposal.objects.create(kind="npc", year=2026, number="第128号", title="关于增设城区公共停车场的建议",
                                   authors="王某某等5名代表", lead_unit=tree.dept_a, assigned_on=dt.date(2026, 2, 20),
                                   deadline=dt.date(2026, 5, 20))  # fmt: skip


def test_a_reply_is_published_in_full_or_with_the_reason(suggestion, tree, reviewer_a, admin_b, client):
    with pytest.raises(PermissionDenied):
        proposals.reply_proposal(
            actor=admin_b, proposal=suggestion, text="答复", replied_on=dt.date(2026, 5, 1), category="A"
        )
    with pytest.raises(ValidationError, match="须说明理由"):
        proposals.reply_proposal(actor=reviewer_a, proposal=suggestion, text="答复", replied_on=dt.date(2026, 5, 1),
                                category="A", public=False)  # fmt: skip
    assert client.get("/participation/proposals/").text.count(suggestion.title) == 0  # not yet replied
    proposals.reply_proposal(actor=reviewer_a, proposal=suggestion, text="已规划新建三处公共停车场。",
                            replied_on=dt.date(2026, 5, 1), category="A")  # fmt: skip
    assert suggestion.title in client.get("/participation/proposals/", {"year": 2026}).text
    assert "已规划新建三处公共停车场" in client.get(suggestion.get_absolute_url()).text
    other = Proposal.objects.create(kind="cppcc", year=2026, number="第9号", title="关于某事项的提案", authors="李某某",
                                    lead_unit=tree.dept_a, assigned_on=dt.date(2026, 2, 20), deadline=dt.date(2026, 5, 20))  # fmt: skip
    proposals.reply_proposal(actor=reviewer_a, proposal=other, text="内部事项。", replied_on=dt.date(2026, 6, 1),
                            category="C", public=False, not_public_reason="涉及内部人事管理")  # fmt: skip
    page = client.get(other.get_absolute_url()).text
    assert "涉及内部人事管理" in page and "内部事项" not in page and "超过办理期限" in page
    items = client.get("/api/v1/proposals", {"year": 2026}).json()["items"]
    assert {i["number"]: i["reply"] for i in items} == {
        "第128号": "已规划新建三处公共停车场。",
        "第9号": None,
    }


def test_statistics_per_unit_count_on_time_and_overdue(suggestion, tree, reviewer_a):
    late = Proposal.objects.create(kind="cppcc", year=2026, number="第10号", title="逾期未复", authors="赵某",
                                   lead_unit=tree.dept_a, assigned_on=dt.date(2026, 2, 20), deadline=dt.date(2026, 5, 20))  # fmt: skip
    proposals.reply_proposal(
        actor=reviewer_a, proposal=suggestion, text="答复。", replied_on=dt.date(2026, 5, 20), category="A"
    )
    [row] = proposals.proposal_statistics([tree.dept_a, tree.dept_b], 2026, today=dt.date(2026, 6, 1))
    assert (row["npc"], row["cppcc"], row["replied"], row["on_time"], row["overdue"]) == (1, 1, 1, 1, 1)
    assert late.status == "assigned"


def test_the_lead_unit_replies_in_the_back_office(suggestion, reviewer_a):
    form = {"kind": "npc", "year": 2026, "number": "第128号", "title": suggestion.title, "authors": suggestion.authors,
            "lead_unit": suggestion.lead_unit_id, "assigned_on": "2026-02-20", "deadline": "2026-05-20",
            "reply": "答复全文。", "category": "B", "replied_on": "2026-01-01", "reply_public": "", "not_public_reason": ""}  # fmt: skip
    page = logged_in(reviewer_a).post(f"/manage/admin/participation/proposal/{suggestion.pk}/change/", form)
    assert page.status_code == 200 and "须说明理由" in page.text and "不能早于交办日期" in page.text
    form.update({"replied_on": "2026-04-30", "reply_public": "on"})
    assert (
        logged_in(reviewer_a)
        .post(f"/manage/admin/participation/proposal/{suggestion.pk}/change/", form)
        .status_code
        == 302
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "replied" and suggestion.on_time
