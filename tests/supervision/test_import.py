"""Importing the seed's annex (2019 临沂市重点领域信息公开主要任务分解表): every task, with its responsible
units read from the 责任单位 cell and matched to the organization tree."""

import csv
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import Workbook

from gongkai.core.models import Organization, OrgType
from gongkai.supervision import services
from gongkai.supervision import units as unit_cells
from gongkai.supervision.annex import read_file
from gongkai.supervision.models import PlanTask, WorkPlan
from tests.paths import SEED, SHARED_SEED
from tests.supervision.conftest import IMPORTER

# (order, section number, sub-task as written or "" where the row names none, named units by short name,
#  every department too, open-ended ("等有关部门" or an unnamed range), key area)
EXPECTED = [
    (1, 1, "推进新旧动能转换重大工程信息公开", {"市发展改革委", "市工业和信息化局"}, False, True, "new-old-drivers"),
    (2, 1, "推进乡村振兴信息公开", {"市发展改革委", "市农业农村局", "市交通运输局"}, False, True, "rural-revitalization"),
    (3, 1, "推进乡村振兴信息公开", {"市农业农村局", "市自然资源和规划局"}, False, False, "rural-revitalization"),
    (4, 1, "推进乡村振兴信息公开", {"市人力资源社会保障局", "市教育局"}, False, True, "rural-revitalization"),
    (5, 2, "", {"市财政局", "市公安局", "市市场监管局", "市地方金融监管局", "人民银行", "市银监局"}, False, True, "major-risks"),
    (6, 2, "", {"市扶贫开发办", "市发展改革委"}, False, True, "poverty-alleviation"),
    (7, 2, "", {"市生态环境局", "市住建局", "市城市管理局", "市卫生健康委"}, False, True, "pollution-control"),
    (8, 3, "优化涉企服务", {"市政府办公室", "市发展改革委", "市行政审批服务局", "市财政局", "市市场监管局"}, False, True,
     "enterprise-services"),
    (9, 3, "加强权责清单管理和公开", {"市委编办", "市政府办公室"}, False, True, "power-lists"),
    (10, 3, "推进政府规章、规范性文件清理结果公开", set(), False, True, "rules-cleanup"),
    (11, 3, "全面推进“双随机、一公开”监管", {"市发展改革委", "市市场监管局"}, False, True, "random-inspection"),
    (12, 3, "推进社会信用体系建设", {"市发展改革委"}, False, False, "social-credit"),
    (13, 4, "推进重要部署执行公开", set(), True, False, "key-deployments"),
    (14, 4, "推进人大代表建议和政协委员提案办理结果公开", set(), True, False, "proposals"),
    (15, 4, "推进重大建设项目和公共资源配置领域信息公开", {"市发展改革委", "市自然资源和规划局", "市住建局"}, False, True,
     "major-projects"),
    (16, 4, "推进财政信息细化公开", {"市财政局"}, False, False, "fiscal"),
    (17, 4, "推进行政执法信息公开", set(), False, True, "law-enforcement"),
    (18, 4, "推进国资国企信息公开", {"市国资委", "市财政局"}, False, False, "state-assets"),
    (19, 5, "推进社会救助与社会福利信息公开", {"市民政局", "市医保局"}, False, False, "social-assistance"),
    (20, 5, "推进社会保险信息公开", {"市人力资源社会保障局", "市医保局", "市财政局"}, False, False, "social-insurance"),
    (21, 5, "推进就业创业信息公开", {"市人力资源社会保障局", "市教育局", "市退役军人局"}, False, True, "employment"),
    (22, 5, "推进教育和医疗健康领域信息公开", {"市教育局"}, False, False, "education"),
    (23, 5, "推进教育和医疗健康领域信息公开", {"市卫生健康委", "市市场监管局", "市医保局"}, False, True, "health"),
    (24, 5, "推进征地信息公开", {"市自然资源和规划局"}, False, False, "land-acquisition"),
    (25, 5, "推进公共文化体育领域信息公开", {"市文化和旅游局", "市体育局"}, False, False, "culture-sports"),
    (26, 5, "推进灾害事故救援领域信息公开", {"市应急局", "市自然资源和规划局", "市卫生健康委", "市民政局"}, False, True,
     "disaster-relief"),
    (27, 5, "推进公共企事业单位信息公开", set(), False, True, "public-institutions"),
]  # fmt: skip

SECTIONS = [
    "做好引领临沂高质量发展信息公开",
    "做好打好打赢“三大攻坚战”信息公开",
    "深化“放管服”信息公开",
    "做好社会监督重点领域信息公开",
    "强化重点民生领域信息公开",
]


def test_the_shipped_copy_is_the_seed():
    if SHARED_SEED.exists():
        assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_every_task_of_the_seed_annex_with_its_responsible_units(linyi):
    report = services.import_plan(actor=IMPORTER, table=read_file(SEED))
    plan = report.plan
    assert (plan.title, plan.year, plan.doc_number, str(plan.issued_on)) == (
        "2019年临沂市政务公开工作要点",
        2019,
        "临政办字〔2019〕64号",
        "2019-07-03",
    )
    assert plan.government == linyi and plan.issuer_name == "临沂市人民政府办公室"
    assert [s.title for s in plan.sections.all()] == SECTIONS
    counties = set(Organization.objects.filter(parent=linyi, org_type=OrgType.COUNTY))
    zones = set(Organization.objects.filter(parent=linyi, org_type=OrgType.DEVELOPMENT_ZONE))
    departments = set(Organization.objects.filter(parent=linyi, org_type=OrgType.DEPARTMENT))
    assert len(counties) == 12 and len(zones) == 6
    tasks = list(PlanTask.objects.filter(plan=plan).select_related("section"))
    assert len(tasks) == len(EXPECTED) == report.tasks
    for task, (order, section, subtask, named, all_departments, open_ended, area) in zip(
        tasks, EXPECTED, strict=True
    ):
        where = f"task {order}"
        assert (task.order, task.section.order, task.subtask) == (order, section, subtask), where
        units = {a.unit for a in task.assignments.all()}
        assert counties | zones <= units, where  # "各县区政府、开发区管委会"
        rest = units - counties - zones
        expected = {Organization.objects.get(short_name=n) for n in named} | (
            departments if all_departments else set()
        )
        assert rest == expected, f"{where}: {sorted(u.short_name for u in rest ^ expected)}"
        assert all(a.role == "lead" for a in task.assignments.all()), where
        assert task.open_ended == open_ended, where
        assert task.unmatched == [], where
        assert [a.code for a in task.key_areas.all()] == [area], where
        assert [c.code for c in task.columns.all()] == [f"ka-{area}"], where
    assert report.unmatched == []
    # the cell the issue quotes, as the importer kept it
    assert tasks[10].units_text == "各县区政府、开发区管委会和市发展改革委、市市场监管局等有关部门"
    assert tasks[10].open_groups == ["等有关部门"]
    assert tasks[5].open_groups == ["各相关行业部门"]
    # cleaned of the conversion's <p> fragments and the spaces inside words
    assert "<p>" not in tasks[5].requirement and tasks[5].requirement.startswith("围绕解决“两不愁三保障")
    assert "固定资产投资项目" in tasks[14].requirement
    assert tasks[4].title.startswith("围绕继续创新和完善宏观调控")  # a row naming no sub-task


def test_a_name_the_tree_does_not_know_is_listed_not_dropped_and_once_resolved_is_remembered(
    linyi, office_user
):
    bank = Organization.objects.get(short_name="人民银行")
    bank.short_name, bank.aliases = "人行临沂中支", []
    bank.save()
    report = services.import_plan(actor=IMPORTER, table=read_file(SEED))
    assert report.unmatched == [(5, "人民银行")]
    task = report.plan.tasks.get(order=5)
    assert task.unmatched == ["人民银行"]
    assert bank not in {a.unit for a in task.assignments.all()}

    assert services.resolve_name(actor=office_user, plan=report.plan, name="人民银行", unit=bank) == 1
    task.refresh_from_db()
    assert task.unmatched == [] and task.assignments.filter(unit=bank).exists()
    bank.refresh_from_db()
    assert "人民银行" in bank.aliases
    again = unit_cells.resolve("人民银行、市财政局", unit_cells.Directory(linyi))
    assert again.unmatched == [] and bank in [u for u, _ in again.units]


@pytest.mark.parametrize(
    ("cell", "leads", "cos", "open_groups"),
    [
        ("各县区政府、开发区管委会和市发展改革委、市市场监管局等有关部门",
         ["各县区政府", "开发区管委会", "市发展改革委", "市市场监管局"], [], ["等有关部门"]),
        ("市财政局牵头，市审计局、市发展改革委配合", ["市财政局"], ["市审计局", "市发展改革委"], []),
        ("牵头单位：市自然资源和规划局；配合单位：市住建局", ["市自然资源和规划局"], ["市住建局"], []),
        ("<p>市扶贫开发办、市发展改革委以及各相关行业部门</p>", ["市扶贫开发办", "市发展改革委"], [], ["各相关行业部门"]),
        ("市自然资源和规 划局", ["市自然资源和规划局"], [], []),
    ],
)  # fmt: skip
def test_reading_a_responsible_units_cell(linyi, cell, leads, cos, open_groups):
    parsed = unit_cells.parse(cell, unit_cells.Directory(linyi).known)
    assert (parsed.leads, parsed.cos, parsed.open_groups) == (leads, cos, open_groups)


def test_a_district_plan_reaches_its_streets(linyi):
    lanshan = linyi.children.get(short_name="兰山区")
    resolved = unit_cells.resolve("各乡镇（街道）、区政府办等有关部门", unit_cells.Directory(lanshan))
    streets = {u.name for u, _ in resolved.units if u.org_type == OrgType.TOWNSHIP}
    assert streets == {"兰山街道办事处", "银雀山街道办事处", "金雀山街道办事处", "柳青街道办事处"}
    assert [u.short_name for u, _ in resolved.units if u.org_type == OrgType.GENERAL_OFFICE] == [
        "兰山区政府办"
    ]
    assert resolved.unmatched == [] and resolved.open_ended


def test_a_co_operating_unit_is_assigned_as_such(linyi):
    directory = unit_cells.Directory(linyi)
    resolved = unit_cells.resolve("市财政局牵头，市审计局、市发展改革委配合", directory)
    assert [(u.short_name, role) for u, role in resolved.units] == [
        ("市财政局", "lead"),
        ("市发展改革委", "co"),
    ]
    assert resolved.unmatched == ["市审计局"]


def test_import_from_csv_and_xlsx(linyi, tmp_path):
    header = ["工作任务", "具体任务", "具体要求", "牵头单位", "配合单位"]
    rows = [
        header,
        ["优化营商环境信息公开", "涉企政策公开", "集中公开涉企政策。", "市发展改革委", "各县区政府"],
        ["", "", "公开涉企收费目录清单。", "市财政局", ""],
        ["", "政务服务公开", "公开办事指南。", "市行政审批服务局", "市大数据局"],
    ]
    path = tmp_path / "plan.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    book = Workbook()
    for row in rows:
        book.active.append(row)
    xlsx = tmp_path / "plan.xlsx"
    book.save(xlsx)
    for source, number in ((path, "临政办字〔2020〕1号"), (xlsx, "临政办字〔2020〕2号")):
        report = services.import_plan(actor=IMPORTER, table=read_file(source), government=linyi, title="2020年工作要点",
                             doc_number=number, issued_on=dt.date(2020, 3, 1))  # fmt: skip
        tasks = list(report.plan.tasks.all())
        assert [(t.subtask, t.requirement) for t in tasks] == [
            ("涉企政策公开", "集中公开涉企政策。"), ("涉企政策公开", "公开涉企收费目录清单。"), ("政务服务公开", "公开办事指南。")
        ]  # fmt: skip
        first = {a.unit.short_name: a.role for a in tasks[0].assignments.all()}
        assert first["市发展改革委"] == "lead" and first["兰山区"] == "co" and len(first) == 13
        assert report.unmatched == [(3, "市大数据局")]


def test_a_broken_table_changes_nothing_and_says_which_line(linyi, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("工作任务,具体任务,具体要求,责任单位\n某任务,某子任务,要求一。,\n", encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        read_file(path)
    assert "第 2 行：缺少责任单位。" in error.value.messages
    with pytest.raises(Exception, match="第 2 行：缺少责任单位"):
        call_command("import_workplan", str(path), "--government", "临沂市人民政府", "--issued-on", "2020-01-01",
                     "--title", "2020年工作要点")  # fmt: skip
    assert not WorkPlan.objects.exists()


def test_the_command_imports_the_seed_once(linyi, capsys):
    call_command("import_workplan", str(SEED), "--dry-run")
    assert "dry run: nothing imported" in capsys.readouterr().out and not WorkPlan.objects.exists()
    call_command("import_workplan", str(SEED))
    out = capsys.readouterr().out
    assert "27" in out and "2019年临沂市政务公开工作要点" in out
    with pytest.raises(Exception, match="已经导入"):
        call_command("import_workplan", str(SEED))
    assert WorkPlan.objects.count() == 1
