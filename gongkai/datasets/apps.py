from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    name = "gongkai.datasets"
    label = "datasets"
    verbose_name = _("数据发布")
