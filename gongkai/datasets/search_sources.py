"""Published releases as search finds them (registered with the search app when it is ready): each period's
table, findable by the dataset's name, the unit and the labels in its rows (e.g. a county's name)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.search import registry
from gongkai.search.index import BODY_LIMIT
from gongkai.search.models import Kind

from .models import Release

RELEASE_SOURCE = "datasets.release"


def public_releases() -> QuerySet[Release]:
    return Release.objects.public().select_related("dataset__key_area")


def release_fields(release: Release) -> dict:
    dataset = release.dataset
    table = "\n".join(" ".join(row) for row in release.rows)
    published = timezone.localtime(release.published_at)
    return {
        "kind": Kind.DATASET,
        "url": release.get_absolute_url(),
        "title": f"{dataset.title}（{release.period_label}）",
        "keywords": " ".join(["数据发布", dataset.get_frequency_display(), *release.column_headings()]),
        "body": f"{dataset.description}\n{release.note}\n{table}"[:BODY_LIMIT],
        "unit": dataset.unit,
        "validity": "valid",
        "key_areas": [dataset.key_area.code] if dataset.key_area else [],
        "published_at": release.published_at,
        "year": published.year,
    }


registry.register(registry.Source(name=RELEASE_SOURCE, public=public_releases, render=release_fields))
