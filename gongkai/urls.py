from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from gongkai.api import api
from gongkai.publishing.sitemaps import ColumnSitemap, ItemSitemap
from gongkai.site.sitemaps import PageSitemap
from gongkai.sites.views import theme_css

sitemaps = {"pages": PageSitemap, "columns": ColumnSitemap, "items": ItemSitemap}
SCOPED_SITEMAPS = {"columns", "items"}


def _scoped_sitemaps(request) -> dict:
    return {
        name: cls(site=request.site) if name in SCOPED_SITEMAPS else cls for name, cls in sitemaps.items()
    }


def site_sitemap(request, **kwargs):
    """sitemap.xml of the site the request came in on: an index of its sections (pages, columns, and its
    items page by page), so that no answer lists the whole archive and every item is reachable."""
    return sitemap_index(request, sitemaps=_scoped_sitemaps(request), sitemap_url_name="sitemap-section")


def site_sitemap_section(request, section: str):
    """One section of the site's sitemap (``?p=N`` for the items' pages), with the request's host."""
    return sitemap(request, sitemaps=_scoped_sitemaps(request), section=section)


urlpatterns = [
    # The passkey ceremonies of two-factor sign-in (before the back office's catch-all).
    path("manage/two-factor/webauthn/", include("gongkai.core.otp_urls")),
    path("manage/admin/", admin.site.urls),
    path("manage/", include("gongkai.workspace.urls")),
    path("api/v1/", api.urls),
    path("site-theme.css", theme_css, name="site-theme"),
    path("sitemap.xml", site_sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", site_sitemap_section, name="sitemap-section"),
    path("xxgk/", include("gongkai.publishing.urls")),
    path("foi/", include("gongkai.foi.urls")),
    path("reports/", include("gongkai.reports.urls")),
    path("interaction/", include("gongkai.interaction.urls")),
    path("search/", include("gongkai.search.urls")),
    path("policy/", include("gongkai.policy.urls")),
    path("gazette/", include("gongkai.gazette.urls")),
    path("participation/", include("gongkai.participation.urls")),
    path("supervision/", include("gongkai.supervision.urls")),
    # 双随机、一公开 lives beside the other key-area registers in the URL space, in its own app.
    path("registers/inspections/", include("gongkai.spotchecks.urls")),
    path("registers/", include("gongkai.registers.urls")),
    path("datasets/", include("gongkai.datasets.urls")),
    # Issue 23: 办事服务, the new-media registry, the visit beacon and the website annual report.
    path("services/", include("gongkai.guides.urls")),
    path("newmedia/", include("gongkai.newmedia.urls")),
    path("visits/", include("gongkai.visits.urls")),
    path("website-reports/", include("gongkai.webreports.urls")),
    path("", include("gongkai.site.urls")),
]

# Error views: the JSON envelope under /api/, the site's Chinese pages elsewhere.
handler400 = "gongkai.core.error_views.bad_request"
handler404 = "gongkai.core.error_views.page_not_found"
handler500 = "gongkai.core.error_views.server_error"
