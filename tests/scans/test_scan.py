"""A scan finds a wrong leader's title, personal data in an attachment's text, a dead internal link and the
lexicon's words; a re-scan does not duplicate, and what was mended is closed as fixed."""

from gongkai.scans.models import Check, FindingStatus, Place, Rule, ScanFinding

from .conftest import BANK_CARD, ID_NUMBER, MOBILE, attach, published, scan


def test_a_wrong_leader_title_is_found_and_a_right_one_is_not(tree, leaders, lexicon):
    item = published(
        tree.city, "市政府召开常务会议", "<p>市长王建国出席会议。副市长王建国讲话，李明华市长主持。</p>"
    )
    scan(Check.LEXICON)
    [finding] = ScanFinding.objects.all()
    assert (finding.item, finding.rule, finding.field) == (item, Rule.LEADER, Place.BODY)
    assert finding.rule_value == "王建国（副市长）"
    assert "市长王建国" in finding.excerpt and finding.offset == 0
    assert finding.unit == tree.city and finding.status == FindingStatus.OPEN


def test_a_former_leader_still_titled_after_the_successor_took_office_is_found(tree, leaders, lexicon):
    published(tree.city, "新闻", "<p>市长赵铁军调研企业。</p>", days_ago=2)
    published(tree.city, "旧闻", "<p>市长赵铁军调研企业。</p>", days_ago=300)
    scan(Check.LEXICON)
    [finding] = ScanFinding.objects.all()
    assert finding.item.title == "新闻" and finding.rule_value == "赵铁军（已离任）"


def test_lexicon_terms_are_found_in_title_body_and_attachment(tree, lexicon):
    item = published(tree.dept_a, "新冠肺炎防控通知", "<p>效果最高级。</p>")
    attach(item, "附件.pdf", "关于新冠肺炎的说明")
    scan(Check.LEXICON)
    places = sorted(ScanFinding.objects.values_list("field", "rule_value"))
    assert places == [("attachment", "新冠肺炎"), ("body", "最高级"), ("title", "新冠肺炎")]


def test_personal_data_in_an_attachment_is_found_and_shown_masked(tree):
    item = published(tree.dept_a, "公示", f"<p>联系人手机{MOBILE}。</p>")
    attachment = attach(item, "名单.pdf", f"张三 身份证号{ID_NUMBER} 银行卡{BANK_CARD}")
    scan(Check.PERSONAL)
    found = {f.rule_value: f for f in ScanFinding.objects.all()}
    assert set(found) == {"mobile", "id_card", "bank_card"}
    assert found["id_card"].attachment == attachment and found["id_card"].field == Place.ATTACHMENT
    assert found["mobile"].excerpt.count("139****2345") == 1
    for finding in ScanFinding.objects.all():
        for raw in (ID_NUMBER, MOBILE, BANK_CARD):
            assert raw not in finding.excerpt + finding.message + finding.rule_value + finding.fingerprint
    assert found["bank_card"].excerpt.endswith("0128")


def test_an_invalid_identity_number_is_no_finding(tree):
    wrong = ID_NUMBER[:-1] + ("1" if ID_NUMBER[-1] != "1" else "2")
    published(tree.dept_a, "公示", f"<p>编号{wrong}</p>")
    scan(Check.PERSONAL)
    assert not ScanFinding.objects.exists()


def test_a_dead_internal_link_is_found(tree):
    good = published(tree.dept_a, "目标", "<p>正文</p>")
    published(
        tree.dept_a,
        "来源",
        f'<p><a href="/xxgk/items/{good.pk}/">好</a><a href="/xxgk/items/999999/">坏</a></p>',
    )
    scan(Check.LINKS)
    [finding] = ScanFinding.objects.all()
    assert finding.rule == Rule.INTERNAL_LINK and finding.rule_value == "/xxgk/items/999999/"


def test_a_rescan_does_not_duplicate_and_closes_what_was_mended(tree, leaders, lexicon):
    item = published(tree.city, "会议", "<p>市长王建国出席。联系手机13953912345。</p>")
    scan()
    assert ScanFinding.objects.count() == 2
    run = scan()
    assert ScanFinding.objects.count() == 2 and run.created == 0
    item.body_text = "副市长王建国出席。"
    item.save()
    run = scan()
    assert run.closed == 2
    assert set(ScanFinding.objects.values_list("status", flat=True)) == {FindingStatus.FIXED}


def test_unpublished_items_are_not_scanned(tree, lexicon):
    item = published(tree.dept_a, "新冠肺炎", "")
    item.status = "draft"
    item.save()
    scan()
    assert not ScanFinding.objects.exists()
