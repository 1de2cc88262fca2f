"""Unified social credit codes (GB 32100-2015) and how the organization form reports bad ones."""

import pytest

from gongkai.core import uscc


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the worked example printed with GB 32100
        "11441700007280420Y",  # the Guangdong issuer in spec §4.6(c)
        "91110000600037341L",
    ],
)
def test_published_codes_are_valid(code):
    assert uscc.is_valid(code)


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M000100I43", "charset"),  # I is not in the GB 32100 character set
        ("91350100M000100O43", "charset"),
        ("91350100M000100Y44", "check"),
        ("911100001000013413", "check"),
    ],
)
def test_malformed_codes_say_what_is_wrong(code, problem):
    assert uscc.problem(code) == problem


def test_lowercase_input_is_accepted_as_the_same_code():
    assert uscc.is_valid("91350100m000100y43")


def test_made_codes_pass_their_own_check():
    code = uscc.make_code("1", "1", "371300", "00421300")
    assert len(code) == 18 and uscc.is_valid(code)
    # The organization-code part carries its own GB 11714 check digit.
    assert code[8:17] == "00421300" + uscc.org_code_check_digit("00421300")
