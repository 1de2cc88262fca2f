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


@pytest.fixture
def roleless_a(tree):
    """A staff account of 市发展改革委 with no role yet: reaches its unit's records, may change none."""
    from gongkai.core.models import User

    return User.objects.create_user(username="roleless_a", unit=tree.dept_a, role="")
