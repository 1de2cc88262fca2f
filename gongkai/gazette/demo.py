"""Demo: this year's and last year's gazette issues printing the city government's documents, with a PDF edition
rendered from their text (when the machine has a Chinese font)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from gongkai.core.actors import system
from gongkai.core.documents import DocumentUnavailable, html_to_pdf
from gongkai.publishing.models import InformationItem

from . import services
from .models import Article, Issue

FIRST_OVERALL = 420
SECTIONS = {"市政府": "市政府文件", "市政府办公室": "市政府办公室文件"}


@transaction.atomic
def load(report) -> None:
    if Issue.objects.exists():
        return
    today = timezone.localdate()
    overall = FIRST_OVERALL
    for year in (today.year - 1, today.year):
        documents = list(
            InformationItem.objects.published()
            .filter(published_at__year=year, unit__short_name__in=["市政府", "市政府办公室"])
            .exclude(doc_number="")
            .order_by("published_at")
        )
        for number, chunk in enumerate(
            [documents[i : i + 3] for i in range(0, len(documents), 3)][:4], start=1
        ):
            last = timezone.localdate(chunk[-1].published_at)
            issue = Issue.objects.create(
                year=year,
                number=number,
                overall=overall,
                published_on=min(last + dt.timedelta(days=10), today),
            )
            overall += 1
            # As the printed gazette: the government's documents, then its office's, each in date order.
            chunk.sort(key=lambda item: item.unit.short_name != "市政府")
            for order, item in enumerate(chunk, start=1):
                section = SECTIONS[item.unit.short_name]
                Article.objects.create(issue=issue, order=order, section=section, title=item.title,
                                       doc_number=item.doc_number, page=order * 4 - 1, item=item)  # fmt: skip
            html = "".join(f"<h2>{escape(i.title)}</h2><p>{escape(i.doc_number)}</p>{i.body}" for i in chunk)
            try:
                pdf = html_to_pdf(f"<h1>临沂市人民政府公报 {escape(issue.title)}</h1>{html}")
                services.attach_pdf(actor=system("load_demo"), issue=issue, data=pdf, name="edition.pdf")
            except DocumentUnavailable:
                pass
            services.publish_issue(actor=system("load_demo"), issue=issue)
