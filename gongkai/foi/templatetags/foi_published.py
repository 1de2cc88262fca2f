"""The "already published" panel of the workspace's case page (Art. 36(1)): the unit's published items that
match the application, for the staff who may answer it while it may be answered. The case view knows nothing
of it: the panel's template asks this tag, with the request it is rendered for."""

from __future__ import annotations

from django import template

from gongkai.core.access import can
from gongkai.core.roles import Capability

from .. import published

register = template.Library()

SHOWN = 5


@register.simple_tag(takes_context=True)
def published_panel(context, application) -> dict:
    """``{"show": bool, "matches": [...], "query": str, "searched": bool}``: ``query`` is the words tried
    (``?q=`` on the case page, else empty: the description was used)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not published.may_answer(application):
        return {"show": False}
    if not can(user, Capability.EDIT_CONTENT, application.unit):
        return {"show": False}
    query = " ".join(request.GET.get("q", "").split())[:200]
    found = published.matches(application, limit=SHOWN, query=query or None, request=request)
    return {"show": True, "matches": found, "query": query, "searched": bool(query)}
