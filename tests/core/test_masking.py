"""Masking personal data in public text (spec §7.2), case by case."""

import pytest

from gongkai.core import masking


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("张三", "张*"),
        ("王小明", "王**"),
        ("欧阳修远", "欧阳**"),
        ("临沂某某物流有限公司", "临沂某某物流有限公司"),
    ],
)
def test_names(raw, masked):
    assert masking.name(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("我的电话13805391234，请回电", "我的电话138****1234，请回电"),
        ("座机0539-8721234", "座机0539-*****34"),
        ("身份证11010519491231002X", "身份证1****************X"),
        (
            "编号110105194912310021不是身份证",
            "编号110105194912310021不是身份证",
        ),  # wrong check digit: left alone
        ("车牌鲁Q12345堵门", "车牌鲁Q*****堵门"),
        ("住在兰山区沂蒙路188号3单元502室", "住在兰山区沂蒙路**号"),
        ("张三丰反映，张三丰家门口", "张**反映，张**家门口"),
        ("订单号201912312359591234567", "订单号201912312359591234567"),
    ],
)
def test_free_text(raw, masked):
    assert masking.text(raw, names=["张三丰"]) == masked


def test_phone_helper():
    assert masking.phone("138 0539 1234") == "138****1234"
