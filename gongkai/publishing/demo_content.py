"""Demo content that makes every public page real: a 政府信息公开工作制度 for every unit, items in each
standard column of the city government, 兰山区 and a few departments, the 要闻 and 通知公告 columns of both
demo portals, and items in the columns of 兰山区's office and streets.

Idempotent by (unit, title): an item already there is never made again, so a second ``load_demo`` changes
nothing and a database loaded by an older demo gains what it lacks.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization

from . import services
from .models import Column, InformationItem, KeyArea

DEMO = system("load_demo")

# Columns another module fills (the register, the annual reports, proposals) or a generator builds (the
# guide): the demo leaves them to it.
MODULE_FILLED = {"xxgk-guide", "a20-01", "xxgk-annual", "ka-proposals"}

RULES_BODY = """<p>第一条 为规范{unit}政府信息公开工作，保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》，结合工作实际，制定本制度。</p>
<p>第二条 本机关政府信息公开工作由{office}具体承办，负责本机关政府信息公开的日常工作，组织编制政府信息公开指南、目录和年度报告，受理政府信息公开申请。</p>
<p>第三条 主动公开。属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内，通过本机关政府信息公开平台予以公开。法律、法规对政府信息公开的期限另有规定的，从其规定。</p>
<p>第四条 依申请公开。收到政府信息公开申请，能够当场答复的，应当当场予以答复；不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。</p>
<p>第五条 保密审查。拟公开的政府信息，应当依照《中华人民共和国保守国家秘密法》以及其他法律、法规和国家有关规定进行审查，坚持“先审查、后公开”和“一事一审”原则。</p>
<p>第六条 政策解读。起草重要政策文件时，应当同步组织起草解读材料，与政策文件同步审签、同步发布。</p>
<p>第七条 监督考核。政府信息公开工作纳入年度绩效考核；对未按规定履行公开义务的，依法依规追究责任。</p>
<p>第八条 本制度自印发之日起施行。</p>"""

# code -> (title after the unit's name, with {y}; genre; topic; summary)
# fmt: off
COLUMN_ITEMS = {
    "a20-02": ("机构职能、领导分工及联系方式", "其他", "综合政务", "公开本机关的主要职责、内设机构、领导分工、办公地址、办公时间和联系方式。"),
    "a20-03": ("{y}年重点专项规划实施情况", "报告", "国民经济管理", "公开本年度重点专项规划的实施进展和下一步安排。"),
    "a20-04": ("{y}年第三季度主要统计数据", "统计数据", "国民经济管理", "按季度发布主要业务统计数据及说明。"),
    "a20-05": ("行政许可和公共服务事项清单（{y}年版）", "公告", "综合政务", "公布行政许可和公共服务事项的名称、依据、条件、程序和办理时限。"),
    "a20-06": ("{y}年第三季度行政处罚和行政强制信息公示", "公示", "综合政务", "按季度公示行政处罚和行政强制决定的主要信息。"),
    "a20-07": ("{y}年部门预算公开说明", "报告", "财政、金融、审计", "公开本年度部门预算收支总表、财政拨款支出表和“三公”经费预算情况。"),
    "a20-08": ("行政事业性收费项目目录清单（{y}年）", "公告", "财政、金融、审计", "公布行政事业性收费的项目名称、依据和标准。"),
    "a20-09": ("{y}年政府采购意向公开", "公告", "财政、金融、审计", "公开本年度政府采购项目名称、采购需求概况、预算金额和预计采购时间。"),
    "a20-10": ("{y}年重大建设项目批准和实施情况", "公示", "国民经济管理", "公开重大建设项目的批准、招标投标、施工和竣工验收信息。"),
    "a20-11": ("{y}年民生保障政策措施及落实情况", "报告", "民政、扶贫、救灾", "公开教育、医疗、社会保障、促进就业等方面的政策措施及其实施情况。"),
    "a20-12": ("突发事件总体应急预案（{y}年修订）", "方案", "市场监管、安全生产监管", "公开突发事件总体应急预案、预警信息发布和应急响应程序。"),
    "a20-13": ("{y}年安全生产和产品质量监督检查情况通报", "通报", "市场监管、安全生产监管", "通报监督检查发现的问题及整改情况。"),
    "a20-14": ("{y}年考试录用公务员职位及录用结果", "公示", "劳动、人事、监察", "公开考试录用公务员的职位、名额、报考条件和录用结果。"),
    "a20-15": ("{y}年法治政府建设情况报告", "报告", "综合政务", "报告本年度推进法治政府建设的主要举措和成效。"),
    "a21-01": ("{y}年城市基础设施建设项目计划", "方案", "城乡建设、环境保护", "公开市政道路、管网、公园等基础设施建设项目计划。"),
    "a21-02": ("基本公共服务事项清单（{y}年）", "公告", "综合政务", "公开教育、医疗、养老、住房等基本公共服务事项和标准。"),
    "a21-03": ("{y}年公益事业捐赠款物接收和使用情况", "公告", "民政、扶贫、救灾", "公开接收社会捐赠款物的数量、使用和结余情况。"),
    "a21-04": ("{y}年土地征收启动公告", "公告", "国土资源、能源", "公告拟征收土地的范围、目的、开展土地现状调查的安排。"),
    "a21-05": ("{y}年国有土地上房屋征收决定公告", "公告", "城乡建设、环境保护", "公告房屋征收范围、补偿方案和行政复议、行政诉讼权利。"),
    "a21-06": ("{y}年社会治安综合治理工作情况", "工作动态", "公安、安全、司法", "公开社会治安综合治理的主要措施和成效。"),
    "a21-07": ("{y}年城乡低保和特困供养资金发放情况", "公告", "民政、扶贫、救灾", "公开城乡低保、特困人员供养对象人数和资金发放情况。"),
    "ka-new-old-drivers": ("{y}年新旧动能转换重大工程进展情况", "工作动态", "国民经济管理", "公开新旧动能转换重大工程的项目进展和政策落实情况。"),
    "ka-rural-revitalization": ("{y}年乡村振兴重点工作进展", "工作动态", "农业、林业、水利", "公开乡村振兴重点工作的推进情况。"),
    "ka-major-risks": ("{y}年防范化解重大风险工作情况", "工作动态", "财政、金融、审计", "公开防范化解地方政府债务、金融等重大风险的措施和成效。"),
    "ka-poverty-alleviation": ("{y}年巩固拓展脱贫攻坚成果资金项目公告", "公告", "民政、扶贫、救灾", "公告衔接推进乡村振兴补助资金的项目安排和使用情况。"),
    "ka-pollution-control": ("{y}年大气污染防治工作进展", "工作动态", "城乡建设、环境保护", "公开大气、水、土壤污染防治的工作进展和环境质量状况。"),
    "ka-enterprise-services": ("{y}年优化营商环境涉企政策汇编", "其他", "综合政务", "汇编面向市场主体的惠企政策、申报条件和办理渠道。"),
    "ka-power-lists": ("权责清单（{y}年动态调整）", "公告", "综合政务", "公布权责清单的事项名称、实施依据和责任事项。"),
    "ka-rules-cleanup": ("{y}年规范性文件清理结果", "公告", "综合政务", "公布规范性文件清理后继续有效、修改和废止的文件目录。"),
    "ka-random-inspection": ("{y}年“双随机、一公开”抽查结果公示", "公示", "市场监管、安全生产监管", "公示随机抽查的对象、事项和结果。"),
    "ka-social-credit": ("{y}年行政许可和行政处罚信用信息公示", "公示", "综合政务", "按照“双公示”要求公示行政许可和行政处罚信用信息。"),
    "ka-key-deployments": ("{y}年重点工作任务落实情况", "工作动态", "综合政务", "公开政府工作报告确定的重点工作任务落实进展。"),
    "ka-major-projects": ("{y}年重大建设项目和公共资源配置信息", "公告", "国民经济管理", "公开重大建设项目批准实施和公共资源交易信息。"),
    "ka-fiscal": ("{y}年财政预决算和“三公”经费公开", "报告", "财政、金融、审计", "公开财政预决算和“三公”经费情况。"),
    "ka-law-enforcement": ("行政执法“三项制度”执法信息公示（{y}年）", "公示", "综合政务", "公示执法主体、执法人员、执法依据、执法程序和执法结果。"),
    "ka-state-assets": ("{y}年国有企业主要经营指标", "统计数据", "国民经济管理", "公开国有企业资产总额、营业收入和利润总额等主要指标。"),
    "ka-social-assistance": ("{y}年社会救助和社会福利资金使用情况", "公告", "民政、扶贫、救灾", "公开社会救助和社会福利资金的分配和使用情况。"),
    "ka-social-insurance": ("{y}年社会保险参保和待遇发放情况", "统计数据", "劳动、人事、监察", "公开社会保险参保人数、待遇支付和基金收支情况。"),
    "ka-employment": ("{y}年就业创业补贴发放情况公示", "公示", "劳动、人事、监察", "公示就业创业补贴的发放对象、标准和金额。"),
    "ka-education": ("{y}年教育事业发展情况", "统计数据", "科技、教育", "公开学校数量、在校生人数和教育经费投入情况。"),
    "ka-health": ("{y}年医疗卫生服务信息", "公告", "卫生、体育", "公开医疗卫生机构名录、服务项目和收费标准。"),
    "ka-land-acquisition": ("{y}年征地信息公开", "公告", "国土资源、能源", "公开征地批准文件、补偿标准和安置方案。"),
    "ka-culture-sports": ("{y}年公共文化体育设施开放情况", "公告", "文化、广电、新闻出版", "公开公共文化体育设施的名录、开放时间和服务项目。"),
    "ka-disaster-relief": ("{y}年灾害事故救援和救灾资金使用情况", "公告", "民政、扶贫、救灾", "公开灾害事故应急救援和救灾款物使用情况。"),
    "ka-public-institutions": ("{y}年公共企事业单位信息公开情况", "报告", "综合政务", "公开供水、供电、供气、公共交通等公共企事业单位的服务信息。"),
}
# fmt: on

# Units whose every standard column gets an item; the other units of 兰山区 get the columns listed.
FULL_UNITS = ["市政府", "兰山区", "市发展改革委", "市教育局"]
LANSHAN_UNIT_COLUMNS = ["a20-02", "a20-05", "a20-11", "a21-02", "a21-07", "ka-social-assistance"]

# fmt: off
CITY_NEWS = [
    ("临沂市召开全市优化营商环境工作推进会议", "会议强调，要聚焦市场主体关切，持续深化“放管服”改革，推动更多政务服务事项“一网通办”“跨省通办”。"),
    ("我市出台稳经济促发展一揽子政策措施", "政策措施涵盖财政金融、投资消费、产业链供应链稳定等方面，着力稳住经济基本盘。"),
    ("临沂商城国际化市场建设取得新进展", "商城市场主体数量稳步增长，跨境电商、市场采购贸易等新业态加快发展。"),
    ("全市秋冬季大气污染防治攻坚行动启动", "各县区、各部门要落实工地扬尘、道路扬尘、工业企业排放等管控措施，确保空气质量持续改善。"),
    ("临沂市举行重大项目集中开工活动", "本次集中开工项目涵盖先进制造业、现代物流、基础设施和民生保障等领域。"),
    ("我市“沂蒙优质品牌”建设再上新台阶", "全市新增一批省级以上品牌企业和地理标志产品，品牌影响力持续提升。"),
    ("市政府常务会议研究部署冬季供暖保障工作", "会议要求，要落实供暖热源保障，做好困难群众取暖救助，确保群众温暖过冬。"),
    ("临沂市政务服务中心推出“周末不打烊”服务", "政务服务中心在周末安排专人值守，为群众和企业办理高频政务服务事项。"),
    ("全市安全生产大检查工作部署会召开", "会议对全市安全生产大检查工作作出部署，压实企业主体责任和部门监管责任。"),
    ("临沂市新增一批省级乡村振兴示范村", "新认定的示范村在产业发展、人居环境和乡风文明等方面成效突出。"),
]
CITY_NOTICES = [
    ("关于开展{y}年度政府信息公开工作年度报告编制工作的通知", "请各单位按照国家规定的格式，于规定时间前完成年度报告的编制和发布。"),
    ("关于{y}年元旦春节期间有关工作安排的通知", "请各单位做好节日期间值班值守、安全生产和市场供应保障工作。"),
    ("关于公开征集{ny}年市政府重点民生实事项目建议的公告", "面向社会公开征集明年市政府重点民生实事项目建议，欢迎社会各界积极参与。"),
    ("关于做好今冬明春森林防火工作的通知", "请各县区落实森林防火责任，加强火源管控和巡查值守。"),
    ("临沂市人民政府关于调整城市供热价格的公告", "经成本监审和价格听证，现将调整后的城市居民供热价格予以公告。"),
    ("关于开展全市政务公开工作第三方评估的通知", "委托第三方机构对各县区、各部门政务公开工作开展评估，评估结果纳入年度考核。"),
    ("关于{y}年度市级政府网站和政务新媒体检查情况的通报", "通报本季度政府网站和政务新媒体抽查情况，对存在问题的单位限期整改。"),
    ("关于公布临沂市第二批“无证明城市”建设事项清单的公告", "公布取消的证明事项和告知承诺制事项清单，方便群众办事。"),
    ("关于做好冬季道路交通安全工作的通告", "冬季雨雪天气增多，请广大驾驶人减速慢行，注意交通安全。"),
    ("关于征集全市政务服务“好差评”意见建议的公告", "欢迎企业和群众通过政务服务网、12345热线等渠道提出意见建议。"),
]
LANSHAN_NEWS = [
    ("兰山区召开经济运行分析会议", "会议分析前三季度全区经济运行情况，部署四季度重点工作，确保完成全年目标任务。"),
    ("兰山区老旧小区改造项目全部开工", "今年全区纳入改造计划的老旧小区已全部开工，惠及居民一万余户。"),
    ("兰山区举办“惠企政策进园区”宣讲活动", "区直有关部门走进产业园区，面对面为企业讲解惠企政策和申报流程。"),
    ("兰山街道打造“15分钟便民生活圈”", "街道围绕居民日常生活需求，统筹布局便民商业和公共服务设施。"),
    ("兰山区开展冬季校园安全专项检查", "检查组对全区中小学校、幼儿园的消防、食品和交通安全进行了检查。"),
    ("银雀山街道新时代文明实践站投入使用", "实践站设有志愿服务、理论宣讲和文体活动等功能区，为居民提供一站式服务。"),
    ("兰山区政务服务中心推行“一窗受理、集成服务”", "企业开办、不动产登记等高频事项实现一窗受理、一次办结。"),
    ("兰山区启动冬季供暖“访民问暖”活动", "区住建部门和供热企业组成工作组，深入小区了解群众供暖诉求。"),
    ("金雀山街道开展“邻里节”社区活动", "活动以“邻里守望、和谐共建”为主题，丰富了社区居民的文化生活。"),
]
LANSHAN_NOTICES = [
    ("兰山区关于{y}年度城乡居民医疗保险集中参保缴费的通告", "请全区城乡居民在规定时间内通过线上、线下渠道完成参保缴费。"),
    ("兰山区人民政府关于调整部分道路交通组织的通告", "因道路施工需要，部分路段实行临时交通管制，请过往车辆绕行。"),
    ("兰山区关于公开招聘社区工作者的公告", "面向社会公开招聘社区工作者，报名时间、条件和程序详见正文。"),
    ("兰山区关于开展冬季燃气安全检查的通知", "请各街道、各燃气企业组织开展入户安全检查，排查整治安全隐患。"),
    ("兰山区{y}年度重大行政决策事项目录调整的公告", "根据工作需要，对年度重大行政决策事项目录作部分调整。"),
    ("关于兰山区政府信息公开申请受理地点变更的公告", "自即日起，兰山区人民政府政府信息公开申请受理地点调整至区政务服务中心。"),
    ("兰山区关于做好{y}年冬季清雪除冰工作的通知", "请各街道和有关部门落实清雪除冰责任，保障道路通行安全。"),
    ("兰山区关于公布区级政务服务事项“最多跑一次”清单的公告", "公布全区“最多跑一次”政务服务事项清单，方便企业和群众办事。"),
]
# fmt: on

NEWS_BODY = """<p>{lead}</p>
<p>{first}</p>
<p>下一步，{org}将坚持以人民为中心的发展思想，持续抓好各项工作落实，不断提升群众的获得感、幸福感、安全感。</p>"""


def _body(unit: Organization, summary: str, year: int) -> str:
    return (
        f"<p>{summary}</p><p>根据《中华人民共和国政府信息公开条例》和{year}年政务公开工作要点，"
        f"{unit.name}现将有关情况公开如下。</p><h2>一、基本情况</h2><p>本年度，{unit.name}认真落实"
        "各项工作部署，相关工作有序推进，主要指标完成情况良好。</p><h2>二、主要做法</h2><p>健全工作机制，"
        "明确责任分工，加强督促检查，及时向社会公开工作进展。</p><h2>三、下一步工作</h2><p>继续做好信息公开和"
        "政策解读，主动回应社会关切，接受社会监督。</p>"
    )


class _Maker:
    def __init__(self):
        self.existing = set(InformationItem.objects.values_list("unit_id", "title"))
        self.areas = {a.code: a for a in KeyArea.objects.all()}
        self.today = timezone.localdate()
        self.made = 0

    def at(self, days_ago: int, hour: int = 10) -> dt.datetime:
        day = self.today - dt.timedelta(days=max(days_ago, 1))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, (days_ago * 7) % 60)))

    def item(self, unit, codes, title, *, days_ago, genre, topic, summary, body, area=None):
        if (unit.pk, title) in self.existing:
            return None
        columns = list(Column.objects.filter(unit=unit, code__in=codes))
        if not columns:
            return None
        published = self.at(days_ago, 9 + days_ago % 8)
        made = services.import_item(
            actor=DEMO,
            unit=unit,
            published_at=published,
            columns=columns,
            key_areas=[self.areas[area]] if area in self.areas else [],
            title=title,
            summary=summary,
            written_on=timezone.localdate(published) - dt.timedelta(days=2),
            topic=topic,
            genre=genre,
            keywords=" ".join(filter(None, [genre, topic.split("、")[0], str(published.year)])),
            body=body,
        )
        self.existing.add((unit.pk, title))
        self.made += 1
        return made


# The portal's own columns, outside the standard catalog, with the catalog fields a column page shows.
NEWS_COLUMNS = [
    ("news", "要闻", "本机关重要政务活动、会议和工作动态的标题、发布日期和全文。"),
    ("notices", "通知公告", "通知、公告、公示的标题、发布机关、发布日期和全文。"),
]


def news_columns(unit: Organization) -> list[Column]:
    """The portal's 要闻 (``news``) and 通知公告 (``notices``) columns of ``unit``, made once."""
    from .services import catalog

    made = []
    for order, (code, name, elements) in enumerate(NEWS_COLUMNS):
        column = Column.objects.filter(unit=unit, code=code).first()
        if column is None:
            column = catalog.save_column(
                actor=DEMO,
                column=Column(unit=unit, code=code, name=name, sort_order=order, subject=unit.name,
                              description=f"{unit.name}{name}。", matter=name, content_elements=elements,
                              channels=["GOV_WEBSITE", "TWO_WEIBO_ONE_APP"]),
                changed=("code", "name"),
            )  # fmt: skip
        made.append(column)
    return made


def load() -> int:
    """Everything this module adds that is not there yet; returns how many items it made."""
    make = _Maker()
    units = {o.short_name: o for o in Organization.objects.all()}
    year = make.today.year
    for n, unit in enumerate(Organization.objects.filter(is_active=True).order_by("path")):
        office = unit.foi_office or "办公室"
        make.item(
            unit, ["xxgk-rules"], f"{unit.name}政府信息公开工作制度", days_ago=1500 - n * 3,
            genre="办法", topic="综合政务", summary="规定本机关主动公开、依申请公开、保密审查、政策解读和监督考核的工作要求。",
            body=RULES_BODY.format(unit=unit.name, office=office),
        )  # fmt: skip
    for short in FULL_UNITS:
        unit = units.get(short)
        if unit is None:
            continue
        codes = set(Column.objects.filter(unit=unit).values_list("code", flat=True)) - MODULE_FILLED
        for n, (code, (title, genre, topic, summary)) in enumerate(COLUMN_ITEMS.items()):
            if code not in codes:
                continue
            y = year if n % 3 else year - 1
            make.item(
                unit, [code], unit.name + title.format(y=y), days_ago=20 + n * 6, genre=genre, topic=topic,
                summary=summary, body=_body(unit, summary, y), area=code.removeprefix("ka-"),
            )  # fmt: skip
    lanshan = units.get("兰山区")
    if lanshan is not None:
        for unit in Organization.objects.filter(parent=lanshan):
            for n, code in enumerate(LANSHAN_UNIT_COLUMNS):
                title, genre, topic, summary = COLUMN_ITEMS[code]
                make.item(
                    unit, [code], unit.name + title.format(y=year), days_ago=15 + n * 9, genre=genre,
                    topic=topic, summary=summary, body=_body(unit, summary, year), area=code.removeprefix("ka-"),
                )  # fmt: skip
    for short, news, notices in [
        ("市政府", CITY_NEWS, CITY_NOTICES),
        ("兰山区", LANSHAN_NEWS, LANSHAN_NOTICES),
    ]:
        unit = units.get(short)
        if unit is None:
            continue
        news_columns(unit)
        for code, rows in (("news", news), ("notices", notices)):
            for n, (title, lead) in enumerate(rows):
                title = title.format(y=year, ny=year + 1)
                make.item(
                    unit, [code], title, days_ago=2 + n * 9 + (4 if code == "notices" else 0),
                    genre="工作动态" if code == "news" else "公告", topic="综合政务", summary=lead,
                    body=NEWS_BODY.format(lead=lead, first=f"{title}。" + lead, org=unit.name),
                )  # fmt: skip
    return make.made
