"""One defence for every public write and lookup without an account (applications, messages, comments,
applications to attend, ratings, the tracking and follow-up lookups), on the web forms and the API alike.

- **A challenge whose answer stays on the server and that works once.** Two ways to meet it:
  an ALTCHA proof of work (the browser's widget solves it without the visitor doing anything; API clients
  solve it with the ``altcha`` package), or, without JavaScript and for anyone who prefers text, a small
  sum in Chinese numerals. The sum's answer is kept in :class:`~gongkai.core.models.PublicChallenge`; the
  client receives only a random token. Either proof is claimed with a conditional write, so it works once.
- **Rate limits per address and per identity** (phone, identity number), with limits in settings
  (``GONGKAI_RATE_LIMITS``). A submission reserves its place and gives it back when it fails, so a refused or
  failed request never counts. Exceeded limits raise :class:`RateLimited` (429 with ``Retry-After``).
- **A submission key bound to its content**: the same key with the same content answers with what was
  registered (a double click, a retried request); with other content, :class:`SubmissionConflict` (409).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import random
import secrets
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass

import altcha
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CHALLENGE_MAX_AGE = 3600  # seconds a challenge may be answered after it was shown
MIN_FILL_SECONDS = 3  # a person takes longer than this to fill in a form; scripts do not
NUMERALS = "零一二三四五六七八九十"

# name -> (count, seconds). Names are "<scope>.<what is counted>"; GONGKAI_RATE_LIMITS overrides any of them.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "foi.address": (10, 3600),  # applications for disclosure from one address in an hour
    "foi.identity": (10, 86400),  # ... by one identity number or phone in a day (Art. 35: 明显超过合理范围)
    "message.address": (5, 3600),
    "message.identity": (3, 86400),
    "comment.address": (10, 3600),
    "comment.address_draft": (3, 86400),  # on one draft from one address in a day
    "comment.identity": (5, 86400),
    "invitation.link": (20, 86400),  # an invitee commenting clause by clause through its personal link
    "meeting.address": (3, 86400),
    "meeting.identity": (2, 86400),
    "rating.address": (20, 3600),
    "lookup.address": (20, 3600),  # failed lookups (wrong code or secret) from one address in an hour
}


class RateLimited(ValidationError):
    """Too many submissions: answered 429 with ``Retry-After``; nothing was counted or stored."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, code="rate_limited")
        self.retry_after = max(1, int(retry_after))


class ChallengeUsed(ValidationError):
    """The proof was already claimed (by a double click's first request, or a replay)."""


class SubmissionConflict(ValidationError):
    """A submission key already used for other content: 409, and nothing about the first submission."""

    def __init__(self):
        super().__init__(
            _("该提交编号已用于另一份内容。请刷新页面后重新填写提交。"), code="submission_conflict"
        )


# Challenges ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proof:
    """What a client sent to meet the challenge: an ALTCHA payload, or the token and answer of the sum."""

    altcha: str = ""
    token: str = ""
    answer: str = ""

    @classmethod
    def from_data(cls, data) -> Proof:
        return cls(
            altcha=str(data.get("altcha") or "").strip(),
            token=str(data.get("token") or "").strip(),
            answer=str(data.get("answer") or "").strip(),
        )


def _hmac_key() -> str:
    configured = getattr(settings, "GONGKAI_ALTCHA_HMAC_KEY", "")
    return configured or hmac.new(settings.SECRET_KEY.encode(), b"gongkai.altcha", hashlib.sha256).hexdigest()


def _terms(token: str) -> tuple[int, int]:
    """The two numbers of the sum behind ``token``, drawn from a keyed hash of it: the server can show the
    same question again from the token alone (a form that comes back with errors), a client cannot."""
    drawn = hmac.new(_hmac_key().encode(), b"sum:" + token.encode(), hashlib.sha256).digest()
    return drawn[0] % 9 + 1, drawn[1] % 9 + 1


def _question(token: str) -> str:
    a, b = _terms(token)
    return _("%(a)s加%(b)s等于几？（请填写阿拉伯数字）") % {"a": NUMERALS[a], "b": NUMERALS[b]}


def _altcha_spec(scope: str, now: dt.datetime) -> dict:
    challenge = altcha.create_challenge_v1(
        hmac_key=_hmac_key(),
        max_number=int(getattr(settings, "GONGKAI_ALTCHA_MAX_NUMBER", 50_000)),
        expires=now + dt.timedelta(seconds=CHALLENGE_MAX_AGE),
        params={"scope": scope},
    )
    return {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "maxnumber": challenge.max_number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }


def new_challenge(scope: str, *, shown_at: dt.datetime | None = None) -> dict:
    """A fresh challenge for ``scope`` ("foi", "interaction", "participation"):
    ``{"question", "token", "altcha": {algorithm, challenge, maxnumber, salt, signature}}``. ``shown_at``:
    when the form was first shown, if earlier (the fill timer counts from there, see :func:`resume`)."""
    from .models import PublicChallenge

    now = timezone.now()
    token = secrets.token_urlsafe(24)
    a, b = _terms(token)
    PublicChallenge.objects.create(
        key=token, scope=scope, answer=str(a + b), created_at=min(shown_at or now, now),
        expires_at=now + dt.timedelta(seconds=CHALLENGE_MAX_AGE),
    )  # fmt: skip
    if random.random() < 0.02:  # noqa: S311 - now and then, forget challenges that can no longer be used
        PublicChallenge.objects.filter(expires_at__lt=now - dt.timedelta(days=1)).delete()
    return {"question": _question(token), "token": token, "altcha": _altcha_spec(scope, now)}


def resume(token: str, scope: str, *, since: dt.datetime) -> tuple[dict, bool]:
    """The challenge for a form of ``scope`` that comes back after a post (a missing field, a wrong answer, a
    refused file): ``(challenge, kept)``. A question of that scope not yet used (the post never reached the
    check) is shown again with its token, so what the person typed still answers it (``kept``). One used by
    this very request (``since``: when the request began; a wrong answer, or a submission refused after the
    check) gives way to a new question whose fill timer still counts from when the first was shown:
    correcting quickly after an error is not "提交过快". Anything else (no token, another form's, one used
    by an earlier request, as a script replaying a spent token would send) gets a new question timed from
    now."""
    from .models import PublicChallenge

    now = timezone.now()
    found = (
        PublicChallenge.objects.filter(
            key=token[:64], scope=scope, created_at__gt=now - dt.timedelta(seconds=CHALLENGE_MAX_AGE)
        )
        .exclude(key__startswith="altcha:")
        .first()
        if token
        else None
    )
    if found is not None and found.used_at is None and found.expires_at > now:
        a, b = _terms(found.key)
        if found.answer == str(a + b):
            question = {"question": _question(found.key), "token": found.key}
            return question | {"altcha": _altcha_spec(found.scope, now)}, True
    used_now = found is not None and found.used_at is not None and found.used_at >= since
    return new_challenge(scope, shown_at=found.created_at if used_now else None), False


def verify(scope: str, proof: Proof, *, registered=None) -> None:
    """Accept the proof once, or raise ValidationError on ``answer``. The proof is used up even when the
    answer is wrong (its claim is committed on its own), so nobody can try the sums one by one.

    ``registered`` (a callable: is this submission's key already stored?) covers a double click: the second
    request finds the proof claimed by the first, which may not have committed yet. It waits a little for
    the first to land and then goes on, so the service answers with what the first registered (the same key
    can never make a second row)."""
    try:
        _verify(scope, proof)
    except ChallengeUsed:
        if registered is None:
            raise
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if registered():
                return
            time.sleep(0.1)
        raise


def registered(model, submission_key: str | None):
    """For :func:`verify`: whether a row of ``model`` with this submission key has been stored."""
    if not submission_key:
        return None
    return lambda: model.objects.filter(submission_key=submission_key).exists()


def _verify(scope: str, proof: Proof) -> None:
    if proof.altcha:
        _verify_altcha(scope, proof.altcha)
    elif proof.token and proof.answer:
        _verify_sum(scope, proof.token, proof.answer)
    else:
        raise ValidationError({"answer": _("请回答验证问题。")})


def _verify_altcha(scope: str, payload: str) -> None:
    from .models import PublicChallenge

    refused = ValidationError({"answer": _("自动验证未通过，请回答验证问题后再提交。")})
    try:
        ok, _error = altcha.verify_solution_v1(payload, _hmac_key(), check_expires=True)
        data = json.loads(base64.b64decode(payload, validate=True))
        salt = str(data["salt"])
    except (ValueError, TypeError, KeyError):  # bad base64 (binascii.Error), JSON or text: all ValueErrors
        raise refused from None
    if not ok:
        raise refused
    params = urllib.parse.parse_qs(salt.partition("?")[2])
    if params.get("scope", [""])[0] != scope:
        raise refused
    now = timezone.now()
    expires = params.get("expires", [""])[0]
    expires_at = (
        dt.datetime.fromtimestamp(int(expires), tz=dt.UTC)
        if expires.isdigit()
        else now + dt.timedelta(hours=1)
    )
    key = "altcha:" + hashlib.sha256(salt.encode()).hexdigest()[:40]
    try:
        with transaction.atomic():
            PublicChallenge.objects.create(
                key=key, scope=scope, created_at=now, expires_at=expires_at, used_at=now
            )
    except IntegrityError:
        raise ChallengeUsed({"answer": _("该验证已使用过，请刷新页面后重新提交。")}) from None


def _verify_sum(scope: str, token: str, answer: str) -> None:
    from .models import PublicChallenge

    now = timezone.now()
    with transaction.atomic():
        claimed = PublicChallenge.objects.filter(
            key=token[:64], scope=scope, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
    if not claimed:
        if PublicChallenge.objects.filter(key=token[:64], scope=scope, used_at__isnull=False).exists():
            raise ChallengeUsed({"answer": _("验证已过期或已使用，请回答新的验证问题。")})
        raise ValidationError({"answer": _("验证已过期或已使用，请回答新的验证问题。")})
    found = PublicChallenge.objects.get(key=token[:64])
    if answer.strip() != found.answer:
        raise ValidationError({"answer": _("验证问题回答不正确，请重新计算。")})
    if (now - found.created_at).total_seconds() < MIN_FILL_SECONDS:
        raise ValidationError({"answer": _("提交过快，请稍候再试。")})


# Submission keys bound to content ------------------------------------------------------------------------


def digest(content: dict) -> str:
    """A stable fingerprint of what was submitted (field values after normalization, files by hash)."""

    def plain(value):
        if isinstance(value, bytes):
            return hashlib.sha256(value).hexdigest()
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if value is None or isinstance(value, bool | int | str):
            return value
        return str(getattr(value, "pk", value))

    canonical = json.dumps({k: plain(v) for k, v in content.items()}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_replay(stored_digest: str, submitted_digest: str) -> None:
    """The same key came back: fine with the same content, a conflict with any other (or unknown) content."""
    if not stored_digest or not hmac.compare_digest(stored_digest, submitted_digest):
        raise SubmissionConflict


# Rate limits ----------------------------------------------------------------------------------------------

# When the shared cache (Redis) cannot be reached, each app server counts on its own: weaker, never an error.
_local = LocMemCache("gongkai-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


def limits() -> dict[str, tuple[int, int]]:
    configured = getattr(settings, "GONGKAI_RATE_LIMITS", None) or {}
    return DEFAULT_LIMITS | dict(configured)


def _enabled() -> bool:
    return not getattr(settings, "GONGKAI_RATE_LIMITS_OFF", False)


def _pseudonym(value: str) -> str:
    """Counters are keyed by a keyed hash: no address or phone number is written into the cache."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:24]


def _window(name: str, value: str, now: float) -> tuple[str, int, int]:
    count, seconds = limits()[name]
    index = int(now // seconds)
    retry_after = int((index + 1) * seconds - now) + 1
    return f"rl:{name}:{_pseudonym(value)}:{index}", count, retry_after


def _stores():
    """The shared cache first; this server's own counters when it cannot be reached. The shared cache
    (gongkai.core.cache) answers as a miss when Redis is down and says so through ``shared_cache_down``."""
    from .cache import shared_cache_down

    return ((caches["default"], lambda: shared_cache_down("default")), (_local, lambda: False))


def _incr(key: str, seconds: int, delta: int = 1) -> int:
    for store, down in _stores():
        try:
            store.add(key, 0, seconds + 60)
            value = store.incr(key, delta)
        except ValueError:  # the key expired between add and incr: start it again
            store.set(key, max(delta, 0), seconds + 60)
            value = max(delta, 0)
        except Exception:  # a cache backend that raises when its server is gone
            logger.warning("rate limit store unavailable; counting on this server", exc_info=False)
            continue
        if not down():
            return value
    return 0


def _get(key: str) -> int:
    for store, down in _stores():
        try:
            value = int(store.get(key) or 0)
        except Exception:
            logger.warning("rate limit store unavailable; counting on this server", exc_info=False)
            continue
        if not down():
            return value
    return 0


NOUNS = {
    "foi": "份申请",
    "message": "条留言",
    "comment": "条意见",
    "meeting": "次列席报名",
    "rating": "次评价",
}
IDENTITIES = {"foi": "同一证件号码或联系电话", "message": "同一手机号码", "comment": "同一联系方式",
              "meeting": "同一联系电话对同一会议"}  # fmt: skip


def _message(name: str) -> str:
    count, seconds = limits()[name]
    scope, _dot, what = name.partition(".")
    span = (
        _("每小时")
        if seconds <= 3600
        else _("每天")
        if seconds <= 86400
        else _("每%(d)d天") % {"d": seconds // 86400}
    )
    if name == "lookup.address":
        return _("查询失败次数过多，请稍后再试。")
    if name == "comment.address_draft":
        return _("您今天对本草案提交的意见已较多，可将意见合并后明天再提交。")
    facts = {"span": span, "n": count, "noun": _(NOUNS.get(scope, "次"))}
    if what == "identity":
        facts["who"] = _(IDENTITIES.get(scope, "同一身份"))
        return _("%(who)s%(span)s最多提交%(n)d%(noun)s，请稍后再试。") % facts
    return _("您提交得太频繁了：同一网络地址%(span)s最多提交%(n)d%(noun)s，请稍后再试。") % facts


@contextmanager
def reserve(*counters: tuple[str, str | None]):
    """Take one place in each named counter (``("message.address", ip), ("message.identity", phone)``) for
    the duration of the block. Over a limit: :class:`RateLimited`, nothing counted. If the block raises, the
    places are given back, so a failed submission never counts."""
    wanted = [(name, value) for name, value in counters if value]
    if not _enabled() or not wanted:
        yield
        return
    now = time.time()
    taken: list[tuple[str, int]] = []
    try:
        for name, value in wanted:
            key, count, retry_after = _window(name, value, now)
            seconds = limits()[name][1]
            taken.append((key, seconds))
            if _incr(key, seconds) > count:
                raise RateLimited(_message(name), retry_after)
        yield
    except BaseException:
        for key, seconds in taken:
            _incr(key, seconds, -1)
        raise


def ensure_allowed(name: str, value: str | None) -> None:
    """For lookups: refuse once ``value`` has used up ``name`` (counted with :func:`count`)."""
    if not _enabled() or not value:
        return
    key, count, retry_after = _window(name, value, time.time())
    if _get(key) >= count:
        raise RateLimited(_message(name), retry_after)


def count(name: str, value: str | None) -> None:
    if _enabled() and value:
        key, _count, _retry = _window(name, value, time.time())
        _incr(key, limits()[name][1])


def retry_after_header(exc: RateLimited) -> dict[str, str]:
    return {"Retry-After": str(exc.retry_after)}
