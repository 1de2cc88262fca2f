"""The OpenAPI document tells the truth: unique schema names, each response names the schema the operation
really returns, every operation documents its error answers with the ErrorOut envelope."""

import typing
from collections import defaultdict

import pytest
from pydantic import BaseModel

from gongkai.api import api

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema(path_prefix="/api/v1/")


def operations(document):
    for path, methods in document["paths"].items():
        for method, details in methods.items():
            yield path, method, details


def ninja_operations():
    for router in api._get_bound_routers():
        for route, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield route, operation


def models_in(annotation, found):
    """Every pydantic model an annotation mentions, nested fields included."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            models_in(field.annotation, found)
        return
    for arg in typing.get_args(annotation):
        models_in(arg, found)


def test_every_schema_name_belongs_to_one_class():
    by_name = defaultdict(set)
    for _route, operation in ninja_operations():
        found = set()
        for model in operation.response_models.values():
            if model is not None and isinstance(model, type):
                models_in(model, found)
        for model in operation.models:
            models_in(model, found)
        for model in found:
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert clashes == {}


def _response_class(operation, status):
    """The schema class an operation returns for `status` (the element class for lists)."""
    wrapper = operation.response_models[status]
    if not (isinstance(wrapper, type) and issubclass(wrapper, BaseModel)):
        return None  # no body (e.g. a file download)
    annotation = wrapper.model_fields["response"].annotation
    while typing.get_args(annotation):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def test_each_success_response_refers_to_the_schema_the_operation_returns(document):
    by_id = {}
    for _route, operation in ninja_operations():
        by_id[operation.operation_id or api.get_openapi_operation_id(operation)] = operation
    for path, method, details in operations(document):
        operation = by_id[details["operationId"]]
        for status in operation.response_models:
            if status == Ellipsis or status >= 300:
                continue
            returned = _response_class(operation, status)
            if not (isinstance(returned, type) and issubclass(returned, BaseModel)):
                continue
            schema = details["responses"][status]["content"]["application/json"]["schema"]
            refs = [schema.get("$ref"), schema.get("items", {}).get("$ref")]
            if "$ref" not in str(schema):  # paginated lists are built by ninja as Paged<Item>
                continue
            paged = schema.get("$ref", "").split("/")[-1]
            if paged.startswith("Paged"):
                items = document["components"]["schemas"][paged]["properties"]["items"]["items"]["$ref"]
                refs.append(items)
            assert f"#/components/schemas/{returned.__name__}" in refs, (method, path, status, refs)
            component = document["components"]["schemas"][returned.__name__]
            own = returned.model_json_schema(mode="serialization", by_alias=False)["properties"]
            assert set(component["properties"]) == set(own), (method, path, status)


def test_submission_schemas_are_distinct_and_the_staff_intake_returns_a_tracking_code(document):
    schemas = document["components"]["schemas"]
    assert "SubmittedOut" not in schemas
    assert {"tracking_code", "secret"} <= set(schemas["ApplicationSubmittedOut"]["properties"])
    assert "query_code" in schemas["MessageSubmittedOut"]["properties"]
    intake = document["paths"]["/api/v1/staff/foi/applications"]["post"]["responses"][201]
    assert intake["content"]["application/json"]["schema"]["$ref"].endswith("/ApplicationSubmittedOut")
    meeting = document["paths"]["/api/v1/meetings/{meeting_id}/applications"]["post"]["requestBody"]
    assert meeting["content"]["application/json"]["schema"]["$ref"].endswith("/MeetingApplicationIn")
    message = document["paths"]["/api/v1/interaction/messages"]["post"]["responses"][201]
    assert message["content"]["application/json"]["schema"]["$ref"].endswith("/MessageSubmittedOut")


def test_every_operation_documents_its_errors_with_the_envelope(document):
    assert set(document["components"]["schemas"]["ErrorOut"]["properties"]) == {"error"}
    for path, method, details in operations(document):
        responses = details["responses"]
        assert 422 in responses, (method, path)
        if details.get("security"):
            assert 401 in responses, (method, path)
        body = details.get("requestBody", {}).get("content", {})
        if "application/json" in body:
            assert {400, 413, 415} <= set(responses), (method, path)
        elif body:  # a multipart upload: no JSON to refuse, but a body can be too large
            assert 413 in responses, (method, path)
        if method == "post" and not details.get("security"):
            assert 429 in responses and "Retry-After" in responses[429]["headers"], (method, path)
        for status, response in responses.items():
            if status >= 400:
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorOut"
                }, (method, path, status)


@pytest.mark.parametrize(
    ("method", "path", "status", "documented"),
    [
        ("get", "/api/v1/items/{item_id}", 404, True),
        ("get", "/api/v1/organizations", 404, True),  # `within` is looked up
        ("get", "/api/v1/calendar/{year}", 404, False),  # a bounded year, never looked up
        ("get", "/api/v1/search", 404, False),
        ("get", "/api/v1/me", 403, False),
        ("patch", "/api/v1/staff/{staff_id}", 403, True),
        ("get", "/api/v1/audit", 403, True),
        ("post", "/api/v1/foi/applications", 409, True),  # submission_key
        ("patch", "/api/v1/staff/items/{item_id}", 409, True),  # version conflict
        ("get", "/api/v1/items", 401, False),
    ],
)
def test_errors_are_documented_only_where_they_can_happen(document, method, path, status, documented):
    assert (status in document["paths"][path][method]["responses"]) is documented
