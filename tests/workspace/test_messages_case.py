"""/manage/messages/<id>/: a message's case page. Each step goes through the handling service; wrong input
comes back in Chinese next to the field with nothing changed; the writer's contact is shown only on an
audited 查看; the public version is corrected before publication and never shows personal data."""

import datetime as dt
import re

import pytest
import time_machine

from gongkai.core.models import AuditEvent
from gongkai.interaction import services
from gongkai.interaction.models import EventKind, Message, MessageEvent, ReplyTemplate, Status
from tests.conftest import logged_in
from tests.publishing import samples
from tests.workspace.messaging import ACTOR, channels_fixture, make_message  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_monday():
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC), tick=False):
        yield


def case(client, message) -> str:
    response = client.get(f"/manage/messages/{message.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def step(client, message, name, **fields):
    return client.post(
        f"/manage/messages/{message.pk}/steps/{name}/", {f"{name}-{k}": v for k, v in fields.items()}
    )


def events(message, kind):
    return MessageEvent.objects.filter(message=message, kind=kind)


def test_case_page_shows_text_dates_and_history_in_words_but_not_the_contact(channels, editor_a, tree):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30))
    services.handle(
        actor=ACTOR, message=message, kind=EventKind.TRANSFERRED, to_unit=tree.dept_b, note="转错"
    )
    services.handle(
        actor=ACTOR, message=message, kind=EventKind.TRANSFERRED, to_unit=tree.dept_a, note="退回"
    )
    page = case(logged_in(editor_a), message)
    assert "小区门口道路破损严重" in page and "2024年5月30日" in page
    assert "由临沂市发展和改革委员会转至临沂市教育局办理，答复期限不变。 理由：转错" in page
    history = re.sub(r"<[^>]+>", "", page.split('class="msg-history"')[1].split("</ol>")[0])
    assert "转办" in history and "=" not in history and "unit" not in history
    assert "13900000" not in page.split("留言内容")[0]  # the writer's mobile is not on the page
    assert message.phone not in page
    assert "查看留言人姓名和电话" in page


def test_viewing_the_writers_contact_is_audited(channels, editor_a, editor_b):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30), name="李秀英")
    response = logged_in(editor_a).post(f"/manage/messages/{message.pk}/contact/")
    page = response.content.decode()
    assert "李秀英" in page and message.phone in page and "本次查看已记入操作日志" in page
    record = AuditEvent.objects.get(action="interaction.message.contact_viewed")
    assert record.actor == editor_a and record.object_id == str(message.pk)
    assert logged_in(editor_b).post(f"/manage/messages/{message.pk}/contact/").status_code == 404
    assert AuditEvent.objects.filter(action="interaction.message.contact_viewed").count() == 1
    assert logged_in(editor_a).get(f"/manage/messages/{message.pk}/contact/").status_code == 405


def test_attachments_are_listed_and_each_download_is_audited(channels, editor_a, editor_b):
    pdf = samples.pdf_bytes()
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30), attachments=[("现场.pdf", pdf)])
    attachment = message.attachments.get()
    page = case(logged_in(editor_a), message)
    url = f"/manage/messages/{message.pk}/attachments/{attachment.pk}/"
    assert "下载“现场.pdf”" in page and url in page
    response = logged_in(editor_a).get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert (
        AuditEvent.objects.filter(action="interaction.attachment.viewed", actor_id=editor_a.pk).count() == 1
    )
    assert logged_in(editor_b).get(url).status_code == 404


def test_accept_then_transfer_with_a_reason(channels, editor_a, tree):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30))
    client = logged_in(editor_a)
    assert step(client, message, "accepted").status_code == 302
    assert Message.objects.get(pk=message.pk).status == Status.ACCEPTED
    missing = step(client, message, "transferred", to_unit=tree.dept_b.pk)
    text = missing.content.decode()
    assert missing.status_code == 200 and "请写明转办理由。" in text and "error-summary" in text
    same = step(client, message, "transferred", to_unit=tree.dept_a.pk, note="本单位")
    assert "请选择转往的其他单位。" in same.content.decode()
    assert (
        Message.objects.get(pk=message.pk).unit == tree.dept_a and not events(message, "transferred").exists()
    )
    done = step(client, message, "transferred", to_unit=tree.dept_b.pk, note="属于教育局职责")
    assert done.status_code == 302 and done["Location"] == "/manage/messages/"  # out of my reach now
    moved = Message.objects.get(pk=message.pk)
    assert moved.unit == tree.dept_b and moved.due_on == message.due_on
    assert events(message, "transferred").get().note == "属于教育局职责"


def test_reject_needs_a_reason_and_a_reviewer(channels, editor_a, reviewer_a):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30))
    assert "不予受理理由" not in case(logged_in(editor_a), message)
    assert step(logged_in(editor_a), message, "rejected", reason="重复").status_code == 403
    empty = step(logged_in(reviewer_a), message, "rejected", reason="  ")
    assert "不予受理时须写明理由" in empty.content.decode()
    assert step(logged_in(reviewer_a), message, "rejected", reason="不属于受理范围").status_code == 302
    assert Message.objects.get(pk=message.pk).reject_reason == "不属于受理范围"


def test_merge_into_another_message_by_query_code(channels, editor_a):
    first = make_message(channels["consult"], on=dt.date(2024, 5, 29))
    duplicate = make_message(channels["consult"], on=dt.date(2024, 5, 30))
    assert (
        "请填写要合并到的留言的查询码。"
        in step(logged_in(editor_a), duplicate, "merged", into="LY000").content.decode()
    )
    assert step(logged_in(editor_a), duplicate, "merged", into=first.query_code).status_code == 302
    assert Message.objects.get(pk=duplicate.pk).merged_into == first


def test_reply_template_fills_the_reply_without_javascript_and_saves_nothing(channels, editor_a, tree):
    city = ReplyTemplate.objects.create(
        title="感谢来信", body="感谢您的来信，我们会认真研究。", unit=tree.city
    )
    ReplyTemplate.objects.create(title="教育局模板", body="教育局专用", unit=tree.dept_b)
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30), step="accepted")
    client = logged_in(editor_a)
    page = case(client, message)
    assert "感谢来信" in page and "教育局模板" not in page  # the city's templates serve its departments
    assert 'data-body="感谢您的来信，我们会认真研究。"' in page
    filled = client.post(
        f"/manage/messages/{message.pk}/steps/reply_drafted/",
        {"reply_drafted-template": city.pk, "reply_drafted-reply_text": "您好：", "reply_drafted-fill": "1"},
    )
    assert filled.status_code == 200
    assert "您好：\n感谢您的来信，我们会认真研究。</textarea>" in filled.content.decode()
    assert Message.objects.get(pk=message.pk).status == Status.ACCEPTED
    assert not events(message, "reply_drafted").exists()


def test_reply_review_return_then_approve(channels, editor_a, reviewer_a):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30), step="accepted")
    editor, reviewer = logged_in(editor_a), logged_in(reviewer_a)
    assert "请填写答复内容。" in step(editor, message, "reply_drafted", reply_text=" ").content.decode()
    assert step(editor, message, "reply_drafted", reply_text="已安排维修").status_code == 302
    assert "审核答复" not in case(editor, message)  # an editor does not review
    assert step(editor, message, "review", decision="answered").status_code == 403
    no_reason = step(reviewer, message, "review", decision="reply_returned")
    assert "退回修改时请写明意见。" in no_reason.content.decode()
    assert Message.objects.get(pk=message.pk).status == Status.REPLY_REVIEW
    assert (
        step(reviewer, message, "review", decision="reply_returned", reason="请写明维修时间").status_code
        == 302
    )
    assert "退回意见：请写明维修时间" in case(editor, message)
    assert 'name="reply_drafted-reply_text"' in case(editor, message)
    assert "已安排维修</textarea>" in case(editor, message)  # the draft comes back to be improved
    step(editor, message, "reply_drafted", reply_text="已安排维修，6月10日前完成。")
    assert step(reviewer, message, "review", decision="answered").status_code == 302
    answered = Message.objects.get(pk=message.pk)
    assert answered.status == Status.ANSWERED and answered.reply_text == "已安排维修，6月10日前完成。"
    assert answered.reply_unit_id == message.unit_id


def test_publication_shows_the_masked_text_for_correction_and_refuses_the_writers_data(
    channels, reviewer_a, citizen
):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30), step="answered")
    client = logged_in(reviewer_a)
    page = case(client, message)
    assert 'id="publish"' in page
    assert "张**" in page and "138****1234" in page  # the masked version offered for correction
    assert "原文（不公开）" in page
    leaked = step(client, message, "published", public_subject="道路破损", public_body="我叫张三丰，请维修。")
    assert "公开内容中仍有留言人的姓名" in leaked.content.decode()
    assert not Message.objects.get(pk=message.pk).is_public and not events(message, "published").exists()
    phone = step(client, message, "published", public_subject="道路破损", public_body=f"电话{message.phone}")
    assert "电话号码" in phone.content.decode()
    corrected = "张**反映小区门口道路破损（沂蒙路**号），请尽快维修。"
    assert (
        step(
            client, message, "published", public_subject="小区门口道路破损", public_body=corrected
        ).status_code
        == 302
    )
    published = Message.objects.get(pk=message.pk)
    assert published.is_public and published.public_body == corrected
    public = citizen.get(f"/interaction/messages/{message.pk}/").content.decode()
    assert corrected in public and "张三丰" not in public and message.phone not in public
    assert "13805391234" not in public and "3栋1单元502" not in public
    listing = citizen.get("/interaction/").content.decode()
    assert "小区门口道路破损" in listing and "张三丰" not in listing


def test_no_publication_without_the_writers_consent(channels, reviewer_a):
    message = make_message(
        channels["consult"], on=dt.date(2024, 5, 30), step="answered", public_consent=False
    )
    assert 'id="publish"' not in case(logged_in(reviewer_a), message)
    refused = step(logged_in(reviewer_a), message, "published", public_subject="a", public_body="b")
    assert "留言人不同意公开" in refused.content.decode()
    assert not Message.objects.get(pk=message.pk).is_public


def test_a_step_not_allowed_now_is_refused_in_chinese(channels, editor_a):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30), step="answered")
    refused = step(logged_in(editor_a), message, "accepted")
    assert "留言当前为“已答复”，不能执行此操作。" in refused.content.decode()
    assert step(logged_in(editor_a), message, "nonsense").status_code == 404


def test_assign_a_handler_from_the_case_page(channels, reviewer_a, editor_a, editor_b):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30))
    client = logged_in(reviewer_a)
    assert "请选择经办人。" in step(client, message, "assigned", handler=editor_b.pk).content.decode()
    assert step(client, message, "assigned", handler=editor_a.pk).status_code == 302
    assert Message.objects.get(pk=message.pk).handler == editor_a
    assert "经办人：editor_a。" in case(client, message)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("step_reached", ["received", "accepted", "review", "answered"])
def test_staff_pages_show_no_english_words(channels, reviewer_a, step_reached):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30), step=step_reached)
    client = logged_in(reviewer_a)
    for url in (f"/manage/messages/{message.pk}/", "/manage/messages/?status=all", "/manage/"):
        text = visible_text(client.get(url).content.decode()).replace(message.query_code, "")
        text = text.replace(reviewer_a.username, "")  # the personas' names are their user names
        assert re.findall(r"[A-Za-z]{2,}", text) == [], url


def test_the_admin_page_no_longer_shows_the_contact_without_the_audited_view(channels, office):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30), name="欧阳明")
    page = logged_in(office).get(f"/manage/admin/interaction/message/{message.pk}/change/").content.decode()
    assert "欧阳明" not in page and message.phone not in page
    assert f"/manage/messages/{message.pk}/" in page
