import pytest

from gongkai.interaction.models import Channel


@pytest.fixture
def channels(tree):
    return {
        "mailbox": Channel.objects.create(
            code="mayor", name="市长信箱", kind="mailbox", unit=tree.city, reply_days=10
        ),
        "consult": Channel.objects.create(
            code="consult", name="咨询", kind="consultation", unit=tree.dept_a, reply_days=5
        ),
    }
