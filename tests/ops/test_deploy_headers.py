"""The files nginx sends itself (static files, allowed downloads) carry the security headers the application
sends on every response (issue 24, item 16: the README says every response carries them)."""

from __future__ import annotations

import re

import pytest

from gongkai.core.middleware import PERMISSIONS_POLICY
from tests.paths import ROOT

CONF = ROOT / "deploy" / "nginx" / "gongkai.conf"


def directives(policy: str) -> set[str]:
    return {part.strip() for part in policy.split(";") if part.strip()}


def location_block(text: str, opening: str) -> str:
    start = text.index(opening)
    depth, i = 0, text.index("{", start)
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i : j + 1]
    raise AssertionError(opening)


@pytest.mark.django_db
def test_nginx_locations_that_send_files_repeat_the_applications_security_headers(client):
    app = client.get("/no-such-page/")
    text = CONF.read_text()
    for opening in ("location /static/", "location ^~ /_protected-media/"):
        block = location_block(text, opening)
        headers = dict(re.findall(r'add_header\s+([\w-]+)\s+"?(.*?)"?\s+always;', block))
        assert directives(headers.get("Content-Security-Policy", "")) == directives(
            app.headers["Content-Security-Policy"]
        ), opening
        assert headers.get("X-Frame-Options") == "DENY", opening
        assert headers.get("X-Content-Type-Options") == "nosniff", opening
        assert headers.get("Referrer-Policy") == app.headers["Referrer-Policy"], opening
        assert headers.get("Permissions-Policy") == PERMISSIONS_POLICY, opening
