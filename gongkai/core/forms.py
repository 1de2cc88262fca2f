"""The public forms without accounts (applications, messages, comments, applications to attend, ratings)
share their safeguards (gongkai/core/antiabuse.py): the challenge (an ALTCHA proof of work solved by the
browser, or a sum in Chinese numerals for anyone without JavaScript), a submission key against double
submission, a honeypot field, and one way of handling a post, with 429 and 409 where they apply."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import antiabuse


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows (a message's attachments, an
    application's identity proof and material); the files themselves wait on a ``staging.Shelf``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


# Django's blank choice in a select is "---------"; ours says what to do.
EMPTY_CHOICE_LABEL = gettext_lazy("请选择")
DJANGO_BLANK_LABEL = "---------"


def plain_empty_choice(formfield: forms.Field | None) -> forms.Field | None:
    """Give a select's blank choice the label 请选择 instead of Django's "---------" (a model choice's
    ``empty_label``, or the first of a choice field's choices). Other fields are returned unchanged."""
    if isinstance(formfield, forms.ModelChoiceField):
        if formfield.empty_label == DJANGO_BLANK_LABEL:
            formfield.empty_label = EMPTY_CHOICE_LABEL
    elif isinstance(formfield, forms.ChoiceField):
        choices = list(formfield.choices)
        if choices and choices[0][0] in ("", None) and choices[0][1] == DJANGO_BLANK_LABEL:
            formfield.choices = [("", EMPTY_CHOICE_LABEL), *choices[1:]]
    return formfield


class PlainChineseFormRenderer(DjangoTemplates):
    """The form renderer of the whole site (``FORM_RENDERER``): whatever form draws a select (the public
    forms, the workspace, the admin, a third-party app's), its blank choice reads 请选择, not Django's
    "---------" (``BLANK_CHOICE_DASH`` of a model field's choices, ``ModelChoiceField.empty_label``)."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        for _group, options, _index in (widget or {}).get("optgroups", ()):
            for option in options:
                if option.get("value") in ("", None) and str(option.get("label")) == DJANGO_BLANK_LABEL:
                    option["label"] = EMPTY_CHOICE_LABEL
        return super().render(template_name, context, request)


class PlainChoicesForm(forms.Form):
    """A form whose selects start with 请选择 (the base of the site's and the workspace's forms)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for formfield in self.fields.values():
            plain_empty_choice(formfield)


class PublicForm(PlainChoicesForm):
    answer = forms.CharField(
        label=gettext_lazy("验证问题"),
        max_length=4,
        required=False,  # an ALTCHA proof of work stands in for it; the service says which one is missing
        help_text=gettext_lazy("请计算后填写数字，用于确认是本人填写。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    altcha = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    website = forms.CharField(
        required=False, widget=forms.HiddenInput
    )  # left empty by people, filled by bots

    def __init__(self, *args, question: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = question or self.fields["answer"].label
        if not self.is_bound:
            self.initial["submission_key"] = secrets.token_urlsafe(24)


@dataclass
class Handled:
    """What a post came to: the form to show again (with errors and a fresh challenge) or the result."""

    form: forms.Form
    result: object = None
    challenge: dict | None = None
    status: int = 200
    headers: dict = field(default_factory=dict)

    def render(self, request, template: str, context: dict):
        return render_with(request, template, context, status=self.status, headers=self.headers)


def render_with(request, template: str, context: dict, *, status: int = 200, headers: dict | None = None):
    """``render`` with a status and extra headers (429 pages carry ``Retry-After``)."""
    response = render(request, template, context, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def handle(
    request, form_class, *, scope: str, submit: Callable, form_kwargs=None,
    posted: bool | None = None,
) -> Handled:  # fmt: skip
    """On a valid post, ``submit(cleaned_data, proof)``'s result; otherwise the form with the service's
    errors on their fields, everything typed kept, and the challenge kept too: the same question while it
    is unused, a new one (after a wrong answer) whose fill timer still counts from the first display.
    ``posted=False`` shows the form unbound on a page whose post was meant for another form."""
    started = timezone.now()
    posted = request.method == "POST" if posted is None else posted
    form = form_class(
        request.POST if posted else None, request.FILES if posted else None, **(form_kwargs or {})
    )
    handled = Handled(form=form)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("website"):
                raise ValidationError(_("提交失败，请重试。"))
            handled.result = submit(data, antiabuse.Proof.from_data(data))
        except antiabuse.RateLimited as exc:
            form.add_error(None, exc.messages)
            handled.status, handled.headers = 429, antiabuse.retry_after_header(exc)
        except antiabuse.SubmissionConflict as exc:
            form.add_error(None, exc.messages)
            handled.status = 409
        except ValidationError as exc:
            add_errors(form, exc)
    if handled.result is not None:
        return handled
    if posted:
        # The same question while it is unused (what was typed still answers it), else a new one whose
        # fill timer counts from the first display: an error never restarts the wait.
        challenge, kept = antiabuse.resume(str(form.data.get("token") or ""), scope, since=started)
    else:
        challenge, kept = antiabuse.new_challenge(scope), False
    handled.challenge = challenge
    form.fields["answer"].label = challenge["question"]
    # Validation already built the field's BoundField with the old label; let it be built again.
    form._bound_fields_cache.pop("answer", None)
    if posted:
        form.data = form.data.copy()
        form.data["token"], form.data["altcha"] = challenge["token"], ""
        if not kept:
            form.data["answer"] = ""
    else:
        form.initial["token"] = challenge["token"]
    return handled
