"""The workspace home (/manage/): the signed-in staff member's to-do list."""

from __future__ import annotations

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from gongkai.core import todo

from .auth import staff_view


def page(request, template: str, context: dict, *, section: str = ""):
    """Render a workspace page: ``section`` is the menu entry it belongs to."""
    from .navigation import menu

    return TemplateResponse(
        request, template, {"menu": menu(request, section), "section": section, **context}
    )


@staff_view
def home(request):
    groups = todo.todo_for(request.user)
    return page(
        request,
        "workspace/home.html",
        {"groups": groups, "total": sum(len(rows) for _, rows in groups)},
        section="home",
    )


def sign_in(request):
    """``/manage/login/``: the sign-in page (the admin site's two-step sign-in) under its short address."""
    target = reverse("admin:login")
    query = request.META.get("QUERY_STRING")
    return redirect(f"{target}?{query}" if query else target)
