from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["site:home", "site:organizations", "site:calendar", "publishing:index"]

    def location(self, name):
        return reverse(name)
