from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "gongkai.participation"
    label = "participation"
    verbose_name = _("公众参与")

    def ready(self):
        from gongkai.publishing import views as publishing_views

        from . import views

        publishing_views.register_item_panel(views.item_panel)
