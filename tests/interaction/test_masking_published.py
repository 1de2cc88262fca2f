"""The public text of a message masks people and flats named in the body, not only the writer."""

import datetime as dt

import pytest
import time_machine

from gongkai.interaction import services

pytestmark = pytest.mark.django_db


def test_public_body_masks_a_neighbours_name_and_flat_number(channels):
    with time_machine.travel(dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC), tick=False):
        message, _created = services.submit_message(
            channel=channels["consult"], subject="楼道堆放杂物", name="张三丰", phone="13805391234", public_consent=True,
            body="我叫张三丰，邻居孙振华住8号楼2单元301室，天天在楼道堆放杂物，请王主任处理。",
        )  # fmt: skip
    assert message.public_body == "我叫张**，邻居孙**住**号楼**单元**室，天天在楼道堆放杂物，请王主任处理。"
    assert "孙振华" in message.body  # the handling unit still reads the original
