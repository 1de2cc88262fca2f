"""The public forms' challenge in a real browser: with JavaScript and the site's real Content-Security-Policy
the proof of work is solved without the visitor doing anything; without JavaScript the sum is asked and
answered by hand (适老化: a non-visual, no-script alternative)."""

import re

import pytest

from gongkai.foi.models import Application

NUMERALS = "零一二三四五六七八九十"


def _fill_application(page):
    page.select_option("#id_unit", label="临沂市发展和改革委员会")
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "王芳")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "0539-8123456")
    page.fill("#id_description", "2024年城区老旧小区改造计划")


@pytest.mark.browser
def test_the_proof_of_work_passes_under_the_real_content_security_policy(live_server, browser, demo):
    context = browser.new_context(locale="zh-CN")  # no bypass: the CSP the site sends applies
    page = context.new_page()
    refused = []
    page.on(
        "console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.goto(live_server.url + "/foi/apply/")
    page.wait_for_function("() => document.querySelector('[data-challenge-question]').hidden", timeout=30000)
    _fill_application(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    assert page.locator("#tracking-code").inner_text()
    assert refused == []
    context.close()


@pytest.mark.browser
def test_without_javascript_the_sum_is_answered_by_hand(live_server, browser, demo):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/foi/apply/")
    question = page.get_by_label(re.compile("等于几"))
    assert question.is_visible()
    label = page.locator("label[for=id_answer]").inner_text()
    a, b = (NUMERALS.index(ch) for ch in re.findall(r"[一二三四五六七八九]", label)[:2])
    _fill_application(page)
    question.fill(str(a + b))
    page.wait_for_timeout(3100)  # people take a few seconds; faster answers are refused
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    code = page.locator("#tracking-code").inner_text()
    assert Application.objects.get(tracking_code=code).phone == "0539-8123456"
    context.close()
