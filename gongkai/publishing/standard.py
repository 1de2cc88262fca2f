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


# 公开内容（要素） of each template column: what an entry must set out (基层政务公开标准目录, spec §6), copied to
# every unit's column by ``services.ensure_catalog``.
CONTENT_ELEMENTS = {
    "xxgk": "政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开工作年度报告。",
    "xxgk-guide": "信息分类、编排体系、获取方式；依申请公开的受理机构名称、办公地址、办公时间、联系电话、"
    "传真号码、互联网联系方式；申请的提出、处理和答复程序。",
    "xxgk-rules": "政府信息公开工作制度：主动公开、依申请公开、公开前保密审查、信息发布协调、政策解读、"
    "考核和责任追究等制度全文。",
    "xxgk-statutory": "《条例》第二十条、第二十一条规定应当主动公开的政府信息，按事项分栏目公开。",
    "a20-01": "文件名称、发文机关、文号、成文日期、发布日期、有效性、正文全文；规范性文件的解读材料。",
    "a20-02": "机构名称、机关职能（三定）、内设机构和下属单位、办公地址、办公时间、联系电话、传真、"
    "电子邮箱、负责人姓名、职务和分工。",
    "a20-03": "规划名称、编制机关、规划期限、规划文本（全文）及相关政策、规划的中期评估和调整情况。",
    "a20-04": "统计公报、月度和季度主要统计数据、统计年鉴、数据发布时间表和统计数据解读。",
    "a20-05": "事项名称、设定依据、申请条件、申请材料、办理流程、办理时限、收费依据和标准、办理结果、"
    "咨询和监督电话。",
    "a20-06": "行政处罚、行政强制的依据、条件、程序；行政处罚决定（当事人、违法事实、处罚依据、处罚内容、"
    "作出机关和日期）；行政强制决定。",
    "a20-07": "经本级人大或其常委会批准的财政预算、决算报告及报表，部门预算、决算，“三公”经费预算和决算"
    "及说明，政府债务情况。",
    "a20-08": "收费项目名称、收费依据、收费标准、收费对象、收费主体、减免政策，及其调整和取消情况。",
    "a20-09": "政府集中采购目录和限额标准、采购项目的采购公告、中标（成交）结果、合同和履约验收情况。",
    "a20-10": "项目名称、建设单位、批准（核准、备案）文件、招标投标、征收土地、施工许可、质量安全监督、"
    "竣工验收等批准和实施情况。",
    "a20-11": "扶贫、教育、医疗、社会保障、促进就业等方面的政策措施、申请条件和办理程序、资金分配和使用、"
    "受益对象（已去除个人隐私信息）及实施情况。",
    "a20-12": "突发公共事件应急预案、预警信息（发布单位、预警级别、影响范围、防御指引）、事件处置和应对"
    "情况。",
    "a20-13": "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查计划、抽查对象和事项、检查结果、"
    "处理情况和整改落实情况。",
    "a20-14": "招考公告、招考职位、名额、报考条件、考试安排、成绩和体检考察结果、拟录用人员名单和录用结果。",
    "a20-15": "法律、法规、规章和国家有关规定要求主动公开的其他政府信息（名称、依据、内容、时间）。",
    "a21-01": "市政建设项目名称、建设内容、规模、投资、建设单位、工期、进展情况和竣工验收结果。",
    "a21-02": "公共服务事项清单、服务内容、服务标准、服务场所、办理流程、服务时间和联系方式。",
    "a21-03": "公益事业项目的设立依据、资金来源、资金分配和使用、受益对象和实施情况。",
    "a21-04": "征收土地预公告、征地批复、征收土地公告、补偿安置方案、补偿标准、补偿费用的收取和支付情况。",
    "a21-05": "房屋征收决定、征收补偿方案、补偿标准、评估机构选定、分户补偿情况（已去除个人隐私信息）。",
    "a21-06": "治安管理法规政策、办事指南、社会治安状况、治安管理措施和重大治安事件处置情况。",
    "a21-07": "社会救助政策、救助标准、申请条件和程序、资金分配和发放情况、救助对象公示（已去除个人隐私"
    "信息）、投诉举报电话。",
    "xxgk-annual": "年度报告全文：总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
    "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。",
    "policy": "文件名称、发文机关、文号、成文日期、发布日期、有效性、正文全文及其附件。",
    "interpretation": "解读的政策文件名称和链接、解读形式（文字、图解、音视频）、解读机关、解读内容。",
    "key-areas": "2019年临沂市政务公开工作要点确定的重点领域信息，按领域分栏目公开。",
    "ka-new-old-drivers": "新旧动能转换重大工程的政策措施、重点项目、推进情况和阶段性成果。",
    "ka-rural-revitalization": "乡村振兴战略规划、政策措施、项目安排、资金使用和实施进展。",
    "ka-major-risks": "防范化解重大风险的政策措施、政府债务、非法集资风险提示和处置情况。",
    "ka-poverty-alleviation": "扶贫政策、扶贫项目、扶贫资金分配和使用、脱贫成效及公告公示。",
    "ka-pollution-control": "污染防治攻坚政策、环境质量状况、重点排污单位、环境执法和督察整改情况。",
    "ka-enterprise-services": "涉企政策、惠企措施、办事指南、涉企收费清单和优化营商环境举措。",
    "ka-power-lists": "权力清单、责任清单的事项名称、依据、实施主体、追责情形及其动态调整情况。",
    "ka-rules-cleanup": "规章和规范性文件清理的范围、结果、继续有效、修改和废止文件目录。",
    "ka-random-inspection": "随机抽查事项清单、抽查计划、检查对象和执法人员名录、抽查结果和查处情况。",
    "ka-social-credit": "社会信用体系建设政策、行政许可和行政处罚信用信息、失信联合惩戒和信用修复。",
    "ka-key-deployments": "重要部署的工作方案、责任分工、推进措施、落实情况和督查结果。",
    "ka-proposals": "人大代表建议和政协委员提案的办理总体情况、办理复文（涉密的除外）和办理结果。",
    "ka-major-projects": "重大建设项目批准和实施信息，公共资源交易（工程建设招标投标、政府采购、国有产权、"
    "土地和矿业权出让）的公告和结果。",
    "ka-fiscal": "政府预算决算、部门预算决算、“三公”经费、财政专项资金管理和使用、政府债务。",
    "ka-law-enforcement": "执法主体、执法依据、执法程序、执法结果、救济渠道（行政执法公示制度）。",
    "ka-state-assets": "国有资产监管政策、市属企业经营业绩、国有资本经营预算、国企改革和重大事项。",
    "ka-social-assistance": "社会救助和社会福利政策、标准、申请程序、资金发放和对象公示（已去除个人隐私"
    "信息）。",
    "ka-social-insurance": "社会保险参保范围、缴费标准、待遇标准、基金收支和经办流程。",
    "ka-employment": "就业创业扶持政策、招聘信息、职业培训、创业补贴和担保贷款申请程序。",
    "ka-education": "招生入学政策、学校名录、收费标准、学生资助政策和教育督导结果。",
    "ka-health": "医疗卫生机构名录、医疗服务价格、传染病疫情、医疗卫生行业监督检查结果。",
    "ka-land-acquisition": "征地批准文件、征地补偿标准、安置方案和补偿费用发放情况。",
    "ka-culture-sports": "公共文化体育设施名录、开放时间、服务项目和重大文化体育活动信息。",
    "ka-disaster-relief": "灾害事故预警、应急响应、救援进展、救灾款物分配和使用情况。",
    "ka-public-institutions": "教育、卫生健康、供水、供电、供气、供热、公共交通等公共企事业单位的服务内容、"
    "办事流程、收费标准和服务承诺。",
}


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
                "content_elements": CONTENT_ELEMENTS.get(code, ""),
                "channels": ["GOV_WEBSITE"],
            },
        )
        by_code[code] = template
    fill_content_elements(apps)


def fill_content_elements(apps) -> None:
    """Give template rows and units' columns with an empty 公开内容（要素） the standard one (a column's from its
    template, else from the standard text of its code); what the office or a unit wrote is kept."""
    ColumnTemplate = apps.get_model("publishing", "ColumnTemplate")
    Column = apps.get_model("publishing", "Column")
    for code, elements in CONTENT_ELEMENTS.items():
        ColumnTemplate.objects.filter(code=code, content_elements="").update(content_elements=elements)
    for template in ColumnTemplate.objects.exclude(content_elements=""):
        Column.objects.filter(template=template, content_elements="").update(
            content_elements=template.content_elements
        )
    for code, elements in CONTENT_ELEMENTS.items():
        Column.objects.filter(code=code, content_elements="").update(content_elements=elements)
