from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebreportsConfig(AppConfig):
    name = "gongkai.webreports"
    label = "webreports"
    verbose_name = _("网站年度报表")

    def ready(self):
        from . import figures

        figures.autodiscover()
