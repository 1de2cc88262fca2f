"""Each access helper, branch by branch: own unit, another unit (404), a role without the right (403), the
openness office above (allowed), a named system job (allowed), no actor (nothing reached)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.core.actors import system
from gongkai.interaction import access
from gongkai.interaction.models import FaqEntry, Message, Status
from tests.interaction.test_interaction import submit
from tests.publishing import samples

pytestmark = pytest.mark.django_db
JOB = system("test_job")


@pytest.fixture
def message(channels):
    return submit(channels["consult"], dt.date(2024, 3, 4), attachments=[("照片.png", samples.png_bytes())])


@pytest.fixture
def faq(tree):
    return FaqEntry.objects.create(question="如何参保？", answer="到社保经办机构办理。", unit=tree.dept_a)


# Messages -------------------------------------------------------------------------------------------------


def test_the_handling_units_staff_get_the_message_to_read_and_to_handle(message, editor_a):
    assert access.get_message_for_user(editor_a, message.pk) == message
    assert access.get_message_for_user(editor_a, message.pk, write=True) == message
    assert list(access.messages_for(editor_a)) == [message]


def test_another_units_staff_get_404_for_the_message(message, editor_b):
    with pytest.raises(Http404):
        access.get_message_for_user(editor_b, message.pk)
    with pytest.raises(Http404):
        access.get_message_for_user(editor_b, message.pk, write=True)
    assert not access.messages_for(editor_b).exists()


def test_a_staff_member_without_a_role_reads_but_may_not_handle(message, roleless_a):
    assert access.get_message_for_user(roleless_a, message.pk) == message
    with pytest.raises(PermissionDenied):
        access.get_message_for_user(roleless_a, message.pk, write=True)


def test_the_openness_office_above_reaches_the_message(message, office, county_office):
    assert access.get_message_for_user(office, message.pk, write=True) == message
    with pytest.raises(Http404):
        access.get_message_for_user(county_office, message.pk)


def test_a_named_system_job_reaches_every_message_and_no_actor_none(message):
    assert access.get_message_for_user(JOB, message.pk, write=True) == message
    with pytest.raises(Http404):
        access.get_message_for_user(None, message.pk)
    assert not access.messages_for(None).exists()


def test_a_message_that_does_not_exist_is_404(message, office):
    with pytest.raises(Http404):
        access.get_message_for_user(office, message.pk + 100)


def test_answered_messages_are_the_faq_sources_in_reach(message, editor_a, editor_b):
    assert not access.answered_messages_for(editor_a).exists()
    Message.objects.filter(pk=message.pk).update(status=Status.ANSWERED)
    assert list(access.answered_messages_for(editor_a)) == [message]
    assert not access.answered_messages_for(editor_b).exists()


def test_only_an_office_sees_the_supervision_dashboards_messages(message, office, editor_a):
    assert list(access.supervised_messages_for(office)) == [message]
    assert list(access.supervised_messages_for(JOB)) == [message]
    for refused in (editor_a, None):
        with pytest.raises(PermissionDenied):
            access.supervised_messages_for(refused)


# Attachments ------------------------------------------------------------------------------------------------


def test_the_attachment_branches(message, editor_a, editor_b, office):
    (attachment,) = message.attachments.all()
    assert access.get_attachment_for_user(editor_a, message.pk, attachment.pk) == attachment
    assert access.get_attachment_for_user(office, message.pk, attachment.pk) == attachment
    assert access.get_attachment_for_user(JOB, message.pk, attachment.pk) == attachment
    for outside in (editor_b, None):
        with pytest.raises(Http404):
            access.get_attachment_for_user(outside, message.pk, attachment.pk)


# Channels ---------------------------------------------------------------------------------------------------


def test_a_channel_is_read_by_its_units_staff_and_changed_only_by_an_office_above(
    channels, editor_a, office, editor_b
):
    consult = channels["consult"]
    assert access.get_channel_for_user(editor_a, consult.pk) == consult
    with pytest.raises(PermissionDenied):
        access.get_channel_for_user(editor_a, consult.pk, write=True)
    assert access.get_channel_for_user(office, consult.pk, write=True) == consult
    assert access.get_channel_for_user(JOB, consult.pk, write=True) == consult
    for outside in (editor_b, None):
        with pytest.raises(Http404):
            access.get_channel_for_user(outside, consult.pk)
    assert set(access.channels_for(office)) == set(channels.values())
    assert list(access.channels_for(editor_a)) == [consult]


# FAQ entries ------------------------------------------------------------------------------------------------


def test_a_faq_entry_is_changed_by_its_units_reviewer_not_its_editor(faq, reviewer_a, editor_a):
    assert access.get_faq_for_user(reviewer_a, faq.pk, write=True) == faq
    assert access.get_faq_for_user(editor_a, faq.pk) == faq
    with pytest.raises(PermissionDenied):
        access.get_faq_for_user(editor_a, faq.pk, write=True)


def test_a_faq_entry_outside_reach_is_404_and_the_office_and_a_job_reach_it(faq, editor_b, office):
    for outside in (editor_b, None):
        with pytest.raises(Http404):
            access.get_faq_for_user(outside, faq.pk)
    assert access.get_faq_for_user(office, faq.pk, write=True) == faq
    assert access.get_faq_for_user(JOB, faq.pk, write=True) == faq
    assert list(access.faqs_for(office)) == [faq] and not access.faqs_for(editor_b).exists()
