"""Unified social credit code (统一社会信用代码), GB 32100-2015.

An 18-character code: registration authority (1), organization type (1), administrative division (6),
organization code (9, GB 11714) and one check character. The character set is the digits and the
capital letters except I, O, Z, S and V; each character has a value from 0 to 30 (its index in
``CHARSET``). The check character is ``31 - (sum(value_i * 3**i mod 31) mod 31)``, with 31 written as 0.
"""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
LENGTH = 18

# GB 11714 organization code check digit: weights of its first eight characters, modulus 11.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CODE_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def check_character(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    if len(first17) != LENGTH - 1:
        raise ValueError("expected 17 characters")
    total = 0
    for char, weight in zip(first17.upper(), WEIGHTS, strict=True):
        value = CHARSET.find(char)
        if value < 0:
            raise ValueError(f"character {char!r} is not allowed")
        total += value * weight
    return CHARSET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Return a code for what is wrong with ``code`` ("length", "charset", "check"), or None if valid."""
    code = code.strip().upper()
    if len(code) != LENGTH:
        return "length"
    if any(char not in CHARSET for char in code):
        return "charset"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


def org_code_check_digit(first8: str) -> str:
    """GB 11714 check digit of an organization code (the characters 9 to 17 of a credit code)."""
    total = sum(ORG_CODE_CHARSET.index(c) * w for c, w in zip(first8.upper(), ORG_CODE_WEIGHTS, strict=True))
    digit = 11 - total % 11
    return {10: "X", 11: "0"}.get(digit, str(digit))


def make_code(authority: str, org_type: str, division: str, org_base: str) -> str:
    """Compose a well-formed code from its parts (used for demo data and tests).

    ``org_base`` is the 8-character body of the organization code; its GB 11714 check digit and the
    GB 32100 check character are computed.
    """
    org_code = org_base + org_code_check_digit(org_base)
    first17 = f"{authority}{org_type}{division}{org_code}"
    return first17 + check_character(first17)
