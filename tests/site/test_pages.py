"""The public shell: language, landmarks, footer, elder mode, the working-day calculator."""

import re

import pytest

from gongkai.core import services
from gongkai.core.actors import SYSTEM

pytestmark = pytest.mark.django_db


def test_home_is_chinese_with_landmarks_and_footer_codes(citizen, tree, settings):
    page = citizen.get("/")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="zh-CN"' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert f"网站标识码：{settings.GONGKAI_SITE_ID_CODE}" in html
    assert settings.GONGKAI_ICP in html and settings.GONGKAI_PSB_RECORD in html
    assert "办事入口" in html  # the default blocks of a platform with no site configured


def test_titles_read_page_then_site(citizen, tree):
    page = citizen.get(f"/organizations/{tree.dept_a.pk}/")
    assert "<title>临沂市发展和改革委员会 - 机构设置 - 临沂市人民政府</title>" in page.text


def test_elder_mode_is_remembered_without_javascript(citizen, tree):
    response = citizen.post("/preferences/elder-mode/", {"on": "1", "next": "/calendar/"})
    assert response.status_code == 302 and response.url == "/calendar/"
    assert citizen.cookies["gk_elder"].value == "1"
    assert '<html lang="zh-CN" class="elder"' in citizen.get("/organizations/").text
    citizen.post("/preferences/elder-mode/", {"on": "0", "next": "/"})
    assert 'class="elder"' not in citizen.get("/").text


def test_elder_mode_will_not_redirect_off_site(citizen):
    response = citizen.post("/preferences/elder-mode/", {"on": "1", "next": "https://evil.example/"})
    assert response.url == "/"


def test_calculator_gives_the_statutory_due_date(citizen):
    page = citizen.get("/calendar/", {"start": "2019-09-20", "days": "20"})
    assert page.status_code == 200
    assert '<time datetime="2019-10-23">2019年10月23日 星期三</time>' in page.text


def test_calculator_explains_bad_input_in_chinese(citizen):
    page = citizen.get("/calendar/", {"start": "2019-02-30", "days": "400"})
    assert page.status_code == 200
    assert "提交的内容有误" in page.text
    assert "请按 年-月-日 格式填写真实日期" in page.text
    assert "工作日数不能大于 365" in page.text
    assert 'aria-invalid="true"' in page.text
    assert 'href="#id_start"' in page.text  # the summary links to the field


def test_calculator_marks_provisional_answers(citizen):
    page = citizen.get("/calendar/", {"start": "2027-05-01", "days": "5"})
    assert "结果按周末计算，仅供参考" in page.text


def test_year_arrangement_is_listed(citizen):
    page = citizen.get("/calendar/", {"year": "2024"})
    assert "春节" in page.text and '<time datetime="2024-02-10">' in page.text
    assert "2月4日（星期日）" in page.text  # make-up working Sunday


def test_inactive_organization_is_not_public(citizen, tree):
    services.update_organization(actor=SYSTEM, organization=tree.dept_b, is_active=False)
    assert citizen.get(f"/organizations/{tree.dept_b.pk}/").status_code == 404
    assert "临沂市教育局" not in citizen.get("/organizations/").text


def test_missing_page_is_a_chinese_404(citizen):
    page = citizen.get("/no-such-page/")
    assert page.status_code == 404
    assert "页面不存在" in page.text
