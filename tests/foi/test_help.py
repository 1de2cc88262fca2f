"""Help for applicants (Art. 43, Art. 29; issue 25 item 3): the form and the API ask whether the applicant
needs help and how to reach them, staff record the help given, an oral application is read back and
confirmed. The help asked for is personal data: the handling unit sees it, nobody else, no public page, feed,
list or export."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.core.models import AuditEvent
from gongkai.foi import services
from gongkai.foi.models import Application, Channel, EventKind
from tests.challenges import proof
from tests.conftest import api_client, logged_in
from tests.demo_db import demo
from tests.foi.conftest import DESK, applicant

__all__ = ["demo"]

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
TODAY = dt.datetime(2024, 3, 20, 2, 0, tzinfo=dt.UTC)
CONTACT = "请打电话给女儿13912345678"
HELP = {"help_needs": ["visual", "reading"], "help_contact": CONTACT}


def tracked(client, application, secret):
    return client.post("/foi/track/", {"tracking_code": application.tracking_code, "secret": secret})


# The public form ---------------------------------------------------------------------------------------


def test_the_public_form_asks_for_help_and_keeps_it(client, tree):
    page = client.get("/foi/apply/").text
    for words in ('name="help_needs"', 'value="visual"', "视力障碍", "阅读困难", "听力障碍", "书写困难",
                  'name="help_contact"', "<legend>需要的帮助（选填）</legend>"):  # fmt: skip
        assert words in page, words
    data = {"unit": tree.dept_a.pk, **applicant(), **proof(client, "foi"), **HELP}
    receipt = client.post("/foi/apply/", data)
    assert receipt.status_code == 200
    application = Application.objects.get()
    assert (application.help_needs, application.help_contact) == (["reading", "visual"], CONTACT)


def test_the_public_form_refuses_an_unknown_need_and_a_contact_without_a_need(client, tree):
    base = {"unit": tree.dept_a.pk, **applicant()}
    unknown = client.post("/foi/apply/", {**base, **proof(client, "foi"), "help_needs": ["flying"]})
    assert "请选择列表中的一项" in unknown.text
    lonely = client.post("/foi/apply/", {**base, **proof(client, "foi"), "help_contact": CONTACT})
    assert "请选择需要的帮助" in lonely.text
    assert not Application.objects.exists()


# The public API ----------------------------------------------------------------------------------------


def test_the_public_api_takes_help_needs_validated(client, tree):
    body = {"unit_id": tree.dept_a.pk, **applicant(), **HELP}
    made = client.post(
        "/api/v1/foi/applications", {**body, **proof(client, "foi")}, content_type="application/json"
    )
    assert made.status_code == 201
    assert Application.objects.get().help_needs == ["reading", "visual"]
    bad = client.post(
        "/api/v1/foi/applications",
        {**body, "help_needs": ["flying"], "submission_key": "other", **proof(client, "foi")},
        content_type="application/json",
    )
    assert bad.status_code == 422 and Application.objects.count() == 1
    long = client.post(
        "/api/v1/foi/applications",
        {**body, "help_contact": "电" * 201, **proof(client, "foi")},
        content_type="application/json",
    )
    assert long.status_code == 422 and Application.objects.count() == 1


def test_the_service_validates_help_needs(tree, office):
    with pytest.raises(ValidationError) as refused:
        services.register_application(
            actor=office, unit=tree.dept_a, data=applicant(help_needs=["flying"]), channel=Channel.IN_PERSON,
            received_on=D("2024-03-01"),
        )  # fmt: skip
    assert "不认识的帮助类型" in str(refused.value.message_dict["help_needs"])
    assert not Application.objects.exists()


# Staff intake and the oral application ------------------------------------------------------------------


def test_the_staff_intake_asks_for_help_and_the_oral_read_back(tree, editor_a):
    staff = logged_in(editor_a)
    page = staff.get("/manage/foi/intake/").text
    assert 'name="help_needs"' in page and 'name="oral_read_back"' in page
    assert "已向申请人宣读记录内容，申请人确认无误" in page
    data = {
        "unit": tree.dept_a.pk, "channel": "oral", "received_on": "2024-03-01", **applicant(),
        "help_needs": ["writing"], "help_contact": "当面领取",
    }  # fmt: skip
    with time_machine.travel(TODAY, tick=False):
        refused = staff.post("/manage/foi/intake/", data)
        assert refused.status_code == 200 and "宣读记录内容并经申请人确认" in refused.text
        assert not Application.objects.exists()
        done = staff.post("/manage/foi/intake/", {**data, "oral_read_back": "on"})
        assert done.status_code == 302
        detail = staff.get(done["Location"]).text
        shown = staff.post(done["Location"] + "applicant/").text
    application = Application.objects.get()
    assert application.oral_read_back and application.help_needs == ["writing"]
    assert "口头申请，已宣读并经申请人确认" in detail
    # the help asked for: only that it was on the case page, the needs and contact behind 查看申请人信息
    assert "申请人需要帮助" in detail and "书写困难" not in detail and "当面领取" not in detail
    assert "书写困难" in shown and "当面领取" in shown


def test_an_oral_application_needs_the_read_back_in_the_service_and_the_record_says_so(tree, office):
    data = applicant()
    with pytest.raises(ValidationError) as refused:
        services.register_application(
            actor=office, unit=tree.dept_a, data=data, channel=Channel.ORAL, received_on=D("2024-03-01")
        )
    assert "宣读" in str(refused.value.message_dict["oral_read_back"])
    assert not Application.objects.exists()
    application, _secret, _created = services.register_application(
        actor=office, unit=tree.dept_a, data=data, channel=Channel.ORAL, received_on=D("2024-03-01"),
        oral_read_back=True,
    )  # fmt: skip
    received = application.events.get(kind=EventKind.RECEIVED)
    assert received.data == {"channel": "oral", "oral_read_back": True}
    record = AuditEvent.objects.get(action="foi.application.received", object_id=str(application.pk))
    assert record.changes["oral_read_back"] == [None, True]
    # other channels ignore it
    letter, _secret, _created = services.register_application(
        actor=office, unit=tree.dept_a, data=applicant(), channel=Channel.MAIL_SIGNED,
        received_on=D("2024-03-01"), oral_read_back=True,
    )  # fmt: skip
    assert not letter.oral_read_back and "oral_read_back" not in letter.events.get().data


def test_the_staff_api_intake_refuses_an_oral_application_without_the_read_back(tree, editor_a):
    staff = api_client(editor_a)
    body = {"unit_id": tree.dept_a.pk, "channel": "oral", "received_on": "2024-03-01", **applicant(), **HELP}
    with time_machine.travel(TODAY, tick=False):
        refused = staff.post("/api/v1/staff/foi/applications", body, content_type="application/json")
        assert refused.status_code == 422
        assert "宣读" in refused.json()["error"]["fields"]["oral_read_back"]
        made = staff.post(
            "/api/v1/staff/foi/applications",
            {**body, "oral_read_back": True},
            content_type="application/json",
        )
    assert made.status_code == 201
    application = Application.objects.get()
    assert application.oral_read_back and application.help_needs == ["reading", "visual"]


# Help given -------------------------------------------------------------------------------------------


@pytest.fixture
def helped(tree, office):
    with time_machine.travel(TODAY, tick=False):
        application, secret, _created = services.register_application(
            actor=office, unit=tree.dept_a, data=applicant(**HELP), channel=Channel.IN_PERSON,
            received_on=D("2024-03-01"),
        )  # fmt: skip
    return application, secret


def test_help_given_needs_a_note_changes_no_status_and_is_shown_without_details(client, helped, editor_a):
    application, secret = helped
    with time_machine.travel(TODAY, tick=False):
        with pytest.raises(ValidationError, match="提供了什么帮助"):
            services.record_event(actor=DESK, application=application, kind="help_given", on=D("2024-03-04"))
        staff = logged_in(editor_a)
        url = f"/manage/foi/{application.pk}/"
        form = staff.get(url, {"step": "help_given"}).text
        assert "提供了什么帮助" in form
        refused = staff.post(f"{url}steps/help_given/", {"on": "2024-03-04", "note": ""})
        assert "请写明为申请人提供了什么帮助" in refused.text
        done = staff.post(f"{url}steps/help_given/", {"on": "2024-03-04", "note": "电话读给申请人听"})
        assert done.status_code == 302
        application.refresh_from_db()
        assert application.status == "in_progress"
        assert application.events.filter(kind="help_given", note="电话读给申请人听").exists()
        page = tracked(client, application, secret).text
    assert "为申请人提供帮助" in page
    for private in ("电话读给申请人听", CONTACT, "视力障碍", "阅读困难"):
        assert private not in page, private


def test_help_given_through_the_staff_events_api(helped, editor_a):
    application, _secret = helped
    url = f"/api/v1/staff/foi/applications/{application.pk}/events"
    with time_machine.travel(TODAY, tick=False):
        refused = api_client(editor_a).post(
            url, {"kind": "help_given", "on": "2024-03-04"}, content_type="application/json"
        )
        assert refused.status_code == 422 and "帮助" in refused.content.decode()
        done = api_client(editor_a).post(
            url, {"kind": "help_given", "on": "2024-03-04", "note": "提供大字版告知书"},
            content_type="application/json",
        )  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == "in_progress"
    assert done.json()["events"][-1]["kind"] == "help_given"


# Privacy ------------------------------------------------------------------------------------------------


def test_help_needs_reach_the_handling_unit_only(client, helped, editor_a, office):
    application, secret = helped
    with time_machine.travel(TODAY, tick=False):
        services.record_event(
            actor=DESK,
            application=application,
            kind="help_given",
            on=D("2024-03-04"),
            note="电话读给申请人听",
        )
        # the public tracking page and the public tracking API
        page = tracked(client, application, secret).text
        api = client.post(
            "/api/v1/foi/track", {"tracking_code": application.tracking_code, "secret": secret},
            content_type="application/json",
        ).content.decode()  # fmt: skip
        # the staff queue: a marker, never which help
        queue = api_client(editor_a).get("/api/v1/staff/foi/applications")
        listing = logged_in(editor_a).get("/manage/foi/").text
        # the handling unit's detail has it; the office supervising the unit sees only that help was asked
        mine = api_client(editor_a).get(f"/api/v1/staff/foi/applications/{application.pk}").json()
        theirs = api_client(office).get(f"/api/v1/staff/foi/applications/{application.pk}").json()
        mine_page = logged_in(editor_a).get(f"/manage/foi/{application.pk}/").text
        their_page = logged_in(office).get(f"/manage/foi/{application.pk}/").text
        # the needs and the contact: behind the audited 查看申请人信息, for the handling unit only
        viewed = AuditEvent.objects.filter(action="foi.application.identity_viewed").count()
        mine_shown = logged_in(editor_a).post(f"/manage/foi/{application.pk}/applicant/").text
        their_shown = logged_in(office).post(f"/manage/foi/{application.pk}/applicant/").text
        # the ledger and its export
        ledger = logged_in(editor_a).get("/manage/foi/ledger/", {"year": 2024}).text
        export = logged_in(editor_a).get("/manage/foi/ledger.xlsx", {"year": 2024}).content
        ledger_api = api_client(editor_a).get("/api/v1/staff/foi/ledger", {"year": 2024}).content.decode()
    from openpyxl import load_workbook

    sheet = str([[c.value for c in row] for row in load_workbook(io.BytesIO(export)).active.iter_rows()])
    for text in (
        page,
        api,
        queue.content.decode(),
        listing,
        ledger,
        sheet,
        ledger_api,
        their_page,
        their_shown,
    ):
        for private in (CONTACT, "视力障碍", "阅读困难", '"visual"', '"reading"', "电话读给申请人听"):
            assert private not in text, private
    [row] = queue.json()["items"]
    assert row["needs_help"] is True and "help_needs" not in row and "help_contact" not in row
    assert "需要帮助" in listing
    assert (mine["help_needs"], mine["help_contact"]) == (["reading", "visual"], CONTACT)
    assert (theirs["help_needs"], theirs["help_contact"]) == ([], "")
    # on load the case page says only that help was asked, to everyone in reach; the handling unit's staff
    # see the help given in the timeline, and the needs and contact once the look is recorded
    for shown in (mine_page, their_page):
        assert "申请人需要帮助" in shown and CONTACT not in shown and "视力障碍" not in shown
    assert "电话读给申请人听" in mine_page
    assert "阅读困难、视力障碍" in mine_shown and CONTACT in mine_shown
    assert "申请人需要帮助" in their_shown
    assert AuditEvent.objects.filter(action="foi.application.identity_viewed").count() == viewed + 2
    assert "为申请人提供帮助" in page


def test_the_consultation_step_asks_whom_and_records_it(helped, editor_a):
    application, _secret = helped
    staff = logged_in(editor_a)
    url = f"/manage/foi/{application.pk}/"
    with time_machine.travel(TODAY, tick=False):
        form = staff.get(url, {"step": "consultation_started"}).text
        assert 'name="party_kind"' in form and "其他机关（条例第三十四条）" in form
        done = staff.post(
            f"{url}steps/consultation_started/",
            {"on": "2024-03-05", "party": "市财政局", "party_kind": "organ"},
        )
        assert done.status_code == 302
        started = application.events.get(kind="consultation_started")
    assert started.data["party_kind"] == "organ" and started.data["answer_days"] == 15


# Last in the module: the demo fixture keeps its data for the rest of the module's tests.
def test_the_demo_has_help_given_and_an_oral_application_read_back(demo):
    with_help = [a for a in Application.objects.exclude(help_needs=[]) if "visual" in a.help_needs]
    assert with_help and with_help[0].events.filter(kind=EventKind.HELP_GIVEN).exists()
    oral = Application.objects.filter(channel=Channel.ORAL, oral_read_back=True)
    assert oral.exists()
    assert oral.first().events.get(kind=EventKind.RECEIVED).data.get("oral_read_back") is True
