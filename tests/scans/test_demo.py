"""The demo's scan: the planted wrong title, the former mayor still titled, the phone number and the dead
internal link are found; loading again changes nothing."""

import pytest

from gongkai.scans import demo as scans_demo
from gongkai.scans.models import Check, Rule, ScanFinding, ScanRun
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db


def test_the_demo_scan_finds_what_was_planted(demo):
    found = ScanFinding.objects.open().select_related("item")
    by_title = {(f.item.title, f.rule) for f in found}
    assert (scans_demo.WRONG_TITLE, Rule.LEADER) in by_title
    assert (scans_demo.PHONE, Rule.PATTERN) in by_title
    assert (scans_demo.DEAD_LINK, Rule.INTERNAL_LINK) in by_title
    leaders = {f.rule_value for f in found if f.item.title == scans_demo.WRONG_TITLE}
    assert f"{scans_demo.FORMER_MAYOR}（已离任）" in leaders
    assert not found.filter(kind=Check.PERSONAL, excerpt__contains="13953912345").exists()


def test_loading_the_demo_again_changes_nothing(demo):
    before = (ScanFinding.objects.count(), ScanFinding.objects.open().count())
    scans_demo.load(None)
    assert (ScanFinding.objects.count(), ScanFinding.objects.open().count()) == before
    assert ScanRun.objects.filter(status="queued").count() == 0
