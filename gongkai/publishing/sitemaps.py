from django.contrib.sitemaps import Sitemap

from . import queries
from .models import Column


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return queries.public_items().only("pk", "updated_at", "published_at")

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Column.objects.active().filter(unit__is_active=True).order_by("pk")
