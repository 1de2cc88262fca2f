"""The sitemap's items and columns: only those of the site the request came in on (``site`` is given per
request by the project's sitemap view; Django writes the URLs with the request's host)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q

from .models import Column, InformationItem


class ScopedSitemap(Sitemap):
    def __init__(self, site=None):
        self.site = site

    def unit_q(self, field: str = "unit") -> Q:
        return self.site.unit_q(field) if self.site is not None else Q()


class ItemSitemap(ScopedSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            InformationItem.objects.published()
            .filter(self.unit_q("unit"))
            .only("pk", "updated_at")
            .order_by("-pk")
        )

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(ScopedSitemap):
    changefreq = "weekly"

    def items(self):
        return Column.objects.active().filter(self.unit_q("unit"), unit__is_active=True).order_by("pk")
