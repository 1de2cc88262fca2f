"""While the database restarts (the fault drill saw it for about a second and a half), requests answer 503
with Retry-After, the JSON envelope on the API and a page that needs no database elsewhere, never a 500."""

import pytest
from django.db import OperationalError

from gongkai.foi import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "find_for_applicant", refuse)


def test_the_api_answers_503_with_the_envelope_and_retry_after(client, database_down):
    response = client.post(
        "/api/v1/foi/track", {"tracking_code": "YSQ1", "secret": "X"}, content_type="application/json"
    )
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "unavailable"


def test_pages_answer_503_with_a_plain_chinese_page(client, database_down):
    response = client.post("/foi/track/", {"tracking_code": "YSQ1", "secret": "X"})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "服务暂时不可用" in response.text and 'lang="zh-CN"' in response.text
