"""The completeness rule: the 8 key elements of the inspection, by name, in the conventional order."""

from __future__ import annotations

import pytest

from gongkai.guides import rules

FULL = dict.fromkeys(rules.ELEMENT_FIELDS, "有")


@pytest.mark.parametrize(
    ("blank", "expected"),
    [
        ((), []),
        (("phone", "process"), ["联系电话", "办理流程"]),
        (("process", "name"), ["事项名称", "办理流程"]),
        (("basis", "conditions", "materials", "place", "hours"), ["设定依据", "申请条件", "办理材料", "办理地点", "办理时间"]),
    ],
)  # fmt: skip
def test_missing_elements_are_named_in_the_conventional_order(blank, expected):
    assert rules.missing_labels({**FULL, **dict.fromkeys(blank, "")}) == expected


def test_whitespace_is_no_element_and_fees_and_time_limit_are_not_among_the_eight():
    assert rules.missing_labels({**FULL, "hours": "  \n", "fees": "", "time_limit": ""}) == ["办理时间"]
    assert len(rules.ELEMENTS) == 8
