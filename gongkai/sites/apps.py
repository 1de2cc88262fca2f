from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "gongkai.sites"
    label = "sites"
    verbose_name = _("网站")

    def ready(self):
        from . import blocks, signals  # noqa: F401  (signals: a changed site or host is seen at once)

        blocks.autodiscover()  # each app's home_blocks.py registers the blocks it can put on a home page
