"""The editorial workflow: the transition table walked whole, review levels, scheduling, index numbers,
timeliness, edit conflicts and revisions."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from gongkai.core.actors import SYSTEM
from gongkai.core.models import AuditEvent
from gongkai.core.roles import Role
from gongkai.publishing import services, workflow
from gongkai.publishing.models import InformationItem, PublishingConfig, ReviewPolicy, Status
from tests.conftest import _staff
from tests.publishing.conftest import make_item, publish

pytestmark = pytest.mark.django_db

ACTIONS = {
    "submit": lambda item, editor, reviewer: services.submit_item(actor=editor, item=item),
    "recall": lambda item, editor, reviewer: services.recall_item(actor=editor, item=item),
    "approve": lambda item, editor, reviewer: services.approve_item(actor=reviewer, item=item),
    "reject": lambda item, editor, reviewer: services.reject_item(
        actor=reviewer, item=item, reason="请补充依据"
    ),
    "withdraw": lambda item, editor, reviewer: services.withdraw_item(
        actor=reviewer, item=item, reason="已过时"
    ),
    "restore": lambda item, editor, reviewer: services.restore_item(actor=editor, item=item),
    "publish_scheduled": lambda item, editor, reviewer: services.publish_due_items(
        actor=SYSTEM, now=timezone.now() + dt.timedelta(days=400)
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("status", Status.values)
def test_transition_table(catalogs, editor_a, reviewer_a, action, status):
    item = make_item(catalogs.dept_a, actor=editor_a, scheduled_at=timezone.now() + dt.timedelta(days=30))
    InformationItem.objects.filter(pk=item.pk).update(status=status, submitted_at=timezone.now())
    item.refresh_from_db()
    events_before = AuditEvent.objects.filter(action=f"publishing.item.{action}").count()
    if workflow.allowed(action, status):
        ACTIONS[action](item, editor_a, reviewer_a)
        item.refresh_from_db()
        assert item.status != status or action == "approve"
        assert AuditEvent.objects.filter(action=f"publishing.item.{action}").count() == events_before + 1
    else:
        if action == "publish_scheduled":
            ACTIONS[action](item, editor_a, reviewer_a)  # the scanner simply skips items not scheduled
        else:
            with pytest.raises(workflow.TransitionError):
                ACTIONS[action](item, editor_a, reviewer_a)
        item.refresh_from_db()
        assert item.status == status
        assert AuditEvent.objects.filter(action=f"publishing.item.{action}").count() == events_before


def test_publication_assigns_the_index_number_from_credit_code_year_and_serial(
    catalogs, editor_a, reviewer_a
):
    first = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    second = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    year = timezone.localdate().year
    assert first.status == Status.PUBLISHED and first.published_at is not None
    assert first.index_no == f"{catalogs.dept_a.credit_code}/{year}-00001"
    assert second.index_no == f"{catalogs.dept_a.credit_code}/{year}-00002"


def test_index_number_survives_withdrawal_and_republication(catalogs, editor_a, reviewer_a):
    item = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    number = item.index_no
    services.withdraw_item(actor=reviewer_a, item=item, reason="内容有误")
    services.restore_item(actor=editor_a, item=item)
    item = publish(item, editor_a, reviewer_a)
    assert item.index_no == number


def test_office_configured_format_is_used(catalogs, editor_a, reviewer_a):
    config = PublishingConfig.current()
    config.index_format = "LY-{code}-{year}-{serial:06d}"
    config.save()
    item = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    assert item.index_no == f"LY-{catalogs.dept_a.credit_code}-{timezone.localdate().year}-000001"


def test_two_levels_need_two_different_reviewers(catalogs, editor_a, reviewer_a):
    ReviewPolicy.objects.create(unit=catalogs.dept_a, levels=2)
    second_reviewer = _staff("reviewer_a2", catalogs.dept_a, Role.REVIEWER)
    item = make_item(catalogs.dept_a, actor=editor_a)
    services.submit_item(actor=editor_a, item=item)
    item = services.approve_item(actor=reviewer_a, item=item)
    assert (item.status, item.review_level_done) == (Status.SUBMITTED, 1)
    with pytest.raises(ValidationError, match="同一审核人不能审核同一稿件的多个级别"):
        services.approve_item(actor=reviewer_a, item=item)
    item = services.approve_item(actor=second_reviewer, item=item)
    assert item.status == Status.PUBLISHED


def test_rejection_returns_to_the_editor_with_the_reason(catalogs, editor_a, reviewer_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    services.submit_item(actor=editor_a, item=item)
    with pytest.raises(ValidationError, match="退回时请写明原因"):
        services.reject_item(actor=reviewer_a, item=item, reason="  ")
    item = services.reject_item(actor=reviewer_a, item=item, reason="请补充执行期限")
    assert item.status == Status.DRAFT
    assert item.review_steps.get().reason == "请补充执行期限"


def test_editors_cannot_approve_or_withdraw(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    services.submit_item(actor=editor_a, item=item)
    with pytest.raises(PermissionDenied):
        services.approve_item(actor=editor_a, item=item)


def test_scheduled_publication_waits_for_its_time(catalogs, editor_a, reviewer_a):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        item = make_item(catalogs.dept_a, actor=editor_a, scheduled_at=start + dt.timedelta(days=2))
        item = publish(item, editor_a, reviewer_a)
        assert item.status == Status.SCHEDULED and item.index_no is None
        call_command("publish_scheduled")
        item.refresh_from_db()
        assert item.status == Status.SCHEDULED
        traveller.shift(dt.timedelta(days=2, minutes=1))
        call_command("publish_scheduled", "--dry-run")
        item.refresh_from_db()
        assert item.status == Status.SCHEDULED
        call_command("publish_scheduled")
        call_command("publish_scheduled")  # idempotent
        item.refresh_from_db()
        assert item.status == Status.PUBLISHED and item.index_no.endswith("/2026-00001")
        assert AuditEvent.objects.filter(action="publishing.item.publish_scheduled").count() == 1


def test_timeliness_counts_twenty_working_days_from_formation(catalogs, editor_a, reviewer_a):
    # Formed Thu 2024-02-08: due Wed 2024-03-13 (spec §2.6 F), across the Spring Festival.
    item = make_item(catalogs.dept_a, actor=editor_a, written_on=dt.date(2024, 2, 8))
    assert item.publish_due_on == dt.date(2024, 3, 13)
    with time_machine.travel(dt.datetime(2024, 3, 13, 8, 0, tzinfo=dt.UTC), tick=False):
        on_time = publish(item, editor_a, reviewer_a)
    assert on_time.published_on_time is True and not on_time.is_late
    late = make_item(catalogs.dept_a, actor=editor_a, written_on=dt.date(2024, 2, 8))
    with time_machine.travel(dt.datetime(2024, 3, 14, 8, 0, tzinfo=dt.UTC), tick=False):
        late = publish(late, editor_a, reviewer_a)
    assert late.published_on_time is False and late.is_late


def test_a_second_editor_saving_the_same_version_gets_a_conflict(catalogs, editor_a):
    other_editor = _staff("editor_a2", catalogs.dept_a, Role.EDITOR)
    item = make_item(catalogs.dept_a, actor=editor_a)
    opened = item.version
    services.update_item(actor=editor_a, item=item, expected_version=opened, title="第一位编辑修改的标题")
    with pytest.raises(services.EditConflict) as excinfo:
        services.update_item(actor=other_editor, item=item, expected_version=opened, title="第二位编辑的标题")
    assert "您的修改未保存" in str(excinfo.value) and "editor_a" in str(excinfo.value)
    item.refresh_from_db()
    assert item.title == "第一位编辑修改的标题"


def test_every_save_keeps_a_revision_with_a_readable_diff(catalogs, editor_a):
    from gongkai.publishing.admin import revision_changes

    item = make_item(catalogs.dept_a, actor=editor_a, body="<p>第一段。</p><p>第二段。</p>")
    services.update_item(
        actor=editor_a, item=item, expected_version=item.version, body="<p>第一段。</p><p>第二段已修改。</p>"
    )
    first, second = item.revisions.order_by("number")
    changes = revision_changes(first.data, second.data)
    assert changes == [
        {"label": "正文", "lines": [(" ", "第一段。"), ("-", "第二段。"), ("+", "第二段已修改。")]}
    ]


def test_published_items_are_corrected_by_reviewers_not_editors(catalogs, editor_a, reviewer_a):
    item = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    with pytest.raises(PermissionDenied):
        services.update_item(
            actor=editor_a, item=item, expected_version=item.version, title="编辑直接改已发布信息"
        )
    services.update_item(
        actor=reviewer_a, item=item, expected_version=item.version, title="审核人更正后的标题"
    )
    item.refresh_from_db()
    assert item.title == "审核人更正后的标题" and item.status == Status.PUBLISHED


def test_body_is_sanitized_on_save(catalogs, editor_a):
    item = make_item(
        catalogs.dept_a,
        actor=editor_a,
        body='<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p>',
    )
    assert "script" not in item.body and "onclick" not in item.body and "javascript:" not in item.body
    assert "正文" in item.body_text
