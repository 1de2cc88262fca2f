"""Pre-publication checks block or warn with an exact explanation."""

import pytest

from gongkai.core.actors import SYSTEM
from gongkai.publishing import checks, services
from gongkai.publishing.models import LexiconEntry, Status
from tests.publishing.conftest import make_item
from tests.publishing.samples import pdf_bytes

pytestmark = pytest.mark.django_db


def messages(item):
    return {(f.severity, f.message) for f in services.check_item(item)}


def test_a_complete_item_passes(catalogs):
    assert services.check_item(make_item(catalogs.dept_a)) == []


def test_missing_metadata_blocks_and_names_the_field(catalogs):
    item = make_item(catalogs.dept_a, columns=[], summary="", topic="", written_on=None)
    found = messages(item)
    assert ("block", "缺少必填元数据“内容概述”。") in found
    assert ("block", "缺少必填元数据“主题分类”。") in found
    assert ("block", "缺少必填元数据“成文日期”。") in found
    assert ("block", "请至少选择一个所属栏目。") in found


def test_malformed_document_number_blocks(catalogs):
    item = make_item(catalogs.dept_a, doc_number="临发改〔2024〕012号")
    (finding,) = [f for f in services.check_item(item) if f.field == "doc_number"]
    assert finding.severity == "block"
    assert "不编虚位" in finding.message


def test_bracket_variant_is_normalized_on_save_and_passes(catalogs):
    item = make_item(catalogs.dept_a, doc_number="临发改【2024】12号")
    assert item.doc_number == "临发改〔2024〕12号"
    assert services.check_item(item) == []


def test_document_year_differing_from_date_warns(catalogs):
    item = make_item(catalogs.dept_a, doc_number="临发改〔2023〕12号")
    assert ("warn", "文号年份2023与成文日期年份2024不一致，请核对。") in messages(item)


def test_lexicon_blocks_or_warns_with_the_correct_form(catalogs):
    LexiconEntry.objects.create(
        term="中华人民共合国", kind="misspelling", correction="中华人民共和国", severity="block"
    )
    LexiconEntry.objects.create(term="布署", kind="misspelling", correction="部署", severity="warn")
    LexiconEntry.objects.create(term="北朝鲜", kind="forbidden", severity="warn", note="应称“朝鲜”")
    item = make_item(catalogs.dept_a, body="<p>依据中华人民共合国有关法律，布署工作。北朝鲜</p>")
    found = messages(item)
    assert ("block", "“中华人民共合国”疑为错误写法，应为“中华人民共和国”。") in found
    assert ("warn", "“布署”疑为错误写法，应为“部署”。") in found
    assert ("warn", "含有禁用词“北朝鲜”。（应称“朝鲜”）") in found


def test_broken_internal_links_block_but_external_ones_are_not_checked(catalogs):
    item = make_item(
        catalogs.dept_a,
        body='<p><a href="/xxgk/items/999999/">旧文件</a> <a href="/no/such/page/">页面</a> '
        '<a href="https://www.gov.cn/zhengce/">国务院</a> '
        f'<a href="/organizations/{catalogs.dept_a.pk}/">本机关</a></p>',
    )
    broken = [f.message for f in services.check_item(item) if f.code == "broken_link"]
    assert broken == [
        "正文中的站内链接“/xxgk/items/999999/”无法打开，请修改或删除。",
        "正文中的站内链接“/no/such/page/”无法打开，请修改或删除。",
    ]


def test_a_link_to_a_draft_is_broken_for_the_public(catalogs):
    draft = make_item(catalogs.dept_a)
    item = make_item(catalogs.dept_a, body=f'<p><a href="/xxgk/items/{draft.pk}/">草稿</a></p>')
    assert any(f.code == "broken_link" for f in services.check_item(item))


def test_attachment_named_in_the_note_must_be_uploaded(catalogs):
    item = make_item(
        catalogs.dept_a, body="<p>现印发给你们。</p><p>附件：1.能源保供重点企业名单</p><p>2.联系人表.xlsx</p>"
    )
    found = [f.message for f in services.check_item(item) if f.code == "attachment_missing"]
    assert found == [
        "正文附件说明提到“能源保供重点企业名单”，但未上传该附件。",
        "正文附件说明提到“联系人表.xlsx”，但未上传该附件。",
    ]
    services.add_attachment(actor=SYSTEM, item=item, data=pdf_bytes(), name="能源保供重点企业名单.pdf")
    found = [f.message for f in services.check_item(item) if f.code == "attachment_missing"]
    assert found == ["正文附件说明提到“联系人表.xlsx”，但未上传该附件。"]


def test_not_disclosed_needs_a_reason(catalogs):
    item = make_item(catalogs.dept_a, disclosure_mode="not_disclosed")
    assert ("block", "公开方式为“不予公开”时须写明理由及依据。") in messages(item)


def test_blocking_findings_stop_submission_and_change_nothing(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a, summary="")
    with pytest.raises(services.ChecksFailed) as excinfo:
        services.submit_item(actor=editor_a, item=item)
    assert "缺少必填元数据“内容概述”。" in excinfo.value.messages
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_referenced_attachments_parser():
    text = "正文\n附件：1.甲名单 2.乙表\n3.丙清单\n某某局"
    assert checks.referenced_attachments(text) == ["甲名单", "乙表", "丙清单"]
    assert checks.referenced_attachments("附件：实施细则") == ["实施细则"]
    assert checks.referenced_attachments("没有附件说明") == []
