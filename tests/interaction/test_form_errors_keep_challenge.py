"""Issue 24 item 1: a message form that comes back with an error keeps everything the writer did: the
question and the typed answer, the fill timer counting from the first display (correcting quickly is not
"提交过快"), and the chosen files."""

import datetime as dt
import re

import pytest

from gongkai.interaction.models import Message
from tests.challenges import answer_of
from tests.interaction.test_attachments_kept import picture
from tests.interaction.test_interaction import BODY, at

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def question(page: str) -> str:
    return re.search(r'<label for="id_answer">([^<]*)<', page).group(1)


def typed_answer(page: str) -> str:
    found = re.search(r'<input[^>]*name="answer"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', found)
    return value.group(1) if value else ""


def fields(channel, page: str, **overrides) -> dict:
    token = hidden(page, "token")
    data = {
        "channel": channel.pk, "subject": "小区门口道路破损", "body": BODY, "name": "张三丰", "phone": "13805391234",
        "public_consent": "on", "token": token, "answer": answer_of(token), "website": "",
        "submission_key": hidden(page, "submission_key"),
    }  # fmt: skip
    data.update(overrides)
    return data


def post(client, moment, data):
    with at(moment):
        return client.post("/interaction/write/", data)


def test_a_missing_field_keeps_the_question_and_answer_and_a_quick_correction_is_accepted(client, channels):
    with at(START):
        first = client.get("/interaction/write/").text
    data = fields(channels["consult"], first, subject="")
    returned = post(client, START + dt.timedelta(seconds=40), {**data, "attachments": [picture()]}).text
    assert "请填写标题。" in returned and not Message.objects.exists()
    assert hidden(returned, "token") == data["token"]
    assert question(returned) == question(first)
    assert typed_answer(returned) == data["answer"]
    assert "门口照片.png" in returned
    corrected = {
        **data,
        "subject": "小区门口道路破损",
        "attachments_token": hidden(returned, "attachments_token"),
    }
    accepted = post(client, START + dt.timedelta(seconds=41), corrected)
    assert "提交过快" not in accepted.text
    message = Message.objects.get()
    assert message.query_code in accepted.text
    assert list(message.attachments.values_list("name", flat=True)) == ["门口照片.png"]


def test_two_errors_in_a_row_then_a_quick_correction_is_accepted(client, channels):
    with at(START):
        first = client.get("/interaction/write/").text
    data = fields(channels["consult"], first, subject="")
    post(client, START + dt.timedelta(seconds=30), data)
    again = post(client, START + dt.timedelta(seconds=31), {**data, "subject": "标题", "phone": "123"}).text
    assert "提交过快" not in again and hidden(again, "token") == data["token"]
    post(client, START + dt.timedelta(seconds=32), {**data, "subject": "标题"})
    assert Message.objects.count() == 1


def test_a_wrong_answer_brings_a_new_question_whose_timer_runs_from_the_first_display(client, channels):
    with at(START):
        first = client.get("/interaction/write/").text
    data = fields(channels["consult"], first, answer="99")
    returned = post(client, START + dt.timedelta(seconds=40), data).text
    assert "回答不正确" in returned and not Message.objects.exists()
    token = hidden(returned, "token")
    assert token != data["token"] and typed_answer(returned) == ""
    accepted = post(
        client, START + dt.timedelta(seconds=42), {**data, "token": token, "answer": answer_of(token)}
    )
    assert "提交过快" not in accepted.text
    assert Message.objects.count() == 1


def test_a_too_quick_submission_is_still_refused(client, channels):
    with at(START):
        first = client.get("/interaction/write/").text
    refused = post(client, START + dt.timedelta(seconds=1), fields(channels["consult"], first)).text
    assert "提交过快" in refused and not Message.objects.exists()
    # The new question does not start the clock again either way: after a real pause it is accepted.
    token = hidden(refused, "token")
    post(
        client,
        START + dt.timedelta(seconds=20),
        fields(channels["consult"], refused, answer=answer_of(token)),
    )
    assert Message.objects.count() == 1


def test_a_spent_question_sent_again_does_not_lend_its_first_display_to_a_new_one(client, channels):
    """A script that keeps the token of a submission that went through and posts it again gets a new question
    timed from now: the first display's time is lent only to a question this same request used up."""
    with at(START):
        first = client.get("/interaction/write/").text
    post(client, START + dt.timedelta(seconds=5), fields(channels["consult"], first))
    assert Message.objects.count() == 1
    replay = fields(channels["consult"], first, subject="", submission_key="k" * 32)
    returned = post(client, START + dt.timedelta(seconds=60), replay).text
    token = hidden(returned, "token")
    assert token != replay["token"]
    quick = {**replay, "subject": "另一条留言", "token": token, "answer": answer_of(token)}
    refused = post(client, START + dt.timedelta(seconds=61), quick).text
    assert "提交过快" in refused and Message.objects.count() == 1


def test_another_forms_question_is_not_kept(client, channels):
    from gongkai.foi import services as foi

    other = foi.new_challenge()["token"]
    with at(START):
        first = client.get("/interaction/write/").text
    data = fields(channels["consult"], first, subject="", token=other, answer=answer_of(other))
    returned = post(client, START + dt.timedelta(seconds=40), data).text
    assert hidden(returned, "token") != other
