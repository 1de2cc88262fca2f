"""The staff queue over the API lists applications without who asked: identity and contact details come only
from the audited detail."""

import datetime as dt

import pytest

from gongkai.core.models import AuditEvent
from gongkai.foi.models import APPLICANT_FIELDS
from tests.conftest import api_client

pytestmark = pytest.mark.django_db

IDENTITY = ("applicant_name", "id_type", "id_number", "legal_representative", "contact_name", "phone", "email",
            "address", "postcode")  # fmt: skip


def test_the_queue_carries_no_identity_or_contact_fields(tree, editor_a, lodge):
    lodge(dt.date(2024, 3, 1))
    response = api_client(editor_a).get("/api/v1/staff/foi/applications")
    [row] = response.json()["items"]
    assert not set(IDENTITY) & set(row), sorted(set(IDENTITY) & set(row))
    for value in ("张三丰", "11010519491231002X", "13805391234", "zhang@example.com", "沂蒙路"):
        assert value not in response.text


def test_the_queue_writes_no_identity_view_but_the_detail_does(tree, editor_a, lodge):
    application = lodge(dt.date(2024, 3, 1))
    client = api_client(editor_a)
    client.get("/api/v1/staff/foi/applications")
    assert not AuditEvent.objects.filter(action="foi.application.identity_viewed").exists()
    detail = client.get(f"/api/v1/staff/foi/applications/{application.pk}").json()
    assert {name: detail[name] for name in ("applicant_name", "phone")} == {
        "applicant_name": "张三丰",
        "phone": "13805391234",
    }
    assert set(APPLICANT_FIELDS) <= set(detail)
    assert AuditEvent.objects.filter(action="foi.application.identity_viewed").count() == 1


def test_the_queue_carries_neither_the_reply_nor_the_notices_addressed_to_the_applicant(
    tree, editor_a, lodge
):
    """The reply and the notices open with the applicant's name ("张三丰：…"): they come with the audited detail."""
    application = lodge(dt.date(2024, 3, 1))
    client = api_client(editor_a)
    [row] = client.get("/api/v1/staff/foi/applications").json()["items"]
    assert "reply_text" not in row and "documents" not in row
    detail = client.get(f"/api/v1/staff/foi/applications/{application.pk}").json()
    assert "reply_text" in detail and detail["documents"] == []
    assert detail["tracking_code"] == row["tracking_code"]
