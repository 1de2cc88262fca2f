"""Demo service guides (``gongkai load_demo``; idempotent): ten guides of city departments and one of 兰山区,
personal and enterprise services, full online, partly online and offline. One (市民政局's 婚姻登记预约) was
published without its 联系电话 and 办理流程, so the demo inspection shows ``VETO_SERVICE`` red with its fix and
市民政局 has the to-do; one is still a draft. Names and numbers are made up."""

from __future__ import annotations

from gongkai.core.actors import system
from gongkai.core.models import Organization

from . import services
from .models import ServiceGuide

ACTOR = system("load_demo")

HOURS = "工作日上午9:00-12:00，下午13:30-17:00（法定节假日除外）"
CENTRE = "临沂市政务服务中心（北城新区府右路11号）"

# (unit short name, name, code, category, online level, basis, conditions, materials, place, phone, process,
#  fees, time limit); the place is prefixed with the centre's address when it starts with "窗口".
GUIDES = [
    ("市行政审批服务局", "食品经营许可证核发", "371300-XK-001-01", "legal", "full",
     "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
     "有与经营的食品品种、数量相适应的经营场所；有食品安全管理人员和规章制度；设备布局和工艺流程合理。",
     "1. 食品经营许可申请书\n2. 营业执照复印件\n3. 与食品经营相适应的主要设备设施布局、操作流程等文件\n4. 食品安全自查、从业人员健康管理等规章制度",
     "窗口：一楼市场准入区12号窗口", "0539-8720123", "网上申请 → 受理 → 审查（必要时现场核查）→ 决定 → 证照送达",
     "不收费", "法定10个工作日，承诺3个工作日"),
    ("市行政审批服务局", "建筑工程施工许可证核发", "371300-XK-101-01", "legal", "partial",
     "《中华人民共和国建筑法》第七条；《建筑工程施工许可管理办法》",
     "已办理用地批准手续；已取得建设工程规划许可证；施工场地已基本具备施工条件；有满足施工需要的资金安排、施工图纸及技术资料。",
     "1. 建筑工程施工许可申请表\n2. 施工合同\n3. 建设资金已落实承诺书\n4. 施工图审查合格书",
     "窗口：二楼工程建设项目审批区23号窗口", "0539-8720156", "申请 → 受理 → 审查 → 决定 → 送达",
     "不收费", "法定7个工作日，承诺2个工作日"),
    ("市公安局", "居民身份证换领", "371300-QT-301", "personal", "offline",
     "《中华人民共和国居民身份证法》第五条、第十一条",
     "居民身份证有效期满或者证件严重损坏不能辨认的。",
     "1. 原居民身份证\n2. 居民户口簿\n3. 符合标准的相片（可现场采集）",
     "户籍所在地派出所户籍窗口或市政务服务中心公安窗口", "0539-8720110", "申请 → 采集相片和指纹 → 审核 → 制证 → 领取",
     "工本费每证20元", "60日内发证"),
    ("市人力资源社会保障局", "失业保险金申领", "371300-GF-401", "personal", "full",
     "《中华人民共和国社会保险法》第四十五条；《失业保险条例》第十四条",
     "失业前用人单位和本人已经缴纳失业保险费满一年；非因本人意愿中断就业；已经进行失业登记，并有求职要求。",
     "1. 本人有效身份证件\n2. 解除或者终止劳动关系的证明（可由系统核验）",
     "窗口：三楼人社服务区31号窗口", "0539-12333", "网上申请 → 审核 → 核定待遇 → 按月发放",
     "不收费", "法定10个工作日，承诺即时办结"),
    ("市人力资源社会保障局", "就业创业证申领", "371300-QT-402", "personal", "full",
     "《就业服务与就业管理规定》第六十三条",
     "在法定劳动年龄内、有劳动能力和就业要求的城乡劳动者。",
     "本人有效身份证件",
     "窗口：三楼人社服务区32号窗口", "0539-12333", "网上申请 → 审核 → 电子证照生成",
     "不收费", "承诺即时办结"),
    ("市医保局", "异地就医备案", "371300-QT-501", "personal", "full",
     "《国家医疗保障局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）",
     "参加本市基本医疗保险、需在参保地以外就医的人员。",
     "1. 本人有效身份证件或社会保障卡\n2. 跨省异地就医备案表（网上办理无需提交）",
     "窗口：三楼医保服务区35号窗口", "0539-8720189", "网上或窗口申请 → 备案 → 异地直接结算",
     "不收费", "承诺即时办结"),
    ("市民政局", "婚姻登记预约", "371300-QR-601", "personal", "partial",
     "《婚姻登记条例》第四条、第五条",
     "男女双方均为内地居民，达到法定婚龄，双方自愿，无配偶，无禁止结婚的亲属关系。",
     "1. 本人有效身份证件\n2. 本人户口簿（全国通办的可免）\n3. 本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明",
     "临沂市婚姻登记处（兰山区沂蒙路195号）", "", "",
     "不收费", "当场办结"),
    ("市教育局", "教师资格认定", "371300-XK-701", "personal", "partial",
     "《中华人民共和国教师法》第十条、第十三条；《教师资格条例》",
     "遵守宪法和法律，热爱教育事业；具备规定的学历或者经国家教师资格考试合格；有教育教学能力；体检合格。",
     "1. 有效身份证件\n2. 学历证书\n3. 教师资格考试合格证明\n4. 体检合格证明",
     "窗口：二楼社会事务区27号窗口", "0539-8720170", "网上申报 → 现场确认 → 审查 → 认定 → 发证",
     "不收费", "法定30个工作日，承诺15个工作日"),
    ("市市场监管局", "企业设立登记", "371300-QR-801", "legal", "full",
     "《中华人民共和国市场主体登记管理条例》第三条、第十五条",
     "申请人、名称、住所、经营范围等符合法律法规规定。",
     "1. 登记申请书\n2. 公司章程\n3. 股东主体资格证明\n4. 法定代表人、董事、监事和高级管理人员的任职文件\n5. 住所使用相关文件",
     "窗口：一楼市场准入区01-08号窗口", "0539-8720315", "网上申报 → 审核 → 核准 → 领取执照（可邮寄）",
     "不收费", "法定3个工作日，承诺1个工作日"),
    ("市住建局", "商品房预售许可", "371300-XK-901", "legal", "offline",
     "《城市房地产开发经营管理条例》第二十二条、第二十三条；《城市商品房预售管理办法》",
     "已交付全部土地使用权出让金，取得土地使用权证书；持有建设工程规划许可证和施工许可证；投入开发建设的资金达到工程建设总投资的25%以上。",
     "1. 商品房预售许可申请表\n2. 开发企业营业执照和资质证书\n3. 土地使用权证、规划许可证、施工许可证\n4. 工程施工合同及施工进度说明\n5. 商品房预售方案",
     "窗口：二楼工程建设项目审批区25号窗口", "0539-8720288", "申请 → 受理 → 现场查勘 → 审核 → 决定 → 送达",
     "不收费", "法定10日，承诺5个工作日"),
    ("兰山区", "城乡居民最低生活保障申请", "371302-GF-001", "personal", "partial",
     "《社会救助暂行办法》第九条至第十一条；《山东省最低生活保障工作规程》",
     "共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合财产状况规定的家庭。",
     "1. 最低生活保障申请书\n2. 家庭成员有效身份证件和户口簿\n3. 家庭经济状况核对授权书",
     "兰山区政务服务中心社会救助窗口（兰山区金雀山路1号）", "0539-8211890",
     "申请 → 乡镇（街道）受理 → 家庭经济状况调查 → 民主评议 → 审核确认 → 公示 → 发放",
     "不收费", "30个工作日，特殊情况可延长至45个工作日"),
]  # fmt: skip
DRAFT = {"企业设立登记"}  # still a draft: its unit is checking the codes against the provincial catalogue
ONLINE_URL = "https://www.shandong.gov.cn/api-gateway/jpaas-jiq-web-sdywtb/front/transition/ywTransToDetail"


def load(report) -> None:
    for (short, name, code, category, level, basis, conditions, materials, place, phone, process, fees,
         time_limit) in GUIDES:  # fmt: skip
        unit = Organization.objects.filter(short_name=short).first()
        if unit is None or ServiceGuide.objects.filter(unit=unit, name=name).exists():
            continue
        if place.startswith("窗口："):
            place = f"{CENTRE}{place.removeprefix('窗口：')}"
        fields = {
            "name": name, "code": code, "category": category, "online_level": level, "basis": basis,
            "conditions": conditions, "materials": materials, "place": place, "hours": HOURS, "phone": phone,
            "process": process, "fees": fees, "time_limit": time_limit,
            "online_url": f"{ONLINE_URL}?code={code}" if level != "offline" else "",
        }  # fmt: skip
        services.save_guide(actor=ACTOR, unit=unit, fields=fields, publish=name not in DRAFT)
