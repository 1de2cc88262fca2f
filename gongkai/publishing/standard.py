"""The standard catalog template and the seed's key areas, as data loaded by a migration.

Template (PLATFORM_2019, spec §4.3 and §1.7): the 政府信息公开 column with its four first-level
sub-columns, 法定主动公开内容 organized by the items of Articles 20 and 21 of the 2019 Regulation; beside
it 政策文件, 政策解读 and 重点领域, whose sub-columns are the key areas of the seed's annex task table.
The openness office adjusts the template in the back office; units are given its columns by
``services.ensure_catalog``.
"""

ART20 = [
    ("a20-01", "行政法规、规章和规范性文件"),
    ("a20-02", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    ("a20-03", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    ("a20-04", "国民经济和社会发展统计信息"),
    ("a20-05", "行政许可和其他对外管理服务事项"),
    ("a20-06", "行政处罚、行政强制"),
    ("a20-07", "财政预算、决算信息"),
    ("a20-08", "行政事业性收费项目及其依据、标准"),
    ("a20-09", "政府集中采购项目的目录、标准及实施情况"),
    ("a20-10", "重大建设项目的批准和实施情况"),
    ("a20-11", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    ("a20-12", "突发公共事件的应急预案、预警信息及应对情况"),
    ("a20-13", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    ("a20-14", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    ("a20-15", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
]

ART21_CITY = [
    ("a21-01", "市政建设"),
    ("a21-02", "公共服务"),
    ("a21-03", "公益事业"),
    ("a21-04", "土地征收"),
    ("a21-05", "房屋征收"),
    ("a21-06", "治安管理"),
    ("a21-07", "社会救助"),
]

# (code, name, group): the annex of the 2019 Linyi work points, task by task.
KEY_AREAS = [
    ("new-old-drivers", "新旧动能转换重大工程", "做好引领临沂高质量发展信息公开"),
    ("rural-revitalization", "乡村振兴", "做好引领临沂高质量发展信息公开"),
    ("major-risks", "防范化解重大风险", "做好打好打赢“三大攻坚战”信息公开"),
    ("poverty-alleviation", "精准脱贫", "做好打好打赢“三大攻坚战”信息公开"),
    ("pollution-control", "污染防治", "做好打好打赢“三大攻坚战”信息公开"),
    ("enterprise-services", "优化涉企服务", "深化“放管服”信息公开"),
    ("power-lists", "权责清单", "深化“放管服”信息公开"),
    ("rules-cleanup", "规章和规范性文件清理结果", "深化“放管服”信息公开"),
    ("random-inspection", "“双随机、一公开”监管", "深化“放管服”信息公开"),
    ("social-credit", "社会信用体系建设", "深化“放管服”信息公开"),
    ("key-deployments", "重要部署执行", "做好社会监督重点领域信息公开"),
    ("proposals", "人大代表建议和政协委员提案办理", "做好社会监督重点领域信息公开"),
    ("major-projects", "重大建设项目和公共资源配置", "做好社会监督重点领域信息公开"),
    ("fiscal", "财政信息", "做好社会监督重点领域信息公开"),
    ("law-enforcement", "行政执法", "做好社会监督重点领域信息公开"),
    ("state-assets", "国资国企", "做好社会监督重点领域信息公开"),
    ("social-assistance", "社会救助与社会福利", "强化重点民生领域信息公开"),
    ("social-insurance", "社会保险", "强化重点民生领域信息公开"),
    ("employment", "就业创业", "强化重点民生领域信息公开"),
    ("education", "教育", "强化重点民生领域信息公开"),
    ("health", "医疗卫生", "强化重点民生领域信息公开"),
    ("land-acquisition", "征地", "强化重点民生领域信息公开"),
    ("culture-sports", "公共文化体育", "强化重点民生领域信息公开"),
    ("disaster-relief", "灾害事故救援", "强化重点民生领域信息公开"),
    ("public-institutions", "公共企事业单位", "强化重点民生领域信息公开"),
]

BASIS = "《中华人民共和国政府信息公开条例》"

# (code, name, parent code, legal basis, description)
TEMPLATE = [
    ("xxgk", "政府信息公开", None, BASIS + "第二十四条", "本机关政府信息公开平台。"),
    (
        "xxgk-guide",
        "政府信息公开指南",
        "xxgk",
        BASIS + "第十二条",
        "信息分类、编排体系、获取方式和工作机构联系方式。",
    ),
    ("xxgk-rules", "政府信息公开制度", "xxgk", BASIS, "本机关政府信息公开工作制度。"),
    (
        "xxgk-statutory",
        "法定主动公开内容",
        "xxgk",
        BASIS + "第二十条、第二十一条",
        "依法应当主动公开的政府信息。",
    ),
    *[(code, name, "xxgk-statutory", BASIS + "第二十条", "") for code, name in ART20],
    *[(code, name, "xxgk-statutory", BASIS + "第二十一条", "") for code, name in ART21_CITY],
    ("xxgk-annual", "政府信息公开年报", "xxgk", BASIS + "第四十九条、第五十条", "政府信息公开工作年度报告。"),
    ("policy", "政策文件", None, BASIS + "第二十条第（一）项", "本机关制发的政策性文件。"),
    ("interpretation", "政策解读", None, "", "政策文件的解读材料。"),
    ("key-areas", "重点领域", None, "2019年临沂市政务公开工作要点附件", "重点领域信息公开。"),
    *[
        (f"ka-{code}", name, "key-areas", "2019年临沂市政务公开工作要点附件", group)
        for code, name, group in KEY_AREAS
    ],
]


# The 政府信息公开 column and its four first-level parts: the same name and place in every unit's catalog
# (国办公开办函〔2019〕61号), restored by ``fix_structure`` if a unit renamed, moved or switched one off.
STANDARD_ROOT = "xxgk"
STANDARD_PARTS = ("xxgk-guide", "xxgk-rules", "xxgk-statutory", "xxgk-annual")
STANDARD_NAMES = {code: name for code, name, *_rest in TEMPLATE if code in (STANDARD_ROOT, *STANDARD_PARTS)}


def fix_structure(columns: dict) -> list:
    """Give a unit's columns (``{code: column}``) the standard names, places and state; return the columns
    changed (not saved). The template's own names are not used: the office may adjust the rest of the
    template, but these five names are national."""
    root = columns.get(STANDARD_ROOT)
    changed = []
    for code, name in STANDARD_NAMES.items():
        column = columns.get(code)
        if column is None:
            continue
        parent_id = None if code == STANDARD_ROOT else (root.pk if root else column.parent_id)
        if column.name != name or not column.is_active or column.parent_id != parent_id:
            column.name, column.is_active, column.parent_id = name, True, parent_id
            changed.append(column)
    return changed


def load(apps) -> None:
    """Create the template and key areas (idempotent; existing rows the office edited are kept)."""
    ColumnTemplate = apps.get_model("publishing", "ColumnTemplate")
    KeyArea = apps.get_model("publishing", "KeyArea")
    for order, (code, name, group) in enumerate(KEY_AREAS):
        KeyArea.objects.get_or_create(code=code, defaults={"name": name, "group": group, "sort_order": order})
    by_code = {}
    for order, (code, name, parent, basis, description) in enumerate(TEMPLATE):
        template, _ = ColumnTemplate.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": by_code.get(parent),
                "sort_order": order,
                "legal_basis": basis,
                "description": description,
                "matter": name,
                "channels": ["GOV_WEBSITE"],
            },
        )
        by_code[code] = template
