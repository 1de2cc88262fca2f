"""Issue 24 item 1: the application form that comes back with an error keeps the question and the typed
answer, the fill timer counts from the first display, and the chosen files stay chosen."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.foi.models import Application
from tests.challenges import answer_of
from tests.foi.conftest import applicant
from tests.publishing import samples

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


def at(moment):
    return time_machine.travel(moment, tick=False)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def test_an_error_keeps_the_question_and_files_and_a_quick_correction_is_accepted(client, tree):
    with at(START):
        first = client.get("/foi/apply/").text
    token = hidden(first, "token")
    data = {
        "unit": tree.dept_a.pk, **applicant(description=""), "token": token, "answer": answer_of(token),
        "submission_key": hidden(first, "submission_key"), "website": "",
    }  # fmt: skip
    proof = SimpleUploadedFile("身份证正面.png", samples.png_bytes(), content_type="image/png")
    with at(START + dt.timedelta(seconds=60)):
        returned = client.post("/foi/apply/", {**data, "identity_proof": [proof]}).text
    assert not Application.objects.exists() and "此项为必填项。" in returned
    assert hidden(returned, "token") == token
    assert re.search(rf'name="answer"[^>]*value="{data["answer"]}"', returned)
    assert "身份证正面.png" in returned
    corrected = {
        **data, "description": "2019年临沂市城区道路改造项目的立项批复文件",
        "identity_proof_token": hidden(returned, "identity_proof_token"),
    }  # fmt: skip
    with at(START + dt.timedelta(seconds=61)):
        accepted = client.post("/foi/apply/", corrected).text
    assert "提交过快" not in accepted
    application = Application.objects.get()
    assert application.tracking_code in accepted
    assert [d.name for d in application.documents.all()] == ["身份证正面.png"]
