"""定向征询: the directory of representative enterprises, chambers, industry associations and the lawyers'
association (征询对象名录), and invitations to comment on a draft through a personal link.

优化营商环境条例 (2019) Art. 62: drafts that closely concern market entities' business are consulted on with
market entities, industry associations and chambers (主动向有代表性的企业家和行业协会商会以及律师协会问计求策),
and the adoption is fed back.

Who sees which entries: an entry is kept by a unit (its ``keeper``). Staff see the entries kept by the units
they reach (an openness office: its subtree) and the entries kept by the units above their own: the city
keeps the city-wide directory that every department uses, a department adds its own sector's entries, which
other departments do not see. Whoever sees an entry may invite it; the keeper's reviewer (or an office above
it) changes it.

The contact (contact person, e-mail, phone, address) serves the unit only: it never reaches a public page, the
public API, a feed, an export, the search index or a log.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import antiabuse, audit, phones
from gongkai.core.access import can, units_for
from gongkai.core.actors import require
from gongkai.core.models import Organization, validate_credit_code
from gongkai.core.tasks import send_mail
from gongkai.sites.links import absolute_url

from . import access
from .models import CommentGroup, Consultation, Invitation, Stakeholder, State

# What the audit log keeps of an entry: never its contact data.
AUDITED = ["name", "kind", "credit_code", "sector", "keeper_id", "is_active"]
CODE_LENGTH = 8  # the short code printed on a letter (the token's first characters, for the phone)


# The directory ------------------------------------------------------------------------------------------


def _upper_units(user) -> list[int]:
    """The pks of the units above the user's own (the city above a department)."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return []
    return [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]


def stakeholders_for(user) -> QuerySet[Stakeholder]:
    """The entries ``user`` sees and may invite: kept by a unit in reach, or by a unit above the user's own."""
    if not access.may_view(user):
        return Stakeholder.objects.none()
    return Stakeholder.objects.filter(
        Q(keeper__in=units_for(user)) | Q(keeper_id__in=_upper_units(user))
    ).select_related("keeper")


def may_keep(user, stakeholder: Stakeholder) -> bool:
    """The keeper unit's reviewer, or an office above it, changes an entry."""
    return stakeholder.keeper_id is not None and can(user, access.WRITE, stakeholder.keeper)


def get_stakeholder_for_user(user, pk: int, *, write: bool = False) -> Stakeholder:
    found = stakeholders_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not may_keep(user, found):
        raise PermissionDenied
    return found


def normalise_code(code: str) -> str:
    """Upper-case, without spaces (a code is often copied from a licence with spaces)."""
    return "".join(str(code or "").split()).upper()


# Text fields whose length the database enforces (PostgreSQL refuses a longer value with a DataError).
LENGTH_CHECKED = ("name", "credit_code", "sector", "contact_name", "email", "phone", "address")


def _check(stakeholder: Stakeholder) -> dict:
    """The Chinese errors of an entry, by field (empty when it may be saved)."""
    errors: dict[str, str] = {}
    if not stakeholder.name.strip():
        errors["name"] = _("请填写名称。")
    if stakeholder.kind not in Stakeholder.Kind.values:
        errors["kind"] = _("请选择类型（企业、商会、行业协会或律师协会）。")
    if not stakeholder.credit_code:
        errors["credit_code"] = _("请填写统一社会信用代码。")
    else:
        try:
            validate_credit_code(stakeholder.credit_code)
        except ValidationError as exc:
            errors["credit_code"] = exc.messages[0]
    if not errors.get("credit_code"):
        taken = (
            Stakeholder.objects.filter(credit_code=stakeholder.credit_code).exclude(pk=stakeholder.pk).first()
        )
        if taken is not None:
            errors["credit_code"] = _("该统一社会信用代码已登记（%(name)s），请勿重复添加。") % {
                "name": taken.name
            }
    if not stakeholder.sector.strip():
        errors["sector"] = _("请填写所属行业。")
    if stakeholder.phone and phones.problem(stakeholder.phone):
        errors["phone"] = phones.problem(stakeholder.phone)
    if stakeholder.email:
        from django.core.validators import validate_email

        try:
            validate_email(stakeholder.email)
        except ValidationError:
            errors["email"] = _("电子邮箱格式不正确。")
    if stakeholder.keeper_id is None:
        errors["keeper"] = _("请选择维护单位。")
    for name in LENGTH_CHECKED:
        model_field = Stakeholder._meta.get_field(name)
        if len(getattr(stakeholder, name) or "") > model_field.max_length:
            errors[name] = _("%(label)s不能超过%(n)d个字符。") % {
                "label": model_field.verbose_name,
                "n": model_field.max_length,
            }
    return errors


@transaction.atomic
def save_stakeholder(*, actor, stakeholder: Stakeholder) -> Stakeholder:
    """Add or change a directory entry: the keeper's reviewer or an office above it (and, when an entry moves,
    of the unit it leaves). A wrong or taken credit code is refused with the Chinese reason."""
    before = None
    if stakeholder.pk:
        before = Stakeholder.objects.select_for_update().filter(pk=stakeholder.pk).first()
        require(before is not None and may_keep(actor, before))
    for name in ("name", "sector", "contact_name", "email", "phone", "address"):
        setattr(stakeholder, name, str(getattr(stakeholder, name) or "").strip())
    stakeholder.credit_code = normalise_code(stakeholder.credit_code)
    errors = _check(stakeholder)
    if errors:
        raise ValidationError(errors)
    require(may_keep(actor, stakeholder))
    old = audit.snapshot(before, AUDITED) if before is not None else {}
    stakeholder.save()
    audit.record(
        actor=actor, action="participation.stakeholder_saved", obj=stakeholder, unit=stakeholder.keeper,
        changes=audit.diff(old, audit.snapshot(stakeholder, AUDITED)),
    )  # fmt: skip
    return stakeholder


@transaction.atomic
def set_active(*, actor, stakeholder: Stakeholder, active: bool) -> Stakeholder:
    """Take an entry out of the directory (it stays on the invitations already sent) or put it back."""
    stored = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    require(may_keep(actor, stored))
    if stored.is_active != active:
        stored.is_active = active
        stored.save(update_fields=["is_active"])
        audit.record(actor=actor, action="participation.stakeholder_saved", obj=stored, unit=stored.keeper,
                     changes={"is_active": [not active, active]})  # fmt: skip
    return stored


def sectors(queryset: QuerySet[Stakeholder]) -> list[str]:
    return sorted(set(queryset.values_list("sector", flat=True)))


# Invitations --------------------------------------------------------------------------------------------


def invitations_for(consultation: Consultation) -> QuerySet[Invitation]:
    return consultation.invitations.select_related("stakeholder").order_by(
        "stakeholder__kind", "stakeholder__name"
    )


def select(user, *, sector: str = "", kind: str = "") -> QuerySet[Stakeholder]:
    """The active entries the user sees, of one sector and/or one kind (「按行业全选」)."""
    found = stakeholders_for(user).filter(is_active=True)
    if sector:
        found = found.filter(sector=sector)
    if kind:
        found = found.filter(kind=kind)
    return found


def _absolute(unit, path_of, request=None) -> str:
    """An absolute address on ``unit``'s portal (:func:`gongkai.sites.links.absolute_url`)."""
    return absolute_url(unit, path_of(), request=request)


def link(invitation: Invitation, *, request=None) -> str:
    """The personal link as an absolute address on the consultation unit's portal."""
    return _absolute(invitation.consultation.unit, invitation.get_absolute_url, request)


def short_code(invitation: Invitation) -> str:
    """What a letter prints besides the link, to read out on the phone (the token's first characters)."""
    return invitation.token[:CODE_LENGTH]


def _mail(invitation: Invitation, url: str) -> None:
    consultation = invitation.consultation
    ends = timezone.localtime(consultation.ends_at)
    send_mail(
        subject=_("【意见征集】诚邀贵单位对《%(title)s》提出意见") % {"title": consultation.title},
        message=_(
            "%(name)s：\n\n%(unit)s正在就《%(title)s》公开征求意见。该草案与企业生产经营密切相关，"
            "诚邀贵单位提出意见建议。\n\n征求意见截止时间：%(ends)s\n\n请通过以下专用链接查看草案全文并提交意见"
            "（无需注册，请勿转发）：\n%(url)s\n\n%(unit)s"
        )
        % {"name": invitation.stakeholder.name, "unit": consultation.unit.name, "title": consultation.title,
           "ends": ends.strftime("%Y年%m月%d日 %H:%M"), "url": url},
        recipient_list=[invitation.stakeholder.email],
    )  # fmt: skip


@dataclass
class Sent:
    created: list[Invitation] = field(default_factory=list)
    existing: list[Invitation] = field(default_factory=list)
    emailed: int = 0


@transaction.atomic(durable=True)
def invite(*, actor, consultation: Consultation, stakeholders, request=None, now=None) -> Sent:
    """Invite directory entries to comment on ``consultation`` (its unit's reviewer or an office above it):
    one invitation per entry, each with a personal link (``secrets.token_urlsafe(32)``); inviting an entry
    again changes nothing. An entry with an e-mail address is mailed the link once the invitation is
    recorded; the others get a printable letter (:func:`letter`)."""
    now = now or timezone.now()
    require(can(actor, access.WRITE, consultation.unit))
    wanted = list(stakeholders)
    if not wanted:
        raise ValidationError({"stakeholders": _("请至少选择一个征询对象。")})
    if not consultation.is_published:
        raise ValidationError(_("请先发布本次征集，再邀请征询对象（专用链接打开的是已发布的草案）。"))
    if consultation.state(now) not in (State.UPCOMING, State.OPEN):
        raise ValidationError(_("本次征集已经结束，不能再邀请。"))
    visible = set(stakeholders_for(actor).filter(is_active=True).values_list("pk", flat=True))
    if any(s.pk not in visible for s in wanted):
        raise ValidationError({"stakeholders": _("只能邀请本单位可用名录中的有效征询对象。")})
    # Two staff inviting at the same moment: the second waits for the first here and then reads its
    # invitations; an entry invited meanwhile all the same (the unique constraint) counts as already invited.
    Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
    already = {i.stakeholder_id: i for i in consultation.invitations.all()}
    sent = Sent()
    for stakeholder in dict.fromkeys(wanted):
        if stakeholder.pk in already:
            sent.existing.append(already[stakeholder.pk])
            continue
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    consultation=consultation,
                    stakeholder=stakeholder,
                    token=secrets.token_urlsafe(32),
                    created_at=now,
                )
        except IntegrityError:
            sent.existing.append(consultation.invitations.get(stakeholder=stakeholder))
            continue
        sent.created.append(invitation)
        if stakeholder.email:
            url = link(invitation, request=request)
            transaction.on_commit(lambda inv=invitation, u=url: _mail(inv, u))
            invitation.emailed_at = now
            invitation.save(update_fields=["emailed_at"])
            sent.emailed += 1
    if sent.created:
        audit.record(
            actor=actor, action="participation.invited", obj=consultation, unit=consultation.unit,
            changes={"invited": [None, [i.stakeholder.name for i in sent.created]], "emailed": [None, sent.emailed]},
        )  # fmt: skip
    return sent


def get_invitation_for_user(user, consultation: Consultation, pk: int) -> Invitation:
    found = consultation.invitations.select_related("stakeholder", "consultation__unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@transaction.atomic
def mark_letter_printed(*, actor, invitation: Invitation, now=None) -> Invitation:
    """The letter was printed or downloaded (the first time is kept and audited)."""
    require(can(actor, access.WRITE, invitation.consultation.unit))
    if invitation.letter_printed_at is None:
        invitation.letter_printed_at = now or timezone.now()
        invitation.save(update_fields=["letter_printed_at"])
        audit.record(actor=actor, action="participation.letter_printed", obj=invitation,
                     unit=invitation.consultation.unit)  # fmt: skip
    return invitation


def open_token(token: str) -> Invitation:
    """The invitation of a personal link, or 404: unknown, or its consultation not (or no longer) published.
    A closed consultation still opens (the page says it is closed)."""
    if not token or len(token) > 64:
        raise Http404
    found = (
        Invitation.objects.select_related("consultation__unit", "stakeholder")
        .filter(token=token, consultation__is_published=True)
        .first()
    )
    if found is None or not secrets.compare_digest(found.token, token):
        raise Http404
    return found


def letter_context(invitation: Invitation, *, request=None) -> dict:
    """What the printable letter shows: the invitee, the draft, the deadline, the link and its short code, the
    consulting unit's contact. Staff only (the letter carries the personal link)."""
    consultation = invitation.consultation
    return {
        "invitation": invitation, "stakeholder": invitation.stakeholder, "consultation": consultation,
        "link": link(invitation, request=request), "code": short_code(invitation),
        "public_url": _absolute(consultation.unit, consultation.get_absolute_url, request), "today": timezone.localdate(),
    }  # fmt: skip


def letter_pdf(invitation: Invitation, *, request=None) -> bytes:
    """The letter as PDF (weasyprint; :class:`gongkai.core.documents.DocumentUnavailable` without a Chinese
    font)."""
    from django.template.loader import render_to_string

    from gongkai.core import documents

    return documents.html_to_pdf(
        render_to_string(
            "participation/letter.html", letter_context(invitation, request=request) | {"pdf": True}
        )
    )


# An invitee's comments through the personal link: no challenge (the token is the proof), but a limit per
# invitation so a leaked link cannot flood the draft (``invitation.link``: 20 a day, room for an association's
# comments clause by clause).
def comment(
    *, invitation: Invitation, body: str, clause_id: int | None = None, name: str = "", contact: str = "",
    submission_key: str | None = None, now=None,
):  # fmt: skip
    """Record an invitee's comment on the whole draft or one clause (``clause_id``), marking the invitation
    responded (:func:`services.submit_comment`). The name defaults to the invitee's."""
    from . import services

    consultation = invitation.consultation
    clause = None
    if clause_id:
        clause = consultation.clauses.filter(pk=clause_id).first()
        if clause is None:
            raise ValidationError({"clause": _("所选条文不属于本次征集的草案。")})
    if submission_key and consultation.comments.filter(submission_key=submission_key).exists():
        counters = []  # a retry of a recorded comment is answered without counting
    else:
        counters = [("invitation.link", str(invitation.pk))]
    with antiabuse.reserve(*counters):
        return services.submit_comment(
            consultation=consultation, body=body, name=(name or "").strip() or invitation.stakeholder.name,
            contact=contact, submission_key=submission_key or None, now=now, clause=clause, invitation=invitation,
        )  # fmt: skip


# The adoption report ------------------------------------------------------------------------------------

# Named in the report: associations, chambers and the lawyers' association. Enterprises are counted by sector,
# not named (a company's participation is its own business; the report shows the breadth of the consultation).
NAMED_KINDS = (Stakeholder.Kind.ASSOCIATION, Stakeholder.Kind.CHAMBER, Stakeholder.Kind.LAWYERS)
ADOPTED = (CommentGroup.Decision.ADOPTED, CommentGroup.Decision.PARTLY)


def report_counts(consultation: Consultation) -> dict:
    """Invited, responded (sent at least one comment through the link), adopted (invitees with at least one
    comment in a group answered 采纳 or 部分采纳), the associations, chambers and lawyers' association consulted
    (names only) and the enterprises by sector (counts only). Never contact data."""
    rows = list(
        consultation.invitations.select_related("stakeholder").annotate(
            adopted=models.Count("comments", filter=Q(comments__group__decision__in=ADOPTED))
        )
    )
    named, enterprises = [], {}
    for row in rows:
        s = row.stakeholder
        if s.kind in NAMED_KINDS:
            named.append(
                (NAMED_KINDS.index(s.kind), s.name, s.get_kind_display(), row.responded_at is not None)
            )
        else:
            enterprises[s.sector] = enterprises.get(s.sector, 0) + 1
    named.sort()
    return {
        "invited": len(rows),
        "responded": sum(1 for r in rows if r.responded_at is not None),
        "adopted": sum(1 for r in rows if r.adopted),
        "comments": consultation.comments.filter(invitation__isnull=False).count(),
        "associations": [{"name": n, "kind": k, "responded": r} for _o, n, k, r in named],
        "enterprises": [{"sector": k, "count": v} for k, v in sorted(enterprises.items())],
    }


def unit_choices(user) -> QuerySet[Organization]:
    """The units an entry may be kept by: those where the user writes."""
    from gongkai.core.access import writable_units

    return writable_units(user, access.WRITE)


# Import from a table ------------------------------------------------------------------------------------

COLUMNS = {
    "名称": "name", "类型": "kind", "统一社会信用代码": "credit_code", "行业": "sector", "联系人": "contact_name",
    "电子邮箱": "email", "联系电话": "phone", "通信地址": "address",
}  # fmt: skip
REQUIRED_COLUMNS = ("名称", "类型", "统一社会信用代码", "行业")
KIND_BY_LABEL = {str(label): value for value, label in Stakeholder.Kind.choices}


def import_stakeholders(*, actor, keeper: Organization, name: str, data: bytes) -> tuple[int, list]:
    """Add the entries of an uploaded CSV or XLSX (columns 名称, 类型, 统一社会信用代码, 行业, and optionally 联系人,
    电子邮箱, 联系电话, 通信地址), kept by ``keeper``. Each row is saved or refused on its own; (added, the
    refused rows with their reasons). A table that cannot be read raises ValidationError."""
    from gongkai.core import tables

    require(can(actor, access.WRITE, keeper))
    try:
        rows = tables.read(name, data)
    except tables.UnreadableTable as exc:
        raise ValidationError({"file": str(exc)}) from None
    if not rows:
        raise ValidationError({"file": _("文件是空的。")})
    header = [str(c or "").strip() for c in rows[0][1]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError({"file": _("表头缺少：%(c)s。") % {"c": "、".join(missing)}})
    labels = {v: k for k, v in COLUMNS.items()}
    added, refused = 0, []
    for number, cells in rows[1:]:
        values = {COLUMNS[h]: str(cells[i] if i < len(cells) and cells[i] is not None else "").strip()
                  for i, h in enumerate(header) if h in COLUMNS}  # fmt: skip
        values["kind"] = KIND_BY_LABEL.get(values.get("kind", ""), values.get("kind", ""))
        entry = Stakeholder(keeper=keeper, **values)
        try:
            save_stakeholder(actor=actor, stakeholder=entry)
        except ValidationError as exc:
            refused.append(tables.RowError(number, tables.error_text(exc, lambda f: labels.get(f, f))))
        else:
            added += 1
    return added, refused
