"""Who acts: a staff member, or the system under a name.

A service takes ``actor=`` and checks its permission against it. A scheduled job, an importer run from the
command line or the demo loader acts as a :class:`SystemActor`, named after the job, which every check in
``access.py`` lets through and the audit log records as 系统 with the job's name. A citizen acting without an
account is :data:`PUBLIC`, which holds no right. ``actor=None`` is not an actor: a service handed ``None`` refuses (``access.can`` is false for it, :func:`require` raises), so a
forgotten actor can never skip a check silently (the bypass is named, as Wagtail's
``skip_permission_checks``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


class NamedActor:
    """An actor that is no staff account: it has no unit, no role and no primary key."""

    pk = None
    unit = None
    unit_id = None
    role = ""
    is_superuser = False
    is_authenticated = False
    is_active = True

    @property
    def display_name(self) -> str:  # pragma: no cover - each kind names itself
        raise NotImplementedError

    def __str__(self) -> str:
        return self.display_name


@dataclass(frozen=True)
class SystemActor(NamedActor):
    """The platform itself acting: ``job`` names what runs (``send_foi_reminders``, ``load_demo``)."""

    job: str = "system"

    @property
    def display_name(self) -> str:
        return "系统" if self.job == "system" else f"系统（{self.job}）"


@dataclass(frozen=True)
class PublicActor(NamedActor):
    """A member of the public acting without an account (a citizen's application, message or comment).

    Unlike the system it holds no right at all: ``access.can`` is false for it, so a public service can
    only do what needs no permission; the audit log records the act as 公众 with the channel.
    """

    channel: str = "online"

    @property
    def display_name(self) -> str:
        return "公众（网上提交）" if self.channel == "online" else f"公众（{self.channel}）"


SYSTEM = SystemActor()
PUBLIC = PublicActor()


def system(job: str) -> SystemActor:
    """A system actor named after a job, so the audit log tells which job acted."""
    return SystemActor(job)


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


def is_named(actor) -> bool:
    """Whether ``actor`` is the system or the public rather than a staff account."""
    return isinstance(actor, NamedActor)


def as_user(actor):
    """The account behind ``actor`` for a ``*_by`` foreign key: the user, or ``None`` for the system or the
    public."""
    return None if actor is None or is_named(actor) else actor


def require(condition: bool) -> None:
    """The one permission gate of every service: raise 403 unless ``condition`` holds.

    Services write ``require(access.can(actor, ...))``; ``can`` answers true for a system actor and false
    for ``None``, so the condition already carries the actor's kind.
    """
    if not condition:
        raise PermissionDenied
