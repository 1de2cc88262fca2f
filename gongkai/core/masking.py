"""Masking personal data for anything shown outside the handling unit (spec §7.2).

Names keep the surname (张*); mobile numbers keep the first 3 and last 4 digits; landlines keep the area code
and the last 2; identity-card numbers (with a valid GB 11643 check character) keep the first and last
character; plate numbers keep their first 2 characters; street addresses keep the road and lose the number;
building, unit and room numbers (8号楼2单元301室, 3栋1单元502, 12-3-401室) lose their numbers.

Names written in free text are found by segmentation with part-of-speech tags (rjieba, the project's
segmenter: jieba-rs with jieba's dictionary and HMM for unknown names, tag ``nr``) checked against the table
of surnames (:mod:`gongkai.core.surnames`), plus the phrases that introduce a name (我叫…, 联系人…). A
surname followed only by a form of address or a title (王女士, 刘先生, 李局长, 冯某) already shows no more
than the surname and is kept, as the Supreme People's Court practice keeps "王某"; place and unit names
that the tagger takes for people (向阳小区, 王庄村, 史丹利公司) are kept by their suffix.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import idcard
from .surnames import COMPOUND, SINGLE, surname_of

COMPOUND_SURNAMES = COMPOUND
ORGANIZATION_SUFFIX = re.compile(
    r"(公司|中心|协会|事务所|研究院|大学|学院|委员会|局|厅|部|组织|集团|合作社|商会)$"
)

MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{5,6})(\d{2})(?!\d)")
ID_CARD = re.compile(r"(?<![\dXx])([1-9]\d{16}[\dXx])(?![\dXx])")
PLATE = re.compile(
    r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z])([A-HJ-NP-Z0-9]{5,6})"
)
HOUSE_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12}(?:路|街|大道|巷|胡同|小区|村|社区))(\d+号(?:院|楼)?(?:\d+(?:号楼|栋|幢|单元|室|号))*)"
)
# Building, unit and room: a chain of numbered parts (8号楼2单元301室, A座1203, 3栋1单元502), or the
# dash form (12-3-401室, 3-2-1101). "3室2厅" (a flat's layout) is not a room number.
_NUM = r"(?:\d{1,4}|[A-Za-z]|[一二三四五六七八九十]{1,3})"
_PART = rf"{_NUM}\s*(?:号楼|#楼|＃楼|号院|栋|幢|座|单元|室)(?!\d?厅)"
BUILDING = re.compile(
    rf"(?<![0-9A-Za-z-])(?:{_PART}\s*){{1,4}}(?:(?<=[栋幢座元])\d{{3,4}}(?:室|号|户)?(?![\d号]))?"
    rf"|(?<![\d-])\d{{1,3}}-\d{{1,2}}(?:-\d{{3,4}})?(?:室|户|号)|(?<![\d-])\d{{1,3}}-\d{{1,2}}-\d{{3,4}}(?![\d-])"
)
COUNTING = set("有共建盖了约近几余拆第")
_BUILDING_NUMBER = re.compile(r"\d{1,4}|[A-Za-z]|[一二三四五六七八九十]{1,3}")

# Names -----------------------------------------------------------------------------------------------------

PERSON_TAGS = {"nr", "nrfg", "nrt"}
# Forms of address and titles: after a bare surname they name nobody more than the surname does.
ADDRESS_FORMS = (
    "先生", "女士", "小姐", "阿姨", "大爷", "大妈", "大娘", "大叔", "大哥", "大姐", "大嫂", "师傅", "老师",
    "同学", "奶奶", "爷爷", "老人", "老汉", "某某", "某", "总",
    "局长", "主任", "书记", "科长", "处长", "所长", "站长", "院长", "校长", "镇长", "乡长", "村长", "区长",
    "县长", "市长", "省长", "部长", "厅长", "队长", "组长", "经理", "警官", "医生", "大夫", "律师", "会计",
    "工", "主席", "委员", "干事", "专员", "社长", "园长", "馆长", "行长", "秘书", "网格员", "支书", "老板",
)  # fmt: skip
_FORMS = "(?:" + "|".join(sorted(ADDRESS_FORMS, key=len, reverse=True)) + ")"
_ADDRESS_FORM = re.compile(_FORMS + "$")
_STARTS_WITH_FORM = re.compile(_FORMS)
# A word ending so is a place or a unit, not a person (王庄村, 李村, 高新区, 张家湾).
PLACE_END = set("村庄屯镇乡区县市省路街巷湾港站厂店园城楼寺院馆所集营铺寨峪堡洼沟岭坡岗圩埠")
# ...and so is a common noun the dictionary happens to tag as a person (申请人, 阳光房, 红绿灯, 卫健委).
NOUN_END = set("人房灯委费款证车站点线局会处科队部办厅所组班户员场税险贷卡网")
# Tags of words that cannot be a given name (punctuation, particles, pronouns, numbers, measure words).
NOT_GIVEN_TAGS = {"x", "uj", "ul", "uz", "ug", "ud", "uv", "p", "c", "r", "m", "q", "f", "y", "e", "o", "zg"}
# The next word makes the candidate part of a place or unit name (向阳小区, 史丹利公司, 张庄社区).
PLACE_NEXT = {
    "路", "街", "大街", "大道", "道", "巷", "村", "社区", "小区", "镇", "乡", "街道", "公司", "集团", "医院",
    "学校", "中学", "小学", "幼儿园", "广场", "商场", "超市", "市场", "花园", "家园", "公寓", "大厦", "酒店",
    "宾馆", "饭店", "店", "厂", "馆", "园", "村委", "居委会", "委员会", "局", "站", "庄", "屯", "桥", "号",
    "区", "县", "山", "河", "湖", "水库", "景区", "集", "工业园", "产业园", "门", "楼", "苑", "府", "城",
    "新村", "片区", "服务中心", "中心", "银行", "支行", "车站", "机场", "大桥", "隧道", "派出所", "法院",
}  # fmt: skip
# Words the tagger marks as a person that are places, units or public figures in this region's messages.
NOT_PERSONS = {
    "平邑", "罗庄", "沂南", "沂水", "郯城", "兰陵", "费县", "蒙阴", "莒南", "临沭", "兰山", "河东", "向阳",
    "高新区", "幼儿园", "金雀山", "银雀山", "沂蒙", "孟良崮", "马厂湖", "汪沟", "朱保", "柳青", "方城",
    "习近平", "毛泽东", "邓小平", "周恩来", "孙中山", "鲁迅", "雷锋", "焦裕禄", "孔子", "孟子", "诸葛亮",
    "王羲之", "颜真卿", "刘少奇", "朱德", "李克强", "李强", "江泽民", "胡锦涛", "孔繁森", "王杰",
    "高速", "新华", "文化", "安全", "常态", "明显", "黄金", "金融", "高温", "高效", "方便", "方案", "于是",
    "司机", "家长", "房东", "房主", "党员", "万元", "余额", "成本", "国家", "国际", "宋体", "黄色", "白色",
    "养老金", "公积金", "管理费", "明天", "明年", "常年", "高龄", "连续", "于此", "向上", "和谐", "乐意",
}  # fmt: skip
# Phrases after which the next two to four characters are a person's name.
NAME_CUES = re.compile(
    r"(?:我叫|名叫|叫做|本人|我是|姓名[:：]?|联系人[:：]?|反映人[:：]?|留言人[:：]?|投诉人[:：]?|举报人[:：]?"
    r"|申请人[:：]?|当事人[:：]?|邻居|业主|村民|居民|市民|职工|员工|患者|老人|儿子|女儿|丈夫|妻子|爱人|父亲"
    r"|母亲|孩子|学生|同事|朋友|老伴|签名[:：]?|(?<=[我他她人板东长理记子儿女爸妈伴])叫)"
)
NAME_STOP = set(
    "的是在了和与及或家住今年从向给对把被将也都就还又说称要想请让叫已因为于等之，。、；：！？,.;:!? "
)
HAN = re.compile(r"[\u4e00-\u9fff]")


class Span(NamedTuple):
    start: int
    end: int
    kind: str  # names, addresses, phones, ids, plates
    replacement: str


def name(value: str) -> str:
    """Keep the surname, mask the rest: 张三 -> 张*, 欧阳修远 -> 欧阳**; organizations are kept."""
    value = value.strip()
    if not value or len(value) > 6 or ORGANIZATION_SUFFIX.search(value):
        return value
    surname = next((s for s in COMPOUND_SURNAMES if value.startswith(s)), value[0])
    return surname + "*" * (len(value) - len(surname))


def phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]
    return "*" * len(digits)


def id_number(value: str) -> str:
    value = value.strip()
    return value[:1] + "*" * max(len(value) - 2, 0) + value[-1:] if len(value) > 2 else "*" * len(value)


def text(value: str, names: tuple[str, ...] | list[str] = ()) -> str:
    """Mask the personal data found in free text; ``names`` are people known to be mentioned (the writer)."""
    out, last = [], 0
    for span in spans(value, names):
        out += [value[last : span.start], span.replacement]
        last = span.end
    out.append(value[last:])
    return "".join(out)


def spans(value: str, names: tuple[str, ...] | list[str] = ()) -> list[Span]:
    """Every stretch of ``value`` to mask, with its kind and replacement, in order and without overlaps
    (the earlier rule wins: identity numbers before phones, known names before found ones)."""
    found: list[Span] = []

    def add(start: int, end: int, kind: str, replacement: str) -> None:
        if start < end and all(end <= s.start or start >= s.end for s in found):
            found.append(Span(start, end, kind, replacement))

    for match in ID_CARD.finditer(value):
        if idcard.problem(match.group(1)) is None:
            add(*match.span(1), "ids", id_number(match.group(1)))
    for match in MOBILE.finditer(value):
        add(*match.span(), "phones", f"{match.group(1)}****{match.group(3)}")
    for match in LANDLINE.finditer(value):
        add(*match.span(), "phones", f"{match.group(1)}-{'*' * len(match.group(2))}{match.group(3)}")
    for match in PLATE.finditer(value):
        add(*match.span(), "plates", match.group(1) + "*" * len(match.group(2)))
    for match in HOUSE_NUMBER.finditer(value):
        add(*match.span(2), "addresses", "**号")
    for match in BUILDING.finditer(value):
        if (
            match.start()
            and value[match.start() - 1] in COUNTING
            and len(_BUILDING_NUMBER.findall(match.group())) == 1
        ):
            continue  # 小区有12栋楼: a count, not an address
        add(*match.span(), "addresses", _building(match.group()))
    for person in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        if len(person) >= 2 and not ORGANIZATION_SUFFIX.search(person):
            for match in re.finditer(re.escape(person), value):
                add(*match.span(), "names", name(person))
    for start, end in _names_in(value):
        add(start, end, "names", name(value[start:end]))
    return sorted(found)


def _building(number: str) -> str:
    if "-" in number:  # 12-3-401室 -> **室
        return "**" + number.lstrip("0123456789-")
    return _BUILDING_NUMBER.sub("**", number)


def _names_in(value: str) -> list[tuple[int, int]]:
    """(start, end) of the personal names written in ``value`` (surname and given name)."""
    if not HAN.search(value):
        return []
    import rjieba

    tokens, position = [], 0
    for word, tag in rjieba.tag(value):
        tokens.append((position, word, tag))
        position += len(word)
    result: list[tuple[int, int]] = []
    covered = 0
    for index, (start, word, tag) in enumerate(tokens):
        if start < covered:
            continue
        following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        if tag in PERSON_TAGS:
            if len(word) == 2 and len(following) == 1 and tokens[index + 1][2] in PERSON_TAGS | {"ng"}:
                word, following = word + following, tokens[index + 2][1] if index + 2 < len(tokens) else ""
            candidate = _person(word, following)
            if candidate:
                offset, length = candidate
                result.append((start + offset, start + offset + length))
                covered = start + offset + length
                continue
        if len(word) == 1 and word in SINGLE and following and index + 1 < len(tokens):
            _next_start, next_word, next_tag = tokens[index + 1]
            after = tokens[index + 2][1] if index + 2 < len(tokens) else ""
            if (
                (next_tag in PERSON_TAGS or (tag in PERSON_TAGS and next_tag not in NOT_GIVEN_TAGS))
                and 1 <= len(next_word) <= 2
                and HAN.fullmatch(next_word[0])
                and next_word not in PLACE_NEXT
                and next_word[-1] not in PLACE_END
                and not _ADDRESS_FORM.fullmatch(next_word)
                and next_word not in NOT_PERSONS
                and after not in PLACE_NEXT
                and word + next_word not in NOT_PERSONS
            ):
                result.append((start, start + 1 + len(next_word)))
                covered = start + 1 + len(next_word)
    for match in NAME_CUES.finditer(value):
        candidate = _cued(value, match.end())
        if candidate:
            result.append(candidate)
    return result


def _person(word: str, following: str) -> tuple[int, int] | None:
    """Where the surname-and-given-name part of a token tagged as a person lies in it, or None."""
    offset = 0
    if not surname_of(word) and len(word) > 2 and surname_of(word[1:]):
        offset, word = 1, word[1:]  # "请王" / "叫李明": the tagger glued a verb to the name
    stripped = _ADDRESS_FORM.sub("", word) if len(word) > 2 else word
    surname = surname_of(stripped)
    if not surname or word in NOT_PERSONS or stripped in NOT_PERSONS:
        return None
    if _ADDRESS_FORM.fullmatch(stripped[len(surname) :]):
        return None  # 冯某, 王总: the surname and a form of address
    if len(stripped) == 3 and stripped[-1] in NOUN_END:
        return None
    given = len(stripped) - len(surname)
    if not 1 <= given <= 2:
        return None  # a bare surname (王女士, 小李 are kept) or too long to be a name
    if stripped[-1] in PLACE_END or following in PLACE_NEXT or following[:1] in PLACE_END:
        return None
    if len(stripped) == 3 and stripped[1] == "家" and stripped[2] in "口湾沟庄村屯营坡岭洼集店":
        return None  # 张家口, 李家庄: places named after a family
    return offset, len(stripped)


def _cued(value: str, at: int) -> tuple[int, int] | None:
    """A name right after a cue phrase (我叫宋一鸣, 联系人：钱多多), also where the tagger missed it."""
    import rjieba

    rest = value[at : at + 6]
    surname = surname_of(rest)
    if not surname:
        return None
    length = len(surname)
    while (
        length < len(surname) + 2
        and length < len(rest)
        and HAN.match(rest[length])
        and rest[length] not in NAME_STOP
    ):
        length += 1
    candidate = rest[:length]
    if length == len(surname) or _STARTS_WITH_FORM.match(rest[len(surname) :]) or candidate in NOT_PERSONS:
        return None
    if length - len(surname) == 2 and _STARTS_WITH_FORM.match(rest[len(surname) + 1 :]):
        length -= 1  # 李明老师: the name ends where the title starts
        candidate = rest[:length]
    tags = rjieba.tag(candidate)
    if len(tags) == 1 and tags[0][1] not in PERSON_TAGS:
        return None  # one dictionary word that is not a name (居民, 房主, 党员)
    if candidate[-1] in PLACE_END or candidate[-1] in NOUN_END or rest[length : length + 1] in PLACE_END:
        return None
    return at, at + length
