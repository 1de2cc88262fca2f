"""The README says what is true (issue 24, item 16): every environment variable the code reads is in a table of
the README, every path the README names is one the application (or the shipped nginx site) answers, and the
configuration it documents is read from the environment."""

from __future__ import annotations

import re

import pytest
from django.urls import Resolver404, resolve

from tests.paths import ROOT

README = (ROOT / "README.md").read_text()
CODE = [p for p in (ROOT / "gongkai").rglob("*.py") if "migrations" not in p.parts] + [
    ROOT / "deploy" / "gunicorn.conf.py"
]

# Variables read from the environment: os.environ / getenv / the settings' env helpers.
READ = re.compile(
    r"""(?:environ\.get|environ\[|getenv|env_bool|env_list|env_int)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Backticked paths, with the HTTP method the API tables put before them.
PATH = re.compile(r"`((?:GET|POST|PATCH|PUT|DELETE) )?(/[^`\s]*)`")
NOT_APPLICATION_PATHS = {
    # Served by nginx (deploy/nginx/gongkai.conf) or closed there on purpose.
    "/_protected-media/",
    "/_protected-media/…",
    "/media/",
    "/.well-known/acme-challenge/",
    # Answered by gongkai.core.ops.OperationsEndpointsMiddleware before URL resolution (tests/ops).
    "/healthz",
    "/readyz",
    "/metrics",
    # Prefixes named in prose (the nginx cache rules), and suffixes after a page ("(and `/print/`)").
    "/api/",
    "/api/v1/",
    "/api/v1/…",
    "/api/v1/staff…",
    "/admin",
    "/print/",
    # Not URLs: PDF names, a Redis database, files on the machine.
    "/AA",
    "/JS",
    "/JavaScript",
    "/OpenAction",
    "/15",
    "/dev/shm",  # noqa: S108 (a path the README names, not one this test uses)
    "/proc/<pid>/status",
}


# Folders of the machine the README names (deployment), not URLs.
FILES_ON_THE_MACHINE = ("/srv/", "/var/", "/etc/", "/run/", "/usr/", "/tmp/")  # noqa: S108


def environment_variables() -> set[str]:
    names = set()
    for path in CODE:
        names.update(READ.findall(path.read_text()))
    return names - {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_every_environment_variable_the_code_reads_is_in_a_readme_table():
    table_rows = [line for line in README.splitlines() if line.startswith("|")]
    names = environment_variables()
    assert {
        "GONGKAI_EMAIL_HOST",
        "GONGKAI_CONN_MAX_AGE",
        "GONGKAI_CACHE_PREFIX",
        "GONGKAI_LOG_LEVEL",
    } <= names
    missing = sorted(name for name in names if not any(f"`{name}`" in row for row in table_rows))
    assert missing == []


def test_settings_the_readme_documents_as_variables_come_from_the_environment():
    """A setting the README tells operators to set (`GONGKAI_X=…`) must be read from the environment."""
    told = set(re.findall(r"`(GONGKAI_[A-Z0-9_]+)=", README))
    assert told, "the README gives no example setting"
    assert sorted(told - environment_variables()) == []


def resolves(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    # The API answers any other path under /api/v1/ with its JSON 404 (a route of its own): not an answer.
    return match.url_name not in {"unknown-path", "api-root"}


@pytest.mark.parametrize("method,path", sorted(set(PATH.findall(README))))
def test_every_path_the_readme_names_is_answered(method, path):
    if path in NOT_APPLICATION_PATHS or path.startswith(FILES_ON_THE_MACHINE):
        return
    concrete = re.sub(r"\{[^}]+\}|<[^>]+>", "1", path.split("?")[0].split("#")[0]).replace("…", "1")
    # The API tables name paths under /api/v1 without the prefix (and a page's form posts to the page).
    candidates = [concrete] if concrete.startswith("/api/") else ["/api/v1" + concrete, concrete]
    assert any(resolves(c) for c in candidates), f"README names {method}{path}, which no URL answers"


def test_the_interaction_statistics_download_is_where_the_readme_says():
    assert "/interaction/stats.csv?year=" in README and "stats/stats.csv" not in README
    assert resolves("/interaction/stats.csv")
    # What the README said before answers nowhere, neither as a page nor under the API.
    assert not resolves("/interaction/stats/stats.csv") and not resolves(
        "/api/v1/interaction/stats/stats.csv"
    )
