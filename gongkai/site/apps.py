from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "gongkai.site"
    label = "site"
    verbose_name = _("门户网站")
