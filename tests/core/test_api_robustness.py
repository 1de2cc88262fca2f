"""No input gives a 500: control characters, oversized numbers and bodies, unknown enums, malformed JSON and
wrong media types answer 4xx with the Chinese error envelope on the API, and a Chinese page on the site."""

import json
import logging
import re
from urllib.parse import urlencode

import pytest
from django.test import Client, RequestFactory

from gongkai.api import api
from gongkai.core.middleware import InputCharactersMiddleware
from gongkai.foi.models import Application
from gongkai.interaction.models import Message
from tests.conftest import api_client

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # > 2**63, "bigint out of range" on PostgreSQL


def assert_envelope(response, status, code=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error["message"]  # Chinese
    if code:
        assert error["code"] == code
    return error


def application_body(unit_id, **overrides):
    body = {
        "unit_id": unit_id, "applicant_type": "citizen", "applicant_name": "张三", "id_type": "id_card",
        "id_number": "371302199001011234", "phone": "13605391234", "description": "请公开2024年道路维修计划。",
    }  # fmt: skip
    body.update(overrides)
    return body


def post_json(client, url, data, content_type="application/json"):
    return client.post(url, json.dumps(data), content_type=content_type)


# Control characters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["a\x00b", "a\x01b", "\x1f", "a\x0bb"])
def test_control_character_in_a_query_parameter_answers_422_naming_it(citizen, q):
    error = assert_envelope(citizen.get("/api/v1/search", {"q": q}), 422, "invalid")
    assert "q" in error["fields"]


def test_tab_and_newlines_in_a_query_parameter_are_fine(citizen):
    assert citizen.get("/api/v1/search", {"q": "道路\t维修\r\n"}).status_code == 200


def test_control_character_in_an_api_path_answers_422(citizen):
    error = assert_envelope(citizen.get("/api/v1/interaction/messages/by-code/a%00b"), 422, "invalid")
    assert "path" in error["fields"]


@pytest.mark.parametrize("url", ["/xxgk/index-no/a%00b/", "/search/?q=a%00b", "/foi/track/?x=%01"])
def test_control_character_in_a_page_url_answers_the_chinese_400_page(citizen, url):
    response = citizen.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "请求无法处理" in response.text and 'lang="zh-CN"' in response.text


@pytest.mark.parametrize("value", ["a\u0000b", "\u0007", "\ud800"])
def test_control_character_or_lone_surrogate_in_a_json_string_answers_422(citizen, value):
    response = post_json(citizen, "/api/v1/foi/track", {"tracking_code": value, "secret": "x"})
    error = assert_envelope(response, 422, "invalid")
    assert error["fields"] == {"tracking_code": "含有不允许的控制字符。"}


def test_nul_in_an_application_answers_422_and_files_nothing(citizen, tree):
    body = application_body(tree.dept_a.pk, description="请公开\u0000道路维修计划。")
    error = assert_envelope(post_json(citizen, "/api/v1/foi/applications", body), 422, "invalid")
    assert "description" in error["fields"]
    assert not Application.objects.exists()


def test_nested_json_values_are_checked_with_their_path(office):
    response = post_json(
        api_client(office), "/api/v1/staff", {"username": "x\u0000", "tags": [{"a": "\x02"}]}
    )
    error = assert_envelope(response, 422, "invalid")
    assert {"username", "tags.0.a"} <= set(error["fields"])


def test_form_fields_lose_control_characters_before_the_view_reads_them():
    seen = {}

    def view(request):
        seen.update(request.POST.lists())
        return None

    request = RequestFactory().post(
        "/interaction/write/", {"body": "第一行\x0b第二行\x00", "na\x01me": "张三\t"}
    )
    InputCharactersMiddleware(view)(request)
    assert seen == {"body": ["第一行第二行"], "name": ["张三\t"]}


def test_nul_in_a_page_form_is_not_a_500(citizen):
    response = citizen.post("/interaction/follow/", {"code": "LY\x00123"})
    assert response.status_code == 200


# Numbers, enums, types -----------------------------------------------------------------------------


def paginated_operations():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, methods in schema["paths"].items():
        for method, details in methods.items():
            if any(p["name"] == "page" and p["in"] == "query" for p in details["parameters"]):
                yield path, method, bool(details.get("security"))


def test_twelve_paginated_endpoints_refuse_a_huge_page_with_422(citizen, office):
    operations = list(paginated_operations())
    assert len(operations) >= 12
    staff = api_client(office)
    for path, method, secured in operations:
        assert method == "get", path
        # A path parameter (a dataset's releases) takes 1: the query is refused before the record is looked up.
        path = re.sub(r"\{[^}]+\}", "1", path)
        client = staff if secured else citizen
        error = assert_envelope(client.get(path, {"page": HUGE}), 422, "invalid")
        assert error["fields"]["page"].startswith("不能大于"), path


def test_a_huge_path_id_answers_422_and_a_negative_one_404(citizen):
    error = assert_envelope(citizen.get(f"/api/v1/items/{HUGE}"), 422, "invalid")
    assert error["fields"] == {"item_id": "数值超出允许范围。"}
    assert_envelope(citizen.get("/api/v1/items/-1"), 404, "not_found")


def test_the_largest_page_is_an_empty_page(citizen):
    response = citizen.get("/api/v1/organizations", {"page": "100000"})
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/organizations", "parent"),
        ("/api/v1/organizations", "within"),
        ("/api/v1/interaction/messages", "unit"),
    ],
)
def test_a_huge_integer_query_parameter_answers_422_before_any_query(citizen, url, name):
    error = assert_envelope(citizen.get(url, {name: HUGE}), 422, "invalid")
    assert error["fields"] == {name: "数值超出允许范围。"}


def test_a_huge_integer_or_non_finite_number_in_json_answers_422(citizen, tree):
    body = application_body(int(HUGE))
    error = assert_envelope(post_json(citizen, "/api/v1/foi/applications", body), 422, "invalid")
    assert error["fields"] == {"unit_id": "数值超出允许范围。"}
    response = citizen.post("/api/v1/foi/track", '{"tracking_code": NaN, "secret": "x"}', "application/json")
    assert_envelope(response, 400, "malformed")


def test_unknown_enum_and_wrong_type_answer_422(citizen, tree):
    assert_envelope(citizen.get("/api/v1/organizations", {"org_type": "planet"}), 422, "invalid")
    body = application_body(tree.dept_a.pk, applicant_type="martian")
    error = assert_envelope(post_json(citizen, "/api/v1/foi/applications", body), 422, "invalid")
    assert error["fields"]["applicant_type"] == "取值不在允许范围内。"
    body = application_body("甲")
    assert_envelope(post_json(citizen, "/api/v1/foi/applications", body), 422, "invalid")


def test_malformed_json_answers_400_in_chinese(citizen):
    response = citizen.post("/api/v1/foi/track", '{"tracking_code": ', content_type="application/json")
    error = assert_envelope(response, 400, "malformed")
    assert error["message"] == "请求体不是有效的 JSON。"


def test_oversized_body_answers_413_on_the_api(citizen, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"tracking_code": "x" * 2000, "secret": "x"}
    assert_envelope(post_json(citizen, "/api/v1/foi/track", body), 413, "too_large")


def test_oversized_form_answers_413_with_a_chinese_page(citizen, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = citizen.post("/interaction/follow/", {"code": "x" * 2000})
    assert response.status_code == 413
    assert "提交的内容过大" in response.text


def test_unknown_api_url_answers_the_envelope(citizen):
    assert_envelope(citizen.get("/api/v1/no-such-thing"), 404, "not_found")


def test_unexpected_error_answers_500_with_the_envelope_and_is_logged(citizen, monkeypatch, caplog):
    def broken(start, days):
        raise RuntimeError("calendar table missing")

    monkeypatch.setattr("gongkai.core.api.cal.add_working_days", broken)
    with caplog.at_level(logging.ERROR, logger="gongkai.api"):
        response = citizen.get("/api/v1/calendar/add-working-days", {"start": "2024-01-02", "days": 3})
    error = assert_envelope(response, 500, "server_error")
    assert "calendar table missing" not in json.dumps(error)
    (record,) = [r for r in caplog.records if r.name == "gongkai.api"]
    assert record.exc_info and record.exc_info[0] is RuntimeError


# Media type (part 6): JSON bodies only as application/json ------------------------------------------


def test_text_plain_application_answers_415_and_files_nothing(citizen, tree):
    response = post_json(citizen, "/api/v1/foi/applications", application_body(tree.dept_a.pk), "text/plain")
    assert_envelope(response, 415, "unsupported_media_type")
    assert not Application.objects.exists()


def test_text_plain_message_answers_415_and_stores_nothing(citizen):
    body = {"channel_id": 1, "subject": "道路破损", "body": "小区门口道路破损严重。", "name": "张三",
            "phone": "13605391234", "token": "t", "answer": "1"}  # fmt: skip
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ]:
        response = post_json(citizen, "/api/v1/interaction/messages", body, content_type)
        assert_envelope(response, 415, "unsupported_media_type")
    assert not Message.objects.exists()


def test_json_with_a_charset_parameter_is_accepted(citizen):
    body = {"tracking_code": "YS0000", "secret": "x"}
    response = post_json(citizen, "/api/v1/foi/track", body, "application/json; charset=utf-8")
    assert_envelope(response, 404)


def test_staff_json_writes_need_json_too(office, tree):
    response = api_client(office).patch(
        f"/api/v1/organizations/{tree.dept_a.pk}", json.dumps({"phone": "1"}), content_type="text/plain"
    )
    assert_envelope(response, 415, "unsupported_media_type")


def test_an_api_client_is_never_shown_an_html_error():
    client = Client(raise_request_exception=False)
    assert client.get("/api/v1/items/abc")["Content-Type"].startswith("application/json")


# Every operation of the document, probed with the two inputs that gave 500s ----------------------------


def _probe_value(schema, document):
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].split("/")[-1]]
    kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
    if "integer" in kinds:
        return int(HUGE)
    if "string" in kinds:
        return "a\x00b"
    return None


def probes(document):
    """(method, url, body) per operation: every query parameter and top-level body field set to a NUL
    string or a number beyond bigint, path ids set to 1."""
    for path, methods in document["paths"].items():
        for method, details in methods.items():
            url, query = path, {}
            for param in details["parameters"]:
                value = _probe_value(param["schema"], document)
                if param["in"] == "path":
                    url = url.replace(
                        "{" + param["name"] + "}", "1" if param["schema"].get("type") == "integer" else "a"
                    )
                elif value is not None:
                    query[param["name"]] = str(value)
            body = None
            content = details.get("requestBody", {}).get("content", {}).get("application/json")
            if content:
                ref = content["schema"]["$ref"].split("/")[-1]
                properties = document["components"]["schemas"][ref].get("properties", {})
                body = {k: v for k, s in properties.items() if (v := _probe_value(s, document)) is not None}
            yield method, url, query, body, bool(details.get("security"))


def test_no_operation_answers_5xx_to_nul_strings_or_huge_numbers(citizen, office):
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    staff = api_client(office)
    seen = 0
    for method, url, query, body, secured in probes(document):
        client = staff if secured else citizen
        if query:
            response = client.generic(method.upper(), f"{url}?{urlencode(query)}")
            assert response.status_code < 500 and response.status_code != 200, (method, url, query)
            assert_envelope(response, response.status_code)
            seen += 1
        if body:
            response = client.generic(method.upper(), url, json.dumps(body), content_type="application/json")
            assert response.status_code < 500, (method, url, body)
            assert_envelope(response, response.status_code)
            seen += 1
    assert seen >= 40
