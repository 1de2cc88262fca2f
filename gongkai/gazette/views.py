"""The gazette archive, an issue's reading view, its PDF, and the RSS of new issues.

The gazette (政府公报) is the publication of the government at the top of the tree (the city): it belongs to
the portal of that government. Its issues carry no publishing unit, so they cannot be divided among portals;
on a county's portal every gazette address moves (302) to the same address on the city's portal, and answers
404 where no portal covers the city."""

from __future__ import annotations

import functools

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import files
from gongkai.core.models import Organization
from gongkai.core.params import chosen_year
from gongkai.sites.scope import elsewhere, site_of_request

from .models import Issue


def _elsewhere(request):
    """None on the portal that publishes the gazette; otherwise the move to it (or 404)."""
    root = getattr(site_of_request(request), "root", None)
    if root is None or root.parent_id is None:
        return None
    top = Organization.objects.filter(pk=int(root.path.strip("/").split("/")[0])).first()
    if top is None:
        raise Http404
    return elsewhere(request, top)


def on_its_portal(view):
    """Serve ``view`` only on the portal that publishes the gazette."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return _elsewhere(request) or view(request, *args, **kwargs)

    return wrapped


@on_its_portal
def index(request):
    issues = Issue.objects.public()
    years = sorted(set(issues.values_list("year", flat=True)), reverse=True)
    year = chosen_year(request, years)
    return render(
        request,
        "gazette/index.html",
        {
            "years": years,
            "year": year,
            "issues": issues.filter(year=year).prefetch_related("articles"),
            "crumbs": [{"label": _("政府公报"), "url": None}],
        },
    )


@on_its_portal
def issue(request, year: int, number: int):
    found = get_object_or_404(Issue.objects.public(), year=year, number=number)
    # Each section once, in the order its first article comes: ``groupby`` over the articles would repeat a
    # section's heading whenever another section's article stands between two of its own.
    sections: dict[str, list] = {}
    for article in found.articles.select_related("item"):
        sections.setdefault(article.section, []).append(article)
    neighbours = Issue.objects.public()
    return render(
        request,
        "gazette/issue.html",
        {
            "issue": found,
            "sections": list(sections.items()),
            "previous": neighbours.filter(overall__lt=found.overall).order_by("-overall").first(),
            "next": neighbours.filter(overall__gt=found.overall).order_by("overall").first(),
            "crumbs": [
                {"label": _("政府公报"), "url": reverse("gazette:index")},
                {"label": found.title, "url": None},
            ],
        },
    )


@on_its_portal
def pdf(request, year: int, number: int):
    found = get_object_or_404(Issue.objects.public(), year=year, number=number)
    if not found.pdf:
        raise Http404
    return files.send(
        found.pdf,
        content_type="application/pdf",
        disposition=f'inline; filename="gazette-{year}-{number:03d}.pdf"',
    )


class IssuesRss(Feed):
    def __call__(self, request, *args, **kwargs):
        return _elsewhere(request) or super().__call__(request, *args, **kwargs)

    title = gettext_lazy("临沂市人民政府公报")
    description = gettext_lazy("政府公报新刊")

    def link(self):
        return reverse("gazette:index")

    def items(self):
        return Issue.objects.public().order_by("-overall").prefetch_related("articles")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return "；".join(a.title for a in item.articles.all())

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return timezone.make_aware(timezone.datetime.combine(item.published_on, timezone.datetime.min.time()))
