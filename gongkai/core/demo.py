"""Demo organizations and staff, built from the seed document (Linyi's 2019 openness work points).

Units are those the notice is addressed to and every unit named in the annex's 责任单位 column, under
their full names, with the short names and variant spellings the annex uses as aliases. Credit codes are
well-formed demo codes (valid GB 32100 check character) on Linyi's administrative division codes, not
the units' real codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from . import otp, services, uscc
from .actors import system
from .models import Organization, OrgType, User
from .roles import Role

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
    return report
