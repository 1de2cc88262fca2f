"""Review fixes: no excerpt carries a raw number however another finding's window cuts it; separated mobile
numbers are found and masked; a link finding's offset is the link's place in the body text."""

import re

from django.core import serializers

from gongkai.core import idcard
from gongkai.scans import detectors
from gongkai.scans.models import Check, Rule, ScanFinding
from tests.conftest import api_client

from .conftest import published, scan

ID_X = "11010519491231002X"
CARD_GROUPED = "6222 0212 3456 7890 128"
DIGIT_RUN = re.compile(r"\d(?:[ -]?\d){5,}")


def test_the_fixtures_are_what_they_claim():
    assert idcard.problem(ID_X) is None
    assert detectors.luhn_ok(CARD_GROUPED.replace(" ", ""))


def test_a_number_cut_by_another_findings_excerpt_window_is_still_masked(tree, lexicon, editor_a):
    # the lexicon hit's window ends inside the number (20 characters of context after the term)
    body = f"<p>效果最高级，这里是一些文字{ID_X}结尾。</p><p>效果最高级，另有一些说明文字{CARD_GROUPED}结尾。</p>"
    published(tree.dept_a, "公示", body)
    scan()
    findings = list(ScanFinding.objects.all())
    assert {f.rule_value for f in findings} >= {"最高级", "id_card", "bank_card"}
    stored = serializers.serialize("json", findings)
    raw = (
        ID_X[:17],
        ID_X[:12],
        CARD_GROUPED[:9],
        CARD_GROUPED.replace(" ", "")[:12],
        "6222 0212",
        "3456 7890",
    )
    for finding in findings:
        shown = finding.excerpt + finding.message + finding.rule_value
        assert not DIGIT_RUN.search(shown), shown
    for text in raw:
        assert text not in stored
    response = api_client(editor_a).get("/api/v1/staff/scans/findings?status=open")
    assert response.status_code == 200 and len(response.json()["items"]) == len(findings)
    for row in response.json()["items"]:
        assert not DIGIT_RUN.search(row["excerpt"] + row["message"] + row["rule_value"]), row
    for text in raw:
        assert text not in response.content.decode()


def test_excerpt_stretches_over_a_trailing_x_and_card_groups_and_stars_what_is_left():
    text = f"禁用词{'文' * 17}{ID_X}结尾"
    assert "11010519491231002" not in detectors.excerpt(text, 0, 3)
    assert detectors.excerpt(text, 0, 3).endswith(f"1{'*' * 16}X…")
    text = f"禁用词{'文' * 19}{CARD_GROUPED}结尾"
    assert detectors.excerpt(text, 0, 3).endswith(f"{'*' * 15}0128…")
    # a digit run that is no number the rules know (not Luhn, no valid check character) is starred too
    assert detectors.excerpt("禁用词 账号1234 5678 9012 3", 0, 3) == "禁用词 账号**** **** **** *"
    # dates are left alone
    assert detectors.excerpt("禁用词 2024-01-15 发布", 0, 3) == "禁用词 2024-01-15 发布"


def test_mobile_numbers_written_with_separators_are_found_and_masked(tree):
    published(
        tree.dept_a, "公示", "<p>联系人甲138 1234 5678，联系人乙139-5391-2345，联系人丙13712345678。</p>"
    )
    scan(Check.PERSONAL)
    findings = ScanFinding.objects.order_by("offset")
    assert [f.rule_value for f in findings] == ["mobile", "mobile", "mobile"]
    masked = [re.search(r"1\d\d\*{4}\d{4}", f.message).group() for f in findings]
    assert masked == ["138****5678", "139****2345", "137****5678"]
    for finding in findings:
        for raw in ("1234 5678", "5391-2345", "138 1234", "139-5391"):
            assert raw not in finding.excerpt + finding.message


def test_a_link_findings_offset_is_the_links_place_in_the_body_text(tree):
    body = '<p>第一段说明文字。</p><p>请点击 <a href="/content/999999/">这个链接</a> 查看。</p>'
    item = published(tree.dept_a, "链接", body)
    scan(Check.LINKS)
    [finding] = ScanFinding.objects.all()
    assert finding.rule == Rule.INTERNAL_LINK
    assert item.body_text[finding.offset :].startswith("这个链接")
    assert finding.offset == item.body_text.index("这个链接")


def test_read_links_gives_the_body_text_and_where_each_link_is():
    from gongkai.publishing import html
    from gongkai.scans.scanner import read_links

    body = (
        '<p><a href="/a/">开头</a>的链接</p><p>  </p><p><img src="/i.png"></p>'
        '<ul><li>列表 <a href="/b/">第二</a> 项</li></ul><p>紧挨着<a href="/c/">第三</a>。<a href="/d/"> </a></p>'
    )
    text, hrefs, offsets = read_links(body)
    assert (text, hrefs) == html.read(body)
    assert hrefs == ["/a/", "/i.png", "/b/", "/c/", "/d/"]
    assert [text[o : o + 2] for o in offsets[:4]] == ["开头", "列表", "第二", "第三"]
    assert offsets[4] == len(text)
