from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "gongkai.inspection"
    label = "inspection"
    verbose_name = _("网站检查")

    def ready(self):
        from . import indicators

        indicators.autodiscover()
