"""Demo data comes from the seed document and loads idempotently."""

from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.core import uscc
from gongkai.core.models import AuditEvent, Organization, OrgType, User
from gongkai.core.roles import Role

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_7246108bc72e3517.txt"

# Every municipal unit the annex's 责任单位 column names, as the seed writes it.
ANNEX_UNITS = [
    "市发展改革委", "市工业和信息化局", "市农业农村局", "市交通运输局", "市人力资源社会保障局", "市教育局",
    "市财政局", "市公安局", "市市场监管局", "市地方金融监管局", "人民银行", "市银监局", "市扶贫开发办",
    "市生态环境局", "市住建局", "市城市管理局", "市卫生健康委", "市政府办公室", "市行政审批服务局",
    "市委编办", "市国资委", "市民政局", "市医保局", "市退役军人局", "市文化和旅游局", "市体育局", "市应急局",
    "市住房城乡建设局", "市委改革委",
]  # fmt: skip


def _by_any_name(name):
    for org in Organization.objects.all():
        if name in (org.name, org.short_name, *org.aliases):
            return org
    return None


def test_every_annex_unit_exists_in_the_demo_tree():
    call_command("load_demo")
    text = "".join(SEED.read_text(encoding="utf-8").split()) if SEED.exists() else None
    for name in ANNEX_UNITS:
        if text is not None:
            assert name in text, f"{name} is not in the seed"
        assert _by_any_name(name) is not None, f"no demo organization for {name}"


def test_demo_tree_has_counties_zones_and_valid_codes():
    call_command("load_demo")
    assert Organization.objects.filter(org_type=OrgType.COUNTY).count() == 12
    assert Organization.objects.filter(org_type=OrgType.DEVELOPMENT_ZONE).count() == 6
    city = Organization.objects.get(name="临沂市人民政府")
    assert Organization.objects.subtree(city).count() == Organization.objects.count()
    assert all(uscc.is_valid(code) for code in Organization.objects.values_list("credit_code", flat=True))
    admin = User.objects.get(username="admin")
    assert (admin.unit, admin.role) == (city, Role.OPENNESS_OFFICE)


def test_loading_twice_changes_nothing(capsys):
    call_command("load_demo")
    counts = (Organization.objects.count(), User.objects.count(), AuditEvent.objects.count())
    call_command("load_demo")
    assert (Organization.objects.count(), User.objects.count(), AuditEvent.objects.count()) == counts
    assert "0 organization(s) and 0 staff account(s) created" in capsys.readouterr().out


def test_issue_token_works_on_a_fresh_demo(capsys):
    call_command("load_demo")
    capsys.readouterr()
    call_command("issue_token", "admin")
    assert capsys.readouterr().out.startswith("gk_")
