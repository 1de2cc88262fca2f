"""Attachments the body names (附件《X》, 见附件X, 附件2：X …) must be uploaded, not only those of the 附件 note;
uploaded files match by name loosely (extension, 书名号, numbering), and 附件 used as a word is no alarm."""

import pytest

from gongkai.core.actors import SYSTEM
from gongkai.publishing import checks, services
from tests.publishing.conftest import make_item
from tests.publishing.samples import pdf_bytes


def missing(text: str, uploaded: list[str]) -> list[str]:
    draft = checks.Draft(text=text, attachment_names=uploaded)
    return [f.message for f in checks.run(draft, [], lambda href: True) if f.code == "attachment_missing"]


@pytest.mark.parametrize(
    ("text", "uploaded", "message"),
    [
        ("各供热企业执行的价格详见附件《供暖价格表》。", [], "正文提到附件“供暖价格表”，但未上传该附件。"),
        (
            "价格见附件1《供暖价格表》，请遵照执行。",
            ["联系人表.pdf"],
            "正文提到附件“供暖价格表”，但未上传该附件。",
        ),
        ("价格详见附件一。", [], "正文提到附件1，但未上传该附件。"),
        ("详见附件1至附件3。", ["1.申请表.pdf", "2.承诺书.pdf"], "正文提到附件3，但未上传该附件。"),
        ("请填写附件2：项目申报表，于5月底前报送。", [], "正文提到附件“项目申报表”，但未上传该附件。"),
        ("具体名单见附件2。", ["附件1.pdf"], "正文提到附件2，但未上传该附件。"),
        ("具体名单详见附件。", [], "正文提到“见附件”，但未上传任何附件。"),
        ("具体名单见附件中的表格。", [], "正文提到“见附件”，但未上传任何附件。"),
    ],
)
def test_an_attachment_the_body_names_but_nobody_uploaded_blocks(text, uploaded, message):
    assert missing(text, uploaded) == [message]


@pytest.mark.parametrize(
    ("text", "uploaded"),
    [
        ("价格详见附件《供暖价格表》。", ["供暖价格表.xlsx"]),
        ("价格详见附件《供暖价格表》。", ["附件1：供暖价格表（2025—2026年供暖季）.pdf"]),
        ("价格详见附件1《供暖价格表》。", ["附件1.pdf"]),
        ("价格详见附件《供暖价格表》。", ["《供暖价格表》.docx"]),
        ("价格详见附件 供暖 价格表。", ["1.供暖价格表.pdf"]),
        ("具体名单见附件2。", ["甲名单.pdf", "乙名单.pdf"]),
        ("具体名单见附件。", ["名单.pdf"]),
        ("申请人可以上传附件，也可以附件形式通过电子邮件提交，电子邮件附件不超过10MB。", []),
        ("本办法所称附件材料，是指申请时提交的证明材料。", []),
        ("依照《供暖价格管理办法》执行。", []),
        ("价格详见附件1。\n附件1\n供暖价格表\n一、居民用户……", []),
        ("见附件一。", ["1.申请表.pdf", "2.承诺书.pdf", "3.价格表.pdf"]),
        ("详见附件二。", ["1.申请表.pdf", "2.承诺书.pdf", "3.价格表.pdf"]),
        ("见附件一、二。", ["1.申请表.pdf", "2.承诺书.pdf", "3.价格表.pdf"]),
        ("详见附件一《价格表》。", ["1.申请表.pdf", "2.承诺书.pdf", "3.价格表.pdf"]),
        ("见附件1-3。", ["1.申请表.pdf", "2.承诺书.pdf", "3.价格表.pdf"]),
        ("见附件1至附件3。", ["1.申请表.pdf", "2.承诺书.pdf", "3.价格表.pdf"]),
        ("格式见附件格式要求。", ["1.申请表.pdf", "2.承诺书.pdf", "3.价格表.pdf"]),
        ("如附件格式。", ["1.申请表.pdf", "2.承诺书.pdf", "3.价格表.pdf"]),
        ("请将反馈意见附件发送至邮箱。", []),
        ("比如附件大小不超过10MB。", []),
        ("附件2：价格表", ["附件1.pdf", "附件2.pdf"]),
    ],
)
def test_no_alarm_when_the_attachment_is_there_or_the_word_is_generic(text, uploaded):
    assert missing(text, uploaded) == []


def test_a_name_in_both_the_note_and_the_body_is_reported_once():
    text = "价格详见附件《供暖价格表》。\n附件：供暖价格表"
    assert missing(text, []) == ["正文附件说明提到“供暖价格表”，但未上传该附件。"]


@pytest.mark.django_db
def test_the_heating_price_notice_cannot_go_out_without_its_table(catalogs):
    item = make_item(catalogs.dept_a, body="<p>各供热企业执行的价格详见附件《供暖价格表》。</p>")
    found = [f for f in services.check_item(item) if f.code == "attachment_missing"]
    assert [(f.severity, f.message) for f in found] == [
        ("block", "正文提到附件“供暖价格表”，但未上传该附件。")
    ]
    services.add_attachment(actor=SYSTEM, item=item, data=pdf_bytes(), name="附件：供暖价格表.pdf")
    assert not [f for f in services.check_item(item) if f.code == "attachment_missing"]


def test_a_see_attachment_naming_nothing_warns_and_a_named_or_numbered_one_blocks():
    def severities(text):
        draft = checks.Draft(text=text)
        return [
            f.severity for f in checks.run(draft, [], lambda href: True) if f.code == "attachment_missing"
        ]

    assert severities("名单见附件。") == ["warn"]
    assert severities("名单见附件2。") == ["block"]
    assert severities("名单见附件《名单》。") == ["block"]
