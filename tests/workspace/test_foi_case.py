"""/manage/foi/<id>/: the case page. The request, the applicant behind an audited 查看, the timeline in words,
the due date and why, one form per step with only its fields (补正 once and within 7 working days, one
extension of at most 20, the reply), notices to download; another unit's staff get 404."""

import datetime as dt
import re

import pytest
import time_machine

from gongkai.core.models import AuditEvent
from gongkai.foi import services
from gongkai.foi.models import Application, Event, Outcome
from tests.conftest import logged_in
from tests.foi.conftest import DESK, VALID_ID, lodge  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2024, 3, 25, 2, tzinfo=dt.UTC)  # Monday 25 March 2024
D = dt.date.fromisoformat


@pytest.fixture
def fresh(lodge):  # noqa: F811
    """An application received on Friday 22 March 2024 (a correction may be asked until 2 April)."""
    with time_machine.travel(TODAY, tick=False):
        return lodge(D("2024-03-22"))


@pytest.fixture
def old(lodge):  # noqa: F811
    """Received on Monday 4 March 2024: the 7 working days for a correction ended on 13 March."""
    with time_machine.travel(TODAY, tick=False):
        return lodge(D("2024-03-04"))


def url(application, tail=""):
    return f"/manage/foi/{application.pk}/{tail}"


def get(user, application, tail=""):
    with time_machine.travel(TODAY, tick=False):
        return logged_in(user).get(url(application, tail))


def post(user, application, kind, data):
    with time_machine.travel(TODAY, tick=False):
        return logged_in(user).post(url(application, f"steps/{kind}/"), data)


def events(application, kind):
    return Event.objects.filter(application=application, kind=kind).count()


# Reach ------------------------------------------------------------------------------------------------


def test_another_units_staff_get_404_everywhere(fresh, editor_b):
    client = logged_in(editor_b)
    assert client.get(url(fresh)).status_code == 404
    assert client.post(url(fresh, "applicant/")).status_code == 404
    assert client.post(url(fresh, "steps/note/"), {"note": "x", "on": "2024-03-25"}).status_code == 404
    assert client.get(url(fresh, "notices/correction.docx")).status_code == 404
    assert not AuditEvent.objects.filter(action="foi.application.identity_viewed").exists()


def test_the_office_above_reaches_the_case_and_a_sibling_office_does_not(fresh, office, county_office):
    page = get(office, fresh)
    assert page.status_code == 200 and "选择要办理的事项" in page.text
    assert get(county_office, fresh).status_code == 404


def test_unknown_step_is_404(fresh, editor_a):
    assert post(editor_a, fresh, "received", {}).status_code == 404


# The applicant behind 查看 ----------------------------------------------------------------------------


def test_applicant_details_are_hidden_until_looked_at_and_the_look_is_audited(fresh, editor_a):
    page = get(editor_a, fresh).text
    assert "张*" in page and "查看申请人信息" in page
    assert VALID_ID not in page and "13805391234" not in page and "zhang@example.com" not in page
    assert not AuditEvent.objects.filter(action="foi.application.identity_viewed").exists()

    with time_machine.travel(TODAY, tick=False):
        shown = logged_in(editor_a).post(url(fresh, "applicant/"))
    assert shown.status_code == 200
    assert VALID_ID in shown.text and "13805391234" in shown.text and "张三丰" in shown.text
    record = AuditEvent.objects.get(action="foi.application.identity_viewed")
    assert (record.actor, record.object_repr) == (editor_a, fresh.tracking_code)
    stored = f"{record.changes} {record.object_repr} {record.actor_name}"
    assert "张三丰" not in stored and VALID_ID not in stored and "13805391234" not in stored


def test_looking_needs_a_post(fresh, editor_a):
    assert get(editor_a, fresh, "applicant/").status_code == 405


# The timeline and the due date in words ---------------------------------------------------------------


def test_timeline_and_due_date_are_told_in_words_never_in_codes(lodge, editor_a):  # noqa: F811
    with time_machine.travel(TODAY, tick=False):
        application = lodge(D("2024-03-01"), channel="mail_signed")
        for kind, on, data in [
            ("correction_requested", "2024-03-04", {"note": "请写明文件年度"}),
            ("correction_received", "2024-03-07", {}),
            ("consultation_started", "2024-03-11", {"party": "某公司"}),
            ("consultation_ended", "2024-03-15", {"party": "某公司", "note": "同意公开"}),
            ("extended", "2024-03-20", {"days": 10, "approver": "李主任", "reason": "需要调取档案"}),
            ("answered", "2024-03-25", {"outcome": Outcome.PARTIAL, "reply_text": "现提供文件。",
                                         "withheld_note": "个人信息不予公开。"}),
        ]:  # fmt: skip
            services.record_event(actor=DESK, application=application, kind=kind, on=D(on), **data)
        page = logged_in(editor_a).get(url(application)).text
    for words in [
        "2024年3月1日</time> 收到邮寄的申请（已签收）",
        "2024年3月4日</time> 要求补正：请写明文件年度（请于",
        "收到补正后的申请，答复期限自该日重新计算",
        "向某公司征求意见",
        "收到某公司的意见：同意公开",
        "经批准延长答复期限10个工作日（批准人：李主任；理由：需要调取档案）",
        "作出答复：部分公开（依据《中华人民共和国政府信息公开条例》第三十七条）",
        "不予公开部分及理由：个人信息不予公开。",
    ]:
        assert words in page, words
    for code in ["channel", "mail_signed", "outcome", "partial", "legal_basis", "=", "party", "days"]:
        assert not re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w/.-])", _visible(page)), code


def _visible(page: str) -> str:
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"<[^>]+>", " ", main)


def test_the_due_date_says_why(lodge, editor_a):  # noqa: F811
    with time_machine.travel(TODAY, tick=False):
        application = lodge(D("2024-03-01"))
        services.record_event(actor=DESK, application=application, kind="correction_requested",
                              on=D("2024-03-04"), note="年度")  # fmt: skip
        services.record_event(
            actor=DESK, application=application, kind="correction_received", on=D("2024-03-07")
        )
        services.record_event(actor=DESK, application=application, kind="consultation_started",
                              on=D("2024-03-11"), party="某公司")  # fmt: skip
        page = logged_in(editor_a).get(url(application)).text
    assert "答复期限自2024年3月7日收到补正后的申请起算20个工作日" in page
    assert "此前的补正期间3个工作日不计入" in page
    assert "自2024年3月11日起征求意见，尚未收到意见" in page
    assert "征求第三方或其他机关意见期间10个工作日不计入" in page


# The step menu and its forms --------------------------------------------------------------------------


def test_the_step_menu_starts_with_nothing_chosen_and_no_form(fresh, editor_a):
    page = get(editor_a, fresh).text
    assert '<option value="" selected>请选择办理事项</option>' in page
    assert f'action="/manage/foi/{fresh.pk}/steps/' not in page


def test_a_step_form_shows_only_that_steps_fields_and_its_hint(fresh, editor_a):
    page = get(editor_a, fresh, "?step=extended").text
    assert "延长的期限最长不得超过20个工作日（条例第三十三条第二款）" in page
    for name in ("days", "approver", "reason", "on"):
        assert f'name="{name}"' in page
    for name in ("outcome", "reply_text", "party", "deadline", "new_due", "to_unit", "method"):
        assert f'name="{name}"' not in page


def test_correction_is_asked_once_within_seven_working_days(fresh, editor_a):
    page = get(editor_a, fresh, "?step=correction_requested").text
    assert "7个工作日内一次性告知" in page and 'name="note"' in page
    response = post(editor_a, fresh, "correction_requested", {"note": "请写明文件年度", "on": "2024-03-25"})
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == "correction"

    page = get(editor_a, fresh).text
    assert "本申请已要求过补正。补正应一次性告知，不能再次要求" in page
    with time_machine.travel(TODAY, tick=False):
        services.record_event(actor=DESK, application=fresh, kind="correction_received", on=D("2024-03-25"))
    again = post(editor_a, fresh, "correction_requested", {"note": "再补正", "on": "2024-03-25"})
    assert again.status_code == 200 and "本申请已要求过补正" in again.text
    assert events(fresh, "correction_requested") == 1


def test_correction_is_not_offered_after_seven_working_days(old, editor_a):
    page = get(editor_a, old).text
    assert "已超过收到申请之日起7个工作日（最后一日为2024年3月13日），不能再要求补正" in page
    assert '<option value="correction_requested">' not in page
    assert 'name="deadline"' not in get(editor_a, old, "?step=correction_requested").text
    refused = post(editor_a, old, "correction_requested", {"note": "请写明文件年度", "on": "2024-03-25"})
    assert refused.status_code == 200
    assert 'id="id_on_error">应在收到申请之日起7个工作日内' in refused.text
    assert events(old, "correction_requested") == 0
    assert Application.objects.get(pk=old.pk).status == "in_progress"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"days": "21", "approver": "李主任", "reason": "档案"}, "days", "最长不得超过20个工作日"),
        ({"days": "0", "approver": "李主任", "reason": "档案"}, "days", "延长期限应为1至20个工作日"),
        ({"days": "10", "approver": "李主任", "reason": ""}, "reason", "请写明延长答复期限的理由"),
        ({"days": "10", "approver": "", "reason": "档案"}, "approver", "请填写同意延期的"),
        ({"days": "十", "approver": "李主任", "reason": "档案"}, "days", "请填写整数"),
    ],
)
def test_extension_with_wrong_input_is_refused_next_to_the_field(fresh, editor_a, data, field, message):
    response = post(editor_a, fresh, "extended", {**data, "on": "2024-03-25"})
    assert response.status_code == 200
    assert re.search(rf'id="id_{field}_error">[^<]*{message}', response.text)
    assert "提交的内容有误" in response.text
    assert f'value="{data["approver"]}"' in response.text or not data["approver"]  # what was typed stays
    assert events(fresh, "extended") == 0


def test_extension_once_at_most_twenty_working_days(fresh, editor_a):
    due_before = fresh.due_on
    response = post(
        editor_a,
        fresh,
        "extended",
        {"days": "20", "approver": "李主任", "reason": "需要调取档案", "on": "2024-03-25"},
    )
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.due_on > due_before and events(fresh, "extended") == 1
    page = get(editor_a, fresh).text
    assert "答复期限已延长过一次，不能再延长" in page
    again = post(
        editor_a,
        fresh,
        "extended",
        {"days": "5", "approver": "李主任", "reason": "仍需时间", "on": "2024-03-25"},
    )
    assert again.status_code == 200 and "答复期限只能延长一次" in again.text
    assert events(fresh, "extended") == 1


def test_consultation_and_its_opinion(fresh, editor_a):
    assert (
        "请填写被征求意见的第三方或机关"
        in post(editor_a, fresh, "consultation_started", {"on": "2024-03-25"}).text
    )
    started = post(editor_a, fresh, "consultation_started", {"party": "某公司", "on": "2024-03-25"})
    assert started.status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == "paused"
    form = get(editor_a, fresh, "?step=consultation_ended").text
    assert '<option value="某公司">某公司</option>' in form
    assert (
        "请选择正在征求意见的一方"
        in post(editor_a, fresh, "consultation_ended", {"party": "别家", "on": "2024-03-25"}).text
    )
    ended = post(
        editor_a, fresh, "consultation_ended", {"party": "某公司", "note": "不同意公开", "on": "2024-03-25"}
    )
    assert ended.status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == "in_progress"


def test_reply_needs_the_right_fields_for_its_outcome(fresh, editor_a):
    form = get(editor_a, fresh, "?step=answered").text
    assert (
        "予以公开" in form and "其他处理：申请人逾期未缴纳信息处理费" not in form
    )  # closing outcomes are 办结's
    partial = post(
        editor_a, fresh, "answered", {"outcome": "partial", "reply_text": "现提供。", "on": "2024-03-25"}
    )
    assert 'id="id_withheld_note_error">部分公开的，应写明不予公开的部分及理由' in partial.text
    empty = post(editor_a, fresh, "answered", {"outcome": "", "reply_text": "", "on": "2024-03-25"})
    assert "请选择办理结果" in empty.text and "请填写答复内容" in empty.text
    assert events(fresh, "answered") == 0

    granted = post(
        editor_a, fresh, "answered", {"outcome": "granted", "reply_text": "现提供文件。", "on": "2024-03-25"}
    )
    assert granted.status_code == 302
    fresh.refresh_from_db()
    assert (fresh.status, fresh.outcome, fresh.answered_on) == ("answered", "granted", D("2024-03-25"))
    assert fresh.legal_basis == "《中华人民共和国政府信息公开条例》第三十六条第（二）项"


def test_a_future_date_is_refused(fresh, editor_a):
    response = post(editor_a, fresh, "note", {"note": "电话联系申请人", "on": "2024-04-25"})
    assert 'id="id_on_error">不能登记今天以后才发生的事项' in response.text
    assert events(fresh, "note") == 0


def test_closing_without_a_reply_needs_an_other_outcome(fresh, editor_a):
    form = get(editor_a, fresh, "?step=closed").text
    assert "其他处理：申请人无正当理由逾期不补正" in form and "予以公开</option>" not in form
    refused = post(editor_a, fresh, "closed", {"outcome": "other_overdue_correction", "on": "2024-03-25"})
    assert "补正期限届满后，才能按逾期不补正处理" in refused.text
    assert events(fresh, "closed") == 0


def test_steps_are_recorded_with_the_handler_as_actor_and_audited(fresh, editor_a):
    post(editor_a, fresh, "note", {"note": "电话联系申请人", "on": "2024-03-25"})
    event = Event.objects.get(application=fresh, kind="note")
    assert event.actor == editor_a
    assert AuditEvent.objects.filter(action="foi.application.note", actor=editor_a).exists()


# Notices ----------------------------------------------------------------------------------------------


def test_notices_to_download_are_offered_once_their_step_is_recorded(fresh, editor_a):
    before = get(editor_a, fresh).text
    assert 'id="notices-h"' not in before and "/notices/" not in before  # no notice offered yet
    post(editor_a, fresh, "correction_requested", {"note": "请写明文件年度", "on": "2024-03-25"})
    page = get(editor_a, fresh).text
    assert f"/manage/foi/{fresh.pk}/notices/correction.docx" in page
    with time_machine.travel(TODAY, tick=False):
        docx = logged_in(editor_a).get(url(fresh, "notices/correction.docx"))
        pdf = logged_in(editor_a).get(url(fresh, "notices/correction.pdf"))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert AuditEvent.objects.filter(action="foi.application.identity_viewed", actor=editor_a).count() == 2


def test_a_notice_not_yet_due_says_so_in_chinese(fresh, editor_a):
    with time_machine.travel(TODAY, tick=False):
        response = logged_in(editor_a).get(url(fresh, "notices/reply.docx"), follow=True)
    assert response.redirect_chain[-1][0] == url(fresh)
    assert "本申请尚无“政府信息公开申请答复告知书”对应的办理事项" in response.text


def test_the_admins_case_page_tells_the_timeline_in_words_too_and_links_here(fresh, editor_a):
    with time_machine.travel(TODAY, tick=False):
        services.record_event(
            actor=DESK,
            application=fresh,
            kind="answered",
            on=D("2024-03-25"),
            outcome="granted",
            reply_text="现提供。",
        )
        page = logged_in(editor_a).get(f"/manage/admin/foi/application/{fresh.pk}/change/").text
    assert "申请人当面提交申请" in page and "作出答复：予以公开" in page
    assert "channel=" not in page and "outcome=" not in page
    assert f'href="/manage/foi/{fresh.pk}/"' in page
    assert '<option value="" selected>请选择办理事项</option>' in page
