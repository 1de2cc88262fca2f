"""Issue 17's FOI journey: a handler opens an application from the to-do list on /manage/, asks for a
correction, records the corrected application, consults a third party and records its opinion, extends the
deadline and replies; the application then leaves the to-do list. Every page axe-clean at 1366 and 390 px."""

from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization
from gongkai.foi import services
from gongkai.foi.models import Application, EventKind
from tests.browser.conftest import axe_violations
from tests.foi.conftest import applicant

WIDTHS = (1366, 390)
SUBJECT = "2026年市级重点建设项目资金安排明细"


def check_page(page) -> None:
    """No axe finding above minor and no sideways scrolling, on a desktop and on a phone."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], (width, page.url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            width,
            page.url,
            wide(page, width),
        )
    page.set_viewport_size({"width": 1366, "height": 900})


def wide(page, width: int) -> list[str]:
    """The elements wider than the window (to say what scrolls sideways)."""
    return page.evaluate(
        """(w) => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w)
            .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 30))""",
        width,
    )


def take_step(page, step: str) -> None:
    page.select_option("#id_step", label=step)
    page.get_by_role("button", name="下一步").click()
    page.wait_for_load_state()


def submit(page, button: str, done: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    assert f"已记录：{done}" in page.content(), page.locator("main").inner_text()


def test_handler_walks_an_application_from_the_todo_list_to_the_reply(live_server, page, demo):
    unit = Organization.objects.get(short_name="市发展改革委")
    application, _secret, _created = services.register_application(
        actor=system("browser_test"),
        unit=unit,
        data=applicant(description=SUBJECT),
        channel="in_person",
        received_on=timezone.localdate(),
    )
    base = live_server.url
    page.goto(base + "/manage/login/?next=/manage/")
    page.fill("#id_username", "fgw_editor")
    page.fill("#id_password", "gongkai-demo-2026")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert "依申请公开：待答复的申请" in page.content()
    check_page(page)

    page.get_by_role("link", name=SUBJECT).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/manage/foi/{application.pk}/")
    assert page.locator("#id_step").input_value() == ""  # nothing chosen: never 要求补正 by default
    check_page(page)

    take_step(page, "要求补正")
    assert "7个工作日内一次性告知" in page.content()
    check_page(page)
    page.get_by_role("button", name="发出补正告知").click()  # empty: refused, nothing recorded
    page.wait_for_load_state()
    assert "请写明需要申请人补正的内容" in page.locator("#id_note_error").inner_text()
    check_page(page)
    page.get_by_label("需要补正的内容").fill("请写明所需资金安排明细的年度和项目类别。")
    submit(page, "发出补正告知", "要求补正")
    assert "要求补正：请写明所需资金安排明细的年度和项目类别。" in page.content()

    take_step(page, "收到补正")
    page.get_by_label("补正的内容").fill("申请人补正为2026年全部市级重点建设项目。")
    submit(page, "记录", "收到补正")

    take_step(page, "征求意见")
    page.get_by_label("被征求意见方").fill("临沂某建设集团有限公司")
    submit(page, "登记征求意见", "征求意见")
    assert "征求意见中" in page.content()

    take_step(page, "收到意见")
    page.select_option("#id_party", label="临沂某建设集团有限公司")
    page.get_by_label("意见内容").fill("同意公开，但请隐去合同中的银行账号。")
    submit(page, "记录", "收到意见")

    take_step(page, "延长答复期限")
    check_page(page)
    page.get_by_label("延长工作日数").fill("25")
    page.get_by_label("批准人").fill("市发展改革委政府信息公开工作机构负责人")
    page.get_by_label("延期理由").fill("项目资料分散，需要逐一核对。")
    page.get_by_role("button", name="延长答复期限", exact=True).click()
    page.wait_for_load_state()
    assert "最长不得超过20个工作日" in page.locator("#id_days_error").inner_text()
    assert not Application.objects.get(pk=application.pk).events.filter(kind=EventKind.EXTENDED).exists()
    page.get_by_label("延长工作日数").fill("15")
    submit(page, "延长答复期限", "延长答复期限")
    assert "答复期限已延长过一次" in page.content()

    take_step(page, "作出答复")
    assert page.locator("#id_withheld_note").is_hidden()  # asked only for 部分公开
    page.select_option("#id_outcome", label="部分公开")
    assert page.locator("#id_withheld_note").is_visible()
    page.select_option("#id_outcome", label="予以公开")
    page.get_by_label("答复内容").fill("经查，现将资金安排明细随本告知书提供给您，银行账号已作处理。")
    submit(page, "作出答复", "作出答复")
    check_page(page)

    application.refresh_from_db()
    assert (application.status, application.outcome) == ("answered", "granted")
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == ["received", "correction_requested", "correction_received", "consultation_started",
                     "consultation_ended", "extended", "answered"]  # fmt: skip

    page.goto(base + "/manage/")
    assert SUBJECT not in page.content()

    page.goto(base + "/manage/foi/")
    assert SUBJECT in page.content()
    check_page(page)
    page.get_by_role("link", name="登记申请").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="登记").click()  # empty: the error summary and each field's error
    page.wait_for_load_state()
    assert "提交的内容有误" in page.content()
    check_page(page)
