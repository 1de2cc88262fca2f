from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpotchecksConfig(AppConfig):
    name = "gongkai.spotchecks"
    label = "spotchecks"
    verbose_name = _("双随机一公开")
