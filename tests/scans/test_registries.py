"""The scans in the shared registries: CONTENT_RISKS red for open personal data, amber for other findings,
green once handled, with evidence per finding for its unit; a to-do per item for the unit's editor."""

from gongkai.core import todo
from gongkai.core.actors import system
from gongkai.inspection import indicators
from gongkai.scans import services
from gongkai.scans.models import ScanFinding
from gongkai.sites.models import Site

from .conftest import MOBILE, published, scan


def _site(tree):
    return Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)


def test_content_risks_goes_red_amber_green(tree, lexicon):
    site = _site(tree)
    indicator = indicators.get("CONTENT_RISKS")
    assert indicator is not None and indicator.veto is False and indicator.scope == "content"
    assert indicator.compute(site, None).status == indicators.Status.GREEN
    published(tree.dept_a, "新冠肺炎防控", f"<p>联系手机{MOBILE}</p>")
    scan()
    outcome = indicator.compute(site, None)
    assert (outcome.status, outcome.value) == (indicators.Status.RED, 2)
    assert {e.unit_id for e in outcome.items} == {tree.dept_a.pk}
    assert all(e.url.startswith("/manage/items/") for e in outcome.items)
    personal = ScanFinding.objects.get(kind="personal")
    services.dismiss_finding(actor=system("tests"), finding=personal, reason="公开的服务电话")
    assert indicator.compute(site, None).status == indicators.Status.AMBER
    services.fix_finding(actor=system("tests"), finding=ScanFinding.objects.open().get())
    assert indicator.compute(site, None).status == indicators.Status.GREEN


def test_the_units_editor_gets_one_todo_per_item_opening_its_editor(tree, editor_a, editor_b):
    item = published(tree.dept_a, "公示", f"<p>手机{MOBILE}，又一个手机13853912345</p>")
    scan()
    [row] = [t for t in todo.flat_todo_for(editor_a) if t.kind == "scans.findings"]
    assert row.title == "公示" and row.url == f"/manage/items/{item.pk}/#id_body" and row.urgent
    assert row.note.startswith("2处")
    assert not [t for t in todo.flat_todo_for(editor_b) if t.kind == "scans.findings"]
