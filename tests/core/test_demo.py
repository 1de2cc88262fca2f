"""Demo data comes from the seed document and loads idempotently."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core import uscc
from gongkai.core.models import AuditEvent, Organization, OrgType, User
from gongkai.core.roles import Role
from gongkai.publishing.models import InformationItem, Status

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


def test_demo_is_built_from_the_seed_and_loads_idempotently(capsys, settings):
    settings.DEBUG = True  # `make run` sets GONGKAI_DEBUG=1; pytest turns debug off
    call_command("load_demo")
    text = "".join(SEED.read_text(encoding="utf-8").split()) if SEED.exists() else None
    for name in ANNEX_UNITS:
        if text is not None:
            assert name in text, f"{name} is not in the seed"
        assert _by_any_name(name) is not None, f"no demo organization for {name}"

    assert Organization.objects.filter(org_type=OrgType.COUNTY).count() == 12
    assert Organization.objects.filter(org_type=OrgType.DEVELOPMENT_ZONE).count() == 6
    city = Organization.objects.get(name="临沂市人民政府")
    assert Organization.objects.subtree(city).count() == Organization.objects.count()
    assert all(uscc.is_valid(code) for code in Organization.objects.values_list("credit_code", flat=True))
    admin = User.objects.get(username="admin")
    assert (admin.unit, admin.role) == (city, Role.OPENNESS_OFFICE)

    items = InformationItem.objects.all()
    assert 450 <= items.count() <= 700  # the catalog's items, every unit's 制度, columns, news, reports
    assert items.filter(status=Status.WITHDRAWN).exists()
    assert items.filter(validity="repealed", replaced_by__isnull=False).exists()
    assert items.filter(status=Status.SUBMITTED).exists()
    published = items.filter(status=Status.PUBLISHED)
    assert published.values("unit").distinct().count() >= 10
    assert not published.filter(index_no__isnull=True).exists()

    from gongkai.foi.models import Application

    assert set(Application.objects.values_list("status", flat=True)) >= {
        "closed",
        "paused",
        "correction",
        "answered",
    }
    from gongkai.supervision.models import AssessmentScheme, ProgressReport, WorkPlan

    plan = WorkPlan.objects.get()  # the seed's own annex, every responsible unit matched
    assert (plan.doc_number, plan.tasks.count(), plan.is_published) == ("临政办字〔2019〕64号", 27, True)
    assert not [t for t in plan.tasks.all() if t.unmatched]
    assert set(ProgressReport.objects.values_list("status", flat=True)) == {
        "accepted",
        "returned",
        "submitted",
    }
    assert AssessmentScheme.objects.get().indicators.count() == 5
    counts = (Organization.objects.count(), User.objects.count(), items.count(), AuditEvent.objects.count())
    capsys.readouterr()
    call_command("load_demo")
    assert (
        Organization.objects.count(),
        User.objects.count(),
        items.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert (
        "0 organization(s), 0 staff account(s), 0 information item(s) and 0 application(s) created"
        in capsys.readouterr().out
    )

    call_command("issue_token", "admin")
    assert capsys.readouterr().out.startswith("gk_")


def test_load_demo_refuses_with_debug_off_and_creates_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with debug off"):
        call_command("load_demo")
    assert (Organization.objects.count(), User.objects.count(), AuditEvent.objects.count()) == (0, 0, 0)


def test_load_demo_refuses_in_a_production_process():
    from tests.core.test_security import PRODUCTION, _gongkai

    result = _gongkai("load_demo", env=PRODUCTION)
    assert result.returncode != 0
    assert "load_demo refuses to run with debug off" in result.stderr
