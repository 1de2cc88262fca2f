from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScansConfig(AppConfig):
    name = "gongkai.scans"
    label = "scans"
    verbose_name = _("内容巡查")
