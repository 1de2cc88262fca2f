"""The sitemap's items and columns: only those of the site the request came in on (``site`` is given per
request by the project's sitemap view; Django writes the URLs with the request's host)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.utils.functional import cached_property

from gongkai.core.paging import DeepPaginator

from .models import Column, InformationItem


class ScopedSitemap(Sitemap):
    def __init__(self, site=None):
        self.site = site

    def unit_q(self, field: str = "unit") -> Q:
        return self.site.unit_q(field) if self.site is not None else Q()

    def units_in(self, field: str = "unit_id") -> Q:
        """``unit_q`` as a list of the site's units (a few hundred keys), so that a page of items is read from
        an index of the items alone, without joining every skipped item to its unit."""
        if self.site is None:
            return Q()
        from gongkai.core.models import Organization

        units = Organization.objects.filter(self.site.unit_q("")).values_list("pk", flat=True)
        return Q(**{f"{field}__in": list(units)})


class ItemSitemap(ScopedSitemap):
    changefreq = "monthly"
    limit = 300  # URLs per page of the section (the index lists the pages): each renders in bounded time

    def items(self):
        return (
            InformationItem.objects.published()
            .filter(self.units_in())
            .only("pk", "updated_at")
            .order_by("-pk")
        )

    @cached_property
    def paginator(self):
        # The last page of 100,000 items: the keys through the index, then 300 rows (not 99,700 read and dropped).
        return DeepPaginator(self._items(), self.limit)

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The index would otherwise read every item to find the newest change; each page carries its own.
        return None


class ColumnSitemap(ScopedSitemap):
    changefreq = "weekly"
    limit = 300

    def items(self):
        return Column.objects.active().filter(self.unit_q("unit"), unit__is_active=True).order_by("pk")
