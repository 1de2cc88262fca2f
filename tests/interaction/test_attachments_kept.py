"""Filed defect: a message form that came back with errors dropped the writer's attachments. The files are
now kept on the server under a token while the form comes back, and the submission takes them."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.interaction.models import Message
from gongkai.interaction.services import ATTACHMENTS
from tests.challenges import answer_of
from tests.interaction.test_interaction import BODY, at, write
from tests.publishing import samples

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)


def picture(name="门口照片.png"):
    return SimpleUploadedFile(name, samples.png_bytes(), content_type="image/png")


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def resubmit(client, page: str, channel, moment, **extra):
    """Post the returned form again as the writer would: the same key and kept files, the new question."""
    token = hidden(page, "token")
    data = {
        "channel": channel.pk, "subject": "小区门口道路破损", "body": BODY, "name": "张三丰", "phone": "13805391234",
        "public_consent": "on", "token": token, "answer": answer_of(token), "website": "",
        "submission_key": hidden(page, "submission_key"), "attachments_token": hidden(page, "attachments_token"),
    }  # fmt: skip
    data.update(extra)
    with at(moment):
        return client.post("/interaction/write/", data)


def test_a_form_returned_for_a_missing_field_keeps_the_chosen_pictures(client, channels):
    returned = write(
        client, channels["consult"], START, subject="", attachments=[picture(), picture("第二张.png")]
    )
    page = returned.content.decode()
    assert "请填写标题。" in page and not Message.objects.exists()
    assert "已选择的附件（已保存，无需重新选择）" in page
    assert "不再上传“门口照片.png”" in page and "不再上传“第二张.png”" in page
    response = resubmit(client, page, channels["consult"], START + dt.timedelta(minutes=2))
    assert response.status_code == 200
    message = Message.objects.get()
    assert sorted(message.attachments.values_list("name", flat=True)) == ["第二张.png", "门口照片.png"]


def test_a_wrong_challenge_answer_keeps_the_files_and_the_writer_may_remove_one(client, channels):
    returned = write(
        client, channels["consult"], START, answer="999", attachments=[picture(), picture("第二张.png")]
    )
    page = returned.content.decode()
    assert "回答不正确" in page and "不再上传“第二张.png”" in page
    resubmit(client, page, channels["consult"], START + dt.timedelta(minutes=2), attachments_remove=["1"])
    assert list(Message.objects.get().attachments.values_list("name", flat=True)) == ["门口照片.png"]


def test_a_bad_file_is_named_and_not_kept_while_the_good_one_is(client, channels):
    bad = SimpleUploadedFile("材料.pdf", samples.POLYGLOT, content_type="application/pdf")
    returned = write(client, channels["consult"], START, subject="", attachments=[picture(), bad])
    page = returned.content.decode()
    assert "文件内容与 PDF 格式不符，无法上传。" in page
    assert "不再上传“门口照片.png”" in page and "不再上传“材料.pdf”" not in page
    resubmit(client, page, channels["consult"], START + dt.timedelta(minutes=2))
    assert list(Message.objects.get().attachments.values_list("name", flat=True)) == ["门口照片.png"]


def test_a_double_submission_with_kept_files_registers_one_message(client, channels):
    page = write(client, channels["consult"], START, subject="", attachments=[picture()]).content.decode()
    moment = START + dt.timedelta(minutes=2)
    first = resubmit(client, page, channels["consult"], moment)
    token = hidden(page, "token")
    second = resubmit(client, page, channels["consult"], moment, token=token, answer=answer_of(token))
    assert first.status_code == 200 and second.status_code in (200, 400)
    assert Message.objects.count() == 1 and Message.objects.get().attachments.count() == 1


def test_kept_files_expire_and_a_forged_token_reads_nothing(client, channels):
    page = write(client, channels["consult"], START, subject="", attachments=[picture()]).content.decode()
    token = hidden(page, "attachments_token")
    assert len(ATTACHMENTS.load(token)) == 1
    assert ATTACHMENTS.load("../../etc/passwd") == [] and ATTACHMENTS.load("x" * 32) == []
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=3), tick=False):
        assert ATTACHMENTS.purge() == 1
    assert ATTACHMENTS.load(token) == []
