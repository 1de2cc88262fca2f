"""The workspace's API for staff apps: the signed-in member's to-do list (and, per job, its actions)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from gongkai.core import todo
from gongkai.core.api import staff_auth

router = Router(tags=["staff"])


class TodoOut(Schema):
    kind: str
    title: str
    due_on: dt.date | None
    working_days_left: int | None
    url: str
    unit: str
    note: str
    urgent: bool


@router.get("/staff/todo", response=list[TodoOut], auth=staff_auth, summary="我的待办")
def my_todo(request):
    """What is waiting for the signed-in staff member, most pressing first: items to review, returned
    items, applications and messages by due date, reports to write or review. `url` opens the page in the
    workspace where it is done; `working_days_left` is negative once late."""
    return todo.flat_todo_for(request.auth)
