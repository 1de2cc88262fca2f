"""Issue 24 item 2: a new message's status reads as plain Chinese on the writer's follow-up page."""

import datetime as dt

import pytest

from gongkai.interaction.models import Status
from tests.interaction.test_interaction import submit

pytestmark = pytest.mark.django_db


def test_a_new_message_is_waiting_to_be_accepted_not_awaiting_review(client, channels):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    assert message.status == Status.RECEIVED
    page = client.get(f"/interaction/follow/?code={message.query_code}").content.decode()
    assert "待受理" in page
    assert "待审看" not in page
