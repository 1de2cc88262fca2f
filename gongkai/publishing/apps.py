from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = _("主动公开")

    def ready(self):
        from . import column_sources

        column_sources.autodiscover()  # each app's column_sources.py fills the columns it keeps records for
