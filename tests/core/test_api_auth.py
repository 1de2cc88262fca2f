"""Staff tokens, the OpenAPI document and the interactive docs."""

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.core import services
from gongkai.core.actors import SYSTEM
from gongkai.core.models import ApiToken

pytestmark = pytest.mark.django_db


def test_issue_token_command_prints_a_working_token(editor_a, capsys):
    call_command("issue_token", "editor_a")
    raw = capsys.readouterr().out.strip()
    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "editor_a"
    assert response.json()["role_label"] == "编辑"
    # Only a hash of the token is stored.
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    assert ApiToken.objects.filter(key_hash=ApiToken.hash(raw)).exists()


def test_issue_token_for_unknown_user_fails_clearly(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no staff account named 'nobody'"):
        call_command("issue_token", "nobody")


@pytest.mark.parametrize("header", ["Bearer gk_not-a-real-token", "Token abc", ""])
def test_bad_or_missing_token_is_401_json(db, header):
    client = Client(headers={"Authorization": header} if header else {})
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "unauthenticated", "message": "需要有效的接口令牌。", "fields": {}}
    }


def test_revoked_token_stops_working(editor_a):
    token, raw = services.issue_token(actor=SYSTEM, staff=editor_a)
    services.revoke_token(actor=editor_a, token=token)
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me").status_code == 401


def test_openapi_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/calendar/add-working-days" in paths
    assert "/api/v1/calendar/{year}" in paths
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.text
