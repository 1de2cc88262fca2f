"""The unit's datasets fill its 国民经济和社会发展统计信息 column (Art. 20(4)): each dataset's latest release."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gongkai.publishing import column_sources

from .models import Dataset, Release


def latest_releases(unit, request) -> column_sources.QueryRows:
    latest = Release.objects.filter(dataset=OuterRef("pk")).order_by("-period_start", "-pk")
    datasets = (
        Dataset.objects.active()
        .filter(unit=unit)
        .annotate(
            latest=Subquery(latest.values("period")[:1]),
            latest_at=Subquery(latest.values("published_at")[:1]),
        )
        .filter(latest__isnull=False)
        .order_by("title", "pk")
    )

    def row(dataset: Dataset) -> column_sources.Row:
        return column_sources.Row(
            title=f"{dataset.title}（{dataset.period(dataset.latest).label}）",
            url=reverse("datasets:release", args=[dataset.pk, dataset.latest]),
            date=timezone.localdate(dataset.latest_at),
            note=f"{dataset.get_frequency_display()} · {dataset.due_rule}",
        )

    return column_sources.QueryRows(datasets, row)


column_sources.register(
    "a20-04",
    latest_releases,
    label=gettext_lazy("定期发布的统计数据"),
    more=lambda unit: reverse("datasets:index"),
)
