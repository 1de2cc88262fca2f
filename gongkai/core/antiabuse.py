"""Safeguards for public forms without accounts (messages, comments): a small question answered without
JavaScript, a minimum fill time, and rate limits kept in the shared cache."""

from __future__ import annotations

import random
import secrets
import time

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHALLENGE_MAX_AGE = 3600
MIN_FILL_SECONDS = 3  # a person takes longer than this to fill in the form; scripts do not
NUMERALS = "零一二三四五六七八九十"


def new_challenge(salt: str) -> tuple[str, str]:
    """(question, signed token): a small sum in Chinese numerals, answered in digits. The token carries the
    answer and the time the form was shown."""
    a, b = random.randint(1, 9), random.randint(1, 9)  # noqa: S311 - a speed bump for scripts, not a secret
    question = f"{NUMERALS[a]}加{NUMERALS[b]}等于几？（请填写阿拉伯数字）"
    token = signing.dumps({"s": a + b, "t": int(time.time()), "n": secrets.token_hex(4)}, salt=salt)
    return question, token


def check_challenge(token: str, answer: str, salt: str) -> None:
    try:
        data = signing.loads(token, salt=salt, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError({"answer": _("验证已过期，请重新回答验证问题。")}) from exc
    if str(answer).strip() != str(data["s"]):
        raise ValidationError({"answer": _("验证问题回答不正确，请重新计算。")})
    if time.time() - data["t"] < MIN_FILL_SECONDS:
        raise ValidationError({"answer": _("提交过快，请稍候再试。")})


def rate_limit(key: str, limit: tuple[int, int], message: str) -> None:
    """At most ``limit[0]`` uses of ``key`` in ``limit[1]`` seconds."""
    count, seconds = limit
    cache.add(key, 0, seconds)
    if cache.incr(key) > count:
        raise ValidationError(message)
