"""Demo organizations and staff, built from the seed document (Linyi's 2019 openness work points).

Units are those the notice is addressed to and every unit named in the annex's 责任单位 column, under
their full names, with the short names and variant spellings the annex uses as aliases. Credit codes are
well-formed demo codes (valid GB 32100 check character) on Linyi's administrative division codes, not
the units' real codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from . import otp, records, services, uscc
from .actors import system
from .models import Leader, Organization, OrgType, User
from .roles import Capability, Role

ACTOR = system("load_demo")
DEMO_PASSWORD = "gongkai-demo-2026"  # noqa: S105 - printed by `make run`; demo databases only
# The authenticator secret (base32) of every demo account whose role requires two-factor sign-in (公开办,
# 单位管理员): add it to an authenticator app, or `oathtool --totp -b` it. Demo databases only.
DEMO_TOTP_SECRET = "GONGKAIDEMOSECRETGONGKAIDEMO2345"  # noqa: S105

CITY_DIVISION = "371300"

# (full name, short name, aliases)
DEPARTMENTS = [
    ("临沂市发展和改革委员会", "市发展改革委", ["市委改革委", "市发改委"]),
    ("临沂市教育局", "市教育局", []),
    ("临沂市工业和信息化局", "市工业和信息化局", []),
    ("临沂市公安局", "市公安局", []),
    ("临沂市民政局", "市民政局", []),
    ("临沂市财政局", "市财政局", ["市委财政局"]),
    ("临沂市人力资源和社会保障局", "市人力资源社会保障局", ["市委人力资源社会保障局", "市人社局"]),
    ("临沂市自然资源和规划局", "市自然资源和规划局", []),
    ("临沂市生态环境局", "市生态环境局", []),
    ("临沂市住房和城乡建设局", "市住建局", ["市住房城乡建设局"]),
    ("临沂市城市管理局", "市城市管理局", []),
    ("临沂市交通运输局", "市交通运输局", []),
    ("临沂市农业农村局", "市农业农村局", ["市委农业农村局"]),
    ("临沂市文化和旅游局", "市文化和旅游局", []),
    ("临沂市卫生健康委员会", "市卫生健康委", []),
    ("临沂市退役军人事务局", "市退役军人局", []),
    ("临沂市应急管理局", "市应急局", []),
    ("临沂市人民政府国有资产监督管理委员会", "市国资委", []),
    ("临沂市市场监督管理局", "市市场监管局", []),
    ("临沂市体育局", "市体育局", []),
    ("临沂市医疗保障局", "市医保局", []),
    ("临沂市地方金融监督管理局", "市地方金融监管局", []),
    ("临沂市行政审批服务局", "市行政审批服务局", []),
    ("临沂市扶贫开发领导小组办公室", "市扶贫开发办", []),
]

# Named in the annex as responsible units although not government departments.
OTHER_UNITS = [
    ("中共临沂市委机构编制委员会办公室", "市委编办", []),
    ("中国人民银行临沂市中心支行", "人民银行", []),
    ("中国银行保险监督管理委员会临沂监管分局", "市银监局", ["临沂银保监分局"]),
]

RECONSIDERATION_ORGANS = {
    "临沂市人民政府": "山东省人民政府",
    "中国人民银行临沂市中心支行": "中国人民银行山东省分行",
    "中国银行保险监督管理委员会临沂监管分局": "国家金融监督管理总局山东监管局",
}

# (name, short name, division code)
COUNTIES = [
    ("临沂市兰山区人民政府", "兰山区", "371302"),
    ("临沂市罗庄区人民政府", "罗庄区", "371311"),
    ("临沂市河东区人民政府", "河东区", "371312"),
    ("沂南县人民政府", "沂南县", "371321"),
    ("郯城县人民政府", "郯城县", "371322"),
    ("沂水县人民政府", "沂水县", "371323"),
    ("兰陵县人民政府", "兰陵县", "371324"),
    ("费县人民政府", "费县", "371325"),
    ("平邑县人民政府", "平邑县", "371326"),
    ("莒南县人民政府", "莒南县", "371327"),
    ("蒙阴县人民政府", "蒙阴县", "371328"),
    ("临沭县人民政府", "临沭县", "371329"),
]

ZONES = [
    ("临沂高新技术产业开发区管理委员会", "临沂高新区", ["临沂高新技术产业开发区管委会"]),
    ("临沂经济技术开发区管理委员会", "临沂经开区", ["临沂经济技术开发区管委会"]),
    ("临沂临港经济开发区管理委员会", "临沂临港区", ["临沂临港经济开发区管委会"]),
    ("临沂商城管理委员会", "临沂商城", ["临沂商城管委会"]),
    ("临沂蒙山旅游度假区管理委员会", "蒙山旅游度假区", ["临沂蒙山旅游度假区管委会"]),
    ("临沂综合保税区管理委员会", "临沂综保区", ["临沂综合保税区管委会"]),
]

# Townships and streets of one district, to show the tree's lower levels.
LANSHAN_STREETS = ["兰山街道办事处", "银雀山街道办事处", "金雀山街道办事处", "柳青街道办事处"]

# (username, full name, unit name, role)
STAFF = [
    ("admin", "市政府公开办", "临沂市人民政府", Role.OPENNESS_OFFICE),
    ("fgw_admin", "发改委管理员", "临沂市发展和改革委员会", Role.UNIT_ADMIN),
    ("fgw_reviewer", "发改委审核员", "临沂市发展和改革委员会", Role.REVIEWER),
    ("fgw_editor", "发改委编辑", "临沂市发展和改革委员会", Role.EDITOR),
    ("jyj_editor", "教育局编辑", "临沂市教育局", Role.EDITOR),
    ("lanshan_office", "兰山区公开办", "临沂市兰山区人民政府", Role.OPENNESS_OFFICE),
    ("lanshan_editor", "兰山街道编辑", "兰山街道办事处", Role.EDITOR),
]


@dataclass
class DemoReport:
    organizations_created: int = 0
    staff_created: int = 0
    items_created: int = 0
    applications_created: int = 0
    reports_created: int = 0
    messages_created: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


class _Builder:
    def __init__(self, report: DemoReport):
        self.report = report
        self.serial = 0

    def code(self, division: str, org_type: str = "1") -> str:
        self.serial += 1
        return uscc.make_code("1", org_type, division, f"{self.serial + 4213000:08d}")

    def org(self, name, parent, org_type, short_name="", aliases=(), division=CITY_DIVISION, order=100):
        existing = Organization.objects.filter(name=name).first()
        code = self.code(division, "2" if org_type == OrgType.INSTITUTION else "1")
        if existing is not None:
            return existing
        self.report.organizations_created += 1
        return services.create_organization(
            actor=ACTOR,
            parent=parent,
            name=name,
            short_name=short_name,
            aliases=list(aliases),
            org_type=org_type,
            credit_code=code,
            sort_order=order,
        )


@transaction.atomic
def load_demo() -> DemoReport:
    report = DemoReport()
    build = _Builder(report)
    city = build.org("临沂市人民政府", None, OrgType.GOVERNMENT, "市政府", order=0)
    office = build.org("临沂市人民政府办公室", city, OrgType.GENERAL_OFFICE, "市政府办公室", order=1)
    build.org("临沂市政务公开办公室", office, OrgType.INSTITUTION, "市政务公开办", order=1)
    for order, (name, short, aliases) in enumerate(DEPARTMENTS, start=10):
        build.org(name, city, OrgType.DEPARTMENT, short, aliases, order=order)
    for order, (name, short, aliases) in enumerate(OTHER_UNITS, start=60):
        build.org(name, city, OrgType.OTHER, short, aliases, order=order)
    # Reconsideration organs the tree cannot give (spec §1.9): the top of the tree's next level up, and the
    # vertically managed organs' own superiors (行政复议法 第二十七条).
    for name, organ in RECONSIDERATION_ORGANS.items():
        Organization.objects.filter(name=name, reconsideration_organ="").update(reconsideration_organ=organ)
    for order, (name, short, division) in enumerate(COUNTIES, start=100):
        county = build.org(
            name, city, OrgType.COUNTY, short, [short + "政府"], division=division, order=order
        )
        build.org(
            name.replace("人民政府", "人民政府办公室"),
            county,
            OrgType.GENERAL_OFFICE,
            short + "政府办",
            division=division,
        )
        if short == "兰山区":
            for street_order, street in enumerate(LANSHAN_STREETS):
                build.org(
                    street,
                    county,
                    OrgType.TOWNSHIP,
                    street.removesuffix("办事处"),
                    division=division,
                    order=street_order,
                )
    for order, (name, short, aliases) in enumerate(ZONES, start=200):
        build.org(name, city, OrgType.DEVELOPMENT_ZONE, short, aliases, order=order)

    for username, full_name, unit_name, role in STAFF:
        unit = Organization.objects.get(name=unit_name)
        if not User.objects.filter(username=username).exists():
            services.create_staff(
                actor=ACTOR,
                username=username,
                full_name=full_name,
                unit=unit,
                role=role,
                password=DEMO_PASSWORD,
                validate=False,
            )
            report.staff_created += 1
        staff = User.objects.get(username=username)
        if otp.required_for(staff):
            otp.ensure_demo_totp(user=staff, secret_base32=DEMO_TOTP_SECRET)
        report.logins.append((username, unit.display_name, Role(role).label))
    _contacts()
    _leaders()
    return report


# Contact data, functions (三定) and leadership -------------------------------------------------------

# (ASCII mail box, street address in 北城新区 or the county seat, functions) per unit; phone, fax and
# postcode follow from the unit's place in the list. All are demo data, not the units' real details.
# fmt: off
PROFILES = {
    "临沂市人民政府": ("lyszf", "北城新区府右路11号", "执行市人民代表大会及其常务委员会的决议和上级国家行政机关的决定、命令，规定行政措施，发布决定和命令；领导市政府工作部门和县区人民政府的工作；编制和执行国民经济和社会发展计划、预算；管理本市经济、教育、科学、文化、卫生、体育、城乡建设、财政、民政、公安、司法行政、监察等行政工作。"),
    "临沂市人民政府办公室": ("lyszfb", "北城新区府右路11号", "负责市政府会议的准备工作，协助市政府领导同志组织实施会议决定事项；协助市政府领导同志组织起草或审核以市政府、市政府办公室名义发布的公文；督促检查市政府各部门和各县区政府对市政府公文、会议决定事项及市政府领导同志指示的执行落实情况；指导、监督、推进全市政务公开工作。"),
    "临沂市政务公开办公室": ("lyzwgk", "北城新区府右路11号", "承担全市政府信息公开和政务公开的日常工作；组织编制政务公开工作要点和年度报告；指导各县区、各部门做好主动公开、依申请公开、政策解读和回应关切；组织开展政务公开第三方评估和业务培训。"),
    "临沂市发展和改革委员会": ("lyfgw", "北城新区北京路37号", "拟订并组织实施全市国民经济和社会发展战略、中长期规划和年度计划；统筹推进新旧动能转换；负责重大建设项目的审批、核准和备案；承担价格管理和成本监审；推进社会信用体系建设。"),
    "临沂市教育局": ("lyjyj", "北城新区北京路37号", "贯彻执行国家和省教育方针政策，拟订全市教育改革与发展规划；管理和指导各级各类教育；负责义务教育均衡发展和招生考试工作；负责学生资助和教师队伍建设。"),
    "临沂市工业和信息化局": ("lygxj", "北城新区北京路37号", "拟订并组织实施全市工业和信息化发展规划，推进产业结构战略性调整和优化升级；负责中小企业发展和民营经济促进工作；推进信息化和工业化融合。"),
    "临沂市公安局": ("lygaj", "兰山区金雀山路15号", "负责全市公安工作，预防、制止和侦查违法犯罪活动；维护社会治安秩序；负责户政、出入境、道路交通安全和消防以外的治安行政管理工作。"),
    "临沂市民政局": ("lymzj", "北城新区北京路37号", "拟订并组织实施全市民政事业发展规划和政策；负责社会救助、养老服务、儿童福利、社会组织登记管理、区划地名、婚姻登记和殡葬管理工作。"),
    "临沂市财政局": ("lyczj", "北城新区北京路37号", "拟订全市财政发展规划和政策；编制年度市级预决算草案并组织执行；管理市级各项财政收支和政府债务；负责政府采购监督管理和预决算公开工作。"),
    "临沂市人力资源和社会保障局": ("lyrsj", "北城新区北京路37号", "拟订全市人力资源和社会保障事业发展规划和政策；负责促进就业、社会保险、人才队伍建设、劳动关系和工资收入分配工作；负责劳动保障监察和劳动人事争议调解仲裁。"),
    "临沂市自然资源和规划局": ("lyzrzy", "北城新区北京路37号", "履行全民所有土地、矿产、森林等自然资源资产所有者职责和国土空间用途管制职责；负责国土空间规划、不动产登记、土地征收和耕地保护工作。"),
    "临沂市生态环境局": ("lysthj", "北城新区北京路37号", "负责全市生态环境监督管理；组织实施大气、水、土壤污染防治；负责环境监测和信息发布；组织生态环境保护督察和执法。"),
    "临沂市住房和城乡建设局": ("lyzjj", "北城新区北京路37号", "负责全市住房保障、房地产市场监管、建筑市场监管和城市建设管理；组织实施老旧小区改造和城市供水、供气、供热等公用事业监管。"),
    "临沂市城市管理局": ("lycgj", "北城新区北京路37号", "负责城市市容环境卫生、园林绿化、市政设施和城市管理综合执法工作；推进数字化城市管理。"),
    "临沂市交通运输局": ("lyjtj", "北城新区北京路37号", "负责全市公路、水路交通运输行业管理；组织实施交通基础设施建设；负责城乡客运和物流发展。"),
    "临沂市农业农村局": ("lynyj", "北城新区北京路37号", "统筹研究和组织实施全市“三农”工作发展规划和政策；负责乡村振兴、农村集体产权制度改革、农产品质量安全和农业防灾减灾工作。"),
    "临沂市文化和旅游局": ("lywlj", "北城新区北京路37号", "拟订全市文化和旅游发展规划；负责公共文化服务体系建设、文化遗产保护和旅游市场监管；指导文化和旅游市场综合执法。"),
    "临沂市卫生健康委员会": ("lywjw", "北城新区北京路37号", "拟订全市卫生健康事业发展规划；深化医药卫生体制改革；负责疾病预防控制、医政医管、基层卫生和妇幼健康工作；组织应对突发公共卫生事件。"),
    "临沂市退役军人事务局": ("lytyjr", "北城新区北京路37号", "负责退役军人思想政治、管理保障和安置就业工作；组织实施褒扬激励和优抚工作；负责军人公墓和烈士纪念设施保护管理。"),
    "临沂市应急管理局": ("lyyjj", "北城新区北京路37号", "负责全市应急管理和安全生产综合监督管理；组织编制应急预案和应急体系建设规划；统筹防汛抗旱、森林防火和灾害救助工作。"),
    "临沂市人民政府国有资产监督管理委员会": ("lygzw", "北城新区北京路37号", "根据市政府授权履行出资人职责，监管市属企业国有资产；推进国有企业改革和重组；负责国资国企信息公开。"),
    "临沂市市场监督管理局": ("lyscjg", "北城新区北京路37号", "负责全市市场综合监督管理、市场主体登记注册、食品安全监督、产品质量和特种设备安全监管；组织实施“双随机、一公开”监管。"),
    "临沂市体育局": ("lytyj", "北城新区北京路37号", "拟订全市体育事业发展规划；推进全民健身和竞技体育发展；负责公共体育设施建设和体育产业发展。"),
    "临沂市医疗保障局": ("lyybj", "北城新区北京路37号", "拟订全市医疗保险、生育保险、医疗救助等医疗保障制度的政策并组织实施；负责医保基金监管和定点医药机构管理。"),
    "临沂市地方金融监督管理局": ("lyjrj", "北城新区北京路37号", "拟订全市地方金融业发展规划；负责地方金融组织的监督管理；牵头防范和处置非法集资工作。"),
    "临沂市行政审批服务局": ("lyspj", "北城新区北京路37号", "负责市级行政许可事项的集中办理；推进“一网通办”“一窗受理”；负责政务服务中心的运行管理。"),
    "临沂市扶贫开发领导小组办公室": ("lyfpb", "北城新区北京路37号", "承担市扶贫开发领导小组的日常工作；拟订全市脱贫攻坚和巩固拓展脱贫成果规划；负责扶贫资金项目的监督管理和公告公示。"),
    "中共临沂市委机构编制委员会办公室": ("lybb", "北城新区府右路11号", "负责全市行政管理体制和机构改革；管理各级党政机关和事业单位的机构编制；推进权责清单制度建设。"),
    "中国人民银行临沂市中心支行": ("pbclinyi", "兰山区沂蒙路158号", "依法履行中央银行职责，执行货币政策，维护区域金融稳定，提供金融服务，负责辖区反洗钱和征信管理。"),
    "中国银行保险监督管理委员会临沂监管分局": ("lyybj2", "兰山区沂蒙路180号", "依法对辖区银行业和保险业实行统一监督管理，维护银行业和保险业合法、稳健运行，防范和化解金融风险。"),
}
# fmt: on

COUNTY_FUNCTIONS = (
    "执行{short}人民代表大会及其常务委员会的决议和上级国家行政机关的决定、命令；领导所属工作部门和"
    "乡镇（街道）的工作；编制和执行本区域国民经济和社会发展计划、预算；管理本区域经济、教育、科学、文化、"
    "卫生、体育、城乡建设、财政、民政、公安、司法行政等行政工作。"
)
COUNTY_OFFICE_FUNCTIONS = (
    "负责{short}人民政府会议的组织和公文处理；督促检查政府决定事项的落实；承担本区域政务公开、"
    "政务服务和政府信息公开申请的统一受理工作。"
)
STREET_FUNCTIONS = (
    "贯彻执行党和国家的路线方针政策及上级决定；负责辖区社区建设、社会治安综合治理、民生保障、"
    "城市管理和公共服务；指导社区居民委员会工作；收集、反映居民的意见和要求。"
)
ZONE_FUNCTIONS = (
    "负责园区的规划、建设、招商引资和经济管理；代管辖区内社会事务；优化营商环境，为入驻企业提供政务服务。"
)
# County seats: (mail prefix, street address)
COUNTY_SEATS = {
    "兰山区": ("lanshan", "临沂市兰山区金雀山路1号"),
    "罗庄区": ("luozhuang", "临沂市罗庄区罗庄街道湖西路1号"),
    "河东区": ("hedong", "临沂市河东区人民大街1号"),
    "沂南县": ("yinan", "沂南县界湖街道振兴路1号"),
    "郯城县": ("tancheng", "郯城县郯城街道人民路1号"),
    "沂水县": ("yishui", "沂水县沂城街道长安路1号"),
    "兰陵县": ("lanling", "兰陵县卞庄街道文化路1号"),
    "费县": ("feixian", "费县费城街道北京路1号"),
    "平邑县": ("pingyi", "平邑县平邑街道莲花山路1号"),
    "莒南县": ("junan", "莒南县十字路街道人民路1号"),
    "蒙阴县": ("mengyin", "蒙阴县蒙阴街道叠翠路1号"),
    "临沭县": ("linshu", "临沭县临沭街道常林大街1号"),
}
ZONE_ADDRESSES = {
    "临沂高新区": ("gxq", "临沂高新区工业大道68号"),
    "临沂经开区": ("jkq", "临沂经济技术开发区沂河路1号"),
    "临沂临港区": ("lgq", "临沂临港经济开发区坪上镇临港大道1号"),
    "临沂商城": ("sc", "临沂市兰山区通达路商城管委会大楼"),
    "蒙山旅游度假区": ("mengshan", "平邑县柏林镇蒙山大道1号"),
    "临沂综保区": ("zbq", "临沂经济技术开发区综合保税区大道1号"),
}
STREET_ADDRESSES = {
    "兰山街道办事处": ("lsjd", "临沂市兰山区解放路68号"),
    "银雀山街道办事处": ("yqsjd", "临沂市兰山区银雀山路102号"),
    "金雀山街道办事处": ("jqsjd", "临沂市兰山区金雀山路86号"),
    "柳青街道办事处": ("lqjd", "临沂市兰山区柳青河路18号"),
}
OFFICE_HOURS = "工作日上午9:00—12:00，下午13:30—17:00（法定节假日除外）"
SUMMER_HOURS = "工作日上午8:30—12:00，下午13:00—17:00（法定节假日除外）"


def _contact(org: Organization, n: int) -> dict:
    """The demo contact data of one unit (``n``: its place in the tree, for distinct numbers)."""
    name, short = org.name, org.short_name
    county = next((c for c in COUNTY_SEATS if name.startswith(("临沂市" + c, c))), None)
    if name in PROFILES:
        box, street, functions = PROFILES[name]
        address, domain, postcode = "山东省临沂市" + street, "linyi.gov.cn", "276000"
    elif name in STREET_ADDRESSES:
        box, street = STREET_ADDRESSES[name]
        address, domain, postcode, functions = "山东省" + street, "lanshan.gov.cn", "276002", STREET_FUNCTIONS
    elif short in ZONE_ADDRESSES:
        box, street = ZONE_ADDRESSES[short]
        address, domain, postcode, functions = "山东省" + street, "linyi.gov.cn", "276000", ZONE_FUNCTIONS
    elif county is not None:
        prefix, street = COUNTY_SEATS[county]
        office = org.org_type == OrgType.GENERAL_OFFICE
        box = prefix + ("zfb" if office else "zf")
        address, domain = "山东省" + street, f"{prefix}.gov.cn"
        postcode = f"2764{n % 90 + 10:02d}" if county != "兰山区" else "276002"
        functions = (COUNTY_OFFICE_FUNCTIONS if office else COUNTY_FUNCTIONS).format(short=county)
    else:
        box, address, domain, postcode = (
            f"unit{n}",
            "山东省临沂市北城新区北京路37号",
            "linyi.gov.cn",
            "276000",
        )
        functions = ""
    # Linyi's landlines: 0539 and seven digits; the city's organs on 8xxxxxx, the counties on 2-6xxxxxx.
    first = "8" if domain == "linyi.gov.cn" else str(2 + n % 5)
    phone = f"0539-{first}{(3107 + n * 137) % 1000:03d}{n % 10}{(n * 7) % 10}{(n * 3) % 10}"
    fax = phone[:-1] + str((int(phone[-1]) + 1) % 10)
    if org.org_type == OrgType.GOVERNMENT or (county and org.org_type == OrgType.COUNTY):
        phone += "、12345"  # the 12345 government hotline beside the office number
    return {
        "address": address,
        "postcode": postcode,
        "phone": phone,
        "fax": fax,
        "email": f"{box}@{domain}",
        "office_hours": SUMMER_HOURS if n % 3 == 0 else OFFICE_HOURS,
        "foi_office": "政务公开办公室" if org.org_type in (OrgType.GOVERNMENT, OrgType.COUNTY) else "办公室",
        "description": functions,
    }


def _contacts() -> None:
    """Fill each unit's blank contact fields (a unit's own entries are never overwritten)."""
    for n, org in enumerate(Organization.objects.order_by("path")):
        blank = {key: value for key, value in _contact(org, n).items() if value and not getattr(org, key)}
        if blank:
            services.update_organization(actor=ACTOR, organization=org, **blank)


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["建华", "志强", "丽萍", "国庆", "海燕", "振东", "文静", "立新", "卫东", "秀兰", "明亮", "红梅",
         "宏伟", "晓东", "春燕", "玉林", "长青", "庆华", "德胜", "素芳", "光明", "永刚", "雪梅", "建军"]  # fmt: skip
DUTIES = [
    "主持全面工作。",
    "负责办公室、政务公开、信息化建设、财务和机关党建工作。",
    "负责法制、政策研究、规划和重点项目推进工作。",
]
COUNTY_DUTIES = [
    "领导{short}人民政府的全面工作。",
    "负责发展改革、财政、审计、统计、政务公开和政务服务方面的工作。",
    "负责教育、卫生健康、民政、人力资源社会保障和应急管理方面的工作。",
]


def _titles(org: Organization) -> tuple[str, str]:
    name = org.name
    if org.org_type == OrgType.GOVERNMENT:
        return "市长", "副市长"
    if org.org_type == OrgType.COUNTY:
        word = "县" if name.endswith("县人民政府") else "区"
        return word + "长", "副" + word + "长"
    if name.endswith("中心支行"):
        return "行长", "副行长"
    if name.endswith("局") or name.endswith("分局"):
        return "局长", "副局长"
    return "主任", "副主任"


def _leaders() -> None:
    """Three leaders for each unit (fictional names), once: a unit that has leaders is left as it is."""
    with_leaders = set(Leader.objects.values_list("organization_id", flat=True).distinct())
    for n, org in enumerate(Organization.objects.order_by("path")):
        if org.pk in with_leaders:
            continue
        head, deputy = _titles(org)
        county = org.org_type == OrgType.COUNTY
        for k in range(3):
            name = SURNAMES[(n * 3 + k * 7) % len(SURNAMES)] + GIVEN[(n * 5 + k * 11) % len(GIVEN)]
            duties = (COUNTY_DUTIES if county else DUTIES)[k].format(short=org.short_name)
            records.save_record(
                actor=ACTOR,
                obj=Leader(organization=org, name=name, title=head if k == 0 else deputy, duties=duties,
                           sort_order=k + 1),
                capability=Capability.EDIT_UNIT,
                unit=org,
            )  # fmt: skip
