"""Every answer under /api/v1/ is JSON: an unknown path (404) and a method an operation does not serve (405)
answer the error envelope, with debug on or off."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def assert_envelope(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error["message"]
    return error


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api/v1/items/abc", "/api/v1/", "/api/v1/items/1/x"]
)
def test_an_unknown_path_answers_the_envelope(settings, client, debug, path):
    settings.DEBUG = debug
    assert_envelope(client.get(path), 404, "not_found")


def test_a_post_to_an_unknown_path_is_a_404_not_a_csrf_page(settings):
    settings.DEBUG = True
    client = Client(enforce_csrf_checks=True)
    assert_envelope(
        client.post("/api/v1/nothing-here", {}, content_type="application/json"), 404, "not_found"
    )


@pytest.mark.parametrize("debug", [False, True])
def test_a_wrong_method_answers_the_envelope_with_allow(settings, client, debug):
    settings.DEBUG = debug
    response = client.delete("/api/v1/items")
    error = assert_envelope(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"
    assert "DELETE" in error["message"]


def test_known_paths_still_answer(client):
    assert client.get("/api/v1/items").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
