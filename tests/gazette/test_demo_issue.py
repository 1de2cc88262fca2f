"""The demo's gazette issues list each section of the contents once (issue 24, item 4: 2026年第1期 showed
“市政府办公室文件” twice, its articles being in order of publication across the two sections)."""

from __future__ import annotations

import re

import pytest

from gongkai.gazette.models import Issue
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db


def test_every_demo_issue_shows_each_section_heading_once(demo, client):
    issues = list(Issue.objects.public())
    assert issues
    for issue in issues:
        page = client.get(issue.get_absolute_url()).content.decode()
        headings = re.findall(r"<h3>(.*?)</h3>", page)
        assert headings, issue.title
        assert len(headings) == len(set(headings)), (issue.title, headings)
        assert set(headings) == set(issue.articles.values_list("section", flat=True)), issue.title
        in_order = [a.section for a in issue.articles.all()]  # the contents as the API gives them, too
        assert in_order == sorted(in_order, key=headings.index), (issue.title, in_order)
