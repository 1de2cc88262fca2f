"""The public forms without accounts (messages, comments, applications to attend) share their safeguards:
the challenge question, a submission key against double submission, a honeypot field, and one way of
handling a post."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class PublicForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("验证问题"),
        max_length=4,
        error_messages={"required": gettext_lazy("请回答验证问题。")},
    )
    token = forms.CharField(widget=forms.HiddenInput)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        required=False, widget=forms.HiddenInput
    )  # left empty by people, filled by bots

    def __init__(self, *args, question: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = question or self.fields["answer"].label
        if not self.is_bound:
            self.initial["submission_key"] = secrets.token_urlsafe(24)


def handle(request, form_class, *, challenge: tuple[Callable, Callable], submit: Callable):
    """(form, result). On a valid post with the right answer, ``submit(cleaned_data)``'s result; otherwise
    None, with the service's errors on their fields and a fresh question (what was typed stays)."""
    new_challenge, check_challenge = challenge
    question, token = new_challenge()
    form = form_class(request.POST or None, request.FILES or None, question=question)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("website"):
                raise ValidationError(_("提交失败，请重试。"))
            check_challenge(data["token"], data["answer"])
            result = submit(data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
    if result is not None:
        return form, result
    if request.method == "POST":
        form.data = form.data.copy()
        form.data["token"], form.data["answer"] = token, ""
        form.fields["answer"].label = question
    else:
        form.initial["token"] = token
    return form, None
