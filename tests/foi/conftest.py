import pytest

from gongkai.core.actors import system
from gongkai.foi import services
from gongkai.foi.models import Channel

VALID_ID = "11010519491231002X"  # the worked example of GB 11643

# Steps the tests record without a persona of their own go in as a named system actor (None is refused).
DESK = system("foi_tests")


def applicant(**overrides) -> dict:
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "张三丰",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13805391234",
        "email": "zhang@example.com",
        "address": "临沂市兰山区沂蒙路1号",
        "description": "2019年临沂市城区道路改造项目的立项批复文件",
        "form": "electronic",
        "delivery": "email",
    }
    data.update(overrides)
    return data


@pytest.fixture
def lodge(tree, office):
    """The city's openness office registers an application received on a given date (a letter, a visit)."""

    def _lodge(received_on, unit=None, channel=Channel.IN_PERSON, **overrides):
        application, _secret, _created = services.register_application(
            actor=office,
            unit=unit or tree.dept_a,
            data=applicant(**overrides),
            channel=channel,
            received_on=received_on,
        )
        return application

    return _lodge
