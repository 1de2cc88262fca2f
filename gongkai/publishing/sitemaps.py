from django.contrib.sitemaps import Sitemap

from .models import Column, InformationItem


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return InformationItem.objects.published().only("pk", "updated_at").order_by("-pk")

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Column.objects.active().filter(unit__is_active=True).order_by("pk")
