"""The personal link of an invitation (``/participation/invite/<token>/``): the invitee reads the draft and
comments on the whole draft or one clause, without an account and without the challenge (the token is the
proof; :func:`gongkai.participation.invitations.comment` limits the comments a link may send)."""

from __future__ import annotations

import logging
import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core import antiabuse
from gongkai.core.forms import PlainChoicesForm, add_errors, render_with
from gongkai.sites.scope import elsewhere

from . import invitations
from .models import State


class InvitationCommentForm(PlainChoicesForm):
    clause = forms.TypedChoiceField(
        label=gettext_lazy("针对条文"), required=False, coerce=int, empty_value=None,
        help_text=gettext_lazy("不选择表示针对草案整体提出意见。"),
    )  # fmt: skip
    body = forms.CharField(
        label=gettext_lazy("意见建议"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("请写明意见及理由，不超过5000字。可多次提交，每次针对一条。"),
        error_messages={"required": gettext_lazy("请填写您的意见建议。")},
    )  # fmt: skip
    name = forms.CharField(label=gettext_lazy("提出单位"), max_length=100, required=False)
    contact = forms.CharField(
        label=gettext_lazy("联系方式（选填）"), max_length=100, required=False,
        help_text=gettext_lazy("电话或电子邮箱，便于我们反馈采纳情况，不会公开。"),
    )  # fmt: skip
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, clauses=(), stakeholder_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("草案整体"))] + [(c.pk, f"{c.label} {c.text[:30]}") for c in clauses]
        self.fields["clause"].choices = choices
        if not clauses:
            self.fields["clause"].widget = forms.HiddenInput()
        if not self.is_bound:
            self.initial["name"] = stakeholder_name
            self.initial["submission_key"] = secrets.token_urlsafe(24)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    found = invitations.open_token(token)
    consultation = found.consultation
    if moved := elsewhere(request, consultation.unit):
        return moved
    state = consultation.state()
    clauses = list(consultation.clauses.all())
    kwargs = {"clauses": clauses, "stakeholder_name": found.stakeholder.name}
    posted = request.method == "POST" and state == State.OPEN
    form = InvitationCommentForm(request.POST if posted else None, **kwargs)
    received, status, headers = None, 200, {}
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            received, _created = invitations.comment(
                invitation=found, body=data["body"], clause_id=data["clause"], name=data["name"],
                contact=data["contact"], submission_key=data.get("submission_key") or None,
            )  # fmt: skip
        except antiabuse.RateLimited as exc:
            form.add_error(None, exc.messages)
            status, headers = 429, antiabuse.retry_after_header(exc)
        except antiabuse.SubmissionConflict as exc:
            form.add_error(None, exc.messages)
            status = 409
        except ValidationError as exc:
            add_errors(form, exc)
    if received is not None:
        form = InvitationCommentForm(**kwargs)  # another comment, on another clause
    return render_with(
        request,
        "participation/invitation.html",
        {
            "invitation": found, "stakeholder": found.stakeholder, "consultation": consultation,
            "state": state, "state_label": State(state).label, "clauses": clauses,
            "form": form if state == State.OPEN else None, "received": received,
            "crumbs": [{"label": _("公众参与"), "url": reverse("participation:index")}, {"label": _("定向征求意见"), "url": None}],
        },
        status=status,
        headers=headers | {"Referrer-Policy": "same-origin", "X-Robots-Tag": "noindex"},
    )  # fmt: skip


# A personal link's token is a credential: no log line may carry it. The access log writes the request's path
# and Django's django.request logger a 4xx response's path ("Unprocessable Entity: /api/v1/...", a 429 or a
# 404); this filter, on the console handler (settings.LOGGING), writes those paths with the token replaced.
TOKEN_IN_PATH = re.compile(r"(/invite/|/consultations/invitations/)[^/\s?\"']+")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1…", text)


class RedactInvitationTokens(logging.Filter):
    """Replace invitation tokens in a record's message, arguments and ``path`` extra with an ellipsis."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(getattr(record, "path", None), str):
            record.path = redact(record.path)
        return True


# On the two loggers that write request paths (a logger's own filters see every record it is given; the URL
# configuration imports this module before the first request is answered).
for _name in ("gongkai.access", "django.request"):
    if not any(isinstance(f, RedactInvitationTokens) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(RedactInvitationTokens())
