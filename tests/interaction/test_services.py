"""Every interaction service: its effect and its audit record; no actor is refused; the reminder scanner
claims each reminder once, even when two runs overlap, and its dry run writes nothing."""

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from gongkai.core import services as core_services
from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.interaction import demo, services
from gongkai.interaction.models import Channel, FaqEntry, Message, MessageEvent, ReplyTemplate, Status
from tests.conftest import logged_in
from tests.interaction.test_interaction import at, submit

pytestmark = pytest.mark.django_db


def records(action: str):
    return AuditEvent.objects.filter(action=action)


# Submission and rating ----------------------------------------------------------------------------------


def test_a_submitted_message_is_registered_with_its_event_and_audit_record(channels, tree):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    assert (message.status, message.unit, message.received_on) == (
        Status.RECEIVED,
        tree.dept_a,
        dt.date(2024, 3, 4),
    )
    assert list(message.events.values_list("kind", flat=True)) == ["received"]
    (record,) = records("interaction.message.received")
    assert (record.object_id, record.unit, record.actor) == (str(message.pk), tree.dept_a, None)
    assert record.actor_name == "公众（网上提交）" and record.object_repr == message.query_code


def test_a_resubmission_with_the_same_key_records_nothing_more(channels):
    first = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="same")
    again = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="same")
    assert again == first and Message.objects.count() == 1
    assert records("interaction.message.received").count() == 1


def test_an_inactive_channel_takes_no_message(channels):
    Channel.objects.filter(pk=channels["consult"].pk).update(is_active=False)
    channels["consult"].refresh_from_db()
    with pytest.raises(ValidationError, match="该渠道已停用"):
        submit(channels["consult"], dt.date(2024, 3, 4))
    assert not Message.objects.exists() and not records("interaction.message.received").exists()


def test_the_writer_rates_an_answered_message_once_and_the_rating_is_recorded(channels, tree):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    with pytest.raises(ValidationError, match="尚未答复"):
        services.rate(message=message, rating="satisfied")
    Message.objects.filter(pk=message.pk).update(status=Status.ANSWERED)
    rated = services.rate(message=message, rating="basic")
    assert rated.rating == "basic" and rated.rated_at is not None
    assert message.events.filter(kind="rated").get().data == {"rating": "basic"}
    (record,) = records("interaction.message.rated")
    assert (record.changes, record.unit, record.actor_name) == (
        {"rating": ["", "basic"]},
        tree.dept_a,
        "公众（网上提交）",
    )
    with pytest.raises(ValidationError, match="该留言已评价"):
        services.rate(message=message, rating="unsatisfied")
    with pytest.raises(ValidationError, match="请选择评价"):
        services.rate(message=message, rating="great")
    assert records("interaction.message.rated").count() == 1
    assert Message.objects.get(pk=message.pk).rating == "basic"


# Channels and FAQ entries ---------------------------------------------------------------------------------


def test_the_office_adds_and_changes_a_channel_with_an_audit_record_each(tree, office):
    channel = services.save_channel(
        actor=office, channel=Channel(code="edu", name="教育咨询", kind="consultation", unit=tree.dept_b)
    )
    assert Channel.objects.get(code="edu").unit == tree.dept_b
    created = records("interaction.channel.created").get()
    assert (created.actor, created.unit, created.object_id) == (office, tree.dept_b, str(channel.pk))
    channel.reply_days = 5
    services.save_channel(actor=office, channel=channel)
    changed = records("interaction.channel.changed").get()
    assert changed.changes["reply_days"] == [10, 5]


def test_an_editor_or_no_actor_may_not_save_a_channel(tree, editor_a):
    for actor in (editor_a, None):
        with pytest.raises(PermissionDenied):
            services.save_channel(
                actor=actor, channel=Channel(code="x", name="x", kind="mailbox", unit=tree.dept_a)
            )
    assert not Channel.objects.exists() and not AuditEvent.objects.filter(action__startswith="interaction.")


def test_a_reviewer_saves_a_faq_entry_and_an_editor_may_not(tree, reviewer_a, editor_a):
    entry = services.save_faq(
        actor=reviewer_a, entry=FaqEntry(question="如何参保？", answer="到经办机构办理。", unit=tree.dept_a)
    )
    record = records("interaction.faqentry.created").get()
    assert (record.actor, record.object_id, record.unit) == (reviewer_a, str(entry.pk), tree.dept_a)
    entry.answer = "通过“爱山东”办理。"
    with pytest.raises(PermissionDenied):
        services.save_faq(actor=editor_a, entry=entry)
    assert FaqEntry.objects.get().answer == "到经办机构办理。"
    with pytest.raises(PermissionDenied):
        services.save_faq(actor=None, entry=FaqEntry(question="q", answer="a", unit=tree.dept_a))
    assert FaqEntry.objects.count() == 1


def test_the_channel_screen_saves_through_the_service_with_its_record(tree, office, editor_a):
    data = {"code": "school", "name": "教育信箱", "kind": "mailbox", "unit": tree.dept_b.pk, "reply_days": 10,
            "description": "", "is_active": "on", "sort_order": 5}  # fmt: skip
    response = logged_in(office).post("/manage/admin/interaction/channel/add/", data)
    assert response.status_code == 302
    channel = Channel.objects.get(code="school")
    assert records("interaction.channel.created").get().object_id == str(channel.pk)
    assert (
        logged_in(editor_a).post("/manage/admin/interaction/channel/add/", dict(data, code="y")).status_code
        == 403
    )
    assert not Channel.objects.filter(code="y").exists()


def test_the_faq_screen_saves_through_the_service_with_its_record(tree, reviewer_a):
    data = {"question": "新生儿如何参保？", "answer": "出生后即可办理。", "unit": tree.dept_a.pk,
            "is_published": "on", "created_at_0": "2024-03-04", "created_at_1": "10:00:00"}  # fmt: skip
    response = logged_in(reviewer_a).post("/manage/admin/interaction/faqentry/add/", data)
    assert response.status_code == 302, response.text
    entry = FaqEntry.objects.get()
    record = records("interaction.faqentry.created").get()
    assert (record.object_id, record.actor) == (str(entry.pk), reviewer_a)


# The demo -------------------------------------------------------------------------------------------------


class Report:
    pass


def test_the_demo_loads_once_as_the_named_load_demo_job(tree):
    demo.load(Report())
    counts = (Channel.objects.count(), Message.objects.count(), FaqEntry.objects.count())
    # 6 answered or waiting, 8 open for the workspace's daily work; 兰山区's 区长信箱 with 4 answered
    assert counts == (5, 18, 1)
    assert Message.objects.listed().count() == 8
    assert ReplyTemplate.objects.count() == 4
    handled = records("interaction.message.published")
    assert handled.count() == 8 and {r.actor_name for r in handled} == {"系统（load_demo）"}
    assert records("interaction.channel.created").count() == 5
    demo.load(Report())
    assert (Channel.objects.count(), Message.objects.count(), FaqEntry.objects.count()) == counts
    assert ReplyTemplate.objects.count() == 4


# Reminders ------------------------------------------------------------------------------------------------


@pytest.fixture
def reminded_unit(editor_a, office):
    core_services.update_staff(actor=office, staff=editor_a, email="a@linyi.gov.cn")
    return editor_a


def test_a_reminder_is_claimed_recorded_and_sent(channels, reminded_unit):
    message = submit(channels["consult"], dt.date(2024, 3, 4))  # due 2024-03-11
    job = system("send_message_reminders")
    with at(dt.datetime(2024, 3, 8, 1, 0, tzinfo=dt.UTC)):
        assert services.send_reminders(actor=job) == [(message.query_code, "due_soon")]
    assert Message.objects.get(pk=message.pk).reminded_stage == "due_soon"
    (record,) = records("interaction.message.reminded")
    assert (record.actor_name, record.changes) == (
        "系统（send_message_reminders）",
        {"reminded_stage": ["", "due_soon"]},
    )
    assert [m.to for m in mail.outbox] == [["a@linyi.gov.cn"]]


def test_no_actor_or_an_editor_may_not_run_the_reminders(channels, editor_a):
    submit(channels["consult"], dt.date(2024, 3, 4))
    with at(dt.datetime(2024, 3, 8, 1, 0, tzinfo=dt.UTC)):
        for actor in (None, editor_a):
            with pytest.raises(PermissionDenied):
                services.send_reminders(actor=actor)
    assert not mail.outbox and not records("interaction.message.reminded").exists()


def test_two_overlapping_runs_send_each_reminder_once(channels, reminded_unit):
    first = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="a")
    second = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="b", phone="13905391234")
    run_a, run_b = system("send_message_reminders"), system("send_message_reminders")
    with at(dt.datetime(2024, 3, 8, 1, 0, tzinfo=dt.UTC)):
        today = dt.date(2024, 3, 8)
        # Both runs read the due rows before either claims one: the overlap that used to send twice.
        seen_a, seen_b = services.due_reminders(today=today), services.due_reminders(today=today)
        assert len(seen_a) == len(seen_b) == 2
        taken = []
        for (message_a, stage_a), (message_b, stage_b) in zip(seen_a, seen_b, strict=True):
            taken.append(services.send_reminder(actor=run_a, message=message_a, stage=stage_a))
            taken.append(services.send_reminder(actor=run_b, message=message_b, stage=stage_b))
    assert taken == [True, False, True, False]
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"【政民互动】留言 {m.query_code} 即将到期" for m in (first, second)
    )
    assert records("interaction.message.reminded").count() == 2


def test_the_dry_run_prints_what_is_due_and_writes_nothing(channels, reminded_unit):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    out = io.StringIO()
    with at(dt.datetime(2024, 3, 12, 1, 0, tzinfo=dt.UTC)):
        call_command("send_message_reminders", "--dry-run", stdout=out)
    assert out.getvalue() == f"would remind for 1 message(s)\n  {message.query_code}: overdue\n"
    assert Message.objects.get(pk=message.pk).reminded_stage == ""
    assert not mail.outbox and not records("interaction.message.reminded").exists()
    with at(dt.datetime(2024, 3, 12, 1, 0, tzinfo=dt.UTC)):
        call_command("send_message_reminders", stdout=out)
        call_command("send_message_reminders", stdout=out)
    assert len(mail.outbox) == 1 and "已超过答复期限" in mail.outbox[0].subject


def test_a_message_already_overdue_is_not_reminded_that_it_is_due_soon(channels, reminded_unit):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    Message.objects.filter(pk=message.pk).update(reminded_stage="overdue")
    with at(dt.datetime(2024, 3, 8, 1, 0, tzinfo=dt.UTC)):
        assert services.send_reminders(actor=system("send_message_reminders")) == []
    assert not mail.outbox


def test_answered_messages_get_no_reminder(channels, reminded_unit):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    Message.objects.filter(pk=message.pk).update(status=Status.ANSWERED)
    with at(dt.datetime(2024, 3, 12, 1, 0, tzinfo=dt.UTC)):
        assert services.send_reminders(actor=system("send_message_reminders")) == []


def test_reminders_noted_in_the_old_event_data_carry_over_to_the_column(channels):
    migration = importlib.import_module("gongkai.interaction.migrations.0003_message_reminded_stage")
    soon = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="s")
    late = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="l", phone="13905391234")
    MessageEvent.objects.filter(message=soon).update(data={"reminded": ["due_soon"]})
    MessageEvent.objects.filter(message=late).update(data={"reminded": ["due_soon", "overdue"], "x": 1})
    migration.carry_over_reminders(apps, None)
    assert Message.objects.get(pk=soon.pk).reminded_stage == "due_soon"
    assert Message.objects.get(pk=late.pk).reminded_stage == "overdue"
    assert late.events.get().data == {"x": 1}


@pytest.mark.django_db(transaction=True)
def test_two_scanner_processes_at_once_send_each_reminder_once(channels, reminded_unit):
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "two real connections at once: PostgreSQL (SQLite serializes writers; see the test above)"
        )

    codes = [
        submit(
            channels["consult"], dt.date(2024, 3, 4), submission_key=f"k{n}", phone=f"1390539{n:04d}"
        ).query_code
        for n in range(12)
    ]
    start = threading.Barrier(2)

    def run():
        try:
            start.wait()
            call_command("send_message_reminders", stdout=io.StringIO())
        finally:
            connection.close()

    with at(dt.datetime(2024, 3, 8, 1, 0, tzinfo=dt.UTC)):
        runs = [threading.Thread(target=run) for _ in range(2)]
        for thread in runs:
            thread.start()
        for thread in runs:
            thread.join()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == sorted(f"【政民互动】留言 {code} 即将到期" for code in codes)
    assert records("interaction.message.reminded").count() == 12


def test_an_attachment_view_is_recorded_only_for_staff_who_reach_the_message(channels, editor_a, editor_b):
    from gongkai.interaction import attachments
    from tests.publishing import samples

    message = submit(
        channels["consult"], dt.date(2024, 3, 4), attachments=[("照片.png", samples.png_bytes())]
    )
    (attachment,) = message.attachments.all()
    for outside in (editor_b, None):
        with pytest.raises(PermissionDenied):
            attachments.record_view(actor=outside, attachment=attachment)
    attachments.record_view(actor=editor_a, attachment=attachment)
    (record,) = records("interaction.attachment.viewed")
    assert (record.actor, record.changes["attachment_id"]) == (editor_a, [None, attachment.pk])


def test_a_county_office_may_not_take_over_a_city_channel(channels, tree, county_office):
    mailbox = Channel.objects.get(pk=channels["mailbox"].pk)
    mailbox.unit = tree.county
    with pytest.raises(PermissionDenied):
        services.save_channel(actor=county_office, channel=mailbox)
    assert Channel.objects.get(pk=mailbox.pk).unit == tree.city
    assert not records("interaction.channel.changed").exists()
