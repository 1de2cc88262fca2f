"""Document numbers (发文字号), GB/T 9704 §7.2.4 and spec §5.3."""

import pytest

from gongkai.publishing import docnumber


@pytest.mark.parametrize(
    "text", ["国办发〔2017〕47号", "国办函〔2020〕109号", "国办公开办函〔2021〕30号", "临政办字〔2019〕64号"]
)
def test_published_numbers_are_valid(text):
    assert docnumber.problem(text) is None
    assert str(docnumber.parse(text)) == text


@pytest.mark.parametrize(
    "typed",
    [
        "临政办字[2019]64号",
        "临政办字(2019)64号",
        "临政办字（2019）64号",
        "临政办字【2019】64号",
        "临政办字［2019］64号",
        " 临政办字 〔2019〕 64号 ",
    ],
)
def test_common_bracket_variants_are_normalized(typed):
    assert docnumber.normalize(typed) == "临政办字〔2019〕64号"
    assert docnumber.problem(typed) is None


@pytest.mark.parametrize(
    ("text", "explains"),
    [
        ("临政办字2019年64号", "六角括号"),
        ("临政办字〔19〕64号", "四位"),
        ("临政办字〔2019〕064号", "前导0"),
        ("临政办字〔2019〕第64号", "不加“第”"),
        ("临政办字〔2019〕64", "以“号”结尾"),
        ("〔2019〕64号", "发文机关代字"),
    ],
)
def test_malformed_numbers_say_what_is_wrong(text, explains):
    assert explains in docnumber.problem(text)
    assert docnumber.parse(text) is None


def test_empty_number_is_not_a_problem():
    assert docnumber.problem("") is None
