"""The openness office's procedure settings (复议前置 outcomes, two limits): the workspace page and the staff
API; only a holder of SUPERVISE over the root edits, every change audited, bad values refused in Chinese."""

import pytest

from gongkai.core.models import AuditEvent
from gongkai.foi import procedure_settings, remedies
from gongkai.foi.models import Outcome, ProcedureSettings
from tests.conftest import api_client, logged_in

pytestmark = pytest.mark.django_db

URL = "/manage/foi/settings/"
API = "/api/v1/staff/foi/settings"


def _form(outcomes, correction="20", consultation="15") -> dict:
    return {
        "prior_review_outcomes": list(outcomes),
        "record_correction_days": correction,
        "organ_consultation_days": consultation,
    }


def test_the_office_at_the_root_edits_and_the_change_is_audited(office, tree):
    client = logged_in(office)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "复议前置的办理结果" in html and "（默认）" in html and 'type="submit"' in html
    chosen = [*ProcedureSettings.current().prior_review_outcomes, Outcome.UNABLE_NOT_HELD]
    response = client.post(URL, _form(chosen, correction="25"))
    assert response.status_code == 302
    settings = ProcedureSettings.current()
    assert Outcome.UNABLE_NOT_HELD in settings.prior_review_outcomes and settings.record_correction_days == 25
    event = AuditEvent.objects.get(action="foi.procedure_settings.updated")
    assert event.changes["record_correction_days"] == [20, 25]
    # the notices follow: 无法提供 now says reconsideration first
    assert remedies.for_decision(tree.dept_a, Outcome.UNABLE_NOT_HELD).prior_review
    # the list shows the link to those who may edit
    assert URL in client.get("/manage/foi/").content.decode()


@pytest.mark.parametrize("days", ["0", "61", "abc", ""])
def test_limits_outside_1_to_60_working_days_are_refused(office, days):
    response = logged_in(office).post(URL, _form(ProcedureSettings.current().prior_review_outcomes, days))
    assert response.status_code == 200
    assert "个工作日之间" in response.content.decode() or "请填写" in response.content.decode()
    assert not ProcedureSettings.objects.exists()
    assert not AuditEvent.objects.filter(action="foi.procedure_settings.updated").exists()


def test_others_read_only_and_may_not_post(county_office, editor_a):
    for user in (county_office, editor_a):
        client = logged_in(user)
        page = client.get(URL)
        assert page.status_code == 200 and "您可以查看" in page.content.decode()
        assert 'type="submit" class="button">保存' not in page.content.decode()
        assert client.post(URL, _form([Outcome.GRANTED])).status_code == 403
        assert URL not in client.get("/manage/foi/").content.decode()
    assert not ProcedureSettings.objects.exists()


def test_the_api_reads_and_writes(office, editor_a):
    read = api_client(editor_a).get(API)
    assert read.status_code == 200
    body = read.json()
    assert body["may_edit"] is False and body["record_correction_days"] == 20
    assert (
        Outcome.PARTIAL in body["prior_review_outcomes"] and body["defaults"]["organ_consultation_days"] == 15
    )
    payload = {
        "prior_review_outcomes": [Outcome.NP_DUPLICATE, Outcome.DENIED_STATE_SECRET],
        "record_correction_days": 30,
        "organ_consultation_days": 10,
    }
    assert api_client(editor_a).put(API, payload, content_type="application/json").status_code == 403
    written = api_client(office).put(API, payload, content_type="application/json")
    assert written.status_code == 200, written.content
    # kept in the order of table 3
    assert written.json()["prior_review_outcomes"] == [Outcome.DENIED_STATE_SECRET, Outcome.NP_DUPLICATE]
    assert ProcedureSettings.current().organ_consultation_days == 10


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"record_correction_days": 0}, "record_correction_days", "1至60个工作日之间"),
        ({"organ_consultation_days": 99}, "organ_consultation_days", "1至60个工作日之间"),
        ({"prior_review_outcomes": ["nonsense"]}, "prior_review_outcomes", "不认识的办理结果"),
    ],
)
def test_the_api_refuses_bad_values_with_422(office, change, field, words):
    payload = {
        "prior_review_outcomes": [Outcome.PARTIAL],
        "record_correction_days": 20,
        "organ_consultation_days": 15,
    } | change
    response = api_client(office).put(API, payload, content_type="application/json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert words in error["fields"].get(field, "") + error["message"]
    assert not ProcedureSettings.objects.exists()


def test_the_service_refuses_anyone_but_the_root_office(county_office):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        procedure_settings.update(actor=county_office, record_correction_days=10)


def test_the_settings_are_one_row_however_they_are_saved(office, tree):
    ProcedureSettings(record_correction_days=10).save()
    ProcedureSettings(record_correction_days=12).save()  # a second "first" save: the same row
    procedure_settings.update(actor=office, organ_consultation_days=9)
    assert ProcedureSettings.objects.count() == 1
    current = ProcedureSettings.current()
    assert (current.record_correction_days, current.organ_consultation_days) == (12, 9)
