"""Demo search settings: the synonyms, domain words and service card a city's openness office would start with."""

from __future__ import annotations

from django.db import transaction

from gongkai.core import page_version

from . import index
from .models import BestBet, DomainWord, Synonym

SYNONYMS = [
    ("社保", "社会保险 社会保障"),
    ("医保", "医疗保险 医疗保障"),
    ("低保", "最低生活保障"),
    ("公积金", "住房公积金"),
    ("社保卡", "社会保障卡"),
    ("营商环境", "企业开办"),
]
DOMAIN_WORDS = ["放管服", "双随机一公开", "一网通办", "一次办好", "社保卡", "新旧动能转换"]


@transaction.atomic
def load(report) -> None:
    if Synonym.objects.exists():
        return
    for word, synonyms in SYNONYMS:
        Synonym.objects.create(word=word, synonyms=synonyms)
    for word in DOMAIN_WORDS:
        DomainWord.objects.create(word=word)
    page_version.bump()  # every process reads the words again
    BestBet.objects.create(
        query="社保卡",
        # Who types 社保 alone often wants the card (apply, replace, report lost); 社保 is not the card's
        # synonym (a search for 社保卡 must not find every social-insurance notice), so the card names it.
        also_for="社保",
        style=BestBet.Style.SERVICE,
        title="社会保障卡申领、补换和挂失",
        url="/interaction/faq/",
        description="首次申领社会保障卡，或卡片丢失、损坏后补换。",
        online_url="https://si.12333.gov.cn/",
        place="临沂市民中心二楼人社服务窗口，或合作银行网点",
        hours="工作日 9:00-12:00，13:30-17:00",
        phone="12333",
        materials="居民身份证原件\n近期免冠证件照（可现场拍摄）\n补换卡需交回旧卡（挂失的除外）",
    )
    BestBet.objects.create(
        query="依申请公开",
        title="在线提交政府信息公开申请",
        url="/foi/apply/",
        description="按《政府信息公开条例》，一般在20个工作日内答复。",
    )
    # The index is rebuilt so that the domain words above cut the demo documents as they will cut new ones.
    index.rebuild()
