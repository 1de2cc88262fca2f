"""Every change to organizations, staff, API tokens and the calendar goes through these functions.

Each runs in one transaction, checks that the actor may do it, and writes one audit record. The back
office, the API, the management commands and the demo loader all call them.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from . import calendar as cal
from .access import can
from .actors import SystemActor, is_system, require
from .models import ApiToken, CalendarDay, CalendarYear, Organization, User
from .roles import RANK, Capability, Role, may_grant

ORG_FIELDS = (
    "name",
    "short_name",
    "aliases",
    "org_type",
    "credit_code",
    "parent",
    "sort_order",
    "description",
    "address",
    "phone",
    "office_hours",
    "postcode",
    "fax",
    "email",
    "foi_office",
    "reconsideration_organ",
    "is_active",
)
STAFF_FIELDS = ("username", "full_name", "unit", "role", "phone", "email", "is_active")


Actor = User | SystemActor


def _unbounded(actor: Actor | None) -> bool:
    """The system and a superuser act on every unit and grant every role; ``None`` is nobody."""
    return is_system(actor) or bool(actor is not None and actor.is_superuser)


def _normalize(organization: Organization) -> None:
    organization.credit_code = (organization.credit_code or "").strip().upper() or None
    organization.name = organization.name.strip()
    organization.short_name = organization.short_name.strip()


def _assign_path(organization: Organization) -> None:
    parent_path = organization.parent.path if organization.parent_id else "/"
    organization.path = f"{parent_path}{organization.pk}/"


# Organizations ---------------------------------------------------------------------------------


@transaction.atomic
def create_organization(*, actor: Actor, parent: Organization | None, **fields) -> Organization:
    """Add an organization under ``parent`` (a root only by the system or a superuser, as the demo loader)."""
    require(_unbounded(actor) or (parent is not None and can(actor, Capability.MANAGE_ORGANIZATIONS, parent)))
    organization = Organization(parent=parent, **fields)
    _normalize(organization)
    organization.full_clean(exclude=["path"])
    organization.save()
    _assign_path(organization)
    organization.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="core.organization.created",
        obj=organization,
        unit=organization,
        changes=audit.diff({}, audit.snapshot(organization, ORG_FIELDS)),
    )
    return organization


@transaction.atomic
def update_organization(*, actor: Actor, organization: Organization, **changes) -> Organization:
    """Change an organization's details; a new parent moves its whole subtree."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    require(can(actor, Capability.EDIT_UNIT, organization))
    if "parent" in changes and changes["parent"] != organization.parent:
        new_parent = changes["parent"]
        require(new_parent is not None and can(actor, Capability.MANAGE_ORGANIZATIONS, new_parent))
        require(can(actor, Capability.MANAGE_ORGANIZATIONS, organization))
        # Nobody re-parents the organization they are scoped to: it would move their own scope.
        require(_unbounded(actor) or organization.pk != actor.unit_id)
    before = audit.snapshot(organization, ORG_FIELDS)
    old_path = organization.path
    for key, value in changes.items():
        if key not in ORG_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(organization, key, value)
    _normalize(organization)
    parent = organization.parent
    if parent is not None and parent.path.startswith(old_path):
        raise ValidationError({"parent": _("上级机构不能是本机构或其下级机构。")})
    organization.full_clean(exclude=["path"])
    _assign_path(organization)
    organization.save()
    if organization.path != old_path:
        for descendant in Organization.objects.filter(path__startswith=old_path).exclude(pk=organization.pk):
            descendant.path = organization.path + descendant.path[len(old_path) :]
            descendant.save(update_fields=["path"])
    changed = audit.diff(before, audit.snapshot(organization, ORG_FIELDS))
    if changed:
        audit.record(
            actor=actor,
            action="core.organization.changed",
            obj=organization,
            unit=organization,
            changes=changed,
        )
    return organization


# Staff -------------------------------------------------------------------------------------------


def _check_staff_grant(actor: Actor | None, unit: Organization | None, role: str) -> None:
    require(_unbounded(actor) or (unit is not None and can(actor, Capability.MANAGE_STAFF, unit)))
    require(_unbounded(actor) or may_grant(actor.role, role))


@transaction.atomic
def create_staff(
    *,
    actor: Actor,
    username: str,
    unit: Organization,
    role: str,
    full_name: str = "",
    phone: str = "",
    email: str = "",
    password: str | None = None,
    validate: bool = True,
) -> User:
    """Create a staff account of ``unit`` with ``role``. Without a password the account cannot log in
    until one is set."""
    _check_staff_grant(actor, unit, role)
    if role not in Role.values:
        raise ValidationError({"role": _("角色不正确。")})
    staff = User(
        username=username, unit=unit, role=role, full_name=full_name, phone=phone, email=email, is_staff=True
    )
    if password:
        if validate:
            validate_password(password, staff)
        staff.set_password(password)
    else:
        staff.set_unusable_password()
    staff.full_clean(exclude=["password"])
    staff.save()
    audit.record(
        actor=actor,
        action="core.staff.created",
        obj=staff,
        unit=unit,
        changes=audit.diff({}, audit.snapshot(staff, STAFF_FIELDS)),
    )
    return staff


def check_staff_change(*, actor: Actor | None, staff: User, changes: dict) -> None:
    """The rules a change of role, unit or active state must keep (the back office's form asks this too):
    nobody demotes or deactivates themselves, and the last active openness-office (公开办) account of a unit
    stays. An office supervises its unit's subtree: without one, the city (or a county that has its own
    office) would have nobody left to manage it, its calendar or its audit log."""
    role = changes.get("role", staff.role)
    active = changes.get("is_active", staff.is_active)
    unit = changes.get("unit", staff.unit)
    if actor is not None and actor.pk == staff.pk:
        if RANK.get(role, 0) < RANK.get(staff.role, 0):
            raise ValidationError({"role": _("不能降低自己的角色：请由其他有权限的人员调整。")})
        if staff.is_active and not active:
            raise ValidationError({"is_active": _("不能停用自己的账号：请由其他有权限的人员停用。")})
    leaves_office = (
        staff.is_active
        and staff.role == Role.OPENNESS_OFFICE
        and (role != Role.OPENNESS_OFFICE or not active or getattr(unit, "pk", None) != staff.unit_id)
    )
    if not leaves_office:
        return
    others = User.objects.filter(unit_id=staff.unit_id, role=Role.OPENNESS_OFFICE, is_active=True)
    if others.exclude(pk=staff.pk).exists():
        return
    field = "role" if role != staff.role else "is_active" if not active else "unit"
    raise ValidationError(
        {
            field: _(
                "该账号是%(unit)s最后一个在用的公开办账号，不能降级、停用或调离："
                "请先为该单位设置另一个公开办账号。"
            )
            % {"unit": staff.unit.name if staff.unit else ""}
        }
    )


@transaction.atomic
def update_staff(*, actor: Actor, staff: User, **changes) -> User:
    # Lock the unit first, then the account: two changes to one unit's office accounts run one after the
    # other, so two offices demoting each other at once cannot leave the unit with none.
    unit_id = User.objects.filter(pk=staff.pk).values_list("unit_id", flat=True).first()
    if unit_id is not None:
        Organization.objects.select_for_update().filter(pk=unit_id).first()
    staff = User.objects.select_for_update(of=("self",)).get(pk=staff.pk)
    before = audit.snapshot(staff, STAFF_FIELDS)
    require(_unbounded(actor) or (staff.unit is not None and can(actor, Capability.MANAGE_STAFF, staff.unit)))
    require(_unbounded(actor) or may_grant(actor.role, staff.role))  # no one manages a role above its own
    check_staff_change(actor=actor, staff=staff, changes=changes)
    for key, value in changes.items():
        if key not in STAFF_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(staff, key, value)
    _check_staff_grant(actor, staff.unit, staff.role)
    staff.full_clean(exclude=["password"])
    staff.save()
    changed = audit.diff(before, audit.snapshot(staff, STAFF_FIELDS))
    if changed:
        audit.record(actor=actor, action="core.staff.changed", obj=staff, unit=staff.unit, changes=changed)
    return staff


@transaction.atomic
def _is_self(actor: Actor | None, staff: User) -> bool:
    return actor is not None and not is_system(actor) and actor.pk == staff.pk


@transaction.atomic
def set_staff_password(*, actor: Actor, staff: User, password: str) -> None:
    require(
        _unbounded(actor)
        or _is_self(actor, staff)
        or (staff.unit is not None and can(actor, Capability.MANAGE_STAFF, staff.unit))
    )
    require(_unbounded(actor) or _is_self(actor, staff) or may_grant(actor.role, staff.role))
    validate_password(password, staff)
    staff.set_password(password)
    staff.save(update_fields=["password"])
    audit.record(actor=actor, action="core.staff.password_set", obj=staff, unit=staff.unit)


# API tokens ----------------------------------------------------------------------------------------


@transaction.atomic
def issue_token(*, actor: Actor, staff: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a bearer token for ``staff``. Returns the record and the raw token, shown only once."""
    require(
        _unbounded(actor)
        or _is_self(actor, staff)
        or (staff.unit is not None and can(actor, Capability.MANAGE_STAFF, staff.unit))
    )
    if not staff.is_active:
        raise ValidationError(_("该账号已停用，不能签发令牌。"))
    raw = "gk_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=staff, name=name, key_hash=ApiToken.hash(raw), prefix=raw[:8])
    audit.record(actor=actor, action="core.token.issued", obj=token, unit=staff.unit, object_repr=str(token))
    return token, raw


@transaction.atomic
def revoke_token(*, actor: Actor, token: ApiToken) -> None:
    owner = token.user
    require(
        _unbounded(actor)
        or _is_self(actor, owner)
        or (owner.unit is not None and can(actor, Capability.MANAGE_STAFF, owner.unit))
    )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="core.token.revoked", obj=token, unit=token.user.unit)


def authenticate_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# Calendar ------------------------------------------------------------------------------------------


@transaction.atomic
def set_calendar_day(
    *, actor: Actor, date: dt.date, kind: str, name: str = "", source: str = ""
) -> CalendarDay:
    """Record a holiday or a make-up workday (or correct one)."""
    require(can(actor, Capability.EDIT_CALENDAR))
    day = CalendarDay.objects.filter(date=date).first()
    before = audit.snapshot(day, ("kind", "name", "source")) if day else {}
    if day is None:
        day = CalendarDay(date=date)
    day.kind, day.name, day.source = kind, name, source
    day.full_clean()
    day.save()
    audit.record(
        actor=actor,
        action="core.calendar.day_set",
        obj=day,
        unit=actor.unit,
        changes=audit.diff(before, audit.snapshot(day, ("kind", "name", "source"))),
    )
    return day


@transaction.atomic
def remove_calendar_day(*, actor: Actor, day: CalendarDay) -> None:
    require(can(actor, Capability.EDIT_CALENDAR))
    audit.record(
        actor=actor,
        action="core.calendar.day_removed",
        obj=day,
        changes=audit.diff(
            audit.snapshot(day, ("kind", "name", "source")), {"kind": None, "name": None, "source": None}
        ),
    )
    day.delete()


@transaction.atomic
def set_calendar_year(*, actor: Actor, year: int, source: str, notes: str = "") -> CalendarYear:
    """Declare ``year``'s arrangement entered: its dates stop being provisional."""
    require(can(actor, Capability.EDIT_CALENDAR))
    record, created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": source, "notes": notes}
    )
    audit.record(
        actor=actor,
        action="core.calendar.year_set",
        obj=record,
        changes={"source": [None if created else "…", source]},
    )
    return record


@transaction.atomic
def seed_calendar_from_package(*, actor: Actor, overwrite: bool = False) -> dict[int, int]:
    """Load every year the chinese-calendar package covers. Days staff entered are kept unless
    ``overwrite``; returns {year: days written}."""
    require(can(actor, Capability.EDIT_CALENDAR))
    written: dict[int, int] = {}
    for year in cal.package_years():
        existing = {d.date: d for d in CalendarDay.objects.filter(date__year=year)}
        count = 0
        for date, kind, name in cal.package_days(year):
            day = existing.get(date)
            if day is not None and (day.source != cal.PACKAGE_SOURCE and not overwrite):
                continue
            if day is not None and (day.kind, day.name) == (kind, name):
                continue
            CalendarDay.objects.update_or_create(
                date=date, defaults={"kind": kind, "name": name, "source": cal.PACKAGE_SOURCE}
            )
            count += 1
        CalendarYear.objects.get_or_create(year=year, defaults={"source": cal.package_year_source(year)})
        if count:
            written[year] = count
    if written:
        audit.record(
            actor=actor,
            action="core.calendar.seeded",
            object_repr=f"chinese-calendar {min(written)}–{max(written)}",
            changes={"days": [None, sum(written.values())]},
        )
    return written
