"""The template filters that keep public markup valid for the W3C Nu checker (issue 24 item 5)."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template

from gongkai.site.templatetags.gongkai_markup import iso_datetime, outline_headings

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 11, 29, 19, 4, 10, 527720, tzinfo=dt.UTC), "2026-11-30T03:04:10+08:00"),
        (dt.datetime(2026, 11, 30, 3, 4, 10, tzinfo=BEIJING), "2026-11-30T03:04:10+08:00"),
        (dt.date(2026, 11, 30), "2026-11-30"),
        (None, ""),
        ("", ""),
    ],
)
def test_iso_datetime_is_a_valid_time_element_value_without_microseconds(value, expected):
    assert iso_datetime(value) == expected


def test_a_time_element_in_a_template_carries_no_fraction_of_a_second():
    moment = dt.datetime(2026, 11, 29, 19, 4, 10, 527720, tzinfo=dt.UTC)
    html = Template('{% load gongkai_markup %}<time datetime="{{ at|iso_datetime }}">').render(
        Context({"at": moment})
    )
    assert html == '<time datetime="2026-11-30T03:04:10+08:00">'


@pytest.mark.parametrize(
    ("body", "top", "expected"),
    [
        (
            "<h3>一、总体要求</h3><p>正文</p><h4>（一）</h4>",
            2,
            "<h2>一、总体要求</h2><p>正文</p><h3>（一）</h3>",
        ),
        ("<h2>一</h2><h4>（一）</h4>", 2, "<h2>一</h2><h3>（一）</h3>"),
        ("<h2>一</h2><h3>（一）</h3>", 2, "<h2>一</h2><h3>（一）</h3>"),
        ("<h2>一</h2><p>x</p><hr>", 3, "<h3>一</h3><p>x</p><hr>"),
        ("<p>没有标题</p>", 2, "<p>没有标题</p>"),
        ("", 2, ""),
    ],
)
def test_body_headings_continue_the_page_outline(body, top, expected):
    assert outline_headings(body, top) == expected


def test_no_template_writes_a_moment_with_microseconds():
    """``date:'c'`` keeps microseconds, which a ``<time datetime>`` may not carry: staff pages too."""
    from tests.paths import ROOT

    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "gongkai").rglob("*.html")
        if "date:'c'" in path.read_text() or 'date:"c"' in path.read_text()
    ]
    assert offenders == []
