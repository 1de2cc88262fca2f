"""Published gazette issues as search finds them (registered with the search app when it is ready)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.search import registry
from gongkai.search.index import BODY_LIMIT
from gongkai.search.models import Kind

from .models import Issue

GAZETTE_SOURCE = "gazette.issue"


def public_issues() -> QuerySet[Issue]:
    return Issue.objects.public().prefetch_related("articles")


def issue_fields(issue: Issue) -> dict:
    contents = "\n".join(f"{a.title} {a.doc_number}" for a in issue.articles.all())
    return {
        "kind": Kind.GAZETTE,
        "url": issue.get_absolute_url(),
        "title": f"临沂市人民政府公报 {issue.title}",
        "keywords": "政府公报",
        "body": f"{contents}\n{issue.pdf_text}"[: BODY_LIMIT * 5],  # a whole issue is long
        "validity": "valid",
        "published_at": timezone.make_aware(dt.datetime.combine(issue.published_on, dt.time.min)),
        "year": issue.year,
    }


registry.register(registry.Source(name=GAZETTE_SOURCE, public=public_issues, render=issue_fields))
