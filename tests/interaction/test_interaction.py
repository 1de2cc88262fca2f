"""Messages: writing, anti-abuse, handling with transfers on the calendar, public listing, rating, statistics."""

import datetime as dt

import pytest
import time_machine

from gongkai.core.actors import SYSTEM
from gongkai.interaction import services
from gongkai.interaction.models import Message
from tests.challenges import answer_of
from tests.conftest import api_client, logged_in

pytestmark = pytest.mark.django_db

BODY = "我叫张三丰，电话13805391234，家住兰山区沂蒙路188号。小区门口道路破损严重，车辆鲁Q12345经常被堵，请尽快维修。"


def at(moment):
    return time_machine.travel(moment, tick=False)


def write(client, channel, start, **overrides):
    """Open the form, wait like a person, submit with the right answer."""
    with at(start):
        page = client.get("/interaction/write/").text
    token = page.split('name="token" value="')[1].split('"')[0]
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    data = {
        "channel": channel.pk, "subject": "小区门口道路破损", "body": BODY, "name": "张三丰", "phone": "13805391234",
        "public_consent": "on", "token": token, "answer": answer_of(token), "submission_key": key, "website": "",
    }  # fmt: skip
    data.update(overrides)
    with at(start + dt.timedelta(seconds=30)):
        return client.post("/interaction/write/", data)


def token_in(page: str) -> str:
    return page.split('name="token" value="')[1].split('"')[0]


def rate(client, code, rating):
    """Open the follow page, answer the rating form's question after a human pause, post the rating."""
    start = dt.datetime.now(dt.UTC)
    with at(start):
        page = client.get(f"/interaction/follow/?code={code}").text
    data = {"code": code, "rating": rating}
    if 'name="token"' in page:
        token = token_in(page)
        data |= {"token": token, "answer": answer_of(token)}
    with at(start + dt.timedelta(seconds=30)):
        return client.post("/interaction/follow/", data)


def submit(channel, day, **overrides):
    with at(dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC)):
        message, _created = services.submit_message(
            channel=channel, subject="道路破损", body=BODY, name="张三丰", phone=overrides.pop("phone", "13805391234"),
            public_consent=True, **overrides,
        )  # fmt: skip
    return message


def test_citizen_writes_and_gets_a_query_code_with_the_due_date(client, channels):
    response = write(client, channels["consult"], dt.datetime(2024, 2, 7, 2, 0, tzinfo=dt.UTC))
    message = Message.objects.get()
    assert message.query_code in response.text
    # 5 working days across Spring Festival 2024: 2/8, 2/9 (除夕, a working day in 2024), make-up Sun 2/18, 2/19, 2/20
    assert message.due_on == dt.date(2024, 2, 20)
    assert "2024年2月20日" in response.text


def test_wrong_answer_or_bot_field_or_haste_is_refused_and_saves_nothing(client, channels):
    start = dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)
    assert "回答不正确" in write(client, channels["consult"], start, answer="999").text
    assert "提交失败" in write(client, channels["consult"], start, website="http://spam").text
    with at(start):
        page = client.get("/interaction/write/").text
        token = page.split('name="token" value="')[1].split('"')[0]
        hasty = client.post(
            "/interaction/write/",
            {"channel": channels["consult"].pk, "subject": "标题", "body": BODY, "name": "张三", "phone": "13805391234",
             "token": token, "answer": answer_of(token)},
        )  # fmt: skip
    assert "提交过快" in hasty.text
    assert not Message.objects.exists()


def test_double_submission_creates_one_message(client, channels):
    start = dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)
    with at(start):
        page = client.get("/interaction/write/").text
    token = page.split('name="token" value="')[1].split('"')[0]
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    data = {"channel": channels["consult"].pk, "subject": "标题", "body": BODY, "name": "张三", "phone": "13805391234",
            "token": token, "answer": answer_of(token), "submission_key": key}  # fmt: skip
    with at(start + dt.timedelta(seconds=20)):
        first, second = client.post("/interaction/write/", data), client.post("/interaction/write/", data)
    assert Message.objects.count() == 1
    assert "该留言此前已提交" in second.text and Message.objects.get().query_code in first.text


def test_rate_limit_per_phone(channels):
    for n in range(3):
        submit(channels["consult"], dt.date(2024, 3, 4), submission_key=f"k{n}", ip=f"10.0.0.{n}")
    with pytest.raises(Exception, match="每天最多提交3条"):
        submit(channels["consult"], dt.date(2024, 3, 4), submission_key="k4", ip="10.0.0.9")
    assert Message.objects.count() == 3


def test_public_text_is_masked_automatically(channels):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    assert (
        message.public_body
        == "我叫张**，电话138****1234，家住兰山区沂蒙路**号。小区门口道路破损严重，车辆鲁Q*****经常被堵，请尽快维修。"
    )


def test_lexicon_flags_but_keeps_the_message(channels):
    from gongkai.publishing.models import LexiconEntry

    LexiconEntry.objects.create(term="垃圾政府", kind="forbidden", severity="block")
    message = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="x")
    flagged = services.submit_message(
        channel=channels["consult"],
        subject="投诉",
        body="垃圾政府不作为",
        name="李四",
        phone="13905391234",
        public_consent=True,
    )[0]
    assert flagged.flagged_terms == ["垃圾政府"] and message.flagged_terms == []
    assert Message.objects.filter(pk=flagged.pk).exists()


def handle_through(message, editor, reviewer, day, reply="已安排维修，预计两周内完成。"):
    with at(dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC)):
        services.handle(actor=reviewer, message=message, kind="accepted")
        services.handle(actor=editor, message=message, kind="reply_drafted", reply_text=reply)
        services.handle(actor=reviewer, message=message, kind="answered")
        return services.handle(actor=reviewer, message=message, kind="published")


def test_transfer_keeps_the_clock_and_the_replying_unit_is_recorded(
    channels, tree, office, editor_b, admin_b
):
    message = submit(channels["mailbox"], dt.date(2019, 9, 30))  # 10 working days across National Day 2019
    assert message.due_on == dt.date(2019, 10, 18)  # 10/8 … 10/11, make-up Sat 10/12, 10/14 … 10/18
    with at(dt.datetime(2019, 10, 8, 2, 0, tzinfo=dt.UTC)):
        services.handle(actor=office, message=message, kind="accepted")
        services.handle(actor=office, message=message, kind="transferred", to_unit=tree.dept_b)
    message.refresh_from_db()
    assert message.unit == tree.dept_b and message.due_on == dt.date(2019, 10, 18)
    with at(dt.datetime(2019, 10, 14, 2, 0, tzinfo=dt.UTC)):
        services.handle(actor=editor_b, message=message, kind="reply_drafted", reply_text="已转交处理")
        answered = services.handle(actor=admin_b, message=message, kind="answered")
    assert answered.reply_unit == tree.dept_b and answered.replied_on == dt.date(2019, 10, 14)
    assert answered.reply_working_days == 6  # 9/30 not counted; 10/8 10/9 10/10 10/11 10/12* 10/14
    assert not answered.is_overdue
    assert [e.kind for e in answered.events.all()] == [
        "received",
        "accepted",
        "transferred",
        "reply_drafted",
        "answered",
    ]


def test_rejection_reason_is_shown_to_the_writer(client, channels, reviewer_a):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    services.handle(
        actor=reviewer_a, message=message, kind="rejected", reason="不属于本平台受理范围，请拨打12345。"
    )
    page = client.post("/interaction/follow/", {"code": message.query_code}).text
    assert "不予受理" in page and "请拨打12345" in page


def test_listing_shows_masked_text_and_dates_and_the_writer_rates_once(
    client, channels, editor_a, reviewer_a
):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    handle_through(message, editor_a, reviewer_a, dt.date(2024, 3, 6))
    listing = client.get("/interaction/").text
    assert f'href="/interaction/messages/{message.pk}/"' in listing
    detail = client.get(f"/interaction/messages/{message.pk}/").text
    for private in ("张三丰", "13805391234", "188号", "鲁Q12345"):
        assert private not in detail
    assert "2024年3月4日" in detail and "2024年3月6日" in detail and "临沂市发展和改革委员会" in detail
    rate(client, message.query_code, "satisfied")
    again = rate(client, message.query_code, "unsatisfied")
    message.refresh_from_db()
    assert message.rating == "satisfied" and "您的评价" in again.text


def test_writer_refusing_publication_is_never_listed(channels, editor_a, reviewer_a):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    Message.objects.filter(pk=message.pk).update(public_consent=False)
    message.refresh_from_db()
    with pytest.raises(Exception, match="不同意公开"):
        handle_through(message, editor_a, reviewer_a, dt.date(2024, 3, 6))
    assert not Message.objects.listed().exists()


def test_statistics_per_unit(client, channels, editor_a, reviewer_a):
    on_time = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="a")
    late = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="b", phone="13905391234")
    submit(channels["consult"], dt.date(2024, 3, 5), submission_key="c", phone="13705391234")
    handle_through(on_time, editor_a, reviewer_a, dt.date(2024, 3, 6))
    handle_through(late, editor_a, reviewer_a, dt.date(2024, 3, 20))
    services.rate(message=Message.objects.get(pk=on_time.pk), rating="satisfied")
    services.rate(message=Message.objects.get(pk=late.pk), rating="unsatisfied")
    (row,) = services.statistics(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    assert (row["received"], row["answered"], row["on_time"]) == (3, 2, 1)
    assert row["avg_working_days"] == 7.0  # (2 + 12) / 2
    assert row["satisfaction"] == 50.0
    assert "临沂市发展和改革委员会" in client.get("/interaction/stats/?year=2024").text
    csv_body = client.get("/interaction/stats.csv?year=2024").content.decode("utf-8-sig")
    assert "临沂市发展和改革委员会,3,2,1,7.0,50.0" in csv_body
    assert client.get("/interaction/stats.xlsx?year=2024").content[:2] == b"PK"
    api = client.get("/api/v1/interaction/statistics", {"start": "2024-01-01", "end": "2024-12-31"}).json()
    assert api[0]["on_time"] == 1


def test_veto_dashboard_shows_messages_unanswered_for_three_months(channels, office, editor_b):
    old = submit(channels["mailbox"], dt.date(2024, 1, 5), submission_key="old")
    submit(channels["mailbox"], dt.date(2024, 3, 28), submission_key="new", phone="13905391234")
    with at(dt.datetime(2024, 4, 8, 2, 0, tzinfo=dt.UTC)):
        page = logged_in(office).get("/manage/admin/interaction/message/dashboard/").text
        assert "超过三个月未答复（单项否决）：1 条" in page and old.query_code in page
        assert logged_in(editor_b).get("/manage/admin/interaction/message/dashboard/").status_code == 403


def test_staff_of_other_units_cannot_handle(channels, editor_b):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    response = api_client(editor_b).post(
        f"/api/v1/staff/interaction/messages/{message.pk}/events",
        {"kind": "accepted"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_api_submit_and_follow(client, channels):
    with at(dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)):
        challenge = client.get("/api/v1/interaction/challenge").json()
    body = {"channel_id": channels["consult"].pk, "subject": "咨询社保", "body": "请问灵活就业人员如何参保？", "name": "王五",
            "phone": "13605391234", "token": challenge["token"], "answer": answer_of(challenge["token"]), "submission_key": "api1"}  # fmt: skip
    with at(dt.datetime(2024, 3, 4, 2, 1, tzinfo=dt.UTC)):
        created = client.post("/api/v1/interaction/messages", body, content_type="application/json")
        again = client.post("/api/v1/interaction/messages", body, content_type="application/json")
    assert (created.status_code, again.status_code) == (201, 200)
    followed = client.get(f"/api/v1/interaction/messages/by-code/{created.json()['query_code']}").json()
    assert followed["status"] == "received" and followed["reply_text"] is None and "phone" not in followed
    wrong = dict(body, answer="0", submission_key="api2")
    with at(dt.datetime(2024, 3, 4, 2, 2, tzinfo=dt.UTC)):
        assert (
            client.post("/api/v1/interaction/messages", wrong, content_type="application/json").status_code
            == 422
        )


def test_attachments_are_sniffed_and_kept_private(client, channels):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.publishing.test_attachments import PNG

    start = dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    refused = write(client, channels["consult"], start, attachments=fake)
    assert "不是图片或PDF文件" in refused.text and not Message.objects.exists()
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    write(client, channels["consult"], start, attachments=photo)
    (attachment,) = Message.objects.get().attachments.all()
    assert (attachment.kind, attachment.name) == ("png", "现场.png")


def test_reminders_before_the_limit_and_when_overdue_each_once(channels, editor_a):
    from django.core import mail
    from django.core.management import call_command

    from gongkai.core import services as core_services

    core_services.update_staff(actor=SYSTEM, staff=editor_a, email="a@linyi.gov.cn")
    message = submit(channels["consult"], dt.date(2024, 3, 4))  # due 2024-03-11
    for day in (
        dt.date(2024, 3, 7),
        dt.date(2024, 3, 8),
        dt.date(2024, 3, 8),
        dt.date(2024, 3, 12),
        dt.date(2024, 3, 13),
    ):
        with at(dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC)):
            call_command("send_message_reminders")
    assert [m.subject.split(" ")[-1] for m in mail.outbox] == ["即将到期", "已超过答复期限"]
    assert message.query_code in mail.outbox[0].subject
