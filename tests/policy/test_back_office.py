"""The policy back office saves through services, and every save leaves its audit record: interpretations,
exemptions given and cleared (no raw update), issuing bodies, the register, clean-ups with their decisions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.actors import system
from gongkai.policy import services
from gongkai.policy.models import (
    Cleanup,
    CleanupDecision,
    Form,
    Interpretation,
    IssuingBody,
    PolicyProfile,
    RegisterEntry,
)
from tests.audits import actions_about, record_of
from tests.conftest import logged_in
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db
NO_INLINES = {"history-TOTAL_FORMS": 0, "history-INITIAL_FORMS": 0, "versions-TOTAL_FORMS": 0,
              "versions-INITIAL_FORMS": 0}  # fmt: skip


@pytest.fixture
def policy(catalogs, editor_a):
    return make_item(
        catalogs.dept_a, actor=editor_a, title="临沂市发展和改革委员会关于促进民营经济发展的若干措施"
    )


@pytest.fixture
def explainer(catalogs, editor_a):
    return make_item(catalogs.dept_a, actor=editor_a, title="政策解读", doc_number="",
                     columns=[column(catalogs.dept_a, "interpretation")])  # fmt: skip


@pytest.fixture
def body(catalogs):
    return IssuingBody.objects.create(organization=catalogs.dept_a, basis="制发主体清单")


def normative(catalogs, editor_a, reviewer_a, title="临沂市价格监督检查办法"):
    return publish(
        make_item(catalogs.dept_a, actor=editor_a, title=title, genre="办法"), editor_a, reviewer_a
    )


def register(item, reviewer, body):
    return services.register(actor=reviewer, item=item, issuing_body=body, review_unit="临沂市司法局",
                             reviewed_on=dt.date(2024, 2, 20))  # fmt: skip


# Interpretations -------------------------------------------------------------------------------------------


def test_linking_changing_and_unlinking_an_interpretation_in_the_back_office_are_recorded(
    policy, explainer, editor_a
):
    client = logged_in(editor_a)
    form = {"policy": policy.pk, "item": explainer.pk, "form": "qa", "interpreter": "", "is_leader": ""}
    assert client.post("/manage/admin/policy/interpretation/add/", form).status_code == 302
    link = Interpretation.objects.get()
    assert record_of("policy.interpretation_linked", explainer).changes == {
        "policy": [None, policy.pk],
        "form": [None, "qa"],
    }
    change = {"form": "graphic", "interpreter": "市发展改革委主任", "is_leader": "on"}
    assert client.post(f"/manage/admin/policy/interpretation/{link.pk}/change/", change).status_code == 302
    link.refresh_from_db()
    assert (link.form, link.interpreter, link.is_leader) == ("graphic", "市发展改革委主任", True)
    assert record_of("policy.interpretation_changed", explainer).changes["form"] == ["qa", "graphic"]
    assert (
        client.post(f"/manage/admin/policy/interpretation/{link.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert not Interpretation.objects.exists()
    assert record_of("policy.interpretation_unlinked", explainer).changes == {"policy": [policy.pk, None]}


def test_update_interpretation_checks_the_actor_and_the_form(policy, explainer, editor_a, editor_b):
    link = services.link_interpretation(actor=editor_a, policy=policy, item=explainer, form=Form.TEXT)
    with pytest.raises(PermissionDenied):
        services.update_interpretation(actor=None, link=link, form=Form.QA)
    with pytest.raises(PermissionDenied):
        services.update_interpretation(actor=editor_b, link=link, form=Form.QA)
    with pytest.raises(ValidationError, match="解读形式"):
        services.update_interpretation(actor=editor_a, link=link, form="poem")
    assert Interpretation.objects.get().form == Form.TEXT
    services.update_interpretation(
        actor=editor_a, link=link, form=Form.TEXT
    )  # nothing changed, nothing recorded
    assert "policy.interpretation_changed" not in actions_about(explainer)


def test_link_and_unlink_refuse_no_actor(policy, explainer, editor_a):
    with pytest.raises(PermissionDenied):
        services.link_interpretation(actor=None, policy=policy, item=explainer)
    link = services.link_interpretation(actor=editor_a, policy=policy, item=explainer)
    with pytest.raises(PermissionDenied):
        services.unlink_interpretation(actor=None, link=link)
    assert Interpretation.objects.filter(pk=link.pk).exists()


# Profiles and exemptions -----------------------------------------------------------------------------------


def test_an_exemption_given_and_cleared_in_the_back_office_is_recorded_both_times(
    policy, editor_a, reviewer_a
):
    profile = services.set_needs_interpretation(actor=editor_a, item=policy, needed=False)
    assert record_of("policy.needs_interpretation", policy).changes == {"needs_interpretation": [True, False]}
    client = logged_in(reviewer_a)
    url = f"/manage/admin/policy/policyprofile/{profile.pk}/change/"
    assert (
        client.post(url, {"needs_interpretation": "on", "exemption_reason": "仅调整有效期。"}).status_code
        == 302
    )
    profile.refresh_from_db()
    assert (profile.exemption_reason, profile.exempted_by) == ("仅调整有效期。", reviewer_a)
    assert record_of("policy.exempted", policy).actor == reviewer_a
    assert client.post(url, {"needs_interpretation": "on", "exemption_reason": ""}).status_code == 302
    profile.refresh_from_db()
    assert (profile.exemption_reason, profile.exempted_by, profile.exempted_at) == ("", None, None)
    assert record_of("policy.exemption_cleared", policy).changes == {
        "exemption_reason": ["仅调整有效期。", ""]
    }


def test_clearing_an_exemption_takes_a_reviewer(policy, editor_a, reviewer_a):
    services.exempt(actor=reviewer_a, item=policy, reason="内部事项。")
    with pytest.raises(PermissionDenied):
        services.clear_exemption(actor=editor_a, item=policy)
    with pytest.raises(PermissionDenied):
        services.clear_exemption(actor=None, item=policy)
    assert PolicyProfile.objects.get(item=policy).exemption_reason == "内部事项。"
    services.clear_exemption(actor=system("cleanup_job"), item=policy)
    assert record_of("policy.exemption_cleared", policy).actor_name == "系统（cleanup_job）"


def test_a_system_exemption_records_no_user_as_exempting(policy):
    profile = services.exempt(actor=system("load_demo"), item=policy, reason="演示数据。")
    assert (
        profile.exempted_by is None and record_of("policy.exempted", policy).actor_name == "系统（load_demo）"
    )


def test_needs_interpretation_refuses_no_actor(policy):
    with pytest.raises(PermissionDenied):
        services.set_needs_interpretation(actor=None, item=policy, needed=True)


# Issuing bodies --------------------------------------------------------------------------------------------


def test_the_office_lists_an_issuing_body_in_the_back_office_and_it_is_recorded(catalogs, office, admin_a):
    form = {"organization": catalogs.dept_b.pk, "basis": "市政府办公室公布的制发主体清单", "listed_on": "2026-01-05",
            "is_active": "on"}  # fmt: skip
    assert logged_in(admin_a).post("/manage/admin/policy/issuingbody/add/", form).status_code == 403
    assert logged_in(office).post("/manage/admin/policy/issuingbody/add/", form).status_code == 302
    body = IssuingBody.objects.get()
    event = record_of("policy.issuingbody.created", body)
    assert event.actor == office and event.unit == catalogs.dept_b


# The register ----------------------------------------------------------------------------------------------


def test_registering_and_correcting_the_review_in_the_back_office_are_recorded(
    catalogs, editor_a, reviewer_a, body
):
    item = normative(catalogs, editor_a, reviewer_a)
    form = {"kind": "normative", "item": item.pk, "issuing_body": body.pk, "registration_number": "",
            "review_unit": "临沂市司法局", "reviewed_on": "2024-02-20", "review_opinion": "合法", "valid_until": "",
            **NO_INLINES}  # fmt: skip
    assert logged_in(reviewer_a).post("/manage/admin/policy/registerentry/add/", form).status_code == 302
    entry = RegisterEntry.objects.get()
    assert record_of("policy.registered", item).changes == {
        "registration_number": [None, entry.registration_number]
    }
    change = {"review_unit": "临沂市司法局", "reviewed_on": "2024-02-21", "review_opinion": "合法，建议明确有效期",
              "new_validity": "", "change_on": "", "reason": "", "by_item": "", **NO_INLINES}  # fmt: skip
    assert (
        logged_in(reviewer_a)
        .post(f"/manage/admin/policy/registerentry/{entry.pk}/change/", change)
        .status_code
        == 302
    )
    entry.refresh_from_db()
    assert entry.reviewed_on == dt.date(2024, 2, 21)
    event = record_of("policy.review_changed", entry)
    assert event.changes["reviewed_on"] == ["2024-02-20", "2024-02-21"]


def test_update_review_refuses_an_editor_and_no_actor(catalogs, editor_a, reviewer_a, body):
    entry = register(normative(catalogs, editor_a, reviewer_a), reviewer_a, body)
    for actor in (editor_a, None):
        with pytest.raises(PermissionDenied):
            services.update_review(actor=actor, entry=entry, review_unit="别的机构", reviewed_on=None)
    assert RegisterEntry.objects.get().review_unit == "临沂市司法局"


def test_register_change_state_and_amend_check_the_actor_and_record(catalogs, editor_a, reviewer_a, body):
    item = normative(catalogs, editor_a, reviewer_a)
    with pytest.raises(PermissionDenied):
        register(item, None, body)
    entry = register(item, reviewer_a, body)
    with pytest.raises(PermissionDenied):
        services.change_state(
            actor=editor_a, entry=entry, validity="repealed", on=dt.date(2026, 5, 1), reason="废止"
        )
    with pytest.raises(PermissionDenied):
        services.amend(
            actor=None, entry=entry, body="<p>新文本。</p>", effective_on=dt.date(2026, 6, 1), note="修订"
        )
    version = services.amend(actor=reviewer_a, entry=entry, body="<p>新文本。</p>", effective_on=dt.date(2026, 6, 1),
                             note="修订")  # fmt: skip
    assert version.number == 2 and record_of("policy.amended", item).changes == {"version": [1, 2]}
    change = services.change_state(actor=reviewer_a, entry=entry, validity="repealed", on=dt.date(2026, 7, 1),
                                   reason="上位法废止")  # fmt: skip
    assert change.validity == "repealed"
    assert record_of("publishing.item.validity_changed", item).actor == reviewer_a


# Clean-ups -------------------------------------------------------------------------------------------------


def test_a_cleanup_with_its_decisions_saved_in_the_back_office_is_recorded(
    catalogs, editor_a, reviewer_a, body
):
    entry = register(normative(catalogs, editor_a, reviewer_a), reviewer_a, body)
    form = {"title": "2026年清理", "unit": catalogs.dept_a.pk, "year": 2026, "summary": "",
            "decisions-TOTAL_FORMS": 1, "decisions-INITIAL_FORMS": 0, "decisions-0-entry": entry.pk,
            "decisions-0-decision": "repeal", "decisions-0-reason": "已不适用", "decisions-0-replacement": ""}  # fmt: skip
    client = logged_in(reviewer_a)
    assert client.post("/manage/admin/policy/cleanup/add/", form).status_code == 302
    cleanup = Cleanup.objects.get()
    decision = cleanup.decisions.get()
    assert record_of("policy.cleanup.created", cleanup).actor == reviewer_a
    assert record_of("policy.cleanupdecision.created", decision).unit == catalogs.dept_a
    form.update({"decisions-INITIAL_FORMS": 1, "decisions-0-id": decision.pk, "decisions-0-cleanup": cleanup.pk,
                 "decisions-0-DELETE": "on"})  # fmt: skip
    assert client.post(f"/manage/admin/policy/cleanup/{cleanup.pk}/change/", form).status_code == 302
    assert not CleanupDecision.objects.exists()
    assert record_of("policy.cleanupdecision.deleted", decision).changes["decision"] == ["repeal", None]


def test_a_published_cleanup_and_its_decisions_cannot_be_changed(catalogs, editor_a, reviewer_a, body):
    entry = register(normative(catalogs, editor_a, reviewer_a), reviewer_a, body)
    cleanup = Cleanup.objects.create(title="2026年清理", unit=catalogs.dept_a, year=2026)
    decision = services.save_cleanup_decision(
        actor=reviewer_a, decision=CleanupDecision(cleanup=cleanup, entry=entry, decision="keep")
    )
    assert record_of("policy.cleanupdecision.created", decision).actor == reviewer_a
    with pytest.raises(PermissionDenied):
        services.publish_cleanup(actor=None, cleanup=cleanup)
    services.publish_cleanup(actor=reviewer_a, cleanup=cleanup, on=dt.date(2026, 12, 20))
    assert record_of("policy.cleanup_published", cleanup).changes == {"decisions": [None, 1]}
    cleanup.summary = "改动"
    with pytest.raises(ValidationError, match="已经发布"):
        services.save_cleanup(actor=reviewer_a, cleanup=cleanup)
    with pytest.raises(ValidationError, match="已经发布"):
        services.remove_cleanup_decision(actor=reviewer_a, decision=decision)
    with pytest.raises(ValidationError, match="已经发布"):
        services.save_cleanup_decision(actor=reviewer_a, decision=decision)


def test_save_cleanup_checks_the_unit_it_leaves_and_no_actor(catalogs, reviewer_a, admin_b):
    cleanup = services.save_cleanup(
        actor=reviewer_a, cleanup=Cleanup(title="清理", unit=catalogs.dept_a, year=2026)
    )
    assert record_of("policy.cleanup.created", cleanup).actor == reviewer_a
    cleanup.unit = catalogs.dept_b
    with pytest.raises(PermissionDenied):
        services.save_cleanup(actor=admin_b, cleanup=cleanup)
    with pytest.raises(PermissionDenied):
        services.save_cleanup(actor=None, cleanup=Cleanup(title="另一次", unit=catalogs.dept_a, year=2026))
    assert Cleanup.objects.get().unit == catalogs.dept_a
