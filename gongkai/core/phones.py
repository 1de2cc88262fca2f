"""Mainland phone numbers on public forms: mobiles (11 digits from 1) and landlines with their area code
(0539-8123456), checked with Google's numbering plan (the ``phonenumbers`` package) rather than by length."""

from __future__ import annotations

import phonenumbers
from django.utils.translation import gettext as _

MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
LANDLINE_TYPES = {phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def digits(value: str) -> str:
    """The number as digits only, without a +86 / 0086 country prefix."""
    text = str(value or "").strip()
    raw = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+86") or (raw.startswith("86") and len(raw) == 13):
        return raw[2:]
    if raw.startswith("0086"):
        return raw[4:]
    return raw


def problem(value: str, *, mobile_only: bool = False) -> str | None:
    """None for a valid mainland number, else the Chinese message to show beside the field."""
    text = str(value or "").strip()
    wanted = (
        _("请填写11位手机号码。")
        if mobile_only
        else _("请填写手机号码，或带区号的固定电话（如0539-8123456）。")
    )
    if not text:
        return wanted
    if any(not (ch.isdigit() or ch in " -+()（）") for ch in text):
        return _("电话号码只能包含数字、空格和“-”。") + wanted
    number = digits(text)
    if len(number) < 7 or len(number) > 12:
        return wanted
    try:
        parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return wanted
    if not phonenumbers.is_valid_number_for_region(parsed, "CN"):
        return _("该号码不是有效的手机号码。") if mobile_only else _("该号码不是有效的手机号码或固定电话。")
    kind = phonenumbers.number_type(parsed)
    if mobile_only and kind not in MOBILE_TYPES:
        return _("请填写11位手机号码。")
    if not mobile_only and kind not in MOBILE_TYPES | LANDLINE_TYPES:
        return wanted
    return None


SEPARATORS = "、,，;；/ "


def contact_problem(value: str) -> str | None:
    """For an office's or a service's 联系电话: one or more numbers (separated by 、 , ； / or spaces), each a
    mobile, a landline with its area code, or a national service number such as 12345 or 12333."""
    text = str(value or "").strip()
    if not text:
        return None
    parts = [text]
    for sep in SEPARATORS:
        parts = [piece for part in parts for piece in part.split(sep)]
    numbers = [part for part in (p.strip() for p in parts) if part and part != "-"]
    for number in numbers:
        if problem(number) is None:
            continue
        raw = digits(number)
        if raw and raw.isdigit() and _short_number(raw):
            continue
        return _(
            "“%(n)s”不是有效的电话号码：请填写手机号码、带区号的固定电话（如0539-8123456）或12345等服务号码，多个号码用“、”分隔。"
        ) % {"n": number}
    return None


def _short_number(raw: str) -> bool:
    from phonenumbers import shortnumberinfo

    try:
        return shortnumberinfo.is_valid_short_number_for_region(phonenumbers.parse(raw, "CN"), "CN")
    except phonenumbers.NumberParseException:
        return False


def validate_mobile(value: str) -> None:
    """Model-field validator: an empty value is left to ``blank``."""
    from django.core.exceptions import ValidationError

    if value and problem(value, mobile_only=True):
        raise ValidationError(problem(value, mobile_only=True))


def validate_contact_numbers(value: str) -> None:
    from django.core.exceptions import ValidationError

    found = contact_problem(value)
    if found:
        raise ValidationError(found)
