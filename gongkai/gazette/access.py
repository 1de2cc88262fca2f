"""Every permission-checked fetch of gazette issues, on top of ``gongkai.core.access``.

The gazette is the government's, not a unit's: every staff member reads its issues in the back office,
and only the openness office (公开办, the SUPERVISE capability), which runs the editorial office, adds,
changes, attaches the PDF edition and publishes. An issue out of reach answers 404, one in reach without
the right 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.access import can, is_staff_member
from gongkai.core.actors import is_system
from gongkai.core.roles import Capability

from .models import Article, Issue

# What editing the gazette takes.
WRITE = Capability.SUPERVISE


def may_view(user) -> bool:
    return is_system(user) or is_staff_member(user)


def may_edit(user) -> bool:
    return can(user, WRITE)


def issues_for(user) -> QuerySet[Issue]:
    if not may_view(user):
        return Issue.objects.none()
    return Issue.objects.all()


def get_issue_for_user(user, pk: int, *, write: bool = False) -> Issue:
    issue = issues_for(user).filter(pk=pk).first()
    if issue is None:
        raise Http404
    if write and not may_edit(user):
        raise PermissionDenied
    return issue


def articles_for(user) -> QuerySet[Article]:
    return Article.objects.filter(issue__in=issues_for(user))
