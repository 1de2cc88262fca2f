"""Spec §1.9: the reconsideration organ of each kind of unit, worked out from the demo's tree, and the two
wordings of the remedies (reconsideration first, or either)."""

import datetime as dt
import io
import re

import fitz
import pytest
import time_machine
from docx import Document

from gongkai.core import reconsideration
from gongkai.core.actors import system
from gongkai.core.models import Organization
from gongkai.foi import notices, remedies, services, transitions
from gongkai.foi.models import Channel, EventKind, Outcome, ProcedureSettings
from tests.demo_db import demo
from tests.foi.conftest import applicant

__all__ = ["demo"]

pytestmark = pytest.mark.django_db

ORGANS = [
    ("临沂市发展和改革委员会", "临沂市人民政府"),  # a department → its government
    ("临沂市人民政府", "山东省人民政府"),  # a government → the next level up (set on the top of the tree)
    ("临沂市兰山区人民政府", "临沂市人民政府"),  # a county → the city
    ("兰山街道办事处", "临沂市兰山区人民政府"),  # a street office → the government that set it up
    ("临沂高新技术产业开发区管理委员会", "临沂市人民政府"),  # a development zone → likewise
    ("临沂市人民政府办公室", "临沂市人民政府"),
    ("临沂市政务公开办公室", "临沂市人民政府"),
    ("中国人民银行临沂市中心支行", "中国人民银行山东省分行"),  # vertically managed: configured
]


@pytest.mark.parametrize(("unit", "organ"), ORGANS)
def test_the_reconsideration_organ_follows_the_tree(demo, unit, organ):
    assert remedies.organ_for(Organization.objects.get(name=unit)) == organ


def test_a_top_government_without_a_setting_names_the_next_level_generically(demo):
    city = Organization.objects.get(name="临沂市人民政府")
    city.reconsideration_organ = ""
    assert remedies.organ_for(city) == "上一级人民政府"


def test_a_refusal_says_reconsideration_comes_first(demo):
    unit = Organization.objects.get(name="临沂市发展和改革委员会")
    found = remedies.for_decision(unit, Outcome.DENIED_PROCESS_INFO)
    assert found.prior_review
    assert found.sentence == (
        "可自收到本告知书之日起六十日内向临沂市人民政府申请行政复议；对行政复议决定不服的，"
        "可以依法向人民法院提起行政诉讼。"
    )


@pytest.mark.parametrize("outcome", [Outcome.GRANTED, Outcome.UNABLE_NOT_HELD, Outcome.NP_DUPLICATE, None])
def test_other_decisions_leave_the_choice(demo, outcome):
    unit = Organization.objects.get(name="临沂市发展和改革委员会")
    found = remedies.for_decision(unit, outcome)
    assert not found.prior_review
    assert found.sentence == (
        "可自收到本告知书之日起六十日内向临沂市人民政府申请行政复议，"
        "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
    )


def test_the_office_decides_which_outcomes_carry_reconsideration_first(demo):
    settings = ProcedureSettings.current()
    assert Outcome.PARTIAL in settings.prior_review_outcomes
    assert Outcome.UNABLE_NOT_HELD not in settings.prior_review_outcomes
    settings.prior_review_outcomes = [*settings.prior_review_outcomes, Outcome.UNABLE_NOT_HELD]
    settings.save()
    unit = Organization.objects.get(name="临沂高新技术产业开发区管理委员会")
    assert remedies.for_decision(unit, Outcome.UNABLE_NOT_HELD).prior_review
    assert not remedies.for_decision(unit, Outcome.GRANTED).prior_review


# The remedies in the notice text (DOCX and PDF), one test per worked example of spec §1.9 ----------------

DESK = system("remedies_tests")
EITHER = (
    "如对本告知书不服，可自收到本告知书之日起六十日内向{organ}申请行政复议，"
    "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
)
FIRST = (
    "如对本告知书不服，可自收到本告知书之日起六十日内向{organ}申请行政复议；"
    "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
)


def _decided(unit_name: str, outcome: str, **extra):
    unit = Organization.objects.get(name=unit_name)
    with time_machine.travel(dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        application, _secret, _created = services.register_application(
            actor=DESK,
            unit=unit,
            data=applicant(),
            channel=Channel.IN_PERSON,
            received_on=dt.date(2024, 3, 1),
        )
        transitions.apply(
            actor=DESK,
            application=application,
            kind=EventKind.ANSWERED,
            on=dt.date(2024, 3, 20),
            data={"outcome": outcome, "reply_text": "答复内容。", **extra},
        )
    application.refresh_from_db()
    return application


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def notice_texts(application, kind="reply") -> tuple[str, str]:
    """The notice's text as the DOCX and the PDF carry it, without whitespace (the PDF wraps lines)."""
    notice = notices.build(application, kind)
    docx = Document(io.BytesIO(notices.to_docx(notice)))
    pdf = fitz.open(stream=notices.to_pdf(notice), filetype="pdf")
    return _flat("".join(p.text for p in docx.paragraphs)), _flat("".join(page.get_text() for page in pdf))


REPLIES = [
    ("临沂市发展和改革委员会", "临沂市人民政府"),
    ("临沂市人民政府", "山东省人民政府"),
    ("临沂市兰山区人民政府", "临沂市人民政府"),
    ("兰山街道办事处", "临沂市兰山区人民政府"),
    ("临沂高新技术产业开发区管理委员会", "临沂市人民政府"),
]


@pytest.mark.parametrize(("unit", "organ"), REPLIES)
def test_a_reply_states_the_organ_60_days_and_6_months(demo, unit, organ):
    docx, pdf = notice_texts(_decided(unit, Outcome.GRANTED))
    expected = EITHER.format(organ=organ)
    for text in (docx, pdf):
        assert expected in text
        assert "六十日" in text and "六个月" in text
        # the remedies come last in the body, before the issuer and the seal
        assert text.index(expected) < text.rindex("（印章）")


def test_a_refusal_of_the_development_commission_says_reconsideration_first(demo):
    docx, pdf = notice_texts(_decided("临沂市发展和改革委员会", Outcome.DENIED_PROCESS_INFO))
    # spec §1.9's sentence, word for word
    expected = (
        "可自收到本告知书之日起六十日内向临沂市人民政府申请行政复议；对行政复议决定不服的，"
        "可以依法向人民法院提起行政诉讼。"
    )
    for text in (docx, pdf):
        assert expected in text and "六个月" not in text


def test_a_partial_disclosure_says_reconsideration_first_by_default(demo):
    application = _decided("临沂市发展和改革委员会", Outcome.PARTIAL, withheld_note="附件涉及商业秘密。")
    docx, pdf = notice_texts(application)
    assert FIRST.format(organ="临沂市人民政府") in docx and FIRST.format(organ="临沂市人民政府") in pdf


def test_a_disclosure_leaves_the_choice(demo):
    docx, pdf = notice_texts(_decided("临沂市发展和改革委员会", Outcome.GRANTED))
    expected = EITHER.format(organ="临沂市人民政府")
    assert expected in docx and expected in pdf
    assert "对行政复议决定不服的" not in docx


def test_the_large_print_pdf_carries_the_same_remedies(demo):
    application = _decided("兰山街道办事处", Outcome.NP_DUPLICATE)
    notice = notices.build(application, "reply")
    large = fitz.open(stream=notices.to_pdf(notice, large=True), filetype="pdf")
    normal = fitz.open(stream=notices.to_pdf(notice), filetype="pdf")
    assert EITHER.format(organ="临沂市兰山区人民政府") in _flat("".join(p.get_text() for p in large))
    assert large.page_count > normal.page_count  # much larger print: the same text takes more pages
    sizes = {round(span["size"]) for page in large for block in page.get_text("dict")["blocks"]
             for line in block.get("lines", []) for span in line["spans"]}  # fmt: skip
    assert 22 in sizes


def test_the_organizations_api_gives_each_units_reconsideration_organ(
    demo, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/api/v1/organizations?page_size=1")  # the site directory is read once, first
    with CaptureQueriesContext(connection) as few:
        small = client.get("/api/v1/organizations?page_size=3")
    with CaptureQueriesContext(connection) as many:
        large = client.get("/api/v1/organizations?page_size=40")
    assert small.status_code == large.status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)  # no query per row
    organs = {row["name"]: row["reconsideration_organ"] for row in large.json()["items"]}
    checked = [unit for unit, _organ in ORGANS if unit in organs]
    assert len(checked) >= 3  # the first page holds the city, its office and departments at least
    for unit, organ in ORGANS:
        if unit in organs:
            assert organs[unit] == organ
    pbc = Organization.objects.get(name="中国人民银行临沂市中心支行")
    detail = client.get(f"/api/v1/organizations/{pbc.pk}").json()
    assert detail["reconsideration_organ"] == "中国人民银行山东省分行"
    assert reconsideration.organs_by_id() == {
        o.pk: remedies.organ_for(o) for o in Organization.objects.all()
    }  # the list's answer is the tree's


def test_the_demo_case_closed_without_a_reply_has_a_closure_notice_with_remedies(demo, client):
    from types import SimpleNamespace

    from gongkai.foi import remedies_demo
    from gongkai.foi.models import Application

    remedies_demo.load(SimpleNamespace())
    code, secret = remedies_demo.DEMO_CLOSED
    application = Application.objects.get(tracking_code=code)
    assert application.outcome == Outcome.OTHER_OVERDUE_CORRECTION
    docx, pdf = notice_texts(application, "closure")
    assert EITHER.format(organ="临沂市兰山区人民政府") in docx and "逾期未补正" in pdf
    page = client.post("/foi/track/", {"tracking_code": code, "secret": secret}).content.decode()
    assert "救济途径" in page and 'name="notice" value="closure"' in page
