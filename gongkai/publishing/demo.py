"""Demo information items: about 200 realistic records across the demo units and columns.

Titles follow the documents Linyi's units publish under the 2019 work points (the seed); bodies are short
illustrative texts. Most are recorded as already published (with their original dates and index numbers,
through the same import service legacy records use); a few sit in the editorial workflow, some are
withdrawn and some repealed and replaced by a newer version.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization, User

from . import demo_content, services, standard
from .models import Column, InformationItem, KeyArea, LexiconEntry, Status

SEED_TITLE = "临沂市人民政府办公室关于印发2019年临沂市政务公开工作要点的通知"

# (unit short name, title pattern with {y}, doc-number code or "", genre, topic, key area, columns, summary)
# fmt: off
TEMPLATES = [
    ('市政府', '临沂市人民政府关于印发临沂市{y}年国民经济和社会发展计划的通知', '临政发', '通知', '国民经济管理', 'key-deployments', ['policy', 'a20-03'], '印发本年度国民经济和社会发展计划，明确主要预期目标和重点任务。'),
    ('市政府', '临沂市人民政府关于加快新旧动能转换推进产业转型升级的实施意见', '临政发', '意见', '国民经济管理', 'new-old-drivers', ['policy', 'a20-03', 'ka-new-old-drivers'], '围绕新旧动能转换重大工程，提出产业转型升级的目标任务和保障措施。'),
    ('市政府', '临沂市人民政府关于实施乡村振兴战略的意见', '临政发', '意见', '农业、林业、水利', 'rural-revitalization', ['policy', 'ka-rural-revitalization'], '明确乡村振兴的总体要求、重点任务和政策保障。'),
    ('市政府', '临沂市人民政府关于公布{y}年度市级行政许可事项目录的通知', '临政字', '通知', '综合政务', 'enterprise-services', ['policy', 'a20-05'], '公布本年度市级行政许可事项目录，实行动态调整。'),
    ('市政府办公室', '临沂市人民政府办公室关于印发{y}年临沂市政务公开工作要点的通知', '临政办字', '通知', '综合政务', 'key-deployments', ['policy', 'xxgk-rules'], '印发本年度全市政务公开工作要点及重点领域信息公开任务分解表。'),
    ('市政府办公室', '临沂市人民政府办公室关于做好{y}年规范性文件清理工作的通知', '临政办字', '通知', '综合政务', 'rules-cleanup', ['policy', 'a20-01', 'ka-rules-cleanup'], '部署开展规范性文件清理，清理结果向社会公布。'),
    ('市政府办公室', '临沂市人民政府办公室关于公布市级规范性文件制发主体清单的通知', '临政办字', '通知', '综合政务', 'rules-cleanup', ['policy', 'a20-01'], '公布有权制发规范性文件的市级机关名单。'),
    ('市政府办公室', '临沂市{y}年政府信息公开工作年度报告', '', '报告', '综合政务', '', ['xxgk-annual'], '本年度政府信息公开工作总体情况、主动公开、依申请公开及复议诉讼情况。'),
    ('市发展改革委', '临沂市发展和改革委员会关于{y}年市级重大建设项目的公示', '', '公示', '国民经济管理', 'major-projects', ['a20-10', 'ka-major-projects'], '公布本年度市级重大建设项目名单及批准情况。'),
    ('市发展改革委', '临沂市发展和改革委员会关于公布政府定价的涉企经营服务性收费目录清单的通知', '临发改价格', '通知', '国民经济管理', 'enterprise-services', ['a20-08', 'ka-enterprise-services'], '公布政府定价的涉企经营服务性收费目录清单并动态调整。'),
    ('市发展改革委', '临沂市{y}年守信联合激励和失信联合惩戒典型案例', '', '通报', '综合政务', 'social-credit', ['ka-social-credit'], '公布信用联合奖惩典型案例。'),
    ('市教育局', '临沂市教育局关于做好{y}年义务教育招生入学工作的通知', '临教发', '通知', '科技、教育', 'education', ['policy', 'a20-11', 'ka-education'], '公开义务教育招生方案、招生范围、招生程序、报名条件和咨询方式。'),
    ('市教育局', '临沂市{y}年普通高中招生录取结果公告', '', '公告', '科技、教育', 'education', ['a20-11', 'ka-education'], '公布本年度普通高中招生录取结果。'),
    ('市教育局', '临沂市教育局关于{y}年学生资助政策的解读', '', '其他', '科技、教育', 'education', ['interpretation', 'ka-education'], '以问答形式解读学生资助政策的对象、标准和申请程序。'),
    ('市财政局', '临沂市{y}年市级财政预算公开说明', '', '报告', '财政、金融、审计', 'fiscal', ['a20-07', 'ka-fiscal'], '公开市级一般公共预算、政府性基金预算和国有资本经营预算。'),
    ('市财政局', '临沂市{y}年政府债务限额及余额情况', '', '统计数据', '财政、金融、审计', 'fiscal', ['a20-07', 'ka-fiscal'], '公开政府债务限额、余额、债券发行和还本付息情况。'),
    ('市财政局', '临沂市财政局关于公布{y}年政府集中采购目录及标准的通知', '临财采', '通知', '财政、金融、审计', 'fiscal', ['a20-09', 'ka-fiscal'], '公布政府集中采购目录及采购限额标准。'),
    ('市人力资源社会保障局', '临沂市人力资源和社会保障局关于公布{y}年度社会保险基金收支情况的公告', '', '公告', '劳动、人事、监察', 'social-insurance', ['a20-11', 'ka-social-insurance'], '公布参保人数、待遇支付和基金收支情况。'),
    ('市人力资源社会保障局', '临沂市{y}年高校毕业生就业创业扶持政策汇编', '', '其他', '劳动、人事、监察', 'employment', ['a20-11', 'ka-employment'], '汇编面向高校毕业生的就业创业补贴政策、申领条件和程序。'),
    ('市人力资源社会保障局', '临沂市{y}年考试录用公务员拟录用人员名单公示', '', '公示', '劳动、人事、监察', '', ['a20-14'], '公示本年度考试录用公务员拟录用人员名单。'),
    ('市生态环境局', '临沂市{y}年{m}月环境空气质量状况及县区排名', '', '统计数据', '城乡建设、环境保护', 'pollution-control', ['a20-13', 'ka-pollution-control'], '按月发布全市环境空气质量状况及县区排名。'),
    ('市生态环境局', '临沂市{y}年重点排污单位名录', '', '公告', '城乡建设、环境保护', 'pollution-control', ['a20-13', 'ka-pollution-control'], '公布本年度重点排污单位名录，督促企业依法公开环境信息。'),
    ('市住建局', '临沂市{y}年城市供水水质信息公告（第{q}季度）', '', '公告', '城乡建设、环境保护', 'pollution-control', ['a21-01'], '公开饮用水水源、出厂水和管网末梢水水质状况。'),
    ('市住建局', '临沂市住房和城乡建设局关于{y}年保障性住房分配结果的公示', '', '公示', '城乡建设、环境保护', 'social-assistance', ['a21-02'], '公示保障性住房分配对象和分配结果。'),
    ('市卫生健康委', '临沂市{y}年公立医疗卫生机构绩效考核结果', '', '通报', '卫生、体育', 'health', ['a20-11', 'ka-health'], '公布公立医疗卫生机构绩效考核结果。'),
    ('市卫生健康委', '临沂市卫生健康委员会关于{y}年疫苗流通和预防接种管理情况的通报', '', '通报', '卫生、体育', 'health', ['a20-13', 'ka-health'], '公开疫苗流通和预防接种管理监督检查情况。'),
    ('市市场监管局', '临沂市{y}年食品安全监督抽检信息公告（第{q}期）', '', '公告', '市场监管、安全生产监管', 'random-inspection', ['a20-13', 'ka-random-inspection'], '公布食品安全监督抽检合格与不合格产品信息。'),
    ('市市场监管局', '临沂市市场监督管理局{y}年“双随机、一公开”抽查计划', '', '方案', '市场监管、安全生产监管', 'random-inspection', ['a20-06', 'ka-random-inspection'], '公开随机抽查事项清单和年度抽查计划。'),
    ('市民政局', '临沂市{y}年城乡低保和特困人员救助供养标准', '', '通知', '民政、扶贫、救灾', 'social-assistance', ['a21-07', 'ka-social-assistance'], '公布城乡居民最低生活保障和特困人员救助供养标准。'),
    ('市民政局', '临沂市民政局关于{y}年福利彩票公益金使用情况的公告', '', '公告', '民政、扶贫、救灾', 'social-assistance', ['a20-11', 'ka-social-assistance'], '公开福利彩票公益金使用规模、资助项目和执行情况。'),
    ('市医保局', '临沂市医疗保障局关于公布{y}年医保定点医药机构名单的通知', '临医保发', '通知', '卫生、体育', 'social-insurance', ['a20-11', 'ka-social-insurance'], '公布医保定点医院、药店名单。'),
    ('市自然资源和规划局', '临沂市{y}年第{q}批次城市建设用地征收土地公告', '', '公告', '国土资源、能源', 'land-acquisition', ['a21-04', 'ka-land-acquisition'], '公告征收土地的位置、面积、补偿标准和安置途径。'),
    ('市应急局', '临沂市{y}年汛期防汛应急预案', '', '方案', '市场监管、安全生产监管', 'disaster-relief', ['a20-12', 'ka-disaster-relief'], '公开防汛应急预案、预警发布和应急响应程序。'),
    ('市文化和旅游局', '临沂市公共文化设施名录及开放时间（{y}年）', '', '公告', '文化、广电、新闻出版', 'culture-sports', ['a21-02', 'ka-culture-sports'], '公开公共文化设施名录、服务项目和开放时间。'),
    ('市国资委', '临沂市{y}年市管企业主要经济效益指标', '', '统计数据', '国民经济管理', 'state-assets', ['ka-state-assets'], '按月公开市管企业主要经济效益指标和重大变化事项。'),
    ('市行政审批服务局', '临沂市行政审批服务局关于压缩企业开办时间的实施方案', '临审批发', '方案', '综合政务', 'enterprise-services', ['a20-05', 'ka-enterprise-services'], '推行企业开办全流程一网通办，压缩开办时间。'),
    ('兰山区', '兰山区{y}年财政预算执行情况和下一年度预算草案的报告', '', '报告', '财政、金融、审计', 'fiscal', ['a20-07', 'ka-fiscal'], '公开区级财政预算执行情况和预算草案。'),
    ('兰山区', '兰山区人民政府关于{y}年度重大行政决策事项目录的公告', '兰政字', '公告', '综合政务', 'key-deployments', ['policy', 'ka-key-deployments'], '公布年度重大行政决策事项、承办单位、决策时间及公众参与方式。'),
    ('罗庄区', '罗庄区{y}年农村集体产权制度改革工作进展情况', '', '工作动态', '农业、林业、水利', 'rural-revitalization', ['ka-rural-revitalization'], '动态发布农村集体产权制度改革工作进展。'),
    ('沂南县', '沂南县{y}年财政专项扶贫资金分配结果公告', '', '公告', '民政、扶贫、救灾', 'poverty-alleviation', ['a20-11', 'ka-poverty-alleviation'], '公开县级财政专项扶贫资金分配结果。'),
]
# fmt: on

BODY = """<p>各县区人民政府，市政府各部门、各直属机构，各开发区管委会：</p>
<p>为深入贯彻落实《中华人民共和国政府信息公开条例》和{y}年全市政务公开工作要点，{summary}现将有关事项通知如下：</p>
<h2>一、总体要求</h2>
<p>坚持以公开为常态、不公开为例外，围绕群众关注关切，及时、准确、全面公开相关信息，切实保障人民群众的知情权、参与权、表达权和监督权。</p>
<h2>二、主要任务</h2>
<p>（一）明确责任分工。各责任单位要按照职责分工，细化公开事项、内容、时限、方式和责任主体，确保信息公开准确一致。</p>
<p>（二）加强解读回应。对涉及群众切身利益的内容，要同步做好政策解读，主动回应社会关切。</p>
<h2>三、工作要求</h2>
<p>各单位要高度重视，加强组织领导，于{y}年12月底前将落实情况报送市政府办公室。</p>
<p>联系电话：0539-8312345</p>"""

LEXICON = [
    ("中华人民共合国", "misspelling", "中华人民共和国", "block", "国名错误"),
    ("布署", "misspelling", "部署", "warn", ""),
    ("再接再励", "misspelling", "再接再厉", "warn", ""),
    ("既使", "misspelling", "即使", "warn", ""),
    ("反应问题", "misspelling", "反映问题", "warn", ""),
    ("按装", "misspelling", "安装", "warn", ""),
    ("中华民国", "forbidden", "", "block", "涉台表述须规范"),
    ("北朝鲜", "forbidden", "", "warn", "应称“朝鲜”"),
]


DEMO = system("load_demo")


def _published_at(rng: random.Random, year: int, today: dt.date) -> dt.datetime:
    last = min(dt.date(year, 12, 20), today - dt.timedelta(days=1))
    first = dt.date(year, 1, 8)
    day = first + dt.timedelta(days=rng.randrange(max((last - first).days, 1)))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9 + rng.randrange(8), rng.randrange(60))))


def _seed_body() -> str:
    seed = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_7246108bc72e3517.txt"
    if not seed.exists():
        return ""
    paragraphs = [p.strip() for p in seed.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return "\n".join(f"<p>{p}</p>" for p in paragraphs[4:40] if "\t" not in p)


@transaction.atomic
def load(report) -> None:
    """Idempotent: the catalog's items are made once; ``demo_content`` adds only what is missing."""
    from django.apps import apps

    standard.load(apps)  # normally loaded by migration; a flushed test database needs it again
    for term, kind, correction, severity, note in LEXICON:
        LexiconEntry.objects.get_or_create(
            term=term, defaults={"kind": kind, "correction": correction, "severity": severity, "note": note}
        )
    for unit in Organization.objects.all():
        services.ensure_catalog(actor=DEMO, unit=unit)
    before = InformationItem.objects.count()
    if not before:
        _catalog_items()
    demo_content.load()
    _special_topics()
    report.items_created = InformationItem.objects.count() - before


# The city portal's 专题专栏 (codes zt-…, under zt): topics the site runs beside the catalog, each gathering the
# items on its subject; they take submissions (信息报送) and are counted in the website annual report.
TOPIC_FIELDS = {
    "content_elements": "专题相关的政策文件、解读材料和工作动态。",
    "channels": ["GOV_WEBSITE"],
    "subject": "临沂市人民政府办公室",
}
SPECIAL_TOPICS = [("zt-yshj", "优化营商环境专题", "营商"), ("zt-zwgk", "政务公开专题", "公开")]


def _special_topics() -> None:
    city = Organization.objects.filter(parent__isnull=True).order_by("sort_order", "pk").first()
    if city is None or Column.objects.filter(unit=city, code="zt").exists():
        return
    parent = services.save_column(
        actor=DEMO, column=Column(unit=city, code="zt", name="专题专栏", sort_order=900, **TOPIC_FIELDS)
    )
    for n, (code, name, word) in enumerate(SPECIAL_TOPICS, start=1):
        topic = services.save_column(
            actor=DEMO,
            column=Column(unit=city, code=code, name=name, parent=parent, sort_order=900 + n, **TOPIC_FIELDS),
        )
        for item in (
            InformationItem.objects.published().filter(title__contains=word).order_by("-published_at")[:6]
        ):
            item.columns.add(topic)


def _catalog_items() -> None:
    rng = random.Random(2019)  # noqa: S311 - reproducible demo data, not security
    today = timezone.localdate()
    units = {o.short_name: o for o in Organization.objects.all()}
    areas = {a.code: a for a in KeyArea.objects.all()}
    serials: dict[tuple[str, int], int] = {}
    created: list[InformationItem] = []
    first_year = max(2019, today.year - 5)
    for year in range(first_year, today.year + 1):
        for unit_name, title, code, genre, topic, area, column_codes, summary in TEMPLATES:
            unit = units[unit_name]
            repeat = 1
            for n in range(1, repeat + 1):
                month, quarter = rng.randrange(1, 13), n
                text = title.format(y=year, m=month, q=quarter)
                if "{y}" not in title and year != first_year:
                    continue
                published = _published_at(rng, year, today)
                # Most are published within days of being signed; about one in eight is late (Art. 26).
                written = timezone.localdate(published) - dt.timedelta(
                    days=rng.choice([2, 3, 5, 6, 8, 9, 12, 40])
                )
                doc_number = ""
                if code:
                    serials[(code, year)] = serials.get((code, year), 0) + rng.randrange(1, 9)
                    doc_number = f"{code}〔{year}〕{serials[(code, year)]}号"
                columns = list(Column.objects.filter(unit=unit, code__in=column_codes))
                created.append(
                    services.import_item(
                        actor=DEMO,
                        unit=unit,
                        published_at=published,
                        columns=columns,
                        key_areas=[areas[area]] if area else [],
                        title=text,
                        summary=summary,
                        doc_number=doc_number,
                        written_on=written,
                        topic=topic,
                        genre=genre,
                        keywords=" ".join(filter(None, [areas[area].name if area else "", genre, str(year)])),
                        body=BODY.format(y=year, summary=summary),
                    )
                )
    _seed_item(units)
    _repeal_superseded(created)
    _workflow_samples(units, areas)


def _seed_item(units) -> None:
    office = units["市政府办公室"]
    body = _seed_body() or BODY.format(y=2019, summary="")
    services.import_item(
        actor=DEMO,
        unit=office,
        published_at=timezone.make_aware(dt.datetime(2019, 7, 5, 10, 0)),
        columns=list(Column.objects.filter(unit=office, code__in=["policy", "xxgk-rules"])),
        title=SEED_TITLE,
        summary="印发2019年临沂市政务公开工作要点，含重点领域信息公开主要任务分解表。",
        doc_number="临政办字〔2019〕64号",
        written_on=dt.date(2019, 7, 3),
        topic="综合政务",
        genre="通知",
        keywords="政务公开 工作要点 2019",
        body=body,
    )


def _repeal_superseded(created: list[InformationItem]) -> None:
    """Annual documents of the same kind: each year's replaces the last (marked repealed on the original)."""
    by_title_pattern: dict[str, list[InformationItem]] = {}
    for item in created:
        if item.genre in ("通知", "方案") and item.doc_number:
            key = item.title.replace(str(timezone.localdate(item.published_at).year), "{y}")
            by_title_pattern.setdefault(key, []).append(item)
    repealed = 0
    for items in by_title_pattern.values():
        items.sort(key=lambda i: i.published_at)
        for old, new in itertools.pairwise(items):
            if repealed >= 12:
                return
            services.set_validity(
                actor=DEMO,
                item=old,
                validity="repealed",
                changed_on=timezone.localdate(new.published_at),
                replaced_by=new,
                note="已被新文件替代。",
            )
            repealed += 1


def _workflow_samples(units, areas) -> None:
    """A few items in the editorial workflow, so the queues show something."""
    fgw = units["市发展改革委"]
    editor = User.objects.filter(username="fgw_editor").first()
    reviewer = User.objects.filter(username="fgw_reviewer").first()
    if editor is None or reviewer is None:
        return
    policy = list(Column.objects.filter(unit=fgw, code__in=["policy", "ka-enterprise-services"]))
    today = timezone.localdate()
    drafts = [
        ("临沂市发展和改革委员会关于进一步优化营商环境的若干措施（征求意见稿）", "意见"),
        ("临沂市发展和改革委员会关于做好今冬明春能源保供工作的通知", "通知"),
        ("临沂市发展和改革委员会关于公布第一批市级服务业集聚区名单的通知", "通知"),
    ]
    made = []
    for title, genre in drafts:
        made.append(
            services.create_item(
                actor=editor,
                unit=fgw,
                columns=policy,
                key_areas=[areas["enterprise-services"]],
                title=title,
                summary="为贯彻落实优化营商环境有关部署，制定本文件。",
                doc_number=f"临发改〔{today.year}〕{len(made) + 40}号",
                written_on=today - dt.timedelta(days=3),
                topic="国民经济管理",
                genre=genre,
                body=BODY.format(y=today.year, summary="为贯彻落实优化营商环境有关部署，"),
            )
        )
    services.submit_item(actor=editor, item=made[1])
    services.submit_item(actor=editor, item=made[2])
    services.reject_item(actor=reviewer, item=made[2], reason="请补充执行期限，并核对附件名单。")
    # Approved to go out at a set time (待定时发布): the workspace's list can publish it at once.
    for n, title in enumerate(
        [
            "临沂市发展和改革委员会关于公布第二批市级服务业集聚区名单的通知",
            "临沂市发展和改革委员会关于开展2027年度重点项目申报工作的通知",
        ]
    ):
        item = services.create_item(
            actor=editor,
            unit=fgw,
            columns=policy,
            title=title,
            summary="公布名单并部署有关工作。",
            doc_number=f"临发改〔{today.year}〕{n + 50}号",
            written_on=today - dt.timedelta(days=2),
            topic="国民经济管理",
            genre="通知",
            scheduled_at=timezone.now() + dt.timedelta(days=n + 2, hours=1),
            body=BODY.format(y=today.year, summary="为做好有关工作，"),
        )
        services.submit_item(actor=editor, item=item)
        services.approve_item(actor=reviewer, item=item)
    published = InformationItem.objects.filter(unit=fgw, status=Status.PUBLISHED).order_by("published_at")
    withdrawn = list(published[:3])
    for item in withdrawn:
        services.withdraw_item(actor=reviewer, item=item, reason="信息已过时，以最新发布内容为准。")
    if withdrawn:
        _corrected_resubmission(withdrawn[0], editor)


def _corrected_resubmission(item: InformationItem, editor) -> None:
    """A withdrawn notice corrected and sent for review again: the reviewer's page shows what changed since
    the public last saw it."""
    item = services.restore_item(actor=editor, item=item)
    item = services.update_item(
        actor=editor,
        item=item,
        expected_version=item.version,
        summary=item.summary + "（修订后重新发布）",
        body=item.body.replace("及时、准确、全面公开相关信息", "及时、准确、全面、规范公开相关信息")
        + "<p>本通知自印发之日起施行，原通知同时废止。</p>",
    )
    services.submit_item(actor=editor, item=item)
